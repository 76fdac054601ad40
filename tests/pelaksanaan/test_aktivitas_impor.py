"""Import of the daily log from XLSX: a good file stores every row; any bad row stores nothing
and every problem is listed as "Baris N: ..." (numbered as the spreadsheet shows them)."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import impor_aktivitas as imp
from kinerja.pelaksanaan.models import AktivitasHarian
from tests.pelaksanaan.test_aktivitas_services import HARI, LOCKED, NOW, catat, people, t
from tests.pelaksanaan.test_berkas import pdf_bytes

__all__ = ["people"]  # the fixture, re-exported for pytest

JUDUL = ["tanggal", "jam mulai", "jam selesai", "uraian", "kuantitas", "satuan"]


def xlsx(rows: list[list[Any]], judul: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(judul or JUDUL)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def impor(user, data: bytes, now: dt.datetime = NOW, name: str = "aktivitas.xlsx"):
    return imp.impor_aktivitas(user, name, data, now=now)


def gagal(user, data: bytes, now: dt.datetime = NOW) -> list[str]:
    before = (AktivitasHarian.objects.count(), AuditEvent.objects.count())
    with pytest.raises(imp.ImporGagal) as info:
        impor(user, data, now)
    assert "Tidak ada aktivitas yang disimpan" in str(info.value)
    assert (AktivitasHarian.objects.count(), AuditEvent.objects.count()) == before
    return info.value.kesalahan


KEMARIN = HARI - dt.timedelta(days=1)


def test_a_good_file_stores_every_row(org, people):
    data = xlsx(
        [
            [
                dt.datetime.combine(KEMARIN, dt.time()),
                "08:00",
                "09:30",
                "Menyusun laporan",
                2,
                "Dok",
            ],
            [KEMARIN.strftime("%d-%m-%Y"), "9.30", "10.00", "Rapat", None, None],
            [HARI.isoformat(), dt.time(13, 0), dt.time(15, 15), "Kunjungan", "2,5", "Lokasi"],
            [None, None, None, None, None, None],  # blank rows are skipped
        ]
    )
    rows = impor(people["staf"], data)
    stored = list(AktivitasHarian.objects.order_by("tanggal", "jam_mulai"))
    assert [(r.tanggal, r.jam_mulai, r.menit, r.status) for r in stored] == [
        (KEMARIN, t("08:00"), 90, "Menunggu"),
        (KEMARIN, t("09:30"), 30, "Menunggu"),
        (HARI, t("13:00"), 135, "Menunggu"),
    ]
    assert str(stored[2].kuantitas) == "2.50" and stored[0].satuan == "Dok"
    assert {r.pegawai_id for r in stored} == {org.staf.pk} and len(rows) == 3
    assert AuditEvent.objects.get(action="aktivitas.diimpor").after["jumlah"] == 3


def test_bad_rows_are_all_listed_and_nothing_is_stored(people):
    catat(people["staf"], "14:00", "15:00", uraian="Sudah tercatat")
    besok = (HARI + dt.timedelta(days=1)).isoformat()
    data = xlsx(
        [
            [HARI.isoformat(), "08:00", "09:00", "Baik", None, None],  # 2: fine
            [HARI.isoformat(), "10:00", "09:00", "Terbalik", None, None],  # 3
            [HARI.isoformat(), "jam 8", "09:00", "Jam salah", None, None],  # 4
            ["31-02-2026", "08:00", "09:00", "Tanggal salah", None, None],  # 5
            [besok, "08:00", "09:00", "Besok", None, None],  # 6
            [HARI.isoformat(), "11:00", "12:00", "", None, None],  # 7
            [HARI.isoformat(), "12:00", "13:00", "Tanpa satuan", 3, None],  # 8
            [HARI.isoformat(), "13:00", "13:30", "Angka salah", "tiga", "Dok"],  # 9
            [HARI.isoformat(), "08:30", "09:30", "Tabrakan baris", None, None],  # 10
            [HARI.isoformat(), "14:30", "15:30", "Tabrakan tercatat", None, None],  # 11
        ]
    )
    errors = gagal(people["staf"], data)
    assert errors == [
        "Baris 3: Jam selesai harus setelah jam mulai (10.00 sampai 09.00). Aktivitas yang "
        "melewati tengah malam dicatat dua kali, satu per tanggal.",
        "Baris 4: Jam mulai 'jam 8' tidak dikenali; tulis JJ:MM, misalnya 08:00.",
        "Baris 5: Tanggal '31-02-2026' tidak dikenali; tulis DD-MM-YYYY.",
        errors[3],  # the future day in words, checked below
        "Baris 7: Uraian aktivitas wajib diisi.",
        "Baris 8: Isi satuan untuk kuantitas (misalnya Dokumen, Kegiatan).",
        "Baris 9: Kuantitas 'tiga' bukan angka.",
        "Baris 10: Waktunya (08.30-09.30) bertabrakan dengan baris 2 (08.00-09.00).",
        "Baris 11: Waktunya (14.30-15.30) bertabrakan dengan aktivitas yang sudah tercatat pada "
        f"{HARI.day} Maret {HARI.year} pukul 14.00-15.00.",
    ]
    assert errors[3].startswith("Baris 6: Tanggal ") and "belum terjadi" in errors[3]


def test_a_missing_or_unknown_column_is_reported_on_row_1(people):
    data = xlsx([[HARI.isoformat(), "08:00", "Rapat"]], judul=["tanggal", "jam mulai", "uraian"])
    assert gagal(people["staf"], data) == [
        "Baris 1: Kolom wajib 'jam_selesai' tidak ada pada baris judul."
    ]
    data = xlsx([[HARI.isoformat(), "08:00", "09:00", "Rapat", "x"]], judul=[*JUDUL[:4], "warna"])
    (error,) = gagal(people["staf"], data)
    assert error.startswith("Baris 1: Kolom 'warna' tidak dikenal.")


def test_an_empty_file_is_refused(people):
    assert gagal(people["staf"], xlsx([])) == [
        "Berkas tidak berisi aktivitas di bawah baris judul."
    ]


def test_a_file_that_is_not_xlsx_is_refused(people):
    with pytest.raises(DomainError, match="bukan XLSX"):
        impor(people["staf"], pdf_bytes(), name="aktivitas.xlsx")
    with pytest.raises(DomainError, match=r"CSV .* atau XLSX"):
        impor(people["staf"], pdf_bytes(), name="aktivitas.pdf")
    assert not AktivitasHarian.objects.exists()


def test_rows_in_a_locked_period_are_named_once_per_period(people):
    rows = [
        [HARI.isoformat(), f"{h:02d}:00", f"{h + 1:02d}:00", "Lama", None, None] for h in (8, 9)
    ]
    (error,) = gagal(people["staf"], xlsx(rows), now=LOCKED)
    assert error.startswith("Baris 2, 3: Periode Triwulan I")
    assert "sudah dikunci untuk pengisian" in error


def test_only_a_pegawai_imports(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        impor(org.admin, xlsx([[HARI.isoformat(), "08:00", "09:00", "X", None, None]]))


def test_the_template_has_the_columns_and_reads_back(people):
    book = openpyxl.load_workbook(io.BytesIO(imp.templat_xlsx()))
    sheet = book.worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == JUDUL
    assert book.sheetnames == ["Aktivitas", "Petunjuk"]
    # The example rows, moved to a day of the open period, import as they are.
    examples = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    for row in examples:
        row[0] = KEMARIN.isoformat()
    assert len(impor(people["staf"], xlsx(examples))) == 2


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("08:00", dt.time(8)),
        ("8.30", dt.time(8, 30)),
        ("08:30:15", dt.time(8, 30)),
        (dt.time(7, 45, 10), dt.time(7, 45)),
        (dt.datetime(2026, 1, 1, 9, 15), dt.time(9, 15)),
        (0.5, dt.time(12)),
        (None, None),
        ("", None),
    ],
)
def test_time_cells(cell, expected):
    assert imp.baca_jam(cell) == expected


@pytest.mark.parametrize("cell", ["25:00", "8", "jam 8", "08:61"])
def test_bad_time_cells(cell):
    with pytest.raises(ValueError):
        imp.baca_jam(cell)


def test_an_oversized_file_is_refused_before_reading(people, monkeypatch):
    monkeypatch.setattr(imp, "MAKS_BYTES", 100)
    with pytest.raises(DomainError, match="terlalu besar"):
        impor(people["staf"], xlsx([[HARI.isoformat(), "08:00", "09:00", "X", None, None]]))
    assert not AktivitasHarian.objects.exists()
