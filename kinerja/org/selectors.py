"""Reads of master data, always scoped to what the user may see. One read path per screen."""

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from kinerja.org.atasan import LeaderRow, chain_from_path, pick_leaders, resolve_atasan
from kinerja.org.models import Instansi, Pegawai, RiwayatJabatan, UnitOrganisasi

PAGE_SIZE = 25


def _active_on(day: dt.date) -> Q:
    return Q(berlaku_mulai__lte=day) & (Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=day))


def leaders_of_units(instansi_id: int, unit_ids: list[int] | None, day: dt.date) -> dict[int, int]:
    """unit id -> leader pegawai id for the given units (all units when None). One query."""
    rows = RiwayatJabatan.objects.filter(
        _active_on(day), instansi_id=instansi_id, jabatan_id=F("unor__jabatan_pimpinan_id")
    )
    if unit_ids is not None:
        rows = rows.filter(unor_id__in=unit_ids)
    return pick_leaders(
        LeaderRow(*values)
        for values in rows.values_list("unor_id", "pegawai_id", "jenis_penugasan", "berlaku_mulai")
    )


def atasan_id_of(pegawai: Pegawai, day: dt.date | None = None) -> int | None:
    day = day or dt.date.today()
    chain = chain_from_path(pegawai.unor.path) if pegawai.unor_id and pegawai.unor else []
    leaders = leaders_of_units(pegawai.instansi_id, chain, day) if chain else {}
    return resolve_atasan(pegawai.pk, chain, leaders, pegawai.atasan_override_id)


def atasan_of(pegawai: Pegawai, day: dt.date | None = None) -> Pegawai | None:
    atasan_id = atasan_id_of(pegawai, day)
    if atasan_id is None:
        return None
    return Pegawai.objects.select_related("jabatan", "unor", "golongan").get(pk=atasan_id)


def bawahan_of(pegawai: Pegawai, day: dt.date | None = None) -> QuerySet[Pegawai]:
    """Everyone whose atasan (by the rule in atasan.py) is this pegawai."""
    day = day or dt.date.today()
    instansi_id = pegawai.instansi_id
    led = [u for u, p in _leader_rows_for(pegawai, day).items() if p == pegawai.pk]
    base = Pegawai.objects.filter(instansi_id=instansi_id, aktif=True)
    if not led:
        return base.filter(atasan_override_id=pegawai.pk)
    led_paths = UnitOrganisasi.objects.filter(pk__in=led).values_list("path", flat=True)
    subtree_q = Q()
    for path in led_paths:
        subtree_q |= Q(path__startswith=path)
    units = list(
        UnitOrganisasi.objects.filter(subtree_q, instansi_id=instansi_id).values_list(
            "id", "induk_id"
        )
    )
    leaders = leaders_of_units(instansi_id, [u for u, _ in units], day)
    # S: units whose effective leader is this pegawai (led, or vacant below one that is).
    children: dict[int | None, list[int]] = {}
    for unit_id, induk_id in units:
        children.setdefault(induk_id, []).append(unit_id)
    in_s: set[int] = set()
    led_leaders: set[int] = set()
    stack = list(led)
    while stack:
        unit_id = stack.pop()
        in_s.add(unit_id)
        for child in children.get(unit_id, []):
            if child in leaders:
                led_leaders.add(leaders[child])
            else:
                stack.append(child)
    return base.filter(
        (
            (Q(unor_id__in=in_s) | Q(pk__in=led_leaders, unor_id__in=_child_units(children, in_s)))
            & Q(atasan_override__isnull=True)
            & ~Q(pk=pegawai.pk)
        )
        | Q(atasan_override_id=pegawai.pk)
    )


def _child_units(children: dict[int | None, list[int]], parents: set[int]) -> list[int]:
    return [c for p in parents for c in children.get(p, [])]


def _leader_rows_for(pegawai: Pegawai, day: dt.date) -> dict[int, int]:
    """Leaders of the units whose leader position this pegawai holds (any penugasan) today."""
    unit_ids = list(
        RiwayatJabatan.objects.filter(
            _active_on(day), pegawai=pegawai, jabatan_id=F("unor__jabatan_pimpinan_id")
        ).values_list("unor_id", flat=True)
    )
    return leaders_of_units(pegawai.instansi_id, unit_ids, day) if unit_ids else {}


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


def search_pegawai(
    instansi: Instansi, q: str = "", unor_id: int | None = None
) -> QuerySet[Pegawai]:
    """The pegawai list of an instansi, searchable by NIP prefix or part of the name."""
    qs = Pegawai.objects.filter(instansi=instansi).select_related("jabatan", "unor", "golongan")
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


def unit_children(instansi: Instansi, induk_id: int | None) -> list[dict[str, Any]]:
    """One level of the unor tree with child and pegawai counts (two queries)."""
    units = list(
        UnitOrganisasi.objects.filter(instansi=instansi, induk_id=induk_id)
        .select_related("jabatan_pimpinan")
        .order_by("nama")
    )
    ids = [u.pk for u in units]

    child_counts = dict(
        UnitOrganisasi.objects.filter(instansi=instansi, induk_id__in=ids)
        .values("induk_id")
        .annotate(n=Count("id"))
        .values_list("induk_id", "n")
    )
    pegawai_counts = dict(
        Pegawai.objects.filter(instansi=instansi, unor_id__in=ids)
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
    return Instansi.objects.annotate(pegawai_count=Count("pegawai")).order_by("nama")
