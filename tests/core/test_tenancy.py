"""Tenancy and access for EVERY named URL.

ROUTES below is the access matrix. test_matrix_covers_every_url fails as soon as a URL name
exists that the matrix does not describe: a new view must be added here, with who may see it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.org.models import ImportBatch, Instansi, Pegawai, RiwayatJabatan
from kinerja.org.services import ubah_atasan
from tests.conftest import Org, login, user_for

# Access kinds, and the GET status each role gets on the objects of its own instansi.
PUBLIC, LOGIN, ADMIN, NASIONAL, DETAIL, LOGIN_PAGE, LOGOUT = (
    "public",
    "login",
    "admin",
    "nasional",
    "detail",
    "login_page",
    "logout",
)
TIKET, INSTANSI, PETUGAS = "tiket", "instansi", "petugas"
ROLES = ["anon", "pegawai", "penilai", "admin", "nasional"]
TO_LOGIN, TO_HOME = "login", "home"
EXPECTED_GET: dict[str, dict[str, int | str]] = {
    PUBLIC: dict.fromkeys(ROLES, 200),
    LOGIN: {"anon": TO_LOGIN, "pegawai": 200, "penilai": 200, "admin": 200, "nasional": 200},
    ADMIN: {"anon": TO_LOGIN, "pegawai": 404, "penilai": 404, "admin": 200, "nasional": 404},
    NASIONAL: {"anon": TO_LOGIN, "pegawai": 404, "penilai": 404, "admin": 404, "nasional": 200},
    # The object is the staf of A: themself, their atasan (the kasi), admins.
    DETAIL: {"anon": TO_LOGIN, "pegawai": 200, "penilai": 200, "admin": 200, "nasional": 200},
    LOGIN_PAGE: {"anon": 200, **dict.fromkeys(ROLES[1:], TO_HOME)},
    LOGOUT: dict.fromkeys(ROLES, 405),
    # Helpdesk (tests/bantuan/test_akses.py has the full matrix): a ticket of the staf of A is
    # theirs and their Admin Instansi's (the Admin Nasional only after escalation); an
    # instansi's article is its own users'; PETUGAS pages are both admins'.
    TIKET: {"anon": TO_LOGIN, "pegawai": 200, "penilai": 404, "admin": 200, "nasional": 404},
    INSTANSI: {"anon": TO_LOGIN, "pegawai": 200, "penilai": 200, "admin": 200, "nasional": 404},
    PETUGAS: {"anon": TO_LOGIN, "pegawai": 404, "penilai": 404, "admin": 200, "nasional": 200},
}


@dataclass(frozen=True)
class Route:
    kind: str
    methods: tuple[str, ...] = ("GET",)
    # URL kwargs naming an object of the given org (None: the URL names no tenant object).
    kwargs: Callable[[Org], dict[str, Any]] | None = None
    # A valid POST body for the objects of the given org: a missing check would really write.
    data: Callable[[Org], dict[str, Any]] = field(default=lambda o: {})
    static_kwargs: dict[str, Any] = field(default_factory=dict)


def unit(o: Org) -> dict[str, Any]:
    return {"pk": o.bidang.pk}


def staf(o: Org) -> dict[str, Any]:
    return {"pk": o.staf.pk}


def notifikasi(o: Org) -> dict[str, Any]:
    row = Notifikasi.objects.filter(instansi=o.instansi).first() or Notifikasi.objects.create(
        instansi=o.instansi, penerima=o.admin, judul="Uji"
    )
    return {"pk": row.pk}


def batch(o: Org) -> dict[str, Any]:
    return {"pk": ImportBatch.objects.get(instansi=o.instansi).pk}


def tiket_staf(o: Org) -> Any:
    from kinerja.bantuan.models import Tiket

    pelapor = User.objects.filter(pegawai=o.staf).first() or user_for(o.staf)
    return Tiket.objects.filter(pelapor=pelapor).first() or Tiket.objects.create(
        instansi=o.instansi,
        pelapor=pelapor,
        peran_pelapor="pegawai",
        kategori="skp",
        judul="Uji",
        uraian="Uji",
    )


def tiket(o: Org) -> dict[str, Any]:
    return {"pk": tiket_staf(o).pk}


def lampiran_tiket(o: Org) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from kinerja.bantuan.models import LampiranTiket

    t = tiket_staf(o)
    row = LampiranTiket(instansi=o.instansi, tiket=t, diunggah_oleh=t.pelapor)
    row.nama_berkas, row.jenis_berkas = "layar.png", "image/png"
    row.berkas.save("layar.png", ContentFile(b"\x89PNG\r\n\x1a\nuji"), save=True)
    return {"pk": row.pk}


def artikel_instansi(o: Org) -> dict[str, Any]:
    from kinerja.bantuan.models import Artikel

    row = Artikel.objects.create(
        instansi=o.instansi, judul="Uji", isi="Uji", kategori="skp", diterbitkan=True
    )
    return {"pk": row.pk}


def permohonan(o: Org) -> dict[str, Any]:
    """An instansi's application (not a tenant object: only the Admin Nasional sees it)."""
    from kinerja.pendaftaran.models import PermohonanInstansi
    from tests.pendaftaran.helpers import baris

    return {"pk": (PermohonanInstansi.objects.first() or baris()).pk}


