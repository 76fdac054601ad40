"""Stage 3, Penilaian kinerja (domain.md §5).

An `Evaluasi` is one pegawai's evaluation for one period (each periodic period and the annual
one) on one SKP: the two ratings set by the penilai and the predikat computed from them (never
typed). `KinerjaOrganisasi` is a unit's predikat for a period; it covers the unit and every
sub-unit without its own, and it is the group the kurva distribusi is checked on. A final
result may meet a `Keberatan`, decided by the atasan penilai. Every change leaves a
`RiwayatEvaluasi` row next to the audit event, so the result page shows its history.
"""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian.aturan import (
    JENDELA_KEBERATAN_BAWAAN,
    UKURAN_UNIT_KECIL_BAWAAN,
    ModeKurva,
    Predikat,
    PredikatOrganisasi,
    Rating,
)
from kinerja.perencanaan.models import Skp

USER = settings.AUTH_USER_MODEL


class PengaturanPenilaian(TenantModel):
    """The Admin Instansi's configuration of stage 3 (the defaults of domain.md apply until
    saved): the kurva rules and mode, the small-unit size, the keberatan window, the JPT map."""

    mode_kurva = models.CharField(
        max_length=16, choices=ModeKurva.choices, default=ModeKurva.PERINGATAN
    )
    ukuran_unit_kecil = models.PositiveSmallIntegerField(default=UKURAN_UNIT_KECIL_BAWAAN)
    aturan_kurva = models.JSONField(default=dict, blank=True)  # {} = defaults of aturan.py
    pemetaan_jpt = models.JSONField(default=dict, blank=True)  # {} = defaults of aturan.py
    jendela_keberatan_hari = models.PositiveSmallIntegerField(default=JENDELA_KEBERATAN_BAWAAN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturan_penilaian_unik")
        ]
        verbose_name_plural = "pengaturan penilaian"


class KinerjaOrganisasi(TenantModel):
    """Predikat Kinerja Organisasi of a unit for a period, set by the leader of the unit above
    (or the Admin Instansi) before the unit's pegawai are finalised."""

    unor = models.ForeignKey(UnitOrganisasi, on_delete=models.PROTECT, db_index=False)
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, db_index=False)
    predikat = models.CharField(max_length=24, choices=PredikatOrganisasi.choices)
    catatan = models.TextField(blank=True)
    ditetapkan_oleh = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    ditetapkan_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "unor"], name="kinerja_organisasi_unik"
            )
        ]
        verbose_name = "predikat kinerja organisasi"
        verbose_name_plural = "predikat kinerja organisasi"

    def __str__(self) -> str:
        return f"{self.predikat} ({self.periode})"


class StatusEvaluasi(models.TextChoices):
    DRAFT = "Draft", "Draft"
    FINAL = "Final", "Final"
    KEBERATAN = "Keberatan Diajukan", "Keberatan Diajukan"
    DIPERIKSA = "Diperiksa", "Diperiksa"
    TETAP = "Tetap", "Tetap"
    DIUBAH = "Diubah", "Diubah"


SUDAH_FINAL = (
    StatusEvaluasi.FINAL,
    StatusEvaluasi.KEBERATAN,
    StatusEvaluasi.DIPERIKSA,
    StatusEvaluasi.TETAP,
    StatusEvaluasi.DIUBAH,
)


