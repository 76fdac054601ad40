"""The reports' demo seed (annual results of the two years before the demo year) and the
benchmark on a small seed."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.penilaian import aturan
from kinerja.penilaian.models import Evaluasi, RiwayatEvaluasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut import demo as tindak_lanjut_demo
from kinerja.tindaklanjut.laporan import benchmark
from kinerja.tindaklanjut.laporan import demo as laporan_demo
from kinerja.tindaklanjut.laporan import selectors_hasil as sel
from kinerja.tindaklanjut.laporan.akses import Cakupan
from tests.conftest import login

N = 150
A, B = laporan_demo.TAHUN_DEMO


def tahunan(instansi: Instansi):  # type: ignore[no-untyped-def]
    return Evaluasi.objects.filter(instansi=instansi, periode__jenis="Tahunan")


@pytest.mark.django_db
def test_seed_lists_hapus_and_benchmark(client, monkeypatch):
    call_command("seed_demo", "--pegawai", str(N), stdout=io.StringIO())
    instansi = Instansi.objects.get(kode=demo.KOTA.kode)
    assert tahunan(instansi).exists()  # seed_demo runs it (kinerja.tindaklanjut.demo)
    tindak_lanjut_demo.hapus([instansi.pk])  # every stage-4 demo row, laporan's last
    assert not tahunan(instansi).exists()
    with CaptureQueriesContext(connection) as queries:
        written = laporan_demo.seed()
    assert written == tahunan(instansi).count() > 0
    assert len(queries) < 60  # bulk: no query per pegawai
    assert laporan_demo.seed() == 0  # idempotent
    rows = list(tahunan(instansi).values_list("periode__tahun", "predikat", "status"))
    assert {t for t, _, _ in rows} == {A, B}
    assert {s for _, _, s in rows} == {"Final"}
    assert all(p in aturan.Predikat.values for _, p, _ in rows)
    assert RiwayatEvaluasi.objects.filter(evaluasi__in=tahunan(instansi)).count() == 2 * written
    c = Cakupan(instansi.pk, True)
    assert sel.perlu_perbaikan(c, B).exists()
    assert sel.sangat_baik_berturut(c, B).exists()
    assert sel.tahun_terakhir(instansi.pk, 2000) == B

    admin = User.objects.get(nip=demo.ADMIN_INSTANSI.nip)
    login(client, admin)
    body = client.get(reverse("laporan:layanan")).content.decode()
    assert f"{B}: " in body and f"{A}: " in body

    figures: list[tuple[str, float, str]] = []
    monkeypatch.setattr(benchmark, "PERMINTAAN", 2)
    benchmark.ukur(lambda name, value, unit: figures.append((name, value, unit)), "uji")
    names = {name for name, _, _ in figures}
    for page in ("kepatuhan", "distribusi", "perbaikan", "layanan"):
        assert {f"laporan_{page}_uji_p50", f"laporan_{page}_uji_p95"} <= names
    assert all(unit == "ms" and value > 0 for _, value, unit in figures)

    laporan_demo.hapus([instansi.pk])
    assert not tahunan(instansi).exists()
    assert not Skp.objects.filter(instansi=instansi, tahun__in=[A, B]).exists()
    assert Evaluasi.objects.filter(instansi=instansi).exists()  # stage 3's own stay