ROUTES: dict[str, Route] = {
    "home": Route(LOGIN),
    "healthz": Route(PUBLIC),
    "audit_log": Route(ADMIN),
    "accounts:login": Route(LOGIN_PAGE, ("GET", "POST")),
    "accounts:logout": Route(LOGOUT, ("POST",)),
    "accounts:password_change": Route(LOGIN, ("GET", "POST")),
    # A link that is not (or no longer) valid: a page saying so, for anyone (tests/accounts).
    "accounts:atur_sandi": Route(
        PUBLIC, ("GET", "POST"), static_kwargs={"uidb64": "MQ", "token": "tidak-berlaku"}
    ),
    "org:unor_tree": Route(ADMIN),
    "org:unor_children": Route(ADMIN, kwargs=unit),
    "org:unor_detail": Route(ADMIN, kwargs=unit),
    "org:pegawai_list": Route(ADMIN),
    "org:pegawai_detail": Route(DETAIL, kwargs=staf),
    "org:pegawai_atasan": Route(
        ADMIN, ("POST",), staf, lambda o: {"atasan_nip": o.kepala.nip, "alasan": "Uji"}
    ),
    "org:pegawai_penugasan": Route(
        ADMIN,
        ("POST",),
        staf,
        lambda o: {
            "kode_unor": o.bidang.kode,
            "jenis_penugasan": "PLH",
            "berlaku_mulai": "2024-01-01",
            "berlaku_sampai": "2024-01-05",
        },
    ),
    "org:pegawai_akun": Route(ADMIN, ("POST",), staf),
    "org:import_index": Route(ADMIN, ("GET", "POST")),
    "org:import_detail": Route(ADMIN, kwargs=batch),
    "org:import_apply": Route(ADMIN, ("POST",), batch),
    "org:import_cancel": Route(ADMIN, ("POST",), batch),
    "org:import_template": Route(ADMIN, static_kwargs={"jenis": "pegawai", "fmt": "csv"}),
    "notifikasi:daftar": Route(LOGIN),
    "notifikasi:badge": Route(LOGIN),
    "notifikasi:buka": Route(LOGIN, ("POST",), notifikasi),
    "notifikasi:tandai_semua": Route(LOGIN, ("POST",)),
    "notifikasi:terbaru": Route(LOGIN),
    "notifikasi:preferensi": Route(LOGIN, ("GET", "POST"), data=lambda o: {"kirim": ["skp"]}),
    "notifikasi:pengaturan": Route(
        ADMIN, ("GET", "POST"), data=lambda o: {"hari_sebelum": "7, 3", "jam": "7", "aktif": "on"}
    ),
    "bantuan:index": Route(LOGIN),
    "bantuan:tiket_saya": Route(LOGIN),
    "bantuan:baru": Route(
        LOGIN, ("GET", "POST"), data=lambda o: {"kategori": "skp", "judul": "Uji", "uraian": "Uji"}
    ),
    "bantuan:saran": Route(LOGIN),
    "bantuan:tiket": Route(TIKET, kwargs=tiket),
    "bantuan:balas": Route(TIKET, ("POST",), tiket, lambda o: {"isi": "Uji"}),
    "bantuan:status": Route(TIKET, ("POST",), tiket, lambda o: {"aksi": "selesai"}),
    "bantuan:eskalasi": Route(ADMIN, ("POST",), tiket, lambda o: {"catatan": "Uji"}),
    "bantuan:lampiran": Route(TIKET, kwargs=lampiran_tiket),
    "bantuan:antrean": Route(ADMIN),
    "bantuan:antrean_nasional": Route(NASIONAL),
    "bantuan:laporan": Route(PETUGAS),
    "bantuan:artikel": Route(INSTANSI, kwargs=artikel_instansi),
    "bantuan:artikel_kelola": Route(PETUGAS),
    "bantuan:artikel_baru": Route(
        PETUGAS, ("GET", "POST"), data=lambda o: {"judul": "Uji", "isi": "Uji", "kategori": "skp"}
    ),
    "bantuan:artikel_ubah": Route(
        ADMIN,
        ("GET", "POST"),
        artikel_instansi,
        lambda o: {"judul": "Diubah", "isi": "Uji", "kategori": "skp"},
    ),
    "bantuan:artikel_hapus": Route(ADMIN, ("POST",), artikel_instansi),
    "org:instansi_list": Route(NASIONAL),
    "pendaftaran:formulir": Route(PUBLIC, ("GET", "POST")),
    "pendaftaran:status": Route(PUBLIC, ("GET", "POST")),
    "pendaftaran:daftar": Route(NASIONAL),
    "pendaftaran:detail": Route(NASIONAL, kwargs=permohonan),
    "pendaftaran:surat": Route(NASIONAL, kwargs=permohonan),
    "pendaftaran:minta_perbaikan": Route(
        NASIONAL, ("POST",), permohonan, lambda o: {"catatan": "Lengkapi surat."}
    ),
    "pendaftaran:setujui": Route(NASIONAL, ("POST",), permohonan, lambda o: {"kode": "BARU2"}),
    "pendaftaran:tolak": Route(NASIONAL, ("POST",), permohonan, lambda o: {"alasan": "Uji"}),
    "pendaftaran:kirim_ulang_petunjuk": Route(NASIONAL, ("POST",), permohonan),
    "org:instansi_create": Route(
        NASIONAL,
        ("GET", "POST"),
        data=lambda o: {
            "kode": "BARU",
            "nama": "Instansi Baru",
            "jenis": "pusat",
            "zona_waktu": "Asia/Jakarta",
            "admin_nip": "198503122010011003",
            "admin_nama": "Admin Baru",
        },
    ),
}
TENANT_ROUTES = [name for name, route in ROUTES.items() if route.kwargs]
# Logout guards nothing (tests/accounts checks it is POST only); the rest need a login.
GUARDED = [n for n, route in ROUTES.items() if route.kind not in (PUBLIC, LOGIN_PAGE, LOGOUT)]


