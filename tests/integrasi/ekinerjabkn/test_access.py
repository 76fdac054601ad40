"""Access matrix of every `ekinerjabkn:` URL: all pages are the Admin Instansi's. Pegawai, the
admin of another instansi on A's batches and the Admin Nasional get 404; anonymous users go
to the login page. A POST is told WRITES (something stored) from REFUSED (nothing stored).
test_matrix_covers_every_url fails when a URL is not described here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.integrasi.ekinerjabkn import impor
from kinerja.integrasi.ekinerjabkn.fake import laporan_xlsx
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from tests.conftest import login, user_for
from tests.core.test_tenancy import url_names
from tests.integrasi.ekinerjabkn.conftest import baris_org

ROLES = ["anon", "pegawai", "admin", "lain_admin", "nasional"]
TO_LOGIN, WRITES, REFUSED = "login", "writes", "refused"


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, **given}


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    data: Callable[[Any], dict[str, Any]] = field(default=lambda s: {})


def upload(s: Any) -> dict[str, Any]:
    return {"berkas": SimpleUploadedFile("laporan.xlsx", laporan_xlsx(baris_org(s["org"])))}


BOTH_ADMINS = outcomes(admin=200, lain_admin=200)
ROUTES: dict[str, Route] = {
    "ekinerjabkn:index": Route(("GET",), get=BOTH_ADMINS),
    # B's admin gets a preview of B with "NIP not found": the batch is stored.
    "ekinerjabkn:impor": Route(
        ("GET", "POST"),
        get=BOTH_ADMINS,
        post=outcomes(admin=WRITES, lain_admin=WRITES),
        data=upload,
    ),
    "ekinerjabkn:impor_detail": Route(
        ("GET",), lambda s: {"pk": s["batch"].pk}, get=outcomes(admin=200)
    ),
    "ekinerjabkn:terapkan": Route(
        ("POST",), lambda s: {"pk": s["batch"].pk}, post=outcomes(admin=WRITES)
    ),
    "ekinerjabkn:batal": Route(
        ("POST",), lambda s: {"pk": s["batch"].pk}, post=outcomes(admin=WRITES)
    ),
    "ekinerjabkn:templat": Route(("GET",), get=BOTH_ADMINS),
}


@pytest.fixture
def world(org, other_org, admin_nasional):
    batch = impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris_org(org)))
    users = {
        "anon": None,
        "pegawai": user_for(org.staf),
        "admin": org.admin,
        "lain_admin": other_org.admin,
        "nasional": admin_nasional,
    }
    return {"org": org, "batch": batch}, users


def stored() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        list(ImporEkinerjaBkn.objects.order_by("pk").values_list("pk", "status")),
        HasilEkinerjaBkn.objects.count(),
    )


def client_as(user: Any) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def status_of(response: Any) -> Any:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return TO_LOGIN
    return response.status_code


def url(name: str, s: Any) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(s) if route.kwargs else None)


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("ekinerjabkn:")}
    assert names == set(ROUTES), f"describe these in ROUTES: {sorted(names ^ set(ROUTES))}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    s, users = world
    got = {}
    for role in ROLES:
        before = stored()
        status = status_of(client_as(users[role]).get(url(name, s)))
        got[role] = status if stored() == before else f"{status} but stored something"
    expected = ROUTES[name].get if "GET" in ROUTES[name].methods else dict.fromkeys(ROLES, 405)
    assert got == expected


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if "POST" in r.methods))
def test_post_by_role(world, name):
    s, users = world
    route, got = ROUTES[name], {}
    for role in ROLES:
        with transaction.atomic():
            before = stored()
            status = status_of(client_as(users[role]).post(url(name, s), route.data(s)))
            changed = stored() != before
            if status in (200, 302):
                got[role] = WRITES if changed else REFUSED
            else:
                got[role] = f"{status} but stored something" if changed else status
            transaction.set_rollback(True)
    assert got == route.post
