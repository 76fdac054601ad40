"""Background jobs with progress (`Pekerjaan`): exports and other work too long for a request.

    pekerjaan = jobs.buat(user, "tpp.rekap", "Rekap TPP November 2026")
    jobs.jalankan(pekerjaan, "kinerja.tindaklanjut.tpp.rekap.tugas_rekap", tahun=2026, ...)

The function is called as `fungsi(progress, **kwargs)`; `progress(done, total)` records how
far it is (written at most every PROGRESS_INTERVAL seconds, so a tight loop may call it often).
It returns None or a `Hasil` naming a file it wrote (a temporary path): that file is saved to
the job's private `berkas` and removed. A `DomainError` fails the job with its own message;
any other exception with a generic Indonesian one (the traceback goes to the log).

Where it runs: setting `KINERJA_JOBS`:
- "tasks" (default): the Django task `core.tasks.jalankan_pekerjaan`, executed by the Huey
  consumer (`manage.py run_huey`; docs/pekerjaan-latar.md). The task is enqueued when the
  caller's transaction commits (TASKS ENQUEUE_ON_COMMIT), so the worker sees the row.
- "immediate": inline, before `jalankan` returns (tests, management commands).
- "thread" (deprecated, one release): a daemon thread of the web process, started on commit;
  the job dies with the process.

Never twice: `_jalankan` first claims the row (antri → berjalan, one conditional UPDATE); a
second delivery of the same job finds it taken and does nothing. While the function runs, a
heartbeat thread writes `detak_at` every DETAK_INTERVAL seconds; `pulihkan` (every 5 min)
fails jobs whose heartbeat stopped and enqueues again jobs still antri, whose message may have
been lost with a killed worker.
"""

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import OperationalError, close_old_connections, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from kinerja.core.models import Pekerjaan, StatusPekerjaan
from kinerja.core.permissions import DomainError

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5  # seconds between progress writes
PESAN_GAGAL = (
    "Pekerjaan gagal karena kesalahan sistem. Coba jalankan lagi; bila terus gagal, hubungi "
    "admin aplikasi."
)

PESAN_TERHENTI = "Pekerjaan terhenti karena layanan dimulai ulang; jalankan lagi."
DETAK_INTERVAL = 60.0  # seconds between heartbeats of a running job (tests shorten it)
BASI_BERJALAN = dt.timedelta(minutes=15)  # berjalan without a heartbeat this long: dead
BASI_ANTRI = dt.timedelta(minutes=10)  # antri this long: its message may be lost
MENUNGGU_PEKERJA = dt.timedelta(seconds=30)  # the job page says "Menunggu pekerja latar…"
PULIHKAN_PALING_BANYAK = 500  # jobs enqueued again per recovery round
KUNCI_PENJADWAL = "penjadwal:detak"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Hasil:
    """What a job function produced: a file (temporary path, download name, content type)
    and/or a message shown on the job page."""

    path: Path | None = None
    nama: str = ""
    jenis: str = "application/octet-stream"
    pesan: str = ""


def buat(
    actor: Any, jenis: str, judul: str, *, parameter: dict[str, Any] | None = None
) -> Pekerjaan:
    """A queued job of the actor (and their instansi)."""
    return Pekerjaan.objects.create(
        instansi_id=getattr(actor, "instansi_id", None),
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
        jenis=jenis,
        judul=judul[:200],
        parameter=parameter or {},
    )


def mode() -> str:
    return str(settings.KINERJA_JOBS)


