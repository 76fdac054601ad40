"""Test data builders. Every pegawai gets a valid, unique NIP."""

import datetime as dt
import itertools

import factory

from kinerja.accounts.models import User
from kinerja.org.models import Instansi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from kinerja.org.nip import build_nip
from kinerja.org.services import rebuild_paths

_seq = itertools.count(1)


def next_nip(jenis_asn: str = "PNS") -> str:
    n = next(_seq)
    lahir = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
    # Appointed 20-24 years after birth, so the NIP stays valid however long the run.
    tahun = lahir.year + 20 + n % 5
    return build_nip(lahir, tahun, 1 + n % 12, "L" if n % 2 else "P", 1 + n % 999, jenis_asn)


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    kode = factory.Sequence(lambda n: f"INS{n}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    jenis = "daerah"


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Jabatan {n}")
    jenis = "Pelaksana"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitOrganisasi
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"U{n}")
    nama = factory.Sequence(lambda n: f"Unit {n}")

    @factory.post_generation
    def paths(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            rebuild_paths(self.instansi_id)
            self.refresh_from_db(fields=["path", "kedalaman"])


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    instansi = factory.SubFactory(InstansiFactory)
    nip = factory.LazyFunction(next_nip)
    nama = factory.Sequence(lambda n: f"Pegawai {n}")
    jenis_asn = "PNS"
    jenis_kelamin = "L"
    tanggal_lahir = dt.date(1985, 3, 12)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    nip = factory.LazyFunction(next_nip)
    nama = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-Uji-123")

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def place(
    pegawai: Pegawai,
    unit: UnitOrganisasi,
    jabatan: Jabatan,
    *,
    since: dt.date | None = None,
    jenis: str = "Definitif",
) -> RiwayatJabatan:
    """Put a pegawai in a position (and make it their current one when definitif)."""
    if jenis == "Definitif":
        pegawai.unor, pegawai.jabatan = unit, jabatan
        pegawai.save()
    return RiwayatJabatan.objects.create(
        instansi=pegawai.instansi,
        pegawai=pegawai,
        unor=unit,
        jabatan=jabatan,
        jenis_penugasan=jenis,
        berlaku_mulai=since or dt.date(2020, 1, 1),
    )


def user_for(pegawai: Pegawai, **extra: object) -> User:
    return UserFactory(
        nip=pegawai.nip, nama=pegawai.nama, instansi=pegawai.instansi, pegawai=pegawai, **extra
    )
