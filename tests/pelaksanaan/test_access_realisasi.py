"""The access matrix of every realisasi URL (views_realisasi.py): rencana aksi, realisasi,
bukti dukung (upload, delete, download) and umpan balik.

ROUTES describes each URL name: its methods, the object it names (in a `Stage`: the staf's SKP
in force with a rencana aksi, a realisasi of the current period with a file and a link as bukti,
and the penilai's comment on it), the POST body, and what each role gets. Roles are relative to
the staf's SKP: its owner, its penilai (the kasi), the atasan of the penilai (the kabid), a
colleague (staf_bidang), the Admin Instansi, the Admin Nasional.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan import views_realisasi
from kinerja.pelaksanaan.models import BuktiDukung, Realisasi, RencanaAksi, UmpanBalik
from kinerja.perencanaan.models import Skp
from tests.conftest import Org, buat_admin_nasional, build_org, login, rolled_back
from tests.pelaksanaan.test_berkas import pdf_bytes
from tests.pelaksanaan.test_realisasi_services import Dunia, build_dunia

ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {"pemilik": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
TO_LOGIN = "login"
# POST outcomes: the service wrote (audited); refused with a message, nothing written; 404.
WRITES, REFUSED, NOT_FOUND = "writes", "refused", 404


@dataclass
class Stage:
    d: Dunia
    rencana_aksi: RencanaAksi
    realisasi: Realisasi
    bukti: BuktiDukung  # a file
    tautan: BuktiDukung  # a link
    umpan_balik: UmpanBalik  # the penilai's comment on the realisasi

    @property
    def org(self) -> Org:
        return self.d.org

    @property
    def users(self) -> dict[str, User]:
        return self.d.users


def build_stage(org: Org) -> Stage:
    d = build_dunia(org)
    staf = d.users["staf"]
    ra = services.simpan_rencana_aksi(staf, d.rhk, d.periode, "Rapat", Decimal(1), "Kali")
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(3), "")
    bukti = services.tambah_bukti(staf, real, SimpleUploadedFile("laporan.pdf", pdf_bytes()))
    tautan = services.tambah_bukti(staf, real, None, "https://example.com/bukti")
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, real, "Lengkapi bukti")
    return Stage(d, ra, real, bukti, tautan, root)


def outcomes(**given: Any) -> dict[str, Any]:
    """Anonymous users log in; who is not named gets 404."""
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


# Who may see the staf's SKP: the owner, the penilai, the atasan penilai, the Admin Instansi.
SKP_PAGE = outcomes(pemilik=200, penilai=200, atasan_penilai=200, admin=200)
OWNER_WRITES = outcomes(pemilik=WRITES, penilai=REFUSED, atasan_penilai=REFUSED, admin=REFUSED)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    # URL kwargs naming an object of the stage (None: the URL names no object).
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


def periode(s: Stage) -> dict[str, Any]:
    return {"periode": s.d.periode.pk}


ROUTES: dict[str, Route] = {
    "pelaksanaan:realisasi_saya": Route(
        ("GET",),
        # To one's own SKP in force (the kasi and the kabid have one too); the colleague has
        # none and reads what to do; admins are no pegawai.
        get=outcomes(pemilik=302, penilai=302, atasan_penilai=302, rekan=200),
    ),
    "pelaksanaan:realisasi_skp": Route(("GET",), lambda s: {"pk": s.d.skp.pk}, get=SKP_PAGE),
    "pelaksanaan:rencana_aksi_tambah": Route(
        ("POST",),
        lambda s: {"pk": s.d.rhk.pk},
        post=OWNER_WRITES,
        data=lambda s: {**periode(s), "uraian": "Rapat", "target": "2", "satuan": "Kali"},
    ),
    "pelaksanaan:rencana_aksi_ubah": Route(
        ("POST",),
        lambda s: {"pk": s.rencana_aksi.pk},
        post=OWNER_WRITES,
        data=lambda s: {"uraian": "Rapat evaluasi", "target": "3", "satuan": "Kali"},
    ),
    "pelaksanaan:rencana_aksi_hapus": Route(
        ("POST",), lambda s: {"pk": s.rencana_aksi.pk}, post=OWNER_WRITES
    ),
    "pelaksanaan:realisasi_isi": Route(
        ("POST",),
        lambda s: {"pk": s.d.iki.pk},
        post=OWNER_WRITES,
        data=lambda s: {**periode(s), "nilai": "4", "uraian": "Empat"},
    ),
    "pelaksanaan:bukti_tambah": Route(
        ("POST",),
        lambda s: {"pk": s.realisasi.pk},
        post=OWNER_WRITES,
        data=lambda s: {"berkas": SimpleUploadedFile("lagi.pdf", pdf_bytes())},
    ),
    "pelaksanaan:bukti_hapus": Route(("POST",), lambda s: {"pk": s.bukti.pk}, post=OWNER_WRITES),
    "pelaksanaan:bukti_unduh": Route(("GET",), lambda s: {"pk": s.bukti.pk}, get=SKP_PAGE),
    "pelaksanaan:umpan_balik_kirim": Route(
        ("POST",),
        lambda s: {"pk": s.d.skp.pk},
        # Only the penilai starts a thread; the others who see the SKP are refused.
        post=outcomes(pemilik=REFUSED, penilai=WRITES, atasan_penilai=REFUSED, admin=REFUSED),
        data=lambda s: {**periode(s), "rhk": s.d.rhk.pk, "isi": "Perhatikan mutu"},
    ),
    "pelaksanaan:umpan_balik_balas": Route(
        ("POST",),
        lambda s: {"pk": s.umpan_balik.pk},
        post=outcomes(pemilik=WRITES, penilai=WRITES, atasan_penilai=REFUSED, admin=REFUSED),
        data=lambda s: {**periode(s), "isi": "Siap"},
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
        RencanaAksi.objects.count(),
        Realisasi.objects.count(),
        BuktiDukung.objects.count(),
        UmpanBalik.objects.count(),
        Notifikasi.objects.count(),
    )


def outcome(response: Any, before: tuple[int, ...]) -> Any:
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(login_url):
        return TO_LOGIN
    if response.status_code in (200, 302):
        return WRITES if writes() != before else REFUSED
    return response.status_code


# --- The matrix covers everything ------------------------------------------------------------


def test_matrix_covers_every_url():
    names = {f"pelaksanaan:{p.name}" for p in views_realisasi.urlpatterns}
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


def test_get_only_routes_refuse_post(world):
    before = writes()
    for name, route in ROUTES.items():
        if "POST" not in route.methods:
            response = client_as(world["users"]["pemilik"]).post(url(name, world["A"]))
            assert response.status_code == 405, name
    assert writes() == before


# --- Bukti downloads -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["pemilik", "penilai", "atasan_penilai", "admin"])
def test_who_may_see_the_skp_downloads_the_very_file(world, role):
    response = client_as(world["users"][role]).get(url("pelaksanaan:bukti_unduh", world["A"]))
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ROLES[1:])
def test_a_link_bukti_has_nothing_to_download(world, role):
    target = reverse("pelaksanaan:bukti_unduh", args=[world["A"].tautan.pk])
    assert client_as(world["users"][role]).get(target).status_code == 404


@pytest.mark.parametrize("role", ["pemilik", "penilai", "atasan_penilai", "rekan", "admin"])
def test_another_instansis_bukti_is_404_for_every_role(world, role):
    target = url("pelaksanaan:bukti_unduh", world["B"])
    assert client_as(world["users"][role]).get(target).status_code == 404


def test_the_penilai_of_a_moved_pegawai_loses_the_download(world):
    """Access follows the SKP: once another penilai is named, the former one gets 404."""
    a = world["A"]
    Skp.objects.filter(pk=a.d.skp.pk).update(penilai=a.org.kepala, atasan_penilai=None)
    target = url("pelaksanaan:bukti_unduh", a)
    assert client_as(world["users"]["penilai"]).get(target).status_code == 404
    assert client_as(world["users"]["atasan_penilai"]).get(target).status_code == 404
    assert client_as(world["users"]["pemilik"]).get(target).status_code == 200


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


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_objects_are_404_too(world, name):
    route = ROUTES[name]
    for method in route.methods:
        response = getattr(client_as(world["users"]["pemilik"]), method.lower())(
            reverse(name, kwargs={"pk": 999_999}), route.data(world["A"])
        )
        assert response.status_code == 404


def test_ids_in_the_body_are_scoped_too(world):
    """A comment aimed at B's realisasi, or a period of B, writes nothing in A or B."""
    a, b = world["A"], world["B"]
    client = client_as(world["users"]["penilai"])
    before = writes()
    target = reverse("pelaksanaan:umpan_balik_kirim", args=[a.d.skp.pk])
    response = client.post(target, {"realisasi": b.realisasi.pk, "isi": "X"})
    assert response.status_code == 404
    response = client.post(target, {"perilaku": b.d.skp.perilaku.first().pk, "isi": "X"})
    assert response.status_code == 404
    owner = client_as(world["users"]["pemilik"])
    isi = reverse("pelaksanaan:realisasi_isi", args=[a.d.iki.pk])
    owner.post(isi, {"periode": b.d.periode.pk, "nilai": "5"})
    # B's period is not one of this SKP's: the page's default period is used instead.
    assert not Realisasi.objects.filter(periode=b.d.periode, skp=a.d.skp).exists()
    assert Realisasi.objects.get(iki=a.d.iki).periode_id == a.d.periode.pk
    assert UmpanBalik.objects.filter(skp=a.d.skp).count() == 1  # the stage's own comment
    assert writes()[4] == before[4]
