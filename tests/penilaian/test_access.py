"""The access matrix of every penilaian URL (tests/core/test_tenancy.py leaves them to us).

ROUTES describes each URL name: its methods, the objects its path, query string or POST body
names (in a `Stage`: instansi A with the staf's results of three periods and a keberatan), a
valid POST body, and what each role gets. Roles are relative to the staf's results: the staf
(dinilai), their penilai (the kasi), the atasan penilai (the kabid), the kepala (above, not
involved), a colleague (staf_bidang), the Admin Instansi; outsiders: a pegawai and the admin of
instansi B, the Admin Nasional, anonymous.

Each POST runs in a savepoint that is rolled back, so every role meets the same stage; a write
is told from a refusal by what is stored (rows, statuses, audit events, notifications), and a
refusal must store nothing. test_matrix_covers_every_url fails as soon as a penilaian URL is
not described here: a new view adds a Route, with the outcome for each role.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import services
from kinerja.penilaian.forms_organisasi import nilai_bawaan
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    KinerjaOrganisasi,
    PengaturanPenilaian,
    PenjelasanKeberatan,
    PihakPenjelasan,
    RiwayatEvaluasi,
)
from kinerja.perencanaan.models import Skp
from tests.conftest import Org, buat_admin_nasional, build_org, rolled_back, user_for
from tests.core.test_tenancy import url_names
from tests.penilaian.conftest import TAHUN, Dunia, buat_dunia, periode, saat
from tests.perencanaan.test_access import NOT_FOUND, REFUSED, TO_LOGIN, WRITES, client_as

ROLES = [
    "anon",
    "dinilai",
    "penilai",
    "atasan_penilai",
    "kepala",
    "rekan",
    "admin",
    "lain_pegawai",
    "lain_admin",
    "nasional",
]
PERSON = {
    "dinilai": "staf",
    "penilai": "kasi",
    "atasan_penilai": "kabid",
    "kepala": "kepala",
    "rekan": "staf_bidang",
}
# The roles of instansi A that may see something of it: the cross-instansi test sends them to B.
INSIDERS = ["dinilai", "penilai", "atasan_penilai", "kepala", "admin"]
DI_ATAS, SESUAI = "Di Atas Ekspektasi", "Sesuai Ekspektasi"
ALASAN = "Realisasi saya melampaui target pada dua indikator."


@dataclass
class Stage:
    d: Dunia
    lalu: PeriodePenilaian  # another triwulan, rated while it was open
    kini: PeriodePenilaian  # the current triwulan
    ev_lalu: Evaluasi  # final, with the keberatan `k`
    k: Keberatan  # under examination: both explanations asked, none answered
    ev_kini: Evaluasi  # final just now: its keberatan window is open, none filed
    ev_tahunan: Evaluasi  # the annual result, a draft of the penilai

    @property
    def org(self) -> Org:
        return self.d.org

    @property
    def skp(self) -> Skp:
        return self.d.skp["staf"]

    def penjelasan(self, pihak: str) -> PenjelasanKeberatan:
        return PenjelasanKeberatan.objects.get(keberatan=self.k, pihak=pihak)


def build_stage(org: Org) -> Stage:
    """Everything through the services, with `now` where the moment matters: the other
    triwulan is rated, finalised and objected to on the day after it ended (its penilaian is
    open then, whatever today is)."""
    d = buat_dunia(org)
    kasi, kabid, staf = d.users["kasi"], d.users["kabid"], d.users["staf"]
    kini = periode(org.instansi.pk, nomor=(timezone.localdate().month - 1) // 3 + 1)
    lalu = periode(org.instansi.pk, nomor=2 if kini.nomor == 1 else 1)
    for p in (lalu, kini, d.tahunan):  # one predikat on the dinas covers every unit
        services.tetapkan_kinerja_organisasi(org.admin, org.dinas, p, "Baik")
    hari = lalu.selesai + dt.timedelta(days=1)
    dulu = saat(hari.month, hari.day)
    skp = d.skp["staf"]
    ev_lalu = nilai(kasi, skp, lalu, now=dulu)
    services.finalkan(kasi, [ev_lalu], now=dulu)
    k = services.ajukan_keberatan(staf, ev_lalu, ALASAN, now=dulu + dt.timedelta(hours=1))
    services.minta_penjelasan(
        kabid,
        k,
        pertanyaan_penilai="Apa dasar rating hasil kerja?",
        pertanyaan_pegawai="Mana bukti realisasinya?",
        now=dulu + dt.timedelta(hours=2),
    )
    ev_kini = nilai(kasi, skp, kini)
    services.finalkan(kasi, [ev_kini])
    ev_tahunan = nilai(kasi, skp, d.tahunan)
    for row in (ev_lalu, k, ev_kini):
        row.refresh_from_db()
    return Stage(d, lalu, kini, ev_lalu, k, ev_kini, ev_tahunan)


def nilai(actor: User, skp: Skp, p: PeriodePenilaian, **kw: Any) -> Evaluasi:
    return services.nilai(
        actor, skp, p, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, catatan="Teliti.", **kw
    )


def outcomes(**given: Any) -> dict[str, Any]:
    """Anonymous users log in; who is not named gets 404."""
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


PEGAWAI_A = ["dinilai", "penilai", "atasan_penilai", "kepala", "rekan"]
# The people around the staf's result: the staf, the penilai, the atasan penilai, the admin.
HASIL_PAGE = outcomes(dinilai=200, penilai=200, atasan_penilai=200, admin=200)
# A keberatan write: the one who may writes, the others who see it are refused with a message.
KEBERATAN_VIEWERS = outcomes(dinilai=REFUSED, penilai=REFUSED, atasan_penilai=REFUSED)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    # Path kwargs naming objects of the stage (None: the path names none).
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    # The GET query string; `scoped`: it, or the POST body, names objects of the stage.
    query: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})
    scoped: bool = False
    # Body keys choosing among one's own rows: an id of anything else is ignored (refused
    # with a message, nothing stored), like an id that exists nowhere; not a 404.
    selection: tuple[str, ...] = ()

    @property
    def tenant(self) -> bool:
        return self.kwargs is not None or self.scoped


def skp_tahunan(s: Stage) -> dict[str, Any]:
    return {"skp_id": s.skp.pk, "periode_id": s.d.tahunan.pk}


ROUTES: dict[str, Route] = {
    # --- views_penilai: the grid and the evaluation screen ---
    "penilaian:nilai": Route(
        ("GET",),
        query=lambda s: {"periode": s.d.tahunan.pk},
        scoped=True,
        # Every pegawai has a grid (of their own bawahan); a period of A is 404 elsewhere.
        get=outcomes(**dict.fromkeys(PEGAWAI_A, 200)),
    ),
    "penilaian:nilai_baris": Route(
        ("POST",),
        post=outcomes(penilai=WRITES),
        data=lambda s: {
            "skp": s.skp.pk,
            "periode": s.d.tahunan.pk,
            "rating_hasil_kerja": DI_ATAS,
            "rating_perilaku": DI_ATAS,
        },
        scoped=True,
    ),
    "penilaian:finalkan": Route(
        ("POST",),
        # Other pegawai finalise in their own grid, where the staf is not: nothing chosen.
        post=outcomes(
            penilai=WRITES,
            dinilai=REFUSED,
            atasan_penilai=REFUSED,
            kepala=REFUSED,
            rekan=REFUSED,
        ),
        data=lambda s: {"periode": s.d.tahunan.pk, "pilih": [s.skp.pk]},
        scoped=True,
        selection=("pilih",),
    ),
    "penilaian:evaluasi_nilai": Route(
        ("GET", "POST"),
        skp_tahunan,
        get=outcomes(penilai=200, atasan_penilai=200, admin=200),
        post=outcomes(penilai=WRITES),
        data=lambda s: {
            "rating_hasil_kerja": DI_ATAS,
            "rating_perilaku": SESUAI,
            "catatan": "Tingkatkan mutu laporan.",
        },
    ),
    # --- views_organisasi: predikat organisasi, kurva, distribusi, pengaturan ---
    "penilaian:organisasi": Route(
        ("GET",),
        query=lambda s: {"periode": s.kini.pk},
        scoped=True,
        # Leaders of units with sub-units (the kasi's seksi has none) and the admin.
        get=outcomes(atasan_penilai=200, kepala=200, admin=200),
    ),
    "penilaian:organisasi_tetapkan": Route(
        ("POST",),
        # The seksi, set for the annual period (only a draft in its population): by the
        # leader of the unit above (the kabid) or the admin.
        lambda s: {"unit_id": s.org.seksi.pk},
        post=outcomes(atasan_penilai=WRITES, admin=WRITES),
        data=lambda s: {"periode": s.d.tahunan.pk, "predikat": "Istimewa", "catatan": "Uji"},
    ),
    "penilaian:kurva": Route(
        ("GET",),
        # The dinas holds the predikat: its leader and the admin see all, a penilai with
        # bawahan in the population (the kasi, the kabid) the chart and their own.
        lambda s: {"unit_id": s.org.dinas.pk, "periode_id": s.kini.pk},
        get=outcomes(penilai=200, atasan_penilai=200, kepala=200, admin=200),
    ),
    "penilaian:distribusi": Route(
        ("GET",), query=lambda s: {"periode": s.kini.pk}, scoped=True, get=outcomes(admin=200)
    ),
    "penilaian:pengaturan": Route(
        ("GET", "POST"),
        # The admin of B reads and resets B's own settings (test_settings_stay_in_their_instansi).
        get=outcomes(admin=200, lain_admin=200),
        post=outcomes(admin=WRITES, lain_admin=WRITES),
        data=lambda s: {"aksi": "bawaan"},
    ),
    # --- views_hasil: results ---
    "penilaian:hasil_saya": Route(
        ("GET",),
        query=lambda s: {"tahun": TAHUN},
        get=outcomes(**dict.fromkeys([*PEGAWAI_A, "lain_pegawai"], 200)),
    ),
    "penilaian:evaluasi": Route(("GET",), lambda s: {"pk": s.ev_lalu.pk}, get=HASIL_PAGE),
    # --- views_keberatan ---
    "penilaian:keberatan_ajukan": Route(
        ("POST",),
        lambda s: {"pk": s.ev_kini.pk},
        post={**KEBERATAN_VIEWERS, "dinilai": WRITES, "admin": REFUSED},
        data=lambda s: {"alasan": ALASAN},
    ),
    "penilaian:keberatan_daftar": Route(
        ("GET",),
        # Every pegawai and admin has a list (their own instansi's); no instansi, no list.
        get={**dict.fromkeys(ROLES, 200), "anon": TO_LOGIN, "nasional": 404},
    ),
    "penilaian:keberatan": Route(("GET",), lambda s: {"pk": s.k.pk}, get=HASIL_PAGE),
    "penilaian:keberatan_minta": Route(
        ("POST",),
        lambda s: {"pk": s.k.pk},
        post={**KEBERATAN_VIEWERS, "atasan_penilai": WRITES, "admin": REFUSED},
        data=lambda s: {
            "pertanyaan_penilai": "Dasar rating perilaku?",
            "pertanyaan_pegawai": "Bukti tambahan?",
        },
    ),
    "penilaian:keberatan_putuskan": Route(
        ("POST",),
        lambda s: {"pk": s.k.pk},
        post={**KEBERATAN_VIEWERS, "atasan_penilai": WRITES, "admin": REFUSED},
        data=lambda s: {"keputusan": "Tetap", "alasan": "Penilaian sudah sesuai bukti."},
    ),
    "penilaian:keberatan_jawab": Route(
        ("POST",),
        # The penilai's question (the staf's own is in test_each_side_answers_only_their_own).
        lambda s: {"pk": s.penjelasan(PihakPenjelasan.PENILAI).pk},
        post={**KEBERATAN_VIEWERS, "penilai": WRITES, "admin": REFUSED},
        data=lambda s: {"jawaban": "Dua RHK utama belum tercapai."},
    ),
}
GET_ROUTES = sorted(n for n, r in ROUTES.items() if "GET" in r.methods)
POST_ROUTES = sorted(n for n, r in ROUTES.items() if "POST" in r.methods)
TENANT_ROUTES = sorted(n for n, r in ROUTES.items() if r.tenant)


def path(name: str, stage: Stage) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(stage) if route.kwargs else None)


def get_url(name: str, stage: Stage) -> str:
    query = ROUTES[name].query
    return f"{path(name, stage)}?{urlencode(query(stage))}" if query else path(name, stage)


def build_world() -> dict[str, Any]:
    """Built once for the module's tests: each gets a copy as `world` (tests/conftest.py)."""
    org, other_org = build_org("A"), build_org("B")
    a = build_stage(org)
    periode(other_org.instansi.pk)  # B's periods, made on first use (an audited write) once
    users: dict[str, User | None] = {
        "anon": None,
        "admin": org.admin,
        "lain_pegawai": user_for(other_org.kasi),  # a penilai in B
        "lain_admin": other_org.admin,
        "nasional": buat_admin_nasional(),
    }
    users.update({role: a.d.users[person] for role, person in PERSON.items()})
    return {"A": a, "users": users}


