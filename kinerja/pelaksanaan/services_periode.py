"""Writes of the Admin Instansi on periods and deadlines: the year's setting, fixed deadlines,
and extensions (the only way to unlock a period, always with a reason and audited)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import ForeignObjectRel, Max, Q
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.atasan import chain_from_path
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.org.selectors import atasan_of
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.models import (
    AturanBatas,
    CakupanPerpanjangan,
    Granularitas,
    PengaturanPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.pelaksanaan.periode import batas_efektif, buat_periode, zona_of

TAHUN_MIN, TAHUN_MAX = 2000, 2100
# A typed deadline further than this after the period's end is a typo (2062 for 2026).
BATAS_PALING_LAMA = dt.timedelta(days=366)
PENGATURAN_FIELDS = [
    "tahun",
    "granularitas",
    "aturan_pengisian",
    "hari_pengisian",
    "aturan_penilaian",
    "hari_penilaian",
]
TINDAKAN: dict[str, str] = {UntukBatas.PENGISIAN: "pengisian", UntukBatas.PENILAIAN: "penilaian"}


# --- The year's setting ----------------------------------------------------------------------


@transaction.atomic
def atur_periode(
    actor: Any,
    instansi_id: int,
    tahun: int,
    granularitas: str,
    aturan_pengisian: str,
    hari_pengisian: int | None,
    aturan_penilaian: str,
    hari_penilaian: int | None,
) -> PengaturanPeriode:
    """Save the year's setting and (re)build its periods. Same granularity: the rows stay (ids
    kept, deadlines recomputed in place); another granularity only while no work refers to a
    period of the year."""
    require_admin_instansi(actor, instansi_id)
    _check_pengaturan(tahun, granularitas, aturan_pengisian, aturan_penilaian)
    hari_pengisian = _hari(aturan_pengisian, hari_pengisian, "pengisian")
    hari_penilaian = _hari(aturan_penilaian, hari_penilaian, "penilaian")
    pengaturan = (
        PengaturanPeriode.objects.select_for_update()
        .filter(instansi_id=instansi_id, tahun=tahun)
        .first()
    )
    before = audit.snapshot(pengaturan, PENGATURAN_FIELDS) if pengaturan else {}
    old = _aturan_of(pengaturan)
    if pengaturan is None:
        pengaturan = PengaturanPeriode(instansi_id=instansi_id, tahun=tahun)
    elif pengaturan.granularitas != granularitas:
        _refuse_if_used(pengaturan, granularitas)
    pengaturan.granularitas = granularitas
    pengaturan.aturan_pengisian, pengaturan.hari_pengisian = aturan_pengisian, hari_pengisian
    pengaturan.aturan_penilaian, pengaturan.hari_penilaian = aturan_penilaian, hari_penilaian
    after = audit.snapshot(pengaturan, PENGATURAN_FIELDS)
    if before == after:
        return pengaturan
    pengaturan.save()
    _sync_periode(pengaturan, old)
    audit.record(actor, "periode.diatur", pengaturan, before=before or None, after=after)
    return pengaturan


def _check_pengaturan(tahun: int, granularitas: str, pengisian: str, penilaian: str) -> None:
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise DomainError(f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAX}.")
    if granularitas not in Granularitas.values:
        raise DomainError("Pilih granularitas periode: Bulanan, Triwulanan, atau Semesteran.")
    if pengisian not in AturanBatas.values or penilaian not in AturanBatas.values:
        raise DomainError("Pilih aturan batas waktu pengisian dan penilaian.")


def _hari(aturan: str, hari: int | None, tindakan: str) -> int | None:
    """Day D for "tanggal tertentu pada bulan berikutnya" (required, 1–31); none otherwise."""
    if aturan != AturanBatas.TANGGAL_BULAN_BERIKUT:
        return None
    if hari is None or not 1 <= hari <= 31:
        raise DomainError(
            f"Isi tanggal batas {tindakan} (1 sampai 31) untuk aturan "
            f'"{AturanBatas.TANGGAL_BULAN_BERIKUT.label}".'
        )
    return hari


def _aturan_of(pengaturan: PengaturanPeriode | None) -> dict[str, str]:
    if pengaturan is None:
        return {}
    return {
        UntukBatas.PENGISIAN: pengaturan.aturan_pengisian,
        UntukBatas.PENILAIAN: pengaturan.aturan_penilaian,
    }


def _refuse_if_used(pengaturan: PengaturanPeriode, granularitas: str) -> None:
    """Work already filed under the year's periods (rencana aksi, realisasi, dialog,
    extensions, whatever refers to a period) would lose its period."""
    ids = list(
        PeriodePenilaian.objects.filter(
            instansi_id=pengaturan.instansi_id, tahun=pengaturan.tahun
        ).values_list("pk", flat=True)
    )
    # include_hidden: the work tables point here with related_name="+", which related_objects
    # leaves out.
    rels = PeriodePenilaian._meta.get_fields(include_hidden=True)
    for rel in rels:
        if not isinstance(rel, ForeignObjectRel):
            continue
        model: Any = rel.related_model
        used = model.objects.filter(
            instansi_id=pengaturan.instansi_id, **{f"{rel.field.name}__in": ids}
        ).exists()
        if used:
            raise DomainError(
                f"Granularitas periode {pengaturan.tahun} tidak dapat diubah dari "
                f"{pengaturan.granularitas} menjadi {granularitas} karena sudah ada data pada "
                f"periode tahun ini ({model._meta.verbose_name_plural}). Aturan batas waktu "
                "tetap dapat diubah."
            )


def _sync_periode(pengaturan: PengaturanPeriode, old_aturan: dict[str, str]) -> None:
    """Make the year's rows match the setting: existing periods keep their id (work refers to
    them); a fixed date the admin typed stays while the rule stays tanggal_tetap."""
    existing = {
        (p.jenis, p.nomor): p
        for p in PeriodePenilaian.objects.filter(
            instansi_id=pengaturan.instansi_id, tahun=pengaturan.tahun
        )
    }
    keep_pengisian = _tetap_tetap(old_aturan, pengaturan.aturan_pengisian, UntukBatas.PENGISIAN)
    keep_penilaian = _tetap_tetap(old_aturan, pengaturan.aturan_penilaian, UntukBatas.PENILAIAN)
    new_rows, changed = [], []
    for row in buat_periode(pengaturan):
        found = existing.pop((row.jenis, row.nomor), None)
        if found is None:
            new_rows.append(row)
            continue
        found.mulai, found.selesai = row.mulai, row.selesai
        if not keep_pengisian:
            found.batas_pengisian = row.batas_pengisian
        if not keep_penilaian:
            found.batas_penilaian = row.batas_penilaian
        changed.append(found)
    # Left over: the periods of the old granularity (unused, see _refuse_if_used).
    PeriodePenilaian.objects.filter(
        instansi_id=pengaturan.instansi_id, pk__in=[p.pk for p in existing.values()]
    ).delete()
    PeriodePenilaian.objects.bulk_update(
        changed, ["mulai", "selesai", "batas_pengisian", "batas_penilaian"]
    )
    PeriodePenilaian.objects.bulk_create(new_rows)


def _tetap_tetap(old_aturan: dict[str, str], aturan: str, untuk: str) -> bool:
    return aturan == AturanBatas.TANGGAL_TETAP and old_aturan.get(untuk) == aturan


# --- Fixed dates -----------------------------------------------------------------------------


@transaction.atomic
def ubah_batas(
    actor: Any,
    periode: PeriodePenilaian,
    batas_pengisian: dt.date,
    batas_penilaian: dt.date,
) -> PeriodePenilaian:
    """Set a period's deadlines by hand; only a deadline whose rule is tanggal_tetap may change
    (the others follow their rule)."""
    require_admin_instansi(actor, periode.instansi_id)
    pengaturan = PengaturanPeriode.objects.get(instansi_id=periode.instansi_id, tahun=periode.tahun)
    aturan = _aturan_of(pengaturan)
    if AturanBatas.TANGGAL_TETAP not in aturan.values():
        raise DomainError(
            f'Batas waktu {periode.tahun} dihitung dari aturannya. Pilih aturan "'
            f'{AturanBatas.TANGGAL_TETAP.label}" untuk menetapkan tanggal sendiri.'
        )
    before = audit.snapshot(periode, ["batas_pengisian", "batas_penilaian"])
    for untuk, baru in [
        (UntukBatas.PENGISIAN, batas_pengisian),
        (UntukBatas.PENILAIAN, batas_penilaian),
    ]:
        lama = getattr(periode, f"batas_{untuk}")
        if baru == lama:
            continue
        if aturan[untuk] != AturanBatas.TANGGAL_TETAP:
            raise DomainError(
                f"Batas {TINDAKAN[untuk]} mengikuti aturan "
                f'"{AturanBatas(aturan[untuk]).label}" dan tidak dapat diubah per periode.'
            )
        _check_batas(periode, baru, f"Batas {TINDAKAN[untuk]}")
        setattr(periode, f"batas_{untuk}", baru)
    after = audit.snapshot(periode, ["batas_pengisian", "batas_penilaian"])
    if after == before:
        return periode
    periode.save(update_fields=["batas_pengisian", "batas_penilaian"])
    audit.record(actor, "periode.batas_diubah", periode, before=before, after=after)
    from kinerja.notifikasi.tasks import beri_tahu_batas_periode

    for jenis in UntukBatas.values:  # those still behind learn the new date (a task: 100k)
        if before[f"batas_{jenis}"] != after[f"batas_{jenis}"]:
            beri_tahu_batas_periode.enqueue(periode.pk, jenis)
    return periode


def _check_batas(periode: PeriodePenilaian, batas: dt.date, what: str) -> None:
    if batas < periode.selesai:
        raise DomainError(
            f"{what} {jadwal.format_tanggal(batas)} sebelum periode {periode} berakhir "
            f"({jadwal.format_tanggal(periode.selesai)})."
        )
    if batas > periode.selesai + BATAS_PALING_LAMA:
        raise DomainError(
            f"{what} {jadwal.format_tanggal(batas)} lebih dari satu tahun setelah periode "
            f"{periode} berakhir; periksa kembali tahunnya."
        )


# --- Extensions ------------------------------------------------------------------------------


@transaction.atomic
def perpanjang_batas(
    actor: Any,
    periode: PeriodePenilaian,
    untuk: str,
    cakupan: str,
    unor: UnitOrganisasi | None,
    pegawai: Pegawai | None,
    batas_baru: dt.date,
    alasan: str,
    now: dt.datetime | None = None,
) -> PerpanjanganBatas:
    """Extend a deadline for the whole instansi, one unit with its sub-units, or one pegawai.
    The new date must be later than what applies to that scope now and still to come."""
    require_admin_instansi(actor, periode.instansi_id)
    if untuk not in UntukBatas.values:
        raise DomainError("Pilih batas yang diperpanjang: pengisian atau penilaian.")
    unor, pegawai = _sasaran(periode, cakupan, unor, pegawai)
    alasan = alasan.strip()
    if not alasan:
        raise DomainError("Alasan perpanjangan wajib diisi; alasan tercatat di log audit.")
    zona = zona_of(periode.instansi_id)
    _check_batas_baru(periode, untuk, unor, pegawai, batas_baru, zona, now)
    perpanjangan = PerpanjanganBatas.objects.create(
        instansi_id=periode.instansi_id,
        periode=periode,
        untuk=untuk,
        cakupan=cakupan,
        unor=unor,
        pegawai=pegawai,
        batas_baru=batas_baru,
        alasan=alasan,
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor,
        "periode.batas_diperpanjang",
        perpanjangan,
        after=audit.snapshot(
            perpanjangan, ["periode", "untuk", "cakupan", "unor", "pegawai", "batas_baru"]
        ),
        reason=alasan,
        object_repr=f"{periode}: {TINDAKAN[untuk]} {_nama_sasaran(cakupan, unor, pegawai)}",
    )
    if pegawai is not None:
        _beri_tahu(periode, untuk, pegawai, batas_baru, zona, alasan)
    else:  # up to a whole instansi: a task after the commit tells those still behind
        from kinerja.notifikasi.tasks import beri_tahu_perpanjangan

        beri_tahu_perpanjangan.enqueue(perpanjangan.pk)
    return perpanjangan


def _sasaran(
    periode: PeriodePenilaian, cakupan: str, unor: UnitOrganisasi | None, pegawai: Pegawai | None
) -> tuple[UnitOrganisasi | None, Pegawai | None]:
    """The unit or pegawai the scope names (of the period's instansi), nothing else."""
    if cakupan == CakupanPerpanjangan.INSTANSI:
        return None, None
    if cakupan == CakupanPerpanjangan.UNIT:
        if unor is None or unor.instansi_id != periode.instansi_id:
            raise DomainError("Pilih unit organisasi yang batas waktunya diperpanjang.")
        return unor, None
    if cakupan == CakupanPerpanjangan.PEGAWAI:
        if pegawai is None or pegawai.instansi_id != periode.instansi_id:
            raise DomainError("Pilih pegawai (NIP) yang batas waktunya diperpanjang.")
        return None, pegawai
    raise DomainError("Pilih cakupan perpanjangan: seluruh instansi, satu unit, atau satu pegawai.")


def batas_cakupan(
    periode: PeriodePenilaian, untuk: str, unor: UnitOrganisasi | None, pegawai: Pegawai | None
) -> dt.date:
    """The deadline that applies now to the whole scope: the period's own, raised by the
    extensions covering all of it (instansi-wide; for a unit also its own and its parents')."""
    if pegawai is not None:
        return batas_efektif(periode, untuk, pegawai)
    cover = Q(cakupan=CakupanPerpanjangan.INSTANSI)
    if unor is not None:
        cover |= Q(cakupan=CakupanPerpanjangan.UNIT, unor_id__in=chain_from_path(unor.path))
    extended = PerpanjanganBatas.objects.filter(
        cover, instansi_id=periode.instansi_id, periode_id=periode.pk, untuk=untuk
    ).aggregate(m=Max("batas_baru"))["m"]
    batas: dt.date = getattr(periode, f"batas_{untuk}")
    return max(batas, extended) if extended else batas


def _check_batas_baru(
    periode: PeriodePenilaian,
    untuk: str,
    unor: UnitOrganisasi | None,
    pegawai: Pegawai | None,
    batas_baru: dt.date,
    zona: str,
    now: dt.datetime | None,
) -> None:
    berlaku = batas_cakupan(periode, untuk, unor, pegawai)
    if batas_baru <= berlaku:
        raise DomainError(
            f"Batas baru harus setelah batas {TINDAKAN[untuk]} yang berlaku sekarang untuk "
            f"cakupan ini: {jadwal.format_batas(berlaku, zona)}."
        )
    if jadwal.sudah_lewat(batas_baru, zona, now or timezone.now()):
        raise DomainError(
            f"Batas baru {jadwal.format_tanggal(batas_baru)} sudah lewat; pilih tanggal yang "
            "akan datang."
        )
    _check_batas(periode, batas_baru, "Batas baru")


def _nama_sasaran(cakupan: str, unor: UnitOrganisasi | None, pegawai: Pegawai | None) -> str:
    if unor is not None:
        return f"unit {unor.nama}"
    if pegawai is not None:
        return f"pegawai {pegawai.nama_lengkap} ({pegawai.nip})"
    return "seluruh instansi"


def _beri_tahu(
    periode: PeriodePenilaian,
    untuk: str,
    pegawai: Pegawai,
    batas_baru: dt.date,
    zona: str,
    alasan: str,
) -> None:
    """The pegawai learns their new deadline; for penilaian their penilai too (who acts)."""
    judul = f"Batas waktu {TINDAKAN[untuk]} {periode} diperpanjang"
    pesan = f"Batas baru: {jadwal.format_batas(batas_baru, zona)}. Alasan: {alasan}"
    url = f"{reverse('pelaksanaan:periode_jadwal')}?tahun={periode.tahun}"
    notify(pegawai, judul, pesan, url, jenis="periode.diperpanjang")
    if untuk == UntukBatas.PENILAIAN:
        penilai = atasan_of(pegawai)
        if penilai is not None:
            notify(
                penilai,
                f"{judul} untuk {pegawai.nama_lengkap}",
                pesan,
                jenis="periode.diperpanjang",
            )
