"""Job functions for tests/core/test_jobs.py (jobs.jalankan takes dotted paths)."""

import tempfile
from pathlib import Path

from kinerja.core.jobs import Hasil, Progress
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
