"""The atasan rule (domain.md §1-2), as pure functions over plain ids.

The atasan of a pegawai is the leader of their unit; for the leader themself (or when the unit
is vacant) it is the leader of the nearest unit above. A manual override wins. Acting officials
count: during its window a PLH takes precedence over a PLT, and both over the definitif holder.
Whoever holds a unit's leader position (definitif, PLT or PLH) skips that unit when looking for
their own atasan: a definitif kepala does not report to the PLH standing in for them.
"""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

# Higher wins when several people hold a unit's leader position on the same day.
PRECEDENCE = {"PLH": 3, "PLT": 2, "Definitif": 1}


@dataclass(frozen=True)
class LeaderRow:
    unor_id: int
    pegawai_id: int
    jenis_penugasan: str
    berlaku_mulai: dt.date


def pick_leaders(rows: Iterable[LeaderRow]) -> dict[int, int]:
    """unit id -> pegawai id of its leader, from the leader-position rows valid on a day."""
    best: dict[int, LeaderRow] = {}
    for row in rows:
        current = best.get(row.unor_id)
        if current is None or _rank(row) > _rank(current):
            best[row.unor_id] = row
    return {unor_id: row.pegawai_id for unor_id, row in best.items()}


def _rank(row: LeaderRow) -> tuple[int, dt.date, int]:
    return (PRECEDENCE.get(row.jenis_penugasan, 0), row.berlaku_mulai, row.pegawai_id)


def resolve_atasan(
    pegawai_id: int,
    unit_chain: list[int],
    leader_of: Mapping[int, int],
    override_id: int | None = None,
    held: Collection[int] = (),
) -> int | None:
    """The atasan's pegawai id, or None at the top of the tree.

    unit_chain: the pegawai's unit followed by its ancestors, nearest first.
    held: the units whose leader position this pegawai holds on the day (any penugasan).
    """
    if override_id is not None and override_id != pegawai_id:
        return override_id
    for unit_id in unit_chain:
        leader = leader_of.get(unit_id)
        if leader is not None and leader != pegawai_id and unit_id not in held:
            return leader
    return None


def chain_from_path(path: str) -> list[int]:
    """ "/1/5/9/" -> [9, 5, 1]: the unit and its ancestors, nearest first."""
    return [int(part) for part in reversed(path.strip("/").split("/")) if part]
