"""Job functions for the tests of core/jobs.py and the worker (jobs.jalankan takes dotted paths)."""

import tempfile
import time
from pathlib import Path

from kinerja.core.jobs import Hasil, Progress
from kinerja.core.models import Notifikasi
from kinerja.core.permissions import DomainError


def tulis(progress: Progress, baris: int, isi: str = "x") -> Hasil:
    fd, name = tempfile.mkstemp(suffix=".txt")
    with open(fd, "w") as out:
        for i in range(baris):
            out.write(f"{isi}{i}\n")
            progress(i + 1, baris)
    return Hasil(Path(name), "hasil.txt", "text/plain", f"{baris} baris.")


def tolak(progress: Progress) -> None:
    raise DomainError("Unit organisasi tidak ditemukan.")


def rusak(progress: Progress) -> None:
    raise RuntimeError("bug")


PANGGILAN: list[str] = []  # calls of `hitung`, to prove a job ran once


def hitung(progress: Progress, tanda: str) -> None:
    PANGGILAN.append(tanda)


def tidur(progress: Progress, detik: float) -> None:
    time.sleep(detik)


def catat(progress: Progress, instansi_id: int, penerima_id: int, judul: str) -> None:
    """One uniquely titled row per run: a job run twice would leave two."""
    Notifikasi.objects.create(instansi_id=instansi_id, penerima_id=penerima_id, judul=judul)
    progress(1, 1)
