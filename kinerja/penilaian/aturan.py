"""The law of stage 3 as pure functions (domain.md §5): the predikat matrix, the JPT mapping,
the kurva distribusi rules and the keberatan window. No database; exhaustively tested.

Labels are the official ones and appear exactly so in the UI, exports and the API.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models

from kinerja.pelaksanaan import jadwal


class Rating(models.TextChoices):
    DI_ATAS = "Di Atas Ekspektasi", "Di Atas Ekspektasi"
    SESUAI = "Sesuai Ekspektasi", "Sesuai Ekspektasi"
    DI_BAWAH = "Di Bawah Ekspektasi", "Di Bawah Ekspektasi"


class Predikat(models.TextChoices):
    SANGAT_BAIK = "Sangat Baik", "Sangat Baik"
    BAIK = "Baik", "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan", "Butuh Perbaikan"
    KURANG = "Kurang/Misconduct", "Kurang/Misconduct"
    SANGAT_KURANG = "Sangat Kurang", "Sangat Kurang"


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = "Istimewa", "Istimewa"
    BAIK = "Baik", "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan", "Butuh Perbaikan"
    KURANG = "Kurang", "Kurang"
    SANGAT_KURANG = "Sangat Kurang", "Sangat Kurang"


class ModeKurva(models.TextChoices):
    PERINGATAN = "peringatan", "Peringatan (hanya mengingatkan)"
    WAJIB = "wajib", "Wajib (finalisasi ditolak sampai kurva terpenuhi)"


# Guidance shown next to the choices (domain.md §5).
PANDUAN_HASIL_KERJA = {
    Rating.DI_ATAS: "Sebagian besar atau seluruh hasil kerja melampaui ekspektasi dan tidak ada "
    "hasil kerja utama yang di bawah ekspektasi.",
    Rating.SESUAI: "Sebagian besar hasil kerja memenuhi ekspektasi.",
    Rating.DI_BAWAH: "Sebagian besar hasil kerja di bawah ekspektasi.",
}
PANDUAN_PERILAKU = {
    Rating.DI_ATAS: "Perilaku kerja secara umum melampaui ekspektasi pada nilai-nilai BerAKHLAK.",
    Rating.SESUAI: "Perilaku kerja secara umum sesuai ekspektasi pada nilai-nilai BerAKHLAK.",
    Rating.DI_BAWAH: "Perilaku kerja secara umum di bawah ekspektasi pada nilai-nilai BerAKHLAK.",
}

# --- Predikat Kinerja Pegawai: the matrix, never typed, never averaged ------------------------

MATRIKS: dict[tuple[str, str], str] = {
    # (rating hasil kerja, rating perilaku kerja) -> predikat
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat_pegawai(hasil_kerja: str, perilaku: str) -> str:
    """Predikat Kinerja Pegawai from the two ratings (ValueError for anything else)."""
    try:
        return MATRIKS[Rating(hasil_kerja), Rating(perilaku)]
    except ValueError as exc:
        raise ValueError(f"Rating tidak dikenal: {hasil_kerja!r} / {perilaku!r}") from exc


# --- JPT: rating hasil kerja follows the unit's predikat organisasi ---------------------------

PEMETAAN_JPT_BAWAAN: dict[str, str] = {
    PredikatOrganisasi.ISTIMEWA: Rating.DI_ATAS,
    PredikatOrganisasi.BAIK: Rating.SESUAI,
    PredikatOrganisasi.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
    PredikatOrganisasi.KURANG: Rating.DI_BAWAH,
    PredikatOrganisasi.SANGAT_KURANG: Rating.DI_BAWAH,
}


def rating_hasil_kerja_jpt(predikat_organisasi: str, pemetaan: Mapping[str, str] | None) -> str:
    """The JPT's Rating Hasil Kerja for the unit's predikat organisasi (instansi mapping over
    the default; an incomplete or broken mapping falls back per predikat to the default)."""
    predikat = PredikatOrganisasi(predikat_organisasi)
    chosen = (pemetaan or {}).get(predikat)
    if chosen in Rating.values:
        return str(chosen)
    return PEMETAAN_JPT_BAWAAN[predikat]


# --- Kurva distribusi (SE MenPANRB 3/2023) --------------------------------------------------


@dataclass(frozen=True)
class AturanKurva:
    """One rule on the share of a group of predikat among the pegawai rated in a unit:
    `maks`: at most `persen`% of them; `min`: at least `persen`% and at least `orang` people."""

    kelompok: tuple[str, ...]
    batas: str  # "maks" | "min"
    persen: int
    orang: int = 0

    @property
    def nama_kelompok(self) -> str:
        return " + ".join(self.kelompok)

    @property
    def teks(self) -> str:
        if self.batas == "maks":
            if self.persen == 0:
                return f"{self.nama_kelompok} tidak boleh ada (0%)"
            return f"{self.nama_kelompok} paling banyak {self.persen}%"
        if self.persen == 0:
            return f"{self.nama_kelompok} paling sedikit {self.orang} orang"
        return f"{self.nama_kelompok} paling sedikit {self.persen}%"

    def rentang(self, n: int) -> tuple[int, int]:
        """(least, most) people of the group allowed among n rated. Integer arithmetic:
        share ≤ p% ⇔ count·100 ≤ p·n, so the bound is exact, never a float rounding."""
        if self.batas == "maks":
            return 0, (self.persen * n) // 100
        least = -((-self.persen * n) // 100)  # ceil
        return min(n, max(least, self.orang)), n

    def ke_json(self) -> dict[str, Any]:
        return {
            "kelompok": list(self.kelompok),
            "batas": self.batas,
            "persen": self.persen,
            "orang": self.orang,
        }


SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK.value,
    Predikat.BAIK.value,
    Predikat.BUTUH_PERBAIKAN.value,
    Predikat.KURANG.value,
    Predikat.SANGAT_KURANG.value,
)

ATURAN_KURVA_BAWAAN: dict[str, tuple[AturanKurva, ...]] = {
    PredikatOrganisasi.ISTIMEWA: (AturanKurva((SB,), "maks", 70),),
    PredikatOrganisasi.BAIK: (
        AturanKurva((B,), "maks", 70),
        AturanKurva((BP, K), "min", 0, orang=1),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        AturanKurva((BP,), "min", 60),
        AturanKurva((SB,), "maks", 10),
    ),
    PredikatOrganisasi.KURANG: (
        AturanKurva((K,), "min", 60),
        AturanKurva((BP,), "min", 10),
        AturanKurva((SB,), "maks", 10),
    ),
    PredikatOrganisasi.SANGAT_KURANG: (
        AturanKurva((SK,), "min", 60),
        AturanKurva((K, BP), "min", 10),
        AturanKurva((SB,), "maks", 0),
    ),
}

UKURAN_UNIT_KECIL_BAWAAN = 5


@dataclass(frozen=True)
class KonfigurasiKurva:
    aturan: Mapping[str, tuple[AturanKurva, ...]] = field(
        default_factory=lambda: ATURAN_KURVA_BAWAAN
    )
    ukuran_unit_kecil: int = UKURAN_UNIT_KECIL_BAWAAN
    mode: str = ModeKurva.PERINGATAN

    def aturan_untuk(self, predikat_organisasi: str) -> tuple[AturanKurva, ...]:
        return tuple(self.aturan.get(predikat_organisasi, ()))


def aturan_dari_json(data: Mapping[str, Any] | None) -> dict[str, tuple[AturanKurva, ...]]:
    """The instansi's stored rules over the defaults: each predikat organisasi present in `data`
    replaces its default list; rows that are not well formed are ignored."""
    result = dict(ATURAN_KURVA_BAWAAN)
    for predikat, rows in (data or {}).items():
        if predikat not in PredikatOrganisasi.values or not isinstance(rows, list):
            continue
        parsed = []
        for row in rows:
            try:
                kelompok = tuple(dict.fromkeys(str(x) for x in row["kelompok"]))
                aturan = AturanKurva(
                    kelompok, str(row["batas"]), int(row["persen"]), int(row.get("orang", 0))
                )
            except (KeyError, TypeError, ValueError, OverflowError):
                continue
            if (
                kelompok
                and set(kelompok) <= set(Predikat.values)
                and aturan.batas in ("maks", "min")
                and 0 <= aturan.persen <= 100
                and aturan.orang >= 0
            ):
                parsed.append(aturan)
        result[predikat] = tuple(parsed)
    return result


def aturan_ke_json(aturan: Mapping[str, tuple[AturanKurva, ...]]) -> dict[str, Any]:
    return {k: [a.ke_json() for a in v] for k, v in aturan.items()}


@dataclass(frozen=True)
class Pelanggaran:
    aturan: AturanKurva
    jumlah: int  # people of the group now
    n: int  # people rated
    selisih: int  # how many people too many (maks) or too few (min)

    @property
    def pesan(self) -> str:
        if self.aturan.batas == "maks":
            _, most = self.aturan.rentang(self.n)
            return (
                f"{self.aturan.teks}: saat ini {self.jumlah} dari {self.n} orang, paling banyak "
                f"{most} orang; kurangi {self.selisih} orang."
            )
        least, _ = self.aturan.rentang(self.n)
        return (
            f"{self.aturan.teks}: saat ini {self.jumlah} dari {self.n} orang, paling sedikit "
            f"{least} orang; kurang {self.selisih} orang."
        )


def hitung_kelompok(jumlah: Mapping[str, int], kelompok: tuple[str, ...]) -> int:
    return sum(jumlah.get(p, 0) for p in kelompok)


def periksa_kurva(
    predikat_organisasi: str, jumlah: Mapping[str, int], aturan: tuple[AturanKurva, ...]
) -> list[Pelanggaran]:
    """The rules the distribution `jumlah` (predikat -> people) breaks; none for nobody rated."""
    n = sum(jumlah.values())
    if n == 0:
        return []
    broken = []
    for rule in aturan:
        count = hitung_kelompok(jumlah, rule.kelompok)
        least, most = rule.rentang(n)
        if count > most:
            broken.append(Pelanggaran(rule, count, n, count - most))
        elif count < least:
            broken.append(Pelanggaran(rule, count, n, least - count))
    return broken


@dataclass(frozen=True)
class HasilKurva:
    predikat_organisasi: str
    jumlah: dict[str, int]
    pelanggaran: list[Pelanggaran]
    unit_kecil: bool
    mode: str

    @property
    def n(self) -> int:
        return sum(self.jumlah.values())

    @property
    def terpenuhi(self) -> bool:
        return not self.pelanggaran

    @property
    def menghalangi(self) -> bool:
        """Finalisation is refused: mode wajib, a unit of enforceable size, a rule broken."""
        return self.mode == ModeKurva.WAJIB and not self.unit_kecil and bool(self.pelanggaran)

    def persen(self, predikat: str) -> float:
        return 100.0 * self.jumlah.get(predikat, 0) / self.n if self.n else 0.0


def nilai_kurva(
    predikat_organisasi: str, jumlah: Mapping[str, int], konfigurasi: KonfigurasiKurva
) -> HasilKurva:
    """The unit's distribution against its rules. Units with fewer rated pegawai than
    `ukuran_unit_kecil` get advice, never enforcement."""
    counts = {p: int(jumlah.get(p, 0)) for p in Predikat.values}
    aturan = konfigurasi.aturan_untuk(predikat_organisasi)
    return HasilKurva(
        predikat_organisasi=predikat_organisasi,
        jumlah=counts,
        pelanggaran=periksa_kurva(predikat_organisasi, counts, aturan),
        unit_kecil=sum(counts.values()) < konfigurasi.ukuran_unit_kecil,
        mode=konfigurasi.mode,
    )


def efek_pilihan_berikut(
    predikat_organisasi: str, jumlah: Mapping[str, int], konfigurasi: KonfigurasiKurva
) -> dict[str, HasilKurva]:
    """What one more pegawai rated with each predikat would do to the unit's distribution."""
    result = {}
    for predikat in Predikat.values:
        after = dict(jumlah)
        after[predikat] = after.get(predikat, 0) + 1
        result[predikat] = nilai_kurva(predikat_organisasi, after, konfigurasi)
    return result


def ganti_satu(jumlah: Mapping[str, int], dari: str | None, ke: str | None) -> dict[str, int]:
    """The distribution after one pegawai moves from predikat `dari` to `ke` (None = unrated)."""
    after = {p: int(jumlah.get(p, 0)) for p in Predikat.values}
    if dari:
        after[dari] = max(0, after[dari] - 1)
    if ke:
        after[ke] += 1
    return after


# --- Keberatan window (PP 30/2019 Pasal 59) -------------------------------------------------

JENDELA_KEBERATAN_BAWAAN = 14


def batas_keberatan(diberitahu_at: dt.datetime, hari: int, zona: str) -> dt.date:
    """The last day (inclusive, in the instansi's zone) to file a keberatan: `hari` days after
    the day the pegawai was notified of the final result."""
    lokal = diberitahu_at.astimezone(ZoneInfo(zona)).date()
    return lokal + dt.timedelta(days=hari)


def keberatan_terbuka(diberitahu_at: dt.datetime, hari: int, zona: str, now: dt.datetime) -> bool:
    return not jadwal.sudah_lewat(batas_keberatan(diberitahu_at, hari, zona), zona, now)
