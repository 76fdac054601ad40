"""Two sweeps at once, each with a thread pool, over a lossy network: every row is saved
exactly once (transactional: the threads use their own connections)."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from kinerja.integrasi.siasn import worker
from kinerja.integrasi.siasn.models import KirimanSiasn
from tests.integrasi.siasn.conftest import siap
from tests.penilaian.conftest import buat_dunia


@pytest.mark.django_db(transaction=True)
def test_dua_sapu_bersamaan_tidak_pernah_simpan_dua_kali(org, siasn):
    d = buat_dunia(org)
    rows = [siap(org, name, dunia=d).row for name in ("staf", "staf_bidang", "kasi")]
    siasn.putus(2)
    siasn.gagal(2, 503)
    now = timezone.now()
    hasil = []

    def sapu() -> None:
        try:
            hasil.append(worker.sapu(now=now, paralel=3))
        finally:
            connections.close_all()  # this thread's own connection

    for langkah in range(6):
        threads = [threading.Thread(target=sapu) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        now += dt.timedelta(minutes=[1, 5, 30, 120, 720, 1][langkah] + 1)
    status = set(
        KirimanSiasn.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)
    )
    assert status == {"terkirim"}
    assert siasn.jumlah_simpan() == 3
    per_pegawai = [r["pnsDinilaiId"] for _, r in siasn.simpan_tercatat]
    assert len(set(per_pegawai)) == 3
