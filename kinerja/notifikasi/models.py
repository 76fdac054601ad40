"""E-mail outbox, per-user preferences, per-instansi reminder settings, and the two tables
that make reminders idempotent (ADR 0008). Fields and constraints only."""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.pelaksanaan.models import UntukBatas  # the deadlines reminded


class StatusSurat(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    MENGIRIM = "mengirim", "Sedang dikirim"
    TERKIRIM = "terkirim", "Terkirim"
    GAGAL = "gagal", "Gagal"
    # The sender died mid-send: the relay may or may not have taken it; never sent again.
    RAGU = "ragu", "Tidak pasti"


class SuratKeluar(TenantModel):
    """One e-mail for one notification (an outbox: written in the event's transaction, so an
    e-mail is never lost nor sent for a rolled-back event)."""

    notifikasi = models.OneToOneField(
        "core.Notifikasi", on_delete=models.CASCADE, related_name="surat"
    )
    kepada = models.EmailField()
    subjek = models.CharField(max_length=250)
    isi = models.TextField()
    status = models.CharField(
        max_length=16, choices=StatusSurat.choices, default=StatusSurat.MENUNGGU
    )
    percobaan = models.PositiveSmallIntegerField(default=0)
    berikutnya_at = models.DateTimeField()
    sewa_sampai = models.DateTimeField(null=True, blank=True)
    terkirim_at = models.DateTimeField(null=True, blank=True)
    galat = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["instansi", "status", "berikutnya_at"], name="surat_antrean"),
            # The sender's sweep is across instansi: due rows of every tenant.
            models.Index(fields=["status", "berikutnya_at"], name="surat_jatuh_tempo"),
        ]
        verbose_name_plural = "surat keluar"


class PreferensiNotifikasi(TenantModel):
    """What a user does not want by e-mail (kategori of `jenis.KATEGORI`). No row: all on.
    In-app notifications are always made: they are the record."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferensi"
    )
    email_mati = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferensi notifikasi"


def _hari_bawaan() -> list[int]:
    return [7, 3, 1]


class PengaturanPengingat(TenantModel):
    """Reminder settings of one instansi (made on first need, with the defaults)."""

    hari_sebelum = models.JSONField(default=_hari_bawaan)  # days before each deadline
    jam = models.PositiveSmallIntegerField(default=7)  # local hour the reminders go out
    ringkasan_penilai = models.BooleanField(default=True)
    aktif = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturan_pengingat_unik")
        ]
        verbose_name_plural = "pengaturan pengingat"


class StatusPutaran(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"


class PutaranPengingat(TenantModel):
    """One round of reminders: one deadline (periode, untuk, batas) at one offset."""

    periode = models.ForeignKey(
        "pelaksanaan.PeriodePenilaian", on_delete=models.CASCADE, related_name="+"
    )
    untuk = models.CharField(max_length=16, choices=UntukBatas.choices)
    batas = models.DateField()
    hari_sebelum = models.SmallIntegerField()
    status = models.CharField(
        max_length=16, choices=StatusPutaran.choices, default=StatusPutaran.MENUNGGU
    )
    sewa_sampai = models.DateTimeField(null=True, blank=True)
    jumlah_pegawai = models.PositiveIntegerField(default=0)
    jumlah_penilai = models.PositiveIntegerField(default=0)
    jumlah_ringkasan = models.PositiveIntegerField(default=0)
    jumlah_email = models.PositiveIntegerField(default=0)
    jumlah_tanpa_akun = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    selesai_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "untuk", "batas", "hari_sebelum"],
                name="putaran_pengingat_unik",
            )
        ]
        indexes = [models.Index(fields=["instansi", "-created_at"], name="putaran_terbaru")]
        verbose_name_plural = "putaran pengingat"


class JenisPengingat(models.TextChoices):
    PEGAWAI = "pegawai", "Pegawai"
    PENILAI = "penilai", "Penilai"
    RINGKASAN = "ringkasan", "Ringkasan penilai"
    PERPANJANGAN = "perpanjangan", "Perpanjangan batas"


class PengingatTerkirim(TenantModel):
    """One reminder to one person for one key: the unique constraint is the guarantee that
    retries, restarts and a second scheduler never remind anyone twice."""

    periode = models.ForeignKey(
        "pelaksanaan.PeriodePenilaian", on_delete=models.CASCADE, related_name="+"
    )
    untuk = models.CharField(max_length=16, choices=UntukBatas.choices)
    batas = models.DateField()
    hari_sebelum = models.SmallIntegerField()
    jenis = models.CharField(max_length=16, choices=JenisPengingat.choices)
    pegawai = models.ForeignKey(
        "org.Pegawai", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    token = models.UUIDField()  # the attempt that inserted it
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "instansi",
                    "periode",
                    "untuk",
                    "batas",
                    "hari_sebelum",
                    "jenis",
                    "pegawai",
                ],
                name="pengingat_terkirim_unik",
            )
        ]
        indexes = [
            models.Index(fields=["instansi", "periode", "created_at"], name="pengingat_periode")
        ]
        verbose_name_plural = "pengingat terkirim"
