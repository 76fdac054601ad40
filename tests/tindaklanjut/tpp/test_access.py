"""Access matrix of every `tpp:` URL. All TPP pages are the Admin Instansi's: pegawai (the
staf itself, their penilai, a colleague) get 404, as do the admin of another instansi on A's
objects and the Admin Nasional (no instansi); anonymous users go to the login page. A POST is
told WRITES (something stored) from REFUSED (answered, nothing stored).
test_matrix_covers_every_url fails when a tpp URL is not described here."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEvent, Pekerjaan
from kinerja.tindaklanjut.tpp import impor, services
from kinerja.tindaklanjut.tpp.models import Disiplin, ImporDisiplin, KonfigurasiTpp
from tests.conftest import Org, login, user_for
from tests.core.test_tenancy import url_names
from tests.tindaklanjut.tpp.conftest import konfig_data

ROLES = ["anon", "pegawai", "penilai", "rekan", "admin", "lain_admin", "nasional"]
TO_LOGIN, WRITES, REFUSED = "login", "writes", "refused"


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, **given}


@dataclass
class Stage:
    org: Org
    konfig: KonfigurasiTpp
    batch: ImporDisiplin


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    query: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


def form_konfig(**over: Any) -> dict[str, Any]:
    data = {
        "berlaku_mulai": "2031-01",
        "bobot_kinerja": "60",
        "bobot_disiplin": "40",
        "dasar_kinerja": "predikat",
        **{f"persen_{n}": v for n, v in enumerate(["100", "100", "75", "50", "25"])},
        "kelas_7": "3.000.000",
    }
    return {**data, **over}


def upload(s: Stage) -> dict[str, Any]:
    berkas = io.BytesIO(f"nip,persen_disiplin\n{s.org.staf.nip},90\n".encode())
    berkas.name = "absen.csv"
    return {"bulan": "2031-01", "berkas": berkas}


BOTH_ADMINS = outcomes(admin=200, lain_admin=200)
ROUTES: dict[str, Route] = {
    "tpp:konfigurasi": Route(("GET",), get=BOTH_ADMINS),
    "tpp:konfigurasi_baru": Route(
        ("GET", "POST"),
        get=BOTH_ADMINS,
        post=outcomes(admin=WRITES, lain_admin=WRITES),
        data=lambda s: form_konfig(),
    ),
    "tpp:konfigurasi_ubah": Route(
        ("GET", "POST"),
        lambda s: {"pk": s.konfig.pk},
        get=outcomes(admin=200),
        post=outcomes(admin=WRITES),
        data=lambda s: form_konfig(
            berlaku_mulai="2030-01", bobot_kinerja="70", bobot_disiplin="30"
        ),
    ),
    "tpp:disiplin": Route(
        ("GET", "POST"),
        get=BOTH_ADMINS,
        # B's admin gets a preview of B with "NIP not found": the batch is stored.
        post=outcomes(admin=WRITES, lain_admin=WRITES),
        data=upload,
    ),
    "tpp:disiplin_impor": Route(("GET",), lambda s: {"pk": s.batch.pk}, get=outcomes(admin=200)),
    "tpp:disiplin_terapkan": Route(
        ("POST",), lambda s: {"pk": s.batch.pk}, post=outcomes(admin=WRITES)
    ),
    "tpp:disiplin_batal": Route(
        ("POST",), lambda s: {"pk": s.batch.pk}, post=outcomes(admin=WRITES)
    ),
    "tpp:disiplin_templat": Route(("GET",), lambda s: {"fmt": "xlsx"}, get=BOTH_ADMINS),
    "tpp:rekap": Route(
        ("GET",),
        query=lambda s: {"bulan": "2030-01", "unit": s.org.bidang.pk},
        get=outcomes(admin=200),
    ),
    "tpp:rekap_ekspor": Route(
        ("POST",),
        post=outcomes(admin=WRITES),
        data=lambda s: {"bulan": "2030-01", "unit": s.org.bidang.pk, "format": "csv"},
    ),
}


def build(org: Org) -> Stage:
    konfig = services.buat_konfigurasi(
        org.admin,
        org.instansi.pk,
        **konfig_data(berlaku_mulai=dt.date(2030, 1, 1)),
    )
    data = f"nip,persen_disiplin\n{org.staf.nip},90\n".encode()
    batch = impor.pratinjau(org.admin, org.instansi.pk, 2030, 1, "a.csv", data)
    return Stage(org, konfig, batch)


@pytest.fixture
def world(org, other_org, admin_nasional):
    a = build(org)
    users = {
        "anon": None,
        "pegawai": user_for(org.staf),
        "penilai": user_for(org.kasi),
        "rekan": user_for(org.staf_bidang),
        "admin": org.admin,
        "lain_admin": other_org.admin,
        "nasional": admin_nasional,
    }
    return a, users


def stored() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        Pekerjaan.objects.count(),
        list(
            KonfigurasiTpp.objects.order_by("pk").values_list(
                "pk", "bobot_kinerja", "berlaku_mulai"
            )
        ),
        list(ImporDisiplin.objects.order_by("pk").values_list("pk", "status")),
        Disiplin.objects.count(),
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


def url(name: str, s: Stage, method: str = "GET") -> str:
    route = ROUTES[name]
    target = reverse(name, kwargs=route.kwargs(s) if route.kwargs else None)
    if method == "GET" and route.query:
        target += "?" + "&".join(f"{k}={v}" for k, v in route.query(s).items())
    return target


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("tpp:")}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    a, users = world
    got = {}
    for role in ROLES:
        before = stored()
        status = status_of(client_as(users[role]).get(url(name, a)))
        got[role] = status if stored() == before else f"{status} but stored something"
    expected = ROUTES[name].get if "GET" in ROUTES[name].methods else dict.fromkeys(ROLES, 405)
    assert got == expected


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if "POST" in r.methods))
def test_post_by_role(world, name):
    a, users = world
    route, got = ROUTES[name], {}
    for role in ROLES:
        with transaction.atomic():
            before = stored()
            status = status_of(client_as(users[role]).post(url(name, a, "POST"), route.data(a)))
            changed = stored() != before
            if status in (200, 302):
                got[role] = WRITES if changed else REFUSED
            else:
                got[role] = f"{status} but stored something" if changed else status
            transaction.set_rollback(True)
    assert got == route.post


def test_invalid_config_form_stores_nothing(world):
    _a, users = world
    client = client_as(users["admin"])
    before = stored()
    response = client.post(
        reverse("tpp:konfigurasi_baru"),
        form_konfig(bobot_disiplin="50", persen_2="120", kelas_3="-5", berlaku_mulai="2031-13"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and stored() == before
    for pesan in [
        "Jumlah bobot kinerja dan disiplin harus 100%; yang diisi 60 + 50 = 110%.",
        "Persentase Butuh Perbaikan (%) harus antara 0 dan 100.",
        "Besaran kelas 3 (Rp) tidak boleh negatif.",
        "Tulis bulan sebagai YYYY-MM, misalnya 2026-11.",
    ]:
        assert pesan in body, pesan
    response = client.post(reverse("tpp:konfigurasi_baru"), form_konfig(berlaku_mulai="2030-01"))
    assert "Sudah ada konfigurasi TPP yang berlaku mulai Januari 2030" in response.content.decode()
    assert stored() == before


def test_config_pages_show_the_versions(world):
    _a, users = world
    client = client_as(users["admin"])
    response = client.post(reverse("tpp:konfigurasi_baru"), form_konfig(persen_1="87,5"))
    assert response.status_code == 302
    baru = KonfigurasiTpp.objects.get(berlaku_mulai="2031-01-01")
    assert baru.persen_predikat["Baik"] == "87.5"
    assert baru.besaran.get(kelas_jabatan=7).jumlah == 3_000_000
    page = client.get(reverse("tpp:konfigurasi")).content.decode()
    assert "Konfigurasi TPP mulai Januari 2031" in page and "Rp3.000.000" in page
    form = client.get(reverse("tpp:konfigurasi_ubah", args=[baru.pk])).content.decode()
    assert 'value="87.5"' in form and 'value="2031-01"' in form


def test_other_instansi_unit_in_query_or_body_is_404(world, other_org):
    _a, users = world
    client = client_as(users["admin"])
    before = stored()
    assert client.get(reverse("tpp:rekap") + f"?unit={other_org.bidang.pk}").status_code == 404
    response = client.post(
        reverse("tpp:rekap_ekspor"),
        {"bulan": "2030-01", "unit": other_org.bidang.pk, "format": "csv"},
    )
    assert response.status_code == 404 and stored() == before
