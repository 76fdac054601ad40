"""The Integrasi page of the Admin Instansi: one card per external system (state and link) and
the sync log of this instansi (filter by sistem and status, paginated), with one row's detail
(request/response excerpts, already cut to 4 KB without credentials)."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from kinerja.core.pagination import paginate
from kinerja.core.permissions import admin_instansi_required
from kinerja.integrasi import selectors
from kinerja.integrasi.models import LogSinkron, Sistem, StatusSinkron


def kartu(instansi_id: int) -> list[dict[str, Any]]:
    terakhir = selectors.terakhir_per_sistem(instansi_id)
    sso = settings.OIDC_ENABLED

    def status(sistem: str, terpasang: bool, keterangan: str) -> dict[str, Any]:
        log = terakhir.get(sistem)
        return {"terpasang": terpasang, "keterangan": keterangan, "terakhir": log}

    return [
        {
            "nama": "SIASN (BKN)",
            "url": reverse("siasn:index"),
            **status(
                Sistem.SIASN,
                bool(settings.KINERJA_SIASN_URL),
                "Tarik data pegawai dan unit; kirim hasil penilaian final.",
            ),
        },
        {
            "nama": "Ruang GTK",
            "url": reverse("ruanggtk:index"),
            **status(
                Sistem.RUANG_GTK,
                True,
                "Impor SKP dan hasil penilaian guru"
                + (
                    "; feed diatur."
                    if settings.KINERJA_RUANGGTK_URL
                    else " dari berkas (feed belum diatur)."
                ),
            ),
        },
        {
            "nama": "e-Kinerja BKN",
            "url": reverse("ekinerjabkn:index"),
            **status(Sistem.EKINERJA_BKN, True, "Impor laporan hasil dari berkas Excel."),
        },
        {
            "nama": "Token API",
            "url": reverse("api_token:daftar"),
            **status(Sistem.API, True, "Token untuk aplikasi lain (penggajian, TPP) membaca data."),
        },
        {
            "nama": "SSO (OpenID Connect)",
            "url": "",
            **status(
                Sistem.SSO,
                sso,
                (
                    f"Aktif: penyedia {settings.OIDC_OP_ISSUER or '-'}, klaim NIP "
                    f"'{settings.OIDC_NIP_CLAIM}'."
                    if sso
                    else "Tidak aktif: pengguna masuk dengan NIP dan kata sandi."
                ),
            ),
        },
    ]


@require_GET
@admin_instansi_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    sistem = request.GET.get("sistem", "")
    status = request.GET.get("status", "")
    sistem = sistem if sistem in Sistem.values else ""
    status = status if status in StatusSinkron.values else ""
    page = paginate(request, selectors.log_sinkron(user.instansi_id, sistem, status), per_page=25)
    filter_qs = urlencode({k: v for k, v in (("sistem", sistem), ("status", status)) if v})
    return render(
        request,
        "integrasi/index.html",
        {
            "kartu": kartu(user.instansi_id),
            "page": page,
            "sistem": sistem,
            "status": status,
            "pilihan_sistem": Sistem.choices,
            "pilihan_status": StatusSinkron.choices,
            "filter_qs": filter_qs,
        },
    )


@require_GET
@admin_instansi_required
def log_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    log = (
        LogSinkron.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("aktor")
        .first()
    )
    if log is None:
        raise Http404
    return render(request, "integrasi/log_detail.html", {"log": log})
