"""Reads of the daily log (aktivitas harian), scoped to what the user may see.

Who reviews an entry: the owner's **current atasan langsung**, `org.selectors.atasan_id_of`
(the org-tree rule with its manual override) on today's date. This is the same person the SKP
takes as its penilai when it is made, but read live: entries can be reviewed before the SKP is
approved (January), and after a mutasi the new atasan reviews what is still waiting. The list
of entries to review uses `bawahan_of`, the exact inverse of that rule, so the list and the
permission check always agree. Services and views call `penilai_id_of` for the check.
"""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.http import Http404

from kinerja.core.kueri import Disiapkan, Param
from kinerja.org.models import Pegawai
from kinerja.org.selectors import atasan_id_of, bawahan_of
from kinerja.pelaksanaan.models import AktivitasHarian, RencanaAksi, StatusAktivitas
from kinerja.perencanaan.models import RencanaHasilKerja, Skp, StatusSkp

_TAMPIL = ("rhk", "rencana_aksi")


def penilai_id_of(pegawai: Pegawai) -> int | None:
    """The pegawai who accepts or returns this pegawai's entries (see the module docstring)."""
    return atasan_id_of(pegawai)


def senin_dari(tanggal: dt.date) -> dt.date:
    return tanggal - dt.timedelta(days=tanggal.weekday())


