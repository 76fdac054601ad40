"""The realisasi page of one SKP in one period: rencana aksi per RHK, realisasi per IKI with its
bukti dukung, and the umpan balik threads under each RHK, realisasi and perilaku value.

The pegawai fills their own (until the period's pengisian deadline); their penilai reads and
comments; the atasan penilai and the Admin Instansi read. Every endpoint finds its object
through the instansi-scoped selectors (404 for what the user may not see), writes through a
service, and answers an htmx request with the updated RHK (or perilaku) block and a plain POST
with a redirect back to the page, so the page works without JavaScript.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.permissions import DomainError, pegawai_required, role_required
from kinerja.pelaksanaan import berkas, jadwal
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan import selectors_realisasi as selectors
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan.forms_realisasi import (
    RealisasiForm,
    RencanaAksiForm,
    TautanForm,
    UmpanBalikForm,
)
from kinerja.pelaksanaan.models import PeriodePenilaian, Realisasi, UntukBatas
from kinerja.perencanaan import rules
from kinerja.perencanaan.forms import errors_of
from kinerja.perencanaan.models import PerilakuKerja, Skp

logged_in = role_required(lambda u: True)  # anonymous → login (htmx: HX-Redirect)


def _user(request: HttpRequest) -> Any:
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


# --- Entry points ----------------------------------------------------------------------------


@require_GET
@pegawai_required
def realisasi_saya(request: HttpRequest) -> HttpResponse:
    """The pegawai's own SKP in force this year; without one, says what to do first."""
    user, tahun = _user(request), timezone.localdate().year
    skp = selectors.skp_berlaku(user.instansi_id, user.pegawai_id, tahun)
    if skp is not None:
        return redirect("pelaksanaan:realisasi_skp", pk=skp.pk)
    return render(request, "pelaksanaan/realisasi_saya.html", {"tahun": tahun})


# --- The page --------------------------------------------------------------------------------


def _periods(request: HttpRequest, skp: Skp) -> tuple[list[PeriodePenilaian], PeriodePenilaian]:
    periods = selectors.periode_skp(skp)
    pilihan = request.GET.get("periode") or request.POST.get("periode") or ""
    terpilih = selectors.pilih_periode(periods, pilihan, timezone.localdate())
    if terpilih is None:
        raise Http404  # an SKP always spans at least the Tahunan period
    return periods, terpilih


def _peran(user: Any, skp: Skp, periode: PeriodePenilaian) -> dict[str, Any]:
    """What the viewer may do here, and the lock as the pegawai would be told it."""
    batas = periode_mod.batas_efektif(periode, UntukBatas.PENGISIAN, skp.pegawai)
    zona = skp.instansi.zona_waktu
    kunci = jadwal.sudah_lewat(batas, zona, timezone.now())
    pemilik, penilai = rules.is_pemilik(user, skp), rules.is_penilai(user, skp)
    aktif = skp.berlaku or skp.terkini
    return {
        "pemilik": pemilik,
        "penilai": penilai,
        "may_edit": pemilik and aktif and not kunci,
        "may_comment": penilai,
        "may_reply": pemilik or penilai,
        "kunci": kunci,
        "skp_lama": not aktif,
        "batas": jadwal.format_batas(batas, zona),
        "kuantitatif": services.kuantitatif(skp),
        "batas_berkas": settings.BERKAS_MAX_BYTES,
    }


def _context(user: Any, skp: Skp, periode: PeriodePenilaian, **extra: Any) -> dict[str, Any]:
    content = selectors.konten(skp, periode)
    return {
        "skp": skp,
        "periode": periode,
        **_peran(user, skp, periode),
        "rhk_rows": content["rhk_rows"],
        "perilaku_rows": selectors.perilaku_rows(skp, content["utas"]),
        **extra,
    }


@require_GET
@logged_in
def realisasi_skp(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    periods, periode = _periods(request, skp)
    context = _context(user, skp, periode, periods=periods)
    return render(request, "pelaksanaan/realisasi_skp.html", context)


# --- Answers of the row endpoints ------------------------------------------------------------


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc) or "Anda tidak berhak melakukannya.")
    else:
        messages.success(request, success)


