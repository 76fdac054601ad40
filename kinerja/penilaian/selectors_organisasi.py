"""Reads of the predikat kinerja organisasi pages (domain.md §5): who may set a unit's predikat
and the rows they see, the calibration view of one unit ("who sits where" in its kurva), and
the instansi-wide distribution check. Every read is scoped to the user's instansi; what the
user may not see is 404. Query counts stay constant in the number of rows and pegawai.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.org.atasan import chain_from_path
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.org.selectors import leader_rows, leaders_of_units
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import aturan, kurva
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, KinerjaOrganisasi
from kinerja.perencanaan.models import Skp, StatusSkp


def hari_ini() -> dt.date:
    """Today in the user's instansi zone (the middleware activates it)."""
    return timezone.localdate()


def periode_of(user: Any, pk: Any) -> PeriodePenilaian:
    """A period of the user's instansi, or 404."""
    if not str(pk).isdigit():
        raise Http404
    periode = PeriodePenilaian.objects.filter(instansi_id=user.instansi_id, pk=pk).first()
    if periode is None:
        raise Http404
    return periode


def unit_of(user: Any, pk: int) -> UnitOrganisasi:
    unit = (
        UnitOrganisasi.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("induk")
        .first()
    )
    if unit is None or not user.instansi_id:
        raise Http404
    return unit


# --- Who sets a unit's predikat: the units offered -------------------------------------------


def unit_dipimpin(instansi_id: int, pegawai_id: int, hari: dt.date) -> list[int]:
    """The units this pegawai leads on the day, winning over any other holder of the position
    (a PLH over the definitif kepala), as services.boleh_tetapkan_organisasi decides."""
    held = list(
        leader_rows(instansi_id, hari)
        .filter(pegawai_id=pegawai_id)
        .values_list("unor_id", flat=True)
    )
    if not held:
        return []
    leaders = leaders_of_units(instansi_id, held, hari)
    return sorted(u for u, p in leaders.items() if p == pegawai_id)


def unit_untuk_ditetapkan(user: Any, hari: dt.date, q: str = "") -> QuerySet[UnitOrganisasi]:
    """The units whose predikat organisasi the user sets, in tree order: every unit of the
    instansi for the Admin Instansi, the direct sub-units of the units led on the day for a
    leader; 404 for anyone else."""
    if not user.instansi_id:
        raise Http404
    qs = UnitOrganisasi.objects.filter(instansi_id=user.instansi_id).select_related("induk")
    if not user.is_admin_instansi:
        led = unit_dipimpin(user.instansi_id, user.pegawai_id, hari) if user.pegawai_id else []
        if not led:
            raise Http404
        qs = qs.filter(induk_id__in=led)
    q = q.strip()
    if q:
        qs = qs.filter(nama__icontains=q)
    return qs.order_by("path", "id")


@dataclass
class BarisOrganisasi:
    """One unit on the predikat organisasi page."""

    unit: UnitOrganisasi
    organisasi: KinerjaOrganisasi | None  # the unit's own predikat for the period
    oleh: str  # who set it
    dinilai: int  # pegawai rated in its kurva population (0 without its own predikat)
    final: int  # of them, finalised: the predikat can no longer change
    tercakup: KinerjaOrganisasi | None = None  # without its own: the ancestor's covering it
    error: str = ""
    pesan: str = ""
    isian: dict[str, str] = field(default_factory=dict)  # what was typed, after a refusal

    @property
    def pilihan(self) -> str:
        if "predikat" in self.isian:
            return self.isian["predikat"]
        return self.organisasi.predikat if self.organisasi else ""

    @property
    def catatan(self) -> str:
        if "catatan" in self.isian:
            return self.isian["catatan"]
        return self.organisasi.catatan if self.organisasi else ""

    @property
    def terkunci(self) -> bool:
        return self.organisasi is not None and self.final > 0


