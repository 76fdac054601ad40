"""The deadline rules as pure functions (no database): both seeds' tables, day D clamping, every
granularity in normal and leap years, the end of the day in WIB/WITA/WIT, and properties."""

import calendar
import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.pelaksanaan import jadwal

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
ZONES = [WIB, WITA, WIT]
GRANULARITAS = ["Bulanan", "Triwulanan", "Semesteran"]
UTC = dt.UTC
d = dt.date


def batas_tahun(granularitas: str, tahun: int, aturan: str, hari: int | None = None):
    return [
        (jadwal.nama_periode(p.jenis, p.nomor, tahun), p.mulai, p.selesai,
         jadwal.batas_hari(aturan, p.selesai, hari))
        for p in jadwal.periode_tahun(granularitas, tahun)
    ]  # fmt: skip


# --- The seeds ---------------------------------------------------------------------------------


def test_banda_aceh_table():
    """SE Wali Kota Banda Aceh 833/0690/2024: quarterly, end of the month after the period."""
    assert batas_tahun("Triwulanan", 2024, "akhir_bulan_berikut") == [
        ("Triwulan I 2024", d(2024, 1, 1), d(2024, 3, 31), d(2024, 4, 30)),
        ("Triwulan II 2024", d(2024, 4, 1), d(2024, 6, 30), d(2024, 7, 31)),
        ("Triwulan III 2024", d(2024, 7, 1), d(2024, 9, 30), d(2024, 10, 31)),
        ("Triwulan IV 2024", d(2024, 10, 1), d(2024, 12, 31), d(2025, 1, 31)),
        ("Tahunan 2024", d(2024, 1, 1), d(2024, 12, 31), d(2025, 1, 31)),
    ]


@pytest.mark.parametrize("tahun", [2024, 2025, 2026, 2028, 2100])
def test_banda_aceh_table_holds_every_year(tahun):
    got = [
        (b.month, b.day, b.year - tahun)
        for *_, b in batas_tahun("Triwulanan", tahun, "akhir_bulan_berikut")
    ]
    assert got == [(4, 30, 0), (7, 31, 0), (10, 31, 0), (1, 31, 1), (1, 31, 1)]  # fmt: skip


def test_kapuas_table():
    """SE Bupati Kapuas 800/012/MPPK-BKPSDM/KPS.2025: monthly, by the 15th of the next month."""
    rows = batas_tahun("Bulanan", 2025, "tanggal_bulan_berikut", 15)
    names = [r[0] for r in rows]
    assert names == [f"{b} 2025" for b in jadwal.BULAN] + ["Tahunan 2025"]
    expected = [d(2025, m + 1, 15) for m in range(1, 12)] + [d(2026, 1, 15), d(2026, 1, 15)]
    assert [r[3] for r in rows] == expected
    assert rows[1][1:] == (d(2025, 2, 1), d(2025, 2, 28), d(2025, 3, 15))
    assert rows[11][1:] == (d(2025, 12, 1), d(2025, 12, 31), d(2026, 1, 15))


# --- Day D clamping and the end of the next month ------------------------------------------------


@pytest.mark.parametrize(
    ("hari", "tahun", "expected"),
    [
        (31, 2024, d(2024, 2, 29)),  # leap
        (31, 2028, d(2028, 2, 29)),  # leap
        (31, 2026, d(2026, 2, 28)),
        (31, 2100, d(2100, 2, 28)),  # divisible by 100, not by 400: not leap
        (31, 2000, d(2000, 2, 29)),  # divisible by 400: leap
        (30, 2024, d(2024, 2, 29)),
        (30, 2026, d(2026, 2, 28)),
        (30, 2100, d(2100, 2, 28)),
        (29, 2024, d(2024, 2, 29)),
        (29, 2028, d(2028, 2, 29)),
        (29, 2026, d(2026, 2, 28)),
        (29, 2100, d(2100, 2, 28)),
        (28, 2026, d(2026, 2, 28)),
        (28, 2024, d(2024, 2, 28)),
        (1, 2026, d(2026, 2, 1)),
    ],
)
def test_day_d_in_february_is_clamped(hari, tahun, expected):
    januari = jadwal.periode_tahun("Bulanan", tahun)[0]
    assert jadwal.batas_hari("tanggal_bulan_berikut", januari.selesai, hari) == expected


