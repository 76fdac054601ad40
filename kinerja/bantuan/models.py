"""Models of the bantuan app (issue 9): tickets handled first by the Admin Instansi of the
pelapor's instansi (Kapuas circular §11: technical problems go to the local BKPSDM first),
escalated to the Admin Nasional, and the knowledge base. Fields and constraints only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kinerja.core.models import TenantModel
from kinerja.pelaksanaan.models import BerkasMixin


class KategoriTiket(models.TextChoices):
    AKUN = "akun", "Akun dan login"
    SKP = "skp", "SKP"
    AKTIVITAS = "aktivitas", "Aktivitas dan realisasi"
    PENILAIAN = "penilaian", "Penilaian"
    DOKUMEN = "dokumen", "Dokumen dan tanda tangan"
    TPP = "tpp", "TPP"
    LAINNYA = "lainnya", "Lainnya"


class StatusTiket(models.TextChoices):
    BARU = "baru", "Baru"
    DIPROSES = "diproses", "Diproses"
    MENUNGGU = "menunggu", "Menunggu Pengguna"
    SELESAI = "selesai", "Selesai"


class PeranPelapor(models.TextChoices):
    PEGAWAI = "pegawai", "Pegawai"
    PENILAI = "penilai", "Pejabat Penilai"
    ADMIN_INSTANSI = "admin_instansi", "Admin Instansi"
    PENGGUNA = "pengguna", "Pengguna"  # an account without pegawai nor admin role


class Tiket(TenantModel):
    """A request for help. The instansi is the pelapor's: its Admin Instansi handles it first;
    the Admin Nasional sees it only once escalated (dieskalasi_at)."""

    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    peran_pelapor = models.CharField(max_length=16, choices=PeranPelapor.choices)
    kategori = models.CharField(max_length=16, choices=KategoriTiket.choices)
    judul = models.CharField(max_length=200)
    uraian = models.TextField()
    halaman_asal = models.CharField(max_length=300, blank=True)  # local path, checked
    status = models.CharField(max_length=16, choices=StatusTiket.choices, default=StatusTiket.BARU)
    dieskalasi_at = models.DateTimeField(null=True, blank=True)
    dieskalasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    catatan_eskalasi = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    diperbarui_at = models.DateTimeField(default=timezone.now)
    dijawab_at = models.DateTimeField(null=True, blank=True)  # first reply of a handler
    selesai_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "status", "-diperbarui_at"], name="tiket_antrean"),
            models.Index(fields=["instansi", "pelapor", "-created_at"], name="tiket_pelapor"),
            models.Index(fields=["instansi", "created_at"], name="tiket_periode"),
            # The Admin Nasional's queue is across instansi: escalated tickets only.
            models.Index(
                fields=["status", "-dieskalasi_at"],
                name="tiket_eskalasi",
                condition=Q(dieskalasi_at__isnull=False),
            ),
        ]
        ordering = ["-diperbarui_at", "-id"]
        verbose_name_plural = "tiket"

    def __str__(self) -> str:
        return f"{self.nomor} {self.judul}"

    @property
    def nomor(self) -> str:
        """Readable and globally unique: the year opened and the id."""
        return f"T-{self.created_at:%Y}-{self.pk:06d}" if self.pk else "T-baru"

    @property
    def terbuka(self) -> bool:
        return self.status != StatusTiket.SELESAI


class BalasanTiket(TenantModel):
    """One message of the thread. `dari_petugas`: written by a handler (Admin Instansi or
    Admin Nasional), not by the pelapor."""

    tiket = models.ForeignKey(
        Tiket, on_delete=models.CASCADE, related_name="balasan", db_index=False
    )
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dari_petugas = models.BooleanField(default=False)
    isi = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["instansi", "tiket", "created_at"], name="balasan_tiket")]
        ordering = ["created_at", "id"]
        verbose_name_plural = "balasan tiket"


class LampiranTiket(TenantModel, BerkasMixin):
    """A screenshot or file of the ticket (or of one reply), checked by content (berkas.py)
    and served only after the ticket's access check."""

    tiket = models.ForeignKey(
        Tiket, on_delete=models.CASCADE, related_name="lampiran", db_index=False
    )
    balasan = models.ForeignKey(
        BalasanTiket,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lampiran",
        db_index=False,
    )
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["instansi", "tiket"], name="lampiran_tiket")]
        ordering = ["created_at", "id"]
        verbose_name_plural = "lampiran tiket"


class Artikel(models.Model):
    """A knowledge-base answer. instansi null: published by the Admin Nasional for everyone;
    else by an Admin Instansi for its own instansi only (so not a TenantModel)."""

    instansi = models.ForeignKey(
        "org.Instansi", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    judul = models.CharField(max_length=200)
    isi = models.TextField()  # plain text with a few marks (see teks.py), escaped on output
    kategori = models.CharField(
        max_length=16, choices=KategoriTiket.choices, default=KategoriTiket.LAINNYA
    )
    diterbitkan = models.BooleanField(default=False)
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    diperbarui_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["instansi", "diterbitkan", "-diperbarui_at"], name="artikel_cakupan"
            )
        ]
        ordering = ["-diperbarui_at", "-id"]
        verbose_name_plural = "artikel"

    def __str__(self) -> str:
        return self.judul
