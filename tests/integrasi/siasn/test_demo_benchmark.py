"""Demo seed/hapus and the 10k-push benchmark at small scale (same code path)."""

import pytest

from kinerja.integrasi.models import LogSinkron
from kinerja.integrasi.siasn import benchmark, demo
from kinerja.integrasi.siasn.models import KirimanSiasn
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.tindaklanjut.dokumen.models import Dokumen
from tests.integrasi.siasn.conftest import dokumen_untuk
from tests.penilaian.conftest import buat_dunia
from tests.penilaian.test_keberatan_services import final

pytestmark = pytest.mark.django_db


def _demo_org(org):  # type: ignore[no-untyped-def]
    Instansi.objects.filter(pk=org.instansi.pk).update(kode=org_demo.KOTA.kode)
    d = buat_dunia(org)
    evs = [
        final(d),
        final(d, "staf_bidang", penilai=d.users["kabid"]),
        final(d, "kasi", penilai=d.users["kabid"]),
    ]
    return d, evs


def test_demo_seed_idempoten_dan_hapus(org):
    _demo_org(org)
    n = demo.seed()
    assert n == 3 and demo.seed() == 0
    statuses = set(KirimanSiasn.objects.values_list("status", flat=True))
    assert {"menunggu", "terkirim", "gagal"} <= statuses
    assert LogSinkron.objects.filter(sistem="SIASN").exists()
    demo.hapus([org.instansi.pk])
    assert not KirimanSiasn.objects.exists() and not LogSinkron.objects.exists()


def test_benchmark_skala_kecil(org):
    _, evs = _demo_org(org)
    dokumen_untuk(evs[0])  # the shared real PDF
    figures = {}
    benchmark.ukur(
        lambda name, value, unit: figures.__setitem__(name, value), "uji", jumlah=3, paralel=1
    )
    assert figures["siasn_kirim_3_uji"] > 0 and figures["siasn_kirim_3_uji_per_detik"] > 0
    # cleaned up: queue rows, bulk documents and log rows gone; the real document stays
    assert not KirimanSiasn.objects.exists() and Dokumen.objects.count() == 1
