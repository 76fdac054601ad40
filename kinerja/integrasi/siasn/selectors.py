"""Reads of the SIASN admin screen; always filtered by instansi first."""

from typing import Any

from django.db.models import Count, QuerySet

from kinerja.core.models import Pekerjaan
from kinerja.core.permissions import DomainError
from kinerja.integrasi.models import LogSinkron, Sistem
from kinerja.integrasi.siasn.client import muat_kredensial, periksa_alamat
from kinerja.integrasi.siasn.models import KirimanSiasn, StatusKiriman
from kinerja.org.models import ImportBatch, Instansi

TAB = {
    "menunggu": (StatusKiriman.MENUNGGU, StatusKiriman.MENGIRIM),
    "terkirim": (StatusKiriman.TERKIRIM,),
    "gagal": (StatusKiriman.GAGAL,),
    "dibatalkan": (StatusKiriman.DIBATALKAN,),
}
LOG_TERAKHIR = 20


def masalah_konfigurasi(instansi: Instansi) -> str:
    """Why SIASN cannot be used for this instansi ("" when configured)."""
    try:
        periksa_alamat()
        muat_kredensial(instansi.kode)
    except DomainError as exc:
        return str(exc)
    return ""


def kiriman(instansi_id: int, tab: str) -> QuerySet[KirimanSiasn]:
    return (
        KirimanSiasn.objects.filter(instansi_id=instansi_id, status__in=TAB[tab])
        .select_related("aktor")
        .order_by("-created_at", "-id")
    )


def hitungan(instansi_id: int) -> dict[str, int]:
    per_status = dict(
        KirimanSiasn.objects.filter(instansi_id=instansi_id)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {tab: sum(per_status.get(s, 0) for s in statuses) for tab, statuses in TAB.items()}


def log_siasn(instansi_id: int) -> list[LogSinkron]:
    return list(
        LogSinkron.objects.filter(instansi_id=instansi_id, sistem=Sistem.SIASN)
        .select_related("aktor")
        .order_by("-mulai_at", "-id")[:LOG_TERAKHIR]
    )


def impor_siasn(instansi_id: int) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.filter(
            instansi_id=instansi_id, nama_file__startswith="siasn-"
        ).order_by("-created_at", "-id")[:5]
    )


def tarik_berjalan(instansi_id: int) -> list[Pekerjaan]:
    return list(
        Pekerjaan.objects.filter(instansi_id=instansi_id, jenis="siasn.tarik_pegawai").order_by(
            "-id"
        )[:3]
    )


def baris_ekspor(instansi_id: int, tab: str) -> Any:
    """Rows of the file export (iterator, constant memory)."""
    return (
        KirimanSiasn.objects.filter(instansi_id=instansi_id, status__in=TAB[tab])
        .order_by("pk")
        .values_list("nip", "nama", "judul", "jenis", "versi", "status", "payload", "dok_path")
        .iterator(chunk_size=2000)
    )
