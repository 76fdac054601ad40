"""Account writes: login attempts and lockout, password changes and admin resets."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import ZonaWaktu
from kinerja.org.nip import normalize_nip
from kinerja.org.services import temporary_password

WRONG_CREDENTIALS = "NIP atau kata sandi salah."


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
    password_validation.validate_password(new, user)
    # Django's similarity check looks at username/first_name/last_name; ours are nip/nama.
    password_validation.UserAttributeSimilarityValidator(("nip", "nama", "email")).validate(
        new, user
    )
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


_RESET_FIELDS = ["must_change_password", "failed_logins", "locked_until"]


@transaction.atomic
def reset_password(actor: Any, user: User) -> str:
    """Admin sets a temporary password (returned once) and unlocks the account."""
    if user.instansi_id is None:
        raise DomainError("Akun Admin Nasional tidak dapat diatur ulang dari sini.")
    require_admin_instansi(actor, user.instansi_id)
    before = audit.snapshot(user, _RESET_FIELDS)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", *_RESET_FIELDS])
    # The snapshots never hold the password (audit.snapshot drops it; it is not asked for).
    audit.record(
        actor,
        "akun.password_direset",
        user,
        instansi=user.instansi,
        before=before,
        after=audit.snapshot(user, _RESET_FIELDS),
    )
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
