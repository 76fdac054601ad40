"""Reads of the stage 1 overviews: the penilai's bawahan list, the Matriks Peran Hasil, the
cascade tree of a unit, the admin's status counts per unit, and tim kerja. Every function reads
in a fixed number of queries whatever the number of pegawai, RHK or units."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from kinerja.org import selectors as org_selectors
from kinerja.org.atasan import LeaderRow, chain_from_path, pick_leaders, resolve_atasan
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.perencanaan.models import (
    AnggotaTim,
    Intervensi,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
    TimKerja,
)
from kinerja.perencanaan.selectors import in_force

BELUM = "Belum dibuat"
# The order of the status columns and filters; "Diajukan" first: it is work waiting.
STATUSES = [StatusSkp.DIAJUKAN, BELUM, StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN, StatusSkp.DISETUJUI]
STATUS_LABELS = [str(s) for s in STATUSES]


# --- SKP status of many pegawai in one query ------------------------------------------------


def _current_skp(instansi_id: int, tahun: int) -> QuerySet[Skp]:
    """The newest revision of the latest SKP of the year of OuterRef("pk") (a pegawai)."""
    return Skp.objects.filter(
        instansi_id=instansi_id, pegawai_id=OuterRef("pk"), tahun=tahun, terkini=True
    ).order_by("-periode_mulai")


def with_skp_status(qs: QuerySet[Pegawai], instansi_id: int, tahun: int) -> QuerySet[Pegawai]:
    """Annotate skp_id and skp_status ("Belum dibuat" when there is none) as subqueries, so a
    list of pegawai with their status is still one query."""
    current = _current_skp(instansi_id, tahun)
    return qs.annotate(
        skp_id=Subquery(current.values("id")[:1]),
        skp_status=Coalesce(
            Subquery(current.values("status")[:1]), Value(BELUM), output_field=CharField()
        ),
    )


def status_counts(qs: QuerySet[Pegawai]) -> dict[str, int]:
    """{status: count} for pegawai annotated by with_skp_status (one GROUP BY query)."""
    # (the stubs do not see annotations: skp_status comes from with_skp_status)
    rows = qs.order_by().values("skp_status").annotate(n=Count("id"))  # type: ignore[misc]
    found = {row["skp_status"]: row["n"] for row in rows}
    return {label: found.get(label, 0) for label in STATUS_LABELS}


def bawahan_status(
    penilai: Pegawai, tahun: int, status: str = "", q: str = ""
) -> tuple[QuerySet[Pegawai], dict[str, int]]:
    """The penilai's bawahan with the status of their SKP of `tahun`, "Diajukan" first, and the
    counts per status (counted before the status filter and the search)."""
    base = with_skp_status(org_selectors.bawahan_of(penilai), penilai.instansi_id, tahun)
    counts = status_counts(base)
    qs = base.select_related("jabatan", "unor")
    if status in STATUS_LABELS:
        qs = qs.filter(skp_status=status)  # type: ignore[misc]
    q = q.strip()
    if q.isdigit():
        qs = qs.filter(nip__startswith=q)
    elif q:
        qs = qs.filter(nama__icontains=q)
    waiting_first = Case(
        When(skp_status=StatusSkp.DIAJUKAN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(urut=waiting_first).order_by("urut", "nama", "id"), counts


# --- Matriks Peran Hasil ---------------------------------------------------------------------


@dataclass
class Kontribusi:
    pegawai: Pegawai
    skp: Skp
    rhk: RencanaHasilKerja
    jenis_cascading: str


@dataclass
class BarisMph:
    rhk: RencanaHasilKerja
    # pegawai id -> the contributions of that pegawai to this leader RHK
    sel: dict[int, list[Kontribusi]] = field(default_factory=dict)


def leader_skp(pegawai: Pegawai, tahun: int) -> Skp | None:
    """The leader's approved SKP in force for the year (the latest periode)."""
    return in_force(pegawai.instansi_id, [pegawai.pk], tahun).order_by("-periode_mulai").first()


