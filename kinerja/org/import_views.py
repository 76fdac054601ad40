"""Import screens for the Admin Instansi: upload, preview (dry run), apply, templates."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core import jobs
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.core.views import PESAN_DIBATALKAN, jalankan_impor
from kinerja.org import imports
from kinerja.org.models import ImportBatch, JenisImpor, StatusImpor

RIWAYAT_TERAKHIR = 20

# Summary counts shown on the preview page, in this order.
HITUNGAN = [
    ("baru", "Baru"),
    ("diubah", "Diubah"),
    ("pindah", "Pindah jabatan/unit"),
    ("tetap", "Tetap"),
    ("jabatan_baru", "Jabatan baru"),
    ("jumlah_kesalahan", "Kesalahan"),
]


class ImporForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis data", choices=JenisImpor.choices)
    berkas = forms.FileField(
        label="Berkas",
        help_text=(
            f"CSV atau XLSX, paling besar {settings.IMPORT_MAX_BYTES // 1_048_576} MB. "
            "Gunakan templat di bawah."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.IMPORT_MAX_BYTES:  # refuse before reading it into memory
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // 1_048_576} MB."
            )
        return berkas


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch of the user's own instansi; anything else is a 404."""
    user: Any = request.user
    return get_object_or_404(
        ImportBatch.objects.select_related("dibuat_oleh"), pk=pk, instansi_id=user.instansi_id
    )


@admin_instansi_required
def import_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            batch = imports.pratinjau_impor(
                user, user.instansi, form.cleaned_data["jenis"], berkas.name, berkas.read()
            )
        except (DomainError, PermissionDenied) as exc:
            form.add_error("berkas", str(exc))
        else:
            return redirect("org:import_detail", pk=batch.pk)
    recent = ImportBatch.objects.filter(instansi_id=user.instansi_id).select_related("dibuat_oleh")
    return render(
        request,
        "org/import_index.html",
        {
            "form": form,
            "batches": recent[:RIWAYAT_TERAKHIR],
            "templat": [(value, label) for value, label in JenisImpor.choices],
        },
    )


@admin_instansi_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    ringkasan = batch.ringkasan or {}
    hitungan = [(label, ringkasan[key]) for key, label in HITUNGAN if key in ringkasan]
    return render(
        request,
        "org/import_detail.html",
        {
            "batch": batch,
            "hitungan": hitungan,
            "contoh": ringkasan.get("contoh", []),
            "kesalahan_lain": ringkasan.get("kesalahan_lain", 0),
            "bisa_diterapkan": batch.status == StatusImpor.PRATINJAU,
        },
    )


@require_POST
@admin_instansi_required
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    kembali = reverse("org:import_detail", args=[batch.pk])
    if p := jobs.terapkan_di_latar(
        request.user, imports.terapkan_impor, batch, _pesan_diterapkan, kembali
    ):
        return redirect("pekerjaan:detail", pk=p.pk)
    jalankan_impor(request, imports.terapkan_impor, batch, _pesan_diterapkan)
    return redirect("org:import_detail", pk=batch.pk)


def _pesan_diterapkan(batch: ImportBatch) -> str:
    r = batch.ringkasan
    return (
        f"Impor diterapkan: {r.get('baru', 0)} baru, {r.get('diubah', 0)} diubah, "
        f"{r.get('pindah', 0)} pindah, {r.get('tetap', 0)} tetap."
    )


@require_POST
@admin_instansi_required
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    jalankan_impor(request, imports.batalkan_impor, batch, PESAN_DIBATALKAN)
    return redirect("org:import_index")


@admin_instansi_required
def import_template(request: HttpRequest, jenis: str, fmt: str) -> HttpResponse:
    try:
        content, content_type, filename = imports.template_file(jenis, fmt)
    except DomainError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
