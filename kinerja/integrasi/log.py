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
    tampung: list[LogSinkron] | None = None,
) -> Iterator[LogSinkron]:
    """One LogSinkron row for the block: "berjalan" at the start; "berhasil" at the end unless
    the block set another status; "gagal" with the code, message and penanggung jawab when it
    raises (the exception goes on). The block may fill jumlah, permintaan, jawaban and pesan.

    Call it outside any transaction (never hold one open over a network call): a failure's
    row must survive the caller's rollback.

    With `tampung` (a list) nothing is written here: the finished row is added to the list,
    and the caller writes a batch of them at once with `simpan_tampungan` (in a finally). The
    SIASN sweep does so: one INSERT per batch instead of an INSERT and an UPDATE per exchange;
    the rows show up when their batch ends, and a killed process loses its current batch's."""
    log = LogSinkron(
        instansi_id=instansi_id,
        sistem=sistem,
        arah=arah,
        operasi=operasi,
        aktor=aktor if getattr(aktor, "pk", None) else None,
        ref=ref[:128],
        mulai_at=timezone.now(),
    )
    if tampung is None:
        log.save()
    try:
        yield log
    except GalatIntegrasi as exc:
        log.status, log.kode_galat, log.pesan = StatusSinkron.GAGAL, exc.kode, exc.pesan
        log.penanggung_jawab = exc.penanggung_jawab or log.penanggung_jawab
        log.jawaban = exc.jawaban or log.jawaban
        _tutup(log, tampung)
        raise
    except Exception as exc:
        log.status, log.kode_galat = StatusSinkron.GAGAL, "internal"
        log.pesan = f"Kesalahan internal Kinerja: {type(exc).__name__}."
        log.penanggung_jawab = PenanggungJawab.ADMIN_SISTEM
        _tutup(log, tampung)
        raise
    if log.status == StatusSinkron.BERJALAN:
        log.status = StatusSinkron.BERHASIL
    _tutup(log, tampung)


def _tutup(log: LogSinkron, tampung: list[LogSinkron] | None) -> None:
    log.selesai_at = timezone.now()
    if tampung is None:
        log.save()
    else:
        tampung.append(log)


def simpan_tampungan(tampung: list[LogSinkron]) -> None:
    """Write the rows `catat(tampung=...)` collected, and empty the list."""
    LogSinkron.objects.bulk_create(tampung, batch_size=500)
    tampung.clear()
