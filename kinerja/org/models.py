"""Master data (domain.md §2): instansi, unor tree, jabatan, pegawai, position history,
and the national reference tables loaded by migrations."""

from django.db import models
from django.db.models import Q

from kinerja.core.models import TenantModel

# --- Reference data (national, not per instansi) -------------------------------------------


class JenisAsn(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


class Golongan(models.Model):
    jenis_asn = models.CharField(max_length=4, choices=JenisAsn.choices)
    kode = models.CharField(max_length=8)  # "III/a" or "IX"
    pangkat = models.CharField(max_length=64, blank=True)  # "Penata Muda"; empty for PPPK
    urutan = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jenis_asn", "kode"], name="golongan_unique")
        ]
        ordering = ["jenis_asn", "urutan"]

    def __str__(self) -> str:
        return f"{self.pangkat}, {self.kode}" if self.pangkat else self.kode


class KategoriFungsional(models.TextChoices):
    KEAHLIAN = "Keahlian", "Keahlian"
    KETERAMPILAN = "Keterampilan", "Keterampilan"


class JenjangFungsional(models.Model):
    """JF jenjang with its annual koefisien angka kredit (PermenPANRB 1/2023)."""

    kategori = models.CharField(max_length=16, choices=KategoriFungsional.choices)
    nama = models.CharField(max_length=32)
    koefisien = models.DecimalField(max_digits=6, decimal_places=2)
    ak_kenaikan_pangkat = models.DecimalField(max_digits=6, decimal_places=2)
    ak_kenaikan_jenjang = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    urutan = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nama"], name="jenjang_unique")]
        ordering = ["kategori", "urutan"]

    def __str__(self) -> str:
        return self.nama


class NilaiBerakhlak(models.Model):
    """A BerAKHLAK core value; wording kept per version (SE MenPANRB 20/2021, UU 20/2023)."""

    versi = models.CharField(max_length=32)
    urutan = models.PositiveSmallIntegerField()
    nama = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["versi", "urutan"], name="berakhlak_unique")]
        ordering = ["versi", "urutan"]

    def __str__(self) -> str:
        return self.nama


class PanduanPerilaku(models.Model):
    nilai = models.ForeignKey(NilaiBerakhlak, on_delete=models.CASCADE, related_name="panduan")
    urutan = models.PositiveSmallIntegerField()
    teks = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nilai", "urutan"], name="panduan_unique")]
        ordering = ["nilai", "urutan"]

    def __str__(self) -> str:
        return self.teks


# --- Tenant master data --------------------------------------------------------------------


class JenisInstansi(models.TextChoices):
    PUSAT = "pusat", "Instansi Pusat"
    DAERAH = "daerah", "Instansi Daerah"


class ZonaWaktu(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


class Instansi(models.Model):
    kode = models.CharField(max_length=16, unique=True)
    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=8, choices=JenisInstansi.choices)
    zona_waktu = models.CharField(max_length=16, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB)
    # Default pendekatan of new SKPs (domain.md §3); Banda Aceh requires Kuantitatif.
    pendekatan_skp = models.CharField(
        max_length=16,
        choices=[("Kuantitatif", "Kuantitatif"), ("Kualitatif", "Kualitatif")],
        default="Kuantitatif",
    )
    aktif = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nama"]
        verbose_name_plural = "instansi"

    def __str__(self) -> str:
        return self.nama


class JenisJabatan(models.TextChoices):
    JPT = "JPT", "JPT"
    ADMINISTRATOR = "Administrator", "Administrator"
    PENGAWAS = "Pengawas", "Pengawas"
    PELAKSANA = "Pelaksana", "Pelaksana"
    FUNGSIONAL = "Fungsional", "Fungsional"


class Jabatan(TenantModel):
    """A kind of position in an instansi ("Kepala Dinas Pendidikan", "Analis Kebijakan Ahli Muda").

    Identified by its name within the instansi; several pegawai may hold the same jabatan.
    """

    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=16, choices=JenisJabatan.choices)
    kategori_fungsional = models.CharField(
        max_length=16, choices=KategoriFungsional.choices, blank=True
    )
    jenjang = models.ForeignKey(
        JenjangFungsional,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    kelas_jabatan = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama"], name="jabatan_unique_nama"),
            models.CheckConstraint(
                condition=Q(jenis="Fungsional") | Q(jenjang__isnull=True),
                name="jabatan_jenjang_only_fungsional",
            ),
        ]
        ordering = ["nama"]
        verbose_name_plural = "jabatan"

    def __str__(self) -> str:
        return self.nama


