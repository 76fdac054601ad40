"""The life of an import batch, shared by the file imports (org unor/pegawai, TPP disiplin,
e-Kinerja BKN, Ruang GTK): pratinjau (the whole file checked and kept with the outcome, nothing
else written) → diterapkan (checked again, written all or nothing) or dibatalkan.

Each importer keeps its own checks, writes and audit names; these are only the steps and status
rules they share, so a batch behaves the same whichever screen made it. A batch is any model
with the ImportBatch fields (status, berkas, nama_file, dibuat_oleh, jumlah_baris, ringkasan,
kesalahan, diterapkan_at); a rencana anything with jumlah_baris, kesalahan and ringkasan().
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.permissions import DomainError
from kinerja.org.models import StatusImpor

MAKS_KESALAHAN = 1000  # errors kept on a batch; the rest are only counted

_HASIL = ["status", "jumlah_baris", "ringkasan", "kesalahan"]


def nama_berkas(nama_file: str, bawaan: str) -> str:
    """The file's own name: some browsers send the client's whole path (C:\\...)."""
    return Path(nama_file.replace("\\", "/")).name or bawaan


def isi_hasil(batch: Any, rencana: Any) -> None:
    """The outcome of a check on the batch: counts, summary and the first errors by row."""
    batch.jumlah_baris = rencana.jumlah_baris
    batch.ringkasan = rencana.ringkasan()
    batch.kesalahan = sorted(rencana.kesalahan, key=lambda e: e["baris"])[:MAKS_KESALAHAN]


def isi_pratinjau(batch: Any, actor: Any, rencana: Any) -> None:
    """A new batch's maker, status and outcome; only a clean file can be applied later."""
    batch.dibuat_oleh = actor if getattr(actor, "pk", None) else None
    batch.status = StatusImpor.GAGAL_VALIDASI if rencana.kesalahan else StatusImpor.PRATINJAU
    isi_hasil(batch, rencana)


def simpan_pratinjau(
    actor: Any, batch: Any, nama_file: str, data: bytes, aksi: str, after: dict[str, Any]
) -> None:
    """Keep the file with the new batch, audited as `aksi`: one transaction."""
    with transaction.atomic():
        batch.berkas.save(nama_file, ContentFile(data), save=False)
        batch.save()
        audit.record(actor, aksi, batch, after=after)


def pastikan_boleh_diterapkan(batch: Any) -> None:
    """A batch may be applied only from its preview."""
    if batch.status == StatusImpor.DITERAPKAN:
        raise DomainError("Impor ini sudah diterapkan.")
    if batch.status == StatusImpor.DIBATALKAN:
        raise DomainError("Impor ini sudah dibatalkan.")
    if batch.status == StatusImpor.GAGAL_VALIDASI:
        raise DomainError(
            "Impor ini memiliki kesalahan sehingga tidak dapat diterapkan; perbaiki berkas lalu "
            "unggah ulang."
        )


def pastikan_boleh_dibatalkan(batch: Any) -> None:
    if batch.status == StatusImpor.DITERAPKAN:
        raise DomainError("Impor yang sudah diterapkan tidak dapat dibatalkan.")
    if batch.status == StatusImpor.DIBATALKAN:
        raise DomainError("Impor ini sudah dibatalkan.")


def baca_untuk_diterapkan(batch: Any) -> bytes:
    """Lock the batch, check it may still be applied and return its stored file. Call inside
    the applying transaction: a second applier waits here, then sees "diterapkan"."""
    list(type(batch).objects.select_for_update().filter(pk=batch.pk).values_list("id"))
    batch.refresh_from_db()
    pastikan_boleh_diterapkan(batch)
    with batch.berkas.open("rb") as berkas:
        data: bytes = berkas.read()
    return data


def tandai_gagal(actor: Any, batch: Any, aksi: str, after: dict[str, Any]) -> None:
    """The stored file no longer passes: keep the new outcome (isi_hasil), write nothing else."""
    batch.status = StatusImpor.GAGAL_VALIDASI
    batch.save(update_fields=_HASIL)
    audit.record(actor, aksi, batch, after=after)


def tandai_diterapkan(
    actor: Any, batch: Any, aksi: str, after: dict[str, Any], waktu: dt.datetime | None = None
) -> None:
    batch.status = StatusImpor.DITERAPKAN
    batch.diterapkan_at = waktu or timezone.now()
    batch.save(update_fields=[*_HASIL, "diterapkan_at"])
    audit.record(actor, aksi, batch, after=after)


def tandai_dibatalkan(actor: Any, batch: Any, aksi: str) -> None:
    pastikan_boleh_dibatalkan(batch)
    before = {"status": batch.status}
    batch.status = StatusImpor.DIBATALKAN
    batch.save(update_fields=["status"])
    audit.record(actor, aksi, batch, before=before, after={"status": batch.status})
