"""Background jobs (core/jobs.py): inline, in a thread and on the worker; progress, result
file, failures; the claim, the heartbeat, recovery; imports applied as jobs."""

import datetime as dt
import os
import socket
import time

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from kinerja.core import jobs, tasks
from kinerja.core.models import Pekerjaan
from tests.conftest import login
from tests.core import jobs_fixtures


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


# --- On the worker (ADR 0008): claim, heartbeat, recovery, tasks mode ----------------------


def _antri(org, fungsi: str, **parameter) -> Pekerjaan:
    p = jobs.buat(org.admin, "uji", "Uji")
    Pekerjaan.objects.filter(pk=p.pk).update(fungsi=fungsi, parameter=parameter)
    return p


def test_a_second_delivery_of_a_job_does_nothing(org):
    jobs_fixtures.PANGGILAN.clear()
    p = _antri(org, "tests.core.jobs_fixtures.hitung", tanda="satu")
    jobs._jalankan(p.pk)
    jobs._jalankan(p.pk)
    p.refresh_from_db()
    assert jobs_fixtures.PANGGILAN == ["satu"]
    assert p.status == "selesai" and p.pekerja == f"{socket.gethostname()}:{os.getpid()}"

    # Claimed by another worker (berjalan): this delivery leaves it alone.
    q = _antri(org, "tests.core.jobs_fixtures.hitung", tanda="dua")
    Pekerjaan.objects.filter(pk=q.pk).update(status="berjalan", pekerja="lain:1")
    jobs._jalankan(q.pk)
    q.refresh_from_db()
    assert (q.status, q.pekerja, jobs_fixtures.PANGGILAN) == ("berjalan", "lain:1", ["satu"])


@pytest.mark.django_db(transaction=True)
def test_heartbeat_while_the_function_runs(settings, monkeypatch):
    from tests.conftest import build_org

    settings.KINERJA_JOBS = "immediate"
    monkeypatch.setattr(jobs, "DETAK_INTERVAL", 0.05)
    org = build_org("D")
    p = jobs.buat(org.admin, "uji", "Uji detak")
    jobs.jalankan(p, "tests.core.jobs_fixtures.tidur", detik=0.6)
    assert p.status == "selesai"
    assert p.detak_at is not None and p.mulai_at is not None
    assert p.detak_at - p.mulai_at >= dt.timedelta(seconds=0.05)  # beaten after the claim
    beat = p.detak_at
    time.sleep(0.2)
    p.refresh_from_db()
    assert p.detak_at == beat  # the heartbeat stopped with the function


