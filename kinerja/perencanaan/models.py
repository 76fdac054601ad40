"""Stage 1, Perencanaan kinerja (domain.md §3): the SKP and what it holds.

An SKP is one pegawai's plan for a periode SKP (normally a calendar year). Changes after approval
make a new *revision* (a new Skp row with the same pegawai and periode, revisi + 1); earlier
revisions stay as they were, so past evaluations keep referring to what was agreed then.
RHK rows carry a `kunci` that stays the same across revisions, so links from staff RHKs to a
leader's RHK survive the leader's revisions.
"""

import uuid

from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import NilaiBerakhlak, Pegawai


class StatusSkp(models.TextChoices):
    DRAFT = "Draft", "Draft"
    DIAJUKAN = "Diajukan", "Diajukan"
    DISETUJUI = "Disetujui", "Disetujui"
    DIKEMBALIKAN = "Dikembalikan", "Dikembalikan"


class Pendekatan(models.TextChoices):
    KUANTITATIF = "Kuantitatif", "Kuantitatif"
    KUALITATIF = "Kualitatif", "Kualitatif"


EDITABLE = (StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN)


class Skp(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    atasan_penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    tahun = models.PositiveSmallIntegerField()
    periode_mulai = models.DateField()
    periode_selesai = models.DateField()
    revisi = models.PositiveSmallIntegerField(default=1)
    revisi_dari = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The approved revision in force for this pegawai and periode (one at most).
    berlaku = models.BooleanField(default=False)
    # The newest revision of this pegawai and periode (what the pegawai works on and sees).
    terkini = models.BooleanField(default=True)
    pendekatan = models.CharField(max_length=16, choices=Pendekatan.choices)
    is_jpt = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=StatusSkp.choices, default=StatusSkp.DRAFT)
    catatan_pengembalian = models.TextField(blank=True)
    # {"pegawai": {...}, "penilai": {...}, "atasan_penilai": {...}}: nama, nip, pangkat/golongan,
    # jabatan, unit as they were; refreshed only while the SKP is a draft.
    snapshot = models.JSONField(default=dict)
    # Set when the SKP was imported from another system ("Ruang GTK"): read-only here.
    sumber = models.CharField(max_length=32, blank=True)
    diajukan_at = models.DateTimeField(null=True, blank=True)
    disetujui_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "periode_mulai", "revisi"], name="skp_unique_revisi"
            ),
            models.CheckConstraint(
                condition=models.Q(periode_selesai__gte=models.F("periode_mulai")),
                name="skp_periode_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "tahun"], name="skp_pegawai_tahun"),
            models.Index(fields=["instansi", "penilai", "tahun"], name="skp_penilai_tahun"),
            models.Index(fields=["instansi", "tahun", "status"], name="skp_tahun_status"),
            models.Index(fields=["instansi", "updated_at", "id"], name="skp_instansi_updated"),
        ]
        ordering = ["-periode_mulai", "-revisi"]
        verbose_name = "SKP"
        verbose_name_plural = "SKP"

    def __str__(self) -> str:
        nama = self.snapshot.get("pegawai", {}).get("nama", "")
        return f"SKP {self.tahun} {nama} (revisi {self.revisi})"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class JenisRhk(models.TextChoices):
    UTAMA = "Utama", "Utama"
    TAMBAHAN = "Tambahan", "Tambahan"


class Klasifikasi(models.TextChoices):
    ORGANISASI = "Organisasi", "Organisasi"
    INDIVIDU = "Individu", "Individu"


class Perspektif(models.TextChoices):
    PENERIMA_LAYANAN = "Penerima Layanan", "Penerima Layanan"
    PROSES_BISNIS = "Proses Bisnis", "Proses Bisnis"
    PENGUATAN_INTERNAL = "Penguatan Internal", "Penguatan Internal"
    ANGGARAN = "Anggaran", "Anggaran"


class RencanaHasilKerja(TenantModel):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk", db_index=False)
    kunci = models.UUIDField(default=uuid.uuid4)  # same across revisions
    jenis = models.CharField(max_length=8, choices=JenisRhk.choices, default=JenisRhk.UTAMA)
    urutan = models.PositiveSmallIntegerField(default=0)
    rhk = models.TextField("Rencana hasil kerja")
    # JPT only
    klasifikasi = models.CharField(max_length=16, choices=Klasifikasi.choices, blank=True)
    perspektif = models.CharField(max_length=24, choices=Perspektif.choices, blank=True)
    penugasan_dari = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "skp", "urutan"], name="rhk_skp"),
            models.Index(fields=["instansi", "kunci"], name="rhk_kunci"),
        ]
        ordering = ["jenis", "urutan", "id"]
        verbose_name = "rencana hasil kerja"
        verbose_name_plural = "rencana hasil kerja"

    def __str__(self) -> str:
        return self.rhk


