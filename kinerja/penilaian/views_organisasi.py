"""Views of the predikat kinerja organisasi and the kurva distribusi (domain.md §5):

- `organisasi`: the units whose predikat the user sets for a period (Admin Instansi: every
  unit; a leader: the sub-units of the units they lead), saved per row (htmx or plain POST).
- `kurva`: the calibration view of one unit holding a predikat: the live distribution against
  the allowed bands and "who sits where" in its population.
- `distribusi`: the Admin Instansi's check of every unit holding a predikat for the period.
- `pengaturan`: the Admin Instansi's configuration of stage 3.

Reads go through selectors_organisasi (404 for what the user may not see), writes through
services; a refusal is shown where it happened, nothing written.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required, role_required
from kinerja.pelaksanaan import selectors_pemantauan
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import aturan, kurva, services
from kinerja.penilaian import selectors_organisasi as sel
from kinerja.penilaian.forms_organisasi import (
    KinerjaOrganisasiForm,
    PengaturanForm,
    nilai_awal,
    nilai_bawaan,
)
from kinerja.penilaian.selectors_penilai import konteks_panel
from kinerja.perencanaan.forms import errors_of

PER_HALAMAN = 50

logged_in = role_required(lambda u: True)  # anonymous → login (htmx: HX-Redirect)


def _user(request: HttpRequest) -> Any:
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _periode(request: HttpRequest, instansi_id: int) -> tuple[PeriodePenilaian, list[Any]]:
    """?periode= among the periods one may look at (404 otherwise), default the current one."""
    return selectors_pemantauan.pilih_periode(
        instansi_id, sel.hari_ini(), request.GET.get("periode")
    )


# --- Predikat Kinerja Organisasi -------------------------------------------------------------


@require_GET
@logged_in
def organisasi(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    q = request.GET.get("q", "").strip()
    units = sel.unit_untuk_ditetapkan(user, sel.hari_ini(), q)
    periode, pilihan = _periode(request, user.instansi_id)
    page = paginate(request, units, PER_HALAMAN)
    if not user.is_admin_instansi and not q and not page.paginator.count:
        raise Http404  # leads only units without sub-units: nothing to set here
    rows = sel.baris_organisasi(user.instansi_id, periode, list(page.object_list))
    return render(
        request,
        "penilaian/organisasi_daftar.html",
        {
            "periode": periode,
            "pilihan": pilihan,
            "page": page,
            "rows": rows,
            "q": q,
            "admin": bool(user.is_admin_instansi),
            "predikat_list": aturan.PredikatOrganisasi.values,
        },
    )


def _kembali(periode: PeriodePenilaian, q: str, page: str) -> str:
    params = {"periode": periode.pk, "q": q, "page": page if page.isdigit() else ""}
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse('penilaian:organisasi')}?{query}"


@require_POST
@logged_in
def organisasi_tetapkan(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Set a unit's predikat for the period. htmx gets the row back with the result."""
    user = _user(request)
    unit = sel.unit_of(user, unit_id)
    periode = sel.periode_of(user, request.POST.get("periode", ""))
    if not services.boleh_tetapkan_organisasi(user, unit, sel.hari_ini()):
        raise Http404
    form = KinerjaOrganisasiForm(request.POST)
    error = pesan = ""
    if form.is_valid():
        predikat = form.cleaned_data["predikat"]
        try:
            services.tetapkan_kinerja_organisasi(
                user, unit, periode, predikat, form.cleaned_data["catatan"]
            )
        except (DomainError, PermissionDenied) as exc:
            error = str(exc)
        else:
            pesan = f"Predikat kinerja organisasi {unit.nama} untuk {periode}: {predikat}."
    else:
        error = errors_of(form)
    q, page = request.POST.get("q", ""), request.POST.get("page", "")
    if _htmx(request):
        row = sel.baris_satu(unit, periode)
        row.error, row.pesan = error, pesan
        if error:  # keep what was typed, so it can be corrected
            row.isian = {k: request.POST.get(k, "") for k in ("predikat", "catatan")}
        context = {"row": row, "periode": periode, "q": q, "page_number": page}
        context["predikat_list"] = aturan.PredikatOrganisasi.values
        return render(request, "penilaian/organisasi_baris.html", context)
    if error:
        messages.error(request, f"{unit.nama}: {error}")
    else:
        messages.success(request, pesan)
    return redirect(_kembali(periode, q, page))


# --- Calibration view of one unit ------------------------------------------------------------


