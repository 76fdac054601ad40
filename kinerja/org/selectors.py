"""Reads of master data, always scoped to what the user may see. One read path per screen."""

import datetime as dt
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from kinerja.org.atasan import LeaderRow, chain_from_path, pick_leaders, resolve_atasan
from kinerja.org.models import Instansi, Pegawai, RiwayatJabatan, UnitOrganisasi

PAGE_SIZE = 25


def _active_on(day: dt.date) -> Q:
    return Q(berlaku_mulai__lte=day) & (Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=day))


def leader_rows(instansi_id: int, day: dt.date) -> QuerySet[RiwayatJabatan]:
    """Rows of aktif pegawai holding a unit's leader position (any penugasan) on the day."""
    return RiwayatJabatan.objects.filter(
        _active_on(day),
        instansi_id=instansi_id,
        jabatan_id=F("unor__jabatan_pimpinan_id"),
        pegawai__aktif=True,
    )


_ROW = ("unor_id", "pegawai_id", "jenis_penugasan", "berlaku_mulai")


def leaders_of_units(instansi_id: int, unit_ids: list[int] | None, day: dt.date) -> dict[int, int]:
    """unit id -> leader pegawai id for the given units (all units when None). One query."""
    rows = leader_rows(instansi_id, day)
    if unit_ids is not None:
        rows = rows.filter(unor_id__in=unit_ids)
    return pick_leaders(LeaderRow(*values) for values in rows.values_list(*_ROW))


def atasan_id_of(pegawai: Pegawai, day: dt.date | None = None) -> int | None:
    """The rule of atasan.py for one pegawai: at most one query (none with an override)."""
    override = pegawai.atasan_override_id
    if override is not None and override != pegawai.pk:
        return override
    day = day or dt.date.today()
    chain = chain_from_path(pegawai.unor.path) if pegawai.unor_id and pegawai.unor else []
    if not chain:
        return None
    rows = [
        LeaderRow(*values)
        for values in leader_rows(pegawai.instansi_id, day)
        .filter(unor_id__in=chain)
        .values_list(*_ROW)
    ]
    held = {row.unor_id for row in rows if row.pegawai_id == pegawai.pk}
    return resolve_atasan(pegawai.pk, chain, pick_leaders(rows), held=held)


def atasan_semua(instansi_id: int, day: dt.date) -> dict[int, int | None]:
    """atasan_id_of() of every aktif pegawai of the instansi (pegawai id -> atasan id), so the
    inverse of bawahan_of() too: three queries whatever the size (the reminder digests)."""
    rows = [LeaderRow(*v) for v in leader_rows(instansi_id, day).values_list(*_ROW)]
    leaders = pick_leaders(rows)
    held: dict[int, set[int]] = {}  # every holder skips the units they hold, winner or not
    for row in rows:
        held.setdefault(row.pegawai_id, set()).add(row.unor_id)
    paths = dict(UnitOrganisasi.objects.filter(instansi_id=instansi_id).values_list("id", "path"))
    result: dict[int, int | None] = {}
    for pk, unor_id, override in Pegawai.objects.filter(
        instansi_id=instansi_id, aktif=True
    ).values_list("id", "unor_id", "atasan_override_id"):
        chain = chain_from_path(paths.get(unor_id, "")) if unor_id else []
        result[pk] = resolve_atasan(pk, chain, leaders, override, held.get(pk, ()))
    return result


def atasan_of(pegawai: Pegawai, day: dt.date | None = None) -> Pegawai | None:
    atasan_id = atasan_id_of(pegawai, day)
    if atasan_id is None:
        return None
    return Pegawai.objects.select_related("jabatan", "unor", "golongan").get(pk=atasan_id)


def bawahan_of(pegawai: Pegawai, day: dt.date | None = None) -> QuerySet[Pegawai]:
    """Every aktif pegawai whose atasan_id_of() is this pegawai: its exact inverse (the tests
    prove it on random trees). Four queries at most, whatever the size of the subtree."""
    day = day or dt.date.today()
    base = Pegawai.objects.filter(instansi_id=pegawai.instansi_id, aktif=True).exclude(
        pk=pegawai.pk
    )
    by_override = Q(atasan_override_id=pegawai.pk)
    roots = _units_led_by(pegawai, day)
    if not roots:
        return base.filter(by_override)
    staff_units, holders, leaders = _tree_bawahan(pegawai, roots, day)
    no_override = Q(atasan_override__isnull=True) | Q(atasan_override_id=F("pk"))
    by_tree = (Q(unor_id__in=staff_units) & ~Q(pk__in=holders)) | Q(pk__in=leaders)
    return base.filter(by_override | (no_override & by_tree))


def _units_led_by(pegawai: Pegawai, day: dt.date) -> list[str]:
    """Paths of the units this pegawai leads on the day (winning over any other holder)."""
    rows = leader_rows(pegawai.instansi_id, day)
    mine = rows.filter(pegawai_id=pegawai.pk).values("unor_id")
    values = list(rows.filter(unor_id__in=mine).values_list(*_ROW, "unor__path"))
    leaders = pick_leaders(LeaderRow(*v[:4]) for v in values)
    return sorted({v[4] for v in values if leaders[v[0]] == pegawai.pk})


