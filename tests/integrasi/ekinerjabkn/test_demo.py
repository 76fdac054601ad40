"""demo.seed/hapus on the small demo org."""

from kinerja.integrasi.ekinerjabkn import demo
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from kinerja.integrasi.models import LogSinkron
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi


def test_demo_seed_is_idempotent_and_hapus_clears(db):
    assert demo.seed() == demo.Hasil(0, 0)  # no demo instansi yet
    org_demo.seed(org_demo.MIN_PEGAWAI)
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    assert demo.seed() == demo.Hasil(1, demo.JUMLAH)
    rows = HasilEkinerjaBkn.objects.filter(instansi=instansi)
    assert rows.count() == demo.JUMLAH
    assert {r.periode_akhir.year for r in rows} == {org_demo.TAHUN_ACUAN - 1}
    assert set(rows.values_list("predikat", flat=True)) == {
        "Baik",
        "Sangat Baik",
        "Butuh Perbaikan",
    }
    assert ImporEkinerjaBkn.objects.get(instansi=instansi).status == "diterapkan"
    assert LogSinkron.objects.filter(instansi=instansi, sistem="e-Kinerja BKN").count() == 1
    assert demo.seed() == demo.Hasil(0, 0)
    demo.hapus([instansi.pk])
    assert not HasilEkinerjaBkn.objects.exists() and not ImporEkinerjaBkn.objects.exists()
    assert not LogSinkron.objects.filter(sistem="e-Kinerja BKN").exists()


def test_benchmark_on_the_small_demo(db):
    from kinerja.integrasi.ekinerjabkn import benchmark
    from kinerja.org.models import Pegawai

    org_demo.seed(org_demo.MIN_PEGAWAI)
    demo.seed()
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    figures: dict[str, tuple[float, str]] = {}
    benchmark.ukur(lambda name, value, unit: figures.__setitem__(name, (value, unit)), "kecil")
    assert set(figures) == {
        "ekinerjabkn_pratinjau_kecil",
        "ekinerjabkn_terapkan_kecil",
        "ekinerjabkn_ulang_kecil",
    }
    assert all(unit == "s" and value > 0 for value, unit in figures.values())
    print(figures)
    aktif = Pegawai.objects.filter(instansi=instansi, aktif=True).count()
    assert aktif > demo.JUMLAH
    # The demo state is back: only the seeded batch.
    assert HasilEkinerjaBkn.objects.filter(instansi=instansi).count() == demo.JUMLAH
    assert ImporEkinerjaBkn.objects.filter(instansi=instansi).count() == 1
