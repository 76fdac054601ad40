"""Stage 2, Pelaksanaan, pemantauan dan pembinaan (domain.md §4).

Periods and their deadlines per instansi and year; the pegawai's work during a period (rencana
aksi, aktivitas harian, realisasi per IKI per period with bukti dukung); and the pembinaan
between penilai and pegawai (umpan balik, dialog kinerja, briefing).

Every table carries `instansi` and leads its indexes with it; reads filter by `instansi_id`.
"""

from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
)

# --- Periods and deadlines -------------------------------------------------------------------


class Granularitas(models.TextChoices):
    BULANAN = "Bulanan", "Bulanan"
    TRIWULANAN = "Triwulanan", "Triwulanan"
    SEMESTERAN = "Semesteran", "Semesteran"


class JenisPeriode(models.TextChoices):
    BULANAN = "Bulanan", "Bulanan"
    TRIWULANAN = "Triwulanan", "Triwulanan"
    SEMESTERAN = "Semesteran", "Semesteran"
    TAHUNAN = "Tahunan", "Tahunan/Akhir"


class AturanBatas(models.TextChoices):
    AKHIR_BULAN_BERIKUT = "akhir_bulan_berikut", "Akhir bulan berikutnya setelah periode berakhir"
    TANGGAL_BULAN_BERIKUT = "tanggal_bulan_berikut", "Tanggal tertentu pada bulan berikutnya"
    TANGGAL_TETAP = "tanggal_tetap", "Tanggal tetap per periode"


class PengaturanPeriode(TenantModel):
    """The Admin Instansi's choice for one year: granularity and the two deadline rules
    (pengisian by the pegawai, penilaian by the penilai)."""

    tahun = models.PositiveSmallIntegerField()
    granularitas = models.CharField(max_length=16, choices=Granularitas.choices)
    aturan_pengisian = models.CharField(max_length=24, choices=AturanBatas.choices)
    hari_pengisian = models.PositiveSmallIntegerField(null=True, blank=True)  # day D
    aturan_penilaian = models.CharField(max_length=24, choices=AturanBatas.choices)
    hari_penilaian = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="pengaturan_periode_unik")
        ]
        verbose_name_plural = "pengaturan periode"

    def __str__(self) -> str:
        return f"Periode {self.tahun}: {self.granularitas}"


class PeriodePenilaian(TenantModel):
    """One period of a year (Triwulan I 2026 …) or the annual one. `batas_*` are the last days
    (inclusive); the deadline is 23:59:59 of that day in the instansi's time zone."""

    tahun = models.PositiveSmallIntegerField()
    jenis = models.CharField(max_length=16, choices=JenisPeriode.choices)
    nomor = models.PositiveSmallIntegerField()  # 1..12, 1..4, 1..2; 1 for Tahunan
    mulai = models.DateField()
    selesai = models.DateField()
    batas_pengisian = models.DateField()
    batas_penilaian = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "jenis", "nomor"], name="periode_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(selesai__gte=models.F("mulai")), name="periode_valid"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "mulai"], name="periode_mulai")]
        ordering = ["tahun", "mulai", "-selesai"]
        verbose_name = "periode penilaian"
        verbose_name_plural = "periode penilaian"

    def __str__(self) -> str:
        from kinerja.pelaksanaan.jadwal import nama_periode

        return nama_periode(self.jenis, self.nomor, self.tahun)


class UntukBatas(models.TextChoices):
    PENGISIAN = "pengisian", "Pengisian (pegawai)"
    PENILAIAN = "penilaian", "Penilaian (pejabat penilai)"


class CakupanPerpanjangan(models.TextChoices):
    INSTANSI = "instansi", "Seluruh instansi"
    UNIT = "unit", "Satu unit (beserta sub-unitnya)"
    PEGAWAI = "pegawai", "Satu pegawai"


class PerpanjanganBatas(TenantModel):
    """An extension of a period's deadline granted by the Admin Instansi, with a reason.
    The effective deadline for a pegawai is the latest of the period's and the extensions
    that cover them (instansi-wide, their unit or a parent unit, themselves)."""

    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.CASCADE, related_name="perpanjangan", db_index=False
    )
    untuk = models.CharField(max_length=16, choices=UntukBatas.choices)
    cakupan = models.CharField(max_length=16, choices=CakupanPerpanjangan.choices)
    unor = models.ForeignKey(
        UnitOrganisasi, null=True, blank=True, on_delete=models.CASCADE, db_index=False
    )
    pegawai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.CASCADE, db_index=False
    )
    batas_baru = models.DateField()
    alasan = models.TextField()
    dibuat_oleh = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "periode"], name="perpanjangan_periode")]
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "perpanjangan batas waktu"


