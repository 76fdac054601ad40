"""Forms of the Periode & Batas Waktu page. They parse what the browser sends and find the unit
or pegawai inside the admin's instansi; the rules (day D required, deadline after the period,
reason required) live in services_periode, so a refusal reads the same from every caller."""

from typing import Any

from django import forms

from kinerja.org.forms import NipField
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import (
    AturanBatas,
    CakupanPerpanjangan,
    Granularitas,
    UntukBatas,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PengaturanForm(forms.Form):
    granularitas = forms.ChoiceField(label="Periode berkala", choices=Granularitas.choices)
    aturan_pengisian = forms.ChoiceField(
        label="Batas pengisian (pegawai)", choices=AturanBatas.choices
    )
    hari_pengisian = forms.IntegerField(
        label="Tanggal batas pengisian",
        required=False,
        help_text="Hanya untuk aturan tanggal tertentu pada bulan berikutnya (1–31; tanggal 31 "
        "menjadi akhir bulan pada bulan yang lebih pendek).",
    )
    aturan_penilaian = forms.ChoiceField(
        label="Batas penilaian (pejabat penilai)", choices=AturanBatas.choices
    )
    hari_penilaian = forms.IntegerField(label="Tanggal batas penilaian", required=False)


class BatasForm(forms.Form):
    batas_pengisian = forms.DateField(label="Batas pengisian", widget=DATE)
    batas_penilaian = forms.DateField(label="Batas penilaian", widget=DATE)


class PerpanjanganForm(forms.Form):
    periode = forms.IntegerField(label="Periode", min_value=1)
    untuk = forms.ChoiceField(label="Batas yang diperpanjang", choices=UntukBatas.choices)
    cakupan = forms.ChoiceField(label="Berlaku untuk", choices=CakupanPerpanjangan.choices)
    # A code, not a <select>: a large instansi has thousands of units (as org.forms).
    kode_unor = forms.CharField(
        label="Kode unit",
        required=False,
        max_length=64,
        help_text="Untuk cakupan satu unit; kode tertera di halaman unit organisasi.",
    )
    nip = NipField(label="NIP pegawai", required=False, help_text="Untuk cakupan satu pegawai.")
    batas_baru = forms.DateField(label="Batas baru", widget=DATE)
    alasan = forms.CharField(
        label="Alasan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi_id = instansi_id
        self.unor: UnitOrganisasi | None = None
        self.pegawai: Pegawai | None = None

    def clean_kode_unor(self) -> str:
        kode = str(self.cleaned_data["kode_unor"]).strip()
        if kode and self.data.get("cakupan") == CakupanPerpanjangan.UNIT:
            self.unor = UnitOrganisasi.objects.filter(
                instansi_id=self.instansi_id, kode=kode
            ).first()
            if self.unor is None:
                raise forms.ValidationError(f"Tidak ada unit dengan kode {kode} di instansi ini.")
        return kode

    def clean_nip(self) -> str:
        nip = str(self.cleaned_data["nip"])
        if nip and self.data.get("cakupan") == CakupanPerpanjangan.PEGAWAI:
            self.pegawai = (
                Pegawai.objects.select_related("unor")
                .filter(instansi_id=self.instansi_id, nip=nip)
                .first()
            )
            if self.pegawai is None:
                raise forms.ValidationError(f"Tidak ada pegawai dengan NIP {nip} di instansi ini.")
        return nip