def stored() -> tuple[Any, ...]:
    """Everything a penilaian write touches: every service write is audited, and the rows and
    statuses catch one that forgot to."""
    return (
        AuditEvent.objects.count(),
        Notifikasi.objects.count(),
        RiwayatEvaluasi.objects.count(),
        list(
            Evaluasi.objects.order_by("pk").values_list(
                "pk", "status", "rating_hasil_kerja", "rating_perilaku", "predikat", "versi"
            )
        ),
        list(Keberatan.objects.order_by("pk").values_list("pk", "status", "alasan_keputusan")),
        list(
            KinerjaOrganisasi.objects.order_by("pk").values_list(
                "pk", "unor_id", "periode_id", "predikat", "catatan"
            )
        ),
        list(PenjelasanKeberatan.objects.order_by("pk").values_list("pk", "pertanyaan", "jawaban")),
        list(
            PengaturanPenilaian.objects.order_by("pk").values_list(
                "pk", "mode_kurva", "ukuran_unit_kecil", "jendela_keberatan_hari"
            )
        ),
    )


def status_of(response: Any) -> Any:
    """The status, or TO_LOGIN for the way to the login page (htmx: an HX-Redirect there)."""
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(login_url):
        return TO_LOGIN
    return response.status_code


def outcome(response: Any, before: tuple[Any, ...], *, write: bool = True) -> Any:
    """For a write: WRITES or REFUSED when the view answered (a page or a redirect), else the
    status. Anything but WRITES that stored something says so: that is a leak."""
    status, changed = status_of(response), stored() != before
    if write and status in (200, 302):
        return WRITES if changed else REFUSED
    return f"{status} but stored something" if changed else status