def url_names(patterns: list[Any] | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name, so no test covers it"
            names.add(namespace + pattern.name)
    return names


def url(name: str, o: Org) -> str:
    route = ROUTES[name]
    kwargs = {**route.static_kwargs, **(route.kwargs(o) if route.kwargs else {})}
    return reverse(name, kwargs=kwargs or None)


def make_batch(o: Org) -> ImportBatch:
    return ImportBatch.objects.create(
        instansi=o.instansi,
        jenis="pegawai",
        nama_file="pegawai.csv",
        berkas="impor/pegawai.csv",
        status="pratinjau",
        dibuat_oleh=o.admin,
    )


@pytest.fixture
def world(org: Org, other_org: Org, admin_nasional: User) -> dict[str, Any]:
    make_batch(org)
    make_batch(other_org)
    return {
        "A": org,
        "B": other_org,
        "users": {
            "anon": None,
            "pegawai": user_for(org.staf),
            "penilai": user_for(org.kasi),
            "admin": org.admin,
            "nasional": admin_nasional,
        },
    }


def client_as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def status_of(response: Any) -> int | str:
    """The status, or where a redirect goes: "login" (with ?next) or "home"."""
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("accounts:login") + "?next="):
        return TO_LOGIN
    return TO_HOME if location == reverse("home") else location


def snapshot_of_writes() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Instansi.objects.count(),
        User.objects.count(),
        RiwayatJabatan.objects.count(),
        Pegawai.objects.filter(atasan_override__isnull=False).count(),
        ImportBatch.objects.exclude(status="pratinjau").count(),
    )


# --- The matrix covers everything ---------------------------------------------------------------


