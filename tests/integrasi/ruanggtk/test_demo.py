"""ruanggtk.demo on the small demo org (stages 1-3 seeded first): some guru of one school get
their SKP and results from Ruang GTK through the real import; a second batch shows every error
cause; idempotent; hapus clears the batches and the log; the fake's feed gives the same records."""

import pytest

from kinerja.integrasi.models import LogSinkron
from kinerja.integrasi.ruanggtk import demo
from kinerja.integrasi.ruanggtk.models import ImporRuangGtk
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, StatusImpor
from kinerja.pelaksanaan import demo as pelaksanaan_demo
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan import demo as skp_demo
from kinerja.perencanaan.models import Skp

pytestmark = pytest.mark.django_db


def test_demo_ruanggtk() -> None:
    org_demo.seed(org_demo.DEFAULT_PEGAWAI)
    skp_demo.seed()
    pelaksanaan_demo.seed()
    penilaian_demo.seed()
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    hasil = demo.seed()
    assert hasil.skp > 0 and hasil.kesalahan == 6
    diterapkan, salah = (
        ImporRuangGtk.objects.get(instansi=instansi, status=StatusImpor.DITERAPKAN),
        ImporRuangGtk.objects.get(instansi=instansi, status=StatusImpor.GAGAL_VALIDASI),
    )
    assert diterapkan.ringkasan["skp_baru"] == hasil.skp
    assert set(salah.ringkasan["per_kode"]) == {
        "nip_tidak_ditemukan",
        "bukan_guru",
        "unit_tidak_aktif",
        "skp_atasan_belum_ada",
        "periode_tidak_standar",
        "validasi",
    }
    impor_skp = Skp.objects.filter(instansi=instansi, sumber="Ruang GTK")
    assert impor_skp.count() == hasil.skp
    assert all(s.berlaku and s.revisi == 2 and s.pegawai.is_guru for s in impor_skp)
    assert Evaluasi.objects.filter(instansi=instansi, sumber="Ruang GTK").count() == hasil.evaluasi
    assert demo.seed() == demo.Hasil()  # idempotent
    # the fake feed serves the same records: pulled again, nothing changes
    assert len(demo.catatan_feed()) == diterapkan.jumlah_baris
    demo.hapus([instansi.pk])
    assert not ImporRuangGtk.objects.filter(instansi=instansi).exists()
    assert not LogSinkron.objects.filter(instansi=instansi).exists()
