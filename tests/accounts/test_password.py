"""Changing a password, the forced change of a temporary one, and resets by an admin."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts import services
from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from tests.conftest import PASSWORD, login, user_for

CHANGE_URL = reverse("accounts:password_change")
NEW = "Kinerja-Baru-2025!"


@pytest.fixture
def user(org) -> User:
    return user_for(org.staf)


def change(client: Client, old: str, new: str, new2: str | None = None):
    return client.post(
        CHANGE_URL,
        {"old_password": old, "new_password": new, "new_password2": new if new2 is None else new2},
    )


def reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- Changing one's own password ----------------------------------------------------------------


def test_change_page_needs_a_login(client, db):
    response = client.get(CHANGE_URL)
    assert response["Location"] == f"{reverse('accounts:login')}?next={CHANGE_URL}"


def test_change_password(client, user):
    login(client, user)
    response = change(client, PASSWORD, NEW)
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert reload(user).check_password(NEW)
    # The session survives the change (no surprise logout).
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200 and "Kata sandi berhasil diganti." in home.content.decode()
    event = AuditEvent.objects.get(action="akun.password_diganti")
    assert (event.actor, event.object_id) == (user, str(user.pk))
    assert NEW not in str(event.before) + str(event.after) + event.reason
    # And the new password logs in.
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"nip": user.nip, "password": NEW})
    assert fresh.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "new2", "message"),
    [
        ("salah", NEW, None, "Kata sandi lama salah."),
        (PASSWORD, NEW, NEW + "x", "Kedua isian kata sandi baru tidak sama."),
        (PASSWORD, "Ab1-x", None, "Kata sandi terlalu pendek. Harus mengandung setidaknya 8"),
        (PASSWORD, "password123", None, "Kata sandi ini terlalu umum."),
        (PASSWORD, "9081726354", None, "Kata sandi ini seluruhnya terdiri dari angka."),
        (PASSWORD, "nip", None, "Kata sandi terlalu mirip dengan NIP."),
        (PASSWORD, "nama", None, "Kata sandi terlalu mirip dengan nama."),
        (PASSWORD, "", None, "Bidang ini tidak boleh kosong."),
    ],
)
def test_refused_changes_say_why_in_indonesian(client, user, old, new, new2, message):
    if new == "nip":
        new = f"{user.nip}a"
    elif new == "nama":
        new = f"{user.nama}2025"
    login(client, user)
    response = change(client, old, new, new2)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert reload(user).check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


# --- must_change_password -----------------------------------------------------------------------


@pytest.fixture
def temporary(user) -> User:
    user.must_change_password = True
    user.save()
    return user


def test_temporary_password_forces_the_change_page_first(client, temporary, org):
    login(client, temporary)
    for page in [
        reverse("home"),
        reverse("org:pegawai_detail", args=[org.staf.pk]),
        reverse("org:pegawai_list"),
        "/tidak-ada/",
    ]:
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, CHANGE_URL), page
    page = client.get(CHANGE_URL)
    assert page.status_code == 200
    assert "Anda masuk dengan kata sandi sementara." in page.content.decode()


def test_fragments_the_change_page_loads_get_nothing_not_the_page(client, temporary):
    """The bell of the change page asks for its badge by htmx: a redirect would paste the whole
    page into the bell, whose own bell would load it again, without end."""
    login(client, temporary)
    response = client.get(reverse("notifikasi:badge"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response.content == b""
    assert client.get(reverse("notifikasi:badge"))["Location"] == CHANGE_URL


def test_temporary_password_user_can_log_out(client, temporary):
    login(client, temporary)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")


def test_after_the_change_everything_opens(client, temporary):
    login(client, temporary)
    assert change(client, PASSWORD, NEW)["Location"] == reverse("home")
    assert not reload(temporary).must_change_password
    event = AuditEvent.objects.get(action="akun.password_diganti")
    assert (event.before, event.after) == (
        {"must_change_password": True},
        {"must_change_password": False},
    )
    assert client.get(reverse("home")).status_code == 200


def test_login_with_a_temporary_password_lands_on_the_change_page(client, temporary):
    response = client.post(
        reverse("accounts:login"), {"nip": temporary.nip, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (CHANGE_URL, 302)


# --- Reset by an admin --------------------------------------------------------------------------


def reset_via_ui(client: Client, pegawai_pk: int) -> str:
    response = client.post(reverse("org:pegawai_akun", args=[pegawai_pk]), follow=True)
    found = re.search(r"Kata sandi sementara untuk \d+: (\S+) —", response.content.decode())
    assert found, "the temporary password is shown"
    return found.group(1)


def test_admin_reset_gives_a_temporary_password_once_and_unlocks(client, user, org):
    locked_until = timezone.now() + timezone.timedelta(minutes=10)
    User.objects.filter(pk=user.pk).update(locked_until=locked_until, failed_logins=3)
    login(client, org.admin)
    temporary = reset_via_ui(client, org.staf.pk)
    reset = reload(user)
    assert reset.check_password(temporary) and not reset.check_password(PASSWORD)
    assert reset.must_change_password
    assert (reset.locked_until, reset.failed_logins) == (None, 0)
    event = AuditEvent.objects.get(action="akun.password_direset")
    assert (event.actor, event.instansi, event.object_id) == (org.admin, org.instansi, str(user.pk))
    assert event.before == {
        "must_change_password": False,
        "failed_logins": 3,
        "locked_until": locked_until.isoformat(),
    }
    assert event.after == {"must_change_password": True, "failed_logins": 0, "locked_until": None}
    assert temporary not in str(event.after) + event.reason
    # Shown once: the next visit of the page no longer carries it.
    again = client.get(reverse("org:pegawai_detail", args=[org.staf.pk])).content.decode()
    assert temporary not in again
    # The pegawai logs in with it and must change it first.
    pegawai = Client()
    response = pegawai.post(
        reverse("accounts:login"), {"nip": user.nip, "password": temporary}, follow=True
    )
    assert response.redirect_chain[-1] == (CHANGE_URL, 302)


def test_each_reset_gives_a_different_password(client, user, org):
    login(client, org.admin)
    assert reset_via_ui(client, org.staf.pk) != reset_via_ui(client, org.staf.pk)


def test_admin_of_another_instansi_cannot_reset(client, user, org, other_org):
    login(client, other_org.admin)
    response = client.post(reverse("org:pegawai_akun", args=[org.staf.pk]))
    assert response.status_code == 404
    assert reload(user).check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_reset_service_permissions(user, org, other_org, admin_nasional):
    with pytest.raises(PermissionDenied):
        services.reset_password(other_org.admin, user)
    with pytest.raises(PermissionDenied):
        services.reset_password(user_for(org.kasi), user)
    with pytest.raises(DomainError) as exc:
        services.reset_password(org.admin, admin_nasional)
    assert str(exc.value) == "Akun Admin Nasional tidak dapat diatur ulang dari sini."
    assert reload(user).check_password(PASSWORD)
    # The Admin Nasional may reset an account of any instansi.
    temporary = services.reset_password(admin_nasional, user)
    assert reload(user).check_password(temporary)


def test_create_account_service_refuses_a_second_account(user, org):
    with pytest.raises(DomainError) as exc:
        services.buat_akun_pegawai(org.admin, org.staf)
    assert str(exc.value) == f"NIP {org.staf.nip} sudah memiliki akun."
    with pytest.raises(PermissionDenied):
        services.buat_akun_pegawai(user, org.kasi)
