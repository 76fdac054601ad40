"""The monthly TPP recap file (integrations.md §4), XLSX or CSV, written as a background job.

Rows come from selectors.baris_rekap (a few bulk queries, then streamed) and are written one
by one to a temporary file: XlsxWriter in `constant_memory` mode flushes each row as it goes,
the CSV writer writes straight to disk, so memory stays flat at 100,000 rows.

NIP as text, in both:
- XLSX: a string cell with the text format "@" (never a number, never 1.98E+17);
- CSV: the NIP is written as ="198503122010011003": Excel, LibreOffice and Google Sheets
  open it as the text 198503122010011003 with every digit (a plain or quoted NIP is turned
  into a number that keeps 15 digits). Machine readers strip the leading =" and the trailing
  " (the payroll API gives plain NIPs). UTF-8 with BOM, comma-separated, dot as decimal mark;
  empty cells mean "not known yet" (see aturan.py: pending, never zero); no totals row, so
  every line is a pegawai. Text cells starting with = + - @ are prefixed with ' so that no
  cell runs as a formula.
"""

import csv
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils.text import slugify

from kinerja.core.jobs import Hasil, Progress
from kinerja.core.permissions import DomainError
from kinerja.org.models import Instansi
from kinerja.tindaklanjut.tpp import selectors
from kinerja.tindaklanjut.tpp.selectors import KOLOM_REKAP, Baris, Lingkup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
LAPOR_SETIAP = 2000  # rows between progress reports
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Total:
    pegawai: int = 0
    dihitung: int = 0  # rows with a jumlah
    belum_final: int = 0  # rated, not final yet
    belum_dinilai: int = 0  # no evaluation of the period at all
    tanpa_disiplin: int = 0
    tanpa_besaran: int = 0
    kinerja: int = 0
    disiplin: int = 0
    jumlah: int = 0
    catatan: list[str] = field(default_factory=list)

    def tambah(self, b: Baris) -> None:
        h = b.hitungan
        self.pegawai += 1
        if h.jumlah is not None:
            self.dihitung += 1
            self.jumlah += h.jumlah
        self.kinerja += h.komponen_kinerja or 0
        self.disiplin += h.komponen_disiplin or 0
        if b.predikat == "Belum final":
            self.belum_final += 1
        elif not b.predikat:
            self.belum_dinilai += 1
        if h.persen_disiplin is None:
            self.tanpa_disiplin += 1
        if h.besaran is None:
            self.tanpa_besaran += 1


def _nilai(b: Baris, bulan: str) -> tuple[Any, ...]:
    h = b.hitungan
    return (
        bulan,
        b.nip,
        b.nama,
        b.jabatan,
        b.kelas_jabatan,
        b.unit,
        b.periode,
        b.rating_hasil_kerja,
        b.rating_perilaku,
        b.predikat,
        b.menit_efektif,
        h.persen_kinerja,
        h.persen_disiplin,
        h.besaran,
        h.komponen_kinerja,
        h.komponen_disiplin,
        h.jumlah,
        b.keterangan,
    )


def tulis_xlsx(
    path: Path, rows: Iterable[Baris], lingkup: Lingkup, total: Total, lapor: Any
) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3", "text_wrap": True})
    teks = workbook.add_format({"num_format": "@"})
    persen = workbook.add_format({"num_format": "0.00"})
    rp = workbook.add_format({"num_format": "#,##0"})
    tebal_rp = workbook.add_format({"num_format": "#,##0", "bold": True})
    sheet = workbook.add_worksheet(f"TPP {lingkup.bulan:02d}-{lingkup.tahun}")
    for col, (judul, width) in enumerate(KOLOM_REKAP):
        sheet.set_column(col, col, width, teks if judul == "NIP" else None)
        sheet.write_string(0, col, judul, bold)
    sheet.freeze_panes(1, 3)
    bulan = f"{lingkup.tahun}-{lingkup.bulan:02d}"
    ws, wn = sheet.write_string, sheet.write_number
    r = 0
    for r, b in enumerate(rows, start=1):
        total.tambah(b)
        h = b.hitungan
        ws(r, 0, bulan)
        ws(r, 1, b.nip, teks)
        ws(r, 2, b.nama)
        ws(r, 3, b.jabatan)
        if b.kelas_jabatan is not None:
            wn(r, 4, b.kelas_jabatan)
        ws(r, 5, b.unit)
        if b.periode:  # empty cells are simply not written (fewer cells, less time)
            ws(r, 6, b.periode)
        if b.rating_hasil_kerja:
            ws(r, 7, b.rating_hasil_kerja)
            ws(r, 8, b.rating_perilaku)
        if b.predikat:
            ws(r, 9, b.predikat)
        wn(r, 10, b.menit_efektif)
        if h.persen_kinerja is not None:
            wn(r, 11, h.persen_kinerja, persen)
        if h.persen_disiplin is not None:
            wn(r, 12, h.persen_disiplin, persen)
        if h.besaran is not None:
            wn(r, 13, h.besaran, rp)
        if h.komponen_kinerja is not None:
            wn(r, 14, h.komponen_kinerja, rp)
        if h.komponen_disiplin is not None:
            wn(r, 15, h.komponen_disiplin, rp)
        if h.jumlah is not None:
            wn(r, 16, h.jumlah, rp)
        if h.keterangan:
            ws(r, 17, b.keterangan)
        if r % LAPOR_SETIAP == 0:
            lapor(r)
    akhir = r + 2
    sheet.write_string(akhir, 2, "Jumlah", bold)
    sheet.write_number(akhir, 14, total.kinerja, tebal_rp)
    sheet.write_number(akhir, 15, total.disiplin, tebal_rp)
    sheet.write_number(akhir, 16, total.jumlah, tebal_rp)
    _ringkasan_xlsx(workbook, bold, rp, lingkup, total)
    workbook.close()