def _rhk_block(
    request: HttpRequest, skp: Skp, periode: PeriodePenilaian, rhk_id: int
) -> HttpResponse:
    """htmx: the RHK's block with its messages; otherwise back to the page at that RHK."""
    if not _htmx(request):
        return _back(skp, periode, f"rhk-{rhk_id}")
    rows = selectors.konten(skp, periode, rhk_id=rhk_id)["rhk_rows"]
    if not rows:  # the RHK is gone (deleted in a revision meanwhile): reload the page
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {
        "skp": skp,
        "periode": periode,
        **_peran(_user(request), skp, periode),
        "row": rows[0],
        "htmx": True,
    }
    return render(request, "pelaksanaan/realisasi_rhk.html", context)


def _perilaku_block(request: HttpRequest, skp: Skp, periode: PeriodePenilaian) -> HttpResponse:
    if not _htmx(request):
        return _back(skp, periode, "perilaku")
    context = {
        "skp": skp,
        "periode": periode,
        **_peran(_user(request), skp, periode),
        "perilaku_rows": selectors.perilaku_rows(skp),
        "htmx": True,
    }
    return render(request, "pelaksanaan/realisasi_perilaku.html", context)


def _back(skp: Skp, periode: PeriodePenilaian, anchor: str) -> HttpResponse:
    url = reverse("pelaksanaan:realisasi_skp", args=[skp.pk])
    return redirect(f"{url}?periode={periode.pk}#{anchor}")


def _periode_of(request: HttpRequest, skp: Skp) -> PeriodePenilaian:
    """The period a form names (hidden field), within the SKP; else the page's default."""
    return _periods(request, skp)[1]


# --- Rencana aksi ----------------------------------------------------------------------------


@require_POST
@logged_in
def rencana_aksi_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rhk = selectors.rhk_for_user(user, pk)
    periode = _periode_of(request, rhk.skp)
    form = RencanaAksiForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _act(
            request,
            lambda: services.simpan_rencana_aksi(
                user, rhk, periode, d["uraian"], d["target"], d["satuan"]
            ),
            "Rencana aksi ditambahkan.",
        )
    else:
        messages.error(request, errors_of(form))
    return _rhk_block(request, rhk.skp, periode, rhk.pk)


@require_POST
@logged_in
def rencana_aksi_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.rencana_aksi_for_user(user, pk)
    form = RencanaAksiForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _act(
            request,
            lambda: services.ubah_rencana_aksi(user, row, d["uraian"], d["target"], d["satuan"]),
            "Rencana aksi diperbarui.",
        )
    else:
        messages.error(request, errors_of(form))
    return _rhk_block(request, row.rhk.skp, row.periode, row.rhk_id)


@require_POST
@logged_in
def rencana_aksi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = selectors.rencana_aksi_for_user(user, pk)
    _act(request, lambda: services.hapus_rencana_aksi(user, row), "Rencana aksi dihapus.")
    return _rhk_block(request, row.rhk.skp, row.periode, row.rhk_id)


# --- Realisasi and bukti ---------------------------------------------------------------------


