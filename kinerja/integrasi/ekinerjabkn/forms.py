from typing import Any

from django import forms
from django.conf import settings


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label="Laporan e-Kinerja BKN",
        help_text=(
            f"XLSX (atau CSV), paling besar {settings.IMPORT_MAX_BYTES // 1_048_576} MB: laporan "
            "yang diunduh dari e-Kinerja BKN, atau templat di bawah."
        ),
        error_messages={"required": "Pilih berkas yang akan diunggah."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // 1_048_576} MB."
            )
        return berkas
