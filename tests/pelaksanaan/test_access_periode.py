"""The access matrix of every periode URL (views_periode.py): each role's outcome for GET and
POST on the objects of its own instansi, another instansi's period (404), anonymous (login).

Roles as in tests/perencanaan/test_access.py: the pegawai (staf), their penilai (kasi), the
penilai's atasan (kabid), a colleague (staf_bidang), the Admin Instansi, the Admin Nasional.
Periods belong to the instansi, not to a pegawai: the admin manages them, every pegawai reads
their own schedule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.pelaksanaan import services_periode, views_periode
from kinerja.pelaksanaan.models import PengaturanPeriode, PeriodePenilaian, PerpanjanganBatas
from tests.conftest import Org, buat_admin_nasional, build_org, login, rolled_back
from tests.core.test_tenancy import url_names
from tests.pelaksanaan.test_periode_views import FUTURE
from tests.perencanaan.test_services import users_of

ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {"pemilik": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
TO_LOGIN = "login"
WRITES, REFUSED, NOT_FOUND = "writes", "refused", 404


@dataclass
class Stage:
    org: Org
    users: dict[str, User]
    tw1: PeriodePenilaian  # Triwulan I of FUTURE: pengisian on a fixed date (tanggal_tetap)


def build_stage(org: Org) -> Stage:
    services_periode.atur_periode(
        org.admin,
        org.instansi.pk,
        FUTURE,
        "Triwulanan",
        "tanggal_tetap",
        None,
        "akhir_bulan_berikut",
        None,
    )
    tw1 = PeriodePenilaian.objects.get(
        instansi=org.instansi, tahun=FUTURE, jenis="Triwulanan", nomor=1
    )
    return Stage(org=org, users=users_of(org), tw1=tw1)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


ADMIN_PAGE = {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, "admin": 200}
ADMIN_WRITES = {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, "admin": WRITES}
PEGAWAI_PAGE = {"anon": TO_LOGIN, **dict.fromkeys(ROLES[1:5], 200), "admin": 404, "nasional": 404}


def tw1(s: Stage) -> dict[str, Any]:
    return {"pk": s.tw1.pk}


def perpanjang_body(s: Stage) -> dict[str, Any]:
    return {
        "tahun": FUTURE,
        "periode": s.tw1.pk,
        "untuk": "pengisian",
        "cakupan": "unit",
        "kode_unor": s.org.seksi.kode,
        "batas_baru": f"{FUTURE}-05-15",
        "alasan": "Gangguan jaringan",
    }


ROUTES: dict[str, Route] = {
    "pelaksanaan:periode_admin": Route(("GET",), get=ADMIN_PAGE),
    "pelaksanaan:periode_atur": Route(
        ("POST",),
        post=ADMIN_WRITES,
        data=lambda s: {
            "tahun": FUTURE,
            "granularitas": "Bulanan",
            "aturan_pengisian": "tanggal_bulan_berikut",
            "hari_pengisian": "15",
            "aturan_penilaian": "akhir_bulan_berikut",
        },
    ),
    "pelaksanaan:periode_batas": Route(
        ("POST",),
        tw1,
        post=ADMIN_WRITES,
        data=lambda s: {
            "batas_pengisian": f"{FUTURE}-04-10",
            "batas_penilaian": f"{FUTURE}-04-30",
        },
    ),
    "pelaksanaan:periode_perpanjang": Route(("POST",), post=ADMIN_WRITES, data=perpanjang_body),
    "pelaksanaan:periode_jadwal": Route(("GET",), get=PEGAWAI_PAGE),
}
TENANT_ROUTES = [name for name, route in ROUTES.items() if route.kwargs]


def url(name: str, stage: Stage) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(stage) if route.kwargs else None)


def build_world() -> dict[str, Any]:
    """Built once for the module's tests: each gets a copy as `world` (tests/conftest.py)."""
    a, b = build_stage(build_org("A")), build_stage(build_org("B"))
    users: dict[str, User | None] = {"anon": None, "admin": a.org.admin}
    users["nasional"] = buat_admin_nasional()
    users.update({role: a.users[person] for role, person in PERSON.items()})
    return {"A": a, "B": b, "users": users}


def client_as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def writes() -> tuple[Any, ...]:
    """Every service write is audited; the rows catch a write that forgot to audit."""
    return (
        AuditEvent.objects.exclude(action="periode.dibuat_otomatis").count(),
        PerpanjanganBatas.objects.count(),
        tuple(PengaturanPeriode.objects.order_by("pk").values_list("granularitas", flat=True)),
        tuple(PeriodePenilaian.objects.order_by("pk").values_list("batas_pengisian", flat=True)),
    )


