"""The penilai's screens of stage 3: the rating grid of a period (all bawahan on one page, a
row saved as soon as a rating changes, bulk finalisation, the kurva panel of each unit) and one
pegawai's evaluation screen (realisasi, bukti and umpan balik beside the rating form).

Reads go through selectors_penilai (404 for what the user may not see), writes through
services (which check the actor, the SKP, the period and its lock). An htmx request gets the
updated row with the kurva panel swapped out of band; a plain POST a redirect back, so the
grid works without JavaScript (one form per row with its own Simpan button).
"""

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.params import tahun_param
from kinerja.core.permissions import DomainError, pegawai_required, role_required
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.pelaksanaan.selectors_realisasi import periode_skp
from kinerja.penilaian import aturan, kurva, services
from kinerja.penilaian import selectors_penilai as selectors
from kinerja.penilaian.forms_penilai import PILIHAN_RATING, EvaluasiForm, NilaiBarisForm
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Pendekatan, Skp

logged_in = role_required(lambda u: True)  # anonymous → login (htmx: HX-Redirect)
BARIS_PER_HALAMAN = 200  # 40 bawahan is common: one page; paginate only the rare huge unit
# The matrix for the client-side preview of the predikat ("hasil|perilaku" -> predikat).
MATRIKS_JSON = json.dumps({f"{h}|{p}": v for (h, p), v in aturan.MATRIKS.items()})


def _user(request: HttpRequest) -> Any:
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _pesan(exc: Exception) -> str:
    return str(exc) or "Anda tidak berhak melakukannya."


def _ke_grid(periode: PeriodePenilaian, anchor: str = "") -> HttpResponse:
    url = f"{reverse('penilaian:nilai')}?periode={periode.pk}"
    return redirect(f"{url}#{anchor}" if anchor else url)


def _rating_context() -> dict[str, Any]:
    return {
        "pilihan_rating": PILIHAN_RATING,
        "matriks_json": MATRIKS_JSON,
    }


# --- The grid --------------------------------------------------------------------------------


@require_GET
@pegawai_required
def nilai(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    periods, periode = selectors.periode_dipilih(
        user, request.GET.get("periode", ""), tahun_param(request), timezone.localdate()
    )
    grid = selectors.grid_nilai(user, periode)
    rows: Any = grid.rows
    page = None
    if len(grid.rows) > BARIS_PER_HALAMAN:
        page = Paginator(grid.rows, BARIS_PER_HALAMAN).get_page(request.GET.get("page"))
        rows = page.object_list
    context = {
        "periods": periods,
        "periode": periode,
        "grid": grid,
        "rows": rows,
        "page": page,
        "kunci": grid.kunci,
        "read_only": grid.kunci.periode_terkunci and not grid.ada_yang_terbuka,
        "belum_berakhir": periode.selesai >= timezone.localdate(),
        **_rating_context(),
    }
    return render(request, "penilaian/penilai_nilai.html", context)


@require_POST
@logged_in
def nilai_baris(request: HttpRequest) -> HttpResponse:
    """Save one row's ratings (services.nilai). htmx: the row and its unit's kurva panel."""
    user = _user(request)
    skp, _ = selectors.skp_untuk_penilai(user, _int(request.POST.get("skp")), ubah=True)
    periode = selectors.periode_atau_404(user, request.POST.get("periode"))
    form = NilaiBarisForm(request.POST)
    pesan = ""
    if not form.is_valid():
        pesan = "Rating tidak valid; pilih salah satu rating yang tersedia."
    else:
        try:
            services.nilai(
                user,
                skp,
                periode,
                rating_hasil_kerja=form.rating("rating_hasil_kerja"),
                rating_perilaku=form.rating("rating_perilaku"),
            )
        except (DomainError, PermissionDenied) as exc:
            pesan = _pesan(exc)
    nama = skp.pegawai.nama_lengkap
    if not _htmx(request):
        if pesan:
            messages.error(request, f"{nama}: {pesan}")
        else:
            messages.success(request, f"Penilaian {nama} disimpan.")
        return _ke_grid(periode, f"baris-{skp.pk}")
    return _baris_htmx(request, skp, periode, pesan)


def _int(value: Any) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else 0


def _baris_htmx(request: HttpRequest, skp: Skp, periode: PeriodePenilaian, pesan: str) -> Any:
    grid = selectors.grid_nilai(_user(request), periode, panels=False)
    baris = grid.baris(skp.pk)
    if baris is None:  # not a bawahan of the grid (the Admin Instansi rating the top)
        baris = selectors.baris_nilai([skp], periode, grid.kunci, grid.pengaturan)[0]
    baris.pesan, baris.tersimpan = pesan, not pesan
    panels = [grid.panel(baris.organisasi)] if baris.organisasi is not None else []
    context = {"baris": baris, "periode": periode, "panels": panels, **_rating_context()}
    return render(request, "penilaian/penilai_baris_htmx.html", context)


@require_POST
@pegawai_required
def finalkan(request: HttpRequest) -> HttpResponse:
    """Finalise the checked rows (services.finalkan: all or nothing), then back to the grid."""
    user = _user(request)
    periode = selectors.periode_atau_404(user, request.POST.get("periode"))
    ids = {_int(x) for x in request.POST.getlist("pilih")}
    grid = selectors.grid_nilai(user, periode, panels=False)
    chosen = [b for b in grid.rows if b.skp.pk in ids]
    belum = [b.pegawai.nama_lengkap for b in chosen if b.evaluasi is None]
    if not chosen:
        messages.error(request, "Pilih pegawai yang penilaiannya akan difinalkan.")
    elif belum:
        messages.error(
            request, f"Belum dinilai: {', '.join(belum)}. Isi kedua rating sebelum finalisasi."
        )
    else:
        evaluasi: list[Evaluasi] = [b.evaluasi for b in chosen if b.evaluasi is not None]
        try:
            services.finalkan(user, evaluasi)
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, f"Tidak ada yang difinalkan. {_pesan(exc)}")
        else:
            messages.success(
                request,
                f"{len(evaluasi)} penilaian difinalkan; pegawai yang dinilai telah diberi tahu.",
            )
    return _ke_grid(periode)


