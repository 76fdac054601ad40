"""Two real workers on one Redis queue never run a job twice (ADR 0008 "Tests"): two
`manage.py run_huey -w 2 -n` processes on the test database; 300 jobs, 50 of them enqueued
twice, each job creating one uniquely titled Notifikasi. Runs on PostgreSQL with REDIS_URL
(the conftest hook deselects it elsewhere)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils.module_loading import import_string
from huey.contrib.djhuey import HUEY

from kinerja.core import jobs
from kinerja.core.models import Notifikasi, Pekerjaan
from kinerja.core.tasks import jalankan_pekerjaan
from tests.conftest import build_org

pytestmark = pytest.mark.redis

JUMLAH, GANDA, BATAS_DETIK = 300, 50, 90


def _database_url() -> str:
    """The environment's DATABASE_URL, pointing at this session's test database."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


def _pekerja(nama: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "KINERJA_HUEY_NAME": nama,
        "KINERJA_JOBS": "tasks",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "-w", "2", "-k", "thread", "-n"],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),  # a file, not a pipe: a full pipe would stall the worker
    )


def _hentikan(proses: subprocess.Popen[bytes]) -> None:
    if proses.poll() is None:
        proses.send_signal(signal.SIGTERM)  # huey: stop now
        try:
            proses.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait()


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_job_exactly_once(settings, tmp_path):
    settings.KINERJA_JOBS = "tasks"
    nama = f"kinerja-uji-{uuid.uuid4().hex[:12]}"
    # The workers' Huey class and options (settings.HUEY), under this run's queue name.
    antrean = import_string(django_settings.HUEY["huey_class"])(
        nama, **django_settings.HUEY["connection"]
    )
    org = build_org("R")
    asal = HUEY.storage
    HUEY.immediate_use_memory = False
    HUEY.immediate = False
    HUEY.storage = antrean.storage  # this process enqueues onto the workers' queue
    proses: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    try:
        ids = []
        for i in range(JUMLAH):
            p = jobs.buat(org.admin, "uji", f"Uji {i}")
            jobs.jalankan(
                p,
                "tests.core.jobs_fixtures.catat",
                instansi_id=org.instansi.pk,
                penerima_id=org.admin.pk,
                judul=f"uji:{p.pk}",
            )
            if i < GANDA:  # the same job delivered twice, side by side in the queue
                jalankan_pekerjaan.enqueue(p.pk)
            ids.append(p.pk)
        assert len(HUEY) == JUMLAH + GANDA
        logs = [tmp_path / "pekerja-1.log", tmp_path / "pekerja-2.log"]
        proses = [_pekerja(nama, log) for log in logs]
        deadline = time.monotonic() + BATAS_DETIK
        while time.monotonic() < deadline:
            if not Pekerjaan.objects.filter(pk__in=ids).exclude(status="selesai").exists():
                break
            assert all(p.poll() is None for p in proses), "a worker exited"
            time.sleep(0.5)
        status = Counter(Pekerjaan.objects.filter(pk__in=ids).values_list("status", flat=True))
        assert status == {"selesai": JUMLAH}
        time.sleep(1)  # a duplicate still in flight would write its row now
        judul = Counter(
            Notifikasi.objects.filter(judul__startswith="uji:").values_list("judul", flat=True)
        )
        assert len(judul) == JUMLAH and set(judul.values()) == {1}
        assert set(judul) == {f"uji:{pk}" for pk in ids}
        assert len(HUEY) == 0  # every message, duplicates too, was consumed
        pekerja = Counter(Pekerjaan.objects.filter(pk__in=ids).values_list("pekerja", flat=True))
        print(f"jobs per worker process: {dict(pekerja)}")
    finally:
        for p in proses:
            _hentikan(p)
        antrean.storage.flush_all()  # this run's queue name only
        HUEY.immediate = True
        HUEY.storage = asal
        HUEY.immediate_use_memory = True
    teks = "".join(log.read_text() for log in logs)
    assert "Traceback" not in teks, teks[-3000:]
    assert teks.count("kiriman ganda diabaikan") == GANDA  # each extra delivery found it claimed