# --- The matrix covers everything ------------------------------------------------------------


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("penilaian:")}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        assert set(route.get) == (set(ROLES) if "GET" in route.methods else set()), name
        assert set(route.post) == (set(ROLES) if "POST" in route.methods else set()), name


# --- GET and POST for each role on the objects of instansi A ---------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    route = ROUTES[name]
    target = get_url(name, world["A"])
    got = {}
    for role in ROLES:
        before = stored()
        got[role] = outcome(client_as(world["users"][role]).get(target), before, write=False)
    expected = route.get if "GET" in route.methods else dict.fromkeys(ROLES, 405)
    assert got == expected, target


@pytest.mark.parametrize("name", POST_ROUTES)
@pytest.mark.parametrize("htmx", [False, True])
def test_post_by_role(world, name, htmx):
    route, a = ROUTES[name], world["A"]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    got = {}
    for role in ROLES:
        with rolled_back():
            before = stored()
            client = client_as(world["users"][role])
            response = client.post(path(name, a), route.data(a), **extra)
            got[role] = outcome(response, before)
    assert got == route.post, name


def test_get_only_routes_refuse_post(world):
    a, before = world["A"], stored()
    for name in sorted(set(ROUTES) - set(POST_ROUTES)):
        for role in ["penilai", "admin"]:
            response = client_as(world["users"][role]).post(path(name, a), {})
            assert response.status_code == 405, (name, role)
    assert stored() == before


