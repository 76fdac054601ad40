"""Form of the token screen. Rules are checked again by services.buat_token."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kinerja.api.models import Cakupan


class TokenForm(forms.Form):
    nama = forms.CharField(
        label="Nama token",
        max_length=100,
        help_text="Sistem yang memakai token ini, misalnya 'Aplikasi gaji BPKAD'.",
        error_messages={"required": "Nama token wajib diisi."},
    )
    cakupan = forms.MultipleChoiceField(
        label="Cakupan",
        choices=Cakupan.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu cakupan."},
    )
    kedaluwarsa = forms.DateField(
        label="Berlaku sampai (opsional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Kosongkan bila token berlaku sampai dicabut.",
        error_messages={"invalid": "Tanggal tidak valid."},
    )

    def clean_kedaluwarsa(self) -> dt.datetime | None:
        tanggal = self.cleaned_data.get("kedaluwarsa")
        if tanggal is None:
            return None
        if tanggal <= timezone.localdate():
            raise forms.ValidationError("Tanggal harus setelah hari ini.")
        akhir = dt.datetime.combine(tanggal, dt.time(23, 59, 59))
        return timezone.make_aware(akhir)

    def data_token(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "nama": d["nama"],
            "cakupan": list(d["cakupan"]),
            "kedaluwarsa_at": d["kedaluwarsa"],
        }
