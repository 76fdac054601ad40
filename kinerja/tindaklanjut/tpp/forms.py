"""Forms of the TPP pages. They parse what the browser sends and say what is wrong in
Bahasa Indonesia; the rules themselves (aturan.periksa, versions) are checked again by the
services, so a refusal reads the same from every caller."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings

from kinerja.penilaian.aturan import Predikat
from kinerja.tindaklanjut.tpp import aturan
from kinerja.tindaklanjut.tpp.models import DasarKinerja, KonfigurasiTpp

PREDIKAT = Predikat.values
_BULAN = re.compile(r"(\d{4})-(\d{1,2})")


def parse_bulan(value: str) -> tuple[int, int] | None:
    """ "YYYY-MM" (an <input type=month>) → (tahun, bulan), None when not a month."""
    m = _BULAN.fullmatch((value or "").strip())
    if not m:
        return None
    tahun, bulan = int(m[1]), int(m[2])
    return (tahun, bulan) if 2000 <= tahun <= 2100 and 1 <= bulan <= 12 else None


class BulanField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": "Bulan wajib diisi."})
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return f"{value.year}-{value.month:02d}"
        return value

    def clean(self, value: Any) -> dt.date:
        text = super().clean(value)
        parsed = parse_bulan(text)
        if parsed is None:
            raise forms.ValidationError("Tulis bulan sebagai YYYY-MM, misalnya 2026-11.")
        return dt.date(parsed[0], parsed[1], 1)


def _persen(label: str) -> forms.DecimalField:
    nama = label.replace("%", "%%")
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        localize=True,
        error_messages={
            "required": f"{nama} wajib diisi.",
            "invalid": f"{nama} harus angka.",
            "min_value": f"{nama} harus antara 0 dan 100.",
            "max_value": f"{nama} harus antara 0 dan 100.",
            "max_decimal_places": f"{nama} paling banyak dua angka di belakang koma.",
            "max_digits": f"{nama} harus antara 0 dan 100.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "angka", "size": 6}),
    )


def _bobot(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        error_messages={
            "required": f"{label} wajib diisi.",
            "invalid": f"{label} harus bilangan bulat.",
            "min_value": f"{label} harus antara 0 dan 100.",
            "max_value": f"{label} harus antara 0 dan 100.",
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "class": "angka"}),
    )


class RupiahField(forms.IntegerField):
    """Whole rupiah; "Rp 5.250.000" and "5 250 000" are read as 5250000."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = re.sub(r"(?i)^rp\.?|[\s.]", "", value.strip())
        return super().to_python(value)


def kelas_field(kelas: int) -> str:
    return f"kelas_{kelas}"


def persen_field(nomor: int) -> str:
    return f"persen_{nomor}"


