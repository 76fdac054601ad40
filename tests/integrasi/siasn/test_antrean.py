"""Queueing from the real events: finalisation waits for the keberatan window, a keberatan
decided Tetap is due at once, Diubah cancels or corrects; imported results are not queued;
the backfill adds nothing twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kinerja.core.models import AuditEvent
from kinerja.integrasi.siasn import services, worker
from kinerja.integrasi.siasn.models import KirimanSiasn
from kinerja.penilaian.models import Evaluasi
from tests.integrasi.siasn.conftest import dokumen_untuk, siap
from tests.penilaian.conftest import buat_dunia
from tests.penilaian.test_keberatan_services import ajukan, final, minta, putuskan

pytestmark = pytest.mark.django_db

BAWAH = "Di Bawah Ekspektasi"


def test_difinalkan_diantrekan_sampai_akhir_masa_keberatan(org, django_capture_on_commit_callbacks):
    d = buat_dunia(org)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ev = final(d)
    for cb in callbacks:
        if "siasn" in cb.__module__:
            cb()
    row = KirimanSiasn.objects.get(evaluasi=ev)
    # finalised 15 April (WIB), 14 days: open through 29 April, due 30 April 00.00 WIB
    assert row.tidak_sebelum == dt.datetime(2026, 4, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert row.berikutnya_at == row.tidak_sebelum
    assert (row.versi, row.jenis, row.status) == (1, "periodik", "menunggu")
    assert row.payload["periodikId"] == 2 and row.payload["bulanMulaiPenilaian"] == 1
    assert AuditEvent.objects.filter(action="siasn.diantrekan").count() == 1
    services.setelah_difinalkan(org.instansi.pk, ev.pk, None)  # a repeated event
    assert KirimanSiasn.objects.filter(evaluasi=ev).count() == 1


def test_hasil_impor_tidak_diantrekan(org):
    d = buat_dunia(org)
    ev = final(d)
    Evaluasi.objects.filter(pk=ev.pk).update(sumber="Ruang GTK")
    assert services.setelah_difinalkan(org.instansi.pk, ev.pk, None) is None
    assert services.antrekan_instansi(org.instansi.pk) == 0
    assert not KirimanSiasn.objects.exists()


def test_keberatan_tetap_jatuh_tempo_dan_langsung_dikirim(
    org, siasn, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_JOBS = "immediate"
    s = siap(org)
    k = ajukan(s.dunia, s.ev)
    minta(s.dunia.users["kabid"], k)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        putuskan(s.dunia.users["kabid"], k, "Tetap")
    for cb in callbacks:
        if "siasn" in cb.__module__:
            cb()
    row = KirimanSiasn.objects.get(pk=s.row.pk)
    assert row.status == "terkirim" and siasn.jumlah_simpan() == 1
    assert KirimanSiasn.objects.count() == 1


def _diubah(s):  # type: ignore[no-untyped-def]
    k = ajukan(s.dunia, s.ev)
    minta(s.dunia.users["kabid"], k)
    putuskan(s.dunia.users["kabid"], k, "Diubah", rating_hasil_kerja=BAWAH, rating_perilaku=BAWAH)
    services.setelah_keberatan(s.ev.instansi_id, s.ev.pk, s.dunia.users["kabid"])
    ev = Evaluasi.objects.get(pk=s.ev.pk)
    assert ev.versi == 2
    return ev


def test_diubah_sebelum_terkirim_membatalkan_versi_lama(org, siasn):
    s = siap(org)
    ev = _diubah(s)
    lama = KirimanSiasn.objects.get(pk=s.row.pk)
    baru = KirimanSiasn.objects.get(evaluasi=ev, versi=2)
    assert lama.status == "dibatalkan" and baru.mengoreksi_id is None
    assert baru.payload["kuadranKinerjaNilai"] == 5
    dokumen_untuk(ev)
    worker.sapu(paralel=1)
    assert KirimanSiasn.objects.get(pk=baru.pk).status == "terkirim"
    assert siasn.jumlah_simpan() == 1


def test_diubah_setelah_terkirim_mengoreksi_rekaman_yang_sama(org, siasn):
    s = siap(org)
    worker.sapu(paralel=1)
    lama = KirimanSiasn.objects.get(pk=s.row.pk)
    assert lama.status == "terkirim"
    ev = _diubah(s)
    baru = KirimanSiasn.objects.get(evaluasi=ev, versi=2)
    assert baru.mengoreksi_id == lama.pk and baru.berikutnya_at <= timezone.now()
    dokumen_untuk(ev)
    worker.sapu(paralel=1)
    baru.refresh_from_db()
    assert baru.status == "terkirim" and "Koreksi" in baru.pesan
    # periodik: the old record deleted, the corrected one saved; one record left
    assert list(siasn.periodik) == [baru.siasn_id] and lama.siasn_id != baru.siasn_id
    assert siasn.periodik[baru.siasn_id]["kuadranKinerjaNilai"] == 5
    assert any(r.method == "DELETE" for r in siasn.log)


def test_koreksi_tahunan_memperbarui_dengan_id(org, siasn):
    s = siap(org, jenis="Tahunan")
    assert s.row.jenis == "tahunan"
    worker.sapu(paralel=1)
    lama = KirimanSiasn.objects.get(pk=s.row.pk)
    assert lama.status == "terkirim"
    Evaluasi.objects.filter(pk=s.ev.pk).update(
        versi=2, status="Diubah", rating_hasil_kerja=BAWAH, predikat="Butuh Perbaikan"
    )
    services.setelah_keberatan(s.ev.instansi_id, s.ev.pk, None)
    ev = Evaluasi.objects.get(pk=s.ev.pk)
    dokumen_untuk(ev)
    worker.sapu(paralel=1)
    baru = KirimanSiasn.objects.get(evaluasi=ev, versi=2)
    assert baru.status == "terkirim" and baru.siasn_id == lama.siasn_id
    assert len(siasn.skp22) == 1 and siasn.skp22[lama.siasn_id]["kuadranKinerjaNilai"] == 3
    assert siasn.jumlah_simpan() == 2  # the first save and the update


def test_antrekan_instansi_mengisi_yang_belum_ada_sekali_saja(org):
    d = buat_dunia(org)
    ev = final(d)
    final(d, "staf_bidang", penilai=d.users["kabid"])
    assert services.antrekan_instansi(org.instansi.pk) == 2
    assert services.antrekan_instansi(org.instansi.pk) == 0
    row = KirimanSiasn.objects.get(evaluasi=ev)
    assert row.tidak_sebelum >= timezone.now() - dt.timedelta(seconds=5)


def test_kirim_ulang_memakai_baris_yang_sama_dan_diaudit(org, siasn):
    s = siap(org)
    siasn.ditolak.add("kunci")
    worker.sapu(paralel=1)
    assert KirimanSiasn.objects.get(pk=s.row.pk).status == "gagal"
    siasn.ditolak.clear()
    services.kirim_ulang(org.admin, s.row)
    assert AuditEvent.objects.filter(action="siasn.kirim_ulang").count() == 1
    worker.sapu(paralel=1)
    assert KirimanSiasn.objects.get().status == "terkirim"
    assert siasn.jumlah_simpan() == 1
