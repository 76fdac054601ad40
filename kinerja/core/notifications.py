"""In-app notifications. Services call `notify` inside their transaction; e-mail and the
reminder schedule come later (issue 8) on top of the same rows."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinerja.core.models import Notifikasi


def notify(pegawai: Any, judul: str, pesan: str = "", url: str = "") -> Notifikasi | None:
    """Notify the account of a pegawai (nothing when the pegawai has no account yet)."""
    from kinerja.accounts.models import User

    user = User.objects.filter(pegawai_id=pegawai.pk, is_active=True).only("id").first()
    if user is None:
        return None
    return Notifikasi.objects.create(
        instansi_id=pegawai.instansi_id, penerima=user, judul=judul, pesan=pesan, url=url
    )


@transaction.atomic
def tandai_dibaca(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own unread notifications read (all of them when ids is None); returns
    how many. Not audited: it is the user's inbox state, not a change to any record of the
    instansi (invariant 6 lists state changes of documents)."""
    rows = Notifikasi.objects.filter(
        instansi_id=user.instansi_id, penerima=user, dibaca_at__isnull=True
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(dibaca_at=timezone.now())


def belum_dibaca(user: Any) -> int:
    return Notifikasi.objects.filter(
        instansi_id=user.instansi_id, penerima=user, dibaca_at__isnull=True
    ).count()
