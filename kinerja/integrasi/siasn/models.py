"""SIASN: the pegawai's SIASN identity and the queue of results to push (ADR 0007)."""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai
from kinerja.penilaian.models import Evaluasi


class IdentitasSiasn(TenantModel):
    """SIASN's person id (`pnsDinilaiOrang` / `pnsDinilaiId`) of a pegawai, from data-utama."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+", db_index=False)
    pns_id = models.CharField(max_length=64)
    diambil_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "pegawai"], name="identitas_siasn_unik")
        ]
        verbose_name = "identitas SIASN"
        verbose_name_plural = "identitas SIASN"

    def __str__(self) -> str:
        return self.pns_id


class JenisKiriman(models.TextChoices):
    TAHUNAN = "tahunan", "SKP tahunan (skp22)"
    PERIODIK = "periodik", "Kinerja periodik"


class StatusKiriman(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    MENGIRIM = "mengirim", "Sedang dikirim"
    TERKIRIM = "terkirim", "Terkirim"
    GAGAL = "gagal", "Gagal"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


class KirimanSiasn(TenantModel):
    """One result version to push to SIASN, ever: (evaluasi, versi, jenis) is unique, so a
    repeated event, a backfill or a resend click re-arms this row instead of adding one.

    `payload` is frozen when queued; `dok_path` is the upload-dok-rw answer, kept so a retry
    never uploads twice; `siasn_id` is SIASN's record id once saved. `mengoreksi` is the row
    of the earlier version this one corrects (keberatan Diubah after it was sent)."""

    evaluasi = models.ForeignKey(
        Evaluasi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    versi = models.PositiveSmallIntegerField()
    jenis = models.CharField(max_length=10, choices=JenisKiriman.choices)
    status = models.CharField(
        max_length=10, choices=StatusKiriman.choices, default=StatusKiriman.MENUNGGU
    )
    tidak_sebelum = models.DateTimeField()  # the end of the keberatan window
    berikutnya_at = models.DateTimeField()  # next attempt (>= tidak_sebelum)
    percobaan = models.PositiveSmallIntegerField(default=0)
    sewa_sampai = models.DateTimeField(null=True, blank=True)  # lease of the sending worker
    # True while an attempt's outcome is unknown (timeout, dropped connection, expired lease):
    # the next attempt reads SIASN back before saving again.
    ragu = models.BooleanField(default=False)
    # Who and what, as queued (the list shows them without joins).
    nip = models.CharField(max_length=18)
    nama = models.CharField(max_length=255)
    judul = models.CharField(max_length=100)  # "Triwulan I 2026", "Tahunan 2026"
    payload = models.JSONField(default=dict)
    dok_path = models.JSONField(default=dict, blank=True)
    siasn_id = models.CharField(max_length=64, blank=True)
    mengoreksi = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    kode_galat = models.CharField(max_length=64, blank=True)
    pesan = models.TextField(blank=True)
    penanggung_jawab = models.CharField(max_length=24, blank=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    terkirim_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "evaluasi", "versi", "jenis"], name="kiriman_siasn_unik"
            )
        ]
        indexes = [
            models.Index(fields=["instansi", "status", "berikutnya_at"], name="kiriman_sapu"),
            models.Index(fields=["instansi", "-created_at"], name="kiriman_daftar"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name = "kiriman SIASN"
        verbose_name_plural = "kiriman SIASN"

    def __str__(self) -> str:
        return f"Kiriman SIASN evaluasi {self.evaluasi_id} versi {self.versi} ({self.status})"