class KonfigurasiForm(forms.Form):
    berlaku_mulai = BulanField(
        label="Berlaku mulai bulan",
        help_text="Berlaku untuk bulan ini dan sesudahnya sampai ada versi yang lebih baru.",
    )
    bobot_kinerja = _bobot("Bobot kinerja (%)")
    bobot_disiplin = _bobot("Bobot disiplin (%)")
    dasar_kinerja = forms.ChoiceField(
        label="Dasar komponen kinerja",
        choices=DasarKinerja.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih dasar komponen kinerja."},
    )
    menit_wajib = forms.IntegerField(
        label="Menit efektif wajib per bulan",
        required=False,
        min_value=1,
        help_text="Dari aktivitas harian yang diterima. Kosongkan bila tidak dipakai.",
        error_messages={
            "invalid": "Menit efektif wajib harus bilangan bulat.",
            "min_value": "Menit efektif wajib harus lebih dari 0.",
        },
        widget=forms.NumberInput(attrs={"min": 1, "class": "angka"}),
    )
    catatan = forms.CharField(
        label="Catatan (misalnya dasar hukum: Perkada nomor ...)",
        required=False,
        max_length=2000,
        error_messages={"max_length": "Catatan paling banyak %(limit_value)d karakter."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, predikat in enumerate(PREDIKAT):
            self.fields[persen_field(n)] = _persen(f"Persentase {predikat} (%)")
        for kelas in aturan.KELAS_JABATAN:
            label = f"Besaran kelas {kelas} (Rp)"
            self.fields[kelas_field(kelas)] = RupiahField(
                label=label,
                required=False,
                min_value=0,
                error_messages={
                    "invalid": f"{label} harus bilangan bulat rupiah.",
                    "min_value": f"{label} tidak boleh negatif.",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "angka"}),
            )

    @property
    def baris_persen(self) -> list[tuple[str, Any]]:
        return [(p, self[persen_field(n)]) for n, p in enumerate(PREDIKAT)]

    @property
    def baris_kelas(self) -> list[tuple[int, Any]]:
        return [(k, self[kelas_field(k)]) for k in aturan.KELAS_JABATAN]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kinerja, disiplin = data.get("bobot_kinerja"), data.get("bobot_disiplin")
        if kinerja is not None and disiplin is not None and kinerja + disiplin != 100:
            self.add_error(
                "bobot_disiplin",
                f"Jumlah bobot kinerja dan disiplin harus 100%; yang diisi {kinerja} + "
                f"{disiplin} = {kinerja + disiplin}%.",
            )
        if data.get("dasar_kinerja") == DasarKinerja.MENIT and not data.get("menit_wajib"):
            self.add_error(
                "menit_wajib", "Dasar menit efektif memerlukan menit efektif wajib per bulan."
            )
        return data

    def data_layanan(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "berlaku_mulai": d["berlaku_mulai"],
            "bobot_kinerja": d["bobot_kinerja"],
            "bobot_disiplin": d["bobot_disiplin"],
            "persen_predikat": {p: d[persen_field(n)] for n, p in enumerate(PREDIKAT)},
            "dasar_kinerja": d["dasar_kinerja"],
            "menit_wajib": d.get("menit_wajib"),
            "catatan": d.get("catatan", ""),
            "besaran": {
                k: d[kelas_field(k)]
                for k in aturan.KELAS_JABATAN
                if d.get(kelas_field(k)) is not None
            },
        }


def nilai_awal(konfig: KonfigurasiTpp | None, besaran: dict[int, int]) -> dict[str, Any]:
    """Initial values: the version's, or the defaults (60/40, the default table)."""
    persen = konfig.persen_predikat if konfig else aturan.PERSEN_PREDIKAT_BAWAAN
    initial: dict[str, Any] = {
        "bobot_kinerja": konfig.bobot_kinerja if konfig else aturan.BOBOT_KINERJA_BAWAAN,
        "bobot_disiplin": konfig.bobot_disiplin if konfig else aturan.BOBOT_DISIPLIN_BAWAAN,
        "dasar_kinerja": konfig.dasar_kinerja if konfig else DasarKinerja.PREDIKAT,
        "menit_wajib": konfig.menit_wajib if konfig else None,
        "catatan": konfig.catatan if konfig else "",
    }
    if konfig is not None:
        initial["berlaku_mulai"] = konfig.berlaku_mulai
    for n, p in enumerate(PREDIKAT):
        if p in persen:
            initial[persen_field(n)] = aturan.teks_persen(persen[p])
    for kelas, jumlah in besaran.items():
        initial[kelas_field(kelas)] = jumlah
    return initial


class ImporDisiplinForm(forms.Form):
    bulan = BulanField(label="Bulan data disiplin")
    berkas = forms.FileField(
        label="Berkas",
        help_text=(
            f"CSV atau XLSX, paling besar {settings.IMPORT_MAX_BYTES // 1_048_576} MB. "
            "Gunakan templat di bawah."
        ),
        error_messages={"required": "Pilih berkas yang akan diunggah."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // 1_048_576} MB."
            )
        return berkas
