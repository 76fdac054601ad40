"""Reads of the sync log (always filtered by instansi first: the indexes lead with it)."""

from typing import Any

from django.db.models import QuerySet

from kinerja.integrasi.models import LogSinkron, Sistem


def log_sinkron(instansi_id: int, sistem: str = "", status: str = "") -> "QuerySet[LogSinkron]":
    qs = LogSinkron.objects.filter(instansi_id=instansi_id)
    if sistem:
        qs = qs.filter(sistem=sistem)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("aktor").defer("permintaan", "jawaban").order_by("-mulai_at", "-id")


def terakhir_per_sistem(instansi_id: int) -> dict[str, Any]:
    """The latest log row of each system (one indexed query per system, five in all)."""
    hasil = {}
    for sistem in Sistem.values:
        row = (
            LogSinkron.objects.filter(instansi_id=instansi_id, sistem=sistem)
            .only("id", "sistem", "status", "mulai_at", "pesan", "operasi")
            .order_by("-mulai_at", "-id")
            .first()
        )
        if row is not None:
            hasil[sistem] = row
    return hasil
