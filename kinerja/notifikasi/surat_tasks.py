"""The e-mail tasks (ADR 0008): `kirim_surat_partai`, enqueued on commit by `surat.antrekan`
(one per 500 queued e-mails), and the minute sweep that enqueues them for what is left (due
retries, rows whose task was lost, the throttle's backlog) and marks dead sends `ragu`."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kinerja.notifikasi import surat


@task(priority=10)  # above user jobs (0), below the reminder planner (20)
def kirim_surat_partai() -> int:
    """Send up to PER_TUGAS due e-mails in claims of PARTAI; returns how many were claimed.
    Stops early when nothing is due or the minute's quota is used up (the sweep resumes)."""
    total = 0
    while total < surat.PER_TUGAS:
        minta = min(surat.PARTAI, surat.PER_TUGAS - total)
        n = surat.kirim_partai(minta)
        total += n
        if n < minta:  # nothing more due, or the minute's quota is used up
            break
    return total


@db_periodic_task(crontab(minute="*"))
def sapu_surat() -> int:
    """Enqueue sending tasks for the due rows, at most a minute's quota of them (a backlog is
    sent over the next minutes, not enqueued again and again). Returns how many tasks."""
    now = timezone.now()
    surat.tandai_ragu(now)
    per_menit: int = settings.KINERJA_EMAIL_PER_MENIT
    due = surat.jatuh_tempo(now, max(1, per_menit))
    return surat.enqueue_kirim(due) if due else 0