def mph(leader: Pegawai, tahun: int) -> dict[str, Any]:
    """Rows: the leader's RHK in force; columns: pegawai whose current SKP has an RHK
    intervening one of them. Links match on `kunci`, so they survive the leader's revisions."""
    skp = leader_skp(leader, tahun)
    if skp is None:
        return {"skp": None}
    tenant = {"instansi_id": leader.instansi_id}  # every read names it: the indexes lead with it
    rows = [
        BarisMph(r)
        for r in RencanaHasilKerja.objects.filter(skp=skp, **tenant).order_by(
            "jenis", "urutan", "id"
        )
    ]
    by_kunci = {row.rhk.kunci: row for row in rows}
    # The leader's RHK rows of every revision with these keys, as a subquery on (instansi, kunci).
    leader_rhk = RencanaHasilKerja.objects.filter(
        kunci__in=list(by_kunci), skp__pegawai_id=leader.pk, **tenant
    ).values("id")
    links = (
        Intervensi.objects.filter(
            rhk_atasan_id__in=leader_rhk,
            rhk__skp__terkini=True,  # a staff member counts once, with their newest revision
            rhk__skp__tahun=tahun,
            **tenant,
        )
        .select_related("rhk__skp__pegawai__jabatan", "rhk_atasan")
        .order_by("rhk__skp__pegawai__nama", "rhk__urutan", "id")
    )
    kolom: dict[int, Pegawai] = {}
    for link in links:
        staff_skp = link.rhk.skp
        kolom.setdefault(staff_skp.pegawai_id, staff_skp.pegawai)
        cell = by_kunci[link.rhk_atasan.kunci].sel.setdefault(staff_skp.pegawai_id, [])
        cell.append(Kontribusi(staff_skp.pegawai, staff_skp, link.rhk, link.jenis_cascading))
    columns = list(kolom.values())
    belum = with_skp_status(
        org_selectors.bawahan_of(leader).exclude(pk__in=list(kolom)), leader.instansi_id, tahun
    ).select_related("jabatan")
    return {
        "skp": skp,
        "columns": columns,
        "rows": [
            {"rhk": row.rhk, "cells": [row.sel.get(p.pk, []) for p in columns], "ada": row.sel}
            for row in rows
        ],
        "tanpa_kontributor": sum(1 for row in rows if not row.sel),
        "belum_mengintervensi": list(belum.order_by("nama", "id")),
    }


# --- Cascade tree of a unit ------------------------------------------------------------------


@dataclass
class RhkNode:
    id: int
    rhk: str
    jenis: str
    intervensi: list[tuple[str, str]] = field(default_factory=list)  # (leader RHK, cascading)


@dataclass
class Node:
    pegawai: Pegawai
    skp_id: int | None = None
    status: str = BELUM
    rhk: list[RhkNode] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    descendants: int = 0
    level: int = 0


def units_led_by(pegawai: Pegawai, day: dt.date | None = None) -> list[UnitOrganisasi]:
    """The units this pegawai leads today (winning over other holders), top first."""
    day = day or dt.date.today()
    held = list(
        org_selectors.leader_rows(pegawai.instansi_id, day)
        .filter(pegawai_id=pegawai.pk)
        .values_list("unor_id", flat=True)
    )
    leaders = org_selectors.leaders_of_units(pegawai.instansi_id, held, day)
    mine = [u for u, p in leaders.items() if p == pegawai.pk]
    units = UnitOrganisasi.objects.filter(instansi_id=pegawai.instansi_id, pk__in=mine)
    return sorted(units, key=lambda u: (u.kedalaman, u.nama))


def cascade_unit_for(user: Any, pk: int) -> UnitOrganisasi:
    """A unit whose cascade the user may see: an Admin Instansi any unit of the instansi; a
    leader the units they lead and the units below them. 404 otherwise."""
    unit = org_selectors.unit_for_user(user, pk)
    if user.is_admin_nasional or (user.is_admin_instansi and user.instansi_id == unit.instansi_id):
        return unit
    if user.pegawai_id:
        pegawai = Pegawai.objects.get(pk=user.pegawai_id)
        if any(unit.path.startswith(u.path) for u in units_led_by(pegawai)):
            return unit
    raise Http404


