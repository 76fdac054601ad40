"""Writing the sync log around an exchange."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.models import LogSinkron, PenanggungJawab, StatusSinkron


@contextmanager
def catat(
    *,
    instansi_id: int | None,
    sistem: str,
    arah: str,
    operasi: str,
    aktor: Any = None,
    ref: str = "",
) -> Iterator[LogSinkron]:
    """One LogSinkron row for the block: "berjalan" at the start; "berhasil" at the end unless
    the block set another status; "gagal" with the code, message and penanggung jawab when it
    raises (the exception goes on). The block may fill jumlah, permintaan, jawaban and pesan.

    Call it outside any transaction (never hold one open over a network call): a failure's
    row must survive the caller's rollback."""
    log = LogSinkron.objects.create(
        instansi_id=instansi_id,
        sistem=sistem,
        arah=arah,
        operasi=operasi,
        aktor=aktor if getattr(aktor, "pk", None) else None,
        ref=ref[:128],
        mulai_at=timezone.now(),
    )
    try:
        yield log
    except GalatIntegrasi as exc:
        log.status, log.kode_galat, log.pesan = StatusSinkron.GAGAL, exc.kode, exc.pesan
        log.penanggung_jawab = exc.penanggung_jawab or log.penanggung_jawab
        log.jawaban = exc.jawaban or log.jawaban
        _tutup(log)
        raise
    except Exception as exc:
        log.status, log.kode_galat = StatusSinkron.GAGAL, "internal"
        log.pesan = f"Kesalahan internal Kinerja: {type(exc).__name__}."
        log.penanggung_jawab = PenanggungJawab.ADMIN_SISTEM
        _tutup(log)
        raise
    if log.status == StatusSinkron.BERJALAN:
        log.status = StatusSinkron.BERHASIL
    _tutup(log)


def _tutup(log: LogSinkron) -> None:
    log.selesai_at = timezone.now()
    log.save()
