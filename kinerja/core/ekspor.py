"""XLSX and CSV downloads of a list (pemantauan, reports, angka kredit): one implementation.

XLSX: XlsxWriter in constant_memory mode into a temporary file, so 100,000 rows never sit in
memory; text cells are written as strings, so a NIP stays "199001012015031001", never
1.99E+17; numbers (int, float, Decimal) become number cells with `format_angka`; an optional
"Keterangan" sheet says what the list is. CSV: streamed row by row with a BOM, so Excel reads
UTF-8.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kolom = tuple[str, int]  # heading, width in characters
Sel = str | int | float | Decimal | None


def unduh(
    request: HttpRequest,
    nama: str,
    kolom: Sequence[Kolom],
    rows: Iterable[Sequence[Sel]],
    info: Sequence[tuple[str, str]] = (),
    *,
    lembar: str = "Laporan",
    bawaan: str = "xlsx",
    pemisah: str = ",",
    format_angka: str = "#,##0.###",
) -> HttpResponseBase:
    """?format=xlsx or csv (`bawaan` when absent); any other format is 404. The XLSX gets a
    "Keterangan" sheet with `info` and the moment of the download."""
    fmt = request.GET.get("format", bawaan)
    if fmt == "csv":
        return csv_response(kolom, rows, f"{nama}.csv", pemisah)
    if fmt != "xlsx":
        raise Http404
    diunduh = ("Diunduh", timezone.localtime().strftime("%d-%m-%Y %H:%M"))
    return xlsx_response(kolom, rows, [*info, diunduh], f"{nama}.xlsx", lembar, format_angka)


def xlsx_response(
    kolom: Sequence[Kolom],
    rows: Iterable[Sequence[Sel]],
    info: Sequence[tuple[str, str]],
    filename: str,
    lembar: str = "Laporan",
    format_angka: str = "#,##0.###",
) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(lembar)
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3"})
    angka = workbook.add_format({"num_format": format_angka})
    for col, (judul, width) in enumerate(kolom):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, judul, bold)
    sheet.freeze_panes(1, 0)
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _tulis(sheet, n, col, value, angka)
    if info:
        keterangan = workbook.add_worksheet("Keterangan")
        keterangan.set_column(0, 0, 30)
        keterangan.set_column(1, 1, 100)
        for n, (key, value) in enumerate(info):
            keterangan.write_string(n, 0, key, bold)
            keterangan.write_string(n, 1, value)
    workbook.close()
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)


def _tulis(sheet: Any, row: int, col: int, value: Sel, angka: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    elif isinstance(value, str):
        sheet.write_string(row, col, value)
    else:
        sheet.write_number(row, col, float(value), angka)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    kolom: Sequence[Kolom], rows: Iterable[Sequence[Sel]], filename: str, pemisah: str = ","
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=pemisah, lineterminator="\r\n")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([k for k, _ in kolom])
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
