"""Background jobs (core/jobs.py): inline and in a thread, progress, result file, failures."""

import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.models import Pekerjaan
from tests.conftest import login


@pytest.fixture(autouse=True)
def _urls(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.core.urls_pekerjaan"


def test_immediate_job_with_file(settings, org):
    settings.KINERJA_JOBS = "immediate"
    p = jobs.buat(org.admin, "uji", "Uji")
    jobs.jalankan(p, "tests.core.jobs_fixtures.tulis", baris=3)
    assert (p.status, p.progress_selesai, p.progress_total, p.pesan) == (
        "selesai",
        3,
        3,
        "3 baris.",
    )
    assert p.berkas.read() == b"x0\nx1\nx2\n"
    assert (p.instansi_id, p.parameter) == (org.instansi.pk, {"baris": 3})


@pytest.mark.parametrize(
    ("fungsi", "pesan"),
    [
        ("tolak", "Unit organisasi tidak ditemukan."),
        ("rusak", jobs.PESAN_GAGAL),
    ],
)
def test_failures_have_an_indonesian_message(settings, org, fungsi, pesan):
    settings.KINERJA_JOBS = "immediate"
    p = jobs.buat(org.admin, "uji", "Uji")
    jobs.jalankan(p, f"tests.core.jobs_fixtures.{fungsi}")
    assert (p.status, p.pesan, bool(p.berkas)) == ("gagal", pesan, False)
    assert p.selesai_at is not None


def test_unknown_function_fails_in_the_caller(org):
    p = jobs.buat(org.admin, "uji", "Uji")
    with pytest.raises(ImportError):
        jobs.jalankan(p, "tests.core.jobs_fixtures.tidak_ada")


@pytest.mark.django_db(transaction=True)
def test_thread_mode_end_to_end(settings, client):
    """The default mode: the page polls while the thread works, then offers the file."""
    from tests.conftest import build_org

    settings.KINERJA_JOBS = "thread"
    org = build_org("T")
    p = jobs.buat(org.admin, "uji", "Uji thread")
    jobs.jalankan(p, "tests.core.jobs_fixtures.tulis", baris=20000)
    login(client, org.admin)
    page = client.get(reverse("pekerjaan:detail", args=[p.pk])).content.decode()
    assert "Uji thread" in page
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        p.refresh_from_db()
        if p.selesai:
            break
        time.sleep(0.05)
    assert (p.status, p.progress_selesai) == ("selesai", 20000)
    status = client.get(reverse("pekerjaan:status", args=[p.pk])).content.decode()
    assert 'hx-trigger="every 1s"' not in status  # polling stops once done
    assert reverse("pekerjaan:unduh", args=[p.pk]) in status
    body = b"".join(client.get(reverse("pekerjaan:unduh", args=[p.pk])).streaming_content)
    assert body.startswith(b"x0\n") and body.count(b"\n") == 20000
    assert Pekerjaan.objects.count() == 1


def test_running_job_polls(client, org):
    p = jobs.buat(org.admin, "uji", "Uji")
    Pekerjaan.objects.filter(pk=p.pk).update(
        status="berjalan", progress_selesai=250, progress_total=1000
    )
    login(client, org.admin)
    html = client.get(reverse("pekerjaan:status", args=[p.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "250 dari 1.000 baris (25%)" in html
    assert client.get(reverse("pekerjaan:unduh", args=[p.pk])).status_code == 404


def test_own_row_writes_wait_out_a_locked_table_but_not_other_errors():
    """SQLite with a shared cache answers "table is locked" at once while another thread
    reads; the job's writes try again instead of leaving the job stuck in "antri"."""
    calls = []

    def terkunci_dua_kali() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database table is locked: core_pekerjaan")
        return "ok"

    assert jobs._ulangi(terkunci_dua_kali) == "ok" and len(calls) == 3

    def rusak() -> None:
        calls.append(1)
        raise OperationalError("no such table: core_pekerjaan")

    calls.clear()
    with pytest.raises(OperationalError):
        jobs._ulangi(rusak)
    assert len(calls) == 1
