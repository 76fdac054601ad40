"""Stage-4 demo data, after the penilaian demo: each app seeds what its screens need (laporan
first: the annual results of last year that the follow-up lists read; then angka kredit and
TPP from the final results; signed documents last, for the demo people only)."""

import importlib
from typing import Any

URUTAN = ("laporan", "angkakredit", "tpp", "dokumen")


def _app(nama: str) -> Any:
    return importlib.import_module(f"kinerja.tindaklanjut.{nama}.demo")


def seed() -> dict[str, Any]:
    return {nama: _app(nama).seed() for nama in URUTAN}


def hapus(instansi_ids: list[int]) -> None:
    for nama in reversed(URUTAN):
        _app(nama).hapus(instansi_ids)
