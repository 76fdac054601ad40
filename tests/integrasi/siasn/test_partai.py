"""The sweep works in batches: one claim for several rows (marked uncertain in the database at
once), their results and documents read together, one outcome write per row, the batch's log
rows written together; leases on the sweep's moving clock."""

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.integrasi.models import LogSinkron, StatusSinkron
from kinerja.integrasi.siasn import worker
from kinerja.integrasi.siasn.models import KirimanSiasn
from kinerja.tindaklanjut.dokumen.models import Dokumen
from tests.integrasi.siasn.conftest import siap
from tests.penilaian.conftest import buat_dunia

pytestmark = pytest.mark.django_db
NAMA = ("staf", "staf_bidang", "kasi")


def _tiga(org):  # type: ignore[no-untyped-def]
    d = buat_dunia(org)
    return [siap(org, name, dunia=d) for name in NAMA]


def test_klaim_banyak_satu_transaksi_ragu_di_basis_data(org, siasn):
    rows = [s.row for s in _tiga(org)]
    now = timezone.now()
    # the third row's lease expired while it was being sent: it comes first, uncertain
    KirimanSiasn.objects.filter(pk=rows[2].pk).update(
        status="mengirim", sewa_sampai=now - dt.timedelta(seconds=1), percobaan=1
    )
    diambil = worker.klaim_banyak(org.instansi.pk, now, 2)
    assert [r.pk for r in diambil] == [rows[2].pk, rows[0].pk]
    assert [r.ragu for r in diambil] == [True, False]  # what was known before the claim
    assert [r.percobaan for r in diambil] == [2, 1]
    db = {r.pk: r for r in KirimanSiasn.objects.filter(pk__in=[r.pk for r in rows])}
    for r in diambil:  # in the database: held, and uncertain until the outcome is written
        assert db[r.pk].status == "mengirim" and db[r.pk].ragu
        assert db[r.pk].sewa_sampai == now + worker.SEWA
    assert db[rows[1].pk].status == "menunggu" and not db[rows[1].pk].ragu
    assert [r.pk for r in worker.klaim_banyak(org.instansi.pk, now, 5)] == [rows[1].pk]
    assert worker.klaim_banyak(org.instansi.pk, now, 5) == []


def test_satu_query_tulis_per_baris(org, siasn, django_assert_num_queries):
    """A sweep costs a constant per batch (claim, reads, log insert) plus one UPDATE per row."""
    d = buat_dunia(org)
    siap(org, "staf", dunia=d)
    with django_assert_num_queries(12):
        assert worker.sapu(paralel=1).terkirim == 1
    siap(org, "staf_bidang", dunia=d)
    siap(org, "kasi", dunia=d)
    with django_assert_num_queries(13):
        assert worker.sapu(paralel=1).terkirim == 2
    assert set(KirimanSiasn.objects.values_list("status", "ragu")) == {("terkirim", False)}
    assert siasn.jumlah_simpan() == 3 and len(siasn.unggahan) == 3


def test_status_dan_log_per_baris_dalam_satu_partai(org, siasn):
    """A row that fails does not stop its batch; each row gets its own status and log row."""
    s = _tiga(org)
    Dokumen.objects.filter(evaluasi=s[1].ev).delete()
    r = worker.sapu(paralel=1)
    assert (r.dicoba, r.terkirim, r.ditunda) == (3, 2, 1)
    status = dict(KirimanSiasn.objects.values_list("pk", "status"))
    assert [status[x.row.pk] for x in s] == ["terkirim", "menunggu", "terkirim"]
    gagal = KirimanSiasn.objects.get(pk=s[1].row.pk)
    assert gagal.kode_galat == "dokumen_belum_terbit" and not gagal.ragu
    logs = {
        log.ref: log
        for log in LogSinkron.objects.filter(operasi="kirim_periodik", instansi=org.instansi)
    }
    assert len(logs) == 3
    assert logs[f"evaluasi:{s[1].ev.pk} versi 1"].status == StatusSinkron.GAGAL
    assert logs[f"evaluasi:{s[0].ev.pk} versi 1"].status == StatusSinkron.BERHASIL
    assert all(log.selesai_at for log in logs.values())


def test_giliran_terlambat_dikembalikan_tanpa_kirim(org, siasn):
    """A row whose turn in the batch comes when its lease is nearly over goes back to the
    queue untouched: not sent, the attempt not counted, due at once."""
    s = siap(org)
    now = timezone.now()
    row = worker.klaim(org.instansi.pk, now)
    assert row is not None
    adapter = worker.Adapter.dari_env(org.instansi)
    partai = worker._Partai(
        [row], adapter, now, lambda: now + worker.SEWA - dt.timedelta(seconds=1)
    )
    try:
        assert partai.kirim(row) == "menunggu"
    finally:
        partai.simpan_log()
    row = KirimanSiasn.objects.get(pk=s.row.pk)
    assert row.status == "menunggu" and row.pesan == worker.PESAN_SEWA
    assert row.percobaan == 0 and not row.ragu and row.berikutnya_at == now
    assert siasn.log == [] and siasn.jumlah_simpan() == 0


def test_jam_sapu_berjalan_dengan_waktu_nyata(monkeypatch):
    """A sweep that outlasts a lease takes its later leases from the real time, not from the
    `now` it started with."""
    detik = [1000.0]
    monkeypatch.setattr(worker.time, "monotonic", lambda: detik[0])
    now = timezone.now()
    jam = worker.jam_dari(now)
    assert jam() == now
    detik[0] += 400
    assert jam() == now + dt.timedelta(seconds=400)