# --- Anonymous, another instansi, missing objects --------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_anonymous_is_sent_to_login_with_next(world, htmx):
    """The very page asked for comes back after the login (htmx: a full-page HX-Redirect)."""
    a, before = world["A"], stored()
    client = client_as(None)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for name, route in ROUTES.items():
        for method in route.methods:
            target = get_url(name, a) if method == "GET" else path(name, a)
            data = route.data(a) if method == "POST" else None
            response = getattr(client, method.lower())(target, data, **extra)
            expected = f"{reverse('accounts:login')}?next={quote(target)}"
            if htmx:
                assert (response.status_code, response["HX-Redirect"]) == (204, expected), name
            else:
                assert (response.status_code, response["Location"]) == (302, expected), name
    assert stored() == before


@pytest.fixture
def ab(world: dict[str, Any]) -> tuple[Stage, Stage]:
    """The same stage in both instansi."""
    return world["A"], build_stage(build_org("C"))  # C: B's people have accounts already


def as_role(stage: Stage, role: str) -> User:
    return stage.org.admin if role == "admin" else stage.d.users[PERSON[role]]


def _first_allowed(route: Route) -> str:
    """The first role who may read or write there: refusing them proves the 404 is the id's."""
    return next(r for r in ROLES if route.get.get(r) == 200 or route.post.get(r) == WRITES)