# --- Files ------------------------------------------------------------------------------------


def upload_to(instance: models.Model, filename: str) -> str:
    """Files go under the instansi and a random name; the original name is kept in a field
    (never trusted as a path)."""
    import uuid

    return f"berkas/{instance.instansi_id}/{uuid.uuid4().hex}"  # type: ignore[attr-defined]


class BerkasMixin(models.Model):
    """An uploaded file (checked by content, see berkas.py) or a link. Served only through a
    view that checks who may see the owning row."""

    berkas = models.FileField(upload_to=upload_to, max_length=200, blank=True)
    nama_berkas = models.CharField(max_length=200, blank=True)
    jenis_berkas = models.CharField(max_length=100, blank=True)  # content type, sniffed
    ukuran_berkas = models.PositiveIntegerField(null=True, blank=True)
    tautan = models.URLField(max_length=500, blank=True)

    class Meta:
        abstract = True


# --- Work during the period ------------------------------------------------------------------


class RencanaAksi(TenantModel):
    """What the pegawai plans to do for one RHK in one period, with a target."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    rhk = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.CASCADE, related_name="rencana_aksi", db_index=False
    )
    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    urutan = models.PositiveSmallIntegerField(default=0)
    uraian = models.TextField()
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "rhk", "periode"], name="rencana_aksi_rhk"),
            models.Index(fields=["instansi", "pegawai", "periode"], name="rencana_aksi_pegawai"),
        ]
        ordering = ["urutan", "id"]
        verbose_name_plural = "rencana aksi"

    def __str__(self) -> str:
        return self.uraian


class StatusAktivitas(models.TextChoices):
    MENUNGGU = "Menunggu", "Menunggu"
    DITERIMA = "Diterima", "Diterima"
    DIKEMBALIKAN = "Dikembalikan", "Dikembalikan"


class AktivitasHarian(TenantModel, BerkasMixin):
    """One entry of the daily log. `menit` is derived from the times; entries of one pegawai
    never overlap on a day. Effective minutes are the accepted (Diterima) ones."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    tanggal = models.DateField()
    jam_mulai = models.TimeField()
    jam_selesai = models.TimeField()
    menit = models.PositiveSmallIntegerField()
    uraian = models.TextField()
    rhk = models.ForeignKey(
        RencanaHasilKerja,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    rencana_aksi = models.ForeignKey(
        RencanaAksi,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    kuantitas = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)
    status = models.CharField(
        max_length=16, choices=StatusAktivitas.choices, default=StatusAktivitas.MENUNGGU
    )
    catatan_penilai = models.TextField(blank=True)
    dinilai_oleh = models.ForeignKey(
        Pegawai,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    dinilai_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jam_selesai__gt=models.F("jam_mulai")),
                name="aktivitas_jam_valid",
            )
        ]
        # Big table (partition by month later, see architecture.md): (instansi, tanggal) serves
        # the monthly recap, (instansi, pegawai, tanggal) the calendar and a page of pegawai's
        # minutes (the TPP recap), read from the index alone on PostgreSQL (INCLUDE; SQLite
        # has no INCLUDE and builds the plain index).
        indexes = [
            models.Index(
                fields=["instansi", "pegawai", "tanggal"],
                include=["status", "menit"],
                name="aktivitas_pegawai_menit",
            ),
            models.Index(fields=["instansi", "tanggal"], name="aktivitas_tanggal"),
        ]
        ordering = ["tanggal", "jam_mulai", "id"]
        verbose_name_plural = "aktivitas harian"

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.jam_mulai:%H:%M}-{self.jam_selesai:%H:%M}"


