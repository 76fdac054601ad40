"""Benchmark figures of the deadline reminders (ADR 0008, "Benchmark"), part `latar`, on the
benchmark database after the demo seed (kode demo.KOTA.kode), in the worst case: every account
has an e-mail address and nobody has filled the realisasi of the period measured.

The period is the last periodic one of the demo year whose pengisian deadline is not shared
with the annual period (so one pengisian deadline is measured, not two at once); its realisasi
are parked in an unused period of the same year (one UPDATE, nothing deleted). `now` is the
hourly tick (minute 5) after its H-3 instant in the instansi's zone.

- pengingat_rencana_<label>: `rencanakan` end to end (snapshot, effective deadlines, accounts
  and preferences, PengingatTerkirim + Notifikasi + SuratKeluar of every reminder and digest,
  the penilaian round of the same day, the e-mail tasks enqueued), in seconds;
- pengingat_rencana_ulang_<label>: the same rounds run again as if never finished (every key
  conflicts, nothing is sent): the cost of a retry, in seconds;
- pengingat_tik_kosong: the next hourly tick, all rounds done (what most ticks cost), in ms;
- pengingat_terkirim_<label>, pengingat_email_<label>, pengingat_tugas_surat_<label>: rows and
  enqueued e-mail tasks (the tasks go to a temporary queue, never the user's).
"""

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db.models import F, Value
from django.db.models.functions import Concat

from kinerja.accounts.models import User
from kinerja.notifikasi import aturan, pengingat
from kinerja.notifikasi.models import PutaranPengingat, StatusPutaran
from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.pelaksanaan.jadwal import GRANULARITAS
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian, Realisasi
from kinerja.pelaksanaan.periode import daftar_periode, zona_of

Figure = Callable[[str, float, str], None]


def ukur(figure: Figure, label: str) -> None:
    instansi = Instansi.objects.get(kode=demo.KOTA.kode)
    periode = siapkan(instansi)
    pengaturan = pengingat.pengaturan_of(instansi.pk)
    zona = zona_of(instansi.pk)
    now = aturan.saat(periode.batas_pengisian, 3, zona, pengaturan.jam).replace(minute=5)
    with antrean_sementara() as antrean:
        started = time.perf_counter()
        rounds = pengingat.rencanakan(instansi.pk, now)
        figure(f"pengingat_rencana_{label}", time.perf_counter() - started, "s")
        terkirim = sum(r.jumlah_pegawai + r.jumlah_penilai + r.jumlah_ringkasan for r in rounds)
        figure(f"pengingat_terkirim_{label}", terkirim, "baris")
        figure(f"pengingat_email_{label}", sum(r.jumlah_email for r in rounds), "baris")
        figure(f"pengingat_tugas_surat_{label}", antrean(), "tugas")
        PutaranPengingat.objects.filter(pk__in=[r.pk for r in rounds]).update(
            status=StatusPutaran.MENUNGGU
        )
        started = time.perf_counter()
        again = pengingat.rencanakan(instansi.pk, now)
        figure(f"pengingat_rencana_ulang_{label}", time.perf_counter() - started, "s")
        if len(again) != len(rounds):
            raise RuntimeError("Putaran ulang tidak sama dengan putaran pertama.")
        started = time.perf_counter()
        pengingat.rencanakan(instansi.pk, now + dt.timedelta(hours=1))
        figure("pengingat_tik_kosong", (time.perf_counter() - started) * 1000, "ms")


def siapkan(instansi: Instansi) -> PeriodePenilaian:
    """E-mail on every account; the measured period emptied of realisasi. Returns it."""
    User.objects.filter(instansi=instansi).update(
        email=Concat(F("nip"), Value("@ujibeban.example"))
    )
    periods = daftar_periode(instansi.pk, demo.TAHUN_ACUAN)
    annual = next(p for p in periods if p.jenis == JenisPeriode.TAHUNAN)
    periodic = [p for p in periods if p.jenis != JenisPeriode.TAHUNAN]
    periode = [p for p in periodic if p.batas_pengisian != annual.batas_pengisian][-1]
    # A period of a granularity the instansi does not use: never listed, never reminded.
    unused = next(j for j in GRANULARITAS if j != periode.jenis)
    parkir, _ = PeriodePenilaian.objects.get_or_create(
        instansi=instansi,
        tahun=periode.tahun,
        jenis=unused,
        nomor=1,
        defaults={
            "mulai": periode.mulai,
            "selesai": periode.selesai,
            "batas_pengisian": periode.batas_pengisian,
            "batas_penilaian": periode.batas_penilaian,
        },
    )
    Realisasi.objects.filter(instansi=instansi, periode=periode).update(periode=parkir)
    return periode


@contextmanager
def antrean_sementara() -> Iterator[Callable[[], int]]:
    """The e-mail tasks go to a throwaway SQLite queue (never the user's, never sent);
    yields a function counting them."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    with tempfile.TemporaryDirectory(prefix="kinerja_antrean_") as folder:
        old = HUEY.storage
        HUEY.storage = SqliteStorage(name="bench", filename=str(Path(folder) / "antrean.db"))
        try:
            yield HUEY.storage.queue_size
        finally:
            HUEY.storage.close()
            HUEY.storage = old
