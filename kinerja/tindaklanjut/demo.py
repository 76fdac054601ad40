"""Stage-4 demo data, after the penilaian demo: each app seeds what its screens need (laporan
first: the annual results of last year that the follow-up lists read; then angka kredit and
TPP from the final results; signed documents last, for the demo pegawai only)."""

from typing import Any

from kinerja.tindaklanjut.angkakredit import demo as angkakredit
from kinerja.tindaklanjut.dokumen import demo as dokumen
from kinerja.tindaklanjut.laporan import demo as laporan
from kinerja.tindaklanjut.tpp import demo as tpp

URUTAN = (laporan, angkakredit, tpp, dokumen)


def seed() -> list[Any]:
    return [app.seed() for app in URUTAN]


def hapus(instansi_ids: list[int]) -> None:
    """Children first: documents and ledger rows point at the evaluations."""
    for app in reversed(URUTAN):
        app.hapus(instansi_ids)