def _ringkasan_xlsx(workbook: Any, bold: Any, rp: Any, lingkup: Lingkup, total: Total) -> None:
    sheet = workbook.add_worksheet("Ringkasan")
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 60)
    for row, (label, value) in enumerate(_ringkasan(lingkup, total)):
        sheet.write_string(row, 0, label, bold if row == 0 else None)
        if isinstance(value, int):
            sheet.write_number(row, 1, value, rp)
        else:
            sheet.write_string(row, 1, str(value))


def _ringkasan(lingkup: Lingkup, total: Total) -> list[tuple[str, Any]]:
    instansi = Instansi.objects.get(pk=lingkup.instansi_id)
    konfig = selectors.konfigurasi_berlaku(lingkup.instansi_id, lingkup.awal)
    return [
        ("Rekap TPP", lingkup.nama_bulan),
        ("Instansi", instansi.nama),
        ("Unit", lingkup.unor.nama if lingkup.unor else "Seluruh instansi"),
        ("Konfigurasi", str(konfig) if konfig else "Belum ada"),
        ("Jumlah pegawai", total.pegawai),
        ("Pegawai dengan jumlah TPP", total.dihitung),
        ("Predikat belum final", total.belum_final),
        ("Belum dinilai", total.belum_dinilai),
        ("Tanpa data disiplin", total.tanpa_disiplin),
        ("Tanpa besaran TPP", total.tanpa_besaran),
        ("Jumlah komponen kinerja (Rp)", total.kinerja),
        ("Jumlah komponen disiplin (Rp)", total.disiplin),
        ("Jumlah TPP (Rp)", total.jumlah),
    ]


def _teks_aman(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def _angka(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def tulis_csv(
    path: Path, rows: Iterable[Baris], lingkup: Lingkup, total: Total, lapor: Any
) -> None:
    bulan = f"{lingkup.tahun}-{lingkup.bulan:02d}"
    aman = _teks_aman
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([judul for judul, _ in KOLOM_REKAP])
        for r, b in enumerate(rows, start=1):
            total.tambah(b)
            h = b.hitungan
            writer.writerow(
                (
                    bulan,
                    f'="{b.nip}"',
                    aman(b.nama),
                    aman(b.jabatan),
                    _angka(b.kelas_jabatan),
                    aman(b.unit),
                    b.periode,
                    b.rating_hasil_kerja,
                    b.rating_perilaku,
                    b.predikat,
                    b.menit_efektif,
                    _angka(h.persen_kinerja),
                    _angka(h.persen_disiplin),
                    _angka(h.besaran),
                    _angka(h.komponen_kinerja),
                    _angka(h.komponen_disiplin),
                    _angka(h.jumlah),
                    b.keterangan,
                )
            )
            if r % LAPOR_SETIAP == 0:
                lapor(r)


def tugas_rekap(
    progress: Progress,
    instansi_id: int,
    tahun: int,
    bulan: int,
    format_: str,
    unor_id: int | None = None,
) -> Hasil:
    """The background job (core.jobs): the recap of the month to a temporary file."""
    unor = selectors.unit_of(instansi_id, unor_id) if unor_id else None
    if unor_id and unor is None:
        raise DomainError("Unit organisasi tidak ditemukan; mungkin sudah dihapus.")
    lingkup = Lingkup(instansi_id, tahun, bulan, unor)
    jumlah = lingkup.pegawai().order_by().count()
    progress(0, jumlah)
    fd, nama_tmp = tempfile.mkstemp(prefix="rekap-tpp-", suffix=f".{format_}")
    os.close(fd)
    path = Path(nama_tmp)
    total = Total()
    tulis = tulis_xlsx if format_ == "xlsx" else tulis_csv
    try:
        tulis(path, selectors.baris_rekap(lingkup), lingkup, total, lambda n: progress(n, jumlah))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    progress(total.pegawai, total.pegawai)
    kode = f"-{slugify(unor.kode)}" if unor is not None else ""
    return Hasil(
        path=path,
        nama=f"rekap-tpp-{tahun}-{bulan:02d}{kode}.{format_}",
        jenis=XLSX if format_ == "xlsx" else CSV,
        pesan=(
            f"{total.pegawai:,} pegawai; jumlah TPP Rp{total.jumlah:,} untuk {total.dihitung:,} "
            f"pegawai. Belum final: {total.belum_final:,}; belum dinilai: "
            f"{total.belum_dinilai:,}; tanpa data disiplin: "
            f"{total.tanpa_disiplin:,}; tanpa besaran: {total.tanpa_besaran:,}."
        ).replace(",", "."),
    )