# Namespaces whose objects need their own fixtures keep their own matrix, which checks its own
# coverage the same way: perencanaan -> tests/perencanaan/test_access.py.
OWN_MATRIX = (
    "perencanaan:",
    "pelaksanaan:",
    "penilaian:",
    "dokumen:",
    "verifikasi:",
    "angkakredit:",
    "tpp:",
    "laporan:",
    "pekerjaan:",
    "api-v1:",  # tests/api
    "api_token:",
    "integrasi:",  # tests/integrasi
    "siasn:",
    "ruanggtk:",
    "ekinerjabkn:",
    "oidc:",  # tests/accounts/test_oidc*.py
)


def test_matrix_covers_every_url():
    names = {n for n in url_names() if not n.startswith(OWN_MATRIX)}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_url_names_sees_namespaces():
    names = url_names()
    assert {"home", "healthz", "accounts:login", "org:pegawai_detail"} <= names


# --- GET for each role on the objects of their own instansi -------------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role_on_own_instansi(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    got = {}
    for role in ROLES:
        response = client_as(world["users"][role]).get(target)
        got[role] = status_of(response)
    expected = EXPECTED_GET[route.kind] if "GET" in route.methods else dict.fromkeys(ROLES, 405)
    assert got == expected, target


@pytest.mark.parametrize("name", GUARDED)
def test_anonymous_is_sent_to_login_with_next(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    before = snapshot_of_writes()
    for method in route.methods:
        data = route.data(world["A"]) if method == "POST" else None
        response = getattr(Client(), method.lower())(target, data)
        assert response.status_code == 302, (method, target)
        assert response["Location"] == f"{reverse('accounts:login')}?next={quote(target)}"
    assert snapshot_of_writes() == before


# --- POST by someone without the role -----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [n for n in ROUTES if "POST" in ROUTES[n].methods and ROUTES[n].kind in (ADMIN, NASIONAL)],
)
@pytest.mark.parametrize("role", ["pegawai", "penilai", "admin"])
def test_post_without_the_role_is_404_and_writes_nothing(world, name, role):
    route = ROUTES[name]
    if route.kind == ADMIN and role == "admin":
        return  # the admin may: covered by the flows in tests/org/test_views.py
    before = snapshot_of_writes()
    response = client_as(world["users"][role]).post(url(name, world["A"]), route.data(world["A"]))
    assert response.status_code == 404
    assert snapshot_of_writes() == before


# --- Cross-tenant: any object of instansi B is a 404 for users of A -----------------------------


@pytest.mark.parametrize("name", TENANT_ROUTES)
@pytest.mark.parametrize("role", ["pegawai", "penilai", "admin"])
def test_objects_of_another_instansi_are_404(world, name, role):
    route = ROUTES[name]
    target = url(name, world["B"])
    client = client_as(world["users"][role])
    before = snapshot_of_writes()
    for method in route.methods:
        data = route.data(world["B"]) if method == "POST" else None
        response = getattr(client, method.lower())(target, data)
        assert response.status_code == 404, (role, method, target)
    assert snapshot_of_writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_objects_are_404_too(world, name):
    """A pk that exists nowhere answers like one of another instansi: no existence oracle."""
    route = ROUTES[name]
    kwargs = {**route.static_kwargs, "pk": 999_999}
    for method in route.methods:
        response = getattr(client_as(world["A"].admin), method.lower())(
            reverse(name, kwargs=kwargs), route.data(world["A"])
        )
        assert response.status_code == 404


def test_admin_nasional_sees_any_instansi_pegawai_read_only(world, admin_nasional):
    client = client_as(admin_nasional)
    response = client.get(reverse("org:pegawai_detail", args=[world["B"].staf.pk]))
    assert response.status_code == 200
    assert b"Ubah atasan" not in response.content  # those forms are the Admin Instansi's


def test_admin_instansi_sees_the_admin_forms_on_the_detail(world):
    response = client_as(world["A"].admin).get(url("org:pegawai_detail", world["A"]))
    body = response.content.decode()
    assert "Ubah atasan" in body and "Tetapkan PLT/PLH" in body
    assert "Atur ulang kata sandi" in body  # the staf has an account in this world


def test_lists_show_only_own_instansi(world):
    client = client_as(world["A"].admin)
    for name in ["org:pegawai_list", "org:unor_tree", "org:import_index"]:
        body = client.get(reverse(name)).content.decode()
        assert " A" in body and not re.search(r"(Staf|Dinas|Seksi) B\b", body), name
    body = client.get(reverse("org:pegawai_list"), {"q": world["B"].staf.nip}).content.decode()
    assert "Tidak ada pegawai yang cocok" in body
    unit_page = client.get(reverse("org:unor_detail", args=[world["A"].seksi.pk])).content
    assert b"Staf A" in unit_page and b"Staf B" not in unit_page


