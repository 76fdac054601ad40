"""Bulk import of a pegawai's own daily log from the XLSX template (CSV also read).

All or nothing: every row is checked (date, times, text, quantity, overlaps with the other rows
and with what is already recorded, the period lock) and if any row is wrong nothing is stored
and the pegawai reads every problem as "Baris 4: ...", numbered as the spreadsheet shows them.
Reading reuses org/imports.py (content check, header check, cell parsing).
"""

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.db import transaction

from kinerja.core import audit
from kinerja.core.permissions import DomainError
from kinerja.org import imports
from kinerja.org.imports import Kolom
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan import services_aktivitas as svc
from kinerja.pelaksanaan.models import AktivitasHarian, UntukBatas

MAKS_BARIS = 1000  # a month of a busy log is ~150 rows
MAKS_BYTES = 5 * 1024 * 1024  # 1,000 rows of XLSX are ~60 KB; refused before being read
MAKS_KESALAHAN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAMA_TEMPLAT = "templat-aktivitas-harian.xlsx"

KOLOM = (
    Kolom("tanggal", True, "Tanggal aktivitas: DD-MM-YYYY, YYYY-MM-DD atau sel tanggal."),
    Kolom("jam_mulai", True, "Jam mulai, misalnya 08:00 atau 08.00.", True),
    Kolom("jam_selesai", True, "Jam selesai pada hari yang sama, setelah jam mulai.", True),
    Kolom("uraian", True, "Uraian aktivitas yang dikerjakan."),
    Kolom("kuantitas", False, "Jumlah hasil, misalnya 3 atau 2,5; boleh kosong."),
    Kolom("satuan", False, "Satuan kuantitas, misalnya Dokumen; wajib bila kuantitas diisi."),
)
JUDUL = ("tanggal", "jam mulai", "jam selesai", "uraian", "kuantitas", "satuan")
PETUNJUK = (
    "Isi aktivitas Anda pada lembar pertama, satu baris per aktivitas; hapus baris contoh.",
    "Aktivitas tidak boleh tumpang tindih satu sama lain maupun dengan yang sudah tercatat.",
    "Tanggal tidak boleh di masa depan, dan periodenya harus masih terbuka untuk pengisian.",
    "Bila ada satu saja kesalahan, tidak ada aktivitas yang disimpan; perbaiki lalu unggah lagi.",
)


class ImporGagal(DomainError):
    """The file has errors; `kesalahan` lists them ("Baris 4: ...")."""

    def __init__(self, kesalahan: list[str]) -> None:
        super().__init__(
            f"Tidak ada aktivitas yang disimpan: berkas berisi {len(kesalahan)} kesalahan."
        )
        self.kesalahan = kesalahan


@dataclass(slots=True)
class _Baris:
    nomor: int
    tanggal: dt.date
    jam_mulai: dt.time
    jam_selesai: dt.time
    menit: int
    uraian: str
    kuantitas: Decimal | None
    satuan: str


# --- The template ----------------------------------------------------------------------------


def templat_xlsx() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3"})
    as_text = workbook.add_format({"num_format": "@"})
    as_date = workbook.add_format({"num_format": "dd-mm-yyyy"})
    sheet = workbook.add_worksheet("Aktivitas")
    widths = (14, 11, 11, 60, 11, 14)
    for col, (judul, width) in enumerate(zip(JUDUL, widths, strict=True)):
        # Times as text: "08:00" then stays what the pegawai typed on any locale.
        sheet.set_column(col, col, width, as_text if col in (1, 2) else None)
        sheet.write_string(0, col, judul, bold)
    contoh = [
        (dt.datetime(2026, 1, 5), "08:00", "09:30", "Menyusun laporan bulanan", 1, "Laporan"),
        (dt.datetime(2026, 1, 5), "09:30", "11:00", "Rapat koordinasi pendataan", None, ""),
    ]
    for row, values in enumerate(contoh, start=1):
        sheet.write_datetime(row, 0, values[0], as_date)
        sheet.write_string(row, 1, values[1], as_text)
        sheet.write_string(row, 2, values[2], as_text)
        sheet.write_string(row, 3, values[3])
        if values[4] is not None:
            sheet.write_number(row, 4, values[4])
        sheet.write_string(row, 5, values[5])
    sheet.freeze_panes(1, 0)
    petunjuk = workbook.add_worksheet("Petunjuk")
    petunjuk.set_column(0, 0, 16)
    petunjuk.set_column(1, 1, 8)
    petunjuk.set_column(2, 2, 80)
    for col, judul in enumerate(("Kolom", "Wajib", "Keterangan")):
        petunjuk.write_string(0, col, judul, bold)
    for row, (judul, kolom) in enumerate(zip(JUDUL, KOLOM, strict=True), start=1):
        petunjuk.write_string(row, 0, judul)
        petunjuk.write_string(row, 1, "ya" if kolom.wajib else "tidak")
        petunjuk.write_string(row, 2, kolom.petunjuk)
    for i, kalimat in enumerate(PETUNJUK, start=len(KOLOM) + 2):
        petunjuk.write_string(i, 0, kalimat)
    workbook.close()
    return out.getvalue()


