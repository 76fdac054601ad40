"""The one-time link with which a new account sets its own password (no password by e-mail):
valid once, within PASSWORD_RESET_TIMEOUT, for the account it names only."""

import datetime as dt

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kinerja.accounts import services
from kinerja.accounts.models import User
from kinerja.accounts.views import SESI_TOKEN
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from tests.conftest import PASSWORD, login, user_for

NEW = "Kinerja-Baru-2025!"
TIDAK_BERLAKU = "Tautan tidak berlaku lagi"
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def akun(org) -> User:
    """A new account holding a temporary password, locked out after failed logins."""
    user = user_for(org.staf)
    user.must_change_password = True
    user.email = "staf@kota-a.go.id"
    user.failed_logins = 3
    user.save()
    return user


def uid(user_or_pk: User | int) -> str:
    pk = user_or_pk.pk if isinstance(user_or_pk, User) else user_or_pk
    return urlsafe_base64_encode(force_bytes(pk))


def link(user: User, token: str | None = None) -> str:
    token = token or default_token_generator.make_token(user)
    return reverse("accounts:atur_sandi", kwargs={"uidb64": uid(user), "token": token})


def form_url(user: User) -> str:
    return reverse("accounts:atur_sandi", kwargs={"uidb64": uid(user), "token": "atur"})


def post(client: Client, user: User, new: str = NEW, new2: str | None = None):
    data = {"new_password": new, "new_password2": new if new2 is None else new2}
    return client.post(form_url(user), data)


def open_link(client: Client, user: User, url: str | None = None) -> None:
    response = client.get(url or link(user))
    assert (response.status_code, response["Location"]) == (302, form_url(user))


def reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


def refused(response) -> bool:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    return response.status_code == 200 and TIDAK_BERLAKU in body and "new_password" not in body


# --- The link works once ------------------------------------------------------------------------


def test_valid_link_sets_the_password_then_login_works(client, akun):
    url = link(akun)
    open_link(client, akun, url)
    # The token left the address: it waits in the session, the form posts to ".../atur/".
    assert client.session[SESI_TOKEN] in url and "atur" in form_url(akun)
    page = client.get(form_url(akun))
    body = page.content.decode()
    assert page.status_code == 200 and "Atur kata sandi" in body and akun.nip in body
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]

    response = post(client, akun)
    assert (response.status_code, response["Location"]) == (302, LOGIN_URL)
    login_page = client.get(LOGIN_URL).content.decode()
    assert "Kata sandi tersimpan. Silakan masuk dengan NIP dan kata sandi baru Anda." in login_page
    assert SESI_TOKEN not in client.session

    fresh = reload(akun)
    assert fresh.check_password(NEW) and not fresh.check_password(PASSWORD)
    assert (fresh.must_change_password, fresh.failed_logins, fresh.locked_until) == (False, 0, None)
    event = AuditEvent.objects.get(action="akun.sandi_diatur")
    assert (event.actor, event.object_id, event.instansi) == (akun, str(akun.pk), akun.instansi)
    assert event.before == {"must_change_password": True, "failed_logins": 3, "locked_until": None}
    assert event.after == {"must_change_password": False, "failed_logins": 0, "locked_until": None}
    assert NEW not in str(event.before) + str(event.after) + event.reason

    # The new password logs in, and nothing asks for another change.
    response = client.post(LOGIN_URL, {"nip": akun.nip, "password": NEW})
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert client.get(reverse("home")).status_code == 200


def test_a_used_link_is_refused(client, akun):
    url = link(akun)
    open_link(client, akun, url)
    assert post(client, akun)["Location"] == LOGIN_URL
    assert refused(client.get(url))
    assert refused(Client().get(url))
    # Even with the token put back in a session: the password it was made for is gone.
    other = Client()
    session = other.session
    session[SESI_TOKEN] = url.rstrip("/").rsplit("/", 1)[1]
    session.save()
    assert refused(post(other, akun, "Lain-Lagi-2025!"))
    assert reload(akun).check_password(NEW)
    assert AuditEvent.objects.filter(action="akun.sandi_diatur").count() == 1


def test_a_link_dies_when_the_temporary_password_is_used_to_log_in(client, akun):
    url = link(akun)
    response = Client().post(LOGIN_URL, {"nip": akun.nip, "password": PASSWORD})
    assert response.status_code == 302  # last_login changed: the link is spent
    assert refused(client.get(url))


def test_the_service_refuses_a_second_use_of_the_same_token(akun):
    token = default_token_generator.make_token(akun)
    services.atur_sandi(akun, token, NEW)
    with pytest.raises(DomainError, match=TIDAK_BERLAKU):
        services.atur_sandi(akun, token, "Lain-Lagi-2025!")
    assert reload(akun).check_password(NEW)


# --- Links that were never valid ----------------------------------------------------------------


