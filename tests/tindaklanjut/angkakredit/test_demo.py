"""The demo seed (after seed_demo's penilaian stage) and the benchmark figures, on a small
demo instansi: every final result of a JF pegawai booked, a few saldo awal, idempotent, and
removable."""

import datetime as dt

import pytest

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.perencanaan import demo as skp_demo
from kinerja.tindaklanjut.angkakredit import benchmark
from kinerja.tindaklanjut.angkakredit import demo as ak_demo
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit

HARI = dt.date(org_demo.TAHUN_ACUAN, 11, 22)  # Triwulan I-III over


@pytest.fixture
def kota(db: None) -> Instansi:
    """The stages our seed builds on, called directly (not seed_demo: the other stage-4 seeds
    are not ours to wait for), the penilaian around a fixed day whatever today is."""
    org_demo.seed(150)
    skp_demo.seed()
    penilaian_demo.seed(hari_ini=HARI)
    return Instansi.objects.get(kode=org_demo.KOTA.kode)


@pytest.mark.django_db
def test_seed_books_every_final_jf_result_once_is_idempotent_and_measured(kota):
    hasil = ak_demo.seed()
    final_jf = Evaluasi.objects.filter(
        instansi=kota, status__in=SUDAH_FINAL, pegawai__jabatan__jenjang__isnull=False
    )
    assert hasil.baris == final_jf.count() > 0
    assert set(AngkaKredit.objects.values_list("evaluasi_id", flat=True)) == set(
        final_jf.values_list("id", flat=True)
    )
    admin = SaldoAngkaKredit.objects.get(pegawai__nip=org_demo.ADMIN_INSTANSI.nip)
    assert admin.ak_awal > 0
    assert SaldoAngkaKredit.objects.count() == hasil.saldo > 1
    again = ak_demo.seed()
    assert again == ak_demo.Hasil(0, 0)
    assert AngkaKredit.objects.count() == hasil.baris
    # The benchmark (one seed for both: it is the slow part).
    got = {}
    benchmark.REQUESTS = 5
    benchmark.ukur(lambda name, value, unit: got.__setitem__(name, (value, unit)), "150")
    assert got["angka_kredit_hitung_ulang_150"][1] == "s"
    assert got["angka_kredit_baris_150"][0] == AngkaKredit.objects.count() > 0
    assert "angka_kredit_daftar_p95" in got
    ak_demo.hapus([kota.pk])
    assert not AngkaKredit.objects.exists() and not SaldoAngkaKredit.objects.exists()