def jalankan(pekerjaan: Pekerjaan, fungsi_dotted_path: str, **kwargs: Any) -> None:
    """Run `fungsi_dotted_path(progress, **kwargs)` for this job (kwargs must be JSON-able:
    they are stored on the job, and a worker will receive them so)."""
    import_string(fungsi_dotted_path)  # a typo fails here, in the caller, not in the thread
    Pekerjaan.objects.filter(pk=pekerjaan.pk).update(fungsi=fungsi_dotted_path, parameter=kwargs)
    pekerjaan.fungsi, pekerjaan.parameter = fungsi_dotted_path, kwargs
    if mode() == "immediate":
        _jalankan(pekerjaan.pk)
        pekerjaan.refresh_from_db()
        return
    if mode() == "thread":

        def start() -> None:
            threading.Thread(
                target=_di_thread,
                args=(pekerjaan.pk,),
                name=f"pekerjaan-{pekerjaan.pk}",
                daemon=True,
            ).start()

        # After commit: the thread's own connection must see the job row (and what it reads).
        transaction.on_commit(start)
        return
    antrekan(pekerjaan.pk)


def antrekan(pk: int) -> None:
    """Put the job on the worker's queue (at the commit of the current transaction)."""
    from kinerja.core.tasks import jalankan_pekerjaan  # tasks.py imports this module

    jalankan_pekerjaan.enqueue(pk)


def _di_thread(pk: int) -> None:
    close_old_connections()
    try:
        _jalankan(pk)
    finally:
        connections.close_all()  # this thread's connections only


class _Pelapor:
    """The progress callback: writes done/total, throttled."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.terakhir = 0.0

    def __call__(self, selesai: int, total: int) -> None:
        now = time.monotonic()
        if selesai < total and now - self.terakhir < PROGRESS_INTERVAL:
            return
        self.terakhir = now
        _ulangi(
            lambda: Pekerjaan.objects.filter(pk=self.pk).update(
                progress_selesai=max(0, selesai), progress_total=max(0, total)
            )
        )


def _ulangi(tulis: Callable[[], Any], kali: int = 100) -> Any:
    """Run a write of the job's own row, again after a short wait while SQLite says the table
    is locked: with a shared cache (in-memory, as in the tests) SQLite answers at once instead
    of waiting out its busy timeout while another thread reads the table."""
    for i in range(kali):
        try:
            return tulis()
        except OperationalError as exc:
            if "locked" not in str(exc) or i == kali - 1:
                raise
            time.sleep(0.05)
    return None


def nama_pekerja() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _klaim(pk: int) -> bool:
    """antri → berjalan in one conditional UPDATE: of two deliveries of one job, one wins."""
    now = timezone.now()
    return bool(
        _ulangi(
            lambda: Pekerjaan.objects.filter(pk=pk, status=StatusPekerjaan.ANTRI).update(
                status=StatusPekerjaan.BERJALAN, mulai_at=now, detak_at=now, pekerja=nama_pekerja()
            )
        )
    )


class _Detak:
    """A thread writing the running job's `detak_at` every DETAK_INTERVAL seconds, however
    rarely the function reports progress: recovery tells a long job from a dead one by it."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.berhenti = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"detak-{pk}", daemon=True)

    def __enter__(self) -> "_Detak":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.berhenti.set()
        self.thread.join(timeout=5)  # a write blocked on a lock must not hold the job

    def _loop(self) -> None:
        try:
            while not self.berhenti.wait(DETAK_INTERVAL):
                try:
                    _ulangi(
                        lambda: Pekerjaan.objects.filter(
                            pk=self.pk, status=StatusPekerjaan.BERJALAN
                        ).update(detak_at=timezone.now())
                    )
                except Exception:  # a missed beat is not the job's failure
                    logger.exception("Detak pekerjaan %s gagal ditulis", self.pk)
        finally:
            connections.close_all()  # this thread's connections only