def test_recovery_fails_dead_jobs_and_enqueues_lost_ones(
    settings, org, django_capture_on_commit_callbacks
):
    settings.KINERJA_JOBS = "tasks"
    now = timezone.now()
    lama, baru = now - dt.timedelta(minutes=20), now - dt.timedelta(minutes=5)

    def job(**kolom) -> Pekerjaan:
        p = _antri(org, "tests.core.jobs_fixtures.tulis", baris=2)
        Pekerjaan.objects.filter(pk=p.pk).update(**kolom)
        return p

    mati = job(status="berjalan", mulai_at=lama, detak_at=lama)
    mati_tanpa_detak = job(status="berjalan", mulai_at=lama, detak_at=None)
    hidup = job(status="berjalan", mulai_at=lama, detak_at=baru)
    hilang = job(created_at=now - dt.timedelta(minutes=11))
    segar = job(created_at=now - dt.timedelta(minutes=1))
    tanpa_fungsi = job(created_at=now - dt.timedelta(minutes=11), fungsi="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.pulihkan(now) == (2, 1)
    assert len(callbacks) == 1
    status = dict(Pekerjaan.objects.values_list("pk", "status"))
    assert [status[p.pk] for p in (mati, mati_tanpa_detak, hidup)] == ["gagal"] * 2 + ["berjalan"]
    assert [status[p.pk] for p in (hilang, segar, tanpa_fungsi)] == ["selesai", "antri", "antri"]
    mati.refresh_from_db()
    assert (mati.pesan, mati.selesai_at) == (jobs.PESAN_TERHENTI, now)


def test_tasks_mode_enqueues_on_commit_and_the_worker_runs_it(
    settings, org, django_capture_on_commit_callbacks
):
    settings.KINERJA_JOBS = "tasks"
    p = jobs.buat(org.admin, "uji", "Uji")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        jobs.jalankan(p, "tests.core.jobs_fixtures.tulis", baris=3)
        assert Pekerjaan.objects.get(pk=p.pk).status == "antri"  # nothing before the commit
    assert len(callbacks) == 1
    p.refresh_from_db()
    assert (p.status, p.progress_selesai, p.pesan) == ("selesai", 3, "3 baris.")
    assert p.berkas.read() == b"x0\nx1\nx2\n"


def test_the_page_says_when_no_worker_took_the_job(client, org):
    p = jobs.buat(org.admin, "uji", "Uji")
    login(client, org.admin)
    url = reverse("pekerjaan:status", args=[p.pk])
    assert "Menunggu pekerja latar" not in client.get(url).content.decode()
    Pekerjaan.objects.filter(pk=p.pk).update(created_at=timezone.now() - dt.timedelta(seconds=31))
    assert "Menunggu pekerja latar" in client.get(url).content.decode()
    detail = client.get(reverse("pekerjaan:detail", args=[p.pk])).content.decode()
    assert "Menunggu pekerja latar" in detail


def test_scheduler_heartbeat_is_shared_through_the_queue_store():
    from huey.contrib.djhuey import HUEY

    cache.delete(jobs.KUNCI_PENJADWAL)
    HUEY.get(jobs.KUNCI_PENJADWAL)  # pops a beat left by another test
    assert jobs.detak_penjadwal() is None
    sebelum = timezone.now()
    tasks.detak_penjadwal.call_local()
    assert sebelum <= jobs.detak_penjadwal() <= timezone.now()
    cache.delete(jobs.KUNCI_PENJADWAL)  # the web's cache is its own (embedded): the store has it
    assert sebelum <= jobs.detak_penjadwal() <= timezone.now()


def test_siasn_tick_sweeps_only_when_configured(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kinerja.integrasi.siasn import tasks as siasn_tasks
    from kinerja.integrasi.siasn import worker

    calls = []
    monkeypatch.setattr(worker, "sapu", lambda **kw: calls.append(kw) or worker.Ringkasan())
    settings.KINERJA_SIASN_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        siasn_tasks.tik_sapu_siasn.call_local()
    assert calls == []
    settings.KINERJA_SIASN_URL = "https://siasn.example/apisiasn/1.0"
    settings.KINERJA_SIASN_TOKEN_URL = "https://siasn.example/oauth2/token"
    settings.KINERJA_SIASN_SSO_URL = "https://sso.example/token"
    with django_capture_on_commit_callbacks(execute=True):
        siasn_tasks.tik_sapu_siasn.call_local()
    assert calls == [{"paralel": 4}]


def test_a_large_import_is_applied_as_a_job(settings, client, org):
    from kinerja.org.models import ImportBatch
    from kinerja.org.models import Pegawai as PegawaiModel
    from tests.org.test_import_views import batch_of
    from tests.org.test_imports import NIP_PNS, pegawai_row

    settings.KINERJA_JOBS = "immediate"
    settings.KINERJA_IMPOR_LATAR = 0  # every batch is "large"
    batch = batch_of(org, [pegawai_row()])
    login(client, org.admin)
    response = client.post(reverse("org:import_apply", args=[batch.pk]))
    p = Pekerjaan.objects.get()
    assert response.url == reverse("pekerjaan:detail", args=[p.pk])
    assert (p.status, p.dibuat_oleh_id, p.progress_selesai, p.progress_total) == (
        "selesai",
        org.admin.pk,
        1,
        1,
    )
    assert p.pesan == "Impor diterapkan: 1 baru, 0 diubah, 0 pindah, 0 tetap."
    assert PegawaiModel.objects.filter(nip=NIP_PNS, instansi=org.instansi).exists()
    assert ImportBatch.objects.get().status == "diterapkan"
    html = client.get(reverse("pekerjaan:status", args=[p.pk])).content.decode()
    assert reverse("org:import_detail", args=[batch.pk]) in html  # back to the batch

    # A second apply (another click) is refused by the service: the job fails with its word.
    client.post(reverse("org:import_apply", args=[batch.pk]))
    kedua = Pekerjaan.objects.exclude(pk=p.pk).get()
    assert kedua.status == "gagal" and kedua.pesan and kedua.pesan != jobs.PESAN_GAGAL


def test_a_small_import_is_still_applied_in_the_request(settings, client, org):
    from tests.org.test_import_views import batch_of
    from tests.org.test_imports import pegawai_row

    settings.KINERJA_IMPOR_LATAR = 2000
    batch = batch_of(org, [pegawai_row()])
    login(client, org.admin)
    response = client.post(reverse("org:import_apply", args=[batch.pk]))
    assert response.url == reverse("org:import_detail", args=[batch.pk])
    assert not Pekerjaan.objects.exists()


def test_a_large_ekinerja_bkn_import_is_applied_as_a_job(settings, client, org):
    from kinerja.integrasi.ekinerjabkn import impor
    from kinerja.integrasi.ekinerjabkn.fake import laporan_xlsx
    from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn
    from tests.integrasi.ekinerjabkn.conftest import baris_org

    settings.KINERJA_JOBS = "immediate"
    settings.KINERJA_IMPOR_LATAR = 4  # the batch has 5 rows
    batch = impor.pratinjau(org.admin, org.instansi.pk, "l.xlsx", laporan_xlsx(baris_org(org)))
    login(client, org.admin)
    response = client.post(reverse("ekinerjabkn:terapkan", args=[batch.pk]))
    p = Pekerjaan.objects.get()
    assert response.url == reverse("pekerjaan:detail", args=[p.pk])
    assert (p.status, p.progress_selesai, p.progress_total) == ("selesai", 5, 5)
    assert p.pesan == "Hasil e-Kinerja BKN diterapkan: 5 baru, 0 diperbarui."
    assert HasilEkinerjaBkn.objects.count() == 5
