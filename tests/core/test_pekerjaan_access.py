"""Access matrix of every `pekerjaan:` URL (background jobs). A job is seen by who started it
and by the Admin Instansi of its instansi; everyone else gets 404, anonymous users the login
page. test_matrix_covers_every_url fails when a pekerjaan URL is not described here."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.models import Pekerjaan
from tests.conftest import login, user_for
from tests.core.test_tenancy import url_names
from tests.factories import UserFactory

ROLES = ["anon", "pembuat", "admin", "admin_lain", "rekan", "pegawai_lain", "admin_b", "nasional"]
TO_LOGIN = "login"
ROUTES = ["pekerjaan:detail", "pekerjaan:status", "pekerjaan:unduh"]
# The job was started by the kasi (a pegawai) of A; the staf of A is a colleague.
EXPECTED = {
    "anon": TO_LOGIN,
    "pembuat": 200,
    "admin": 200,
    "admin_lain": 200,  # a second Admin Instansi of A
    "rekan": 404,
    "pegawai_lain": 404,  # a pegawai of B
    "admin_b": 404,
    "nasional": 404,
}


@pytest.fixture(autouse=True)
def _urls(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.core.urls_pekerjaan"
    settings.KINERJA_JOBS = "immediate"


@pytest.fixture
def world(org, other_org, admin_nasional):
    pembuat = user_for(org.kasi)
    p = jobs.buat(pembuat, "uji", "Uji akses")
    jobs.jalankan(p, "tests.core.jobs_fixtures.tulis", baris=2)
    users = {
        "anon": None,
        "pembuat": pembuat,
        "admin": org.admin,
        "admin_lain": UserFactory(instansi=org.instansi, is_admin_instansi=True),
        "rekan": user_for(org.staf),
        "pegawai_lain": user_for(other_org.staf),
        "admin_b": other_org.admin,
        "nasional": admin_nasional,
    }
    return p, users


def status_of(response) -> object:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return TO_LOGIN
    return response.status_code


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def test_matrix_covers_every_url(settings):
    names = {n for n in url_names() if n.startswith("pekerjaan:")}
    assert names == set(ROUTES)


@pytest.mark.parametrize("name", ROUTES)
def test_get_by_role(world, name):
    p, users = world
    got = {
        role: status_of(client_as(users[role]).get(reverse(name, args=[p.pk]))) for role in ROLES
    }
    assert got == EXPECTED


@pytest.mark.parametrize("name", ROUTES)
def test_post_is_not_allowed(world, name):
    p, users = world
    assert client_as(users["pembuat"]).post(reverse(name, args=[p.pk])).status_code == 405


def test_missing_job_is_404(world):
    _, users = world
    for name in ROUTES:
        assert client_as(users["admin"]).get(reverse(name, args=[999_999])).status_code == 404


def test_job_without_instansi_is_only_its_starters(world, admin_nasional):
    """A job of the Admin Nasional (no instansi) is not an instansi admin's business."""
    _, users = world
    p = jobs.buat(admin_nasional, "uji", "Nasional")
    assert p.instansi_id is None
    url = reverse("pekerjaan:detail", args=[p.pk])
    assert client_as(admin_nasional).get(url).status_code == 200
    assert client_as(users["admin"]).get(url).status_code == 404
    assert Pekerjaan.objects.count() == 2