def test_objects_of_another_instansi_are_404(ab):
    """A's people who see A's objects, on the same objects of B (path, query or body): 404
    for every method, nothing stored."""
    a, b = ab
    before = stored()
    got = {}
    for name in TENANT_ROUTES:
        route = ROUTES[name]
        for role in INSIDERS:
            client = client_as(as_role(a, role))
            for method in route.methods:
                target = get_url(name, b) if method == "GET" else path(name, b)
                data = route.data(b) if method == "POST" else None
                got[name, role, method] = getattr(client, method.lower())(target, data).status_code
    assert {k: v for k, v in got.items() if v != 404} == {}
    assert stored() == before


def references(route: Route, method: str, s: Stage) -> dict[str, dict[str, Any]]:
    """What a request names: path kwargs, and the query string (GET) or the body (POST)."""
    params = route.data(s) if method == "POST" else (route.query(s) if route.query else {})
    return {"kwargs": route.kwargs(s) if route.kwargs else {}, "params": params}


def test_one_reference_to_another_instansi_is_enough_for_404(ab):
    """A request on A's objects with ONE id of B swapped in (a period of B in the body, B's
    SKP with A's period, ...), by the role who may act on A's objects: 404, nothing stored."""
    a, b = ab
    got, expected = {}, {}
    for name in TENANT_ROUTES:
        route = ROUTES[name]
        role = _first_allowed(route)
        client = client_as(as_role(a, role))
        for method in route.methods:
            mine, theirs = references(route, method, a), references(route, method, b)
            for where, values in mine.items():
                for key in [k for k in values if values[k] != theirs[where][k]]:
                    mixed = {**mine, where: {**values, key: theirs[where][key]}}
                    target = reverse(name, kwargs=mixed["kwargs"] or None)
                    before = stored()
                    send = client.get if method == "GET" else client.post
                    got[name, method, key] = outcome(send(target, mixed["params"]), before)
                    expected[name, method, key] = REFUSED if key in route.selection else 404
    assert len(got) >= len(TENANT_ROUTES)
    assert got == expected


