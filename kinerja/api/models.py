"""Bearer tokens of the public API v1 (ADR 0007).

A token is `knj_<awalan>_<secret>`: `awalan` (8 characters) is stored in clear to tell tokens
apart in lists; only the SHA-256 of the whole token string is stored (`hash`, unique), so a
request is authenticated by one indexed lookup. The secret has 256 bits of entropy, which is why
a fast hash is enough (a password hasher would cost milliseconds per request).
"""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel


class Cakupan(models.TextChoices):
    BACA_ORG = "baca:org", "Baca unit organisasi, pegawai dan periode"
    BACA_SKP = "baca:skp", "Baca SKP (RHK dan IKI)"
    BACA_PENILAIAN = "baca:penilaian", "Baca hasil evaluasi final dan predikat"
    BACA_ANGKAKREDIT = "baca:angkakredit", "Baca angka kredit"
    BACA_TPP = "baca:tpp", "Baca rekap TPP"
    TULIS_DISIPLIN = "tulis:disiplin", "Kirim data disiplin (kehadiran) bulanan"


SEMUA_CAKUPAN: tuple[str, ...] = tuple(Cakupan.values)
CAKUPAN_BACA: tuple[str, ...] = tuple(c for c in SEMUA_CAKUPAN if c.startswith("baca:"))


class TokenApi(TenantModel):
    nama = models.CharField(max_length=100)
    awalan = models.CharField(max_length=8)
    hash = models.CharField(max_length=64, unique=True)  # SHA-256 hex of the token string
    cakupan = models.JSONField(default=list)  # list of Cakupan values
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    dibuat_at = models.DateTimeField(auto_now_add=True)
    kedaluwarsa_at = models.DateTimeField(null=True, blank=True)
    dicabut_at = models.DateTimeField(null=True, blank=True)
    dicabut_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    terakhir_dipakai_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "-dibuat_at"], name="token_api_instansi")]
        ordering = ["-dibuat_at", "-id"]
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"Token API {self.nama} (knj_{self.awalan}_…)"

    @property
    def aktif(self) -> bool:
        from django.utils import timezone

        if self.dicabut_at is not None:
            return False
        return self.kedaluwarsa_at is None or self.kedaluwarsa_at > timezone.now()

    def label_cakupan(self) -> list[str]:
        return [c for c in SEMUA_CAKUPAN if c in (self.cakupan or [])]