def cascade_tree(unit: UnitOrganisasi, tahun: int, day: dt.date | None = None) -> dict[str, Any]:
    """The pegawai of the unit's subtree as a tree by atasan, each with the status and RHK of
    their current SKP and the leader RHK each RHK intervenes. Six queries, any size."""
    day = day or dt.date.today()
    iid = unit.instansi_id
    units = dict(
        UnitOrganisasi.objects.filter(instansi_id=iid, path__startswith=unit.path).values_list(
            "id", "path"
        )
    )
    rows = [
        LeaderRow(*v)
        for v in org_selectors.leader_rows(iid, day)
        .filter(unor_id__in=list(units))
        .values_list("unor_id", "pegawai_id", "jenis_penugasan", "berlaku_mulai")
    ]
    # Staff of the subtree, and whoever leads a unit of it while based elsewhere (a PLT).
    members = Q(unor_id__in=list(units)) | Q(pk__in=[r.pegawai_id for r in rows])
    people = list(
        with_skp_status(Pegawai.objects.filter(members, instansi_id=iid, aktif=True), iid, tahun)
        .select_related("jabatan")
        .order_by("nama", "id")
    )
    nodes = {p.pk: Node(p, p.skp_id, p.skp_status) for p in people}  # type: ignore[attr-defined]
    _attach_rhk(iid, nodes)
    roots = _link_by_atasan(nodes, units, rows)
    for root in roots:
        _measure(root, 0)
    return {"roots": roots, "pegawai_count": len(nodes)}


def _attach_rhk(instansi_id: int, nodes: dict[int, Node]) -> None:
    by_skp = {n.skp_id: n for n in nodes.values() if n.skp_id}
    rhks: dict[int, RhkNode] = {}
    for rid, skp_id, teks, jenis in (
        RencanaHasilKerja.objects.filter(instansi_id=instansi_id, skp_id__in=list(by_skp))
        .order_by("jenis", "urutan", "id")
        .values_list("id", "skp_id", "rhk", "jenis")
    ):
        rhks[rid] = RhkNode(rid, teks, jenis)
        by_skp[skp_id].rhk.append(rhks[rid])
    for rid, teks, cascading in (
        Intervensi.objects.filter(instansi_id=instansi_id, rhk_id__in=list(rhks))
        .order_by("id")
        .values_list("rhk_id", "rhk_atasan__rhk", "jenis_cascading")
    ):
        rhks[rid].intervensi.append((teks, cascading))


def _link_by_atasan(
    nodes: dict[int, Node], units: dict[int, str], rows: list[LeaderRow]
) -> list[Node]:
    """Hang each node under its atasan (the rule of org.atasan, applied within the subtree);
    whoever's atasan is outside the subtree is a root."""
    leader_of = pick_leaders(rows)
    held: dict[int, set[int]] = {}
    for row in rows:
        held.setdefault(row.pegawai_id, set()).add(row.unor_id)
    roots = []
    for pk, node in nodes.items():
        p = node.pegawai
        chain = [u for u in chain_from_path(units.get(p.unor_id or 0, "")) if u in units]
        atasan = resolve_atasan(pk, chain, leader_of, p.atasan_override_id, held.get(pk, ()))
        if atasan in nodes and atasan != pk:
            nodes[atasan].children.append(node)
        else:
            roots.append(node)
    # The leader of the top unit is the first root; others (vacancies, overrides) follow.
    top = min(units, key=lambda u: units[u].count("/")) if units else 0
    roots.sort(key=lambda n: (n.pegawai.pk != leader_of.get(top), n.pegawai.nama))
    return roots


def _measure(node: Node, level: int) -> int:
    """Set level and descendant counts (iterative depth is the org depth: small)."""
    node.level = level
    node.children.sort(key=lambda n: (-len(n.children), n.pegawai.nama))
    node.descendants = sum(1 + _measure(child, level + 1) for child in node.children)
    return node.descendants


# --- Admin: status counts per unit -----------------------------------------------------------