@pytest.mark.parametrize(
    "case", ["tampered", "other_user", "unknown_uid", "garbled_uid", "inactive", "no_session"]
)
def test_invalid_links_are_refused_and_change_nothing(client, akun, org, case):
    other = user_for(org.kasi)
    token = default_token_generator.make_token(akun)
    if case == "tampered":
        url = link(akun, token[:-1] + ("a" if token[-1] != "a" else "b"))
    elif case == "other_user":  # a valid token, but for another account
        url = reverse("accounts:atur_sandi", kwargs={"uidb64": uid(other), "token": token})
    elif case == "unknown_uid":
        url = reverse("accounts:atur_sandi", kwargs={"uidb64": uid(999_999), "token": token})
    elif case == "garbled_uid":
        url = reverse("accounts:atur_sandi", kwargs={"uidb64": "!!zz", "token": token})
    elif case == "inactive":
        User.objects.filter(pk=akun.pk).update(is_active=False)
        url = link(akun, token)
    else:  # the form's address without having opened a valid link first
        url = form_url(akun)
    response = client.get(url)
    assert refused(response), case
    assert "Minta Admin Instansi atau Admin Nasional mengatur ulang kata sandi Anda." in (
        response.content.decode()
    )
    assert refused(client.post(url, {"new_password": NEW, "new_password2": NEW}))
    assert reload(akun).check_password(PASSWORD) and reload(akun).must_change_password
    assert not AuditEvent.objects.exists()


def test_the_session_token_serves_only_the_account_of_its_link(client, akun, org):
    other = user_for(org.kasi)
    open_link(client, akun)
    assert refused(client.get(form_url(other)))
    assert refused(post(client, other))
    assert reload(other).check_password(PASSWORD)


# --- Expiry --------------------------------------------------------------------------------------


def made_ago(monkeypatch, user: User, ago: dt.timedelta) -> str:  # type: ignore[no-untyped-def]
    then = dt.datetime.now() - ago
    with monkeypatch.context() as m:
        m.setattr(default_token_generator, "_now", lambda: then)
        return default_token_generator.make_token(user)


def test_links_expire_after_three_days(client, akun, monkeypatch, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3 * 24 * 3600
    assert services.masa_berlaku_tautan() == "3 hari"
    still = made_ago(monkeypatch, akun, dt.timedelta(days=3) - dt.timedelta(minutes=5))
    open_link(client, akun, link(akun, still))
    expired = made_ago(monkeypatch, akun, dt.timedelta(days=3, minutes=5))
    assert refused(Client().get(link(akun, expired)))


def test_an_opened_link_that_expires_meanwhile_is_refused_at_submission(client, akun, settings):
    open_link(client, akun)
    settings.PASSWORD_RESET_TIMEOUT = -1  # the form stayed open past the deadline
    assert refused(post(client, akun))
    assert reload(akun).check_password(PASSWORD)


def test_expiry_in_words(settings):
    settings.PASSWORD_RESET_TIMEOUT = 12 * 3600
    assert services.masa_berlaku_tautan() == "12 jam"
    settings.PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
    assert services.masa_berlaku_tautan() == "7 hari"


def test_the_link_is_absolute(akun, settings):
    settings.KINERJA_SITE_URL = "https://kinerja.example.go.id/"
    url = services.tautan_atur_sandi(akun)
    prefix = f"https://kinerja.example.go.id/akun/atur-sandi/{uid(akun)}/"
    assert url.startswith(prefix) and url.endswith("/")
    token = url.removeprefix(prefix).rstrip("/")
    assert default_token_generator.check_token(akun, token)


# --- Password rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "new2", "message"),
    [
        (NEW, NEW + "x", "Kedua isian kata sandi baru tidak sama."),
        ("Ab1-x", None, "Kata sandi terlalu pendek. Harus mengandung setidaknya 8"),
        ("password123", None, "Kata sandi ini terlalu umum."),
        ("9081726354", None, "Kata sandi ini seluruhnya terdiri dari angka."),
        ("nip", None, "Kata sandi terlalu mirip dengan NIP."),
        ("nama", None, "Kata sandi terlalu mirip dengan nama."),
        ("", None, "Bidang ini tidak boleh kosong."),
    ],
)
def test_password_rules_say_why_in_indonesian(client, akun, new, new2, message):
    if new == "nip":
        new = f"{akun.nip}a"
    elif new == "nama":
        new = f"{akun.nama}2025"
    open_link(client, akun)
    response = post(client, akun, new, new2)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and 'name="new_password"' in body
    assert reload(akun).check_password(PASSWORD) and reload(akun).must_change_password
    assert not AuditEvent.objects.exists()
    # The link is still good for a valid password.
    assert post(client, akun)["Location"] == LOGIN_URL


# --- Someone already logged in on this browser -------------------------------------------------


def test_a_user_held_on_the_change_page_may_still_use_the_link(client, akun):
    login(client, akun)  # with the temporary password: every other page sends to the change
    assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")
    open_link(client, akun, link(reload(akun)))  # a link made after that login
    assert client.get(form_url(akun)).status_code == 200
    assert post(client, akun)["Location"] == LOGIN_URL
    # The session is gone: the next page asks for a login, not for a password change.
    assert client.get(reverse("home"))["Location"].startswith(LOGIN_URL + "?next=")


def test_the_form_page_query_count(client, akun, django_assert_num_queries):
    open_link(client, akun)
    # session, the account by uid; nothing else (the layout asks nothing for an anonymous user)
    with django_assert_num_queries(2):
        assert client.get(form_url(akun)).status_code == 200