@require_GET
@logged_in
def kurva_unit(request: HttpRequest, unit_id: int, periode_id: int) -> HttpResponse:
    """The unit holding the predikat organisasi covering `unit_id` (a unit without its own is
    redirected to it). The Admin Instansi and leaders of the unit or above see every name; a
    penilai with bawahan in the population sees the chart and only their own bawahan."""
    user = _user(request)
    unit = sel.unit_of(user, unit_id)
    periode = sel.periode_of(user, periode_id)
    org = sel.organisasi_terdekat(unit, periode)
    target = org.unor if org is not None else unit
    pimpinan = sel.akses_pimpinan(user, target, sel.hari_ini())
    orang: list[sel.Orang] | None = None
    if not pimpinan:
        orang = sel.populasi(target, periode)
        if not sel.punya_bawahan(orang, user.pegawai_id):
            raise Http404
    if target.pk != unit.pk:
        return redirect("penilaian:kurva", target.pk, periode.pk)
    if orang is None:
        orang = sel.populasi(target, periode)
    akses = sel.Akses(lihat_semua=pimpinan, saya=user.pegawai_id)
    context: dict[str, Any] = {"panel": None}
    if org is not None:
        konfig = kurva.konfigurasi(unit.instansi_id)
        panel = sel.panel_dari(org, sel.jumlah_predikat(orang), konfig)
        # The panel of the penilai's pages: chart, rules, next-choice effects; the viewer's
        # own rated bawahan drawn darker.
        context = konteks_panel(panel, konfig, sel.dinilai_saya(orang, user.pegawai_id))
    return render(
        request,
        "penilaian/kurva_unit.html",
        {
            **context,
            "unit": unit,
            "periode": periode,
            "organisasi": org,
            "kelompok": sel.kelompokkan(orang, akses),
            "total": len(orang),
            "akses": akses,
            "bawahan_saya": sel.bawahan_saya(orang, user.pegawai_id),
            "boleh_tetapkan": pimpinan
            and services.boleh_tetapkan_organisasi(user, unit, sel.hari_ini()),
        },
    )


# --- Distribution check over the instansi ----------------------------------------------------


@require_GET
@admin_instansi_required
def distribusi(request: HttpRequest) -> HttpResponse:
    """Every unit holding a predikat organisasi for the period, its distribution and the rules
    it breaks (?hanya=gagal: only those)."""
    user = _user(request)
    periode, pilihan = _periode(request, user.instansi_id)
    rows = kurva.distribusi_instansi(user.instansi_id, periode)
    total = sel.total_dari(rows)
    hanya_gagal = request.GET.get("hanya") == "gagal"
    if hanya_gagal:
        rows = [r for r in rows if r.hasil.pelanggaran]
    return render(
        request,
        "penilaian/kurva_distribusi.html",
        {
            "periode": periode,
            "pilihan": pilihan,
            "rows": rows,
            "total": total,
            "hanya_gagal": hanya_gagal,
            "pengaturan": services.pengaturan_of(user.instansi_id),
            "predikat_list": aturan.Predikat.values,
        },
    )


# --- Pengaturan Penilaian --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def pengaturan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    row = services.pengaturan_of(user.instansi_id)
    if request.method != "POST":
        form = PengaturanForm(initial=nilai_awal(row))
        return _render_pengaturan(request, form, row)
    if request.POST.get("aksi") == "bawaan":
        data = nilai_bawaan()
        sukses = "Pengaturan penilaian dikembalikan ke bawaan."
        form = PengaturanForm(initial=nilai_awal(row))
    else:
        form = PengaturanForm(request.POST)
        if not form.is_valid():
            return _render_pengaturan(request, form, row)
        data = form.data_layanan()
        sukses = "Pengaturan penilaian disimpan."
    try:
        services.simpan_pengaturan(user, user.instansi_id, **data)
    except (DomainError, PermissionDenied) as exc:
        form.add_error(None, str(exc))
        return _render_pengaturan(request, form, row)
    messages.success(request, sukses)
    return redirect("penilaian:pengaturan")


def _render_pengaturan(request: HttpRequest, form: PengaturanForm, row: Any) -> HttpResponse:
    return render(
        request,
        "penilaian/pengaturan_form.html",
        {
            "form": form,
            "pengaturan": row,
            "tersimpan": row.pk is not None,
            "bawaan": nilai_bawaan(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("organisasi/", organisasi, name="organisasi"),
    path("organisasi/<int:unit_id>/", organisasi_tetapkan, name="organisasi_tetapkan"),
    path("kurva/<int:unit_id>/<int:periode_id>/", kurva_unit, name="kurva"),
    path("distribusi/", distribusi, name="distribusi"),
    path("pengaturan/", pengaturan, name="pengaturan"),
]
