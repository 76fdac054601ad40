"""Who is calling and what they may read.

Two ways in, tried in order (`AUTH`):
- `TokenBearer`: `Authorization: Bearer knj_<awalan>_<secret>`; one indexed query on the hash.
  A present but unknown token is 401 `invalid_token` at once (never falls through to the
  session), a revoked one 401 `token_revoked`, an expired one 401 `invalid_token`. The token
  sees its whole instansi within its scopes. `terakhir_dipakai_at` is refreshed by a
  conditional UPDATE at most every 5 minutes, so reads stay reads.
- `SesiAuth`: the UI's own calls with the Django session (CSRF checked on writes). The Admin
  Instansi sees the instansi; another user sees their own pegawai/SKP/evaluasi/angka kredit and
  those of the people they rate (penilai or atasan penilai on an Skp or Evaluasi), the same
  rule as perencanaan.rules.may_view and penilaian.selectors_hasil.boleh_lihat_evaluasi.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from kinerja.api.errors import ApiError
from kinerja.api.models import CAKUPAN_BACA, SEMUA_CAKUPAN, Cakupan, TokenApi
from kinerja.api.services import awalan_dari, hash_token
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp

SEGARKAN_SETIAP = dt.timedelta(minutes=5)
CAKUPAN_PEGAWAI = frozenset(
    {Cakupan.BACA_ORG, Cakupan.BACA_SKP, Cakupan.BACA_PENILAIAN, Cakupan.BACA_ANGKAKREDIT}
)


@dataclass(frozen=True)
class Akses:
    instansi_id: int
    cakupan: frozenset[str]
    seluruh: bool  # sees the whole instansi (a token, the Admin Instansi)
    pegawai_id: int | None = None
    token_id: int | None = None
    token_label: str = ""
    user: Any = None

    def perlu(self, cakupan: str) -> "Akses":
        if cakupan not in self.cakupan:
            raise ApiError(
                403,
                "insufficient_scope",
                f"Token atau akun ini tidak memiliki cakupan '{cakupan}'.",
            )
        return self

    # --- Visibility of a non-admin session user --------------------------------------------

    def _dinilai(self) -> Q:
        me = self.pegawai_id
        return Q(penilai_id=me) | Q(atasan_penilai_id=me)

    def filter_pegawai(self, field: str = "pk") -> Q:
        """Pegawai rows (`field` = the pegawai id column) this caller sees."""
        if self.seluruh:
            return Q()
        me = self.pegawai_id
        if not me:
            return Q(pk__in=[])
        i = self.instansi_id
        skp = Skp.objects.filter(self._dinilai(), instansi_id=i).values("pegawai_id")
        ev = Evaluasi.objects.filter(self._dinilai(), instansi_id=i).values("pegawai_id")
        return Q(**{field: me}) | Q(**{f"{field}__in": skp}) | Q(**{f"{field}__in": ev})

    def filter_dinilai(self) -> Q:
        """Skp or Evaluasi rows this caller sees (own, or as penilai / atasan penilai)."""
        if self.seluruh:
            return Q()
        me = self.pegawai_id
        if not me:
            return Q(pk__in=[])
        return Q(pegawai_id=me) | self._dinilai()


def akses(request: HttpRequest, cakupan: str) -> Akses:
    """The caller (set by the auth classes) after checking one scope."""
    a: Akses = request.auth  # type: ignore[attr-defined]
    return a.perlu(cakupan)


_TOKEN_FIELDS = ("id", "instansi_id", "cakupan", "kedaluwarsa_at", "dicabut_at", "awalan", "nama")


_TOKEN_SQL: str | None = None


def cari_token(hash_: str) -> dict[str, Any] | None:
    """The token row by its hash: one indexed lookup, its SQL built once (the ORM would compile
    it on every request: about a millisecond of the 4 ms a request may cost at 500 req/s)."""
    global _TOKEN_SQL
    if _TOKEN_SQL is None:
        qs = TokenApi.objects.filter(hash="x").values(*_TOKEN_FIELDS, "terakhir_dipakai_at")
        sql, _ = qs.order_by()[:1].query.sql_with_params()
        _TOKEN_SQL = sql
    names = (*_TOKEN_FIELDS, "terakhir_dipakai_at")
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [hash_])
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(names, found, strict=True))
    for key in ("kedaluwarsa_at", "dicabut_at", "terakhir_dipakai_at"):
        value = row[key]
        if isinstance(value, str):  # SQLite returns text
            value = dt.datetime.fromisoformat(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        row[key] = value
    if isinstance(row["cakupan"], str):  # SQLite: JSON as text
        row["cakupan"] = json.loads(row["cakupan"])
    return row


class TokenBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Akses | None:
        token = token.strip()
        row = cari_token(hash_token(token)) if awalan_dari(token) is not None else None
        if row is None:
            raise ApiError(
                401,
                "invalid_token",
                "Token tidak dikenal. Periksa kembali token yang dikirim.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        now = timezone.now()
        if row["dicabut_at"] is not None:
            raise ApiError(
                401,
                "token_revoked",
                "Token ini sudah dicabut oleh Admin Instansi.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if row["kedaluwarsa_at"] is not None and row["kedaluwarsa_at"] <= now:
            raise ApiError(
                401,
                "invalid_token",
                "Token ini sudah kedaluwarsa; minta token baru kepada Admin Instansi.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        terakhir = row["terakhir_dipakai_at"]
        if terakhir is None or terakhir <= now - SEGARKAN_SETIAP:
            catat_dipakai(row["id"], now)
        return Akses(
            instansi_id=row["instansi_id"],
            cakupan=frozenset(c for c in row["cakupan"] or [] if c in SEMUA_CAKUPAN),
            seluruh=True,
            token_id=row["id"],
            token_label=f"{row['nama']} (knj_{row['awalan']}_…)",
        )


def catat_dipakai(token_id: int, now: dt.datetime) -> int:
    """Conditional UPDATE: only the first request after 5 minutes writes (a concurrent one finds
    the row fresh and updates nothing)."""
    basi = Q(terakhir_dipakai_at__isnull=True) | Q(terakhir_dipakai_at__lte=now - SEGARKAN_SETIAP)
    return TokenApi.objects.filter(basi, pk=token_id).update(terakhir_dipakai_at=now)


class SesiAuth(APIKeyCookie):
    """ninja's django_auth, except that a request without a logged-in user is simply not
    authenticated (401, not a CSRF 403), and the caller becomes an `Akses`."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Akses | None:
        user: Any = request.user
        if not user.is_authenticated:
            return None
        if not user.instansi_id:
            raise ApiError(403, "insufficient_scope", "Akun ini tidak terikat pada instansi.")
        if user.is_admin_instansi:
            return Akses(
                user.instansi_id,
                frozenset(SEMUA_CAKUPAN),
                seluruh=True,
                pegawai_id=user.pegawai_id,
                user=user,
            )
        return Akses(
            user.instansi_id,
            CAKUPAN_PEGAWAI,
            seluruh=False,
            pegawai_id=user.pegawai_id,
            user=user,
        )


AUTH = [TokenBearer(), SesiAuth()]
__all__ = ["AUTH", "CAKUPAN_BACA", "Akses", "akses"]
