"""The access matrix of every angkakredit URL (tests/core/test_tenancy.py leaves them to us).

Roles relative to the staf (a JF pegawai with booked rows): the staf (dinilai), their penilai
(the kasi), the kasi's own atasan (the kabid: not the staf's penilai), a colleague
(staf_bidang), the Admin Instansi; outsiders: a pegawai and the admin of instansi B, the Admin
Nasional, anonymous. Writes run in a savepoint rolled back afterwards; a write is told from a
refusal by what is stored, and a refusal must store nothing. test_matrix_covers_every_url fails
as soon as an angkakredit URL is not described here.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Pekerjaan
from kinerja.tindaklanjut.angkakredit import services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit
from tests.conftest import Org, user_for
from tests.core.test_tenancy import url_names
from tests.penilaian.conftest import TAHUN, Dunia, buat_dunia, periode
from tests.perencanaan.test_access import NOT_FOUND, REFUSED, TO_LOGIN, WRITES, client_as
from tests.tindaklanjut.angkakredit.conftest import buat_evaluasi, jadikan_jf

ROLES = [
    "anon",
    "dinilai",
    "penilai",
    "atasan_penilai",
    "rekan",
    "admin",
    "lain_pegawai",
    "lain_admin",
    "nasional",
]
PERSON = {"dinilai": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
INSIDERS = ["dinilai", "penilai", "atasan_penilai", "rekan", "admin"]
PEGAWAI_ROLES = ["dinilai", "penilai", "atasan_penilai", "rekan", "lain_pegawai"]


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Dunia], dict[str, Any]] | None = None
    query: Callable[[Dunia], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    data: Callable[[Dunia], dict[str, Any]] = field(default=lambda d: {})
    scoped: bool = False  # the query string names objects of the instansi


def staf(d: Dunia) -> dict[str, Any]:
    return {"pk": d.org.staf.pk}


ROUTES: dict[str, Route] = {
    "angkakredit:saya": Route(("GET",), get=outcomes(**dict.fromkeys(PEGAWAI_ROLES, 200))),
    "angkakredit:bawahan": Route(("GET",), get=outcomes(**dict.fromkeys(PEGAWAI_ROLES, 200))),
    "angkakredit:pegawai": Route(("GET",), staf, get=outcomes(dinilai=200, penilai=200, admin=200)),
    "angkakredit:saldo": Route(
        ("GET", "POST"),
        staf,
        get=outcomes(admin=200),
        post=outcomes(admin=WRITES),
        data=lambda d: {"ak_awal": "10,5", "tanggal_mulai": f"{TAHUN}-01-01"},
    ),
    "angkakredit:daftar": Route(
        ("GET",),
        query=lambda d: {"unor": d.org.seksi.pk},
        scoped=True,
        # The admin of B reads B's own list; a unit of A in the query is 404 for them.
        get=outcomes(admin=200),
    ),
    "angkakredit:ekspor": Route(
        ("GET",),
        query=lambda d: {"unor": d.org.seksi.pk, "format": "csv"},
        scoped=True,
        get=outcomes(admin=200),
    ),
    "angkakredit:hitung_ulang": Route(("POST",), post=outcomes(admin=WRITES, lain_admin=WRITES)),
}
POST_ROUTES = sorted(n for n, r in ROUTES.items() if "POST" in r.methods)


def build(org: Org) -> Dunia:
    d = buat_dunia(org)
    jadikan_jf(org.staf)
    buat_evaluasi(d.skp["staf"], periode(org.instansi.pk, nomor=1))
    services.hitung_ulang_instansi(org.instansi.pk)
    return d


def path(name: str, d: Dunia) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(d) if route.kwargs else None)


def get_url(name: str, d: Dunia) -> str:
    query = ROUTES[name].query
    return f"{path(name, d)}?{urlencode(query(d))}" if query else path(name, d)


@pytest.fixture
def world(org: Org, other_org: Org, admin_nasional: User) -> dict[str, Any]:
    a = build(org)
    users: dict[str, User | None] = {
        "anon": None,
        "admin": org.admin,
        "lain_pegawai": user_for(other_org.kasi),
        "lain_admin": other_org.admin,
        "nasional": admin_nasional,
    }
    users.update({role: a.users[person] for role, person in PERSON.items()})
    return {"A": a, "users": users}


def stored() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        Pekerjaan.objects.count(),  # the recompute starts a job
        list(SaldoAngkaKredit.objects.order_by("pk").values_list("pk", "ak_awal", "tanggal_mulai")),
        list(AngkaKredit.objects.order_by("pk").values_list("pk", "bulan", "nilai")),
    )


def status_of(response: Any) -> Any:
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    return response.status_code


def outcome(response: Any, before: tuple[Any, ...], *, write: bool = True) -> Any:
    status, changed = status_of(response), stored() != before
    if write and status in (200, 302):
        return WRITES if changed else REFUSED
    return f"{status} but stored something" if changed else status


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("angkakredit:")}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        assert set(route.get) == (set(ROLES) if "GET" in route.methods else set()), name
        assert set(route.post) == (set(ROLES) if "POST" in route.methods else set()), name


def test_get_and_post_by_role(world):
    a, got, expected = world["A"], {}, {}
    for name, route in ROUTES.items():
        for role in ROLES:
            client = client_as(world["users"][role])
            if "GET" in route.methods:
                before = stored()
                got[name, "GET", role] = outcome(client.get(get_url(name, a)), before, write=False)
                expected[name, "GET", role] = route.get[role]
            else:
                got[name, "GET", role] = client.get(path(name, a)).status_code
                expected[name, "GET", role] = 405  # the method check comes first
            if "POST" in route.methods:
                with transaction.atomic():
                    before = stored()
                    got[name, "POST", role] = outcome(
                        client.post(path(name, a), route.data(a)), before
                    )
                    transaction.set_rollback(True)
                expected[name, "POST", role] = route.post[role]
    assert {k: v for k, v in got.items() if v != expected[k]} == {}


def test_get_only_routes_refuse_post(world):
    a, before = world["A"], stored()
    for name in sorted(set(ROUTES) - set(POST_ROUTES)):
        response = client_as(world["users"]["admin"]).post(path(name, a), {})
        assert response.status_code == 405, name
    assert stored() == before


@pytest.fixture
def ab(org: Org, other_org: Org) -> tuple[Dunia, Dunia]:
    return build(org), build(other_org)


def as_role(d: Dunia, role: str) -> User:
    return d.org.admin if role == "admin" else d.users[PERSON[role]]


def test_objects_of_another_instansi_are_404(ab):
    """A's people, on the same objects of B (path or query): 404, nothing stored."""
    a, b = ab
    before, got = stored(), {}
    for name, route in ROUTES.items():
        if route.kwargs is None and not route.scoped:
            continue
        for role in INSIDERS:
            client = client_as(as_role(a, role))
            for method in route.methods:
                target = get_url(name, b) if method == "GET" else path(name, b)
                data = route.data(b) if method == "POST" else None
                got[name, role, method] = getattr(client, method.lower())(target, data).status_code
    assert got and {k: v for k, v in got.items() if v != 404} == {}
    assert stored() == before


def test_missing_objects_are_404(world):
    before = stored()
    admin = client_as(world["users"]["admin"])
    for name in ("angkakredit:pegawai", "angkakredit:saldo"):
        assert admin.get(reverse(name, args=[999999])).status_code == 404
    assert admin.get(reverse("angkakredit:daftar"), {"unor": "x"}).status_code == 404
    assert stored() == before


def test_penilai_of_last_year_still_sees_this_year_not(world):
    """The penilai sees the bawahan through an SKP of this year or last year; older, no."""
    a = world["A"]
    client = client_as(world["users"]["penilai"])
    url = path("angkakredit:pegawai", a)
    skp = a.skp["staf"]
    type(skp).objects.filter(pk=skp.pk).update(tahun=dt.date.today().year - 2)
    assert client.get(url).status_code == 404
