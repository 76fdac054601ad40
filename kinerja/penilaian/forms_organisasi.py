"""Forms of the predikat kinerja organisasi and the Pengaturan Penilaian pages. They parse what
the browser sends; the rules (who may set, when a predikat can no longer change, valid ranges)
live in services.py, so a refusal reads the same from every caller.

The kurva rules keep the structure of aturan.ATURAN_KURVA_BAWAAN (SE MenPANRB 3/2023): the
admin changes the percentages (and the least number of people of a "paling sedikit" rule),
never which predikat a rule is about.
"""

from dataclasses import dataclass
from typing import Any

from django import forms

from kinerja.penilaian import aturan
from kinerja.penilaian.aturan import AturanKurva, ModeKurva, PredikatOrganisasi, Rating
from kinerja.penilaian.models import PengaturanPenilaian

PREDIKAT_ORG = PredikatOrganisasi.values


class KinerjaOrganisasiForm(forms.Form):
    predikat = forms.ChoiceField(
        label="Predikat kinerja organisasi",
        choices=[("", "— pilih —"), *PredikatOrganisasi.choices],
        error_messages={
            "required": "Pilih predikat kinerja organisasi.",
            "invalid_choice": "Pilih salah satu: Istimewa, Baik, Butuh Perbaikan, Kurang, "
            "atau Sangat Kurang.",
        },
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=2000,
        error_messages={"max_length": "Catatan paling banyak %(limit_value)d karakter."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _angka(
    label: str, minimum: int, maksimum: int, satuan: str, help_text: str = ""
) -> forms.IntegerField:
    nama = label.replace("%", "%%")
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maksimum,
        error_messages={  # Django %-formats these messages: a "%" in a label is doubled
            "required": f"{nama} wajib diisi.",
            "invalid": f"{nama} harus bilangan bulat.",
            "min_value": f"{nama} paling kecil {minimum} {satuan}.",
            "max_value": f"{nama} paling besar {maksimum} {satuan}.",
        },
        widget=forms.NumberInput(attrs={"min": minimum, "max": maksimum, "class": "angka"}),
    )


@dataclass(frozen=True)
class SlotAturan:
    """One rule of the fixed structure: the n-th rule of a predikat organisasi."""

    predikat: str
    nomor: int  # index of the predikat organisasi in PREDIKAT_ORG
    indeks: int  # index of the rule in its list
    bawaan: AturanKurva

    @property
    def persen(self) -> str:
        return f"persen_{self.nomor}_{self.indeks}"

    @property
    def orang(self) -> str | None:
        return f"orang_{self.nomor}_{self.indeks}" if self.bawaan.batas == "min" else None

    @property
    def batas_label(self) -> str:
        return "paling banyak" if self.bawaan.batas == "maks" else "paling sedikit"


SLOT: tuple[SlotAturan, ...] = tuple(
    SlotAturan(predikat, n, i, rule)
    for n, predikat in enumerate(PREDIKAT_ORG)
    for i, rule in enumerate(aturan.ATURAN_KURVA_BAWAAN[predikat])
)


def jpt_field(nomor: int) -> str:
    return f"jpt_{nomor}"


def _tersimpan(konfig: aturan.KonfigurasiKurva, slot: SlotAturan) -> AturanKurva:
    """The stored rule in this slot, or the default when the stored list differs in shape."""
    stored = konfig.aturan_untuk(slot.predikat)
    if slot.indeks < len(stored):
        rule = stored[slot.indeks]
        if rule.kelompok == slot.bawaan.kelompok and rule.batas == slot.bawaan.batas:
            return rule
    return slot.bawaan


def nilai_awal(pengaturan: PengaturanPenilaian) -> dict[str, Any]:
    """The form's initial values from the instansi's configuration (defaults until saved)."""
    from kinerja.penilaian.services import konfigurasi_of

    konfig = konfigurasi_of(pengaturan)
    initial: dict[str, Any] = {
        "mode_kurva": pengaturan.mode_kurva,
        "ukuran_unit_kecil": pengaturan.ukuran_unit_kecil,
        "jendela_keberatan_hari": pengaturan.jendela_keberatan_hari,
    }
    for slot in SLOT:
        rule = _tersimpan(konfig, slot)
        initial[slot.persen] = rule.persen
        if slot.orang:
            initial[slot.orang] = rule.orang
    for n, predikat in enumerate(PREDIKAT_ORG):
        initial[jpt_field(n)] = aturan.rating_hasil_kerja_jpt(predikat, pengaturan.pemetaan_jpt)
    return initial


def nilai_bawaan() -> dict[str, Any]:
    """The defaults of domain.md, as the service takes them ("Kembalikan ke bawaan")."""
    return {
        "mode_kurva": ModeKurva.PERINGATAN.value,
        "ukuran_unit_kecil": aturan.UKURAN_UNIT_KECIL_BAWAAN,
        "jendela_keberatan_hari": aturan.JENDELA_KEBERATAN_BAWAAN,
        "aturan_kurva": aturan.aturan_ke_json(aturan.ATURAN_KURVA_BAWAAN),
        "pemetaan_jpt": dict(aturan.PEMETAAN_JPT_BAWAAN),
    }


class PengaturanForm(forms.Form):
    mode_kurva = forms.ChoiceField(
        label="Mode kurva distribusi",
        choices=ModeKurva.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih mode kurva distribusi.",
            "invalid_choice": "Mode kurva harus Peringatan atau Wajib.",
        },
    )
    ukuran_unit_kecil = _angka(
        "Ukuran unit kecil",
        1,
        1000,
        "pegawai",
        "Unit dengan pegawai dinilai kurang dari angka ini hanya mendapat saran; kurva tidak "
        "ditegakkan.",
    )
    jendela_keberatan_hari = _angka(
        "Jangka waktu keberatan",
        1,
        90,
        "hari",
        "Hari sejak hasil penilaian final diterima pegawai (PP 30/2019 Pasal 59: 14 hari).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in SLOT:
            nama = f"{slot.bawaan.nama_kelompok} {slot.batas_label}"
            label = f"{slot.predikat}: {nama} (%)"
            self.fields[slot.persen] = _angka(label, 0, 100, "persen")
            if slot.orang:
                label = f"{slot.predikat}: {nama} (orang)"
                self.fields[slot.orang] = _angka(label, 0, 1000, "orang")
        rating_choices = Rating.choices
        for n, predikat in enumerate(PREDIKAT_ORG):
            self.fields[jpt_field(n)] = forms.ChoiceField(
                label=f"Predikat organisasi {predikat}",
                choices=rating_choices,
                error_messages={
                    "required": f"Pilih rating hasil kerja JPT untuk {predikat}.",
                    "invalid_choice": f"Rating hasil kerja JPT untuk {predikat} tidak dikenal.",
                },
            )

    def baris_aturan(self) -> list[dict[str, Any]]:
        """The rules by predikat organisasi, for the template: the default text and the
        bound fields of each rule."""
        groups: dict[str, list[dict[str, Any]]] = {p: [] for p in PREDIKAT_ORG}
        for slot in SLOT:
            groups[slot.predikat].append(
                {
                    "slot": slot,
                    "persen": self[slot.persen],
                    "orang": self[slot.orang] if slot.orang else None,
                }
            )
        return [{"predikat": p, "aturan": rows} for p, rows in groups.items()]

    def baris_jpt(self) -> list[tuple[str, Any, str]]:
        """(predikat organisasi, bound select, default rating) for the JPT mapping table."""
        return [
            (p, self[jpt_field(n)], aturan.PEMETAAN_JPT_BAWAAN[p])
            for n, p in enumerate(PREDIKAT_ORG)
        ]

    def data_layanan(self) -> dict[str, Any]:
        """The cleaned values as services.simpan_pengaturan takes them."""
        data = self.cleaned_data
        rules: dict[str, list[dict[str, Any]]] = {p: [] for p in PREDIKAT_ORG}
        for slot in SLOT:
            rules[slot.predikat].append(
                AturanKurva(
                    slot.bawaan.kelompok,
                    slot.bawaan.batas,
                    data[slot.persen],
                    data[slot.orang] if slot.orang else 0,
                ).ke_json()
            )
        return {
            "mode_kurva": data["mode_kurva"],
            "ukuran_unit_kecil": data["ukuran_unit_kecil"],
            "jendela_keberatan_hari": data["jendela_keberatan_hari"],
            "aturan_kurva": rules,
            "pemetaan_jpt": {p: data[jpt_field(n)] for n, p in enumerate(PREDIKAT_ORG)},
        }
