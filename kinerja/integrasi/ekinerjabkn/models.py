"""e-Kinerja BKN results imported from its Excel reports (ADR 0007, integrations.md §5).

A pemda running Kinerja beside e-Kinerja BKN uploads the report; `ImporEkinerjaBkn` is the
uploaded file, checked in a dry run (pratinjau) before it is applied all or nothing.
`HasilEkinerjaBkn` is one pegawai's result for one period end, keyed (instansi, pegawai,
periode_akhir): importing the same report again updates the rows instead of adding new ones.
No Skp/Evaluasi is made from them: the report does not hold their content.
"""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai, StatusImpor
from kinerja.penilaian.aturan import Predikat

SUMBER = "e-Kinerja BKN"


class ImporEkinerjaBkn(TenantModel):
    nama_file = models.CharField(max_length=255)
    berkas = models.FileField(upload_to="ekinerjabkn/%Y/%m/")
    status = models.CharField(max_length=16, choices=StatusImpor.choices)
    jumlah_baris = models.PositiveIntegerField(default=0)
    ringkasan = models.JSONField(default=dict, blank=True)
    kesalahan = models.JSONField(default=list, blank=True)  # [{"baris", "kolom", "pesan"}]
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
        indexes = [models.Index(fields=["instansi", "-created_at"], name="imporbkn_waktu")]
        ordering = ["-created_at", "-id"]
        verbose_name = "impor e-Kinerja BKN"
        verbose_name_plural = "impor e-Kinerja BKN"

    def __str__(self) -> str:
        return f"Impor e-Kinerja BKN {self.nama_file}"


class HasilEkinerjaBkn(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+", db_index=False)
    periode_akhir = models.DateField()
    status_skp = models.CharField(max_length=64, blank=True)  # as e-Kinerja BKN writes it
    # One of the Predikat labels; "" when the report has no result yet.
    predikat = models.CharField(max_length=24, choices=Predikat.choices, blank=True)
    unor_induk = models.CharField(max_length=255, blank=True)  # skp_unor_induk, as written
    batch = models.ForeignKey(
        ImporEkinerjaBkn, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "periode_akhir"], name="hasilbkn_unik"
            )
        ]
        indexes = [
            models.Index(fields=["instansi", "periode_akhir", "id"], name="hasilbkn_periode"),
            models.Index(
                fields=["instansi", "status_skp", "periode_akhir"], name="hasilbkn_status"
            ),
            models.Index(fields=["instansi", "batch"], name="hasilbkn_batch"),
        ]
        ordering = ["-periode_akhir", "id"]
        verbose_name = "hasil e-Kinerja BKN"
        verbose_name_plural = "hasil e-Kinerja BKN"

    def __str__(self) -> str:
        return f"{SUMBER} {self.pegawai_id} {self.periode_akhir}"