def _jalankan(pk: int) -> None:
    if not _klaim(pk):
        logger.warning("Pekerjaan %s sudah diambil atau selesai; kiriman ganda diabaikan", pk)
        return
    pekerjaan = _ulangi(lambda: Pekerjaan.objects.get(pk=pk))
    hasil: Hasil | None = None
    try:
        with _Detak(pk):
            fungsi = import_string(pekerjaan.fungsi)
            hasil = fungsi(_Pelapor(pk), **pekerjaan.parameter)
        _ulangi(lambda: _simpan_hasil(pekerjaan, hasil))
    except DomainError as exc:
        pesan = str(exc)
        _ulangi(lambda: _gagal(pk, pesan))
    except Exception:
        logger.exception("Pekerjaan %s (%s) gagal", pk, pekerjaan.fungsi)
        _ulangi(lambda: _gagal(pk, PESAN_GAGAL))
    finally:
        if hasil is not None and hasil.path is not None and hasil.path.exists():
            os.unlink(hasil.path)


def _simpan_hasil(pekerjaan: Pekerjaan, hasil: Hasil | None) -> None:
    pekerjaan.refresh_from_db()
    if hasil is not None and hasil.path is not None:
        with hasil.path.open("rb") as berkas:  # streamed to the storage, never read whole
            pekerjaan.berkas.save(hasil.nama, File(berkas), save=False)
        pekerjaan.nama_berkas = hasil.nama[:200]
        pekerjaan.jenis_berkas = hasil.jenis[:100]
    pekerjaan.pesan = hasil.pesan if hasil is not None else ""
    pekerjaan.status = StatusPekerjaan.SELESAI
    pekerjaan.selesai_at = timezone.now()
    if pekerjaan.progress_total:
        pekerjaan.progress_selesai = pekerjaan.progress_total
    pekerjaan.save()


def _gagal(pk: int, pesan: str) -> None:
    Pekerjaan.objects.filter(pk=pk).update(
        status=StatusPekerjaan.GAGAL, pesan=pesan, selesai_at=timezone.now()
    )


def pulihkan(now: dt.datetime | None = None) -> tuple[int, int]:
    """Recovery (periodic, core.tasks): (failed, enqueued again).

    A job berjalan whose heartbeat (or start, before the first beat) is older than
    BASI_BERJALAN lost its worker: it fails with PESAN_TERHENTI, never re-runs silently (an
    export is the user's to start again). A job still antri after BASI_ANTRI with a function
    is enqueued again: its message may have been lost with a killed worker or a flushed
    queue, and the claim makes an extra delivery harmless."""
    now = now or timezone.now()
    batas = now - BASI_BERJALAN
    gagal = Pekerjaan.objects.filter(
        Q(detak_at__lt=batas) | Q(detak_at__isnull=True, mulai_at__lt=batas),
        status=StatusPekerjaan.BERJALAN,
    ).update(status=StatusPekerjaan.GAGAL, pesan=PESAN_TERHENTI, selesai_at=now)
    if gagal:
        logger.warning("%s pekerjaan terhenti ditandai gagal", gagal)
    ulang = 0
    if mode() == "tasks":
        ids = list(
            Pekerjaan.objects.filter(status=StatusPekerjaan.ANTRI, created_at__lt=now - BASI_ANTRI)
            .exclude(fungsi="")
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[:PULIHKAN_PALING_BANYAK]
        )
        for pk in ids:
            antrekan(pk)
        ulang = len(ids)
    return gagal, ulang


def catat_detak_penjadwal(now: dt.datetime | None = None) -> None:
    """The scheduler's minute tick. Written to the cache (shared when REDIS_URL is set) and
    to Huey's own store, the only store the embedded web and worker processes share."""
    from huey.contrib.djhuey import HUEY

    now = now or timezone.now()
    cache.set(KUNCI_PENJADWAL, now, timeout=None)
    HUEY.put(KUNCI_PENJADWAL, now)


def detak_penjadwal() -> dt.datetime | None:
    """When the scheduler last ran ("Penjadwal terakhir berjalan …"), None if never seen."""
    from huey.contrib.djhuey import HUEY

    nilai = cache.get(KUNCI_PENJADWAL)
    if nilai is None:
        nilai = HUEY.get(KUNCI_PENJADWAL, peek=True)
    return nilai if isinstance(nilai, dt.datetime) else None


