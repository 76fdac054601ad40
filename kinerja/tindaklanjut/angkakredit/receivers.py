"""Reactions to domain events: a final (or keberatan-changed) evaluation rebuilds the pegawai's
angka kredit in the same transaction, so a committed result and its ledger always agree."""

from typing import Any

from kinerja.core import events
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.angkakredit import services


def on_evaluasi_final(sender: Any, evaluasi: Evaluasi, actor: Any = None, **kwargs: Any) -> None:
    aksi = kwargs.get("aksi", "")
    services.hitung_ulang_pegawai(
        evaluasi.instansi_id,
        evaluasi.pegawai_id,
        actor=actor,
        reason=f"Evaluasi {evaluasi.pk} {aksi.replace('_', ' ')} ({evaluasi.status})".strip(),
    )


def connect() -> None:
    events.evaluasi_final.connect(on_evaluasi_final, dispatch_uid="angkakredit.evaluasi_final")
