"""Public application form and status page (no login), and the Admin Nasional's review."""

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_nasional_required
from kinerja.pelaksanaan.berkas import unduh
from kinerja.pendaftaran import selectors, services
from kinerja.pendaftaran.forms import (
    CariForm,
    CatatanForm,
    FilterForm,
    PerbaikanForm,
    PermohonanForm,
    SetujuiForm,
    TolakForm,
)
from kinerja.pendaftaran.models import (
    MENUNGGU_TINJAUAN,
    PermohonanInstansi,
    StatusPermohonan,
)

# The application an anonymous visitor proved to be theirs (number + e-mail), by pk and e-mail.
SESI = "pendaftaran_permohonan"


def formulir(request: HttpRequest) -> HttpResponse:
    form = PermohonanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            permohonan = services.ajukan_permohonan(data, data["surat"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            # Shown here, not after a redirect: a reload would be refused as a duplicate.
            return render(request, "pendaftaran/terkirim.html", {"p": permohonan})
    return render(request, "pendaftaran/formulir.html", {"form": form})


# Failed lookups per client address: the number is random and paired with the e-mail, but a
# public form must not let anyone try without end. In the shared cache (Redis in production).
GAGAL_MAKS = 10
GAGAL_JENDELA = 15 * 60  # seconds
TERLALU_SERING = (
    "Terlalu banyak percobaan yang tidak cocok dari alamat ini. Coba lagi 15 menit lagi, atau "
    "periksa nomor permohonan di e-mail tanda terima."
)


def _kunci_gagal(request: HttpRequest) -> str:
    return f"pendaftaran:cari-gagal:{request.META.get('REMOTE_ADDR', '')}"


def _terlalu_sering(request: HttpRequest) -> bool:
    return int(cache.get(_kunci_gagal(request), 0)) >= GAGAL_MAKS


def _catat_gagal(request: HttpRequest) -> None:
    if not cache.add(_kunci_gagal(request), 1, GAGAL_JENDELA):
        cache.incr(_kunci_gagal(request))


def status(request: HttpRequest) -> HttpResponse:
    """Look an application up by number and e-mail; show its status and history, and the
    correction form while it is returned for correction."""
    aksi = request.POST.get("aksi") if request.method == "POST" else None
    if aksi == "keluar":
        request.session.pop(SESI, None)
        return redirect("pendaftaran:status")
    cari = CariForm(request.POST if aksi == "cari" else None)
    if aksi == "cari" and cari.is_valid():
        if _terlalu_sering(request):
            cari.add_error(None, TERLALU_SERING)
        else:
            nomor, email_cari = cari.cleaned_data["nomor"], cari.cleaned_data["email"]
            found = services.cari_permohonan(nomor, email_cari)
            if found is not None:
                request.session[SESI] = {"pk": found.pk, "email": email_cari}
                return redirect("pendaftaran:status")
            _catat_gagal(request)
            cari.add_error(None, "Nomor permohonan dan e-mail pemohon tidak cocok.")
    permohonan, email = _milik_pengunjung(request)
    if permohonan is None:
        return render(request, "pendaftaran/status_cari.html", {"form": cari})
    perbaikan = None
    if permohonan.status == StatusPermohonan.PERLU_PERBAIKAN:
        perbaikan = PerbaikanForm(
            request.POST if aksi == "perbaiki" else None,
            request.FILES if aksi == "perbaiki" else None,
            initial={k: getattr(permohonan, k) for k in services.KOLOM_PERBAIKAN},
        )
        if aksi == "perbaiki" and perbaikan.is_valid():
            data = perbaikan.cleaned_data
            try:
                services.perbaiki_permohonan(permohonan, email, data, data.get("surat"))
            except DomainError as exc:
                perbaikan.add_error(None, str(exc))
            else:
                messages.success(request, "Perbaikan terkirim; permohonan ditinjau kembali.")
                return redirect("pendaftaran:status")
    riwayat = list(permohonan.riwayat.all())
    return render(
        request,
        "pendaftaran/status.html",
        {"p": permohonan, "riwayat": riwayat, "perbaikan": perbaikan},
    )


def _milik_pengunjung(request: HttpRequest) -> tuple[PermohonanInstansi | None, str]:
    sesi = request.session.get(SESI) or {}
    pk = sesi.get("pk")
    permohonan = (
        PermohonanInstansi.objects.select_related("instansi").filter(pk=pk).first() if pk else None
    )
    if permohonan is None or not services.email_cocok(permohonan, sesi.get("email", "")):
        return None, ""
    return permohonan, sesi["email"]


# --- Admin Nasional ----------------------------------------------------------------------------


@admin_nasional_required
def daftar(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    rows = PermohonanInstansi.objects.select_related("instansi")
    pilih = form.cleaned_data["status"] if form.is_valid() else ""
    if pilih:
        rows = rows.filter(status=pilih)
    page = paginate(request, rows, 25)
    return render(request, "pendaftaran/daftar.html", {"page": page, "form": form})


@admin_nasional_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = get_object_or_404(PermohonanInstansi.objects.select_related("instansi"), pk=pk)
    return _detail(request, permohonan)


def _detail(request: HttpRequest, permohonan: PermohonanInstansi, **forms: Any) -> HttpResponse:
    context = {
        "p": permohonan,
        "riwayat": permohonan.riwayat.all(),
        "bisa_ditinjau": permohonan.status in MENUNGGU_TINJAUAN,
        "form_perbaikan": forms.get("perbaikan") or CatatanForm(),
        "form_setujui": forms.get("setujui")
        or SetujuiForm(initial={"kode": permohonan.kode_usulan}),
        "form_tolak": forms.get("tolak") or TolakForm(),
        "admin_belum_masuk": selectors.admin_belum_masuk(permohonan),
    }
    return render(request, "pendaftaran/detail.html", context, status=400 if forms else 200)


@admin_nasional_required
def surat(request: HttpRequest, pk: int) -> HttpResponseBase:
    return unduh(get_object_or_404(PermohonanInstansi, pk=pk))


@require_POST
@admin_nasional_required
def minta_perbaikan(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = get_object_or_404(PermohonanInstansi, pk=pk)
    form = CatatanForm(request.POST)
    if form.is_valid():
        try:
            services.minta_perbaikan(request.user, permohonan, form.cleaned_data["catatan"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Permohonan {permohonan.nomor} dikembalikan untuk diperbaiki."
            )
            return redirect("pendaftaran:detail", pk=pk)
    return _detail(request, permohonan, perbaikan=form)


@require_POST
@admin_nasional_required
def setujui(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = get_object_or_404(PermohonanInstansi, pk=pk)
    form = SetujuiForm(request.POST)
    if form.is_valid():
        try:
            permohonan, admin, password = services.setujui_permohonan(
                request.user, permohonan, form.cleaned_data["kode"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            context = {
                "p": permohonan,
                "instansi": permohonan.instansi,
                "admin": admin,
                "password": password,
            }
            return render(request, "pendaftaran/disetujui.html", context)
    return _detail(request, permohonan, setujui=form)


@require_POST
@admin_nasional_required
def tolak(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = get_object_or_404(PermohonanInstansi, pk=pk)
    form = TolakForm(request.POST)
    if form.is_valid():
        try:
            services.tolak_permohonan(request.user, permohonan, form.cleaned_data["alasan"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Permohonan {permohonan.nomor} ditolak.")
            return redirect("pendaftaran:detail", pk=pk)
    return _detail(request, permohonan, tolak=form)


@require_POST
@admin_nasional_required
def kirim_ulang_petunjuk(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = get_object_or_404(PermohonanInstansi, pk=pk)
    try:
        admin = services.kirim_ulang_petunjuk_admin(request.user, permohonan)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Petunjuk masuk dengan tautan baru dikirim ulang ke {admin.email}."
        )
    return redirect("pendaftaran:detail", pk=pk)