# --- Who sees which pegawai detail --------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "target", "status"),
    [
        ("staf", "staf", 200),  # self
        ("staf", "kasi", 404),  # own atasan
        ("staf", "staf_bidang", 404),  # colleague
        ("kasi", "staf", 200),  # bawahan
        ("kasi", "staf_bidang", 404),  # not their bawahan
        ("kasi", "kepala", 404),  # atasan's atasan
        ("kabid", "staf", 404),  # bawahan of a bawahan is not a bawahan
        ("kabid", "kasi", 200),
        ("kepala", "kabid", 200),
    ],
)
def test_pegawai_detail_visibility(org, viewer, target, status):
    client = client_as(user_for(getattr(org, viewer)))
    response = client.get(reverse("org:pegawai_detail", args=[getattr(org, target).pk]))
    assert response.status_code == status
    if status == 200:
        assert b"Ubah atasan" not in response.content


def test_override_moves_the_right_to_see_a_detail(org):
    ubah_atasan(org.admin, org.staf, org.kepala, "Penugasan khusus")
    kasi, kepala = client_as(user_for(org.kasi)), client_as(user_for(org.kepala))
    target = reverse("org:pegawai_detail", args=[org.staf.pk])
    assert kasi.get(target).status_code == 404
    assert kepala.get(target).status_code == 200


# --- CSRF on the normal flows -------------------------------------------------------------------


def csrf_client(user: User, page: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    login(client, user)
    body = client.get(page).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token, "the page carries a CSRF token"
    return client, token.group(1)


@pytest.mark.parametrize(
    "name", ["org:pegawai_atasan", "org:pegawai_penugasan", "org:pegawai_akun"]
)
def test_pegawai_post_endpoints_need_the_csrf_token(world, name):
    org = world["A"]
    page = reverse("org:pegawai_detail", args=[org.staf.pk])
    client, token = csrf_client(org.admin, page)
    target, data = url(name, org), ROUTES[name].data(org)
    before = AuditEvent.objects.count()
    assert client.post(target, data).status_code == 403
    assert AuditEvent.objects.count() == before
    response = client.post(target, {**data, "csrfmiddlewaretoken": token})
    assert (response.status_code, response["Location"]) == (302, page)
    assert AuditEvent.objects.count() == before + 1


def test_instansi_registration_needs_the_csrf_token(world, admin_nasional):
    page = reverse("org:instansi_create")
    client, token = csrf_client(admin_nasional, page)
    data = ROUTES["org:instansi_create"].data(world["A"])
    assert client.post(page, data).status_code == 403
    assert not Instansi.objects.filter(kode="BARU").exists()
    response = client.post(page, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Instansi.objects.filter(kode="BARU").exists()


def test_logout_needs_the_csrf_token(org):
    client, token = csrf_client(user_for(org.staf), reverse("home"))
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.get(reverse("home")).status_code == 200  # still logged in
    client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert status_of(client.get(reverse("home"))) == TO_LOGIN


# --- The audit log ------------------------------------------------------------------------------


def test_audit_log_shows_only_own_instansi_events(world, admin_nasional):
    a, b = world["A"], world["B"]
    ubah_atasan(a.admin, a.staf, a.kepala, "Alasan di instansi A")
    ubah_atasan(b.admin, b.staf, b.kepala, "Alasan di instansi B")
    body = client_as(a.admin).get(reverse("audit_log")).content.decode()
    assert "Alasan di instansi A" in body and "pegawai.atasan_diubah" in body
    assert "Alasan di instansi B" not in body and "Staf B" not in body
    body = client_as(b.admin).get(reverse("audit_log")).content.decode()
    assert "Alasan di instansi B" in body and "Alasan di instansi A" not in body


def test_audit_log_search_stays_in_own_instansi(world):
    a, b = world["A"], world["B"]
    ubah_atasan(a.admin, a.staf, a.kepala, "x")
    ubah_atasan(b.admin, b.staf, b.kepala, "x")
    client = client_as(a.admin)
    body = client.get(reverse("audit_log"), {"q": "Staf"}).content.decode()
    assert "Staf A" in body and "Staf B" not in body
    body = client.get(reverse("audit_log"), {"q": "Staf B"}).content.decode()
    assert "Belum ada kejadian." in body