def outcome(response: Any, before: tuple[Any, ...]) -> Any:
    to_login = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(to_login):
        return TO_LOGIN
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(to_login):
        return TO_LOGIN  # htmx: a full-page redirect to the login page
    if response.status_code in (200, 302):
        return WRITES if writes() != before else REFUSED
    return response.status_code


# --- The matrix covers everything ----------------------------------------------------------------


def test_matrix_covers_every_url_of_views_periode():
    names = {f"pelaksanaan:{p.name}" for p in views_periode.urlpatterns}
    assert names == set(ROUTES), f"describe these URL names in ROUTES: {names ^ set(ROUTES)}"
    assert names <= url_names(), "every route is mounted"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        if "GET" in route.methods:
            assert set(route.get) == set(ROLES), name
        if "POST" in route.methods:
            assert set(route.post) == set(ROLES), name


# --- GET and POST for each role ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    got = {}
    for role in ROLES:
        response = client_as(world["users"][role]).get(target)
        got[role] = TO_LOGIN if outcome(response, ()) == TO_LOGIN else response.status_code
    expected = route.get if "GET" in route.methods else dict.fromkeys(ROLES, 405)
    assert got == expected, target


@pytest.mark.parametrize("name", [n for n in sorted(ROUTES) if "POST" in ROUTES[n].methods])
@pytest.mark.parametrize("htmx", [False, True])
def test_post_by_role(world, name, htmx):
    route, stage = ROUTES[name], world["A"]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for role in ROLES:
        with rolled_back():  # one role's write cannot change what the next one meets
            before = writes()
            response = client_as(world["users"][role]).post(
                url(name, stage), route.data(stage), **extra
            )
            assert outcome(response, before) == route.post[role], (role, name)


def test_get_pages_do_not_accept_post(world):
    for name in ("pelaksanaan:periode_admin", "pelaksanaan:periode_jadwal"):
        response = client_as(world["users"]["admin"]).post(reverse(name))
        assert response.status_code == 405


# --- Anonymous, another instansi, missing objects ------------------------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_is_sent_to_login_with_next(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    before = writes()
    for method in route.methods:
        data = route.data(world["A"]) if method == "POST" else None
        response = getattr(Client(), method.lower())(target, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={quote(target)}"
    assert writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_periods_of_another_instansi_are_404(world, name):
    route = ROUTES[name]
    target = url(name, world["B"])
    before = writes()
    response = client_as(world["users"]["admin"]).post(target, route.data(world["B"]))
    assert response.status_code == 404
    assert writes() == before


def test_extension_naming_another_instansis_period_is_404(world):
    before = writes()
    response = client_as(world["users"]["admin"]).post(
        reverse("pelaksanaan:periode_perpanjang"), perpanjang_body(world["B"])
    )
    assert response.status_code == 404 and writes() == before


def test_extension_naming_another_instansis_unit_is_refused(world):
    body = {**perpanjang_body(world["A"]), "kode_unor": world["B"].org.seksi.kode}
    before = writes()
    response = client_as(world["users"]["admin"]).post(
        reverse("pelaksanaan:periode_perpanjang"), body
    )
    assert response.status_code == 200 and writes() == before
    assert f"Tidak ada unit dengan kode {world['B'].org.seksi.kode}" in response.content.decode()


def test_admin_page_shows_only_their_own_extensions(world):
    services_periode.perpanjang_batas(
        world["B"].org.admin,
        world["B"].tw1,
        "pengisian",
        "instansi",
        None,
        None,
        world["B"].tw1.batas_pengisian.replace(day=20).replace(month=5),
        "Rahasia instansi B",
    )
    body = client_as(world["users"]["admin"]).get(
        reverse("pelaksanaan:periode_admin"), {"tahun": FUTURE}
    )
    assert "Rahasia instansi B" not in body.content.decode()
    assert f'value="{world["B"].tw1.pk}"' not in body.content.decode()


def test_missing_period_is_404(world):
    response = client_as(world["users"]["admin"]).post(
        reverse("pelaksanaan:periode_batas", kwargs={"pk": 999_999}),
        ROUTES["pelaksanaan:periode_batas"].data(world["A"]),
    )
    assert response.status_code == 404
