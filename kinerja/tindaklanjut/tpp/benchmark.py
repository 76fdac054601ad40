"""TPP figures for `manage.py benchmark`: the monthly recap of the whole benchmark instansi
(100,000 pegawai) exported to XLSX and to CSV, as the background job runs it
(rekap.tugas_rekap: the bulk queries, the computation and the file).

Each export runs in a FRESH Python process (same interpreter, settings and database), so its
peak memory is that process's own peak resident set: VmHWM of /proc/self/status on Linux
(`resource.getrusage(RUSAGE_SELF).ru_maxrss` elsewhere; on Linux ru_maxrss would report the
parent's peak, which survives fork+exec). It is everything the export needed, the interpreter
and Django included (about 60-80 MB of that is the bare process).
Figures: tpp_rekap_xlsx_<label> s, tpp_rekap_xlsx_<label>_rss MB, and the same for csv.
Goal: < 15 s and < 300 MB each.

Before measuring, the month with the most aktivitas harian gets a TPP configuration (the demo
one) and a disiplin row for every pegawai, written in bulk.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection

from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.pelaksanaan.models import AktivitasHarian
from kinerja.tindaklanjut.tpp import demo
from kinerja.tindaklanjut.tpp.models import Disiplin

Figure = Callable[[str, float, str], None]

_SCRIPT = """
import json, resource, sys, time
import django
django.setup()
from kinerja.tindaklanjut.tpp.rekap import tugas_rekap
params = json.loads(sys.argv[1])
started = time.perf_counter()
hasil = tugas_rekap(lambda done, total: None, **params)
elapsed = time.perf_counter() - started
size = hasil.path.stat().st_size
hasil.path.unlink()
try:  # VmHWM: this process's own peak; ru_maxrss keeps the parent's peak across exec
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    rss = int(line.split()[1]) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "rss_mb": rss, "bytes": size, "pesan": hasil.pesan}))
"""


def bulan_ukur(instansi: Instansi) -> dt.date:
    """The month with the most aktivitas harian (the demo's current weeks)."""
    days = AktivitasHarian.objects.filter(instansi=instansi).dates("tanggal", "day")
    months = Counter((d.year, d.month) for d in days)
    if not months:
        return demo.bulan_demo(instansi)
    tahun, bulan = max(months, key=lambda m: (months[m], m))
    return dt.date(tahun, bulan, 1)


def siapkan(instansi: Instansi, bulan: dt.date) -> None:
    demo.seed(org_demo.KOTA)  # the configuration (no-op when it exists)
    if not Disiplin.objects.filter(instansi=instansi, tahun=bulan.year, bulan=bulan.month).exists():
        demo.isi_disiplin(instansi.pk, bulan, sumber="Benchmark")


def ekspor_terpisah(params: dict[str, Any]) -> dict[str, Any]:
    """One export in a fresh process: {"s", "rss_mb", "bytes", "pesan"}."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinerja.settings"}
    # Our own interpreter and a fixed script; the parameters are JSON we built.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _SCRIPT, json.dumps(params)],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def ekspor_di_sini(params: dict[str, Any]) -> dict[str, Any]:
    """The fallback when a fresh process cannot see the data (a test database: in memory, or
    inside a transaction): this process, peak memory by tracemalloc (Python allocations)."""
    import time
    import tracemalloc

    from kinerja.tindaklanjut.tpp.rekap import tugas_rekap

    tracemalloc.start()
    started = time.perf_counter()
    hasil = tugas_rekap(lambda done, total: None, **params)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1_048_576
    tracemalloc.stop()
    assert hasil.path is not None
    size = hasil.path.stat().st_size
    hasil.path.unlink()
    return {"s": elapsed, "rss_mb": peak, "bytes": size, "pesan": hasil.pesan}


def _proses_baru_bisa() -> bool:
    db: Any = connection
    in_memory = db.vendor == "sqlite" and db.is_in_memory_db()
    return not in_memory and not connection.in_atomic_block


def ukur(figure: Figure, label: str) -> None:
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    bulan = bulan_ukur(instansi)
    siapkan(instansi, bulan)
    terpisah = _proses_baru_bisa()
    if terpisah:
        connection.close()  # committed; the child opens its own connection
    for fmt in ("xlsx", "csv"):
        params = {
            "instansi_id": instansi.pk,
            "tahun": bulan.year,
            "bulan": bulan.month,
            "format_": fmt,
        }
        hasil = ekspor_terpisah(params) if terpisah else ekspor_di_sini(params)
        print(f"Rekap TPP {fmt}: {hasil['pesan']}", file=sys.stderr, flush=True)
        figure(f"tpp_rekap_{fmt}_{label}", hasil["s"], "s")
        figure(f"tpp_rekap_{fmt}_{label}_rss", hasil["rss_mb"], "MB")
