"""A user's e-mail preferences: which kategori of notification are not sent by e-mail.
In-app notifications are always made (they are the record)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kinerja.core import audit
from kinerja.core.permissions import DomainError
from kinerja.notifikasi.jenis import KATEGORI
from kinerja.notifikasi.models import PreferensiNotifikasi


def email_mati(user: Any) -> list[str]:
    """The kategori the user turned off (none without a preference row)."""
    row = (
        PreferensiNotifikasi.objects.filter(instansi_id=user.instansi_id, user=user)
        .values_list("email_mati", flat=True)
        .first()
    )
    return list(row or [])


@transaction.atomic
def simpan_preferensi(user: Any, mati: list[str], email: str | None = None) -> PreferensiNotifikasi:
    """Save the kategori the user does not want by e-mail (their own row, made on first
    save), and their own e-mail address when given (blank: no e-mail at all); audited
    `notifikasi.preferensi_diubah` and `akun.email_diubah` when they change."""
    if not user.instansi_id:
        raise DomainError("Preferensi notifikasi hanya untuk pengguna sebuah instansi.")
    if email is not None:
        _simpan_email(user, email.strip())
    asing = set(mati) - set(KATEGORI)
    if asing:
        raise DomainError(f"Kategori tidak dikenal: {', '.join(sorted(asing))}.")
    baru = [k for k in KATEGORI if k in set(mati)]  # stable order, no duplicates
    row, dibuat = PreferensiNotifikasi.objects.select_for_update().get_or_create(
        user=user, defaults={"instansi_id": user.instansi_id}
    )
    sebelum = [] if dibuat else list(row.email_mati or [])
    if sebelum == baru and row.instansi_id == user.instansi_id:
        return row
    row.instansi_id = user.instansi_id  # a user who moved instansi: the row follows
    row.email_mati = baru
    row.save(update_fields=["instansi", "email_mati", "updated_at"])
    audit.record(
        user,
        "notifikasi.preferensi_diubah",
        row,
        before={"email_mati": sebelum},
        after={"email_mati": baru},
        object_repr=f"Preferensi notifikasi {user.nama}",
    )
    return row


def _simpan_email(user: Any, email: str) -> None:
    from kinerja.accounts.models import User

    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(
                "Alamat e-mail tidak valid; tulis seperti nama@instansi.go.id."
            ) from exc
    if email == (user.email or ""):
        return
    sebelum = user.email
    User.objects.filter(pk=user.pk).update(email=email)
    user.email = email
    audit.record(
        user,
        "akun.email_diubah",
        user,
        before={"email": sebelum},
        after={"email": email},
        object_repr=f"Akun {user.nama}",
    )
