"""Which unit a pegawai's result is counted in, and the kurva distribusi of units.

A predikat kinerja organisasi set on a unit covers the unit and every sub-unit that has none of
its own for the period (a pemda typically sets one per OPD; an OPD may set one per bidang).
So the "kurva unit" of a pegawai is the nearest unit at or above their unit holding a predikat
for the period, and a unit's population is its subtree minus the subtrees of such sub-units.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kinerja.core.permissions import DomainError
from kinerja.org.atasan import chain_from_path
from kinerja.org.models import UnitOrganisasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import aturan
from kinerja.penilaian.models import Evaluasi, KinerjaOrganisasi


def organisasi_untuk(
    instansi_id: int, unor_id: int | None, periode: PeriodePenilaian
) -> KinerjaOrganisasi | None:
    """The predikat organisasi covering a unit for the period (nearest at or above it)."""
    if unor_id is None or instansi_id != periode.instansi_id:
        return None
    unit = UnitOrganisasi(pk=unor_id, instansi_id=instansi_id)
    unit.path = (
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, pk=unor_id)
        .values_list("path", flat=True)
        .first()
    ) or ""
    return organisasi_per_unit(periode, [unit])[unor_id]


def organisasi_per_unit(
    periode: PeriodePenilaian, units: Iterable[UnitOrganisasi]
) -> dict[int, KinerjaOrganisasi | None]:
    """unit id -> the predikat organisasi covering it (nearest at or above), for many units
    in one query."""
    chains = {u.pk: chain_from_path(u.path) or [u.pk] for u in units}
    if not chains:
        return {}
    wanted = {unit_id for chain in chains.values() for unit_id in chain}
    found = {
        o.unor_id: o
        for o in KinerjaOrganisasi.objects.filter(
            instansi_id=periode.instansi_id, periode=periode, unor_id__in=wanted
        ).select_related("unor")
    }
    return {
        unit_id: next((found[u] for u in chain if u in found), None)
        for unit_id, chain in chains.items()
    }


def subunit_sendiri(unit: UnitOrganisasi, periode: PeriodePenilaian) -> Q:
    """The subtrees of the sub-units holding their own predikat for the period: they are
    counted in their own kurva, not in this unit's (an empty Q when there are none)."""
    paths = (
        KinerjaOrganisasi.objects.filter(
            instansi_id=unit.instansi_id,
            periode=periode,
            unor__path__startswith=unit.path,
        )
        .exclude(unor_id=unit.pk)
        .values_list("unor__path", flat=True)
    )
    excluded = Q()
    for path in paths:
        excluded |= Q(unor__path__startswith=path)
    return excluded


def evaluasi_populasi(unit: UnitOrganisasi, periode: PeriodePenilaian) -> QuerySet[Evaluasi]:
    """The evaluations counted in this unit's kurva for the period."""
    qs = Evaluasi.objects.filter(
        instansi_id=unit.instansi_id, periode=periode, unor__path__startswith=unit.path
    )
    excluded = subunit_sendiri(unit, periode)
    return qs.exclude(excluded) if excluded else qs


def distribusi(unit: UnitOrganisasi, periode: PeriodePenilaian) -> dict[str, int]:
    """Predikat -> people rated (draft or final) in the unit's kurva population."""
    counts = dict(
        evaluasi_populasi(unit, periode)
        .exclude(predikat="")
        .values_list("predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {p: counts.get(p, 0) for p in aturan.Predikat.values}


def konfigurasi(instansi_id: int) -> aturan.KonfigurasiKurva:
    from kinerja.penilaian.services import konfigurasi_of, pengaturan_of

    return konfigurasi_of(pengaturan_of(instansi_id))


def hasil_unit(
    org: KinerjaOrganisasi, konfig: aturan.KonfigurasiKurva | None = None
) -> aturan.HasilKurva:
    konfig = konfig or konfigurasi(org.instansi_id)
    return aturan.nilai_kurva(org.predikat, distribusi(org.unor, org.periode), konfig)


def pastikan_kurva(rows: list[Evaluasi]) -> None:
    """In mode `wajib`, refuse when the kurva of a unit concerned does not hold (the unit's
    rated pegawai, these included), saying which rule fails and by how many people."""
    if not rows:
        return
    konfig = konfigurasi(rows[0].instansi_id)
    if konfig.mode != aturan.ModeKurva.WAJIB:
        return
    seen: set[int] = set()
    for ev in rows:
        org = organisasi_untuk(ev.instansi_id, ev.unor_id, ev.periode)
        if org is None or org.unor_id in seen:
            continue
        seen.add(org.unor_id)
        hasil = hasil_unit(org, konfig)
        if hasil.menghalangi:
            rules = " ".join(p.pesan for p in hasil.pelanggaran)
            raise DomainError(
                f"Kurva distribusi {org.unor.nama} (predikat organisasi {org.predikat}) belum "
                f"terpenuhi, sehingga penilaian belum dapat difinalkan. {rules}"
            )


@dataclass(frozen=True)
class KurvaUnit:
    organisasi: KinerjaOrganisasi
    hasil: aturan.HasilKurva


def distribusi_instansi(instansi_id: int, periode: PeriodePenilaian) -> list[KurvaUnit]:
    """Every unit holding a predikat organisasi for the period with its distribution: four
    queries whatever the size of the instansi (predikat organisasi with their units, unit
    paths, one GROUP BY, the configuration)."""
    orgs = list(
        KinerjaOrganisasi.objects.filter(instansi_id=instansi_id, periode=periode).select_related(
            "unor"
        )
    )
    if not orgs:
        return []
    by_unit = {o.unor_id: o for o in orgs}
    paths = dict(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id).order_by().values_list("id", "path")
    )
    nearest: dict[int, int | None] = {}
    for unit_id, path in paths.items():
        nearest[unit_id] = next((u for u in chain_from_path(path) if u in by_unit), None)
    totals: dict[int, Counter[str]] = {o.unor_id: Counter() for o in orgs}
    grouped = (
        Evaluasi.objects.filter(instansi_id=instansi_id, periode=periode)
        .exclude(predikat="")
        .values_list("unor_id", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unor_id, predikat, n in grouped:
        owner = nearest.get(unor_id) if unor_id is not None else None
        if owner is not None:
            totals[owner][predikat] += n
    konfig = konfigurasi(instansi_id)
    result = [KurvaUnit(o, aturan.nilai_kurva(o.predikat, totals[o.unor_id], konfig)) for o in orgs]
    return sorted(result, key=lambda k: (paths.get(k.organisasi.unor_id, ""), k.organisasi.pk))


@dataclass(frozen=True)
class PanelKurva:
    """What the calibration panel shows for one unit: its predikat organisasi, the live
    distribution against the rules, and what one more rating of each predikat would do."""

    organisasi: KinerjaOrganisasi
    hasil: aturan.HasilKurva
    efek: dict[str, aturan.HasilKurva]


def panel_kurva(
    org: KinerjaOrganisasi, konfig: aturan.KonfigurasiKurva | None = None
) -> PanelKurva:
    konfig = konfig or konfigurasi(org.instansi_id)
    jumlah = distribusi(org.unor, org.periode)
    return PanelKurva(
        organisasi=org,
        hasil=aturan.nilai_kurva(org.predikat, jumlah, konfig),
        efek=aturan.efek_pilihan_berikut(org.predikat, jumlah, konfig),
    )
