"""Documents follow the domain events: the penilai's signature when an SKP is approved or an
evaluation finalised, a new version when a keberatan changes the result (Diubah; Tetap keeps
the document). Rendering and signing run after the commit, so the approving or finalising
transaction stays short and a signing failure never undoes it (services.terbitkan_aman)."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from kinerja.core import events
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut.dokumen import services


@receiver(events.skp_disetujui, dispatch_uid="dokumen.skp_disetujui")
def skp_disetujui(sender: Any, skp: Skp, actor: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: services.terbitkan_aman(actor, skp))


@receiver(events.evaluasi_final, dispatch_uid="dokumen.evaluasi_final")
def evaluasi_final(sender: Any, evaluasi: Evaluasi, actor: Any, aksi: str, **kwargs: Any) -> None:
    if aksi == "keberatan_diputuskan" and evaluasi.status != StatusEvaluasi.DIUBAH:
        return  # Tetap: the document stays as issued
    if aksi not in ("difinalkan", "keberatan_diputuskan"):
        return
    pk, instansi_id = evaluasi.pk, evaluasi.instansi_id

    def terbitkan() -> None:
        ev = (
            Evaluasi.objects.select_related("periode", "skp", "pegawai")
            .filter(instansi_id=instansi_id, pk=pk)
            .first()
        )
        if ev is not None:
            services.terbitkan_aman(actor, ev)

    transaction.on_commit(terbitkan)
