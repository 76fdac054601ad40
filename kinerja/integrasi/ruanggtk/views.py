"""Ruang GTK screens of the Admin Instansi (everyone else: 404; anonymous: login):

- `index`: upload a JSON Lines file or "Tarik dari Ruang GTK" (the feed), check the connection,
  the history of batches (paginated), the format and its example.
- `impor`: one batch's preview with per-record errors and who must fix them; `terapkan` and
  `batal` apply or cancel it. `contoh` and `skema` download the example and the JSON Schema.
"""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core import jobs
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.core.views import PESAN_DIBATALKAN, jalankan_impor
from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.ruanggtk import impor
from kinerja.integrasi.ruanggtk.adapter import RuangGtkAdapter
from kinerja.integrasi.ruanggtk.models import ImporRuangGtk
from kinerja.integrasi.ruanggtk.skema import SKEMA
from kinerja.org.models import Instansi, StatusImpor


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas JSON Lines (.jsonl)",
        help_text="Satu catatan JSON per baris: skp, hasil_periodik, hasil_tahunan.",
    )


def _user(request: HttpRequest) -> Any:
    return request.user


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = UnggahForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            batch = impor.pratinjau(user, user.instansi_id, berkas.name, berkas.read())
        except (DomainError, PermissionDenied) as exc:
            form.add_error("berkas", str(exc))
        else:
            return redirect("ruanggtk:impor", pk=batch.pk)
    riwayat = paginate(
        request,
        ImporRuangGtk.objects.filter(instansi_id=user.instansi_id).select_related("dibuat_oleh"),
        per_page=20,
    )
    return render(
        request,
        "ruanggtk/index.html",
        {
            "form": form,
            "riwayat": riwayat,
            "feed_diatur": bool(settings.KINERJA_RUANGGTK_URL),
            "kursor": impor.kursor_terakhir(user.instansi_id),
        },
    )


@require_POST
@admin_instansi_required
def tarik(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        batch = impor.tarik(user, user.instansi_id)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    except GalatIntegrasi as exc:
        messages.error(request, f"Tarik dari Ruang GTK gagal: {exc.pesan}")
    else:
        if batch is None:
            messages.info(request, "Tidak ada catatan baru di Ruang GTK sejak tarikan terakhir.")
        else:
            return redirect("ruanggtk:impor", pk=batch.pk)
    return redirect("ruanggtk:index")


@require_POST
@admin_instansi_required
def periksa(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        adapter = RuangGtkAdapter.dari_env(Instansi.objects.get(pk=user.instansi_id))
        messages.success(request, adapter.periksa(aktor=user))
    except DomainError as exc:
        messages.error(request, str(exc))
    except GalatIntegrasi as exc:
        messages.error(request, exc.pesan)
    return redirect("ruanggtk:index")


def _batch(request: HttpRequest, pk: int) -> ImporRuangGtk:
    batch = (
        ImporRuangGtk.objects.filter(instansi_id=_user(request).instansi_id, pk=pk)
        .select_related("dibuat_oleh")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@require_GET
@admin_instansi_required
def impor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    ringkasan = batch.ringkasan or {}
    return render(
        request,
        "ruanggtk/impor.html",
        {
            "batch": batch,
            "ringkasan": ringkasan,
            "per_pj": sorted((ringkasan.get("per_penanggung_jawab") or {}).items()),
            "bisa_diterapkan": batch.status == StatusImpor.PRATINJAU,
        },
    )


@require_POST
@admin_instansi_required
def terapkan(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    kembali = reverse("ruanggtk:impor", args=[batch.pk])
    if p := jobs.terapkan_di_latar(request.user, impor.terapkan, batch, _pesan_diterapkan, kembali):
        return redirect("pekerjaan:detail", pk=p.pk)
    jalankan_impor(request, impor.terapkan, batch, _pesan_diterapkan)
    return redirect("ruanggtk:impor", pk=batch.pk)


def _pesan_diterapkan(batch: ImporRuangGtk) -> str:
    return "Impor Ruang GTK diterapkan. " + impor._pesan_diterapkan(batch.ringkasan)


@require_POST
@admin_instansi_required
def batal(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if jalankan_impor(request, impor.batalkan, batch, PESAN_DIBATALKAN):
        return redirect("ruanggtk:index")
    return redirect("ruanggtk:impor", pk=batch.pk)


@require_GET
@admin_instansi_required
def contoh(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(impor.contoh_berkas(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contoh-ruang-gtk.jsonl"'
    return response


@require_GET
@admin_instansi_required
def skema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(SKEMA, ensure_ascii=False, indent=2),
        content_type="application/schema+json; charset=utf-8",
    )
