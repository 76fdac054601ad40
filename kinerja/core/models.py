"""Shared model pieces: the tenant base class and the audit log."""

from django.conf import settings
from django.db import models


class TenantModel(models.Model):
    """A row that belongs to one instansi.

    Every tenant table carries `instansi` and leads its indexes with it, so the data can later
    be distributed by instansi. Subclasses declare their own indexes starting with "instansi".
    """

    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, db_index=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which object, with the state before and after (JSON)."""

    instansi = models.ForeignKey(
        "org.Instansi", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "-created_at"], name="audit_instansi_time"),
            models.Index(
                fields=["instansi", "object_type", "object_id"], name="audit_instansi_obj"
            ),
            models.Index(fields=["instansi", "actor"], name="audit_instansi_actor"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class Notifikasi(TenantModel):
    """An in-app message to one user about something that concerns them (SKP diajukan, ...)."""

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    judul = models.CharField(max_length=200)
    pesan = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    jenis = models.CharField(max_length=40, default="umum")  # kinerja/notifikasi/jenis.py
    dibaca_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["instansi", "penerima", "dibaca_at", "-created_at"],
                name="notifikasi_penerima",
            )
        ]
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "notifikasi"

    def __str__(self) -> str:
        return self.judul


class StatusPekerjaan(models.TextChoices):
    ANTRI = "antri", "Antri"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class Pekerjaan(models.Model):
    """A background job (an export, a recompute) with its progress and result file.

    Run by kinerja/core/jobs.py. The result file goes to the default storage, which is private
    (local disk outside the static files, or a bucket without public ACL): it is only served by
    job_views.unduh after checking who asks."""

    instansi = models.ForeignKey(
        "org.Instansi", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    jenis = models.CharField(max_length=64)  # "tpp.rekap"
    judul = models.CharField(max_length=200)
    fungsi = models.CharField(max_length=200, blank=True)  # dotted path of the function run
    parameter = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=StatusPekerjaan.choices, default=StatusPekerjaan.ANTRI
    )
    progress_selesai = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    berkas = models.FileField(upload_to="pekerjaan/%Y/%m/", blank=True)
    nama_berkas = models.CharField(max_length=200, blank=True)
    jenis_berkas = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    mulai_at = models.DateTimeField(null=True, blank=True)
    selesai_at = models.DateTimeField(null=True, blank=True)
    pekerja = models.CharField(max_length=100, blank=True)  # host:pid of the worker running it
    detak_at = models.DateTimeField(null=True, blank=True)  # the worker's last heartbeat

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "jenis", "-created_at"], name="pekerjaan_instansi"),
            models.Index(fields=["dibuat_oleh", "-created_at"], name="pekerjaan_pembuat"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "pekerjaan"

    def __str__(self) -> str:
        return self.judul

    @property
    def persen(self) -> int:
        if self.status == StatusPekerjaan.SELESAI:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_selesai * 100 // self.progress_total)

    @property
    def selesai(self) -> bool:
        return self.status in (StatusPekerjaan.SELESAI, StatusPekerjaan.GAGAL)
