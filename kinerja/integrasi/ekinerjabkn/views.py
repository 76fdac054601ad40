"""Screens of the e-Kinerja BKN import (Admin Instansi):
- `index`: the imported results, filterable by ?periode=YYYY-MM-DD and ?status=, paginated;
- `impor`: upload a report (pratinjau) and the latest imports; `impor_detail` shows the check,
  `terapkan`/`batal` apply or cancel it; `templat` is the XLSX template."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core import jobs
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.core.views import PESAN_DIBATALKAN, jalankan_impor
from kinerja.integrasi.ekinerjabkn import impor as layanan
from kinerja.integrasi.ekinerjabkn import selectors
from kinerja.integrasi.ekinerjabkn.forms import ImporForm
from kinerja.integrasi.ekinerjabkn.models import SUMBER, ImporEkinerjaBkn
from kinerja.org.models import StatusImpor


def _user(request: HttpRequest) -> Any:
    return request.user


@require_GET
@admin_instansi_required
def index(request: HttpRequest) -> HttpResponse:
    instansi_id = _user(request).instansi_id
    periode: dt.date | None = None
    try:
        periode = dt.date.fromisoformat(request.GET.get("periode", ""))
    except ValueError:
        periode = None
    status = request.GET.get("status") or None
    page = paginate(request, selectors.daftar_hasil(instansi_id, periode, status), per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ekinerjabkn/index.html",
        {
            "page": page,
            "periode": periode,
            "status": status or "",
            "pilihan_periode": selectors.pilihan_periode(instansi_id),
            "pilihan_status": [s for s in selectors.pilihan_status(instansi_id) if s],
            "query": query.urlencode(),
            "sumber": SUMBER,
        },
    )


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def impor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            batch = layanan.pratinjau(user, user.instansi_id, berkas.name, berkas.read())
        except (DomainError, PermissionDenied) as exc:
            form.add_error("berkas", str(exc))
        else:
            return redirect("ekinerjabkn:impor_detail", pk=batch.pk)
    return render(
        request,
        "ekinerjabkn/impor.html",
        {
            "form": form,
            "riwayat": selectors.riwayat_impor(user.instansi_id),
            "kolom": layanan.KOLOM,
        },
    )


def _batch(request: HttpRequest, pk: int) -> ImporEkinerjaBkn:
    batch = selectors.batch_of(_user(request).instansi_id, pk)
    if batch is None:
        raise Http404
    return batch


@require_GET
@admin_instansi_required
def impor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    return render(
        request,
        "ekinerjabkn/impor_detail.html",
        {
            "batch": batch,
            "ringkasan": batch.ringkasan or {},
            "bisa_diterapkan": batch.status == StatusImpor.PRATINJAU,
        },
    )


@require_POST
@admin_instansi_required
def terapkan(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    kembali = reverse("ekinerjabkn:impor_detail", args=[batch.pk])
    if p := jobs.terapkan_di_latar(
        request.user, layanan.terapkan, batch, _pesan_diterapkan, kembali
    ):
        return redirect("pekerjaan:detail", pk=p.pk)
    jalankan_impor(request, layanan.terapkan, batch, _pesan_diterapkan)
    return redirect("ekinerjabkn:impor_detail", pk=batch.pk)


def _pesan_diterapkan(batch: ImporEkinerjaBkn) -> str:
    r = batch.ringkasan
    return (
        f"Hasil e-Kinerja BKN diterapkan: {r.get('baru', 0)} baru, "
        f"{r.get('diperbarui', 0)} diperbarui."
    )


@require_POST
@admin_instansi_required
def batal(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if jalankan_impor(request, layanan.batalkan, batch, PESAN_DIBATALKAN):
        return redirect("ekinerjabkn:impor")
    return redirect("ekinerjabkn:impor_detail", pk=batch.pk)


@require_GET
@admin_instansi_required
def templat(request: HttpRequest) -> HttpResponse:
    content, content_type, filename = layanan.templat()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
