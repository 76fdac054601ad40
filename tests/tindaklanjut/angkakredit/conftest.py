"""Builders of the angka kredit tests: make a pegawai of the test org a pejabat fungsional,
and final evaluations written straight into the table (as the demo and the benchmark do,
without events); the receiver tests go through the penilaian services instead."""

from decimal import Decimal

from kinerja.org.models import Jabatan, JenjangFungsional, Pegawai, RiwayatJabatan
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit

__all__ = ["D", "buat_evaluasi", "jadikan_jf", "jenjang", "ledger"]

D = Decimal


def jenjang(nama: str) -> JenjangFungsional:
    return JenjangFungsional.objects.get(nama=nama)


def jadikan_jf(pegawai: Pegawai, nama_jenjang: str = "Ahli Muda") -> Jabatan:
    """Make the pegawai's current position (and its history row) a JF position of a jenjang."""
    j = jenjang(nama_jenjang)
    jabatan, _ = Jabatan.objects.get_or_create(
        instansi=pegawai.instansi,
        nama=f"Analis Kebijakan {nama_jenjang}",
        defaults={"jenis": "Fungsional", "kategori_fungsional": j.kategori, "jenjang": j},
    )
    Pegawai.objects.filter(pk=pegawai.pk).update(jabatan=jabatan)
    RiwayatJabatan.objects.filter(pegawai=pegawai, berlaku_sampai__isnull=True).update(
        jabatan=jabatan
    )
    pegawai.refresh_from_db()
    return jabatan


def buat_evaluasi(
    skp: Skp,
    periode: PeriodePenilaian,
    predikat: str = "Baik",
    status: str = StatusEvaluasi.FINAL,
    versi: int = 1,
) -> Evaluasi:
    return Evaluasi.objects.create(
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=periode,
        penilai_id=skp.penilai_id,
        atasan_penilai_id=skp.atasan_penilai_id,
        predikat=predikat,
        status=status,
        versi=versi,
    )


def ledger(pegawai: Pegawai) -> dict[int, tuple[int, int, Decimal, str]]:
    """evaluasi id -> (bulan_cakupan, bulan, nilai, keterangan) of the pegawai's rows."""
    rows = AngkaKredit.objects.filter(pegawai=pegawai)
    return {r.evaluasi_id: (r.bulan_cakupan, r.bulan, r.nilai, r.keterangan) for r in rows}
