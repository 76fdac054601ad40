"""Reads of the imported e-Kinerja BKN results, always filtered by instansi first."""

import datetime as dt

from django.db.models import QuerySet

from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn

RIWAYAT = 10


def daftar_hasil(
    instansi_id: int, periode: dt.date | None = None, status: str | None = None
) -> QuerySet[HasilEkinerjaBkn]:
    """Results newest period first, with the pegawai's name and NIP in the same query."""
    qs = HasilEkinerjaBkn.objects.filter(instansi_id=instansi_id)
    if periode is not None:
        qs = qs.filter(periode_akhir=periode)
    if status is not None:
        qs = qs.filter(status_skp=status)
    return (
        qs.select_related("pegawai")
        .only(
            "id",
            "periode_akhir",
            "status_skp",
            "predikat",
            "unor_induk",
            "batch_id",
            "updated_at",
            "pegawai__nip",
            "pegawai__nama",
            "pegawai__gelar_depan",
            "pegawai__gelar_belakang",
        )
        .order_by("-periode_akhir", "id")
    )


def pilihan_periode(instansi_id: int) -> list[dt.date]:
    return list(
        HasilEkinerjaBkn.objects.filter(instansi_id=instansi_id)
        .order_by("-periode_akhir")
        .values_list("periode_akhir", flat=True)
        .distinct()
    )


def pilihan_status(instansi_id: int) -> list[str]:
    return list(
        HasilEkinerjaBkn.objects.filter(instansi_id=instansi_id)
        .order_by("status_skp")
        .values_list("status_skp", flat=True)
        .distinct()
    )


def riwayat_impor(instansi_id: int) -> list[ImporEkinerjaBkn]:
    return list(
        ImporEkinerjaBkn.objects.filter(instansi_id=instansi_id)
        .select_related("dibuat_oleh")
        .defer("ringkasan", "kesalahan")[:RIWAYAT]
    )


def batch_of(instansi_id: int, pk: int) -> ImporEkinerjaBkn | None:
    return (
        ImporEkinerjaBkn.objects.filter(instansi_id=instansi_id, pk=pk)
        .select_related("dibuat_oleh")
        .first()
    )
