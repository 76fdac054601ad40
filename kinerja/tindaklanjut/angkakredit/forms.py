"""The saldo awal form. It only parses what the browser sends (an Indonesian decimal comma is
accepted); the rules (not negative, not in the future, only JF pegawai) live in services.py."""

from decimal import Decimal, InvalidOperation

from django import forms

from kinerja.tindaklanjut.angkakredit import aturan

SALAH_ANGKA = "Angka kredit awal harus berupa angka, misalnya 12,5."


class SaldoForm(forms.Form):
    ak_awal = forms.CharField(
        label="Angka kredit awal",
        max_length=20,
        help_text="AK yang sudah dimiliki pada tanggal mulai (misalnya dari PAK terakhir), "
        "tiga angka di belakang koma, misalnya 12,5.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    tanggal_mulai = forms.DateField(
        label="Tanggal mulai (TMT)",
        help_text="Hasil penilaian untuk bulan-bulan sejak tanggal ini ditambahkan ke AK awal.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": "Tanggal tidak valid.", "required": "Tanggal mulai wajib."},
    )
    keterangan = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=255,
        help_text="Misalnya nomor dan tanggal PAK.",
    )

    def clean_ak_awal(self) -> Decimal:
        try:
            return aturan.parse_ak(self.cleaned_data["ak_awal"])
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(SALAH_ANGKA) from None


def errors_of(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