class Evaluasi(TenantModel):
    """One pegawai's evaluation for one period on one SKP (`skp_mulai` keys the SKP across its
    revisions; a pegawai who changed penilai mid-year has one SKP, and one evaluation, per
    penilai). `predikat` is always matrix(rating_hasil_kerja, rating_perilaku); a keberatan
    decided `Diubah` replaces the ratings and predikat here, so every downstream read takes
    the post-keberatan result from this row."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="+", db_index=False)
    skp_mulai = models.DateField()
    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    atasan_penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The pegawai's unit when rated: the kurva counts them in the unit holding the nearest
    # predikat organisasi at or above it.
    unor = models.ForeignKey(
        UnitOrganisasi, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    is_jpt = models.BooleanField(default=False)
    rating_hasil_kerja = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    predikat = models.CharField(max_length=24, choices=Predikat.choices, blank=True)
    # Umpan balik of the penilai per RHK ({rhk kunci: text}) and per BerAKHLAK value
    # ({nilai id: text}), and a general note.
    umpan_balik_rhk = models.JSONField(default=dict, blank=True)
    umpan_balik_perilaku = models.JSONField(default=dict, blank=True)
    catatan = models.TextField(blank=True)
    status = models.CharField(
        max_length=24, choices=StatusEvaluasi.choices, default=StatusEvaluasi.DRAFT
    )
    versi = models.PositiveSmallIntegerField(default=1)  # +1 when a keberatan changes it
    # People and positions as they were: taken when rated, frozen at finalisation.
    snapshot = models.JSONField(default=dict)
    dinilai_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    dinilai_at = models.DateTimeField(null=True, blank=True)
    difinalkan_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # Finalisation is when the pegawai is notified; the keberatan window counts from it.
    difinalkan_at = models.DateTimeField(null=True, blank=True)
    # Set when the result was imported from another system ("Ruang GTK"): read-only here.
    sumber = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "skp_mulai", "periode"], name="evaluasi_unik"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="Final") | ~models.Q(predikat=""),
                name="evaluasi_final_berpredikat",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "periode", "unor"], name="evaluasi_periode_unor"),
            models.Index(fields=["instansi", "penilai", "periode"], name="evaluasi_penilai"),
            models.Index(fields=["instansi", "atasan_penilai", "periode"], name="evaluasi_atasan"),
            models.Index(fields=["instansi", "updated_at", "id"], name="evaluasi_instansi_updated"),
        ]
        ordering = ["periode__mulai", "-periode__selesai"]
        verbose_name = "evaluasi kinerja"
        verbose_name_plural = "evaluasi kinerja"

    def __str__(self) -> str:
        nama = self.snapshot.get("pegawai", {}).get("nama", "")
        return f"Evaluasi {nama} {self.periode}".strip()

    @property
    def sudah_final(self) -> bool:
        return self.status in SUDAH_FINAL


class RiwayatEvaluasi(TenantModel):
    """The result's history as the result page shows it: each rating, finalisation and
    keberatan step with the state after it."""

    evaluasi = models.ForeignKey(
        Evaluasi, on_delete=models.CASCADE, related_name="riwayat", db_index=False
    )
    aksi = models.CharField(max_length=32)
    keterangan = models.TextField(blank=True)
    oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    oleh_nama = models.CharField(max_length=255, blank=True)
    rating_hasil_kerja = models.CharField(max_length=24, blank=True)
    rating_perilaku = models.CharField(max_length=24, blank=True)
    predikat = models.CharField(max_length=24, blank=True)
    status = models.CharField(max_length=24)
    versi = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi", "evaluasi"], name="riwayat_evaluasi")]
        ordering = ["created_at", "id"]


class StatusKeberatan(models.TextChoices):
    DIAJUKAN = "Keberatan Diajukan", "Keberatan Diajukan"
    DIPERIKSA = "Diperiksa", "Diperiksa"
    TETAP = "Tetap", "Tetap"
    DIUBAH = "Diubah", "Diubah"


class Keberatan(TenantModel):
    """An objection to a final result (PP 30/2019 Pasal 59), filed by the pegawai with reasons
    to the atasan penilai (`diputus_oleh_pegawai`; empty at the top of the instansi, where the
    Admin Instansi decides on the kepala daerah's behalf). The decision is final."""

    evaluasi = models.ForeignKey(
        Evaluasi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    diputus_oleh_pegawai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    alasan = models.TextField()
    status = models.CharField(
        max_length=24, choices=StatusKeberatan.choices, default=StatusKeberatan.DIAJUKAN
    )
    rating_hasil_kerja_lama = models.CharField(max_length=24)
    rating_perilaku_lama = models.CharField(max_length=24)
    predikat_lama = models.CharField(max_length=24)
    rating_hasil_kerja_baru = models.CharField(max_length=24, blank=True)
    rating_perilaku_baru = models.CharField(max_length=24, blank=True)
    predikat_baru = models.CharField(max_length=24, blank=True)
    alasan_keputusan = models.TextField(blank=True)
    diajukan_at = models.DateTimeField()
    diputuskan_at = models.DateTimeField(null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "evaluasi"], name="keberatan_unik")
        ]
        indexes = [
            models.Index(fields=["instansi", "diputus_oleh_pegawai"], name="keberatan_atasan"),
            models.Index(fields=["instansi", "pegawai"], name="keberatan_pegawai"),
            models.Index(fields=["instansi", "status"], name="keberatan_status"),
        ]
        ordering = ["-diajukan_at"]
        verbose_name_plural = "keberatan"

    def __str__(self) -> str:
        return f"Keberatan atas {self.evaluasi}"

    @property
    def selesai(self) -> bool:
        return self.status in (StatusKeberatan.TETAP, StatusKeberatan.DIUBAH)


class PihakPenjelasan(models.TextChoices):
    PENILAI = "penilai", "Pejabat Penilai Kinerja"
    PEGAWAI = "pegawai", "Pegawai"


class PenjelasanKeberatan(TenantModel):
    """A question of the atasan penilai to the penilai or to the pegawai, and the answer."""

    keberatan = models.ForeignKey(
        Keberatan, on_delete=models.CASCADE, related_name="penjelasan", db_index=False
    )
    pihak = models.CharField(max_length=8, choices=PihakPenjelasan.choices)
    penjawab = models.ForeignKey(
        Pegawai, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    pertanyaan = models.TextField()
    diminta_at = models.DateTimeField()
    jawaban = models.TextField(blank=True)
    dijawab_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "keberatan", "pihak"], name="penjelasan_unik"
            )
        ]
        ordering = ["pihak"]
        verbose_name_plural = "penjelasan keberatan"