class Realisasi(TenantModel):
    """What one IKI achieved in one period: one row per IKI per period (never one per year).
    `nilai` for a quantitative IKI, `uraian` always (for a qualitative IKI it is the result)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="+", db_index=False)
    iki = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="realisasi", db_index=False
    )
    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    nilai = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    uraian = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "iki", "periode"], name="realisasi_iki_periode"
            )
        ]
        indexes = [models.Index(fields=["instansi", "skp", "periode"], name="realisasi_skp")]
        verbose_name_plural = "realisasi"


class BuktiDukung(TenantModel, BerkasMixin):
    realisasi = models.ForeignKey(
        Realisasi, on_delete=models.CASCADE, related_name="bukti", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "realisasi"], name="bukti_realisasi")]
        ordering = ["created_at", "id"]
        verbose_name_plural = "bukti dukung"

    def __str__(self) -> str:
        return self.nama_berkas or self.tautan


# --- Pembinaan -------------------------------------------------------------------------------


class UmpanBalik(TenantModel):
    """A comment on an RHK, a realisasi or a perilaku value of an SKP. A thread is a root
    comment (induk null) and its replies (induk = the root)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="+", db_index=False)
    rhk = models.ForeignKey(
        RencanaHasilKerja,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    realisasi = models.ForeignKey(
        Realisasi,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    perilaku = models.ForeignKey(
        PerilakuKerja,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    induk = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="balasan",
        db_index=False,
    )
    penulis = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    isi = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "skp", "created_at"], name="umpan_balik_skp")]
        ordering = ["created_at", "id"]
        verbose_name_plural = "umpan balik"


class DialogKinerja(TenantModel):
    """A recorded 1:1 between penilai and pegawai; both confirm it."""

    penilai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    tanggal = models.DateField()
    agenda = models.TextField()
    hasil_kerja = models.TextField(blank=True)
    perilaku = models.TextField(blank=True)
    kompetensi = models.TextField("Kompetensi/pengembangan", blank=True)
    karier = models.TextField(blank=True)
    dikonfirmasi_penilai_at = models.DateTimeField(null=True, blank=True)
    dikonfirmasi_pegawai_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "penilai", "periode"], name="dialog_penilai"),
            models.Index(fields=["instansi", "pegawai", "tanggal"], name="dialog_pegawai"),
        ]
        ordering = ["-tanggal", "-id"]
        verbose_name_plural = "dialog kinerja"

    def __str__(self) -> str:
        return f"Dialog kinerja {self.tanggal:%d-%m-%Y}"


class TindakLanjutDialog(TenantModel):
    """An agreed follow-up. One not done when the next dialog of the pair is recorded is
    carried there (a copy with `dibawa_dari` set; the original is marked `dibawa`)."""

    dialog = models.ForeignKey(
        DialogKinerja, on_delete=models.CASCADE, related_name="tindak_lanjut", db_index=False
    )
    uraian = models.TextField()
    jatuh_tempo = models.DateField()
    selesai = models.BooleanField(default=False)
    selesai_at = models.DateTimeField(null=True, blank=True)
    dibawa = models.BooleanField(default=False)
    dibawa_dari = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [models.Index(fields=["instansi", "dialog"], name="tindak_lanjut_dialog")]
        ordering = ["jatuh_tempo", "id"]
        verbose_name_plural = "tindak lanjut dialog"

    def __str__(self) -> str:
        return self.uraian[:100]


class Briefing(TenantModel):
    """A briefing a leader held for their unit; attendees acknowledge it."""

    unor = models.ForeignKey(
        UnitOrganisasi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    pemimpin = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    tanggal = models.DateField()
    topik = models.CharField(max_length=300)
    arahan = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "unor", "tanggal"], name="briefing_unor"),
            models.Index(fields=["instansi", "pemimpin", "tanggal"], name="briefing_pemimpin"),
        ]
        ordering = ["-tanggal", "-id"]
        verbose_name_plural = "briefing"

    def __str__(self) -> str:
        return f"Briefing {self.tanggal:%d-%m-%Y}: {self.topik}"[:200]


class PesertaBriefing(TenantModel):
    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="peserta", db_index=False
    )
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    dikonfirmasi_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "briefing", "pegawai"], name="peserta_briefing_unik"
            )
        ]
        indexes = [models.Index(fields=["instansi", "pegawai"], name="peserta_briefing_pegawai")]
        verbose_name_plural = "peserta briefing"


class LampiranBriefing(TenantModel, BerkasMixin):
    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="lampiran", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "briefing"], name="lampiran_briefing")]
        verbose_name_plural = "lampiran briefing"

    def __str__(self) -> str:
        return self.nama_berkas or self.tautan
