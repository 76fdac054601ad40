"""Angka kredit of pegawai in jabatan fungsional (domain.md §6, PermenPANRB 1/2023).

`AngkaKredit` is the ledger: one row per final evaluation of a JF pegawai, with the jenjang
and koefisien as they were when it was first booked, the months it covers and counts, the
post-keberatan predikat and the AK earned (rules in aturan.py). Rows are derived: services
rebuild them from the evaluations (the receiver of `evaluasi_final`, the bulk recompute).

`SaldoAngkaKredit` is the pegawai's starting point set by the Admin Instansi: the AK awal (from
the last PAK/konversi outside this system) as of a start date; the cumulative total is the AK
awal plus what the ledger earns for the months from that date on.
"""

from django.conf import settings
from django.db import models

from kinerja.core.models import TenantModel
from kinerja.org.models import JenjangFungsional, Pegawai
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.aturan import Predikat
from kinerja.penilaian.models import Evaluasi


class AngkaKredit(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    evaluasi = models.ForeignKey(
        Evaluasi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    jenis_periode = models.CharField(max_length=16, choices=JenisPeriode.choices)
    # The months the evaluation covers (period ∩ SKP), first and last day.
    mulai = models.DateField()
    selesai = models.DateField()
    # Snapshot: the jenjang held at the end of the covered months and its koefisien then.
    jenjang = models.ForeignKey(
        JenjangFungsional, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    koefisien = models.DecimalField(max_digits=6, decimal_places=2)
    bulan_cakupan = models.PositiveSmallIntegerField()  # months covered
    bulan = models.PositiveSmallIntegerField()  # months counted (see aturan.bulan_dihitung)
    predikat = models.CharField(max_length=24, choices=Predikat.choices)
    persentase = models.DecimalField(max_digits=5, decimal_places=2)  # 150.00 for Sangat Baik
    nilai = models.DecimalField(max_digits=9, decimal_places=3)
    versi = models.PositiveSmallIntegerField()  # the evaluation's versi when computed
    keterangan = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)  # API v1 `updated_since`

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "evaluasi"], name="angka_kredit_unik"),
            models.CheckConstraint(
                condition=models.Q(bulan__lte=models.F("bulan_cakupan")),
                name="angka_kredit_bulan_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "mulai"], name="angka_kredit_pegawai"),
            models.Index(fields=["instansi", "updated_at", "id"], name="angka_kredit_updated"),
        ]
        ordering = ["mulai", "-selesai", "id"]
        verbose_name = "angka kredit"
        verbose_name_plural = "angka kredit"

    def __str__(self) -> str:
        return f"Angka kredit {self.nilai} ({self.periode_id})"


class SaldoAngkaKredit(TenantModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+", db_index=False)
    ak_awal = models.DecimalField(max_digits=9, decimal_places=3)
    tanggal_mulai = models.DateField()  # TMT of the AK awal
    keterangan = models.CharField(max_length=255, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "pegawai"], name="saldo_angka_kredit_unik"),
            models.CheckConstraint(
                condition=models.Q(ak_awal__gte=0), name="saldo_angka_kredit_positif"
            ),
        ]
        verbose_name = "saldo angka kredit"
        verbose_name_plural = "saldo angka kredit"

    def __str__(self) -> str:
        return f"Saldo angka kredit {self.ak_awal} sejak {self.tanggal_mulai}"
