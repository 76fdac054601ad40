"""The access matrix of every perencanaan URL (tests/core/test_tenancy.py leaves them to us).

ROUTES describes each URL name: its methods, the object it names (in a `Stage`: an org with the
kasi's approved SKP and the staf's draft that intervenes it), the POST body, and what each role
gets. test_matrix_covers_every_url fails as soon as a perencanaan URL is not described here: a
new view adds a Route, with the outcome for each role.
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
from kinerja.perencanaan import services
from kinerja.perencanaan.models import (
    AnggotaTim,
    IndikatorKinerja,
    Intervensi,
    Lampiran,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    TimKerja,
)
from tests.conftest import Org, buat_admin_nasional, build_org, login, rolled_back
from tests.core.test_tenancy import url_names
from tests.perencanaan.test_services import TAHUN, add_rhk, approved_skp, kasi_rhk, users_of

# Roles, relative to the staf's draft: its owner, its penilai (the kasi), the atasan of the
# penilai (the kabid), a colleague (staf_bidang), the Admin Instansi, the Admin Nasional.
ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {
    "pemilik": "staf",
    "penilai": "kasi",
    "atasan_penilai": "kabid",
    "rekan": "staf_bidang",
}
TO_LOGIN = "login"
# POST outcomes: the service wrote (audited); refused with a message, nothing written; 404.
WRITES, REFUSED, NOT_FOUND = "writes", "refused", 404


@dataclass
class Stage:
    org: Org
    users: dict[str, User]
    kasi_skp: Skp  # approved, in force: the penilai's
    skp: Skp  # the staf's draft, complete and linked to the kasi's RHK
    rhk: RencanaHasilKerja
    iki: IndikatorKinerja
    link: Intervensi
    lampiran: Lampiran
    perilaku: PerilakuKerja


def build_stage(org: Org) -> Stage:
    users = users_of(org)
    kabid = approved_skp(users["kabid"], ("Tersedianya data bidang",))
    kasi = approved_skp(users["kasi"], ("Pendataan", "Pelaporan"), kasi_rhk(kabid))
    skp = services.buat_skp(users["staf"], TAHUN)
    rhk = add_rhk(users["staf"], skp, "Tersedianya data", atasan=kasi_rhk(kasi))
    lampiran = services.simpan_lampiran(users["staf"], skp, "Konsekuensi", "Teguran")
    return Stage(
        org=org,
        users=users,
        kasi_skp=kasi,
        skp=skp,
        rhk=rhk,
        iki=rhk.iki.get(),
        link=rhk.intervensi.get(),
        lampiran=lampiran,
        perilaku=skp.perilaku.order_by("nilai__urutan").first(),  # type: ignore[arg-type]
    )


def viewers(**outcomes: Any) -> dict[str, Any]:
    """Outcomes for a write on the staf's draft: who cannot see it gets 404, others as given."""
    base = {
        "anon": TO_LOGIN,
        "pemilik": REFUSED,
        "penilai": REFUSED,
        "atasan_penilai": REFUSED,
        "rekan": NOT_FOUND,
        "admin": REFUSED,
        "nasional": NOT_FOUND,
    }
    return {**base, **outcomes}


OWNER_WRITES = viewers(pemilik=WRITES)
SKP_PAGE = {
    "anon": TO_LOGIN,
    "pemilik": 200,
    "penilai": 200,
    "atasan_penilai": 200,
    "rekan": 404,
    "admin": 200,
    "nasional": 404,
}


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    # URL kwargs naming an object of the stage (None: the URL names no object).
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


def skp(s: Stage) -> dict[str, Any]:
    return {"pk": s.skp.pk}


def rhk(s: Stage) -> dict[str, Any]:
    return {"pk": s.rhk.pk}


def kasi_skp(s: Stage) -> dict[str, Any]:
    return {"pk": s.kasi_skp.pk}


IKI_DATA = {
    "indikator": "Jumlah data",
    "aspek": "Kuantitas",
    "target_min": "1",
    "target_max": "2",
    "satuan": "Data",
}


# --- Overviews and tim kerja (views_penilai) -------------------------------------------------
# The kabid (atasan_penilai) leads a team with the staf (pemilik) in it. Written straight to the
# tables: these rows are not counted by writes(), so building them is not mistaken for a write.
def tim(s: Stage) -> dict[str, Any]:
    team = TimKerja.objects.filter(instansi=s.org.instansi).first()
    if team is None:
        team = TimKerja.objects.create(
            instansi=s.org.instansi, nama="Tim Uji", ketua=s.org.kabid, tahun=TAHUN
        )
        AnggotaTim.objects.create(instansi=s.org.instansi, tim=team, pegawai=s.org.staf)
    return {"pk": team.pk}


