import datetime as dt
import importlib
from dataclasses import dataclass

import pytest

from kinerja.accounts.models import User
from kinerja.org.models import Instansi, Jabatan, Pegawai, UnitOrganisasi
from tests.factories import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    UserFactory,
    place,
    user_for,
)

PASSWORD = "rahasia-Uji-123"


@dataclass
class Org:
    """A small instansi: Dinas (kepala) > Bidang (kabid) > Seksi (kasi) with staff."""

    instansi: Instansi
    dinas: UnitOrganisasi
    bidang: UnitOrganisasi
    seksi: UnitOrganisasi
    kepala: Pegawai
    kabid: Pegawai
    kasi: Pegawai
    staf: Pegawai
    staf_bidang: Pegawai
    admin: User
    jabatan_staf: Jabatan


def build_org(kode: str = "A") -> Org:
    instansi = InstansiFactory(kode=f"ORG{kode}", nama=f"Pemerintah Kota {kode}")
    j_kepala = JabatanFactory(instansi=instansi, nama=f"Kepala Dinas {kode}", jenis="JPT")
    j_kabid = JabatanFactory(instansi=instansi, nama=f"Kepala Bidang {kode}", jenis="Administrator")
    j_kasi = JabatanFactory(instansi=instansi, nama=f"Kepala Seksi {kode}", jenis="Pengawas")
    j_staf = JabatanFactory(instansi=instansi, nama=f"Pengelola Data {kode}", jenis="Pelaksana")
    dinas = UnitFactory(
        instansi=instansi, kode=f"{kode}-D", nama=f"Dinas {kode}", jabatan_pimpinan=j_kepala
    )
    bidang = UnitFactory(
        instansi=instansi,
        kode=f"{kode}-B",
        nama=f"Bidang {kode}",
        induk=dinas,
        jabatan_pimpinan=j_kabid,
    )
    seksi = UnitFactory(
        instansi=instansi,
        kode=f"{kode}-S",
        nama=f"Seksi {kode}",
        induk=bidang,
        jabatan_pimpinan=j_kasi,
    )
    people = {}
    for name, unit, jabatan in [
        ("kepala", dinas, j_kepala),
        ("kabid", bidang, j_kabid),
        ("kasi", seksi, j_kasi),
        ("staf", seksi, j_staf),
        ("staf_bidang", bidang, j_staf),
    ]:
        pegawai = PegawaiFactory(instansi=instansi, nama=f"{name.title()} {kode}")
        place(pegawai, unit, jabatan, since=dt.date(2020, 1, 1))
        people[name] = pegawai
    admin = UserFactory(instansi=instansi, is_admin_instansi=True, nama=f"Admin {kode}")
    return Org(
        instansi=instansi,
        dinas=dinas,
        bidang=bidang,
        seksi=seksi,
        admin=admin,
        jabatan_staf=j_staf,
        **people,
    )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    """PBKDF2 costs ~0.4 s per hash; tests check behaviour, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """A transactional test (live server, on_commit, threads) starts after an earlier one may
    have flushed every table, reference data of the migrations included: load it again
    (idempotent; the other tests see it from the migrations and roll back)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.apps import apps

        request.getfixturevalue("transactional_db")
        reference = importlib.import_module("kinerja.org.migrations.0002_reference_data")
        reference.load(apps, None)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def org(db: None) -> Org:
    return build_org("A")


@pytest.fixture
def other_org(db: None) -> Org:
    return build_org("B")


@pytest.fixture
def admin_nasional(db: None) -> User:
    return UserFactory(is_admin_nasional=True, nama="Admin BKN")


def login(client, user: User):  # type: ignore[no-untyped-def]
    client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
    return client


__all__ = ["PASSWORD", "Org", "build_org", "login", "user_for"]
