"""Models of the pendaftaran app (issue 9): an instansi's application to use the application
(SE Kepala BKN 11/2023 §5.b). Not a TenantModel: the instansi exists only once approved."""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from kinerja.org.models import Instansi, JenisInstansi, ZonaWaktu


class StatusPermohonan(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu Perbaikan"
    DIAJUKAN_ULANG = "diajukan_ulang", "Diajukan Ulang"
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"


# Not final yet: a second application for the same instansi is refused meanwhile.
BERJALAN = (
    StatusPermohonan.DIAJUKAN,
    StatusPermohonan.PERLU_PERBAIKAN,
    StatusPermohonan.DIAJUKAN_ULANG,
)
# What the Admin Nasional can act on (a returned application waits for the applicant).
MENUNGGU_TINJAUAN = (StatusPermohonan.DIAJUKAN, StatusPermohonan.DIAJUKAN_ULANG)


class JabatanPemohon(models.TextChoices):
    PPK = "ppk", "Pejabat Pembina Kepegawaian (PPK)"
    JPT_PRATAMA = "jpt_pratama", "Pejabat Pimpinan Tinggi Pratama yang membidangi kepegawaian"


def normalisasi_nama(nama: str) -> str:
    """ "Pemerintah  Kab. Kapuas" and "pemerintah kab kapuas" are the same instansi."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", nama.casefold()).split())


def upload_to(instance: models.Model, filename: str) -> str:
    """A random name outside any instansi's folder (the original name is kept in a field)."""
    return f"pendaftaran/{uuid.uuid4().hex}"


class PermohonanInstansi(models.Model):
    nomor = models.CharField("Nomor permohonan", max_length=20, unique=True)
    nama = models.CharField("Nama instansi", max_length=200)
    nama_normal = models.CharField(max_length=200, editable=False)
    jenis = models.CharField(max_length=8, choices=JenisInstansi.choices)
    zona_waktu = models.CharField(max_length=16, choices=ZonaWaktu.choices)
    kode_usulan = models.CharField("Kode instansi yang diusulkan", max_length=16, blank=True)
    pemohon_nama = models.CharField("Nama pemohon", max_length=200)
    pemohon_jabatan = models.CharField(
        "Jabatan pemohon", max_length=16, choices=JabatanPemohon.choices
    )
    pemohon_nip = models.CharField("NIP pemohon", max_length=18, blank=True)
    pemohon_email = models.EmailField("E-mail pemohon")
    admin_nip = models.CharField("NIP admin yang ditunjuk", max_length=18)
    admin_nama = models.CharField("Nama admin yang ditunjuk", max_length=200)
    admin_email = models.EmailField("E-mail admin yang ditunjuk")
    # The signed request letter (PDF), same fields as pelaksanaan.BerkasMixin so that
    # berkas.unduh serves it; private like every upload.
    berkas = models.FileField("Surat permohonan", upload_to=upload_to, max_length=200)
    nama_berkas = models.CharField(max_length=200)
    jenis_berkas = models.CharField(max_length=100)
    ukuran_berkas = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=StatusPermohonan.choices, default=StatusPermohonan.DIAJUKAN
    )
    catatan = models.TextField("Catatan peninjau", blank=True)
    instansi = models.ForeignKey(
        Instansi, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ditinjau_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "permohonan instansi"
        verbose_name_plural = "permohonan instansi"
        indexes = [models.Index(fields=["status", "-created_at"], name="permohonan_status")]
        constraints = [
            # The last word on "one pending application per instansi", even for two
            # submissions racing each other.
            models.UniqueConstraint(
                fields=["nama_normal"],
                condition=Q(status__in=["diajukan", "perlu_perbaikan", "diajukan_ulang"]),
                name="permohonan_satu_berjalan_per_nama",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomor} {self.nama}"

    @property
    def berjalan(self) -> bool:
        return self.status in BERJALAN


class RiwayatPermohonan(models.Model):
    """Each status change, shown to the applicant and the reviewer (audit events hold the
    full before/after)."""

    permohonan = models.ForeignKey(
        PermohonanInstansi, on_delete=models.CASCADE, related_name="riwayat"
    )
    status = models.CharField(max_length=16, choices=StatusPermohonan.choices)
    catatan = models.TextField(blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "riwayat permohonan"

    def __str__(self) -> str:
        return f"{self.permohonan_id} {self.status}"
