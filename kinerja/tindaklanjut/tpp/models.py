"""TPP (Tambahan Penghasilan Pegawai), domain.md §6 and integrations.md §4.

- `KonfigurasiTpp`: an instansi's rules from `berlaku_mulai` (the first day of a month) until
  the next version; the rule of a month is the latest version starting on or before it, so a
  new version never changes past months. A version used for a recap is frozen.
- `BesaranTpp`: the base amount (rupiah) per kelas jabatan of a version.
- `Disiplin`: the imported attendance percentage of a pegawai for a month (`ImporDisiplin` is
  the uploaded file, checked in a dry run before it replaces the month).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai, StatusImpor


class DasarKinerja(models.TextChoices):
    PREDIKAT = "predikat", "Predikat kinerja"
    MENIT = "menit", "Menit efektif aktivitas harian"
    KEDUANYA = "keduanya", "Predikat × capaian menit efektif"


class KonfigurasiTpp(TenantModel):
    berlaku_mulai = models.DateField()  # always the 1st of a month
    bobot_kinerja = models.PositiveSmallIntegerField(default=60)  # percent; the two sum to 100
    bobot_disiplin = models.PositiveSmallIntegerField(default=40)
    # {predikat label: percent}, every Predikat present (see aturan.PERSEN_PREDIKAT_BAWAAN)
    persen_predikat = models.JSONField(default=dict)
    dasar_kinerja = models.CharField(
        max_length=16, choices=DasarKinerja.choices, default=DasarKinerja.PREDIKAT
    )
    menit_wajib = models.PositiveIntegerField(null=True, blank=True)  # per month
    catatan = models.TextField(blank=True)
    # The latest month a recap was made with this version: from then on it is frozen.
    terakhir_dipakai = models.DateField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="konfigurasi_tpp_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(bobot_kinerja__lte=100) & models.Q(bobot_disiplin__lte=100),
                name="konfigurasi_tpp_bobot",
            ),
        ]
        ordering = ["-berlaku_mulai"]
        verbose_name = "konfigurasi TPP"
        verbose_name_plural = "konfigurasi TPP"

    def __str__(self) -> str:
        from kinerja.pelaksanaan.jadwal import BULAN

        return (
            f"Konfigurasi TPP mulai {BULAN[self.berlaku_mulai.month - 1]} {self.berlaku_mulai.year}"
        )

    @property
    def terkunci(self) -> bool:
        return self.terakhir_dipakai is not None


class BesaranTpp(TenantModel):
    konfigurasi = models.ForeignKey(
        KonfigurasiTpp, on_delete=models.CASCADE, related_name="besaran", db_index=False
    )
    kelas_jabatan = models.PositiveSmallIntegerField()  # 1..17
    jumlah = models.PositiveBigIntegerField()  # rupiah

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "konfigurasi", "kelas_jabatan"], name="besaran_tpp_unik"
            )
        ]
        ordering = ["kelas_jabatan"]
        verbose_name = "besaran TPP"
        verbose_name_plural = "besaran TPP"


class Disiplin(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+", db_index=False)
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    persen = models.DecimalField(max_digits=5, decimal_places=2)
    # {"hari_kerja", "hadir", "terlambat_menit", "pulang_cepat_menit", "keterangan"} as given
    details = models.JSONField(default=dict, blank=True)
    sumber = models.CharField(max_length=255, blank=True)  # "Impor rekap-absensi.xlsx"
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # API v1 `updated_since`

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "bulan", "pegawai"], name="disiplin_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(persen__gte=Decimal(0)) & models.Q(persen__lte=Decimal(100)),
                name="disiplin_persen_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "updated_at", "id"], name="disiplin_instansi_updated"),
        ]
        verbose_name_plural = "disiplin"


class ImporDisiplin(TenantModel):
    """One uploaded attendance file for a month: checked (pratinjau), then applied."""

    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    nama_file = models.CharField(max_length=255)
    berkas = models.FileField(upload_to="tpp/disiplin/%Y/%m/")
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
        indexes = [models.Index(fields=["instansi", "-created_at"], name="impor_disiplin_time")]
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "impor disiplin"

    def __str__(self) -> str:
        return f"Impor disiplin {self.bulan:02d}-{self.tahun} {self.nama_file}"
