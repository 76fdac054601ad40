"""The embedded worker end to end (ADR 0008 "Tests"): a real Huey consumer on a SQLite queue
file runs a job that `jobs.jalankan` enqueued in mode "tasks", as `manage.py run_huey`
beside the web server does, in a thread of this process (so the test database is shared)."""

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse
from huey.consumer import Consumer
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

import kinerja.core.tasks  # noqa: F401  (registers the tasks, as run_huey's autodiscovery)
from kinerja.core import jobs
from tests.conftest import build_org, login


class _ConsumerDiThread(Consumer):
    def _set_signal_handlers(self) -> None:  # signal.signal works on the main thread only
        pass


@contextmanager
def antrean_sqlite(path: Path) -> Iterator[None]:
    """HUEY on its own queue file, not immediate; both restored afterwards (the rest of the
    session runs tasks inline)."""
    asal = HUEY.storage
    HUEY.immediate_use_memory = False  # switching mode must not build the configured storage
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(path))
    try:
        yield
    finally:
        HUEY.storage.close()
        HUEY.immediate = True
        HUEY.storage = asal
        HUEY.immediate_use_memory = True


@contextmanager
def konsumen() -> Iterator[Consumer]:
    consumer = _ConsumerDiThread(
        HUEY, workers=1, worker_type="thread", periodic=False, max_delay=0.2
    )
    thread = threading.Thread(target=consumer.run, name="huey-uji", daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        thread.join(timeout=10)
        assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_on_the_embedded_worker(settings, tmp_path, client):
    settings.KINERJA_JOBS = "tasks"
    org = build_org("E")
    with antrean_sqlite(tmp_path / "huey.sqlite3"):
        p = jobs.buat(org.admin, "uji", "Uji pekerja")
        jobs.jalankan(p, "tests.core.jobs_fixtures.tulis", baris=3)  # autocommit: enqueued now
        assert len(HUEY) == 1 and p.status == "antri"  # waits for a worker
        with konsumen():
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                p.refresh_from_db()
                if p.selesai:
                    break
                time.sleep(0.1)
        assert len(HUEY) == 0
    assert (p.status, p.progress_selesai, p.progress_total, p.pesan) == (
        "selesai",
        3,
        3,
        "3 baris.",
    )
    assert p.pekerja.endswith(f":{os.getpid()}")  # this process's thread
    login(client, org.admin)
    body = b"".join(client.get(reverse("pekerjaan:unduh", args=[p.pk])).streaming_content)
    assert body == b"x0\nx1\nx2\n"