def bulan_range(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    return dt.date(tahun, bulan, 1), dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


# --- The owner -------------------------------------------------------------------------------


def aktivitas_rentang(
    instansi_id: int, pegawai_id: int, mulai: dt.date, selesai: dt.date
) -> list[AktivitasHarian]:
    """The pegawai's entries from `mulai` to `selesai` in day and time order (one query)."""
    return list(
        AktivitasHarian.objects.filter(
            instansi_id=instansi_id,
            pegawai_id=pegawai_id,
            tanggal__gte=mulai,
            tanggal__lte=selesai,
        )
        .select_related(*_TAMPIL)
        .order_by("tanggal", "jam_mulai", "id")
    )


def aktivitas_milik(user: Any, pk: int) -> AktivitasHarian:
    """The user's own entry, or 404 (also for their penilai: they review, they do not edit)."""
    row = (
        AktivitasHarian.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related(*_TAMPIL)
        .first()
    )
    if row is None or not user.pegawai_id or row.pegawai_id != user.pegawai_id:
        raise Http404
    return row


def rhk_pilihan(instansi_id: int, pegawai_id: int, tahun: int) -> list[RencanaHasilKerja]:
    """RHK an entry may link to: those of the pegawai's SKP in force for the year."""
    skp_ids = Skp.objects.filter(
        instansi_id=instansi_id,
        pegawai_id=pegawai_id,
        tahun=tahun,
        status=StatusSkp.DISETUJUI,
        berlaku=True,
    ).values("id")
    return list(
        RencanaHasilKerja.objects.filter(instansi_id=instansi_id, skp__in=skp_ids).order_by(
            "jenis", "urutan", "id"
        )
    )


def rencana_aksi_pilihan(instansi_id: int, pegawai_id: int, tanggal: dt.date) -> list[RencanaAksi]:
    """The pegawai's rencana aksi of the period(s) containing the day."""
    return list(
        RencanaAksi.objects.filter(
            instansi_id=instansi_id,
            pegawai_id=pegawai_id,
            periode__mulai__lte=tanggal,
            periode__selesai__gte=tanggal,
        )
        .select_related("rhk")
        .order_by("rhk_id", "urutan", "id")
    )


# --- The penilai -----------------------------------------------------------------------------


def bawahan_ids(penilai: Pegawai) -> QuerySet[Pegawai, int]:
    """Ids of the pegawai whose entries this penilai reviews (a subquery, not a list)."""
    return bawahan_of(penilai).values_list("id", flat=True)


def antrian_penilai(
    instansi_id: int, bawahan: QuerySet[Pegawai, int], status: str = ""
) -> QuerySet[AktivitasHarian]:
    """Entries of the penilai's bawahan (`bawahan_ids`), newest day first; `status` filters
    (all when "")."""
    qs = AktivitasHarian.objects.filter(instansi_id=instansi_id, pegawai_id__in=bawahan)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("pegawai", *_TAMPIL).order_by(
        "-tanggal", "pegawai__nama", "pegawai_id", "jam_mulai", "id"
    )


def hitung_status(instansi_id: int, bawahan: QuerySet[Pegawai, int]) -> dict[str, int]:
    """How many entries of the bawahan are in each status (one grouped query)."""
    rows = (
        AktivitasHarian.objects.filter(instansi_id=instansi_id, pegawai_id__in=bawahan)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    found = dict(rows)
    return {s: found.get(s, 0) for s in StatusAktivitas.values}


def aktivitas_untuk_penilai(user: Any, pk: int) -> AktivitasHarian:
    """An entry the user reviews (they are the owner's penilai), or 404."""
    row = (
        AktivitasHarian.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("pegawai", "pegawai__unor")
        .first()
    )
    if row is None or not user.pegawai_id or row.pegawai_id == user.pegawai_id:
        raise Http404
    if penilai_id_of(row.pegawai) != user.pegawai_id:
        raise Http404
    return row


# --- Bukti -----------------------------------------------------------------------------------


def aktivitas_untuk_bukti(user: Any, pk: int) -> AktivitasHarian:
    """An entry whose bukti the user may open: its owner, the owner's penilai, the Admin
    Instansi of the instansi. Anyone else (another instansi, a colleague) gets 404."""
    row = (
        AktivitasHarian.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("pegawai", "pegawai__unor")
        .first()
    )
    if row is None:
        raise Http404
    if user.is_admin_instansi or (user.pegawai_id and user.pegawai_id == row.pegawai_id):
        return row
    if user.pegawai_id and penilai_id_of(row.pegawai) == user.pegawai_id:
        return row
    raise Http404


# --- Monthly recap of effective minutes ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RekapMenit:
    """Minutes of one pegawai in one month. Effective minutes (TPP input) are `diterima`."""

    diterima: int = 0
    menunggu: int = 0
    dikembalikan: int = 0
    total: int = 0
    jumlah: int = 0

    @property
    def jam_efektif(self) -> str:
        """Accepted minutes as hours and minutes, "12 j 30 m"."""
        return jam_menit(self.diterima)


KOSONG = RekapMenit()


def jam_menit(menit: int) -> str:
    return f"{menit // 60} j {menit % 60:02d} m"


_KOLOM_REKAP = ("diterima", "menunggu", "dikembalikan", "total", "jumlah")


def _menit(status: str) -> Sum:
    return Sum("menit", filter=Q(status=status), default=0)


def _per(qs: QuerySet[AktivitasHarian], key: str) -> QuerySet[AktivitasHarian, tuple[Any, ...]]:
    """(key, diterima, menunggu, dikembalikan, total, jumlah) rows grouped by `key`."""
    return (
        qs.order_by()
        .values(key)
        .annotate(
            diterima=_menit(StatusAktivitas.DITERIMA),
            menunggu=_menit(StatusAktivitas.MENUNGGU),
            dikembalikan=_menit(StatusAktivitas.DIKEMBALIKAN),
            total=Sum("menit", default=0),
            # COUNT(*), no column: PostgreSQL reads the index alone (aktivitas_pegawai_menit)
            jumlah=Count("*"),
        )
        .values_list(key, *_KOLOM_REKAP)
    )


def _menit_bulanan_qs(
    instansi: Any, mulai: Any, selesai: Any, pegawai: Any
) -> QuerySet[AktivitasHarian, tuple[Any, ...]]:
    qs = AktivitasHarian.objects.filter(
        instansi_id=instansi, tanggal__gte=mulai, tanggal__lte=selesai
    )
    if isinstance(pegawai, QuerySet):
        qs = qs.filter(pegawai_id__in=pegawai)
    elif pegawai is not None:  # one parameter, whatever the length (core.lookups)
        qs = qs.filter(pegawai_id__dalam=pegawai)
    return _per(qs, "pegawai_id")


# compiled once for a page of pegawai (the API's TPP recap)
_MENIT_BULANAN = Disiapkan(
    _menit_bulanan_qs,
    instansi=Param("instansi"),
    mulai=Param("mulai", DateField()),
    selesai=Param("selesai", DateField()),
    pegawai=Param("pegawai"),
)


def rekap_menit_bulanan(
    instansi_id: int,
    tahun: int,
    bulan: int,
    pegawai_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> dict[int, RekapMenit]:
    """pegawai id -> minutes of the month, in ONE grouped query over the (instansi, tanggal)
    index. Pegawai without entries are absent (callers use KOSONG). `pegawai_ids` narrows it to
    a page of pegawai or to a penilai's bawahan (a list or a subquery); None = the instansi."""
    mulai, selesai = bulan_range(tahun, bulan)
    if pegawai_ids is not None and not isinstance(pegawai_ids, QuerySet):
        pegawai_ids = list(pegawai_ids)
    rows = _MENIT_BULANAN.baris(
        5000, instansi=instansi_id, mulai=mulai, selesai=selesai, pegawai=pegawai_ids
    )
    return {row[0]: RekapMenit(*row[1:]) for row in rows}


def rekap_harian(
    instansi_id: int, pegawai_id: int, tahun: int, bulan: int
) -> dict[dt.date, RekapMenit]:
    """day -> minutes of the pegawai's own month (one grouped query)."""
    mulai, selesai = bulan_range(tahun, bulan)
    qs = AktivitasHarian.objects.filter(
        instansi_id=instansi_id, pegawai_id=pegawai_id, tanggal__gte=mulai, tanggal__lte=selesai
    )
    return {row[0]: RekapMenit(*row[1:]) for row in _per(qs, "tanggal")}


def jumlahkan(rows: Iterable[RekapMenit]) -> RekapMenit:
    """The sum of several recaps (a page total, a month total)."""
    items = list(rows)
    return RekapMenit(*(sum(getattr(r, f) for r in items) for f in _KOLOM_REKAP))