def _latest_skp_of_year(instansi_id: int, tahun: int) -> QuerySet[Skp]:
    """The status row of each pegawai: the newest revision of their latest SKP of the year."""
    later = Skp.objects.filter(
        instansi_id=instansi_id,
        pegawai_id=OuterRef("pegawai_id"),
        tahun=tahun,
        terkini=True,
        periode_mulai__gt=OuterRef("periode_mulai"),
    )
    return Skp.objects.filter(
        ~Exists(later), instansi_id=instansi_id, tahun=tahun, terkini=True, pegawai__aktif=True
    )


def status_per_unit(
    instansi_id: int, tahun: int, root: UnitOrganisasi | None = None
) -> tuple[QuerySet[UnitOrganisasi], dict[int, dict[str, Any]], dict[str, Any]]:
    """Units (of the subtree of `root`, or all) ordered as a tree, the counts per unit id
    (statuses, pegawai, % disetujui) and the totals. Two aggregate queries."""
    units = UnitOrganisasi.objects.filter(instansi_id=instansi_id)
    if root is not None:
        units = units.filter(path__startswith=root.path)
    in_units = Q(pegawai__unor__in=units.values("id"))
    pegawai = (
        Pegawai.objects.filter(instansi_id=instansi_id, aktif=True, unor__in=units.values("id"))
        .values("unor_id")
        .annotate(n=Count("id"))
        .values_list("unor_id", "n")
    )
    skp = (
        _latest_skp_of_year(instansi_id, tahun)
        .filter(in_units)
        .values("pegawai__unor_id", "status")
        .annotate(n=Count("id"))
        .values_list("pegawai__unor_id", "status", "n")
    )
    counts: dict[int, dict[str, Any]] = {}
    for unor_id, n in pegawai:
        counts[unor_id] = {**dict.fromkeys(STATUS_LABELS, 0), "pegawai": n}
    for unor_id, status, n in skp:
        counts.setdefault(unor_id, {**dict.fromkeys(STATUS_LABELS, 0), "pegawai": 0})
        counts[unor_id][status] += n
    total = {**dict.fromkeys(STATUS_LABELS, 0), "pegawai": 0}
    for row in counts.values():
        row[BELUM] = max(row["pegawai"] - sum(row[s] for s in StatusSkp.values), 0)
        row["persen"] = _percent(row[StatusSkp.DISETUJUI], row["pegawai"])
        for key in [*STATUS_LABELS, "pegawai"]:
            total[key] += row[key]
    total["persen"] = _percent(total[StatusSkp.DISETUJUI], total["pegawai"])
    return units.order_by("path"), counts, total


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# --- Tim kerja -------------------------------------------------------------------------------


def tim_of(pegawai: Pegawai, tahun: int) -> tuple[list[TimKerja], list[TimKerja]]:
    """(teams the pegawai leads, teams they are a member of) for a year, with member counts."""
    teams = (
        TimKerja.objects.filter(instansi_id=pegawai.instansi_id, tahun=tahun)
        .filter(Q(ketua=pegawai) | Q(anggotatim__pegawai=pegawai))
        .select_related("ketua")
        .annotate(jumlah=Count("anggotatim", distinct=True))
        .order_by("nama", "id")
        .distinct()
    )
    teams_list = list(teams)
    return (
        [t for t in teams_list if t.ketua_id == pegawai.pk],
        [t for t in teams_list if t.ketua_id != pegawai.pk],
    )


def tim_for_user(user: Any, pk: int) -> TimKerja:
    """A team the user may see (ketua, member, Admin Instansi of its instansi) or 404."""
    tim = (
        TimKerja.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("ketua__jabatan", "ketua__unor")
        .first()
    )
    if tim is None:
        raise Http404
    if user.is_admin_instansi or user.pegawai_id == tim.ketua_id:
        return tim
    is_member = AnggotaTim.objects.filter(
        instansi_id=tim.instansi_id, tim=tim, pegawai_id=user.pegawai_id
    ).exists()
    if user.pegawai_id and is_member:
        return tim
    raise Http404


def anggota_of(tim: TimKerja) -> QuerySet[AnggotaTim]:
    return (
        AnggotaTim.objects.filter(instansi_id=tim.instansi_id, tim=tim)
        .select_related("pegawai__jabatan", "pegawai__unor")
        .order_by("pegawai__nama", "id")
    )
