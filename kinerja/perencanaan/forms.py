"""Forms of the SKP page. They only parse what the browser sends; the rules (required text,
target range, who may edit) live in the services, so a refusal reads the same from every form."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from kinerja.perencanaan.models import (
    AspekIki,
    JenisCascading,
    JenisLampiran,
    JenisRhk,
    Klasifikasi,
    Perspektif,
)


class AngkaField(forms.CharField):
    """A number typed the Indonesian way too ("12,5"); empty means None."""

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip().replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(f"'{value}' bukan angka.") from exc
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise forms.ValidationError(f"'{value}' bukan angka yang wajar.")
        return number.quantize(Decimal("0.01"))


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "-"), *choices]


class RhkForm(forms.Form):
    rhk = forms.CharField(label="Rencana hasil kerja", required=False, max_length=2000)
    jenis = forms.ChoiceField(label="Jenis", choices=JenisRhk.choices, initial=JenisRhk.UTAMA)
    klasifikasi = forms.ChoiceField(
        label="Klasifikasi", choices=_blank(Klasifikasi.choices), required=False
    )
    perspektif = forms.ChoiceField(
        label="Perspektif", choices=_blank(Perspektif.choices), required=False
    )
    penugasan_dari = forms.CharField(label="Penugasan dari", required=False, max_length=200)


class IkiForm(forms.Form):
    indikator = forms.CharField(label="Indikator kinerja individu", required=False)
    aspek = forms.ChoiceField(label="Aspek", choices=_blank(AspekIki.choices), required=False)
    target_min = AngkaField(label="Target minimum", required=False)
    target_max = AngkaField(label="Target maksimum", required=False)
    satuan = forms.CharField(label="Satuan", required=False, max_length=50)


class IntervensiForm(forms.Form):
    rhk_atasan = forms.IntegerField(label="RHK pimpinan yang diintervensi", min_value=1)
    jenis_cascading = forms.ChoiceField(
        label="Jenis cascading", choices=JenisCascading.choices, initial=JenisCascading.LANGSUNG
    )


class LampiranForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis lampiran", choices=JenisLampiran.choices)
    teks = forms.CharField(label="Isi", required=False)


class CatatanForm(forms.Form):
    catatan = forms.CharField(label="Catatan pengembalian", required=False)


class EkspektasiForm(forms.Form):
    ekspektasi_khusus = forms.CharField(label="Ekspektasi khusus pimpinan", required=False)


class SalinForm(forms.Form):
    sumber = forms.IntegerField(min_value=1)


def errors_of(form: forms.Form) -> str:
    """One line for a message: "Label: error" for each invalid field."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