@require_POST
@logged_in
def realisasi_isi(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill (or change) the realisasi of an IKI in the period the form names."""
    user = _user(request)
    iki = selectors.iki_for_user(user, pk)
    skp = iki.rhk.skp
    periode = _periode_of(request, skp)
    form = RealisasiForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _act(
            request,
            lambda: services.isi_realisasi(user, iki, periode, d["nilai"], d["uraian"]),
            "Realisasi disimpan.",
        )
    else:
        messages.error(request, errors_of(form))
    return _rhk_block(request, skp, periode, iki.rhk_id)


@require_POST
@logged_in
def bukti_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file or add a link as bukti of a realisasi."""
    user = _user(request)
    realisasi = selectors.realisasi_for_user(user, pk)
    form = TautanForm(request.POST)
    tautan = form.cleaned_data["tautan"] if form.is_valid() else request.POST.get("tautan", "")
    upload = request.FILES.get("berkas")
    _act(
        request,
        lambda: services.tambah_bukti(user, realisasi, upload, tautan),
        "Bukti dukung ditambahkan.",
    )
    return _rhk_block(request, realisasi.skp, realisasi.periode, realisasi.iki.rhk_id)


@require_POST
@logged_in
def bukti_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    bukti = selectors.bukti_for_user(user, pk)
    realisasi = bukti.realisasi
    _act(request, lambda: services.hapus_bukti(user, bukti), "Bukti dukung dihapus.")
    rhk_id = realisasi.iki.rhk_id
    return _rhk_block(request, realisasi.skp, realisasi.periode, rhk_id)


@require_GET
@logged_in
def bukti_unduh(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file, only for those who may see the SKP (404 for anyone else)."""
    bukti = selectors.bukti_for_user(_user(request), pk)
    return berkas.unduh(bukti)


# --- Umpan balik -----------------------------------------------------------------------------


def _sasaran(user: Any, skp: Skp, data: dict[str, Any]) -> services.Sasaran:
    """What a new comment is about: an RHK, a realisasi or a perilaku value of this SKP."""
    found: services.Sasaran | None = None
    if data.get("realisasi"):
        found = selectors.realisasi_for_user(user, data["realisasi"])
    elif data.get("perilaku"):
        found = selectors.perilaku_for_user(user, data["perilaku"])
    elif data.get("rhk"):
        found = selectors.rhk_for_user(user, data["rhk"])
    if found is None or found.skp_id != skp.pk:
        raise DomainError("Pilih RHK, realisasi, atau perilaku dari SKP ini yang dikomentari.")
    return found


def _block_for(request: HttpRequest, skp: Skp, sasaran: services.Sasaran | None) -> HttpResponse:
    """The block a comment appears in: its RHK (a realisasi's RHK) or the perilaku table."""
    if isinstance(sasaran, PerilakuKerja):
        return _perilaku_block(request, skp, _periode_of(request, skp))
    if isinstance(sasaran, Realisasi):
        return _rhk_block(request, skp, sasaran.periode, sasaran.iki.rhk_id)
    if sasaran is not None:
        return _rhk_block(request, skp, _periode_of(request, skp), sasaran.pk)
    return _back(skp, _periode_of(request, skp), "hasil-kerja")


@require_POST
@logged_in
def umpan_balik_kirim(request: HttpRequest, pk: int) -> HttpResponse:
    """The penilai starts a thread on an RHK, a realisasi or a perilaku value of the SKP."""
    user = _user(request)
    skp = selectors.skp_for_user(user, pk)
    form = UmpanBalikForm(request.POST)
    sasaran: services.Sasaran | None = None
    if not form.is_valid():
        messages.error(request, errors_of(form))
    else:
        try:
            sasaran = _sasaran(user, skp, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            target = sasaran
            _act(
                request,
                lambda: services.kirim_umpan_balik(user, skp, target, form.cleaned_data["isi"]),
                "Umpan balik dikirim; pegawai diberi tahu.",
            )
    return _block_for(request, skp, sasaran)


@require_POST
@logged_in
def umpan_balik_balas(request: HttpRequest, pk: int) -> HttpResponse:
    """A reply (by the pegawai or the penilai) to a thread."""
    user = _user(request)
    induk = selectors.umpan_balik_for_user(user, pk)
    form = UmpanBalikForm(request.POST)
    isi = form.cleaned_data["isi"] if form.is_valid() else ""
    _act(
        request,
        lambda: services.balas_umpan_balik(user, induk, isi),
        "Balasan dikirim.",
    )
    return _block_for(request, induk.skp, services.sasaran_of(induk))


urlpatterns: list[URLPattern] = [
    path("realisasi/", realisasi_saya, name="realisasi_saya"),
    path("realisasi/skp/<int:pk>/", realisasi_skp, name="realisasi_skp"),
    path("realisasi/rhk/<int:pk>/rencana-aksi/", rencana_aksi_tambah, name="rencana_aksi_tambah"),
    path("realisasi/rencana-aksi/<int:pk>/ubah/", rencana_aksi_ubah, name="rencana_aksi_ubah"),
    path("realisasi/rencana-aksi/<int:pk>/hapus/", rencana_aksi_hapus, name="rencana_aksi_hapus"),
    path("realisasi/iki/<int:pk>/", realisasi_isi, name="realisasi_isi"),
    path("realisasi/<int:pk>/bukti/", bukti_tambah, name="bukti_tambah"),
    path("realisasi/bukti/<int:pk>/hapus/", bukti_hapus, name="bukti_hapus"),
    path("realisasi/bukti/<int:pk>/unduh/", bukti_unduh, name="bukti_unduh"),
    path("realisasi/skp/<int:pk>/umpan-balik/", umpan_balik_kirim, name="umpan_balik_kirim"),
    path("realisasi/umpan-balik/<int:pk>/balas/", umpan_balik_balas, name="umpan_balik_balas"),
]
