"""Shared builders of the penilaian tests: the org of tests/conftest.py with accounts and
approved SKPs in force for the year, a penilai with N bawahan in a unit of their own, periods
and moments in the instansi's zone. Kept small and stable: other test modules import it."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from kinerja.accounts.models import User
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import Skp
from tests.conftest import Org
from tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, place, user_for
from tests.perencanaan.test_services import TAHUN, approve_directly, users_of

__all__ = [
    "TAHUN",
    "Dunia",
    "Tim",
    "buat_dunia",
    "buat_tim",
    "periode",
    "saat",
    "skp_disetujui",
]


def saat(
    bulan: int,
    hari: int,
    jam: int = 10,
    menit: int = 0,
    *,
    tahun: int = TAHUN,
    zona: str = "Asia/Jakarta",
) -> dt.datetime:
    """A moment on the wall clock of a zone (WIB by default): what `now=` takes."""
    return dt.datetime(tahun, bulan, hari, jam, menit, tzinfo=ZoneInfo(zona))


def periode(
    instansi_id: int, jenis: str = "Triwulanan", nomor: int = 1, tahun: int = TAHUN
) -> PeriodePenilaian:
    """A period of the default setting (Triwulanan; penilaian due by the end of the next month:
    TW I by 30 April, Tahunan by 31 January of the next year)."""
    periode_mod.pastikan_periode(instansi_id, tahun)
    return PeriodePenilaian.objects.get(
        instansi_id=instansi_id, tahun=tahun, jenis=jenis, nomor=nomor
    )


def skp_disetujui(user: User, tahun: int = TAHUN) -> Skp:
    """The user's SKP for the year, approved and in force (penilai and atasan penilai from the
    atasan rule, as buat_skp sets them)."""
    return approve_directly(skp_services.buat_skp(user, tahun))


@dataclass
class Dunia:
    """The org (Dinas > Bidang > Seksi) with an account per person and approved SKPs:
    staf (penilai kasi, atasan penilai kabid), staf_bidang and kasi (penilai kabid, atasan
    kepala), kabid (penilai kepala, no atasan penilai), kepala (JPT, no penilai)."""

    org: Org
    users: dict[str, User]
    skp: dict[str, Skp]
    tw1: PeriodePenilaian
    tahunan: PeriodePenilaian


def buat_dunia(org: Org) -> Dunia:
    users = users_of(org)
    return Dunia(
        org=org,
        users=users,
        skp={name: skp_disetujui(user) for name, user in users.items()},
        tw1=periode(org.instansi.pk),
        tahunan=periode(org.instansi.pk, "Tahunan"),
    )


@pytest.fixture
def dunia(org: Org) -> Dunia:
    return buat_dunia(org)


@dataclass
class Tim:
    """A unit led by `penilai` with `n` bawahan, each with an account and an approved SKP."""

    unit: UnitOrganisasi
    pimpinan: Pegawai
    penilai: User
    anggota: list[User]
    skp: list[Skp]


def buat_tim(org: Org, n: int, induk: UnitOrganisasi | None = None, kode: str = "T") -> Tim:
    """A sub-unit of `induk` (the org's Bidang by default): its leader reports to the leader
    of `induk`, the bawahan to the leader."""
    instansi = org.instansi
    j_pimpinan = JabatanFactory(instansi=instansi, nama=f"Ketua Tim {kode}", jenis="Pengawas")
    unit = UnitFactory(
        instansi=instansi,
        kode=f"{instansi.kode}-{kode}",
        nama=f"Tim {kode}",
        induk=induk or org.bidang,
        jabatan_pimpinan=j_pimpinan,
    )
    pimpinan = PegawaiFactory(instansi=instansi, nama=f"Ketua {kode}")
    place(pimpinan, unit, j_pimpinan, since=dt.date(2020, 1, 1))
    anggota = []
    for i in range(n):
        pegawai = PegawaiFactory(instansi=instansi, nama=f"Anggota {kode}{i + 1}")
        place(pegawai, unit, org.jabatan_staf, since=dt.date(2020, 1, 1))
        anggota.append(user_for(pegawai))
    return Tim(
        unit=unit,
        pimpinan=pimpinan,
        penilai=user_for(pimpinan),
        anggota=anggota,
        skp=[skp_disetujui(user) for user in anggota],
    )
