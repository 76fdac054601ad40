"""Writes of API tokens: create (the token string is returned once and never stored) and
revoke. Both are the Admin Instansi's, atomic and audited (api.token_dibuat / api.token_dicabut)."""

import datetime as dt
import hashlib
import secrets
import string
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinerja.api.models import SEMUA_CAKUPAN, TokenApi
from kinerja.core import audit
from kinerja.core.permissions import DomainError, require_admin_instansi

AWALAN = "knj_"
_HURUF = string.ascii_lowercase + string.digits


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def susun_token(awalan: str, rahasia: str) -> str:
    return f"{AWALAN}{awalan}_{rahasia}"


def awalan_dari(token: str) -> str | None:
    """The awalan of a well-formed token string, else None."""
    if not token.startswith(AWALAN):
        return None
    awalan, sep, rahasia = token[len(AWALAN) :].partition("_")
    if len(awalan) != 8 or not sep or len(rahasia) < 20:
        return None
    return awalan


def _bersihkan(nama: str, cakupan: list[str], kedaluwarsa_at: dt.datetime | None) -> list[str]:
    errors = []
    if not nama.strip():
        errors.append("Nama token wajib diisi.")
    elif len(nama.strip()) > 100:
        errors.append("Nama token paling banyak 100 karakter.")
    pilihan = [c for c in SEMUA_CAKUPAN if c in cakupan]
    if not pilihan or len(pilihan) != len(set(cakupan)):
        errors.append("Pilih paling sedikit satu cakupan yang dikenal.")
    if kedaluwarsa_at is not None and kedaluwarsa_at <= timezone.now():
        errors.append("Tanggal kedaluwarsa harus di masa depan.")
    if errors:
        raise DomainError(" ".join(errors))
    return pilihan


@transaction.atomic
def buat_token(
    actor: Any,
    instansi_id: int,
    nama: str,
    cakupan: list[str],
    kedaluwarsa_at: dt.datetime | None = None,
    *,
    rahasia: str | None = None,
    awalan: str | None = None,
) -> tuple[TokenApi, str]:
    """(the token row, the token string). The string is shown once; only its hash is kept.
    `rahasia`/`awalan` are for the demo token only (deterministic so scripts can print it)."""
    if actor is not None:
        require_admin_instansi(actor, instansi_id)
    pilihan = _bersihkan(nama, list(cakupan), kedaluwarsa_at)
    awalan = awalan or "".join(secrets.choice(_HURUF) for _ in range(8))
    token_str = susun_token(awalan, rahasia or secrets.token_urlsafe(32))
    token = TokenApi.objects.create(
        instansi_id=instansi_id,
        nama=nama.strip(),
        awalan=awalan,
        hash=hash_token(token_str),
        cakupan=pilihan,
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
        kedaluwarsa_at=kedaluwarsa_at,
    )
    audit.record(
        actor,
        "api.token_dibuat",
        token,
        after={
            "nama": token.nama,
            "awalan": awalan,
            "cakupan": pilihan,
            "kedaluwarsa_at": kedaluwarsa_at.isoformat() if kedaluwarsa_at else None,
        },
    )
    return token, token_str


@transaction.atomic
def cabut_token(actor: Any, token: TokenApi, alasan: str = "") -> TokenApi:
    require_admin_instansi(actor, token.instansi_id)
    token = TokenApi.objects.select_for_update().get(pk=token.pk)
    if token.dicabut_at is not None:
        raise DomainError("Token ini sudah dicabut.")
    token.dicabut_at = timezone.now()
    token.dicabut_oleh = actor if getattr(actor, "pk", None) else None
    token.save(update_fields=["dicabut_at", "dicabut_oleh"])
    audit.record(
        actor,
        "api.token_dicabut",
        token,
        before={"dicabut_at": None},
        after={"dicabut_at": token.dicabut_at.isoformat(), "awalan": token.awalan},
        reason=alasan,
    )
    return token
