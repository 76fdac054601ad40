"""Reads for the review pages."""

from typing import Any

from kinerja.accounts.models import User
from kinerja.pendaftaran.models import PermohonanInstansi, StatusPermohonan


def admin_belum_masuk(permohonan: PermohonanInstansi) -> Any:
    """The approved application's Admin Instansi while it has never logged in (its
    first-login e-mail may still be needed), else None."""
    if permohonan.status != StatusPermohonan.DISETUJUI or permohonan.instansi_id is None:
        return None
    return User.objects.filter(
        instansi_id=permohonan.instansi_id,
        nip=permohonan.admin_nip,
        is_admin_instansi=True,
        is_active=True,
        last_login__isnull=True,
    ).first()
