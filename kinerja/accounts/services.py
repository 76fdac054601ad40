"""Account writes: login attempts and lockout, password changes and admin resets, and the
one-time link with which a new account sets its own password."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.links import absolute_url
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import ZonaWaktu
from kinerja.org.nip import normalize_nip
from kinerja.org.services import temporary_password

WRONG_CREDENTIALS = "NIP atau kata sandi salah."

TAUTAN_TIDAK_BERLAKU = (
    "Tautan tidak berlaku lagi: sudah dipakai, kedaluwarsa, atau tidak lengkap. Minta Admin "
    "Instansi atau Admin Nasional mengatur ulang kata sandi Anda."
)


def authenticate_nip(nip: str, password: str) -> User:
    """Check NIP + password with lockout; raise DomainError with the message to show."""
    user = User.objects.filter(nip=normalize_nip(nip)).first()
    if user is None:
        User().set_password(password)  # same work as a real check: no timing hint
        raise DomainError(WRONG_CREDENTIALS)
    if user.is_locked():
        raise DomainError(
            "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
            f"Coba lagi setelah pukul {_local_time(user)}, atau minta Admin Instansi mengatur "
            "ulang kata sandi."
        )
    if not user.is_active or not user.check_password(password):
        _record_failure(user)
        raise DomainError(WRONG_CREDENTIALS)
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    return user


def _local_time(user: User) -> str:
    """locked_until in the time zone of the user's instansi, labelled ("14:05 WITA")."""
    zone = user.instansi.zona_waktu if user.instansi_id and user.instansi else ZonaWaktu.WIB
    until = timezone.localtime(user.locked_until, ZoneInfo(zone))
    return f"{until:%H:%M} {ZonaWaktu(zone).label}"


@transaction.atomic
def _record_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
        audit.record(
            None,
            "akun.dikunci",
            user,
            instansi=user.instansi,
            after={"locked_until": until.isoformat()},
            reason=f"{settings.LOGIN_MAX_FAILURES} kali gagal masuk",
        )


@transaction.atomic
def ganti_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise DomainError("Kata sandi lama salah.")
    periksa_sandi_baru(new, user)
    before = audit.snapshot(user, ["must_change_password"])
    user.set_password(new)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        user,
        "akun.password_diganti",
        user,
        instansi=user.instansi,
        before=before,
        after=audit.snapshot(user, ["must_change_password"]),
    )


def periksa_sandi_baru(new: str, user: User) -> None:
    """The password rules (AUTH_PASSWORD_VALIDATORS); raises ValidationError in Indonesian."""
    password_validation.validate_password(new, user)
    # Django's similarity check looks at username/first_name/last_name; ours are nip/nama.
    password_validation.UserAttributeSimilarityValidator(("nip", "nama", "email")).validate(
        new, user
    )


_RESET_FIELDS = ["must_change_password", "failed_logins", "locked_until"]


# --- One-time link to set one's own password ----------------------------------------------------
# Django's default_token_generator: the token hashes the password hash and last_login, so it
# dies once the password is set (or changed any other way) or the user logs in, and after
# settings.PASSWORD_RESET_TIMEOUT. Nothing is stored: the link is made when the e-mail is sent.


def tautan_atur_sandi(user: User) -> str:
    """The absolute one-time link (for an e-mail) with which `user` sets their password."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:atur_sandi", kwargs={"uidb64": uidb64, "token": token})
    return absolute_url(path)


def masa_berlaku_tautan() -> str:
    """PASSWORD_RESET_TIMEOUT in words: "3 hari", "12 jam"."""
    detik = int(settings.PASSWORD_RESET_TIMEOUT)
    if detik >= 86400 and detik % 86400 == 0:
        return f"{detik // 86400} hari"
    return f"{max(1, detik // 3600)} jam"


def pemilik_tautan(uidb64: str) -> User | None:
    """The active account a link's uidb64 names, or None (garbled or unknown)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def token_berlaku(user: User | None, token: str | None) -> bool:
    return user is not None and default_token_generator.check_token(user, token)


@transaction.atomic
def atur_sandi(user: User, token: str, new: str) -> User:
    """Set the password through the one-time link: rules as for a change, the temporary
    password's obligation and any lockout cleared (whoever holds the link proved the address)."""
    # Locked and checked again: two submissions of one link cannot both pass.
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or not default_token_generator.check_token(user, token):
        raise DomainError(TAUTAN_TIDAK_BERLAKU)
    periksa_sandi_baru(new, user)
    _setel_sandi(user, user, new, wajib_ganti=False, aksi="akun.sandi_diatur")
    return user


def _setel_sandi(actor: Any, user: User, password: str, *, wajib_ganti: bool, aksi: str) -> None:
    """Set the password, whether it must be changed at next login, and lift any lockout;
    audited (the snapshots never hold the password: audit.snapshot drops it)."""
    before = audit.snapshot(user, _RESET_FIELDS)
    user.set_password(password)
    user.must_change_password = wajib_ganti
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", *_RESET_FIELDS])
    audit.record(
        actor,
        aksi,
        user,
        instansi=user.instansi,
        before=before,
        after=audit.snapshot(user, _RESET_FIELDS),
    )


@transaction.atomic
def reset_password(actor: Any, user: User) -> str:
    """Admin sets a temporary password (returned once) and unlocks the account."""
    if user.instansi_id is None:
        raise DomainError("Akun Admin Nasional tidak dapat diatur ulang dari sini.")
    require_admin_instansi(actor, user.instansi_id)
    password = temporary_password()
    _setel_sandi(actor, user, password, wajib_ganti=True, aksi="akun.password_direset")
    return password


@transaction.atomic
def buat_akun_pegawai(actor: Any, pegawai: Any) -> tuple[User, str]:
    """Give a pegawai without an account one, with a temporary password (returned once)."""
    require_admin_instansi(actor, pegawai.instansi_id)
    if User.objects.filter(nip=pegawai.nip).exists():
        raise DomainError(f"NIP {pegawai.nip} sudah memiliki akun.")
    password = temporary_password()
    user = User.objects.create_user(
        pegawai.nip,
        password,
        nama=pegawai.nama_lengkap,
        email=pegawai.email,
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        must_change_password=True,
    )
    audit.record(
        actor,
        "akun.dibuat",
        user,
        instansi=pegawai.instansi,
        after=audit.snapshot(user, ["nip", "nama", "pegawai", "must_change_password"]),
    )
    return user, password
