"""Periods and deadlines as pure functions (no database): which periods a year has, the last
day to fill and to evaluate each of them, and the moment that day ends in the instansi's zone.

Rules (domain.md §4), all producing the last allowed *day*:
- akhir_bulan_berikut: the last day of the month after the period ends (Banda Aceh: TW I → 30
  April, TW IV and Tahunan → 31 January of the next year);
- tanggal_bulan_berikut: day D of the month after the period ends (Kapuas: monthly, by the
  15th), clamped to the month's length (D = 31 → 28/29 February, 30 April);
- tanggal_tetap: a date the admin types per period; we propose the first rule's date.
A deadline ends at 23:59:59 of its day in the instansi's zone (WIB/WITA/WIT).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAWI = ["I", "II", "III", "IV"]
ZONA_LABEL = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

# How many months one period of each kind spans.
BULAN_PER_PERIODE = {"Bulanan": 1, "Triwulanan": 3, "Semesteran": 6, "Tahunan": 12}
GRANULARITAS = ("Bulanan", "Triwulanan", "Semesteran")  # the periodic kinds an instansi picks


@dataclass(frozen=True)
class Periode:
    jenis: str
    nomor: int
    mulai: dt.date
    selesai: dt.date


def akhir_bulan(tahun: int, bulan: int) -> dt.date:
    return dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def periode_tahun(granularitas: str, tahun: int) -> list[Periode]:
    """The periodic periods of a year in order, then the annual one."""
    if granularitas not in GRANULARITAS:
        # "Tahunan" alone would yield the annual period twice (same jenis and nomor).
        raise ValueError(f"Granularitas periode tidak dikenal: {granularitas}")
    step = BULAN_PER_PERIODE[granularitas]
    periods = [
        Periode(
            granularitas,
            i + 1,
            dt.date(tahun, 1 + i * step, 1),
            akhir_bulan(tahun, (i + 1) * step),
        )
        for i in range(12 // step)
    ]
    periods.append(Periode("Tahunan", 1, dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)))
    return periods


def _bulan_berikut(tanggal: dt.date) -> tuple[int, int]:
    return (tanggal.year + 1, 1) if tanggal.month == 12 else (tanggal.year, tanggal.month + 1)


def batas_hari(aturan: str, selesai: dt.date, hari: int | None = None) -> dt.date:
    """The last day (inclusive) to act on a period that ends on `selesai`."""
    tahun, bulan = _bulan_berikut(selesai)
    if aturan == "tanggal_bulan_berikut":
        if not hari or not 1 <= hari <= 31:
            raise ValueError("Tanggal batas harus 1 sampai 31.")
        return dt.date(tahun, bulan, min(hari, calendar.monthrange(tahun, bulan)[1]))
    if aturan in ("akhir_bulan_berikut", "tanggal_tetap"):
        return akhir_bulan(tahun, bulan)
    raise ValueError(f"Aturan batas waktu tidak dikenal: {aturan}")


def akhir_hari(tanggal: dt.date, zona: str) -> dt.datetime:
    """23:59:59 of `tanggal` in the zone (what the user is told)."""
    return dt.datetime.combine(tanggal, dt.time(23, 59, 59), tzinfo=ZoneInfo(zona))


def sudah_lewat(tanggal: dt.date, zona: str, now: dt.datetime) -> bool:
    """True once the day `tanggal` has ended in the zone (from 00:00:00 of the next day)."""
    tutup = dt.datetime.combine(tanggal + dt.timedelta(days=1), dt.time(0), tzinfo=ZoneInfo(zona))
    return now >= tutup


def nama_periode(jenis: str, nomor: int, tahun: int) -> str:
    if jenis == "Bulanan":
        return f"{BULAN[nomor - 1]} {tahun}"
    if jenis == "Triwulanan":
        return f"Triwulan {ROMAWI[nomor - 1]} {tahun}"
    if jenis == "Semesteran":
        return f"Semester {ROMAWI[nomor - 1]} {tahun}"
    return f"Tahunan {tahun}"


def format_tanggal(tanggal: dt.date) -> str:
    return f"{tanggal.day} {BULAN[tanggal.month - 1]} {tanggal.year}"


def format_batas(tanggal: dt.date, zona: str) -> str:
    """ "30 April 2026 pukul 23.59.59 WIB" — how every locked message states a deadline."""
    return f"{format_tanggal(tanggal)} pukul 23.59.59 {ZONA_LABEL.get(zona, zona)}"
