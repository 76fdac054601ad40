"""The documents inside the application: "Dokumen saya", the PDF download, the pegawai's
acknowledgement and "Terbitkan ulang" for the penilai or the Admin Instansi.

Objects come through the instansi-scoped selectors (404 for what the user may not see);
writes go through services.py; a refusal becomes a message on the page it came from.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    pegawai_required,
    role_required,
)
from kinerja.penilaian import selectors_hasil
from kinerja.perencanaan import selectors as skp_selectors
from kinerja.tindaklanjut.dokumen import selectors, services

logged_in = role_required(lambda u: True)


def _user(request: HttpRequest) -> Any:
    return request.user


def _kembali(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (a same-site `next`), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@require_GET
@pegawai_required
def daftar(request: HttpRequest) -> HttpResponse:
    """Dokumen saya: the pegawai's signed documents, newest first."""
    page = paginate(request, selectors.daftar_saya(_user(request)))
    return render(request, "dokumen/daftar.html", {"page": page})


@require_GET
@logged_in
def unduh(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF, streamed after the access check (the file itself is never public)."""
    dok = selectors.dokumen_untuk_user(_user(request), pk)
    nama = f"{dok.get_jenis_display()} {dok.judul_periode} {dok.kode}.pdf".replace("/", "-")
    response = FileResponse(dok.berkas.open("rb"), content_type="application/pdf", filename=nama)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@logged_in
def terima(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Saya telah menerima dokumen ini": the pegawai's signature."""
    user = _user(request)
    dok = selectors.dokumen_untuk_user(user, pk)
    try:
        services.terima_dokumen(user, dok)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Tanda tangan elektronik Anda telah ditambahkan pada dokumen.")
    return _kembali(request, reverse("dokumen:daftar"))


@require_POST
@logged_in
def terbitkan_evaluasi(request: HttpRequest, pk: int) -> HttpResponse:
    """Terbitkan ulang the evaluation document (penilai, atasan penilai, Admin Instansi)."""
    user = _user(request)
    ev = selectors_hasil.evaluasi_untuk_user(user, pk)
    return _terbitkan(request, ev, reverse("penilaian:evaluasi", args=[ev.pk]))


@require_POST
@logged_in
def terbitkan_skp(request: HttpRequest, pk: int) -> HttpResponse:
    """Terbitkan ulang the SKP document (penilai, Admin Instansi)."""
    user = _user(request)
    skp = skp_selectors.skp_for_user(user, pk)
    if skp.instansi_id != user.instansi_id:  # skp_for_user lets the Admin Nasional read
        raise Http404
    return _terbitkan(request, skp, reverse("perencanaan:skp_detail", args=[skp.pk]))


def _terbitkan(request: HttpRequest, subjek: Any, default: str) -> HttpResponse:
    try:
        dok = services.terbitkan_ulang(_user(request), subjek)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Dokumen diterbitkan dan ditandatangani (kode {dok.kode}).")
    return _kembali(request, default)


@require_GET
@admin_instansi_required
def belum_terbit(request: HttpRequest) -> HttpResponse:
    """Admin Instansi: how many documents are still to be issued, and "Terbitkan semua"."""
    evs, skps = services.belum_terbit(_user(request).instansi_id)
    return render(
        request,
        "dokumen/belum_terbit.html",
        {  # capped counts: a first run on 100,000 pegawai need not count them all
            "evaluasi": evs.values("pk")[:BATAS_HITUNG].count(),
            "skp": skps.values("pk")[:BATAS_HITUNG].count(),
            "batas_hitung": BATAS_HITUNG,
        },
    )


@require_POST
@admin_instansi_required
def terbitkan_semua(request: HttpRequest) -> HttpResponse:
    """Start the background job; its page shows the progress."""
    pekerjaan = services.mulai_terbitkan_massal(_user(request))
    return redirect("pekerjaan:detail", pk=pekerjaan.pk)


BATAS_HITUNG = 10_000


urlpatterns: list[URLPattern] = [
    path("belum-terbit/", belum_terbit, name="belum_terbit"),
    path("belum-terbit/terbitkan/", terbitkan_semua, name="terbitkan_semua"),
    path("", daftar, name="daftar"),
    path("<int:pk>/unduh/", unduh, name="unduh"),
    path("<int:pk>/terima/", terima, name="terima"),
    path("evaluasi/<int:pk>/terbitkan/", terbitkan_evaluasi, name="terbitkan_evaluasi"),
    path("skp/<int:pk>/terbitkan/", terbitkan_skp, name="terbitkan_skp"),
]
