"""/notifikasi/pengaturan/: the Admin Instansi's reminder settings (days before each deadline,
the local hour, the penilai digest, on/off), the last rounds with their counts, and how many
e-mails failed. Writes go through `pengingat.simpan_pengaturan` (audited)."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kinerja.core import jobs
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.notifikasi import pengingat
from kinerja.notifikasi.models import (
    PengaturanPengingat,
    PutaranPengingat,
    StatusSurat,
    SuratKeluar,
)
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.periode import zona_of

PER_PAGE = 20
PENJADWAL_TELAT = dt.timedelta(minutes=10)  # the scheduler beats every minute


class PengaturanForm(forms.Form):
    hari_sebelum = forms.CharField(
        label="Hari sebelum batas waktu",
        max_length=40,
        help_text="Dipisah koma, paling banyak 5, masing-masing 0 sampai 60 (0 = pada hari "
        "batas waktu). Contoh: 7, 3, 1.",
        error_messages={"required": "Isi paling sedikit satu hari, misalnya 7, 3, 1."},
    )
    jam = forms.IntegerField(
        label="Jam pengiriman (waktu instansi)",
        min_value=0,
        max_value=23,
        widget=forms.Select(choices=[(h, f"{h:02d}.00") for h in range(24)]),
        error_messages={
            "required": "Isi jam pengiriman, 0 sampai 23.",
            "invalid": "Jam pengiriman harus bilangan bulat 0 sampai 23.",
            "min_value": "Jam pengiriman harus antara 0 dan 23.",
            "max_value": "Jam pengiriman harus antara 0 dan 23.",
        },
    )
    ringkasan_penilai = forms.BooleanField(
        required=False, label="Kirim ringkasan bawahan yang belum melengkapi kepada pejabat penilai"
    )
    aktif = forms.BooleanField(required=False, label="Pengingat batas waktu aktif")

    def clean_hari_sebelum(self) -> list[int]:
        try:
            return pengingat.urai_hari(self.cleaned_data["hari_sebelum"])
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from exc


def _initial(p: PengaturanPengingat) -> dict[str, Any]:
    return {
        "hari_sebelum": ", ".join(str(n) for n in p.hari_sebelum),
        "jam": p.jam,
        "ringkasan_penilai": p.ringkasan_penilai,
        "aktif": p.aktif,
    }


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def pengaturan(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    current = pengingat.pengaturan_of(user.instansi_id)
    form = PengaturanForm(request.POST or None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            pengingat.simpan_pengaturan(user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Pengaturan pengingat disimpan.")
            return redirect("notifikasi:pengaturan")
    rounds = (
        PutaranPengingat.objects.filter(instansi_id=user.instansi_id)
        .select_related("periode")
        .order_by("-created_at", "-id")
    )
    zona = zona_of(user.instansi_id)
    gagal = SuratKeluar.objects.filter(
        instansi_id=user.instansi_id, status__in=[StatusSurat.GAGAL, StatusSurat.RAGU]
    ).count()
    return render(
        request,
        "notifikasi/pengaturan.html",
        {
            "form": form,
            "page": paginate(request, rounds, PER_PAGE),
            "zona": jadwal.ZONA_LABEL.get(zona, zona),
            "email_gagal": gagal,
            "penjadwal": _penjadwal(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _penjadwal() -> dict[str, Any]:
    """When the scheduler (the worker that sends reminders) last ran, and whether that is
    late: a stopped worker is otherwise invisible, reminders simply stop."""
    detak = jobs.detak_penjadwal()
    telat = detak is None or timezone.now() - detak > PENJADWAL_TELAT
    return {"detak": detak, "telat": telat}


urlpatterns: list[URLPattern] = [
    path("pengaturan/", pengaturan, name="pengaturan"),
]
