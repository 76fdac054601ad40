"""Tasks of the background jobs (ADR 0008), run by the Huey consumer (`manage.py run_huey`).

`jalankan_pekerjaan` is a Django task (`django_tasks.task`; `django.tasks` on Django 6),
enqueued by `jobs.jalankan` in mode "tasks". The periodic ticks are thin djhuey tasks: they
only run on the one consumer with periodic tasks on (the scheduler), and each is idempotent.
"""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kinerja.core import jobs, notifications


@task()
def jalankan_pekerjaan(pekerjaan_id: int) -> None:
    """Run one `Pekerjaan`; a second delivery finds it claimed and does nothing."""
    jobs._jalankan(pekerjaan_id)


@db_periodic_task(crontab(minute="*/5"))
def pulihkan_pekerjaan() -> None:
    jobs.pulihkan()


@db_periodic_task(crontab(minute="*"))
def detak_penjadwal() -> None:
    """Proof of life of the scheduler, shown as "Penjadwal terakhir berjalan …"."""
    jobs.catat_detak_penjadwal()


@db_periodic_task(crontab(hour="20", minute="30"))  # UTC: 03:30 WIB, the quietest hour
def bersihkan() -> None:
    """Daily: read notifications older than a year go (with their e-mails), and so do the
    result records the Django Tasks backend keeps in the embedded SQLite queue (Redis
    expires its own)."""
    notifications.bersihkan()
    jobs.bersihkan_catatan_tugas()
