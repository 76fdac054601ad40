"""The SIASN queue follows `events.evaluasi_final` (ADR 0007 "Hooks"): after the commit of
the finalisation or the keberatan decision, the result version is queued (finalised: due at
the end of the keberatan window; decided: due now, and sent at once by a background job when
SIASN is configured). A queueing failure is logged and never undoes the decision; the
backfill (services.antrekan_instansi) catches up."""

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from kinerja.core import events, jobs
from kinerja.core.permissions import DomainError
from kinerja.integrasi.siasn import services
from kinerja.integrasi.siasn.client import muat_kredensial, periksa_alamat
from kinerja.integrasi.siasn.models import KirimanSiasn, StatusKiriman
from kinerja.org.models import Instansi
from kinerja.penilaian.models import Evaluasi

logger = logging.getLogger(__name__)


def siap(instansi_id: int) -> bool:
    """SIASN configured for this instansi (addresses and credentials)."""
    try:
        periksa_alamat()
        kode = Instansi.objects.filter(pk=instansi_id).values_list("kode", flat=True).first()
        muat_kredensial(kode or "")
    except DomainError:
        return False
    return True


def kirim_segera(row: KirimanSiasn | None, actor: Any) -> None:
    if row is None or row.status != StatusKiriman.MENUNGGU or row.berikutnya_at > timezone.now():
        return
    if not siap(row.instansi_id):
        return
    pekerjaan = jobs.buat(actor, "siasn.kirim", f"Kirim hasil {row.nama} ke SIASN")
    jobs.jalankan(
        pekerjaan,
        "kinerja.integrasi.siasn.worker.tugas_kirim",
        instansi_id=row.instansi_id,
        kiriman_id=row.pk,
    )


@receiver(events.evaluasi_final, dispatch_uid="siasn.evaluasi_final")
def evaluasi_final(sender: Any, evaluasi: Evaluasi, actor: Any, aksi: str, **kwargs: Any) -> None:
    if evaluasi.sumber or aksi not in ("difinalkan", "keberatan_diputuskan"):
        return
    pk, instansi_id = evaluasi.pk, evaluasi.instansi_id

    def antrekan() -> None:
        try:
            if aksi == "difinalkan":
                services.setelah_difinalkan(instansi_id, pk, actor)
            else:
                kirim_segera(services.setelah_keberatan(instansi_id, pk, actor), actor)
        except Exception:
            logger.exception("Evaluasi %s gagal diantrekan ke SIASN", pk)

    transaction.on_commit(antrekan)
