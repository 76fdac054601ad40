import copy
import datetime as dt
import importlib
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `redis` need PostgreSQL and REDIS_URL (the PostgreSQL leg of .ci/run sets
    both): elsewhere they are deselected, reported as such, never skipped as passed."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL"):
        return
    keep = [item for item in items if item.get_closest_marker("redis") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """PostgreSQL: a commit of the tests does not wait for the WAL flush (a crash could lose
    the last ones: nothing to lose in a test database). Migrations and the transactional
    tests commit a lot; the server's settings are not ours to change."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            options = settings_dict.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    """For the whole session, so that a module's shared world (module_world) gets them too:
    templates render without running collectstatic first, and passwords hash with MD5 (PBKDF2
    costs ~0.4 s per hash; tests check behaviour, not hashing strength)."""
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from huey.contrib.djhuey import HUEY

    # Tasks run inline when enqueued (on commit): no queue file, no consumer. The tests of the
    # worker itself (tests/core/test_pekerja_*.py) turn this off for their own queue.
    HUEY.immediate = True
    # Every API body written by orjson is also written by pydantic and must be identical.
    from kinerja.api import serialisasi

    serialisasi.PERIKSA = True
    try:
        # Each test process its own cache, even when REDIS_URL is set (both xdist workers
        # number their rows alike: a shared cache would mix their test databases).
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        with override_settings(STORAGES=storages, PASSWORD_HASHERS=hashers, CACHES=caches):
            yield
    finally:
        HUEY.immediate = False
        serialisasi.PERIKSA = False


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


_shared_media: list[Path] = []  # the files of the module's shared world, while it lasts


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Uploaded files of a test go to its own temporary folder (with a copy of the files of the
    module's shared world, so that a test deleting one leaves it for the next)."""
    settings.MEDIA_ROOT = tmp_path
    for media in _shared_media:
        shutil.copytree(media, tmp_path, dirs_exist_ok=True)


@pytest.fixture(autouse=True)
def _outside_shared_world(request: pytest.FixtureRequest) -> None:
    """A module's shared world is kept from its first test using `world` to the module's end:
    a test after that one, using the database without `world`, would find it."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if _shared_media and uses_db and "world" not in request.fixturenames:
        pytest.fail(
            "This test would see the module's shared world: put it before the first test "
            "using `world`, or use `world`."
        )


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint undone at the end: several cases, each on the very same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def org(db: None) -> Org:
    return build_org("A")


@pytest.fixture
def other_org(db: None) -> Org:
    return build_org("B")


def buat_admin_nasional() -> User:
    return UserFactory(is_admin_nasional=True, nama="Admin BKN")


@pytest.fixture
def admin_nasional(db: None) -> User:
    return buat_admin_nasional()


@pytest.fixture(scope="module")
def module_world(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], Any]]:
    """The module's `build_world()`, built once for its tests (the builders write hundreds of
    rows: once per test, they were most of the suite's time).

    The build runs in a transaction rolled back after the module's last test; each test runs in
    a savepoint inside it (pytest-django's `db` fixture), so what a test writes is undone before
    the next, and gets its own deep copy of the built objects (`world`), so what it changes in
    memory is too. Its files are copied into each test's MEDIA_ROOT. Not for modules with
    transactional tests: those commit and flush."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # allows durable blocks
        atomic.__enter__()
        try:
            built = request.module.build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    _shared_media.append(media)
    try:
        yield lambda: copy.deepcopy(built)
    finally:
        _shared_media.remove(media)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(db: None, module_world: Callable[[], Any]) -> Any:
    """A copy of the module's shared world; what the test writes is rolled back."""
    return module_world()


def login(client, user: User):  # type: ignore[no-untyped-def]
    client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
    return client


__all__ = [
    "PASSWORD",
    "Org",
    "buat_admin_nasional",
    "build_org",
    "login",
    "rolled_back",
    "user_for",
]