def anggota(s: Stage) -> dict[str, Any]:
    tim(s)
    return {"pk": AnggotaTim.objects.get(instansi=s.org.instansi, pegawai=s.org.staf).pk}


PEGAWAI_PAGE = {"anon": TO_LOGIN, **dict.fromkeys(ROLES[1:5], 200), "admin": 404, "nasional": 404}
ADMIN_PAGE = {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, "admin": 200}
LEADERS = {**ADMIN_PAGE, "penilai": 200, "atasan_penilai": 200}
KETUA_WRITES = {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, "atasan_penilai": WRITES}

ROUTES: dict[str, Route] = {
    "perencanaan:bawahan": Route(("GET",), get=PEGAWAI_PAGE),
    "perencanaan:mph": Route(("GET",), get=PEGAWAI_PAGE),
    "perencanaan:mph_pegawai": Route(("GET",), lambda s: {"pk": s.org.kasi.pk}, get=ADMIN_PAGE),
    "perencanaan:cascade": Route(("GET",), get={**LEADERS, "admin": 404}),
    "perencanaan:cascade_unit": Route(
        ("GET",), lambda s: {"pk": s.org.seksi.pk}, get={**LEADERS, "nasional": 200}
    ),
    "perencanaan:admin_status": Route(("GET",), get=ADMIN_PAGE),
    "perencanaan:tim_list": Route(("GET",), get=PEGAWAI_PAGE),
    "perencanaan:tim_buat": Route(
        ("POST",),
        post={**PEGAWAI_PAGE, **dict.fromkeys(ROLES[1:5], WRITES)},
        data=lambda s: {"nama": "Tim Baru"},
    ),
    "perencanaan:tim_detail": Route(
        ("GET",), tim, get={**ADMIN_PAGE, "pemilik": 200, "atasan_penilai": 200}
    ),
    "perencanaan:tim_anggota_tambah": Route(
        ("POST",), tim, post=KETUA_WRITES, data=lambda s: {"nip": s.org.staf_bidang.nip}
    ),
    "perencanaan:tim_anggota_hapus": Route(("POST",), anggota, post=KETUA_WRITES),
    "perencanaan:skp_saya": Route(
        ("GET",), get={"anon": TO_LOGIN, **dict.fromkeys(ROLES[1:], 200)}
    ),
    "perencanaan:skp_buat": Route(
        ("POST",),
        # The staf already has this year's SKP; the colleague has none; admins are no pegawai.
        post={
            "anon": TO_LOGIN,
            "pemilik": REFUSED,
            "penilai": REFUSED,
            "atasan_penilai": REFUSED,
            "rekan": WRITES,
            "admin": REFUSED,
            "nasional": REFUSED,
        },
    ),
    "perencanaan:skp_salin": Route(("POST",), post=viewers(), data=lambda s: {"sumber": s.skp.pk}),
    "perencanaan:skp_detail": Route(("GET",), skp, get=SKP_PAGE),
    "perencanaan:skp_cetak": Route(("GET",), skp, get=SKP_PAGE),
    "perencanaan:skp_ajukan": Route(("POST",), skp, post=OWNER_WRITES),
    # The draft is not submitted: even its penilai is refused (the flow is in test_skp_views).
    "perencanaan:skp_setujui": Route(("POST",), skp, post=viewers()),
    "perencanaan:skp_kembalikan": Route(
        ("POST",), skp, post=viewers(), data=lambda s: {"catatan": "Perbaiki"}
    ),
    # On the kasi's approved SKP: its owner is the "penilai" user, its penilai the kabid.
    "perencanaan:skp_revisi": Route(
        ("POST",),
        kasi_skp,
        post=viewers(penilai=WRITES, pemilik=NOT_FOUND),
    ),
    "perencanaan:rhk_tambah": Route(
        ("POST",), skp, post=OWNER_WRITES, data=lambda s: {"rhk": "Baru", "jenis": "Utama"}
    ),
    "perencanaan:rhk_ubah": Route(
        ("POST",), rhk, post=OWNER_WRITES, data=lambda s: {"rhk": "Ubah", "jenis": "Utama"}
    ),
    "perencanaan:rhk_hapus": Route(("POST",), rhk, post=OWNER_WRITES),
    "perencanaan:iki_tambah": Route(("POST",), rhk, post=OWNER_WRITES, data=lambda s: IKI_DATA),
    "perencanaan:iki_ubah": Route(
        ("POST",), lambda s: {"pk": s.iki.pk}, post=OWNER_WRITES, data=lambda s: IKI_DATA
    ),
    "perencanaan:iki_hapus": Route(("POST",), lambda s: {"pk": s.iki.pk}, post=OWNER_WRITES),
    "perencanaan:intervensi_tambah": Route(
        ("POST",),
        rhk,
        post=OWNER_WRITES,
        data=lambda s: {
            "rhk_atasan": kasi_rhk(s.kasi_skp, 1).pk,
            "jenis_cascading": "tidak langsung",
        },
    ),
    "perencanaan:intervensi_hapus": Route(
        ("POST",), lambda s: {"pk": s.link.pk}, post=OWNER_WRITES
    ),
    "perencanaan:lampiran_tambah": Route(
        ("POST",),
        skp,
        post=OWNER_WRITES,
        data=lambda s: {"jenis": "Konsekuensi", "teks": "Pembinaan"},
    ),
    "perencanaan:lampiran_hapus": Route(
        ("POST",), lambda s: {"pk": s.lampiran.pk}, post=OWNER_WRITES
    ),
    "perencanaan:perilaku_ekspektasi": Route(
        ("POST",),
        lambda s: {"pk": s.perilaku.pk},
        post=viewers(penilai=WRITES),
        data=lambda s: {"ekspektasi_khusus": "Ramah"},
    ),
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


def writes() -> tuple[int, ...]:
    """Every service write is audited; row counts catch a write that forgot to audit."""
    return (
        AuditEvent.objects.count(),
        Skp.objects.count(),
        RencanaHasilKerja.objects.count(),
        IndikatorKinerja.objects.count(),
        Intervensi.objects.count(),
        Lampiran.objects.count(),
        PerilakuKerja.objects.exclude(ekspektasi_khusus="").count(),
    )


def outcome(response: Any, before: tuple[int, ...]) -> Any:
    if response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login") + "?next="
    ):
        return TO_LOGIN
    if response.status_code in (200, 302):
        return WRITES if writes() != before else REFUSED
    return response.status_code