# --- One pegawai's evaluation screen ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@logged_in
def evaluasi_nilai(request: HttpRequest, skp_id: int, periode_id: int) -> HttpResponse:
    """The penilai rates here with everything in view; the atasan penilai and the Admin
    Instansi read. A revision no longer in force sends to the one in force."""
    user = _user(request)
    skp, boleh_ubah = selectors.skp_untuk_penilai(user, skp_id)
    periode = selectors.periode_skp_atau_404(user, skp, periode_id)
    if not skp.berlaku:
        current = selectors.revisi_berlaku(skp)
        if current is not None and current.pk != skp.pk:
            return redirect("penilaian:evaluasi_nilai", current.pk, periode.pk)
    if request.method == "POST" and not boleh_ubah:
        raise Http404  # readers get no form: answered like anything they may not change
    layar = _layar(skp, periode, boleh_ubah)
    form = _form(layar, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = _simpan(request, skp, periode, form)
        if done:
            return redirect("penilaian:evaluasi_nilai", skp.pk, periode.pk)
    return render(request, "penilaian/penilai_evaluasi.html", {**layar, "form": form})


def _layar(skp: Skp, periode: PeriodePenilaian, boleh_ubah: bool) -> dict[str, Any]:
    pengaturan = services.pengaturan_of(skp.instansi_id)
    konfigurasi = services.konfigurasi_of(pengaturan)
    kunci = selectors.kunci_penilaian(periode, zona=skp.instansi.zona_waktu)
    baris = selectors.baris_nilai([skp], periode, kunci, pengaturan)[0]
    panel = None
    if baris.organisasi is not None:
        saya = {skp.pegawai_id: baris.predikat} if baris.predikat else {}
        panel = selectors.konteks_panel(
            kurva.panel_kurva(baris.organisasi, konfigurasi), konfigurasi, saya
        )
    ev = baris.evaluasi
    return {
        "skp": skp,
        "periode": periode,
        "periods": periode_skp(skp),
        "baris": baris,
        "evaluasi": ev,
        "snapshot": ev.snapshot if ev and ev.snapshot else skp.snapshot,
        "konten": selectors.konten_evaluasi(skp, periode),
        "kunci": kunci,
        "batas_teks": kunci.teks(baris.batas),
        "boleh_ubah": boleh_ubah and baris.boleh_ubah and skp.berlaku,
        "penilai": boleh_ubah,
        "tidak_berlaku": not skp.berlaku,
        "kuantitatif": skp.pendekatan == Pendekatan.KUANTITATIF,
        "panel_kurva": panel,
        "panduan_hasil": _panduan(aturan.PANDUAN_HASIL_KERJA),
        "panduan_perilaku": _panduan(aturan.PANDUAN_PERILAKU),
        # The umpan balik threads are read here; replies are written on the realisasi page.
        "may_reply": False,
        "may_comment": False,
        **_rating_context(),
    }


def _panduan(teks: dict[aturan.Rating, str]) -> list[tuple[str, str, str]]:
    return [(r.value, r.label, teks[r]) for r in aturan.Rating]


@dataclass
class Blok:
    """An RHK or a BerAKHLAK value with the penilai's umpan balik field and saved text."""

    isi: Any
    field: BoundField
    teks: str


def _form(layar: dict[str, Any], data: Any) -> EvaluasiForm:
    konten: selectors.KontenEvaluasi = layar["konten"]
    ev: Evaluasi | None = layar["evaluasi"]
    ub_rhk = ev.umpan_balik_rhk if ev else {}
    ub_perilaku = ev.umpan_balik_perilaku if ev else {}
    kunci = [str(r.rhk.kunci) for r in konten.rhk_utama + konten.rhk_tambahan]
    nilai_ids = [b.perilaku.nilai_id for b in konten.perilaku]
    initial: dict[str, Any] = {}
    if ev is not None:
        initial = {
            "rating_hasil_kerja": ev.rating_hasil_kerja,
            "rating_perilaku": ev.rating_perilaku,
            "catatan": ev.catatan,
            **{f"ub_rhk_{k}": v for k, v in ub_rhk.items()},
            **{f"ub_perilaku_{k}": v for k, v in ub_perilaku.items()},
        }
    form = EvaluasiForm(
        data, initial=initial, kunci_rhk=kunci, nilai_ids=nilai_ids, jpt=layar["skp"].is_jpt
    )

    def rhk_blok(rows: list[Any]) -> list[Blok]:
        return [
            Blok(r, form[f"ub_rhk_{r.rhk.kunci}"], ub_rhk.get(str(r.rhk.kunci), "")) for r in rows
        ]

    layar["blok_utama"] = rhk_blok(konten.rhk_utama)
    layar["blok_tambahan"] = rhk_blok(konten.rhk_tambahan)
    layar["blok_perilaku"] = [
        Blok(
            b,
            form[f"ub_perilaku_{b.perilaku.nilai_id}"],
            ub_perilaku.get(str(b.perilaku.nilai_id), ""),
        )
        for b in konten.perilaku
    ]
    return form


def _simpan(request: HttpRequest, skp: Skp, periode: PeriodePenilaian, form: EvaluasiForm) -> bool:
    """Save (and with "Simpan & finalkan" finalise); True when the page may redirect."""
    user = _user(request)
    if not form.is_valid():
        messages.error(request, "Periksa isian: ada teks yang terlalu panjang.")
        return False
    try:
        ev = services.nilai(
            user,
            skp,
            periode,
            rating_hasil_kerja=form.hasil_kerja_dipilih(),
            rating_perilaku=form.cleaned_data["rating_perilaku"],
            umpan_balik_rhk=form.umpan_balik_rhk(),
            umpan_balik_perilaku=form.umpan_balik_perilaku(),
            catatan=form.cleaned_data["catatan"],
        )
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, _pesan(exc))
        return False
    if request.POST.get("aksi") != "finalkan":
        messages.success(request, "Penilaian disimpan sebagai draf.")
        return True
    ev.periode = periode
    try:
        services.finalkan(user, [ev])
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, f"Penilaian disimpan, tetapi belum dapat difinalkan. {_pesan(exc)}")
    else:
        messages.success(request, "Penilaian difinalkan; pegawai yang dinilai telah diberi tahu.")
    return True


urlpatterns: list[URLPattern] = [
    path("nilai/", nilai, name="nilai"),
    path("nilai/baris/", nilai_baris, name="nilai_baris"),
    path("nilai/finalkan/", finalkan, name="finalkan"),
    path("nilai/<int:skp_id>/<int:periode_id>/", evaluasi_nilai, name="evaluasi_nilai"),
]