def test_missing_objects_are_404_too(world):
    """A pk that exists nowhere answers like one of another instansi: no existence oracle.
    Asked by the one role that may act on each object."""
    a, before = world["A"], stored()
    allowed = {name: _first_allowed(route) for name, route in ROUTES.items() if route.kwargs}
    got = {}
    for name, role in allowed.items():
        route = ROUTES[name]
        kwargs = route.kwargs(a)
        client = client_as(world["users"][role])
        for key in kwargs:
            target = reverse(name, kwargs={**kwargs, key: 999_999})
            for method in route.methods:
                data = route.data(a) if method == "POST" else None
                got[name, key, method] = getattr(client, method.lower())(target, data).status_code
    assert {k: v for k, v in got.items() if v != 404} == {}
    assert stored() == before


# --- Details the matrix does not show --------------------------------------------------------


def test_a_draft_result_does_not_exist_for_its_pegawai(world):
    """The annual result is still the penilai's draft: the staf gets 404 for the page and for
    filing a keberatan; the penilai, the atasan penilai and the admin read it."""
    a = world["A"]
    page = reverse("penilaian:evaluasi", args=[a.ev_tahunan.pk])
    ajukan = reverse("penilaian:keberatan_ajukan", args=[a.ev_tahunan.pk])
    got = {}
    for role in ["dinilai", "penilai", "atasan_penilai", "admin"]:
        got[role] = client_as(world["users"][role]).get(page).status_code
    before = stored()
    response = client_as(world["users"]["dinilai"]).post(ajukan, {"alasan": ALASAN})
    assert (response.status_code, stored() == before) == (404, True)
    assert got == {"dinilai": 404, "penilai": 200, "atasan_penilai": 200, "admin": 200}


def test_each_side_answers_only_their_own_question(world):
    """The staf's own question: the staf writes, the penilai (who sees it) is refused."""
    a = world["A"]
    target = reverse("penilaian:keberatan_jawab", args=[a.penjelasan(PihakPenjelasan.PEGAWAI).pk])
    got = {}
    for role in ["dinilai", "penilai", "atasan_penilai", "kepala", "lain_pegawai"]:
        with rolled_back():
            before = stored()
            response = client_as(world["users"][role]).post(target, {"jawaban": "Ada buktinya."})
            got[role] = outcome(response, before)
    assert got == {
        "dinilai": WRITES,
        "penilai": REFUSED,
        "atasan_penilai": REFUSED,
        "kepala": 404,
        "lain_pegawai": 404,
    }


def test_settings_stay_in_their_instansi(world):
    """B's admin resetting settings writes B's row, never A's."""
    a = world["A"]
    admin_a = world["users"]["admin"]
    bawaan = {**nilai_bawaan(), "jendela_keberatan_hari": 30}
    services.simpan_pengaturan(admin_a, a.org.instansi.pk, **bawaan)
    response = client_as(world["users"]["lain_admin"]).post(
        reverse("penilaian:pengaturan"), {"aksi": "bawaan"}
    )
    assert response.status_code == 302
    own = PengaturanPenilaian.objects.get(instansi=a.org.instansi)
    assert own.jendela_keberatan_hari == 30
    assert PengaturanPenilaian.objects.filter(instansi=world["users"]["lain_admin"].instansi)


@pytest.mark.parametrize("role", ["lain_pegawai", "lain_admin"])
def test_pages_of_another_instansi_name_nobody_of_a(world, role):
    """The pages whose path names no object, asked without a query string, show B's own
    rows: nothing of A's people."""
    client = client_as(world["users"][role])
    shown = 0
    for name, route in ROUTES.items():
        if "GET" not in route.methods or route.kwargs:
            continue
        response = client.get(reverse(name))
        if response.status_code == 200:
            shown += 1
            body = response.content.decode()
            assert not any(f"{n} A" in body for n in ["Staf", "Kasi", "Kabid", "Kepala"]), name
    assert shown >= 1