@pytest.mark.parametrize(
    ("selesai", "hari", "expected"),
    [
        (d(2026, 3, 31), 31, d(2026, 4, 30)),  # TW I, April has 30 days
        (d(2026, 3, 31), 30, d(2026, 4, 30)),
        (d(2026, 5, 31), 31, d(2026, 6, 30)),
        (d(2026, 8, 31), 31, d(2026, 9, 30)),
        (d(2026, 10, 31), 31, d(2026, 11, 30)),
        (d(2026, 6, 30), 31, d(2026, 7, 31)),  # Semester I
        (d(2026, 12, 31), 31, d(2027, 1, 31)),  # into the next year
        (d(2026, 12, 31), 15, d(2027, 1, 15)),
        (d(2026, 11, 30), 31, d(2026, 12, 31)),
    ],
)
def test_day_d_in_short_and_long_months(selesai, hari, expected):
    assert jadwal.batas_hari("tanggal_bulan_berikut", selesai, hari) == expected


@pytest.mark.parametrize(
    ("selesai", "expected"),
    [
        (d(2024, 1, 31), d(2024, 2, 29)),
        (d(2028, 1, 31), d(2028, 2, 29)),
        (d(2026, 1, 31), d(2026, 2, 28)),
        (d(2100, 1, 31), d(2100, 2, 28)),
        (d(2026, 3, 31), d(2026, 4, 30)),
        (d(2026, 6, 30), d(2026, 7, 31)),
        (d(2026, 12, 31), d(2027, 1, 31)),
    ],
)
def test_end_of_next_month(selesai, expected):
    assert jadwal.batas_hari("akhir_bulan_berikut", selesai) == expected
    # A fixed date is typed by the admin; the proposal is the same end of the next month.
    assert jadwal.batas_hari("tanggal_tetap", selesai) == expected


@pytest.mark.parametrize("hari", [None, 0, -1, 32, 100])
def test_day_d_must_be_1_to_31(hari):
    with pytest.raises(ValueError, match="Tanggal batas harus 1 sampai 31"):
        jadwal.batas_hari("tanggal_bulan_berikut", d(2026, 3, 31), hari)


def test_day_d_is_ignored_by_the_other_rules():
    assert jadwal.batas_hari("akhir_bulan_berikut", d(2026, 3, 31), 15) == d(2026, 4, 30)


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="Aturan batas waktu tidak dikenal"):
        jadwal.batas_hari("minggu_depan", d(2026, 3, 31))


# --- The periods of a year -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granularitas", "count", "ends"),
    [
        ("Bulanan", 12, [jadwal.akhir_bulan(2026, m) for m in range(1, 13)]),
        ("Triwulanan", 4, [d(2026, 3, 31), d(2026, 6, 30), d(2026, 9, 30), d(2026, 12, 31)]),
        ("Semesteran", 2, [d(2026, 6, 30), d(2026, 12, 31)]),
    ],
)
def test_periods_of_each_granularity(granularitas, count, ends):
    periods = jadwal.periode_tahun(granularitas, 2026)
    periodic, annual = periods[:-1], periods[-1]
    assert len(periodic) == count
    assert [p.selesai for p in periodic] == ends
    assert [p.nomor for p in periodic] == list(range(1, count + 1))
    assert {p.jenis for p in periodic} == {granularitas}
    assert annual == jadwal.Periode("Tahunan", 1, d(2026, 1, 1), d(2026, 12, 31))


@pytest.mark.parametrize(("tahun", "days"), [(2024, 366), (2026, 365), (2028, 366), (2100, 365)])
@pytest.mark.parametrize("granularitas", GRANULARITAS)
def test_periods_cover_the_year_exactly(granularitas, tahun, days):
    periodic = jadwal.periode_tahun(granularitas, tahun)[:-1]
    assert periodic[0].mulai == d(tahun, 1, 1)
    assert periodic[-1].selesai == d(tahun, 12, 31)
    for before, after in itertools.pairwise(periodic):
        assert after.mulai == before.selesai + dt.timedelta(days=1)
    assert sum((p.selesai - p.mulai).days + 1 for p in periodic) == days