class JenisCascading(models.TextChoices):
    LANGSUNG = "langsung", "Langsung"
    TIDAK_LANGSUNG = "tidak langsung", "Tidak langsung"


class Intervensi(TenantModel):
    """A staff RHK contributes to ("intervenes") an approved RHK of the penilai or team leader."""

    rhk = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.CASCADE, related_name="intervensi", db_index=False
    )
    rhk_atasan = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.PROTECT, related_name="diintervensi", db_index=False
    )
    jenis_cascading = models.CharField(max_length=16, choices=JenisCascading.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "rhk", "rhk_atasan"], name="intervensi_unik"
            )
        ]
        indexes = [models.Index(fields=["instansi", "rhk_atasan"], name="intervensi_atasan")]


class AspekIki(models.TextChoices):
    KUANTITAS = "Kuantitas", "Kuantitas"
    KUALITAS = "Kualitas", "Kualitas"
    WAKTU = "Waktu", "Waktu"
    BIAYA = "Biaya", "Biaya"


class IndikatorKinerja(TenantModel):
    """IKI. Kuantitatif: aspek, target_min-target_max and satuan. Kualitatif: `indikator` is the
    description of the expected result and there is no numeric target."""

    rhk = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.CASCADE, related_name="iki", db_index=False
    )
    urutan = models.PositiveSmallIntegerField(default=0)
    indikator = models.TextField()
    aspek = models.CharField(max_length=16, choices=AspekIki.choices, blank=True)
    target_min = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_min__isnull=True)
                | models.Q(target_max__isnull=True)
                | models.Q(target_max__gte=models.F("target_min")),
                name="iki_target_range",
            )
        ]
        indexes = [models.Index(fields=["instansi", "rhk", "urutan"], name="iki_rhk")]
        ordering = ["urutan", "id"]
        verbose_name = "indikator kinerja individu"
        verbose_name_plural = "indikator kinerja individu"

    def __str__(self) -> str:
        return self.indikator


class PerilakuKerja(TenantModel):
    """One BerAKHLAK value on an SKP, with the penilai's Ekspektasi Khusus Pimpinan."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku", db_index=False)
    nilai = models.ForeignKey(
        NilaiBerakhlak, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ekspektasi_khusus = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "skp", "nilai"], name="perilaku_unik")
        ]
        ordering = ["nilai__urutan"]


class JenisLampiran(models.TextChoices):
    DUKUNGAN_SUMBER_DAYA = "Dukungan Sumber Daya", "Dukungan Sumber Daya"
    SKEMA_PERTANGGUNGJAWABAN = "Skema Pertanggungjawaban", "Skema Pertanggungjawaban"
    KONSEKUENSI = "Konsekuensi", "Konsekuensi"


class Lampiran(TenantModel):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran", db_index=False)
    jenis = models.CharField(max_length=32, choices=JenisLampiran.choices)
    urutan = models.PositiveSmallIntegerField(default=0)
    teks = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["instansi", "skp", "jenis"], name="lampiran_skp")]
        ordering = ["jenis", "urutan", "id"]
        verbose_name_plural = "lampiran"


class TimKerja(TenantModel):
    """An agile team: members from any unit may intervene the ketua's RHK."""

    nama = models.CharField(max_length=200)
    ketua = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    tahun = models.PositiveSmallIntegerField()
    anggota: "models.ManyToManyField[Pegawai, AnggotaTim]" = models.ManyToManyField(
        Pegawai, through="AnggotaTim", related_name="tim_kerja"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "ketua", "tahun"], name="tim_ketua")]
        ordering = ["nama"]
        verbose_name_plural = "tim kerja"

    def __str__(self) -> str:
        return self.nama


class AnggotaTim(TenantModel):
    tim = models.ForeignKey(TimKerja, on_delete=models.CASCADE, db_index=False)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tim", "pegawai"], name="anggota_unik")
        ]
        indexes = [models.Index(fields=["instansi", "pegawai"], name="anggota_pegawai")]
