"""The push: upload the signed PDF, then save; failures, back-off and never twice."""

import contextlib
import datetime as dt
import time

import pytest
from django.utils import timezone

from kinerja.integrasi.models import LogSinkron, StatusSinkron
from kinerja.integrasi.siasn import worker
from kinerja.integrasi.siasn.models import KirimanSiasn
from tests.integrasi.siasn.conftest import siap

pytestmark = pytest.mark.django_db


def test_kirim_berhasil_unggah_lalu_simpan(org, siasn):
    s = siap(org)
    r = worker.sapu(paralel=1)
    assert (r.terkirim, r.gagal) == (1, 0)
    row = KirimanSiasn.objects.get(pk=s.row.pk)
    assert row.status == "terkirim" and row.siasn_id and not row.ragu
    assert row.dok_path["dok_id"] == "890"
    assert len(siasn.unggahan) == 1 and siasn.jumlah_simpan("periodik") == 1
    saved = siasn.periodik[row.siasn_id]
    assert saved["pnsDinilaiId"] == f"pns-{org.staf.nip}"
    assert saved["periodikId"] == 2 and saved["kuadranKinerjaNilai"] == 2
    assert saved["path"][0]["dok_uri"] == row.dok_path["dok_uri"]
    log = LogSinkron.objects.get(operasi="kirim_periodik")
    assert log.status == StatusSinkron.BERHASIL and log.jumlah == 1


def ambil(s) -> KirimanSiasn:  # type: ignore[no-untyped-def]
    return KirimanSiasn.objects.get(pk=s.row.pk)


def test_gagal_sementara_503_dijadwalkan_dengan_back_off(org, siasn):
    s = siap(org)
    now = timezone.now()
    jadwal = []
    for menit in (1, 5, 30, 120, 720):
        # the tokens come from the cache after the first sweep: only the API call fails
        siasn.gagal(1, 503) if jadwal else siasn.gagal(3, 503)
        r = worker.sapu(now=now, paralel=1)
        row = ambil(s)
        assert r.terkirim == 0 and row.status == "menunggu"
        assert row.berikutnya_at == now + dt.timedelta(minutes=menit)
        assert row.kode_galat in ("http_503",) and row.penanggung_jawab == "BKN"
        jadwal.append(menit)
        now = row.berikutnya_at
    siasn.gagal(1, 503)
    worker.sapu(now=now, paralel=1)
    row = ambil(s)
    assert row.status == "gagal" and row.percobaan == 6
    assert "HTTP 503" in row.pesan
    assert siasn.jumlah_simpan() == 0


def test_tidak_jatuh_tempo_tidak_dikirim(org, siasn):
    s = siap(org)
    KirimanSiasn.objects.filter(pk=s.row.pk).update(
        berikutnya_at=timezone.now() + dt.timedelta(days=3)
    )
    assert worker.sapu(paralel=1).dicoba == 0
    assert siasn.log == []


def test_penolakan_4xx_permanen_langsung_gagal_dengan_pesan_siasn(org, siasn):
    s = siap(org)
    data = dict(s.row.payload, kuadranKinerjaNilai=9)
    KirimanSiasn.objects.filter(pk=s.row.pk).update(payload=data)
    worker.sapu(paralel=1)
    row = ambil(s)
    assert row.status == "gagal" and row.percobaan == 1 and not row.ragu
    assert "HTTP 400" in row.pesan and "kuadranKinerjaNilai" in row.pesan
    assert row.penanggung_jawab == "Admin Instansi"
    assert siasn.jumlah_simpan() == 0
    assert row.dok_path  # uploaded once; a resend will not upload again


@contextlib.contextmanager
def bungkus(siasn, akhiran, sesudah):  # type: ignore[no-untyped-def]
    """Wrap the fake's handler of the path ending in `akhiran`: sesudah(req, answer)."""
    idx = next(i for i, (_, p, _) in enumerate(siasn._routes) if p.pattern.endswith(akhiran))
    method, pattern, handler = siasn._routes[idx]

    def dibungkus(req):  # type: ignore[no-untyped-def]
        return sesudah(req, handler(req))

    siasn._routes[idx] = (method, pattern, dibungkus)
    try:
        yield
    finally:
        siasn._routes[idx] = (method, pattern, handler)


def simpan_lalu_lambat(req, answer):  # type: ignore[no-untyped-def]
    time.sleep(0.5)  # stored, but the answer comes after the client's 0.3 s read timeout
    return answer


def simpan_lalu_502(req, answer):  # type: ignore[no-untyped-def]
    return 502, {"message": "Bad gateway"}