def test_february_and_semester_in_leap_years():
    assert jadwal.periode_tahun("Bulanan", 2024)[1].selesai == d(2024, 2, 29)
    assert jadwal.periode_tahun("Bulanan", 2026)[1].selesai == d(2026, 2, 28)
    assert jadwal.periode_tahun("Bulanan", 2100)[1].selesai == d(2100, 2, 28)
    s1_2024, s1_2026 = (jadwal.periode_tahun("Semesteran", y)[0] for y in (2024, 2026))
    assert (s1_2024.selesai - s1_2024.mulai).days + 1 == 182
    assert (s1_2026.selesai - s1_2026.mulai).days + 1 == 181


@pytest.mark.parametrize("granularitas", ["Tahunan", "Mingguan", ""])
def test_unknown_granularity_is_refused(granularitas):
    # "Tahunan" alone would produce the annual period twice.
    with pytest.raises(ValueError, match="Granularitas periode tidak dikenal"):
        jadwal.periode_tahun(granularitas, 2026)


def test_period_names():
    assert jadwal.nama_periode("Bulanan", 1, 2026) == "Januari 2026"
    assert jadwal.nama_periode("Bulanan", 12, 2026) == "Desember 2026"
    assert jadwal.nama_periode("Triwulanan", 4, 2026) == "Triwulan IV 2026"
    assert jadwal.nama_periode("Semesteran", 2, 2026) == "Semester II 2026"
    assert jadwal.nama_periode("Tahunan", 1, 2026) == "Tahunan 2026"


# --- The end of the day in the instansi's zone --------------------------------------------------


def at(zona: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zona))  # type: ignore[misc]


@pytest.mark.parametrize("zona", ZONES)
def test_open_until_235959_locked_from_midnight(zona):
    batas = d(2026, 4, 30)
    assert not jadwal.sudah_lewat(batas, zona, at(zona, 2026, 4, 30, 0, 0, 0))
    assert not jadwal.sudah_lewat(batas, zona, at(zona, 2026, 4, 30, 23, 59, 59))
    assert not jadwal.sudah_lewat(batas, zona, at(zona, 2026, 4, 30, 23, 59, 59, 999_999))
    assert jadwal.sudah_lewat(batas, zona, at(zona, 2026, 5, 1, 0, 0, 0))
    assert jadwal.sudah_lewat(batas, zona, at(zona, 2026, 5, 1, 0, 0, 1))
    assert jadwal.sudah_lewat(batas, zona, at(zona, 2027, 1, 1))


@pytest.mark.parametrize(
    ("zona", "utc_hour"),
    [(WIB, 17), (WITA, 16), (WIT, 15)],  # midnight of 1 May in UTC+7, +8, +9
)
def test_lock_moment_in_utc(zona, utc_hour):
    batas = d(2026, 4, 30)
    lock = dt.datetime(2026, 4, 30, utc_hour, tzinfo=UTC)
    assert jadwal.sudah_lewat(batas, zona, lock)
    assert not jadwal.sudah_lewat(batas, zona, lock - dt.timedelta(seconds=1))
    assert jadwal.akhir_hari(batas, zona) == lock - dt.timedelta(seconds=1)


def test_same_instant_open_in_wib_closed_in_wit():
    """15:30 UTC on 30 April: 22.30 WIB, 23.30 WITA, already 00.30 on 1 May WIT."""
    now = dt.datetime(2026, 4, 30, 15, 30, tzinfo=UTC)
    batas = d(2026, 4, 30)
    assert not jadwal.sudah_lewat(batas, WIB, now)
    assert not jadwal.sudah_lewat(batas, WITA, now)
    assert jadwal.sudah_lewat(batas, WIT, now)
    # An hour later WITA has closed too, WIB is still open.
    later = now + dt.timedelta(hours=1)
    assert [jadwal.sudah_lewat(batas, z, later) for z in ZONES] == [False, True, True]