# --- The matrix covers everything ------------------------------------------------------------


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("perencanaan:")}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        if "GET" in route.methods:
            assert set(route.get) == set(ROLES), name
        if "POST" in route.methods:
            assert set(route.post) == set(ROLES), name


# --- GET and POST for each role on the objects of their own instansi --------------------------


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


def test_posts_by_non_viewers_are_404_even_for_htmx(world):
    client = client_as(world["users"]["rekan"])
    target = reverse("perencanaan:rhk_tambah", args=[world["A"].skp.pk])
    response = client.post(target, {"rhk": "X", "jenis": "Utama"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_refusals_say_why_in_bahasa_indonesia(world):
    a = world["A"]
    client = client_as(a.users["kasi"])
    target = reverse("perencanaan:rhk_tambah", args=[a.skp.pk])
    body = client.post(target, {"rhk": "X", "jenis": "Utama"}, HTTP_HX_REQUEST="true")
    assert "Hanya pemilik SKP yang dapat mengubahnya." in body.content.decode()
    response = client_as(a.users["staf"]).post(
        reverse("perencanaan:skp_setujui", args=[a.skp.pk]), follow=True
    )
    assert "Anda tidak dapat menyetujui atau mengembalikan SKP Anda sendiri." in (
        response.content.decode()
    )


# --- Anonymous, other instansi, missing objects ----------------------------------------------


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
@pytest.mark.parametrize("role", ["pemilik", "penilai", "atasan_penilai", "admin"])
def test_objects_of_another_instansi_are_404(world, name, role):
    route = ROUTES[name]
    target = url(name, world["B"])
    client = client_as(world["users"][role])
    before = writes()
    for method in route.methods:
        data = route.data(world["B"]) if method == "POST" else None
        response = getattr(client, method.lower())(target, data)
        assert response.status_code == 404, (role, method, target)
    assert writes() == before


def test_salin_of_another_instansis_skp_is_404(world):
    before = writes()
    response = client_as(world["users"]["rekan"]).post(
        reverse("perencanaan:skp_salin"), {"sumber": world["B"].skp.pk}
    )
    assert response.status_code == 404 and writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_objects_are_404_too(world, name):
    route = ROUTES[name]
    for method in route.methods:
        response = getattr(client_as(world["users"]["pemilik"]), method.lower())(
            reverse(name, kwargs={"pk": 999_999}), route.data(world["A"])
        )
        assert response.status_code == 404
