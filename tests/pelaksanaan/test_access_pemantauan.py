"""The access matrix of every pemantauan URL (views_pemantauan).

ROUTES describes each URL name: the object it names (a unit of the org), its query string, and
what each role gets. Pemantauan only reads: every URL is GET only (POST gets 405), the
penilai's pages are open to any pegawai (each sees their own bawahan), the unit pages to the
Admin Instansi. Units and periods of another instansi are 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.pelaksanaan import views_pemantauan
from kinerja.pelaksanaan.periode import periode_pada
from tests.conftest import Org, build_org, login
from tests.pelaksanaan.test_pemantauan_selectors import HARI
from tests.perencanaan.test_services import users_of

# Roles as in the other matrices: the staf (pemilik), their penilai (the kasi), the atasan of
# the penilai (the kabid), a colleague (staf_bidang), the Admin Instansi, the Admin Nasional.
ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {"pemilik": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
TO_LOGIN, NOT_FOUND = "login", 404


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


PEGAWAI_PAGE = outcomes(pemilik=200, penilai=200, atasan_penilai=200, rekan=200)
ADMIN_PAGE = outcomes(admin=200)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Org], dict[str, Any]] | None = None
    query: Callable[[Org], dict[str, Any]] = field(default=lambda o: {})
    get: dict[str, Any] = field(default_factory=dict)


def bidang(o: Org) -> dict[str, Any]:
    return {"pk": o.bidang.pk}


def daftar(o: Org) -> dict[str, Any]:
    return {"tanda": "tanpa_aktivitas", "unor": o.bidang.pk}


ROUTES: dict[str, Route] = {
    "pelaksanaan:pemantauan_bawahan": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:pemantauan_bawahan_ekspor": Route(
        ("GET",), query=lambda o: {"format": "csv"}, get=PEGAWAI_PAGE
    ),
    "pelaksanaan:pemantauan_unit": Route(("GET",), get=ADMIN_PAGE),
    "pelaksanaan:pemantauan_unit_detail": Route(("GET",), bidang, get=ADMIN_PAGE),
    "pelaksanaan:pemantauan_daftar": Route(("GET",), query=daftar, get=ADMIN_PAGE),
    "pelaksanaan:pemantauan_ekspor": Route(("GET",), query=daftar, get=ADMIN_PAGE),
}
TENANT_ROUTES = [name for name, route in ROUTES.items() if route.kwargs]


def url(name: str, org: Org) -> str:
    route = ROUTES[name]
    path = reverse(name, kwargs=route.kwargs(org) if route.kwargs else None)
    query = route.query(org)
    return f"{path}?{urlencode(query)}" if query else path


@pytest.fixture(autouse=True)
def _pinned_day(monkeypatch) -> None:
    from kinerja.pelaksanaan import selectors_pemantauan

    monkeypatch.setattr(selectors_pemantauan, "hari_ini", lambda: HARI)
    cache.clear()


@pytest.fixture
def world(db: None, admin_nasional: User) -> dict[str, Any]:
    a, b = build_org("A"), build_org("B")
    people = users_of(a)
    users_of(b)
    users: dict[str, User | None] = {"anon": None, "admin": a.admin, "nasional": admin_nasional}
    users.update({role: people[person] for role, person in PERSON.items()})
    return {"A": a, "B": b, "users": users}


def client_as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def got(response: Any) -> Any:
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    return response.status_code


# --- The matrix covers everything ------------------------------------------------------------


def test_matrix_covers_every_url():
    names = {f"pelaksanaan:{p.name}" for p in views_pemantauan.urlpatterns}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        assert set(route.get) == set(ROLES), name
        assert route.methods == ("GET",), name


# --- Each role on their own instansi; POST refused; anonymous to login -------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    target = url(name, world["A"])
    result = {role: got(client_as(world["users"][role]).get(target)) for role in ROLES}
    assert result == ROUTES[name].get, target


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_post_is_refused_for_everyone(world, name):
    target = url(name, world["A"])
    for role in ROLES[1:]:
        response = client_as(world["users"][role]).post(target)
        assert response.status_code == 405, (role, name)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_is_sent_to_login_with_next(world, name):
    target = url(name, world["A"])
    response = Client().get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(target)}"


def test_htmx_anonymous_gets_a_full_page_redirect(world):
    response = Client().get(url("pelaksanaan:pemantauan_bawahan", world["A"]), HTTP_HX_REQUEST="1")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/")


# --- Another instansi's units and periods; missing objects ----------------------------------


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_units_of_another_instansi_are_404(world, name):
    response = client_as(world["users"]["admin"]).get(url(name, world["B"]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["pelaksanaan:pemantauan_daftar", "pelaksanaan:pemantauan_ekspor"])
def test_a_unit_of_another_instansi_in_the_query_is_404(world, name):
    response = client_as(world["users"]["admin"]).get(url(name, world["B"]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_period_of_another_instansi_is_404(world, name):
    role = "admin" if ROUTES[name].get["admin"] == 200 else "penilai"
    foreign = periode_pada(world["B"].instansi.pk, HARI)
    target = url(name, world["A"])
    joiner = "&" if "?" in target else "?"
    response = client_as(world["users"][role]).get(f"{target}{joiner}periode={foreign.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_units_are_404(world, name):
    response = client_as(world["users"]["admin"]).get(reverse(name, kwargs={"pk": 999_999}))
    assert response.status_code == 404
