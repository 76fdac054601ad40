"""API tokens: creation (shown once, only the hash kept), revocation, expiry, the last-used
throttle, and the access matrix of the token screens (api_token:*). The screens are the Admin
Instansi's: pegawai, another instansi's admin (on A's token) and the Admin Nasional get 404;
anonymous users go to the login page."""

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.api import services
from kinerja.api.auth import SEGARKAN_SETIAP
from kinerja.api.models import Cakupan, TokenApi
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from tests.api.conftest import api_get, problem
from tests.conftest import Org, login, user_for
from tests.core.test_tenancy import url_names

pytestmark = pytest.mark.django_db


def test_token_string_hash_and_audit(org: Org) -> None:
    row, token = services.buat_token(org.admin, org.instansi.pk, "Gaji", [Cakupan.BACA_TPP])
    prefix, awalan, rahasia = token.split("_", 2)
    assert prefix == "knj" and awalan == row.awalan and len(awalan) == 8
    assert len(rahasia) >= 43  # 32 random bytes, base64url
    assert row.hash == services.hash_token(token) and rahasia not in row.hash
    assert not TokenApi.objects.filter(hash__contains=rahasia).exists()
    event = AuditEvent.objects.get(action="api.token_dibuat")
    assert event.actor == org.admin and event.instansi == org.instansi
    assert event.after["cakupan"] == ["baca:tpp"] and rahasia not in str(event.after)


def test_token_rules(org: Org, other_org: Org) -> None:
    with pytest.raises(DomainError, match="cakupan"):
        services.buat_token(org.admin, org.instansi.pk, "X", [])
    with pytest.raises(DomainError, match="cakupan"):
        services.buat_token(org.admin, org.instansi.pk, "X", ["tulis:semua"])
    with pytest.raises(DomainError, match="Nama"):
        services.buat_token(org.admin, org.instansi.pk, " ", [Cakupan.BACA_ORG])
    with pytest.raises(DomainError, match="masa depan"):
        services.buat_token(org.admin, org.instansi.pk, "X", [Cakupan.BACA_ORG], timezone.now())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.buat_token(other_org.admin, org.instansi.pk, "X", [Cakupan.BACA_ORG])
    with pytest.raises(PermissionDenied):
        services.buat_token(user_for(org.staf), org.instansi.pk, "X", [Cakupan.BACA_ORG])
    assert not TokenApi.objects.exists()


def test_revoke(client: Client, org: Org) -> None:
    row, token = services.buat_token(org.admin, org.instansi.pk, "Gaji", [Cakupan.BACA_ORG])
    assert api_get(client, "/unor", token).status_code == 200
    services.cabut_token(org.admin, row, "Vendor diganti")
    problem(api_get(client, "/unor", token), 401, "token_revoked")
    event = AuditEvent.objects.get(action="api.token_dicabut")
    assert event.reason == "Vendor diganti" and event.object_id == str(row.pk)
    with pytest.raises(DomainError):
        services.cabut_token(org.admin, row)


def test_expiry(client: Client, org: Org) -> None:
    besok = timezone.now() + dt.timedelta(days=1)
    row, token = services.buat_token(org.admin, org.instansi.pk, "X", [Cakupan.BACA_ORG], besok)
    assert api_get(client, "/unor", token).status_code == 200
    TokenApi.objects.filter(pk=row.pk).update(kedaluwarsa_at=timezone.now())
    p = problem(api_get(client, "/unor", token), 401, "invalid_token")
    assert "kedaluwarsa" in p["detail"]


def test_last_used_written_at_most_every_5_minutes(
    client: Client, org: Org, django_assert_num_queries: Any
) -> None:
    row, token = services.buat_token(org.admin, org.instansi.pk, "X", [Cakupan.BACA_ORG])
    assert row.terakhir_dipakai_at is None
    with django_assert_num_queries(3):  # token, UPDATE last used, page
        api_get(client, "/unor", token)
    row.refresh_from_db()
    first = row.terakhir_dipakai_at
    assert first is not None
    with django_assert_num_queries(2):  # a read stays a read
        api_get(client, "/unor", token)
    row.refresh_from_db()
    assert row.terakhir_dipakai_at == first
    lama = timezone.now() - SEGARKAN_SETIAP - dt.timedelta(seconds=1)
    TokenApi.objects.filter(pk=row.pk).update(terakhir_dipakai_at=lama)
    api_get(client, "/unor", token)
    row.refresh_from_db()
    assert row.terakhir_dipakai_at > lama + dt.timedelta(seconds=1)


def test_conditional_update_writes_once() -> None:
    from kinerja.api.auth import catat_dipakai

    now = timezone.now()
    assert catat_dipakai(0, now) == 0  # no such row: nothing written, nothing raised


def test_concurrent_stale_readers_update_once(org: Org) -> None:
    from kinerja.api.auth import catat_dipakai

    row, _ = services.buat_token(org.admin, org.instansi.pk, "X", [Cakupan.BACA_ORG])
    now = timezone.now()
    # two requests both saw a stale row; only the first UPDATE matches
    assert catat_dipakai(row.pk, now) == 1
    assert catat_dipakai(row.pk, now + dt.timedelta(seconds=1)) == 0


# --- Screens ---------------------------------------------------------------------------------


