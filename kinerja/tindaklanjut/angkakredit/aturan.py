"""The law of angka kredit as pure functions (domain.md §6, PermenPANRB 1/2023). No database.

AK of one evaluation = koefisien tahunan of the jenjang × (months counted / 12) × the percentage
of the final Predikat Kinerja Pegawai (Sangat Baik 150%, Baik 100%, Butuh Perbaikan 75%,
Kurang/Misconduct 50%, Sangat Kurang 25%).

Rounding: the product is computed exactly in Decimal and rounded ONCE per evaluation to three
decimals with ROUND_HALF_UP (the "pembulatan ke atas pada angka 5" taught in school and used on
the official PAK forms; banker's rounding would print 0,312 for a Pemula rated Baik for a month,
3,75 / 12 = 0,3125, where people expect 0,313). Totals add the rounded rows, so the ledger's
column sums to the total shown.

Months: a calendar month counts for an evaluation when the 15th of that month lies in the
period it covers (the period ∩ the SKP). Contiguous SKPs (a mutasi ends one SKP and starts the
next the day after) share no 15th and leave none uncovered, so every month is counted exactly
once, in the SKP where the pegawai spent (about) most of it; a few days at either edge do not
add or drop a month.

Which evaluations count (no double counting, the seeds' "Angka Kredit Tahunan"): a month earns
AK once per pegawai. The final annual (Tahunan/Akhir) evaluation owns the months it covers; a
periodic evaluation earns only for its months that no final annual evaluation covers. Until the
annual result is final, the periodic results give a running figure for the year; once it is,
they are kept in the ledger but count zero months ("Digantikan evaluasi tahunan"). Months
before the start date of the pegawai's saldo awal count zero too: the AK awal covers them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja.penilaian.aturan import Predikat

# Percent of the annual koefisien earned per predikat (PermenPANRB 1/2023 Lampiran).
PERSENTASE: dict[str, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("150"),
    Predikat.BAIK: Decimal("100"),
    Predikat.BUTUH_PERBAIKAN: Decimal("75"),
    Predikat.KURANG: Decimal("50"),
    Predikat.SANGAT_KURANG: Decimal("25"),
}
TIGA_DESIMAL = Decimal("0.001")
HARI_PATOKAN = 15  # the day of a month that decides which coverage the month belongs to
NOL = Decimal("0.000")


def persentase(predikat: str) -> Decimal:
    """The percentage of a predikat (ValueError for anything else, e.g. a draft's "")."""
    try:
        return PERSENTASE[Predikat(predikat)]
    except ValueError as exc:
        raise ValueError(f"Predikat tidak dikenal: {predikat!r}") from exc


def angka_kredit(koefisien: Decimal, bulan: int, predikat: str) -> Decimal:
    """AK earned in `bulan` months at a jenjang's annual koefisien with this predikat,
    three decimals, ROUND_HALF_UP (see the module docstring)."""
    if bulan < 0:
        raise ValueError("Jumlah bulan tidak boleh negatif.")
    exact = Decimal(koefisien) * Decimal(bulan) * persentase(predikat) / Decimal(1200)
    return exact.quantize(TIGA_DESIMAL, rounding=ROUND_HALF_UP)


# --- Months ------------------------------------------------------------------------------


def nomor_bulan(day: dt.date) -> int:
    """A month as one integer (year·12 + month − 1), so month sets are plain int sets."""
    return day.year * 12 + day.month - 1


def awal_bulan(nomor: int) -> dt.date:
    return dt.date(nomor // 12, nomor % 12 + 1, 1)


def bulan_pertama(mulai: dt.date) -> int:
    """The first month whose 15th is on or after `mulai`."""
    return nomor_bulan(mulai) + (1 if mulai.day > HARI_PATOKAN else 0)


def bulan_tercakup(mulai: dt.date, selesai: dt.date) -> frozenset[int]:
    """The months (nomor_bulan) whose 15th lies in [mulai, selesai]; empty when mulai > selesai."""
    if mulai > selesai:
        return frozenset()
    first = bulan_pertama(mulai)
    last = nomor_bulan(selesai) - (1 if selesai.day < HARI_PATOKAN else 0)
    return frozenset(range(first, last + 1))


@dataclass(frozen=True)
class Cakupan:
    """One final evaluation as the ledger sees it."""

    kunci: int  # the evaluasi id
    tahunan: bool
    bulan: frozenset[int]


def bulan_dihitung(
    cakupan: Iterable[Cakupan], mulai_saldo: dt.date | None = None
) -> dict[int, frozenset[int]]:
    """The months each evaluation of ONE pegawai earns AK for: an annual one its own months, a
    periodic one its months not covered by any annual one; nothing before the saldo's start
    month (a saldo started on the 10th still owns that month: the 15th rule)."""
    rows = list(cakupan)
    tahunan: set[int] = set()
    for row in rows:
        if row.tahunan:
            tahunan |= row.bulan
    batas = bulan_pertama(mulai_saldo) if mulai_saldo else None
    out = {}
    for row in rows:
        months = row.bulan if row.tahunan else row.bulan - tahunan
        if batas is not None:
            months = frozenset(m for m in months if m >= batas)
        out[row.kunci] = frozenset(months)
    return out


# --- Progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kemajuan:
    """Progress of the cumulative AK toward one requirement (None: there is no next step)."""

    judul: str
    dibutuhkan: Decimal | None
    total: Decimal

    @property
    def ada(self) -> bool:
        return self.dibutuhkan is not None and self.dibutuhkan > 0

    @property
    def persen(self) -> int:
        """0..100, rounded down: 100 only when the requirement is met."""
        if not self.ada:
            return 0
        assert self.dibutuhkan is not None
        return max(0, min(100, int(self.total * 100 / self.dibutuhkan)))

    @property
    def kurang(self) -> Decimal:
        if not self.ada:
            return NOL
        assert self.dibutuhkan is not None
        return max(NOL, (self.dibutuhkan - self.total).quantize(TIGA_DESIMAL))

    @property
    def tercapai(self) -> bool:
        return self.ada and self.kurang == 0


def kemajuan(
    total: Decimal, ak_kenaikan_pangkat: Decimal | None, ak_kenaikan_jenjang: Decimal | None
) -> tuple[Kemajuan, Kemajuan]:
    return (
        Kemajuan("Kenaikan pangkat", ak_kenaikan_pangkat, total),
        Kemajuan("Kenaikan jenjang", ak_kenaikan_jenjang, total),
    )


# --- Display -----------------------------------------------------------------------------


def format_ak(value: Decimal | int | None, desimal: int = 3) -> str:
    """Indonesian notation: decimal comma, dot between thousands ("1.234,500"); "—" for None."""
    if value is None:
        return "—"
    q = Decimal(value).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    text = f"{q:,.{desimal}f}"  # 1,234.500
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_koefisien(value: Decimal | None) -> str:
    """A koefisien or requirement as the table prints it: 3,75 / 12,5 / 25 / —."""
    if value is None:
        return "—"
    text = format_ak(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def parse_ak(text: str) -> Decimal:
    """A number typed the Indonesian way ("12,5", "1.234,5") or with a point ("12.5")."""
    raw = (text or "").strip().replace(" ", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    return Decimal(raw)
