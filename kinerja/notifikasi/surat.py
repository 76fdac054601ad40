"""E-mail outbox (ADR 0008): `antrekan` adds a SuratKeluar row for each notification whose
recipient has an e-mail address and has not turned that kategori off; the sender claims due
rows and sends them."""

from collections.abc import Mapping, Sequence
from typing import Any

from kinerja.core.models import Notifikasi


def antrekan(rows: Sequence[Notifikasi], penerima: Mapping[int, Mapping[str, Any]]) -> int:
    """Queue the e-mails of these new notifications, in the caller's transaction. `penerima`
    maps each user id to its values `id`, `email`, `preferensi__email_mati`. Returns how many
    e-mails were queued."""
    return 0  # the outbox comes in the next commit