def menunggu_pekerja(pekerjaan: Pekerjaan, now: dt.datetime | None = None) -> bool:
    """Still antri after MENUNGGU_PEKERJA: no worker has taken it (none running, or busy)."""
    now = now or timezone.now()
    return (
        pekerjaan.status == StatusPekerjaan.ANTRI and now - pekerjaan.created_at > MENUNGGU_PEKERJA
    )


# --- Import batches applied as a job ------------------------------------------------------


def terapkan_di_latar(
    actor: Any,
    layanan: Callable[[Any, Any], object],
    batch: Any,
    pesan: Callable[[Any], str],
    kembali: str = "",
) -> Pekerjaan | None:
    """Apply an import batch as a job when it has more than KINERJA_IMPOR_LATAR rows; None
    when it is small enough for the request (the caller applies it as before).

    `layanan(actor, batch)` is the service applying it, `pesan(batch)` the success message:
    both module-level functions (they travel as dotted paths). `kembali`: the batch's page,
    linked from the job page."""
    if batch.jumlah_baris <= settings.KINERJA_IMPOR_LATAR:
        return None
    pekerjaan = buat(actor, f"impor.{batch._meta.label_lower}", f"Terapkan {batch}")
    jalankan(
        pekerjaan,
        "kinerja.core.jobs.tugas_terapkan",
        layanan=_dotted(layanan),
        pesan=_dotted(pesan),
        model=batch._meta.label,
        batch_id=batch.pk,
        actor_id=actor.pk,
        kembali=kembali,
    )
    return pekerjaan


def _dotted(fungsi: Callable[..., Any]) -> str:
    path = f"{fungsi.__module__}.{fungsi.__qualname__}"
    if import_string(path) is not fungsi:  # lambdas, nested functions: fail in the caller
        raise ValueError(f"{path} tidak dapat diimpor")
    return path


def tugas_terapkan(
    progress: Progress,
    layanan: str,
    pesan: str,
    model: str,
    batch_id: int,
    actor_id: int,
    kembali: str = "",
) -> Hasil:
    """The job of terapkan_di_latar. The services lock the batch row and check its status,
    so a batch applied twice (two clicks, two jobs) is refused the second time."""
    from kinerja.accounts.models import User

    actor = User.objects.get(pk=actor_id)
    batch = apps.get_model(model).objects.get(pk=batch_id, instansi_id=actor.instansi_id)
    progress(0, batch.jumlah_baris)
    try:
        import_string(layanan)(actor, batch)
    except PermissionDenied as exc:
        raise DomainError(str(exc) or "Anda tidak berwenang menerapkan impor ini.") from exc
    progress(batch.jumlah_baris, batch.jumlah_baris)
    return Hasil(pesan=import_string(pesan)(batch))


def boleh_lihat(user: Any, pekerjaan: Pekerjaan) -> bool:
    """Who started it, and the Admin Instansi of its instansi."""
    if not user.is_authenticated:
        return False
    if pekerjaan.dibuat_oleh_id == user.pk:
        return True
    return bool(
        user.is_admin_instansi
        and pekerjaan.instansi_id is not None
        and user.instansi_id == pekerjaan.instansi_id
    )


def bersihkan_catatan_tugas() -> int:
    """Drop the `djt.*` result records the Django Tasks backend writes for every task into the
    embedded SQLite queue, which never deletes them. Nothing reads them (users follow their
    `Pekerjaan`), and the backend runs a task whose record is gone all the same. Redis
    (PriorityRedisExpireHuey) expires them by itself."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    storage = HUEY.storage
    if not isinstance(storage, SqliteStorage):
        return 0
    with storage.db(commit=True) as cursor:
        cursor.execute("DELETE FROM kv WHERE queue = ? AND key LIKE 'djt.%'", (storage.name,))
        return int(cursor.rowcount)