# --- Cells -----------------------------------------------------------------------------------

_JAM = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")


def baca_jam(value: object) -> dt.time | None:
    """A time cell: a time, a date-time, a fraction of a day (Excel), "08:00" or "8.00".
    None when empty; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        menit = round(value * 24 * 60)
        return dt.time(menit // 60, menit % 60) if menit < 24 * 60 else None
    text = imports.teks(value)
    if not text:
        return None
    match = _JAM.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return dt.time(int(match.group(1)), int(match.group(2)))


def baca_angka(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = imports.teks(value).replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number.quantize(Decimal("0.01"))


def _baris(baris: imports.Baris, today: dt.date) -> _Baris:
    """One row parsed and checked on its own; DomainError with the first problem."""
    try:
        tanggal = imports.tanggal(baris.mentah("tanggal"))
    except ValueError:
        raise DomainError(
            f"tanggal '{baris['tanggal']}' tidak dikenali; tulis DD-MM-YYYY."
        ) from None
    tanggal = svc.periksa_tanggal(tanggal, today)
    waktu = {}
    for kolom in ("jam_mulai", "jam_selesai"):
        try:
            waktu[kolom] = baca_jam(baris.mentah(kolom))
        except (ValueError, TypeError):
            judul = kolom.replace("_", " ")
            raise DomainError(
                f"{judul} '{baris[kolom]}' tidak dikenali; tulis JJ:MM, misalnya 08:00."
            ) from None
    menit = svc.hitung_menit(waktu["jam_mulai"], waktu["jam_selesai"])
    try:
        kuantitas = baca_angka(baris.mentah("kuantitas"))
    except ValueError:
        raise DomainError(f"kuantitas '{baris['kuantitas']}' bukan angka.") from None
    uraian, satuan = svc.periksa_isi(baris["uraian"], kuantitas, baris["satuan"])
    assert waktu["jam_mulai"] is not None and waktu["jam_selesai"] is not None
    return _Baris(
        baris.nomor,
        tanggal,
        waktu["jam_mulai"],
        waktu["jam_selesai"],
        menit,
        uraian,
        kuantitas,
        satuan,
    )


# --- The import ------------------------------------------------------------------------------


def periksa_ukuran(ukuran: int) -> None:
    if ukuran > MAKS_BYTES:
        raise DomainError(
            f"Berkas terlalu besar ({ukuran / 1_048_576:.1f} MB); batasnya "
            f"{MAKS_BYTES // 1_048_576} MB ({MAKS_BARIS} aktivitas)."
        )


def _baca(data: bytes, nama_file: str, today: dt.date) -> tuple[list[_Baris], list[str]]:
    periksa_ukuran(len(data))
    tabel = imports.baca_tabel(imports.periksa_berkas(nama_file, data), data)
    posisi, salah_judul = imports.periksa_judul(tabel.judul, KOLOM)
    if salah_judul:
        return [], [f"Baris 1: {e['pesan']}" for e in salah_judul]
    rows: list[_Baris] = []
    errors: list[str] = []
    for n, (nomor, sel) in enumerate(tabel.baris, start=1):
        if n > MAKS_BARIS:
            raise DomainError(f"Berkas berisi lebih dari {MAKS_BARIS} aktivitas; pecah berkasnya.")
        try:
            rows.append(_baris(imports.Baris(nomor, sel, posisi), today))
        except DomainError as exc:
            errors.append(f"Baris {nomor}: {_awal_kapital(str(exc))}")
    if not rows and not errors:
        errors.append("Berkas tidak berisi aktivitas di bawah baris judul.")
    return rows, errors


def _awal_kapital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bentrok(pegawai: Pegawai, rows: list[_Baris]) -> list[str]:
    """Overlaps between the file's rows and with entries already recorded (one query)."""
    if not rows:
        return []
    ada: dict[dt.date, list[tuple[dt.time, dt.time, str]]] = defaultdict(list)
    for t, m, s, u in AktivitasHarian.objects.filter(
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
        tanggal__gte=min(r.tanggal for r in rows),
        tanggal__lte=max(r.tanggal for r in rows),
    ).values_list("tanggal", "jam_mulai", "jam_selesai", "uraian"):
        ada[t].append((m, s, u))
    errors = []
    dipakai: dict[dt.date, list[_Baris]] = defaultdict(list)
    for r in rows:
        lain = next(
            (b for b in dipakai[r.tanggal] if _tumpang(r, b.jam_mulai, b.jam_selesai)), None
        )
        if lain is not None:
            errors.append(
                f"Baris {r.nomor}: Waktunya ({svc.jam(r.jam_mulai)}-{svc.jam(r.jam_selesai)}) "
                f"bertabrakan dengan baris {lain.nomor} "
                f"({svc.jam(lain.jam_mulai)}-{svc.jam(lain.jam_selesai)})."
            )
        tercatat = next((a for a in ada[r.tanggal] if _tumpang(r, a[0], a[1])), None)
        if tercatat is not None:
            errors.append(
                f"Baris {r.nomor}: Waktunya ({svc.jam(r.jam_mulai)}-{svc.jam(r.jam_selesai)}) "
                f"bertabrakan dengan aktivitas yang sudah tercatat pada "
                f"{jadwal.format_tanggal(r.tanggal)} pukul {svc.jam(tercatat[0])}-"
                f"{svc.jam(tercatat[1])}."
            )
        dipakai[r.tanggal].append(r)
    return errors


