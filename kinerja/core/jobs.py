"""Background jobs with progress (`Pekerjaan`): exports and other work too long for a request.

    pekerjaan = jobs.buat(user, "tpp.rekap", "Rekap TPP November 2026")
    jobs.jalankan(pekerjaan, "kinerja.tindaklanjut.tpp.rekap.tugas_rekap", tahun=2026, ...)

The function is called as `fungsi(progress, **kwargs)`; `progress(done, total)` records how
far it is (written at most every PROGRESS_INTERVAL seconds, so a tight loop may call it often).
It returns None or a `Hasil` naming a file it wrote (a temporary path): that file is saved to
the job's private `berkas` and removed. A `DomainError` fails the job with its own message;
any other exception with a generic Indonesian one (the traceback goes to the log).

Where it runs: setting `KINERJA_JOBS`:
- "thread" (default): a daemon thread of the web process, started when the caller's
  transaction commits. Good for one server and the embedded setup; a job dies with the
  process (the page then shows it stuck "Berjalan"; start it again).
- "immediate": inline, before `jalankan` returns (tests, management commands).
Issue 8 moves this onto the Huey/Django Tasks worker: `jalankan` keeps its signature and
enqueues a task there instead, so callers do not change.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, close_old_connections, connections, transaction
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

    def start() -> None:
        threading.Thread(
            target=_di_thread, args=(pekerjaan.pk,), name=f"pekerjaan-{pekerjaan.pk}", daemon=True
        ).start()

    # After commit: the thread's own connection must see the job row (and what it reads).
    transaction.on_commit(start)


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


def _jalankan(pk: int) -> None:
    pekerjaan = _ulangi(lambda: Pekerjaan.objects.get(pk=pk))
    hasil: Hasil | None = None
    try:
        _ulangi(
            lambda: Pekerjaan.objects.filter(pk=pk).update(
                status=StatusPekerjaan.BERJALAN, mulai_at=timezone.now()
            )
        )
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
