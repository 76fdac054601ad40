"""Periods of an instansi's year and the deadline lock, shared by every stage-2 write.

`pastikan_periode` makes the year's periods on first need (Triwulanan, end of the next month,
the most common rule) so a pegawai is never blocked by an admin who has not configured yet;
the Admin Instansi changes the setting with `atur_periode` (services_periode.py).
`pastikan_terbuka` is the one lock check: every write into a period calls it.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.permissions import DomainError
from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.models import (
    AturanBatas,
    CakupanPerpanjangan,
    Granularitas,
    JenisPeriode,
    PengaturanPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)

DEFAULT_GRANULARITAS = Granularitas.TRIWULANAN
DEFAULT_ATURAN = AturanBatas.AKHIR_BULAN_BERIKUT


def buat_periode(pengaturan: PengaturanPeriode) -> list[PeriodePenilaian]:
    """Rows for the setting's periods with deadlines from its rules (not saved)."""
    rows = []
    for p in jadwal.periode_tahun(pengaturan.granularitas, pengaturan.tahun):
        rows.append(
            PeriodePenilaian(
                instansi_id=pengaturan.instansi_id,
                tahun=pengaturan.tahun,
                jenis=p.jenis,
                nomor=p.nomor,
                mulai=p.mulai,
                selesai=p.selesai,
                batas_pengisian=jadwal.batas_hari(
                    pengaturan.aturan_pengisian, p.selesai, pengaturan.hari_pengisian
                ),
                batas_penilaian=jadwal.batas_hari(
                    pengaturan.aturan_penilaian, p.selesai, pengaturan.hari_penilaian
                ),
            )
        )
    return rows


def pastikan_periode(instansi_id: int, tahun: int) -> PengaturanPeriode:
    """The year's setting, creating the default one and its periods on first need."""
    found = PengaturanPeriode.objects.filter(instansi_id=instansi_id, tahun=tahun).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            pengaturan = PengaturanPeriode.objects.create(
                instansi_id=instansi_id,
                tahun=tahun,
                granularitas=DEFAULT_GRANULARITAS,
                aturan_pengisian=DEFAULT_ATURAN,
                aturan_penilaian=DEFAULT_ATURAN,
            )
            PeriodePenilaian.objects.bulk_create(buat_periode(pengaturan))
            audit.record(
                None,
                "periode.dibuat_otomatis",
                pengaturan,
                after=audit.snapshot(pengaturan, ["tahun", "granularitas", "aturan_pengisian"]),
                reason="Periode belum diatur Admin Instansi; dipakai pengaturan bawaan.",
            )
    except IntegrityError:  # a concurrent request made it first
        return PengaturanPeriode.objects.get(instansi_id=instansi_id, tahun=tahun)
    return pengaturan


def daftar_periode(instansi_id: int, tahun: int) -> list[PeriodePenilaian]:
    """The year's periods in order (periodic ones, then Tahunan)."""
    pengaturan = pastikan_periode(instansi_id, tahun)
    rows = list(PeriodePenilaian.objects.filter(instansi_id=instansi_id, tahun=tahun))
    periodic = [p for p in rows if p.jenis == pengaturan.granularitas]
    annual = [p for p in rows if p.jenis == JenisPeriode.TAHUNAN]
    return sorted(periodic, key=lambda p: p.nomor) + annual


def periode_pada(instansi_id: int, tanggal: dt.date) -> PeriodePenilaian:
    """The periodic (not annual) period that contains `tanggal`."""
    pengaturan = pastikan_periode(instansi_id, tanggal.year)
    return PeriodePenilaian.objects.get(
        instansi_id=instansi_id,
        tahun=tanggal.year,
        jenis=pengaturan.granularitas,
        mulai__lte=tanggal,
        selesai__gte=tanggal,
    )


def periode_untuk(user: Any, pk: int) -> PeriodePenilaian:
    """A period of the user's instansi or DomainError (forms pass ids)."""
    periode = PeriodePenilaian.objects.filter(instansi_id=user.instansi_id, pk=pk).first()
    if periode is None:
        raise DomainError("Periode tidak ditemukan.")
    return periode


# --- Deadlines and the lock ------------------------------------------------------------------


def _batas_dasar(periode: PeriodePenilaian, untuk: str) -> dt.date:
    return periode.batas_pengisian if untuk == UntukBatas.PENGISIAN else periode.batas_penilaian


def _cakupan_pegawai(pegawai: Pegawai) -> Q:
    """Extensions that cover this pegawai: instansi-wide, their unit or a parent, themselves."""
    cover = Q(cakupan=CakupanPerpanjangan.INSTANSI) | Q(
        cakupan=CakupanPerpanjangan.PEGAWAI, pegawai_id=pegawai.pk
    )
    if pegawai.unor_id:
        path = pegawai.unor.path if pegawai.unor else ""
        unit_ids = [int(x) for x in path.strip("/").split("/") if x] or [pegawai.unor_id]
        cover |= Q(cakupan=CakupanPerpanjangan.UNIT, unor_id__in=unit_ids)
    return cover


