"""Ruang GTK: one batch per received set of records (an uploaded JSON Lines file or a pull of
the feed), checked in a dry run (pratinjau) and then applied all or nothing (ADR 0007).

The records themselves are kept as the batch's file, so `terapkan` checks exactly what the
preview showed. `kursor` is the feed position after this batch: the next pull asks the feed
for what changed since the last *applied* batch's kursor."""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import StatusImpor

SUMBER = "Ruang GTK"  # the value of Skp.sumber / Evaluasi.sumber of imported rows


class AsalImpor(models.TextChoices):
    BERKAS = "berkas", "Unggah berkas"
    FEED = "feed", "Tarik dari Ruang GTK"


class ImporRuangGtk(TenantModel):
    asal = models.CharField(max_length=8, choices=AsalImpor.choices)
    nama_file = models.CharField(max_length=255)
    berkas = models.FileField(upload_to="ruanggtk/%Y/%m/")
    status = models.CharField(max_length=16, choices=StatusImpor.choices)
    jumlah_baris = models.PositiveIntegerField(default=0)
    # {"skp": n, "hasil_periodik": n, "hasil_tahunan": n, "per_penanggung_jawab": {...},
    #  after apply: "skp_baru", "skp_diubah", "evaluasi_baru", "evaluasi_diubah", "tetap"}
    ringkasan = models.JSONField(default=dict, blank=True)
    # [{"baris", "jenis", "nip", "kolom", "kode", "pesan", "penanggung_jawab"}]
    kesalahan = models.JSONField(default=list, blank=True)
    kursor_sejak = models.CharField(max_length=64, blank=True)  # feed: `since` asked
    kursor = models.CharField(max_length=64, blank=True)  # feed: position after this batch
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    diterapkan_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "-created_at"], name="impor_ruanggtk_waktu"),
            models.Index(fields=["instansi", "asal", "status"], name="impor_ruanggtk_feed"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name = "impor Ruang GTK"
        verbose_name_plural = "impor Ruang GTK"

    def __str__(self) -> str:
        return f"Impor Ruang GTK {self.nama_file}"
