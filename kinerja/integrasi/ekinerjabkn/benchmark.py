"""e-Kinerja BKN figures for `manage.py benchmark`: one report with a row for every active
pegawai of the benchmark instansi (100,000 at full scale), written as a real XLSX file, then
  ekinerjabkn_pratinjau_<label>  s  read + check the whole file (the upload's dry run)
  ekinerjabkn_terapkan_<label>   s  check again + insert every row, one transaction
  ekinerjabkn_ulang_<label>      s  the same report again: preview + apply, every row updated
Writing the file is preparation, not measured. Afterwards the demo state is restored
(demo.hapus, then demo.seed). Goal: each < 60 s at 100,000 rows.
"""

import datetime as dt
import sys
import time
from collections.abc import Callable

from kinerja.accounts.models import User
from kinerja.integrasi.ekinerjabkn import demo, impor
from kinerja.integrasi.ekinerjabkn.fake import BarisBkn, laporan_xlsx
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai

Figure = Callable[[str, float, str], None]
PREDIKAT = ("Baik", "Baik", "Baik", "Sangat Baik", "Butuh Perbaikan")


def laporan(instansi: Instansi) -> bytes:
    akhir = dt.date(org_demo.TAHUN_ACUAN - 1, 12, 31)
    nips = (
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .order_by("id")
        .values_list("nip", flat=True)
    )
    return laporan_xlsx(
        BarisBkn(nip=nip, periode_akhir=akhir, hasil_akhir=PREDIKAT[i % len(PREDIKAT)])
        for i, nip in enumerate(nips.iterator(chunk_size=5000))
    )


def ukur(figure: Figure, label: str) -> None:
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    admin = User.objects.filter(instansi=instansi, is_admin_instansi=True).order_by("id").first()
    assert admin is not None, "instansi benchmark tanpa Admin Instansi"
    data = laporan(instansi)
    for nama in ("terapkan", "ulang"):
        started = time.perf_counter()
        batch = impor.pratinjau(admin, instansi.pk, f"benchmark-{nama}.xlsx", data)
        checked = time.perf_counter()
        impor.terapkan(admin, batch)
        done = time.perf_counter()
        r = batch.ringkasan
        print(
            f"e-Kinerja BKN {nama}: {r['baru']} baru, {r['diperbarui']} diperbarui, "
            f"{len(data) / 1_048_576:.1f} MB",
            file=sys.stderr,
            flush=True,
        )
        if nama == "terapkan":
            figure(f"ekinerjabkn_pratinjau_{label}", checked - started, "s")
            figure(f"ekinerjabkn_terapkan_{label}", done - checked, "s")
        else:
            figure(f"ekinerjabkn_ulang_{label}", done - started, "s")
    demo.hapus([instansi.pk])
    demo.seed()
