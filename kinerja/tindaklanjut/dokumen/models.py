"""Signed documents of stage 4 (domain.md §6): the SKP once approved and the Dokumen Evaluasi
Kinerja Pegawai of each final evaluation, as PDF files signed electronically (PAdES).

A `Dokumen` is one issued version of one subject (an SKP revision or an evaluation). Its file
grows by incremental signatures (the penilai when issued, the pegawai when they acknowledge);
every signature leaves a `TandaTangan` row with the SHA-256 of the file right after it, so an
earlier copy of the same document is still recognised by the verification page. When a
keberatan changes an evaluation, a new version is issued and the old one becomes `digantikan`.
The `kode` is the short unguessable code of the public verification URL (/v/<kode>/).
"""

from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp


class JenisDokumen(models.TextChoices):
    SKP = "skp", "SKP"
    EVALUASI = "evaluasi", "Dokumen Evaluasi Kinerja Pegawai"


class StatusDokumen(models.TextChoices):
    BERLAKU = "berlaku", "Berlaku"
    DIGANTIKAN = "digantikan", "Digantikan"


class Dokumen(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    jenis = models.CharField(max_length=16, choices=JenisDokumen.choices)
    skp = models.ForeignKey(
        Skp, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    evaluasi = models.ForeignKey(
        Evaluasi, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    periode = models.ForeignKey(
        PeriodePenilaian,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The document's version for its subject (1, 2, ...), and the subject's own version it
    # was rendered from (Evaluasi.versi, Skp.revisi): a newer subject needs a new document.
    versi = models.PositiveSmallIntegerField(default=1)
    versi_sumber = models.PositiveSmallIntegerField(default=1)
    kode = models.CharField(max_length=16, unique=True)
    # What the verification page may say about the period (e.g. "Triwulan I 2025").
    judul_periode = models.CharField(max_length=100, blank=True)
    berkas = models.FileField(max_length=200, blank=True)  # private: streamed by a view
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=16, choices=StatusDokumen.choices, default=StatusDokumen.BERLAKU
    )
    diganti_oleh = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    ditandatangani_at = models.DateTimeField()
    diterima_at = models.DateTimeField(null=True, blank=True)  # the pegawai acknowledged it
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "pegawai", "-created_at"], name="dokumen_pegawai"),
            models.Index(fields=["instansi", "evaluasi", "status"], name="dokumen_evaluasi"),
            models.Index(fields=["instansi", "skp", "status"], name="dokumen_skp"),
            models.Index(fields=["instansi", "jenis", "periode"], name="dokumen_jenis_periode"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.judul_periode} ({self.kode})"

    @property
    def berlaku(self) -> bool:
        return self.status == StatusDokumen.BERLAKU


class PeranPenandatangan(models.TextChoices):
    PENILAI = "Pejabat Penilai Kinerja", "Pejabat Penilai Kinerja"
    PEGAWAI = "Pegawai yang Dinilai", "Pegawai yang Dinilai"
    ATASAN_PENILAI = "Atasan Pejabat Penilai", "Atasan Pejabat Penilai"
    ADMIN = "Admin Instansi", "Admin Instansi"


class TandaTangan(TenantModel):
    """One signature on a document, in order; `sha256` is the file's hash right after it."""

    dokumen = models.ForeignKey(
        Dokumen, on_delete=models.CASCADE, related_name="tanda_tangan", db_index=False
    )
    urutan = models.PositiveSmallIntegerField()
    peran = models.CharField(max_length=32, choices=PeranPenandatangan.choices)
    nama = models.CharField(max_length=255)
    nip = models.CharField(max_length=18, blank=True)
    jabatan = models.CharField(max_length=255, blank=True)
    field_name = models.CharField(max_length=64)
    waktu = models.DateTimeField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "dokumen", "urutan"], name="tanda_tangan_unik"
            )
        ]
        ordering = ["urutan"]
        verbose_name = "tanda tangan elektronik"
        verbose_name_plural = "tanda tangan elektronik"

    def __str__(self) -> str:
        return f"{self.peran}: {self.nama}"