def test_the_year_end_deadline_crosses_into_the_next_year():
    batas = jadwal.batas_hari("akhir_bulan_berikut", d(2025, 12, 31))  # Tahunan 2025
    assert not jadwal.sudah_lewat(batas, WIB, at(WIB, 2026, 1, 31, 23, 59, 59))
    assert jadwal.sudah_lewat(batas, WIB, at(WIB, 2026, 2, 1))


@pytest.mark.parametrize(
    ("zona", "label"), [(WIB, "WIB"), (WITA, "WITA"), (WIT, "WIT"), ("Asia/Tokyo", "Asia/Tokyo")]
)
def test_format_batas(zona, label):
    assert jadwal.format_batas(d(2026, 4, 30), zona) == f"30 April 2026 pukul 23.59.59 {label}"


def test_format_tanggal_and_akhir_hari():
    assert jadwal.format_tanggal(d(2025, 1, 5)) == "5 Januari 2025"
    end = jadwal.akhir_hari(d(2024, 2, 29), WITA)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)
    assert end.utcoffset() == dt.timedelta(hours=8)


# --- Properties ----------------------------------------------------------------------------------

years = st.integers(min_value=1901, max_value=2199)


@given(granularitas=st.sampled_from(GRANULARITAS), tahun=years)
def test_periods_partition_any_year(granularitas, tahun):
    periods = jadwal.periode_tahun(granularitas, tahun)
    periodic = periods[:-1]
    day = d(tahun, 1, 1)
    for p in periodic:
        assert p.mulai == day and p.mulai <= p.selesai and p.mulai.day == 1
        assert p.selesai == jadwal.akhir_bulan(p.selesai.year, p.selesai.month)
        day = p.selesai + dt.timedelta(days=1)
    assert day == d(tahun + 1, 1, 1)
    assert periods[-1].mulai == d(tahun, 1, 1) and periods[-1].selesai == d(tahun, 12, 31)


@given(tahun=years, bulan=st.integers(1, 12), hari=st.integers(1, 31))
def test_day_d_lands_in_the_next_month(tahun, bulan, hari):
    selesai = jadwal.akhir_bulan(tahun, bulan)
    batas = jadwal.batas_hari("tanggal_bulan_berikut", selesai, hari)
    following = selesai + dt.timedelta(days=1)
    assert (batas.year, batas.month) == (following.year, following.month)
    length = calendar.monthrange(batas.year, batas.month)[1]
    assert batas.day == min(hari, length)
    assert batas > selesai
    akhir = jadwal.batas_hari("akhir_bulan_berikut", selesai)
    assert batas <= akhir and akhir.day == length


@given(tahun=years, bulan=st.integers(1, 12), lo=st.integers(1, 31), hi=st.integers(1, 31))
def test_a_later_day_d_never_gives_an_earlier_deadline(tahun, bulan, lo, hi):
    selesai = jadwal.akhir_bulan(tahun, bulan)
    lo, hi = min(lo, hi), max(lo, hi)
    first = jadwal.batas_hari("tanggal_bulan_berikut", selesai, lo)
    assert first <= jadwal.batas_hari("tanggal_bulan_berikut", selesai, hi)


@given(
    batas=st.dates(min_value=d(1950, 1, 1), max_value=d(2150, 12, 31)),
    zona=st.sampled_from(ZONES),
    offset=st.integers(min_value=-3 * 86400, max_value=3 * 86400),
)
def test_locked_exactly_one_second_after_the_end_of_the_day(batas, zona, offset):
    now = jadwal.akhir_hari(batas, zona) + dt.timedelta(seconds=offset)
    assert jadwal.sudah_lewat(batas, zona, now) == (offset >= 1)
    # The same instant seen from UTC gives the same answer.
    assert jadwal.sudah_lewat(batas, zona, now.astimezone(UTC)) == (offset >= 1)


@given(batas=st.dates(min_value=d(1950, 1, 1), max_value=d(2150, 12, 31)))
def test_east_closes_first(batas):
    """Whenever WIB is locked, WITA and WIT are too (they are one and two hours ahead)."""
    for hour in range(24):
        now = dt.datetime.combine(batas, dt.time(hour), tzinfo=UTC)
        wib, wita, wit = (jadwal.sudah_lewat(batas, z, now) for z in ZONES)
        assert wib <= wita <= wit
