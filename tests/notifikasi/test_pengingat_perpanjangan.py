"""A unit or instansi-wide extension tells, through a task after the commit, the covered
pegawai still behind (pengisian) or the penilai still to evaluate (penilaian), once per person
and new date, however often the task runs."""

import datetime as dt

import pytest
from django.core.cache import cache

from kinerja.core.models import Notifikasi
from kinerja.notifikasi import pengingat, tasks
from kinerja.notifikasi.models import PengingatTerkirim
from kinerja.pelaksanaan import services_periode
from kinerja.pelaksanaan.periode import periode_pada
from tests.notifikasi.test_pengingat_sasaran import TAHUN, WIB, bangun, inbox, lokal

NOW = lokal(WIB, TAHUN, 4, 27, 10)
BARU = dt.date(TAHUN, 5, 15)


@pytest.fixture
def w(db, monkeypatch):
    cache.clear()
    monkeypatch.setattr(tasks, "sekarang", lambda: NOW)
    return bangun("P", WIB)


def perpanjang(w, untuk, cakupan, unor, capture):
    tw1 = periode_pada(w.org.instansi.pk, dt.date(TAHUN, 2, 1))
    with capture(execute=True):
        return services_periode.perpanjang_batas(
            w.org.admin, tw1, untuk, cakupan, unor, None, BARU, "Gangguan jaringan", now=NOW
        )


def test_unit_extension_tells_the_covered_pegawai_behind(w, django_capture_on_commit_callbacks):
    ext = perpanjang(w, "pengisian", "unit", w.org.seksi, django_capture_on_commit_callbacks)
    [(jenis, judul, pesan)] = inbox(w.a)
    assert (jenis, judul) == (
        "periode.diperpanjang",
        f"Batas waktu pengisian Triwulan I {TAHUN} diperpanjang",
    )
    assert pesan == f"Batas baru: 15 Mei {TAHUN} pukul 23.59.59 WIB. Alasan: Gangguan jaringan"
    for nobody in (w.b, w.c, w.d, w.e, w.p, w.q, w.org.kabid):
        assert inbox(nobody) == [], nobody.nama  # filled, outside the unit, no account
    # The task again (a retry, a double enqueue): nothing more.
    assert tasks.beri_tahu_perpanjangan.call(ext.pk) == 0
    assert Notifikasi.objects.filter(instansi=w.org.instansi).count() == 1
    # A second extension to the same date for the parent unit: only the newly covered.
    perpanjang(w, "pengisian", "unit", w.org.bidang, django_capture_on_commit_callbacks)
    assert [j for j, *_ in inbox(w.c)] == ["periode.diperpanjang"]
    assert len(inbox(w.a)) == 1
    assert PengingatTerkirim.objects.filter(jenis="perpanjangan", hari_sebelum=-1).count() == 2


def test_penilaian_extension_tells_the_penilai(w, django_capture_on_commit_callbacks):
    perpanjang(w, "penilaian", "instansi", None, django_capture_on_commit_callbacks)
    [(_jenis, judul, pesan)] = inbox(w.p)
    assert judul == f"Batas waktu penilaian Triwulan I {TAHUN} diperpanjang"
    assert pesan.endswith("2 pegawai masih menunggu penilaian Anda.")
    assert Notifikasi.objects.filter(instansi=w.org.instansi).count() == 1
    from kinerja.notifikasi.models import PutaranPengingat

    putaran = PutaranPengingat.objects.get(instansi=w.org.instansi, hari_sebelum=-1)
    assert (putaran.jumlah_penilai, putaran.jumlah_pegawai) == (1, 0)  # counted as penilai


def test_nothing_for_one_pegawai_or_a_missing_row(w, django_capture_on_commit_callbacks):
    assert pengingat.beri_tahu_perpanjangan(999_999, NOW) == 0
    tw1 = periode_pada(w.org.instansi.pk, dt.date(TAHUN, 2, 1))
    with django_capture_on_commit_callbacks(execute=True):
        ext = services_periode.perpanjang_batas(
            w.org.admin, tw1, "pengisian", "pegawai", None, w.c, BARU, "Sakit", now=NOW
        )
    assert len(inbox(w.c)) == 1  # told by the service itself
    assert pengingat.beri_tahu_perpanjangan(ext.pk, NOW) == 0
    assert len(inbox(w.c)) == 1


def test_a_changed_period_deadline_tells_those_behind_once(w, django_capture_on_commit_callbacks):
    """ubah_batas: everyone still behind whose deadline it is learns the new date; E's unit has
    its own, later extension (10 May) and B has filled everything: nothing for them."""
    from kinerja.pelaksanaan.models import PengaturanPeriode

    PengaturanPeriode.objects.filter(instansi=w.org.instansi, tahun=TAHUN).update(
        aturan_pengisian="tanggal_tetap"
    )
    tw1 = periode_pada(w.org.instansi.pk, dt.date(TAHUN, 2, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services_periode.ubah_batas(w.org.admin, tw1, dt.date(TAHUN, 5, 5), tw1.batas_penilaian)
    judul = f"Batas waktu pengisian Triwulan I {TAHUN} diubah"
    pesan = f"Batas baru: 5 Mei {TAHUN} pukul 23.59.59 WIB. Diubah oleh Admin Instansi"
    assert inbox(w.a) == [("periode.diubah", judul, pesan)]
    for nobody in (w.b, w.e, w.org.kabid):
        assert inbox(nobody) == [], nobody.nama
    told = Notifikasi.objects.filter(instansi=w.org.instansi, jenis="periode.diubah").count()
    assert told >= 1
    assert tasks.beri_tahu_batas_periode.call(tw1.pk, "pengisian") == 0  # a retry: nothing
    assert Notifikasi.objects.filter(instansi=w.org.instansi).count() == told
