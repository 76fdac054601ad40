"""The demo seed (documents of a few demo people), the benchmark figures and the management
command, on one small demo instansi (seed_demo is the slow part: shared by the checks)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.pelaksanaan import demo as pelaksanaan_demo
from kinerja.pelaksanaan.models import PerpanjanganBatas
from kinerja.penilaian import demo as penilaian_demo
from kinerja.perencanaan import demo as skp_demo
from kinerja.tindaklanjut.dokumen import benchmark
from kinerja.tindaklanjut.dokumen import demo as dokumen_demo
from kinerja.tindaklanjut.dokumen.models import Dokumen, TandaTangan

HARI = dt.date(org_demo.TAHUN_ACUAN, 11, 22)


@pytest.mark.django_db
def test_seed_benchmark_command_and_hapus(settings, tmp_path):
    # The stages up to penilaian only (seed_demo would run every stage-4 seed as well).
    org_demo.seed(150)
    skp_demo.seed()
    pelaksanaan_demo.seed()
    kota = Instansi.objects.get(kode=org_demo.KOTA.kode)
    PerpanjanganBatas.objects.filter(instansi=kota, untuk="penilaian").delete()
    penilaian_demo.seed(hari_ini=HARI)

    hasil = dokumen_demo.seed()
    assert hasil["gagal"] == 0 and hasil["evaluasi"] > 0 and hasil["skp"] > 0
    people = set(Dokumen.objects.values_list("pegawai__nip", flat=True))
    assert people == {org_demo.PEGAWAI.nip}
    assert Dokumen.objects.filter(diterima_at__isnull=False).count() == 1
    assert dokumen_demo.seed() == {"evaluasi": 0, "skp": 0, "gagal": 0}  # idempotent

    got: dict[str, tuple[float, str]] = {}
    benchmark.DOKUMEN = 3
    before = Dokumen.objects.count()
    benchmark.ukur(lambda name, value, unit: got.__setitem__(name, (value, unit)), "150")
    assert got["dokumen_render_sign_p50"][1] == "ms" and got["dokumen_render_sign_p95"][0] > 0
    assert got["dokumen_jumlah_150"][0] == 3
    assert Dokumen.objects.count() == before  # the benchmark's documents are gone

    out = io.StringIO()
    call_command("terbitkan_dokumen", "--instansi", kota.kode, "--batas", "1", stdout=out)
    assert "Diterbitkan: 1 dokumen evaluasi, 1 dokumen SKP" in out.getvalue()

    files = list(Dokumen.objects.values_list("berkas", flat=True))
    dokumen_demo.hapus([kota.pk])
    assert not Dokumen.objects.exists() and not TandaTangan.objects.exists()
    assert not any((tmp_path / name).exists() for name in files)