def _perpanjangan_berlaku(periode: PeriodePenilaian, untuk: str, pegawai: Pegawai) -> Q:
    cover = _cakupan_pegawai(pegawai)
    return Q(instansi_id=periode.instansi_id, periode_id=periode.pk, untuk=untuk) & cover


def batas_efektif(periode: PeriodePenilaian, untuk: str, pegawai: Pegawai) -> dt.date:
    """The last day this pegawai's period stays open for `untuk` (pengisian by the pegawai,
    penilaian by their penilai): the period's deadline or a later extension covering them."""
    batas = _batas_dasar(periode, untuk)
    extended = PerpanjanganBatas.objects.filter(
        _perpanjangan_berlaku(periode, untuk, pegawai)
    ).aggregate(m=Max("batas_baru"))["m"]
    return max(batas, extended) if extended else batas


def batas_efektif_semua(
    periods: list[PeriodePenilaian], pegawai: Pegawai
) -> dict[tuple[int, str], dt.date]:
    """`batas_efektif` of every period for both pengisian and penilaian in one query (a page
    listing a year's periods): {(periode id, untuk): last day}."""
    result = {(p.pk, untuk): _batas_dasar(p, untuk) for p in periods for untuk in UntukBatas.values}
    if not periods:
        return result
    extended = (
        PerpanjanganBatas.objects.filter(
            _cakupan_pegawai(pegawai),
            instansi_id=periods[0].instansi_id,
            periode_id__in=[p.pk for p in periods],
        )
        .values_list("periode_id", "untuk")
        .annotate(m=Max("batas_baru"))
        .order_by()
    )
    for periode_id, untuk, batas in extended:
        result[periode_id, untuk] = max(result[periode_id, untuk], batas)
    return result


def batas_efektif_massal(
    periode: PeriodePenilaian,
    untuk: str,
    pegawai_unor: dict[int, int | None],
    unit_paths: dict[int, str] | None = None,
) -> dict[int, dt.date]:
    """`batas_efektif` of many pegawai (pegawai id -> unit id or None) in one or two queries:
    the period's few extensions applied in Python with the same rule (instansi-wide, the
    pegawai's unit or a parent, the pegawai themself). Paths are read when not given."""
    batas = _batas_dasar(periode, untuk)
    rows = list(
        PerpanjanganBatas.objects.filter(
            instansi_id=periode.instansi_id, periode_id=periode.pk, untuk=untuk
        ).values_list("cakupan", "unor_id", "pegawai_id", "batas_baru")
    )
    semua = batas
    per_unit: dict[int, dt.date] = {}
    per_pegawai: dict[int, dt.date] = {}
    for cakupan, unor_id, pegawai_id, baru in rows:
        if cakupan == CakupanPerpanjangan.INSTANSI:
            semua = max(semua, baru)
        elif cakupan == CakupanPerpanjangan.UNIT and unor_id:
            per_unit[unor_id] = max(per_unit.get(unor_id, baru), baru)
        elif cakupan == CakupanPerpanjangan.PEGAWAI and pegawai_id:
            per_pegawai[pegawai_id] = max(per_pegawai.get(pegawai_id, baru), baru)
    if per_unit and unit_paths is None:
        unit_paths = dict(
            UnitOrganisasi.objects.filter(instansi_id=periode.instansi_id).values_list("id", "path")
        )
    of_unit: dict[int, dt.date] = {}  # each unit's, through its parents

    def unit_batas(unor_id: int | None) -> dt.date:
        if unor_id is None:
            return semua
        if unor_id not in of_unit:
            path = (unit_paths or {}).get(unor_id, "")
            chain = [int(x) for x in path.strip("/").split("/") if x] or [unor_id]
            of_unit[unor_id] = max([semua, *(per_unit[u] for u in chain if u in per_unit)])
        return of_unit[unor_id]

    return {
        pid: max(unit_batas(unor_id), per_pegawai.get(pid, semua))
        for pid, unor_id in pegawai_unor.items()
    }


def zona_of(instansi_id: int) -> str:
    return Instansi.objects.values_list("zona_waktu", flat=True).get(pk=instansi_id)


def pastikan_terbuka(
    periode: PeriodePenilaian,
    untuk: str,
    pegawai: Pegawai,
    now: dt.datetime | None = None,
) -> None:
    """Refuse a write into a period whose deadline has passed for this pegawai, saying when it
    closed and who can extend it. `pegawai` is the owner of the work (also for the penilai)."""
    now = now or timezone.now()
    batas = batas_efektif(periode, untuk, pegawai)
    zona = zona_of(periode.instansi_id)
    if jadwal.sudah_lewat(batas, zona, now):
        tindakan = "pengisian" if untuk == UntukBatas.PENGISIAN else "penilaian"
        raise DomainError(
            f"Periode {periode} sudah dikunci untuk {tindakan} sejak batas waktu "
            f"{jadwal.format_batas(batas, zona)}. Perpanjangan batas waktu hanya dapat "
            "diberikan oleh Admin Instansi."
        )


def terkunci(
    periode: PeriodePenilaian, untuk: str, pegawai: Pegawai, now: dt.datetime | None = None
) -> bool:
    try:
        pastikan_terbuka(periode, untuk, pegawai, now)
    except DomainError:
        return True
    return False
