"""Pages of a background job (`Pekerjaan`, see core/jobs.py): its progress, polled by htmx
every second until it ends, and the download of its result file.

Only who started the job sees it, and the Admin Instansi of its instansi; anyone else gets
404 (also for a job that does not exist), anonymous users the login page.
"""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kinerja.core.jobs import boleh_lihat, menunggu_pekerja
from kinerja.core.models import Pekerjaan, StatusPekerjaan
from kinerja.core.permissions import role_required

logged_in = role_required(lambda u: True)


def _pekerjaan(request: HttpRequest, pk: int) -> Pekerjaan:
    row = Pekerjaan.objects.filter(pk=pk).first()
    if row is None or not boleh_lihat(request.user, row):
        raise Http404
    return row


@require_GET
@logged_in
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/pekerjaan_detail.html", _konteks(_pekerjaan(request, pk)))


@never_cache
@require_GET
@logged_in
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block alone (htmx swaps it in); it stops polling once the job has ended."""
    return render(request, "core/pekerjaan_status.html", _konteks(_pekerjaan(request, pk)))


def _konteks(p: Pekerjaan) -> dict[str, Any]:
    return {"p": p, "menunggu_pekerja": menunggu_pekerja(p)}


@require_GET
@logged_in
def unduh(request: HttpRequest, pk: int) -> FileResponse:
    row = _pekerjaan(request, pk)
    if row.status != StatusPekerjaan.SELESAI or not row.berkas:
        raise Http404
    try:
        stream: Any = row.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=row.nama_berkas or "hasil",
        content_type=row.jenis_berkas or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/status/", status, name="status"),
    path("<int:pk>/unduh/", unduh, name="unduh"),
]
