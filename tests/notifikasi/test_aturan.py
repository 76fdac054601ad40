"""When a reminder is due (notifikasi.aturan): every edge of `saat` and `ember`, the wording of
the remaining days, and the WIB/WITA/WIT example of ADR 0008."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kinerja.notifikasi import aturan

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
UTC = dt.UTC
BATAS = dt.date(2026, 4, 30)
HARI = [7, 3, 1]


def lokal(zona: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zona))  # type: ignore[misc]


def test_saat_is_the_local_hour_n_days_before():
    assert aturan.saat(BATAS, 7, WIB, 7) == lokal(WIB, 2026, 4, 23, 7)
    assert aturan.saat(BATAS, 7, WIB, 7) == dt.datetime(2026, 4, 23, 0, tzinfo=UTC)
    assert aturan.saat(BATAS, 7, WITA, 7) == dt.datetime(2026, 4, 22, 23, tzinfo=UTC)
    assert aturan.saat(BATAS, 7, WIT, 7) == dt.datetime(2026, 4, 22, 22, tzinfo=UTC)
    assert aturan.saat(BATAS, 0, WIB, 0) == lokal(WIB, 2026, 4, 30, 0)
    # Across a month and a year.
    assert aturan.saat(dt.date(2027, 1, 2), 3, WIT, 23) == lokal(WIT, 2026, 12, 30, 23)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (lokal(WIB, 2026, 4, 23, 6, 59, 59), None),  # one second before H-7
        (lokal(WIB, 2026, 4, 23, 7), 7),  # 07:00 exactly
        (lokal(WIB, 2026, 4, 26, 23, 59, 59), 7),  # still the H-7 bucket
        (lokal(WIB, 2026, 4, 27, 6, 59), 7),
        (lokal(WIB, 2026, 4, 27, 7), 3),
        (lokal(WIB, 2026, 4, 29, 7), 1),
        (lokal(WIB, 2026, 4, 30, 12), 1),  # the day itself: no H-0 configured, H-1 stays
        (lokal(WIB, 2026, 4, 30, 23, 59, 59), 1),  # the last second the period is open
        (lokal(WIB, 2026, 5, 1, 0), None),  # the closing instant
        (lokal(WIB, 2026, 5, 20, 9), None),
        (lokal(WIB, 2026, 1, 1, 7), None),  # long before
    ],
)
def test_ember_edges(now, expected):
    assert aturan.ember(BATAS, HARI, WIB, now, 7) == expected


def test_ember_catch_up_sends_only_the_latest_bucket():
    """Down on H-7, back on H-5: the H-7 bucket once (worded "5 hari lagi"), then H-3."""
    now = lokal(WITA, 2026, 4, 25, 10)
    assert aturan.ember(BATAS, HARI, WITA, now, 7) == 7
    assert aturan.sisa_teks(aturan.sisa_hari(BATAS, WITA, now)) == "5 hari lagi"
    # Back only on H-2: the H-3 bucket, not H-7 as well.
    assert aturan.ember(BATAS, HARI, WITA, lokal(WITA, 2026, 4, 28, 8), 7) == 3


def test_ember_with_h0_and_unordered_offsets():
    assert aturan.ember(BATAS, [1, 0, 5], WIT, lokal(WIT, 2026, 4, 30, 7), 7) == 0
    assert aturan.ember(BATAS, [1, 0, 5], WIT, lokal(WIT, 2026, 4, 30, 6), 7) == 1
    assert aturan.ember(BATAS, [], WIT, lokal(WIT, 2026, 4, 30, 6), 7) is None


def test_ember_at_midnight_hour():
    """jam 0: the H-1 reminder is due at 00:00 of the day before."""
    assert aturan.ember(BATAS, [1], WIB, lokal(WIB, 2026, 4, 28, 23, 59), 0) is None
    assert aturan.ember(BATAS, [1], WIB, lokal(WIB, 2026, 4, 29, 0), 0) == 1


def test_adr_example_one_utc_instant_in_three_zones():
    """Deadline 30 April, H-7 due 23 April 07:00 local."""
    now = dt.datetime(2026, 4, 22, 23, 30, tzinfo=UTC)
    assert aturan.ember(BATAS, HARI, WIB, now, 7) is None  # 06:30 WIB
    assert aturan.ember(BATAS, HARI, WITA, now, 7) == 7  # 07:30 WITA
    assert aturan.ember(BATAS, HARI, WIT, now, 7) == 7  # 08:30 WIT
    late = dt.datetime(2026, 4, 30, 16, 30, tzinfo=UTC)
    assert aturan.ember(BATAS, HARI, WIB, late, 7) == 1  # 23:30 WIB: still open, H-1
    assert aturan.ember(BATAS, HARI, WITA, late, 7) is None  # 00:30 WITA, 1 May: closed
    assert aturan.ember(BATAS, HARI, WIT, late, 7) is None  # 01:30 WIT: closed
    assert aturan.ember(BATAS, [0, 1, 3, 7, 60], WIT, late, 7) is None  # whatever the setting


@pytest.mark.parametrize(
    ("now", "sisa", "teks"),
    [
        (lokal(WIB, 2026, 4, 23, 7), 7, "7 hari lagi"),
        (lokal(WIB, 2026, 4, 28, 0), 2, "2 hari lagi"),
        (lokal(WIB, 2026, 4, 29, 23, 59), 1, "besok"),
        (lokal(WIB, 2026, 4, 30, 0), 0, "hari ini"),
        (lokal(WIB, 2026, 4, 30, 23, 59, 59), 0, "hari ini"),
    ],
)
def test_sisa_counts_local_days(now, sisa, teks):
    assert aturan.sisa_hari(BATAS, WIB, now) == sisa
    assert aturan.sisa_teks(sisa) == teks


def test_sisa_depends_on_the_zone():
    now = dt.datetime(2026, 4, 28, 16, 30, tzinfo=UTC)  # 23:30 WIB, 01:30 WIT next day
    assert aturan.sisa_hari(BATAS, WIB, now) == 2
    assert aturan.sisa_hari(BATAS, WIT, now) == 1
    assert aturan.hari_ini(WITA, now) == dt.date(2026, 4, 29)