def _tumpang(r: _Baris, mulai: dt.time, selesai: dt.time) -> bool:
    return r.jam_mulai < selesai and r.jam_selesai > mulai


def _terkunci(pegawai: Pegawai, rows: list[_Baris], now: dt.datetime | None) -> list[str]:
    """One message per locked period, naming its rows."""
    locks = svc.PeriodeCache(pegawai.instansi_id, UntukBatas.PENGISIAN, now)
    per_pesan: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        try:
            locks.pastikan_terbuka(r.tanggal, pegawai)
        except DomainError as exc:
            per_pesan[str(exc)].append(r.nomor)
    return [f"Baris {_daftar(nomor)}: {pesan}" for pesan, nomor in per_pesan.items()]


def _daftar(nomor: list[int]) -> str:
    shown = ", ".join(str(n) for n in nomor[:10])
    return shown + (f" dan {len(nomor) - 10} baris lain" if len(nomor) > 10 else "")


@transaction.atomic
def impor_aktivitas(
    actor: Any, nama_file: str, data: bytes, now: dt.datetime | None = None
) -> list[AktivitasHarian]:
    """Store every row of the file as an entry of the actor's own log, or none (ImporGagal
    lists the problems; DomainError for a file that cannot be read at all)."""
    pegawai = svc._own_pegawai(actor)
    rows, errors = _baca(data, nama_file, svc.hari_ini(pegawai.instansi_id, now))
    errors += _bentrok(pegawai, rows)
    if rows and not errors:
        errors += _terkunci(pegawai, rows, now)
    if errors:
        errors.sort(key=_nomor_baris)
        raise ImporGagal(errors[:MAKS_KESALAHAN])
    created = AktivitasHarian.objects.bulk_create(
        [
            AktivitasHarian(
                instansi_id=pegawai.instansi_id,
                pegawai=pegawai,
                tanggal=r.tanggal,
                jam_mulai=r.jam_mulai,
                jam_selesai=r.jam_selesai,
                menit=r.menit,
                uraian=r.uraian,
                kuantitas=r.kuantitas,
                satuan=r.satuan,
            )
            for r in rows
        ]
    )
    audit.record(
        actor,
        "aktivitas.diimpor",
        created[0],
        after={"berkas": nama_file[:200], "jumlah": len(created), "ids": [c.pk for c in created]},
        object_repr=f"{len(created)} aktivitas dari {nama_file}"[:255],
    )
    return created


def _nomor_baris(pesan: str) -> int:
    match = re.match(r"Baris (\d+)", pesan)
    return int(match.group(1)) if match else 0
