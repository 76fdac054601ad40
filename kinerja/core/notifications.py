"""In-app notifications. Services call `notify` inside their transaction; e-mail and the
reminder schedule come later (issue 8) on top of the same rows."""

from typing import Any

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
