"""Realistic e-Kinerja BKN reports for tests and the demo: real XLSX files written with openpyxl
the way the report looks when downloaded (headers in title case with spaces, extra columns
such as "No" and "Jabatan", NIP as a text cell, periode_akhir as a date cell)."""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

JUDUL = (
    "No",
    "NIP",
    "Nama",
    "Jabatan",
    "Periode Awal",
    "Periode Akhir",
    "SKP Unor Induk",
    "SKP Status",
    "Hasil Akhir",
)


@dataclass
class BarisBkn:
    nip: object
    nama: str = "Pegawai Uji"
    periode_akhir: object = dt.date(2025, 12, 31)
    hasil_akhir: object = "BAIK"
    skp_status: str = "Selesai"
    skp_unor_induk: str = "Dinas Pendidikan"
    jabatan: str = "Pengadministrasi Perkantoran"
    periode_awal: object = dt.date(2025, 1, 1)


def laporan_xlsx(
    baris: Iterable[BarisBkn],
    path: Path | None = None,
    judul: Sequence[str] = JUDUL,
) -> bytes:
    """The report as XLSX bytes (also written to `path` when given). `judul` may leave out or
    rename columns; a column's value is looked up by its normalised name."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Laporan SKP"
    sheet.append(list(judul))
    for nomor, b in enumerate(baris, start=1):
        nilai = {
            "no": nomor,
            "nip": b.nip,
            "nama": b.nama,
            "jabatan": b.jabatan,
            "periode_awal": b.periode_awal,
            "periode_akhir": b.periode_akhir,
            "skp_unor_induk": b.skp_unor_induk,
            "skp_status": b.skp_status,
            "hasil_akhir": b.hasil_akhir,
        }
        row = [nilai.get(j.strip().casefold().replace(" ", "_")) for j in judul]
        sheet.append(row)
        for kolom, j in enumerate(judul, start=1):
            cell = sheet.cell(row=nomor + 1, column=kolom)
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
            elif j.strip().casefold() == "nip" and isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
