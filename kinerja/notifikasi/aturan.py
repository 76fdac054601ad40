"""When a deadline reminder is due, as pure functions (ADR 0008, "Deadline reminders").

A reminder for the deadline `batas` (the last allowed day) at offset n is due from
`saat(batas, n)`: n days before, at `jam` o'clock in the instansi's zone. The planner sends only
the latest due offset (`ember`), and nothing once the deadline has closed (00:00 of the next
day, `jadwal.sudah_lewat`): a worker that was down on H-7 and returns on H-5 sends one
reminder, worded from the real remaining days (`sisa_hari`, `sisa_teks`), not a burst.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from kinerja.pelaksanaan import jadwal


def saat(batas: dt.date, n: int, zona: str, jam: int) -> dt.datetime:
    """The instant the H-n reminder of `batas` is due: `jam`:00 local, n days before."""
    return dt.datetime.combine(batas - dt.timedelta(days=n), dt.time(jam), tzinfo=ZoneInfo(zona))


def ember(batas: dt.date, hari: Iterable[int], zona: str, now: dt.datetime, jam: int) -> int | None:
    """The offset due at `now` (the smallest n whose instant has come), or None when none has
    come yet or the deadline has closed."""
    if jadwal.sudah_lewat(batas, zona, now):
        return None
    due = [n for n in hari if saat(batas, n, zona, jam) <= now]
    return min(due) if due else None


def hari_ini(zona: str, now: dt.datetime) -> dt.date:
    """Today in the instansi's zone (a worker has no request, so no timezone.localdate())."""
    return now.astimezone(ZoneInfo(zona)).date()


def sisa_hari(batas: dt.date, zona: str, now: dt.datetime) -> int:
    """Whole days from today (in the zone) to the last allowed day: 0 on the day itself."""
    return (batas - hari_ini(zona, now)).days


def sisa_teks(sisa: int) -> str:
    """ "7 hari lagi", "besok", "hari ini" (the title's {sisa})."""
    if sisa <= 0:
        return "hari ini"
    if sisa == 1:
        return "besok"
    return f"{sisa} hari lagi"
