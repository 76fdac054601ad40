"""Login with NIP + password at /akun/masuk/, lockout, logout and the `next` redirect."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from tests.conftest import PASSWORD, user_for

LOGIN_URL = "/akun/masuk/"
WRONG = "NIP atau kata sandi salah."


@pytest.fixture
def user(org) -> User:
    return user_for(org.staf)


def attempt(client: Client, nip: str, password: str, next_url: str = ""):
    target = f"{LOGIN_URL}?next={next_url}" if next_url else LOGIN_URL
    return client.post(target, {"nip": nip, "password": password})


def logged_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_login_url_and_fields(client, db):
    assert reverse("accounts:login") == LOGIN_URL
    body = client.get(LOGIN_URL).content.decode()
    assert 'name="nip"' in body and 'name="password"' in body and 'type="password"' in body
    assert "csrfmiddlewaretoken" in body


def test_login_with_nip_and_password(client, user):
    response = attempt(client, user.nip, PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert logged_in(client)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_nip_typed_with_spaces_is_accepted(client, user):
    nip = user.nip
    response = attempt(client, f" {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]} ", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("case", ["wrong_password", "unknown_nip", "inactive", "empty_password"])
def test_wrong_credentials_give_one_message(client, user, case):
    nip, password = user.nip, PASSWORD
    if case == "wrong_password":
        password = "salah-sekali"
    elif case == "unknown_nip":
        nip = "198503122010011003"
    elif case == "inactive":
        User.objects.filter(pk=user.pk).update(is_active=False)
    response = attempt(client, nip, "" if case == "empty_password" else password)
    assert response.status_code == 200
    body = response.content.decode()
    if case == "empty_password":
        assert "Bidang ini tidak boleh kosong." in body
    else:
        assert WRONG in body
    assert not logged_in(client)


def test_a_failure_is_counted_and_a_success_resets_the_count(client, user):
    attempt(client, user.nip, "salah")
    attempt(client, user.nip, "salah")
    assert reload(user).failed_logins == 2
    attempt(client, user.nip, PASSWORD)
    assert reload(user).failed_logins == 0


def lock_out(client: Client, user: User) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert WRONG in attempt(client, user.nip, "salah").content.decode()


def test_lockout_after_max_failures_even_with_the_right_password(client, user):
    lock_out(client, user)
    locked = reload(user)
    assert locked.is_locked() and locked.failed_logins == 0
    expected_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    assert abs((locked.locked_until - expected_until).total_seconds()) < 60
    body = attempt(client, user.nip, PASSWORD).content.decode()
    until = timezone.localtime(locked.locked_until).strftime("%H:%M")
    assert "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal." in body
    assert f"Coba lagi setelah pukul {until} WIB" in body
    assert not logged_in(client)


def test_lockout_follows_the_setting(client, user, settings):
    settings.LOGIN_MAX_FAILURES = 2
    attempt(client, user.nip, "salah")
    assert not reload(user).is_locked()
    attempt(client, user.nip, "salah")
    assert reload(user).is_locked()


def test_lockout_time_is_in_the_instansi_time_zone(client, user, org):
    org.instansi.zona_waktu = "Asia/Makassar"
    org.instansi.save()
    lock_out(client, user)
    locked_until = reload(user).locked_until
    wita = timezone.localtime(locked_until, dt.timezone(dt.timedelta(hours=8)))
    assert f"pukul {wita:%H:%M} WITA" in attempt(client, user.nip, PASSWORD).content.decode()


def test_lockout_is_audited_once(client, user, org):
    lock_out(client, user)
    attempt(client, user.nip, PASSWORD)  # refused while locked: no second event
    event = AuditEvent.objects.get(action="akun.dikunci")
    assert event.actor is None  # the system did it
    assert event.instansi == org.instansi
    assert event.object_id == str(user.pk)
    assert event.reason == f"{settings.LOGIN_MAX_FAILURES} kali gagal masuk"
    assert event.after == {"locked_until": reload(user).locked_until.isoformat()}


def test_unlock_after_the_window(client, user):
    lock_out(client, user)
    # Time passes: move the lock into the past instead of sleeping.
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert not reload(user).is_locked()
    assert attempt(client, user.nip, PASSWORD).status_code == 302
    assert reload(user).locked_until is None
    assert logged_in(client)


def test_after_the_window_the_count_starts_again(client, user):
    lock_out(client, user)
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    attempt(client, user.nip, "salah")
    assert not reload(user).is_locked()


def test_failures_of_one_account_do_not_lock_another(client, user, org):
    other = user_for(org.kasi)
    lock_out(client, user)
    assert attempt(client, other.nip, PASSWORD).status_code == 302


def test_authenticated_user_visiting_login_goes_home(client, user):
    attempt(client, user.nip, PASSWORD)
    response = client.get(LOGIN_URL)
    assert (response.status_code, response["Location"]) == (302, reverse("home"))


def test_login_form_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    assert attempt(client, user.nip, PASSWORD).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(LOGIN_URL).text)
    assert token
    response = client.post(
        LOGIN_URL, {"nip": user.nip, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 302


# --- next -------------------------------------------------------------------------------------


def test_anonymous_page_visit_comes_back_after_login(client, user):
    target = reverse("org:pegawai_detail", args=[user.pegawai_id])
    response = client.get(target)
    assert response["Location"] == f"{LOGIN_URL}?next={target}"
    response = attempt(client, user.nip, PASSWORD, next_url=target)
    assert response["Location"] == target


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "https:///evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "ftp://testserver/",
    ],
)
def test_next_never_leaves_the_site(client, user, evil):
    response = attempt(client, user.nip, PASSWORD, next_url=evil)
    assert (response.status_code, response["Location"]) == (302, reverse("home"))


def test_next_on_https_must_stay_https(user):
    client = Client()
    response = client.post(
        f"{LOGIN_URL}?next=http://testserver/org/pegawai/",
        {"nip": user.nip, "password": PASSWORD},
        secure=True,
    )
    assert response["Location"] == reverse("home")


# --- logout -----------------------------------------------------------------------------------


def test_logout_is_post_only(client, user):
    attempt(client, user.nip, PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in(client)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "Anda telah keluar." in response.content.decode()
    assert not logged_in(client)


def test_base_page_offers_logout_as_a_form(client, user):
    attempt(client, user.nip, PASSWORD)
    body = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in body


def test_times_are_shown_in_the_instansi_zone(client, org):
    """A WITA instansi sees its audit log in WITA (UTC+8), not the server's WIB."""
    org.instansi.zona_waktu = "Asia/Makassar"
    org.instansi.save()
    org.admin.set_password("rahasia-Uji-123")
    org.admin.save()
    event = AuditEvent.objects.create(instansi=org.instansi, action="uji.zona", object_type="x")
    AuditEvent.objects.filter(pk=event.pk).update(
        created_at=dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.UTC)
    )
    client.post(LOGIN_URL, {"nip": org.admin.nip, "password": "rahasia-Uji-123"})
    body = client.get("/audit/").content.decode()
    assert "05-01-2026 09:30" in body