def test_create_screen_shows_token_once(client: Client, org: Org) -> None:
    login(client, org.admin)
    r = client.post(
        reverse("api_token:baru"),
        {"nama": "Aplikasi gaji", "cakupan": ["baca:tpp", "tulis:disiplin"]},
    )
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    token = r.context["teks"]
    assert token.startswith("knj_") and token in r.content.decode()
    assert api_get(Client(), "/tpp/rekap", token, tahun=2026, bulan=1).status_code == 200
    daftar = client.get(reverse("api_token:daftar")).content.decode()
    row = TokenApi.objects.get()
    assert f"knj_{row.awalan}_" in daftar and token not in daftar
    assert "baca:tpp" in daftar and "belum pernah" not in daftar  # used once above
    assert row.cakupan == ["baca:tpp", "tulis:disiplin"]


def test_create_screen_errors(client: Client, org: Org) -> None:
    login(client, org.admin)
    r = client.post(reverse("api_token:baru"), {"nama": "", "cakupan": []})
    assert r.status_code == 200 and not TokenApi.objects.exists()
    html = r.content.decode()
    assert "Nama token wajib diisi." in html and "Pilih paling sedikit satu cakupan." in html
    r = client.post(
        reverse("api_token:baru"),
        {"nama": "X", "cakupan": ["baca:org"], "kedaluwarsa": "2000-01-01"},
    )
    assert "Tanggal harus setelah hari ini." in r.content.decode()
    besok = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    client.post(
        reverse("api_token:baru"), {"nama": "X", "cakupan": ["baca:org"], "kedaluwarsa": besok}
    )
    token = TokenApi.objects.get()
    assert timezone.localtime(token.kedaluwarsa_at).date().isoformat() == besok


def test_revoke_screen(client: Client, org: Org) -> None:
    row, _ = services.buat_token(org.admin, org.instansi.pk, "Gaji", [Cakupan.BACA_ORG])
    login(client, org.admin)
    page = client.get(reverse("api_token:cabut", args=[row.pk]))
    assert "tidak dapat dibatalkan" in page.content.decode()
    row.refresh_from_db()
    assert row.dicabut_at is None  # GET is the confirmation only
    r = client.post(reverse("api_token:cabut", args=[row.pk]), {"alasan": "Bocor"})
    assert r.status_code == 302 and r["Location"] == reverse("api_token:daftar")
    row.refresh_from_db()
    assert row.dicabut_at is not None and row.dicabut_oleh == org.admin
    daftar = client.get(reverse("api_token:daftar")).content.decode()
    assert "Dicabut" in daftar
    again = client.post(reverse("api_token:cabut", args=[row.pk]))
    assert "sudah dicabut" in again.content.decode()


# --- Access matrix ---------------------------------------------------------------------------

ROLES = ["anon", "pegawai", "penilai", "admin", "lain_admin", "nasional"]
TO_LOGIN, WRITES = "login", "writes"


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, 404), "anon": TO_LOGIN, **given}


ROUTES: dict[str, dict[str, Any]] = {
    "api_token:daftar": {"get": outcomes(admin=200, lain_admin=200), "post": None},
    "api_token:baru": {
        "get": outcomes(admin=200, lain_admin=200),
        "post": outcomes(admin=WRITES, lain_admin=WRITES),  # each in their own instansi
    },
    "api_token:cabut": {"get": outcomes(admin=200), "post": outcomes(admin=WRITES)},
}


@pytest.fixture
def world(org: Org, other_org: Org, admin_nasional: Any) -> tuple[TokenApi, dict[str, Any]]:
    row, _ = services.buat_token(org.admin, org.instansi.pk, "A", [Cakupan.BACA_ORG])
    users = {
        "anon": None,
        "pegawai": user_for(org.staf),
        "penilai": user_for(org.kasi),
        "admin": org.admin,
        "lain_admin": other_org.admin,
        "nasional": admin_nasional,
    }
    return row, users


def _url(name: str, row: TokenApi) -> str:
    return reverse(name, args=[row.pk] if name == "api_token:cabut" else None)


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def _status(r: Any) -> Any:
    if r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")):
        return TO_LOGIN
    return r.status_code


def _stored() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        list(TokenApi.objects.order_by("pk").values_list("pk", "dicabut_at")),
    )


def test_matrix_covers_every_url() -> None:
    names = {n for n in url_names() if n.startswith("api_token:")}
    assert names == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world: Any, name: str) -> None:
    row, users = world
    got = {}
    for role in ROLES:
        before = _stored()
        status = _status(_client(users[role]).get(_url(name, row)))
        got[role] = status if _stored() == before else f"{status} but stored something"
    assert got == ROUTES[name]["get"]


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r["post"]))
def test_post_by_role(world: Any, name: str) -> None:
    row, users = world
    got = {}
    data = {"nama": "Baru", "cakupan": ["baca:org"]}
    for role in ROLES:
        with transaction.atomic():
            before = _stored()
            r = _client(users[role]).post(_url(name, row), data)
            status = _status(r)
            got[role] = WRITES if _stored() != before else status
            transaction.set_rollback(True)
    assert got == ROUTES[name]["post"]


def test_list_shows_own_instansi_only(client: Client, org: Org, other_org: Org) -> None:
    services.buat_token(org.admin, org.instansi.pk, "Token A", [Cakupan.BACA_ORG])
    services.buat_token(other_org.admin, other_org.instansi.pk, "Token B", [Cakupan.BACA_ORG])
    login(client, org.admin)
    html = client.get(reverse("api_token:daftar")).content.decode()
    assert "Token A" in html and "Token B" not in html
