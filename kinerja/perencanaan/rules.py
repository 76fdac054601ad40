"""Who may do what with an SKP. Pure predicates over ids; services and selectors share them."""

from typing import Any

from kinerja.perencanaan.models import Skp


def is_pemilik(user: Any, skp: Skp) -> bool:
    return bool(user.pegawai_id) and user.pegawai_id == skp.pegawai_id


def is_penilai(user: Any, skp: Skp) -> bool:
    return bool(user.pegawai_id) and user.pegawai_id == skp.penilai_id != skp.pegawai_id


def is_admin_of(user: Any, skp: Skp) -> bool:
    return bool(user.is_admin_instansi) and user.instansi_id == skp.instansi_id


def may_view(user: Any, skp: Skp) -> bool:
    if user.instansi_id != skp.instansi_id and not user.is_admin_nasional:
        return False
    return (
        is_pemilik(user, skp)
        or is_penilai(user, skp)
        or (bool(user.pegawai_id) and user.pegawai_id == skp.atasan_penilai_id)
        or is_admin_of(user, skp)
    )


def may_decide(user: Any, skp: Skp) -> bool:
    """Approve or return: the penilai; for an SKP with no penilai in the system (the top of the
    instansi, whose penilai is the kepala daerah), the Admin Instansi on their behalf."""
    if is_pemilik(user, skp):
        return False
    if skp.penilai_id is None:
        return is_admin_of(user, skp)
    return is_penilai(user, skp)
