"""In-app notifications, and through them e-mail (issue 8). Services call `notify` or
`notify_many` inside their transaction: the Notifikasi rows and their e-mails (the outbox,
`kinerja.notifikasi.surat`) commit or roll back with the event that caused them."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinerja.core.models import Notifikasi

# What `surat.antrekan` needs to know of each recipient: id, e-mail and e-mail preferences.
PENERIMA = ("id", "email", "preferensi__email_mati")
SIMPAN_DIBACA = dt.timedelta(days=365)  # read notifications are kept a year


def notify(
    pegawai: Any, judul: str, pesan: str = "", url: str = "", *, jenis: str = "umum"
) -> Notifikasi | None:
    """Notify the account of a pegawai (nothing when the pegawai has no active account)."""
    from kinerja.accounts.models import User

    users = User.objects.filter(pegawai_id=pegawai.pk, is_active=True)[:1]
    rows = _buat_banyak(pegawai.instansi_id, users, judul, pesan, url, jenis)
    return rows[0] if rows else None


def notify_many(
    instansi_id: int,
    pegawai_ids: Iterable[int],
    judul: str,
    pesan: str = "",
    url: str = "",
    *,
    jenis: str = "umum",
) -> list[Notifikasi]:
    """notify() for many pegawai of one instansi with one text, in two or three queries."""
    from kinerja.accounts.models import User

    users = User.objects.filter(
        instansi_id=instansi_id, pegawai_id__in=list(pegawai_ids), is_active=True
    )
    return _buat_banyak(instansi_id, users, judul, pesan, url, jenis)


def notify_admin_instansi(
    instansi_id: int,
    judul: str,
    pesan: str = "",
    url: str = "",
    *,
    jenis: str = "umum",
    kecuali: int | None = None,
) -> list[Notifikasi]:
    """Notify every active Admin Instansi of the instansi (who decides when nobody above does),
    except the account `kecuali` (the admin who acted)."""
    from kinerja.accounts.models import User

    users = User.objects.filter(instansi_id=instansi_id, is_admin_instansi=True, is_active=True)
    if kecuali is not None:
        users = users.exclude(pk=kecuali)
    return _buat_banyak(instansi_id, users, judul, pesan, url, jenis)


def notify_users(
    instansi_id: int,
    user_ids: Iterable[int],
    judul: str,
    pesan: str = "",
    url: str = "",
    *,
    jenis: str = "umum",
) -> list[Notifikasi]:
    """notify() for accounts named directly (an account need not be a pegawai's): only the
    active ones of this instansi."""
    from kinerja.accounts.models import User

    users = User.objects.filter(pk__in=list(user_ids), instansi_id=instansi_id, is_active=True)
    return _buat_banyak(instansi_id, users, judul, pesan, url, jenis)


def _buat_banyak(
    instansi_id: int, users: Any, judul: str, pesan: str, url: str, jenis: str
) -> list[Notifikasi]:
    from kinerja.notifikasi import surat

    penerima = {r["id"]: r for r in users.values(*PENERIMA)}
    rows = Notifikasi.objects.bulk_create(
        Notifikasi(
            instansi_id=instansi_id,
            penerima_id=uid,
            judul=judul[:200],
            pesan=pesan,
            url=url,
            jenis=jenis,
        )
        for uid in penerima
    )
    surat.antrekan(rows, penerima)
    return rows


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


def bersihkan(now: dt.datetime | None = None, partai: int = 10_000) -> int:
    """Delete notifications read more than SIMPAN_DIBACA ago (their e-mails go with them), in
    batches so that a first run on a big table never holds a long write lock. Not audited:
    the user's inbox, as in tandai_dibaca."""
    batas = (now or timezone.now()) - SIMPAN_DIBACA
    total = 0
    while True:
        ids = list(
            Notifikasi.objects.filter(dibaca_at__lt=batas).values_list("pk", flat=True)[:partai]
        )
        if not ids:
            return total
        with transaction.atomic():
            Notifikasi.objects.filter(pk__in=ids).delete()
        total += len(ids)