@pytest.mark.parametrize(
    ("akhiran", "sesudah", "tersimpan"),
    [
        ("/kinerjaperiodik/save$", simpan_lalu_lambat, True),
        ("/kinerjaperiodik/save$", simpan_lalu_502, True),
        ("/upload-dok-rw$", "putus", False),
        ("/upload-dok-rw$", "timeout", False),
    ],
    ids=["timeout-setelah-tersimpan", "502-setelah-tersimpan", "putus", "timeout"],
)
def test_hasil_tidak_pasti_tidak_pernah_disimpan_dua_kali(org, siasn, akhiran, sesudah, tersimpan):
    """The save's outcome is unknown: stored but the answer lost (timeout, 502), or the
    connection dropped / hung before SIASN got it. The next attempt reads SIASN back first:
    one save in the end, whatever happened."""
    s = siap(org)
    now = timezone.now()
    if isinstance(sesudah, str):  # the fault hits the request after the upload: the save
        fault = sesudah

        def sesudah(req, answer):  # type: ignore[no-untyped-def]
            getattr(siasn, fault)(1)
            return answer

    with bungkus(siasn, akhiran, sesudah):
        worker.sapu(now=now, paralel=1)
    row = ambil(s)
    assert row.status == "menunggu" and row.ragu and row.kode_galat
    assert siasn.jumlah_simpan() == (1 if tersimpan else 0)
    assert len(siasn.unggahan) == 1
    worker.sapu(now=now + dt.timedelta(minutes=2), paralel=1)
    row = ambil(s)
    assert row.status == "terkirim" and row.siasn_id and not row.ragu
    assert siasn.jumlah_simpan() == 1  # never twice
    assert len(siasn.unggahan) == 1  # the retry did not upload again
    assert ("dibaca ulang" in row.pesan) == tersimpan


def test_sewa_kedaluwarsa_dibaca_ulang(org, siasn):
    """A worker died after the save (its lease expired with the row 'mengirim'): the next
    sweep takes the row as uncertain and finds the record instead of saving again."""
    s = siap(org)
    now = timezone.now()
    row = worker.klaim(org.instansi.pk, now)
    assert row is not None and row.pk == s.row.pk
    assert worker.klaim(org.instansi.pk, now) is None  # held: nobody else gets it
    assert ambil(s).ragu and not row.ragu  # uncertain in the database from the claim on
    adapter = worker.Adapter.dari_env(org.instansi)
    kirim = worker._Kirim(row, worker._Partai([row], adapter, now, worker.jam_dari(now)))
    # simulate the dead worker: it uploaded and saved, then never wrote its outcome
    adapter.kirim_hasil(row.jenis, {**row.payload, "path": [kirim._unggah()]})
    assert siasn.jumlah_simpan() == 1
    assert worker.sapu(now=now + dt.timedelta(minutes=4), paralel=1).dicoba == 0  # lease holds
    worker.sapu(now=now + dt.timedelta(minutes=6), paralel=1)
    row = ambil(s)
    assert row.status == "terkirim" and siasn.jumlah_simpan() == 1


def test_dokumen_belum_terbit(org, siasn):
    s = siap(org)
    from kinerja.tindaklanjut.dokumen.models import Dokumen

    Dokumen.objects.filter(evaluasi=s.ev).delete()
    now = timezone.now()
    worker.sapu(now=now, paralel=1)
    row = ambil(s)
    assert row.status == "menunggu" and row.kode_galat == "dokumen_belum_terbit"
    assert "Dokumen evaluasi belum terbit" in row.pesan
    assert row.penanggung_jawab == "Admin Instansi"
    assert row.berikutnya_at == now + dt.timedelta(minutes=1)
    assert siasn.unggahan == [] and siasn.jumlah_simpan() == 0


def test_evaluasi_berubah_versi_dibatalkan_tanpa_kirim(org, siasn):
    s = siap(org)
    from kinerja.penilaian.models import Evaluasi

    Evaluasi.objects.filter(pk=s.ev.pk).update(versi=2)
    worker.sapu(paralel=1)
    row = ambil(s)
    assert row.status == "dibatalkan" and siasn.jumlah_simpan() == 0


def test_token_ditolak_gagal_permanen_untuk_admin(org, siasn):
    s = siap(org)
    siasn.ditolak.add("kunci")
    worker.sapu(paralel=1)
    row = ambil(s)
    assert row.status == "gagal" and row.kode_galat == "token_gateway_ditolak"
    assert row.penanggung_jawab == "Admin Instansi"


def test_tanpa_konfigurasi_dilewati(org, siasn, settings):
    siap(org)
    settings.KINERJA_SIASN_URL = ""
    r = worker.sapu(paralel=1)
    assert r.dicoba == 0 and "KINERJA_SIASN_URL" in r.pesan[0]
    assert siasn.log == []