def _final_per_pemilik(
    instansi_id: int, periode: PeriodePenilaian, pemilik: set[int]
) -> Counter[int]:
    """Finalised evaluations per unit holding a predikat (the nearest at or above each
    evaluation's unit). One GROUP BY over the period; the unit's path comes with the join."""
    rows = (
        Evaluasi.objects.filter(
            instansi_id=instansi_id, periode=periode, status__in=SUDAH_FINAL, unor__isnull=False
        )
        .values_list("unor__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: Counter[int] = Counter()
    for path, n in rows:
        owner = next((u for u in chain_from_path(path) if u in pemilik), None)
        if owner is not None:
            result[owner] += n
    return result


def _nama_pengguna(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(User.objects.filter(pk__in=wanted).values_list("id", "nama"))


def baris_organisasi(
    instansi_id: int, periode: PeriodePenilaian, units: list[UnitOrganisasi]
) -> list[BarisOrganisasi]:
    """The page's rows: a fixed number of queries whatever their number (the instansi's
    distribution once, finalised counts once, the names of who set them once)."""
    kurva_units = kurva.distribusi_instansi(instansi_id, periode)
    by_unit = {k.organisasi.unor_id: k for k in kurva_units}
    final = _final_per_pemilik(instansi_id, periode, set(by_unit)) if by_unit else Counter()
    names = _nama_pengguna(
        by_unit[u.pk].organisasi.ditetapkan_oleh_id for u in units if u.pk in by_unit
    )
    rows = []
    for unit in units:
        own = by_unit.get(unit.pk)
        if own is not None:
            org = own.organisasi
            rows.append(
                BarisOrganisasi(
                    unit,
                    org,
                    names.get(org.ditetapkan_oleh_id or 0, ""),
                    own.hasil.n,
                    final[unit.pk],
                )
            )
            continue
        above = next(
            (by_unit[u].organisasi for u in chain_from_path(unit.path)[1:] if u in by_unit), None
        )
        rows.append(BarisOrganisasi(unit, None, "", 0, 0, tercakup=above))
    return rows


def baris_satu(unit: UnitOrganisasi, periode: PeriodePenilaian) -> BarisOrganisasi:
    """One row again after a save (htmx), counted for this unit only."""
    org = (
        KinerjaOrganisasi.objects.filter(instansi_id=unit.instansi_id, periode=periode, unor=unit)
        .select_related("ditetapkan_oleh")
        .first()
    )
    if org is None:
        above = kurva.organisasi_untuk(unit.instansi_id, unit.induk_id, periode)
        return BarisOrganisasi(unit, None, "", 0, 0, tercakup=above)
    populasi = kurva.evaluasi_populasi(unit, periode)
    counts = dict(
        populasi.exclude(predikat="").values_list("status").annotate(n=Count("id")).order_by()
    )
    final = sum(n for s, n in counts.items() if s in SUDAH_FINAL)
    oleh = org.ditetapkan_oleh.nama if org.ditetapkan_oleh else ""
    return BarisOrganisasi(unit, org, oleh, sum(counts.values()), final)


# --- The calibration view of one unit --------------------------------------------------------

BELUM_DINILAI = "Belum dinilai"


@dataclass
class Orang:
    """A pegawai of the unit's kurva population: as rated (the evaluation's snapshot) or, not
    yet rated, as they are now."""

    pegawai_id: int
    nama: str
    nip: str
    jabatan: str
    penilai_id: int | None
    penilai: str
    status: str
    predikat: str  # "" = not rated yet


@dataclass
class Kelompok:
    label: str
    orang: list[Orang] = field(default_factory=list)  # the names the viewer may see
    jumlah: int = 0  # everyone in the group

    @property
    def lainnya(self) -> int:
        """People of the group the viewer sees only counted."""
        return self.jumlah - len(self.orang)


@dataclass
class Akses:
    lihat_semua: bool  # names of everyone (admin, leader of the unit or above)
    saya: int | None  # the viewer's pegawai id (their own bawahan's names only)


def organisasi_terdekat(
    unit: UnitOrganisasi, periode: PeriodePenilaian
) -> KinerjaOrganisasi | None:
    """The predikat covering the unit: its own or the nearest ancestor's (one query)."""
    chain = chain_from_path(unit.path) or [unit.pk]
    found = {
        o.unor_id: o
        for o in KinerjaOrganisasi.objects.filter(
            instansi_id=unit.instansi_id, periode=periode, unor_id__in=chain
        ).select_related("unor", "ditetapkan_oleh")
    }
    return next((found[u] for u in chain if u in found), None)


def akses_pimpinan(user: Any, unit: UnitOrganisasi, hari: dt.date) -> bool:
    """The Admin Instansi, or the leader (on the day) of the unit or of a unit above it."""
    if user.is_admin_instansi and user.instansi_id == unit.instansi_id:
        return True
    if not user.pegawai_id:
        return False
    chain = chain_from_path(unit.path) or [unit.pk]
    return user.pegawai_id in leaders_of_units(unit.instansi_id, chain, hari).values()


def _dinilai(unit: UnitOrganisasi, periode: PeriodePenilaian, excluded: Q) -> list[Orang]:
    rows = (
        Evaluasi.objects.filter(
            instansi_id=unit.instansi_id, periode=periode, unor__path__startswith=unit.path
        )
        .exclude(excluded)
        .order_by()
        .values_list("pegawai_id", "penilai_id", "predikat", "status", "snapshot")
    )
    result = []
    for pegawai_id, penilai_id, predikat, status, snapshot in rows:
        who = snapshot.get("pegawai", {}) if isinstance(snapshot, dict) else {}
        penilai = snapshot.get("penilai", {}) if isinstance(snapshot, dict) else {}
        result.append(
            Orang(
                pegawai_id,
                who.get("nama", ""),
                who.get("nip", ""),
                who.get("jabatan", ""),
                penilai_id,
                penilai.get("nama", "") if penilai_id else "",
                status if predikat else f"{status} (belum lengkap)",
                predikat,
            )
        )
    return result


def _belum_dinilai(unit: UnitOrganisasi, periode: PeriodePenilaian, excluded: Q) -> list[Orang]:
    """Aktif pegawai now in the population's units with no evaluation for the period anywhere
    (one rated in another unit counts there), with the penilai of their SKP in force."""
    i = unit.instansi_id
    skp = Skp.objects.filter(
        instansi_id=i,
        pegawai_id=OuterRef("pk"),
        tahun=periode.tahun,
        status=StatusSkp.DISETUJUI,
        berlaku=True,
        periode_mulai__lte=periode.selesai,
        periode_selesai__gte=periode.mulai,
    ).order_by("-periode_mulai")
    dinilai = Evaluasi.objects.filter(instansi_id=i, periode=periode, pegawai_id=OuterRef("pk"))
    people = list(
        Pegawai.objects.filter(instansi_id=i, aktif=True, unor__path__startswith=unit.path)
        .exclude(excluded)
        .exclude(Exists(dinilai))
        .annotate(skp_id=Subquery(skp.values("pk")[:1]))
        .annotate(skp_penilai_id=Subquery(skp.values("penilai_id")[:1]))
        .select_related("jabatan")
        .only("nama", "gelar_depan", "gelar_belakang", "nip", "jabatan__nama")
        .order_by()
    )
    penilai = _nama_pegawai(i, {getattr(p, "skp_penilai_id", None) for p in people})
    result = []
    for p in people:
        penilai_id = getattr(p, "skp_penilai_id", None)
        status = "Belum dinilai" if getattr(p, "skp_id", None) else "Belum ada SKP berlaku"
        jabatan = p.jabatan.nama if p.jabatan else ""
        result.append(
            Orang(
                p.pk,
                p.nama_lengkap,
                p.nip,
                jabatan,
                penilai_id,
                penilai.get(penilai_id or 0, ""),
                status,
                "",
            )
        )
    return result


def _nama_pegawai(instansi_id: int, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    people = (
        Pegawai.objects.filter(instansi_id=instansi_id, pk__in=wanted)
        .only("nama", "gelar_depan", "gelar_belakang")
        .order_by()
    )
    return {p.pk: p.nama_lengkap for p in people}


def populasi(unit: UnitOrganisasi, periode: PeriodePenilaian) -> list[Orang]:
    """Everyone of the unit's kurva population: rated (draft or final) and not yet rated."""
    excluded = kurva.subunit_sendiri(unit, periode)
    return _dinilai(unit, periode, excluded) + _belum_dinilai(unit, periode, excluded)


def jumlah_predikat(orang: Iterable[Orang]) -> dict[str, int]:
    """Predikat -> people rated: the kurva's distribution (kurva.distribusi) of these rows."""
    counts = Counter(o.predikat for o in orang if o.predikat)
    return {p: counts.get(p, 0) for p in aturan.Predikat.values}


def kelompokkan(orang: list[Orang], akses: Akses) -> list[Kelompok]:
    """The population by predikat (official order), then "Belum dinilai"; names by name. A
    penilai without a leader's view sees only their own bawahan's names."""
    groups = {p: Kelompok(p) for p in aturan.Predikat.values}
    groups[""] = Kelompok(BELUM_DINILAI)
    for o in sorted(orang, key=lambda o: (o.nama.lower(), o.nip)):
        group = groups[o.predikat if o.predikat in groups else ""]
        group.jumlah += 1
        if akses.lihat_semua or (akses.saya is not None and o.penilai_id == akses.saya):
            group.orang.append(o)
    return list(groups.values())


def punya_bawahan(orang: Iterable[Orang], pegawai_id: int | None) -> bool:
    return pegawai_id is not None and any(o.penilai_id == pegawai_id for o in orang)


def bawahan_saya(orang: Iterable[Orang], pegawai_id: int | None) -> set[int]:
    """The viewer's own bawahan in the population, rated or not."""
    return {o.pegawai_id for o in orang if pegawai_id and o.penilai_id == pegawai_id}


def dinilai_saya(orang: Iterable[Orang], pegawai_id: int | None) -> dict[int, str]:
    """The viewer's own rated bawahan: pegawai id -> predikat (what the panel marks)."""
    return {
        o.pegawai_id: o.predikat
        for o in orang
        if pegawai_id and o.penilai_id == pegawai_id and o.predikat
    }


def panel_dari(
    org: KinerjaOrganisasi, jumlah: dict[str, int], konfig: aturan.KonfigurasiKurva
) -> kurva.PanelKurva:
    """kurva.panel_kurva from a distribution already counted (no second read of it)."""
    return kurva.PanelKurva(
        organisasi=org,
        hasil=aturan.nilai_kurva(org.predikat, jumlah, konfig),
        efek=aturan.efek_pilihan_berikut(org.predikat, jumlah, konfig),
    )


# --- The instansi-wide distribution check ----------------------------------------------------


@dataclass
class Total:
    unit: int = 0
    gagal: int = 0
    kecil: int = 0
    dinilai: int = 0
    jumlah: dict[str, int] = field(default_factory=lambda: dict.fromkeys(aturan.Predikat.values, 0))


def total_dari(rows: list[kurva.KurvaUnit]) -> Total:
    total = Total(unit=len(rows))
    for row in rows:
        total.dinilai += row.hasil.n
        total.gagal += bool(row.hasil.pelanggaran)
        total.kecil += row.hasil.unit_kecil
        for p, n in row.hasil.jumlah.items():
            total.jumlah[p] += n
    return total