class UnitOrganisasi(TenantModel):
    """A node of the unor tree. `path` is a materialized path ("/12/57/") for subtree reads."""

    kode = models.CharField(max_length=64)  # the source system's id (SIASN/SIMPEG)
    nama = models.CharField(max_length=255)
    induk = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
        db_index=False,
    )
    jabatan_pimpinan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    path = models.CharField(max_length=512, blank=True)
    kedalaman = models.PositiveSmallIntegerField(default=0)
    aktif = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)  # API v1 `updated_since`

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="unor_unique_kode"),
        ]
        indexes = [
            models.Index(fields=["instansi", "induk"], name="unor_instansi_induk"),
            models.Index(fields=["instansi", "path"], name="unor_instansi_path"),
            models.Index(fields=["instansi", "updated_at", "id"], name="unor_instansi_updated"),
        ]
        ordering = ["nama"]
        verbose_name = "unit organisasi"
        verbose_name_plural = "unit organisasi"

    def __str__(self) -> str:
        return self.nama


class Pegawai(TenantModel):
    """An ASN (PNS or PPPK). Current position is kept here for fast lists; the full history
    lives in RiwayatJabatan."""

    nip = models.CharField(max_length=18)
    nama = models.CharField(max_length=200)
    gelar_depan = models.CharField(max_length=32, blank=True)
    gelar_belakang = models.CharField(max_length=64, blank=True)
    jenis_asn = models.CharField(max_length=4, choices=JenisAsn.choices)
    jenis_kelamin = models.CharField(max_length=1, choices=[("L", "Laki-laki"), ("P", "Perempuan")])
    tanggal_lahir = models.DateField()
    golongan = models.ForeignKey(
        Golongan, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    unor = models.ForeignKey(
        UnitOrganisasi, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    atasan_override = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="Atasan yang ditetapkan manual, menggantikan atasan dari pohon unor.",
    )
    email = models.EmailField(blank=True)
    is_guru = models.BooleanField(default=False)
    aktif = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nip"], name="pegawai_unique_nip"),
        ]
        indexes = [
            models.Index(fields=["instansi", "nama", "id"], name="pegawai_instansi_nama"),
            models.Index(fields=["instansi", "unor"], name="pegawai_instansi_unor"),
            models.Index(fields=["instansi", "jabatan"], name="pegawai_instansi_jabatan"),
            models.Index(fields=["instansi", "atasan_override"], name="pegawai_instansi_atasan"),
            models.Index(fields=["instansi", "updated_at", "id"], name="pegawai_instansi_updated"),
        ]
        ordering = ["nama", "id"]
        verbose_name_plural = "pegawai"

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama


class JenisPenugasan(models.TextChoices):
    DEFINITIF = "Definitif", "Definitif"
    PLT = "PLT", "Pelaksana Tugas (PLT)"
    PLH = "PLH", "Pelaksana Harian (PLH)"


class RiwayatJabatan(TenantModel):
    """A position held from `berlaku_mulai` to `berlaku_sampai` (inclusive; open when null).

    Definitif rows are the pegawai's own positions; PLT/PLH rows are acting assignments to the
    leader position of another unit, held on top of the definitif one.
    """

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="riwayat_jabatan", db_index=False
    )
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+", db_index=False)
    unor = models.ForeignKey(
        UnitOrganisasi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    jenis_penugasan = models.CharField(
        max_length=16, choices=JenisPenugasan.choices, default=JenisPenugasan.DEFINITIF
    )
    berlaku_mulai = models.DateField()
    berlaku_sampai = models.DateField(null=True, blank=True)
    nomor_sk = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__isnull=True)
                | Q(berlaku_sampai__gte=models.F("berlaku_mulai")),
                name="riwayat_periode_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "berlaku_mulai"], name="riwayat_pegawai"),
            models.Index(fields=["instansi", "unor", "jenis_penugasan"], name="riwayat_unor"),
            models.Index(fields=["instansi", "jabatan"], name="riwayat_jabatan"),
        ]
        ordering = ["-berlaku_mulai", "-id"]

    def __str__(self) -> str:
        return f"{self.jabatan} ({self.jenis_penugasan})"


class JenisImpor(models.TextChoices):
    UNOR = "unor", "Unit organisasi"
    PEGAWAI = "pegawai", "Pegawai"


class StatusImpor(models.TextChoices):
    PRATINJAU = "pratinjau", "Pratinjau"
    GAGAL_VALIDASI = "gagal_validasi", "Ada kesalahan"
    DITERAPKAN = "diterapkan", "Diterapkan"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


class ImportBatch(TenantModel):
    """One uploaded file: validated in a dry run (pratinjau), then applied all-or-nothing."""

    jenis = models.CharField(max_length=16, choices=JenisImpor.choices)
    nama_file = models.CharField(max_length=255)
    berkas = models.FileField(upload_to="impor/%Y/%m/")
    status = models.CharField(max_length=16, choices=StatusImpor.choices)
    jumlah_baris = models.PositiveIntegerField(default=0)
    ringkasan = models.JSONField(default=dict, blank=True)  # {"baru": n, "diubah": n, ...}
    kesalahan = models.JSONField(default=list, blank=True)  # [{"baris", "kolom", "pesan"}]
    dibuat_oleh = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    diterapkan_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "-created_at"], name="impor_instansi_time")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Impor {self.get_jenis_display()} {self.nama_file}"
