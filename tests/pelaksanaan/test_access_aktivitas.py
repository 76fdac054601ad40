"""The access matrix of every daily-log URL (views_aktivitas.py): each role's outcome for GET
and POST on the objects of its own instansi, another instansi's entries (404), anonymous
(login with next).

Roles as in tests/perencanaan/test_access.py, relative to the staf's entry: its owner (staf),
their penilai (kasi, the atasan langsung), the penilai's atasan (kabid), a colleague
(staf_bidang), the Admin Instansi, the Admin Nasional. A pegawai writes only their own log
(every pegawai may add to theirs); only the penilai accepts or returns; the bukti is served to
the owner, the penilai and the Admin Instansi.
"""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.pelaksanaan import periode
from kinerja.pelaksanaan import services_aktivitas as svc
from kinerja.pelaksanaan.models import AktivitasHarian
from tests.conftest import Org, buat_admin_nasional, build_org, login, rolled_back
from tests.core.test_tenancy import url_names
from tests.pelaksanaan.test_aktivitas_impor import xlsx
from tests.pelaksanaan.test_berkas import pdf_bytes
from tests.perencanaan.test_services import users_of

ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {"pemilik": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
TO_LOGIN = "login"
WRITES, REFUSED, NOT_FOUND = "writes", "refused", 404


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class Stage:
    org: Org
    users: dict[str, User]
    aktivitas: AktivitasHarian  # the staf's, today, waiting, with a PDF
    kemarin: AktivitasHarian  # the staf's, yesterday (source of a copy)


def build_stage(org: Org) -> Stage:
    users = users_of(org)
    for tahun in {today().year, (today() - dt.timedelta(days=1)).year}:
        periode.pastikan_periode(org.instansi.pk, tahun)
    pdf = SimpleUploadedFile("bukti.pdf", pdf_bytes())
    aktivitas = svc.catat_aktivitas(
        users["staf"], today(), dt.time(8), dt.time(9), "Rapat", berkas=pdf
    )
    kemarin = svc.catat_aktivitas(
        users["staf"], today() - dt.timedelta(days=1), dt.time(10), dt.time(11), "Kemarin"
    )
    return Stage(org=org, users=users, aktivitas=aktivitas, kemarin=kemarin)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


PEGAWAI_PAGE = {"anon": TO_LOGIN, **dict.fromkeys(ROLES[1:5], 200), "admin": 404, "nasional": 404}
PEGAWAI_WRITES = {**PEGAWAI_PAGE, **dict.fromkeys(ROLES[1:5], WRITES)}
ADMIN_PAGE = {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, "admin": 200}
OWNER_PAGE = {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, "pemilik": 200}
OWNER_WRITES = {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, "pemilik": WRITES}
PENILAI_WRITES = {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, "penilai": WRITES}


def aktivitas(s: Stage) -> dict[str, Any]:
    return {"pk": s.aktivitas.pk}


def form(s: Stage) -> dict[str, Any]:
    return {
        "tanggal": today().isoformat(),
        "jam_mulai": "13:00",
        "jam_selesai": "14:00",
        "uraian": "Uji akses",
    }


def impor_file(s: Stage) -> dict[str, Any]:
    data = xlsx([[today().isoformat(), "15:00", "16:00", "Diimpor", None, None]])
    return {"berkas": SimpleUploadedFile("aktivitas.xlsx", data)}


ROUTES: dict[str, Route] = {
    "pelaksanaan:aktivitas_kalender": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:aktivitas_tambah": Route(
        ("GET", "POST"), get=PEGAWAI_PAGE, post=PEGAWAI_WRITES, data=form
    ),
    "pelaksanaan:aktivitas_ubah": Route(
        ("GET", "POST"), aktivitas, get=OWNER_PAGE, post=OWNER_WRITES, data=form
    ),
    "pelaksanaan:aktivitas_hapus": Route(("POST",), aktivitas, post=OWNER_WRITES),
    "pelaksanaan:aktivitas_bukti": Route(
        ("GET",), aktivitas, get={**OWNER_PAGE, "penilai": 200, "admin": 200}
    ),
    # Everyone copies their own yesterday; only the staf has one (others: "nothing to copy").
    "pelaksanaan:aktivitas_salin": Route(
        ("POST",),
        post={**PEGAWAI_PAGE, **dict.fromkeys(ROLES[1:5], REFUSED), "pemilik": WRITES},
        data=lambda s: {
            "dari_tanggal": s.kemarin.tanggal.isoformat(),
            "ke_tanggal": today().isoformat(),
        },
    ),
    "pelaksanaan:aktivitas_impor": Route(
        ("GET", "POST"), get=PEGAWAI_PAGE, post=PEGAWAI_WRITES, data=impor_file
    ),
    "pelaksanaan:aktivitas_templat": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:aktivitas_periksa": Route(("GET",), get=PEGAWAI_PAGE),
    # The ids come in the body: anyone but the penilai is refused with a message.
    "pelaksanaan:aktivitas_terima": Route(
        ("POST",),
        post={**PEGAWAI_PAGE, **dict.fromkeys(ROLES[1:5], REFUSED), "penilai": WRITES},
        data=lambda s: {"ids": [s.aktivitas.pk]},
    ),
    "pelaksanaan:aktivitas_kembalikan": Route(
        ("POST",), aktivitas, post=PENILAI_WRITES, data=lambda s: {"catatan": "Perbaiki"}
    ),
    "pelaksanaan:aktivitas_rekap": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:aktivitas_rekap_bawahan": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:aktivitas_rekap_instansi": Route(("GET",), get=ADMIN_PAGE),
    "pelaksanaan:aktivitas_rekap_ekspor": Route(("GET",), get=ADMIN_PAGE),
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
    """Every service write is audited; the rows and their states catch one that forgot to."""
    return (
        AuditEvent.objects.exclude(action="periode.dibuat_otomatis").count(),
        AktivitasHarian.objects.count(),
        tuple(AktivitasHarian.objects.order_by("pk").values_list("status", "uraian")),
    )


def outcome(response: Any, before: tuple[Any, ...]) -> Any:
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(login_url):
        return TO_LOGIN  # htmx: a full-page redirect to the login page
    if response.status_code in (200, 302):
        return WRITES if writes() != before else REFUSED
    return response.status_code


# --- The matrix covers everything ------------------------------------------------------------


def _names_of_this_module() -> set[str]:
    from kinerja.pelaksanaan import views_aktivitas

    return {f"pelaksanaan:{p.name}" for p in views_aktivitas.urlpatterns}


def test_matrix_covers_every_url_of_views_aktivitas():
    names = _names_of_this_module()
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert set(ROUTES) <= {n for n in url_names() if n.startswith("pelaksanaan:")}
    assert set(ROUTES) == names, "ROUTES names URLs that no longer exist"


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


def test_refusals_say_why(world):
    a = world["A"]
    response = client_as(a.users["kabid"]).post(
        reverse("pelaksanaan:aktivitas_terima"), {"ids": [a.aktivitas.pk]}, follow=True
    )
    assert "Hanya pejabat penilai pegawai ini" in response.content.decode()
    response = client_as(a.users["staf"]).post(
        reverse("pelaksanaan:aktivitas_terima"), {"ids": [a.aktivitas.pk]}, follow=True
    )
    assert "Anda tidak dapat memeriksa aktivitas Anda sendiri" in response.content.decode()


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


def test_accepting_another_instansi_s_entry_writes_nothing(world):
    before = writes()
    response = client_as(world["users"]["penilai"]).post(
        reverse("pelaksanaan:aktivitas_terima"), {"ids": [world["B"].aktivitas.pk]}, follow=True
    )
    assert "tidak ditemukan" in response.content.decode() and writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_objects_are_404_too(world, name):
    route = ROUTES[name]
    for method in route.methods:
        for role in ("pemilik", "penilai"):
            response = getattr(client_as(world["users"][role]), method.lower())(
                reverse(name, kwargs={"pk": 999_999}), route.data(world["A"])
            )
            assert response.status_code == 404


def test_the_other_instansi_s_recap_is_not_mixed_in(world):
    """The Admin Instansi's recap and export list their own pegawai only."""
    response = client_as(world["users"]["admin"]).get(reverse("pelaksanaan:aktivitas_rekap_ekspor"))
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    nips = {r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert world["A"].org.staf.nip in nips and world["B"].org.staf.nip not in nips
