"""XLSX and CSV downloads of the report lists, as pelaksanaan's pemantauan export does them:
XlsxWriter in constant_memory mode into a temporary file (flat memory at 100,000 rows), CSV
streamed with a BOM so Excel reads UTF-8. Every cell is written as text: the NIP stays
"199001012015031001", never 1.99E+17.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence

import xlsxwriter
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kolom = tuple[str, int]  # heading, width in characters


def unduh(
    request: HttpRequest,
    nama: str,
    kolom: Sequence[Kolom],
    rows: Iterable[Sequence[str]],
    info: Sequence[tuple[str, str]] = (),
) -> HttpResponseBase:
    """?format=xlsx (default) or csv; any other format is 404."""
    fmt = request.GET.get("format", "xlsx")
    if fmt == "csv":
        return _csv(kolom, rows, f"{nama}.csv")
    if fmt != "xlsx":
        raise Http404
    diunduh = ("Diunduh", timezone.localtime().strftime("%d-%m-%Y %H:%M"))
    return _xlsx(kolom, rows, [*info, diunduh], f"{nama}.xlsx")


def _xlsx(
    kolom: Sequence[Kolom],
    rows: Iterable[Sequence[str]],
    info: Sequence[tuple[str, str]],
    filename: str,
) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet("Laporan")
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3"})
    for col, (judul, width) in enumerate(kolom):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, judul, bold)
    sheet.freeze_panes(1, 0)
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(n, col, value)
    keterangan = workbook.add_worksheet("Keterangan")
    keterangan.set_column(0, 0, 30)
    keterangan.set_column(1, 1, 100)
    for n, (key, value) in enumerate(info):
        keterangan.write_string(n, 0, key, bold)
        keterangan.write_string(n, 1, value)
    workbook.close()
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(
    kolom: Sequence[Kolom], rows: Iterable[Sequence[str]], filename: str
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([k for k, _ in kolom])
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
