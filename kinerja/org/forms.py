from typing import Any

from django import forms

from kinerja.org.models import (
    Instansi,
    JenisInstansi,
    JenisPenugasan,
    Pegawai,
    UnitOrganisasi,
    ZonaWaktu,
)
from kinerja.org.nip import NipError, parse_nip


class NipField(forms.CharField):
    """A text field that validates an NIP/NI PPPK and cleans it to 18 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return value
        try:
            return parse_nip(value).nip
        except NipError as exc:
            raise forms.ValidationError(str(exc)) from exc


class AtasanForm(forms.Form):
    atasan_nip = NipField(
        label="NIP atasan",
        required=False,
        help_text="Kosongkan untuk kembali ke atasan menurut pohon unit organisasi.",
    )
    alasan = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai
        self.atasan: Pegawai | None = None

    def clean_atasan_nip(self) -> str:
        nip = self.cleaned_data["atasan_nip"]
        if nip:
            self.atasan = Pegawai.objects.filter(
                instansi_id=self.pegawai.instansi_id, nip=nip
            ).first()
            if self.atasan is None:
                raise forms.ValidationError(f"Tidak ada pegawai dengan NIP {nip} di instansi ini.")
        return nip


class PenugasanForm(forms.Form):
    # A code, not a <select>: a large instansi has thousands of units, and rendering them all
    # made the pegawai page ten times slower.
    kode_unor = forms.CharField(
        label="Kode unit yang dipimpin",
        max_length=64,
        help_text="Kode unit tertera di halaman unit organisasi.",
    )
    jenis_penugasan = forms.ChoiceField(
        label="Jenis", choices=[(JenisPenugasan.PLT, "PLT"), (JenisPenugasan.PLH, "PLH")]
    )
    berlaku_mulai = forms.DateField(label="Mulai", widget=forms.DateInput(attrs={"type": "date"}))
    berlaku_sampai = forms.DateField(
        label="Sampai", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    nomor_sk = forms.CharField(label="Nomor SK", required=False, max_length=100)

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi_id = instansi_id

    def clean_kode_unor(self) -> str:
        kode = self.cleaned_data["kode_unor"].strip()
        unor = UnitOrganisasi.objects.filter(instansi_id=self.instansi_id, kode=kode).first()
        if unor is None:
            raise forms.ValidationError(f"Tidak ada unit dengan kode {kode} di instansi ini.")
        self.cleaned_data["unor"] = unor
        return kode


class InstansiForm(forms.Form):
    kode = forms.RegexField(
        label="Kode instansi",
        regex=r"^[A-Za-z0-9]{2,16}$",
        max_length=16,
        error_messages={"invalid": "Kode instansi 2-16 huruf/angka tanpa spasi."},
    )
    nama = forms.CharField(label="Nama instansi", max_length=200)
    jenis = forms.ChoiceField(label="Jenis", choices=JenisInstansi.choices)
    zona_waktu = forms.ChoiceField(label="Zona waktu", choices=ZonaWaktu.choices)
    admin_nip = NipField(label="NIP Admin Instansi")
    admin_nama = forms.CharField(label="Nama Admin Instansi", max_length=200)
    admin_email = forms.EmailField(label="E-mail Admin Instansi", required=False)

    def clean_kode(self) -> str:
        kode = self.cleaned_data["kode"].upper()
        if Instansi.objects.filter(kode=kode).exists():
            raise forms.ValidationError(f"Kode instansi {kode} sudah dipakai.")
        return kode
