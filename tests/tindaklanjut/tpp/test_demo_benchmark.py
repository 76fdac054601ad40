"""demo.seed/hapus on a small demo org, and the benchmark's export in this process (the real
benchmark runs it in a fresh process, which cannot see the test database)."""

import datetime as dt

from kinerja.core.models import Pekerjaan
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.tindaklanjut.tpp import benchmark, demo, rekap
from kinerja.tindaklanjut.tpp.models import BesaranTpp, Disiplin, KonfigurasiTpp


def test_demo_seed_is_idempotent_and_hapus_clears(db):
    org_demo.seed(org_demo.MIN_PEGAWAI)
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    hasil = demo.seed(hari_ini=dt.date(2026, 11, 3))
    aktif = Pegawai.objects.filter(instansi=instansi, aktif=True).count()
    assert (hasil.konfigurasi, hasil.disiplin, hasil.bulan) == (1, aktif, dt.date(2026, 11, 1))
    assert BesaranTpp.objects.filter(instansi=instansi).count() == 17
    assert demo.seed() == demo.Hasil(0, 0)
    # The benchmark's preparation and one export (in this process).
    bulan = benchmark.bulan_ukur(instansi)
    benchmark.siapkan(instansi, bulan)
    done = []
    out = rekap.tugas_rekap(
        lambda n, t: done.append((n, t)), instansi.pk, bulan.year, bulan.month, "xlsx"
    )
    assert done[-1] == (aktif, aktif) and out.path.stat().st_size > 1000
    out.path.unlink()
    demo.hapus([instansi.pk])
    assert not KonfigurasiTpp.objects.exists() and not Disiplin.objects.exists()
    assert not Pekerjaan.objects.filter(instansi=instansi).exists()
