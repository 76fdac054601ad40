"""Reminder tasks (ADR 0008): an hourly tick at minute 5 enqueues one planner task per active
instansi; each runs `pengingat.rencanakan`, idempotent by its rounds and keys, so a double
enqueue (two schedulers, a retry) sends nothing twice. Offsets are whole hours, so the tick
hits 07:00 in WIB, WITA and WIT alike."""

import datetime as dt

from django.utils import timezone
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

# surat_tasks: run_huey loads only modules named `tasks`; this registers the e-mail sweep.
from kinerja.notifikasi import pengingat, surat_tasks  # noqa: F401
from kinerja.org.models import Instansi


def sekarang() -> dt.datetime:
    """The planned instant (tests replace it)."""
    return timezone.now()


@task(priority=20)  # above e-mail (10) and user jobs (0)
def rencanakan_instansi(instansi_id: int) -> dict[str, int]:
    rounds = pengingat.rencanakan(instansi_id, sekarang())
    return {
        "putaran": len(rounds),
        "pegawai": sum(r.jumlah_pegawai for r in rounds),
        "penilai": sum(r.jumlah_penilai for r in rounds),
        "ringkasan": sum(r.jumlah_ringkasan for r in rounds),
    }


@task(priority=20)
def beri_tahu_perpanjangan(perpanjangan_id: int) -> int:
    """Enqueued on commit by `perpanjang_batas` for a unit or the whole instansi."""
    return pengingat.beri_tahu_perpanjangan(perpanjangan_id, sekarang())


@task(priority=20)
def beri_tahu_batas_periode(periode_id: int, untuk: str) -> int:
    """Enqueued on commit by `ubah_batas` for each deadline it changed."""
    return pengingat.beri_tahu_batas_periode(periode_id, untuk, sekarang())


@db_periodic_task(crontab(minute="5"), name="kinerja.notifikasi.pengingat")
def tik_pengingat() -> int:
    """Enqueue the planner of each active instansi; returns how many."""
    ids = list(Instansi.objects.filter(aktif=True).values_list("pk", flat=True))
    for instansi_id in ids:
        rencanakan_instansi.enqueue(instansi_id)
    return len(ids)