def _tree_bawahan(
    pegawai: Pegawai, root_paths: list[str], day: dt.date
) -> tuple[set[int], set[int], set[int]]:
    """Below the units this pegawai leads: (units whose plain staff report to them,
    leader-position holders based in those units, holders who report to them)."""
    subtree = Q()
    for path in root_paths:
        subtree |= Q(path__startswith=path)
    parent = dict(
        UnitOrganisasi.objects.filter(subtree, instansi_id=pegawai.instansi_id).values_list(
            "id", "induk_id"
        )
    )
    values = list(
        leader_rows(pegawai.instansi_id, day)
        .filter(unor_id__in=list(parent))
        .values_list(*_ROW, "pegawai__unor_id")
    )
    leader_of = pick_leaders(LeaderRow(*v[:4]) for v in values)
    held: dict[int, set[int]] = {}
    home_unit: dict[int, int | None] = {}
    for unit_id, holder_id, *_rest, holder_unit in values:
        held.setdefault(unit_id, set()).add(holder_id)
        home_unit[holder_id] = holder_unit

    def atasan_from(unit_id: int | None, who: int | None) -> int | None:
        """resolve_atasan walking up from a unit, for a holder (who) or plain staff (None)."""
        while unit_id in parent:
            holders = held.get(unit_id)
            if holders and who not in holders:
                return leader_of[unit_id]
            unit_id = parent[unit_id]
        return None

    me = pegawai.pk
    staff_units = {u for u in parent if atasan_from(u, None) == me}
    holders = {h for h, u in home_unit.items() if u in staff_units}
    leaders = {h for h, u in home_unit.items() if h != me and atasan_from(u, h) == me}
    return staff_units, holders, leaders


# --- Screens --------------------------------------------------------------------------------


def pegawai_for_user(user: Any, pk: int) -> Pegawai:
    """A pegawai the user may see, or 404: admins of the same instansi, the pegawai, the atasan."""
    qs = Pegawai.objects.select_related(
        "instansi", "jabatan", "jabatan__jenjang", "unor", "golongan", "atasan_override"
    )
    if not user.is_admin_nasional:
        qs = qs.filter(instansi_id=user.instansi_id)
    pegawai = qs.filter(pk=pk).first()
    if pegawai is None:
        raise Http404
    if user.is_admin_nasional or user.is_admin_instansi or user.pegawai_id == pegawai.pk:
        return pegawai
    if user.pegawai_id and atasan_id_of(pegawai) == user.pegawai_id:
        return pegawai
    raise Http404


def search_pegawai(instansi_id: int, q: str = "", unor_id: int | None = None) -> QuerySet[Pegawai]:
    """The pegawai list of an instansi, searchable by NIP prefix or part of the name."""
    qs = Pegawai.objects.filter(instansi_id=instansi_id).select_related(
        "jabatan", "unor", "golongan"
    )
    q = q.strip()
    if q.replace(" ", "").isdigit():
        digits = q.replace(" ", "")
        # A range on the indexed text column instead of LIKE, so both databases use the index.
        qs = qs.filter(nip__gte=digits, nip__lt=digits + "a")
    elif q:
        qs = qs.filter(nama__icontains=q)
    if unor_id:
        qs = qs.filter(unor_id=unor_id)
    return qs.order_by("nama", "id")


def riwayat_of(pegawai: Pegawai) -> QuerySet[RiwayatJabatan]:
    return RiwayatJabatan.objects.filter(
        instansi_id=pegawai.instansi_id, pegawai=pegawai
    ).select_related("jabatan", "unor")


def unit_children(instansi_id: int, induk_id: int | None) -> list[dict[str, Any]]:
    """One level of the unor tree with child and pegawai counts (three queries, two when the
    level is empty)."""
    units = list(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, induk_id=induk_id)
        .select_related("jabatan_pimpinan")
        .order_by("nama")
    )
    ids = [u.pk for u in units]

    child_counts = dict(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, induk_id__in=ids)
        .values("induk_id")
        .annotate(n=Count("id"))
        .values_list("induk_id", "n")
    )
    pegawai_counts = dict(
        Pegawai.objects.filter(instansi_id=instansi_id, unor_id__in=ids)
        .values("unor_id")
        .annotate(n=Count("id"))
        .values_list("unor_id", "n")
    )
    return [
        {"unit": u, "children": child_counts.get(u.pk, 0), "pegawai": pegawai_counts.get(u.pk, 0)}
        for u in units
    ]


def unit_for_user(user: Any, pk: int) -> UnitOrganisasi:
    qs = UnitOrganisasi.objects.select_related("jabatan_pimpinan", "induk")
    if not user.is_admin_nasional:
        qs = qs.filter(instansi_id=user.instansi_id)
    unit = qs.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def leader_of_unit(unit: UnitOrganisasi, day: dt.date | None = None) -> Pegawai | None:
    leader_id = leaders_of_units(unit.instansi_id, [unit.pk], day or dt.date.today()).get(unit.pk)
    if leader_id is None:
        return None
    return Pegawai.objects.select_related("jabatan").filter(pk=leader_id).first()


def unit_ancestors(unit: UnitOrganisasi) -> list[UnitOrganisasi]:
    ids = list(reversed(chain_from_path(unit.path)[1:]))
    by_id = UnitOrganisasi.objects.filter(instansi_id=unit.instansi_id).in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def instansi_with_counts() -> QuerySet[Instansi]:
    # A correlated subquery, not a JOIN + GROUP BY: the paginator's COUNT then stays a plain
    # count of instansi instead of grouping every pegawai of the platform.
    pegawai_count = (
        Pegawai.objects.filter(instansi_id=OuterRef("pk"))
        .order_by()
        .values("instansi_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Instansi.objects.annotate(pegawai_count=Coalesce(Subquery(pegawai_count), 0)).order_by(
        "nama"
    )
