"""The sync log: one row per exchange with an external system (integrations.md: what was sent
or received, when, the result, the error code and who must fix it)."""

from django.conf import settings
from django.db import models


class Sistem(models.TextChoices):
    SIASN = "SIASN", "SIASN"
    RUANG_GTK = "Ruang GTK", "Ruang GTK"
    EKINERJA_BKN = "e-Kinerja BKN", "e-Kinerja BKN"
    SSO = "SSO", "SSO"
    API = "API", "API publik"


class Arah(models.TextChoices):
    TARIK = "tarik", "Tarik"
    KIRIM = "kirim", "Kirim"
    IMPOR = "impor", "Impor"
    MASUK = "masuk", "Masuk (login)"


class StatusSinkron(models.TextChoices):
    BERJALAN = "berjalan", "Berjalan"
    BERHASIL = "berhasil", "Berhasil"
    SEBAGIAN = "sebagian", "Sebagian berhasil"
    GAGAL = "gagal", "Gagal"


class PenanggungJawab(models.TextChoices):
    """Who must act to fix a failed exchange."""

    ADMIN_INSTANSI = "Admin Instansi", "Admin Instansi"
    PENILAI = "Pejabat Penilai", "Pejabat Penilai"
    KEPALA_SEKOLAH = "Kepala Sekolah", "Kepala Sekolah"
    OPERATOR_RUANG_GTK = "Operator Ruang GTK", "Operator Ruang GTK"
    BKN = "BKN", "BKN (pengelola SIASN)"
    ADMIN_SISTEM = "Admin Sistem", "Admin sistem Kinerja"


class LogSinkron(models.Model):
    # Nullable like AuditEvent: an SSO login refused for an unknown NIP has no instansi.
    instansi = models.ForeignKey(
        "org.Instansi", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    sistem = models.CharField(max_length=16, choices=Sistem.choices)
    arah = models.CharField(max_length=8, choices=Arah.choices)
    operasi = models.CharField(max_length=64)  # "kirim_skp22", "tarik_unor", "impor_berkas"
    status = models.CharField(
        max_length=10, choices=StatusSinkron.choices, default=StatusSinkron.BERJALAN
    )
    mulai_at = models.DateTimeField()
    selesai_at = models.DateTimeField(null=True, blank=True)
    jumlah = models.PositiveIntegerField(default=0)  # rows/records handled
    kode_galat = models.CharField(max_length=64, blank=True)  # "timeout", "http_422" …
    pesan = models.TextField(blank=True)  # Bahasa Indonesia, for the admin
    penanggung_jawab = models.CharField(max_length=24, choices=PenanggungJawab.choices, blank=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    ref = models.CharField(max_length=128, blank=True)  # "evaluasi:123 versi 2", a NIP …
    # Excerpts (4 KB) with credentials removed: see integrasi.http.ringkas.
    permintaan = models.TextField(blank=True)
    jawaban = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "sistem", "-mulai_at"], name="logsinkron_sistem"),
            models.Index(fields=["instansi", "-mulai_at"], name="logsinkron_waktu"),
        ]
        ordering = ["-mulai_at", "-id"]
        verbose_name = "log sinkronisasi"
        verbose_name_plural = "log sinkronisasi"

    def __str__(self) -> str:
        return f"{self.sistem} {self.operasi} {self.status}"
