"""The SIASN sweep on the worker (ADR 0008 "SIASN"): a minute tick enqueues `sapu_siasn`,
which runs `worker.sapu`. Its claims and 5-minute leases already keep two overlapping sweeps
(a slow one and the next minute's, or the operator's `manage.py kirim_siasn`) from sending a
row twice, so the tick does not guard against overlap itself."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kinerja.core.permissions import DomainError
from kinerja.integrasi.siasn import worker
from kinerja.integrasi.siasn.client import periksa_alamat

PARALEL = 4


def dikonfigurasi() -> bool:
    """SIASN addresses are set for this deployment. Credentials are per instansi: the sweep
    skips an instansi without them, as `manage.py kirim_siasn` does."""
    try:
        periksa_alamat()
    except DomainError:
        return False
    return True


@task()
def sapu_siasn(paralel: int = PARALEL) -> dict[str, int]:
    r = worker.sapu(paralel=paralel)
    return {"terkirim": r.terkirim, "ditunda": r.ditunda, "gagal": r.gagal}


@db_periodic_task(crontab(minute="*"))
def tik_sapu_siasn() -> None:
    if dikonfigurasi():
        sapu_siasn.enqueue(paralel=PARALEL)
