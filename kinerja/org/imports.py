"""Import of unit organisasi and pegawai from CSV/XLSX files (domain.md §2).

Two steps. `pratinjau_impor` reads the whole file, checks every row against the database and
stores the outcome on an ImportBatch; nothing else is written. `terapkan_impor` reads the stored
file again, checks it again against the database as it is now, and writes everything in one
transaction, or nothing. Rows are keyed (kode_unor, nip), so importing the same file twice
updates instead of duplicating, and unchanged rows cost no write at all.

Scale (100,000 pegawai rows): one query per lookup table, rows kept as small slotted objects,
bulk_create/bulk_update in batches. A column left out of the file is left alone in the database;
a column present with an empty cell clears that value.
"""

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from kinerja.core.bulk import analyze, insert_many, update_many
from kinerja.core.ekspor import XLSX
from kinerja.core.impor import (
    MAKS_KESALAHAN,
    baca_untuk_diterapkan,
    isi_hasil,
    isi_pratinjau,
    nama_berkas,
    simpan_pratinjau,
    tandai_dibatalkan,
    tandai_diterapkan,
    tandai_gagal,
)
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import (
    Golongan,
    ImportBatch,
    Instansi,
    Jabatan,
    JenisAsn,
    JenisImpor,
    JenisJabatan,
    JenisPenugasan,
    JenjangFungsional,
    Pegawai,
    RiwayatJabatan,
    StatusImpor,
    UnitOrganisasi,
)
from kinerja.org.nip import NipError, parse_nip
from kinerja.org.services import rebuild_paths

MAKS_BARIS = 200_000  # guards memory against a runaway (or zip-bomb) sheet
MAKS_CONTOH = 20
ANALYZE_FROM_ROWS = 5000  # a load this big changes the planner's picture of the instansi
_BATCH = 1000
_IN_CHUNK = 900  # values in one "IN (...)": below SQLite's 999 parameters

Kesalahan = dict[str, Any]  # {"baris": int, "kolom": str, "pesan": str}


# --- Columns (also the source of the downloadable templates and of docs/import.md) ----------


@dataclass(frozen=True)
class Kolom:
    nama: str
    wajib: bool
    petunjuk: str
    teks: bool = False  # formatted as text in the XLSX template (codes, NIP)


KOLOM: dict[str, tuple[Kolom, ...]] = {
    JenisImpor.UNOR: (
        Kolom("kode_unor", True, "Kode unit (dari SIASN/SIMPEG); unik di dalam berkas.", True),
        Kolom("nama_unor", True, "Nama unit organisasi."),
        Kolom(
            "kode_unor_induk",
            False,
            "Kode unit induk; kosongkan untuk unit teratas. Boleh merujuk unit di baris lain "
            "berkas ini atau unit yang sudah ada.",
            True,
        ),
        Kolom(
            "jabatan_pimpinan",
            False,
            "Nama jabatan pimpinan unit; dibuat bila belum ada. Kosong: unit tanpa jabatan "
            "pimpinan.",
        ),
        Kolom(
            "jenis_jabatan_pimpinan",
            False,
            "JPT, Administrator, Pengawas, Pelaksana, atau Fungsional (misalnya kepala "
            "sekolah); wajib bila jabatan_pimpinan diisi.",
        ),
    ),
    JenisImpor.PEGAWAI: (
        Kolom("nip", True, "NIP/NI PPPK 18 digit, disimpan sebagai teks.", True),
        Kolom("nama", True, "Nama tanpa gelar."),
        Kolom("gelar_depan", False, "Misalnya Dr. atau Ir."),
        Kolom("gelar_belakang", False, "Misalnya S.Kom., M.Si."),
        Kolom("jenis_asn", True, "PNS atau PPPK; harus sesuai format NIP."),
        Kolom("golongan", False, "PNS: I/a sampai IV/e. PPPK: I sampai XVII.", True),
        Kolom("jabatan", True, "Nama jabatan; dibuat bila belum ada di instansi."),
        Kolom(
            "jenis_jabatan",
            True,
            "JPT, Administrator, Pengawas, Pelaksana, atau Fungsional; harus sama dengan jenis "
            "jabatan yang sudah ada dengan nama itu.",
        ),
        Kolom(
            "jenjang",
            False,
            "Wajib untuk Fungsional, kosong untuk jenis lain: Pemula, Terampil, Mahir, "
            "Penyelia, Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama.",
        ),
        Kolom("kode_unor", True, "Kode unit tempat pegawai bekerja; unit harus sudah ada.", True),
        Kolom(
            "tmt_jabatan",
            False,
            "Tanggal mulai jabatan (DD-MM-YYYY atau YYYY-MM-DD); dipakai bila pegawai baru atau "
            "jabatan/unitnya berubah. Kosong: tanggal impor diterapkan.",
            True,
        ),
        Kolom("email", False, "Alamat email pegawai."),
        Kolom("guru", False, "ya atau tidak (kosong: tidak)."),
    ),
}

CONTOH: dict[str, list[list[str]]] = {
    JenisImpor.UNOR: [
        ["DINKES", "Dinas Kesehatan", "", "Kepala Dinas Kesehatan", "JPT"],
        [
            "DINKES-YANKES",
            "Bidang Pelayanan Kesehatan",
            "DINKES",
            "Kepala Bidang Pelayanan Kesehatan",
            "Administrator",
        ],
    ],
    JenisImpor.PEGAWAI: [
        [
            "198503122010011003",
            "Budi Santoso",
            "",
            "S.Kom.",
            "PNS",
            "III/b",
            "Pranata Komputer Ahli Pertama",
            "Fungsional",
            "Ahli Pertama",
            "DINKES-YANKES",
            "01-02-2024",
            "budi.santoso@example.go.id",
            "tidak",
        ],
        [
            "199007152022212004",
            "Siti Rahmawati",
            "",
            "S.Pd.",
            "PPPK",
            "IX",
            "Guru Ahli Pertama",
            "Fungsional",
            "Ahli Pertama",
            "DINKES",
            "2022-03-01",
            "",
            "ya",
        ],
    ],
}

# Choices by their case-folded spelling ("pns" -> "PNS"); enum .values is slow in a 100k loop.
_JENIS_ASN = {v.casefold(): v for v in JenisAsn.values}
_JENIS_JABATAN = {v.casefold(): v for v in JenisJabatan.values}
# Any jenis may lead a unit: a kepala sekolah or kepala puskesmas holds a fungsional position.
_JENIS_PIMPINAN = _JENIS_JABATAN


def _err(baris: int, kolom: str, pesan: str) -> Kesalahan:
    return {"baris": baris, "kolom": kolom, "pesan": pesan}


# --- Reading the file ---------------------------------------------------------------------


@dataclass
class Tabel:
    judul: list[str]  # normalised header names, "" for blank header cells
    baris: Iterator[tuple[int, Sequence[object]]]  # (row number as the spreadsheet shows it, cells)


def periksa_berkas(nama_file: str, data: bytes) -> str:
    """Refuse what is not a CSV/XLSX of acceptable size, by content; return "csv" or "xlsx"."""
    batas = settings.IMPORT_MAX_BYTES
    if len(data) > batas:
        raise DomainError(
            f"Berkas terlalu besar ({len(data) / 1_048_576:.1f} MB); "
            f"batasnya {batas / 1_048_576:.0f} MB."
        )
    if not data.strip():
        raise DomainError("Berkas kosong.")
    ext = Path(nama_file).suffix.lower()
    if ext not in (".csv", ".xlsx"):
        raise DomainError("Berkas harus berformat CSV (.csv) atau XLSX (.xlsx).")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError("Format XLS lama tidak didukung; simpan ulang sebagai XLSX atau CSV.")
    is_zip = data.startswith(b"PK\x03\x04")
    if ext == ".xlsx":
        if not (is_zip and _is_xlsx(data)):
            raise DomainError(
                "Isi berkas bukan XLSX yang valid, walaupun namanya berakhiran .xlsx."
            )
        return "xlsx"
    if is_zip:
        raise DomainError("Isi berkas bukan CSV (berkas ini arsip ZIP/XLSX); periksa ekstensinya.")
    _encoding(data)  # refuses binary content
    return "csv"


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _encoding(data: bytes) -> str:
    """The text encoding of a CSV: UTF-8, UTF-16 with BOM, or Windows' "CSV" (cp1252)."""
    for encoding in ("utf-16", "utf-8-sig", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text[:65536]):
            break
        return encoding
    raise DomainError("Isi berkas bukan teks CSV (UTF-8).")


def baca_tabel(format_: str, data: bytes) -> Tabel:
    tabel = _baca_xlsx(data) if format_ == "xlsx" else _baca_csv(data)
    if not any(tabel.judul):
        raise DomainError("Baris pertama berkas harus berisi judul kolom.")
    return tabel


def _baca_csv(data: bytes) -> Tabel:
    # Decoded as it is read, so the whole text is never held a second time.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    first_line = stream.readline()
    # Excel with Indonesian regional settings separates with ";" (the comma is the decimal mark).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter)
    header = next(rows, [])
    return Tabel([_nama_kolom(h) for h in header], _bernomor(rows))


def _baca_xlsx(data: bytes) -> Tabel:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as exc:
        raise DomainError(
            "Berkas XLSX tidak dapat dibaca; simpan ulang dari aplikasi lembar kerja."
        ) from exc
    sheet: Any = workbook.worksheets[0]
    sheet.reset_dimensions()  # some writers store a wrong used range; read every row
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())

    def rest() -> Iterator[Sequence[object]]:
        try:
            yield from rows
        except (KeyError, ValueError, SyntaxError) as exc:  # broken sheet XML
            raise DomainError(
                "Berkas XLSX rusak; simpan ulang dari aplikasi lembar kerja."
            ) from exc
        finally:
            workbook.close()

    return Tabel([_nama_kolom(h) for h in header], _bernomor(rest()))


def _bernomor(rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, Sequence[object]]]:
    """Number rows as the spreadsheet does (header = 1), strip text cells, skip blank rows."""
    for nomor, row in enumerate(rows, start=2):
        if nomor > MAKS_BARIS + 1:
            raise DomainError(
                f"Berkas berisi lebih dari {MAKS_BARIS:,} baris data; pecah berkasnya."
            )
        cells = [v.strip() if type(v) is str else v for v in row]
        if any(v is not None and v != "" for v in cells):
            yield nomor, cells


def _nama_kolom(raw: object) -> str:
    return re.sub(r"[\s\-]+", "_", teks(raw).lstrip("\ufeff").strip().casefold())


def teks(value: object) -> str:
    """A cell as text: numbers without a spurious ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def nip_teks(value: object) -> str:
    """The NIP cell as text. A numeric cell has already lost digits (a spreadsheet keeps 15)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise NipError(
            f"NIP tertulis sebagai angka ({value:.15g}), sehingga digitnya hilang; "
            "simpan kolom NIP sebagai teks lalu ketik ulang NIP-nya."
        )
    return teks(value).lstrip("'")  # "'1985..." is how people force text in a spreadsheet


_DMY = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def tanggal(value: object) -> dt.date | None:
    """A date cell (XLSX date, DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD); None when empty.

    Raises ValueError for anything else (also 31-02-2024)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = teks(value)
    if not text:
        return None
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise ValueError(text)
    return dt.date(int(year), int(month), int(day))


# --- Header and shared lookups ---------------------------------------------------------------


def periksa_judul(
    judul: list[str], kolom: tuple[Kolom, ...]
) -> tuple[dict[str, int], list[Kesalahan]]:
    """Column name -> position; errors for unknown, repeated and missing required columns."""
    dikenal = [k.nama for k in kolom]
    posisi: dict[str, int] = {}
    errors = []
    for i, nama in enumerate(judul):
        if not nama:
            continue
        if nama in posisi:
            errors.append(_err(1, nama, f"Kolom '{nama}' muncul lebih dari sekali."))
        elif nama not in dikenal:
            errors.append(
                _err(
                    1,
                    nama,
                    f"Kolom '{nama}' tidak dikenal. Kolom yang dikenal: {', '.join(dikenal)}.",
                )
            )
        else:
            posisi[nama] = i
    for k in kolom:
        if k.wajib and k.nama not in posisi:
            errors.append(_err(1, k.nama, f"Kolom wajib '{k.nama}' tidak ada pada baris judul."))
    return posisi, errors


class Baris:
    """One data row, read by column name."""

    __slots__ = ("nomor", "posisi", "sel")

    def __init__(self, nomor: int, sel: Sequence[object], posisi: dict[str, int]) -> None:
        self.nomor, self.sel, self.posisi = nomor, sel, posisi

    def mentah(self, kolom: str) -> object:
        i = self.posisi.get(kolom)
        return self.sel[i] if i is not None and i < len(self.sel) else None

    def __getitem__(self, kolom: str) -> str:
        value = self.mentah(kolom)
        return value if type(value) is str else teks(value)  # text cells come stripped

    def isi_di(self, kolom_tanpa_judul: list[int], lebar: int) -> bool:
        """Whether the row has values in columns without a header (a wrong separator, say)."""
        sel = self.sel
        return (len(sel) > lebar and any(teks(v) for v in sel[lebar:])) or any(
            teks(sel[i]) for i in kolom_tanpa_judul if i < len(sel)
        )


@dataclass(slots=True)
class _Jabatan:
    id: int | None
    nama: str
    jenis: str
    jenjang_id: int | None
    baris: int = 0  # the first file row naming a new jabatan
    isi_jenjang: bool = False  # an existing Fungsional jabatan whose jenjang the file fills in


class DaftarJabatan:
    """The instansi's jabatan by name (case-insensitive), plus those the file would create."""

    def __init__(self, instansi_id: int, jenjang_nama: dict[int, str]) -> None:
        self.instansi_id = instansi_id
        self.jenjang_nama = jenjang_nama
        self.by_key: dict[str, _Jabatan] = {}
        rows = Jabatan.objects.filter(instansi_id=instansi_id).values_list(
            "id", "nama", "jenis", "jenjang_id"
        )
        for pk, nama, jenis, jenjang_id in rows:
            self.by_key[kunci_jabatan(nama)] = _Jabatan(pk, nama, jenis, jenjang_id)

    def pakai(self, nama: str, jenis: str, jenjang_id: int | None, baris: int) -> str | None:
        """Register the jabatan a row refers to; return an error message when it conflicts."""
        j = self.by_key.get(kunci_jabatan(nama))
        if j is None:
            self.by_key[kunci_jabatan(nama)] = _Jabatan(None, nama, jenis, jenjang_id, baris)
            return None
        asal = "di instansi" if j.id else f"di baris {j.baris}"
        if j.jenis != jenis:
            return f"Jabatan '{j.nama}' sudah ada {asal} dengan jenis {j.jenis}, bukan {jenis}."
        if jenjang_id is not None and j.jenjang_id != jenjang_id:
            if j.id is not None and j.jenjang_id is None:
                j.jenjang_id, j.isi_jenjang = jenjang_id, True
                return None
            return (
                f"Jabatan '{j.nama}' sudah ada {asal} dengan jenjang "
                f"{self.jenjang_nama.get(j.jenjang_id or 0, '-')}, bukan "
                f"{self.jenjang_nama[jenjang_id]}."
            )
        return None

    def sama(self, key: str, jabatan_id: int | None) -> bool:
        """Whether the jabatan named by `key` is the existing row `jabatan_id`."""
        pk = self.by_key[key].id
        return pk is not None and pk == jabatan_id

    @property
    def jumlah_baru(self) -> int:
        return sum(1 for j in self.by_key.values() if j.id is None)

    def terapkan(self, kategori: dict[int, str]) -> dict[str, int]:
        """Create the new jabatan, fill in jenjang; return name key -> id for all."""
        baru = [j for j in self.by_key.values() if j.id is None]
        Jabatan.objects.bulk_create(
            [
                Jabatan(
                    instansi_id=self.instansi_id,
                    nama=j.nama,
                    jenis=j.jenis,
                    jenjang_id=j.jenjang_id,
                    kategori_fungsional=kategori.get(j.jenjang_id or 0, ""),
                )
                for j in baru
            ],
            batch_size=_BATCH,
        )
        isi = [
            Jabatan(
                id=j.id, jenjang_id=j.jenjang_id, kategori_fungsional=kategori[j.jenjang_id or 0]
            )
            for j in self.by_key.values()
            if j.isi_jenjang
        ]
        Jabatan.objects.bulk_update(isi, ["jenjang", "kategori_fungsional"], batch_size=_BATCH)
        ids = {
            kunci_jabatan(nama): pk
            for pk, nama in Jabatan.objects.filter(instansi_id=self.instansi_id).values_list(
                "id", "nama"
            )
        }
        for key, j in self.by_key.items():
            j.id = ids[key]
        return ids


def kunci_jabatan(nama: str) -> str:
    """Jabatan match by name ignoring case and repeated spaces."""
    return " ".join(nama.split()).casefold()


def _pilihan(nilai: str, pilihan: dict[str, str]) -> str | None:
    """The canonical spelling of a choice typed in any case."""
    return pilihan.get(nilai.casefold())


def _batas(baris: Baris, kolom: str, maks: int, salah: Callable[[str, str], None]) -> str:
    nilai = baris[kolom]
    if len(nilai) > maks:
        salah(kolom, f"Paling banyak {maks} karakter; yang diisi {len(nilai)}.")
    return nilai


# --- Plans: what a file would do ------------------------------------------------------------


class Rencana:
    """The checked content of one file and what applying it would change."""

    jenis: str

    def __init__(self, instansi_id: int) -> None:
        self.instansi_id = instansi_id
        self.kesalahan: list[Kesalahan] = []
        self.jumlah_baris = 0
        self.hitungan: dict[str, int] = {}
        self.contoh: list[dict[str, Any]] = []

    def periksa(self, tabel: Tabel) -> None:
        posisi, errors = periksa_judul(tabel.judul, KOLOM[self.jenis])
        self.kesalahan.extend(errors)
        if errors:
            return
        self.periksa_baris(self._data(tabel, posisi), set(posisi))
        if self.jumlah_baris == 0:
            self.kesalahan.append(_err(2, "", "Berkas tidak berisi baris data."))

    def _data(self, tabel: Tabel, posisi: dict[str, int]) -> Iterator[Baris]:
        """The data rows one at a time, so a raw row is dropped once checked (memory)."""
        tanpa_judul = [i for i, nama in enumerate(tabel.judul) if not nama]
        for nomor, sel in tabel.baris:
            baris = Baris(nomor, sel, posisi)
            if baris.isi_di(tanpa_judul, len(tabel.judul)):
                self.kesalahan.append(_err(nomor, "", "Ada isian di kolom tanpa judul."))
            self.jumlah_baris += 1
            yield baris

    def periksa_baris(self, rows: Iterable[Baris], kolom: set[str]) -> None:
        raise NotImplementedError

    def terapkan(self) -> None:
        raise NotImplementedError

    def ringkasan(self) -> dict[str, Any]:
        total = len(self.kesalahan)
        return {
            **self.hitungan,
            "jumlah_kesalahan": total,
            "kesalahan_lain": max(0, total - MAKS_KESALAHAN),
            "contoh": self.contoh,
        }


def _jenjang() -> tuple[dict[str, int], dict[int, str], dict[int, str]]:
    """Jenjang name key -> id, id -> name, id -> kategori (one query)."""
    rows = list(JenjangFungsional.objects.values_list("id", "nama", "kategori"))
    return (
        {nama.casefold(): pk for pk, nama, _ in rows},
        {pk: nama for pk, nama, _ in rows},
        {pk: kategori for pk, _, kategori in rows},
    )


@dataclass(slots=True)
class _Unor:
    baris: int
    kode: str
    nama: str
    induk: str | None  # kode of the parent, "" for a root, None when the column is absent
    jabatan: str | None  # jabatan name key, "" for none, None when the column is absent
    status: str = "tetap"


class RencanaUnor(Rencana):
    jenis = JenisImpor.UNOR

    def periksa_baris(self, rows: Iterable[Baris], kolom: set[str]) -> None:
        self.kolom = kolom
        _, self.jenjang_nama, _ = _jenjang()
        self.jabatan = DaftarJabatan(self.instansi_id, self.jenjang_nama)
        self.ada = {
            kode: (pk, nama, induk_id, jabatan_id)
            for pk, kode, nama, induk_id, jabatan_id in UnitOrganisasi.objects.filter(
                instansi_id=self.instansi_id
            ).values_list("id", "kode", "nama", "induk_id", "jabatan_pimpinan_id")
        }
        self.unor: dict[str, _Unor] = {}
        for baris in rows:
            unit = self._baris(baris, kolom)
            if unit is None:
                continue
            if unit.kode in self.unor:
                self.kesalahan.append(
                    _err(
                        baris.nomor,
                        "kode_unor",
                        f"Kode unor {unit.kode} sudah ada di baris {self.unor[unit.kode].baris}; "
                        "kode unor harus unik di dalam berkas.",
                    )
                )
                continue
            self.unor[unit.kode] = unit
        self._periksa_induk()
        self._bandingkan()

    def _baris(self, baris: Baris, kolom: set[str]) -> _Unor | None:
        jumlah = len(self.kesalahan)

        def salah(k: str, pesan: str) -> None:
            self.kesalahan.append(_err(baris.nomor, k, pesan))

        kode = _batas(baris, "kode_unor", 64, salah)
        if not kode:
            salah("kode_unor", "Kode unor wajib diisi.")
        nama = _batas(baris, "nama_unor", 255, salah)
        if not nama:
            salah("nama_unor", "Nama unor wajib diisi.")
        induk = baris["kode_unor_induk"] if "kode_unor_induk" in kolom else None
        if induk and induk == kode:
            salah("kode_unor_induk", "Unit tidak boleh menjadi induk dirinya sendiri.")
        jabatan = self._jabatan_pimpinan(baris, salah) if "jabatan_pimpinan" in kolom else None
        if len(self.kesalahan) > jumlah:
            return None
        return _Unor(baris.nomor, kode, nama, induk, jabatan)

    def _jabatan_pimpinan(self, baris: Baris, salah: Callable[[str, str], None]) -> str:
        nama = " ".join(baris["jabatan_pimpinan"].split())
        jenis_isi = baris["jenis_jabatan_pimpinan"]
        if not nama:
            if jenis_isi:
                salah("jenis_jabatan_pimpinan", "Diisi, tetapi jabatan_pimpinan kosong.")
            return ""
        if len(nama) > 200:
            salah("jabatan_pimpinan", f"Paling banyak 200 karakter; yang diisi {len(nama)}.")
        jenis = _pilihan(jenis_isi, _JENIS_PIMPINAN)
        if not jenis_isi:
            salah("jenis_jabatan_pimpinan", "Wajib diisi bila jabatan_pimpinan diisi.")
        elif jenis is None:
            salah(
                "jenis_jabatan_pimpinan",
                "Jenis jabatan pimpinan harus JPT, Administrator, Pengawas, Pelaksana, atau "
                f"Fungsional, bukan '{jenis_isi}'.",
            )
        else:
            pesan = self.jabatan.pakai(nama, jenis, None, baris.nomor)
            if pesan:
                salah("jabatan_pimpinan", pesan)
        return kunci_jabatan(nama)

    def _periksa_induk(self) -> None:
        """Unknown parents, then cycles in the tree the database and the file make together."""
        kode_of = {pk: kode for kode, (pk, *_rest) in self.ada.items()}
        induk_of: dict[str, str | None] = {
            kode: kode_of.get(induk_id) if induk_id else None
            for kode, (_pk, _nama, induk_id, _j) in self.ada.items()
        }
        for unit in self.unor.values():
            if unit.induk is None:
                induk_of.setdefault(unit.kode, None)
                continue
            if unit.induk and unit.induk not in self.unor and unit.induk not in self.ada:
                self.kesalahan.append(
                    _err(
                        unit.baris,
                        "kode_unor_induk",
                        f"Unit induk {unit.induk} tidak ditemukan di berkas maupun di instansi.",
                    )
                )
            induk_of[unit.kode] = unit.induk or None
        self._periksa_lingkaran(induk_of)

    def _periksa_lingkaran(self, induk_of: dict[str, str | None]) -> None:
        selesai: set[str] = set()
        for awal in self.unor:
            jalur: list[str] = []
            kode: str | None = awal
            while kode is not None and kode not in selesai and kode in induk_of:
                if kode in jalur:
                    lingkaran = jalur[jalur.index(kode) :]
                    teks_ = " → ".join([*lingkaran, kode])
                    for anggota in lingkaran:
                        if anggota in self.unor:
                            self.kesalahan.append(
                                _err(
                                    self.unor[anggota].baris,
                                    "kode_unor_induk",
                                    f"Unit induk membentuk lingkaran: {teks_}.",
                                )
                            )
                    break
                jalur.append(kode)
                kode = induk_of[kode]
            selesai.update(jalur)

    def _bandingkan(self) -> None:
        hitung = {"baru": 0, "diubah": 0, "tetap": 0}
        kode_of = {pk: kode for kode, (pk, *_rest) in self.ada.items()}
        for unit in self.unor.values():
            lama = self.ada.get(unit.kode)
            berubah = self._berubah(unit, lama, kode_of)
            unit.status = "baru" if lama is None else ("diubah" if berubah else "tetap")
            hitung[unit.status] += 1
            if unit.status != "tetap" and len(self.contoh) < MAKS_CONTOH:
                self.contoh.append(
                    {
                        "baris": unit.baris,
                        "kunci": unit.kode,
                        "nama": unit.nama,
                        "status": unit.status,
                        "keterangan": ", ".join(berubah),
                    }
                )
        self.hitungan = {**hitung, "jabatan_baru": self.jabatan.jumlah_baru}

    def _berubah(
        self, unit: _Unor, lama: tuple[Any, ...] | None, kode_of: dict[int, str]
    ) -> list[str]:
        if lama is None:
            return []
        _pk, nama, induk_id, jabatan_id = lama
        berubah = []
        if unit.nama != nama:
            berubah.append("nama_unor")
        if unit.induk is not None and (unit.induk or None) != kode_of.get(induk_id):
            berubah.append("kode_unor_induk")
        if unit.jabatan is not None and not (
            self.jabatan.sama(unit.jabatan, jabatan_id) if unit.jabatan else jabatan_id is None
        ):
            berubah.append("jabatan_pimpinan")
        return berubah

    def terapkan(self) -> None:
        _, _, kategori = _jenjang()
        jabatan_ids = self.jabatan.terapkan(kategori)
        baru = [u for u in self.unor.values() if u.status == "baru"]
        UnitOrganisasi.objects.bulk_create(
            [UnitOrganisasi(instansi_id=self.instansi_id, kode=u.kode, nama=u.nama) for u in baru],
            batch_size=_BATCH,
        )
        ids = dict(
            UnitOrganisasi.objects.filter(instansi_id=self.instansi_id).values_list("kode", "id")
        )
        fields = ["nama"]
        objs = []
        for u in self.unor.values():
            if u.status == "tetap":
                continue
            obj = UnitOrganisasi(id=ids[u.kode], nama=u.nama)
            if u.induk is not None:
                obj.induk_id = ids[u.induk] if u.induk else None
            if u.jabatan is not None:
                obj.jabatan_pimpinan_id = jabatan_ids[u.jabatan] if u.jabatan else None
            objs.append(obj)
        if "kode_unor_induk" in self.kolom:
            fields.append("induk")
        if "jabatan_pimpinan" in self.kolom:
            fields.append("jabatan_pimpinan")
        UnitOrganisasi.objects.bulk_update(objs, fields, batch_size=_BATCH)
        rebuild_paths(self.instansi_id)


# Pegawai field (model attname) -> its column (the label of a change in the preview), in the
# order the existing rows are read.
_KOLOM_FIELD = {
    "nama": "nama",
    "jenis_asn": "jenis_asn",
    "jenis_kelamin": "jenis kelamin (dari NIP)",
    "tanggal_lahir": "tanggal lahir (dari NIP)",
    "gelar_depan": "gelar_depan",
    "gelar_belakang": "gelar_belakang",
    "golongan_id": "golongan",
    "email": "email",
    "is_guru": "guru",
}
_SELALU = ("nama", "jenis_asn", "jenis_kelamin", "tanggal_lahir")


@dataclass(slots=True)
class _Pegawai:
    baris: int
    nip: str
    nama: str
    jenis_asn: str
    jenis_kelamin: str
    tanggal_lahir: dt.date
    jabatan: str  # jabatan name key
    unor_id: int
    gelar_depan: str = ""
    gelar_belakang: str = ""
    golongan_id: int | None = None
    email: str = ""
    is_guru: bool = False
    tmt: dt.date | None = None
    status: str = "baru"
    id: int | None = None
    berubah: tuple[str, ...] = ()


class RencanaPegawai(Rencana):
    jenis = JenisImpor.PEGAWAI

    def periksa_baris(self, rows: Iterable[Baris], kolom: set[str]) -> None:
        self._muat_acuan()
        self.fields = [f for f, k in _KOLOM_FIELD.items() if f in _SELALU or k in kolom]
        self.pegawai: list[_Pegawai] = []
        nomor_nip: dict[str, int] = {}
        for baris in rows:
            p = self._baris(baris)
            if p is None:
                continue
            if p.nip in nomor_nip:
                self.kesalahan.append(
                    _err(
                        p.baris,
                        "nip",
                        f"NIP {p.nip} muncul di baris {nomor_nip[p.nip]} dan baris {p.baris}; "
                        "satu NIP hanya boleh satu baris.",
                    )
                )
                continue
            nomor_nip[p.nip] = p.baris
            self.pegawai.append(p)
        self._bandingkan()

    def _muat_acuan(self) -> None:
        """Every lookup the rows need, one query each."""
        self.jenjang_id, jenjang_nama, self.kategori = _jenjang()
        self.golongan = {
            (jenis, kode.casefold()): pk
            for pk, jenis, kode in Golongan.objects.values_list("id", "jenis_asn", "kode")
        }
        self.unor = {
            kode: (pk, nama)
            for pk, kode, nama in UnitOrganisasi.objects.filter(
                instansi_id=self.instansi_id
            ).values_list("id", "kode", "nama")
        }
        self.jabatan = DaftarJabatan(self.instansi_id, jenjang_nama)
        self.hari_ini = timezone.localdate()

    def _baris(self, baris: Baris) -> _Pegawai | None:
        jumlah = len(self.kesalahan)

        def salah(kolom: str, pesan: str) -> None:
            self.kesalahan.append(_err(baris.nomor, kolom, pesan))

        jenis_asn = self._jenis_asn(baris, salah)
        info = None
        try:
            info = parse_nip(nip_teks(baris.mentah("nip")), jenis_asn, today=self.hari_ini)
        except NipError as exc:
            salah("nip", str(exc))
        nama = _batas(baris, "nama", 200, salah)
        if not nama:
            salah("nama", "Nama wajib diisi.")
        gelar_depan = _batas(baris, "gelar_depan", 32, salah)
        gelar_belakang = _batas(baris, "gelar_belakang", 64, salah)
        golongan_id = self._golongan(baris, jenis_asn, salah)
        jabatan = self._jabatan(baris, salah)
        kode_unor = baris["kode_unor"]
        unor = self.unor.get(kode_unor)
        if not kode_unor:
            salah("kode_unor", "Kode unor wajib diisi.")
        elif unor is None:
            salah("kode_unor", f"Unit dengan kode {kode_unor} tidak ada di instansi ini.")
        tmt = self._tmt(baris, salah)
        email = self._email(baris, salah)
        is_guru = self._guru(baris, salah)
        if len(self.kesalahan) > jumlah or info is None or unor is None or jenis_asn is None:
            return None
        return _Pegawai(
            baris=baris.nomor,
            nip=info.nip,
            nama=nama,
            jenis_asn=jenis_asn,
            jenis_kelamin=info.jenis_kelamin,
            tanggal_lahir=info.tanggal_lahir,
            jabatan=jabatan,
            unor_id=unor[0],
            gelar_depan=gelar_depan,
            gelar_belakang=gelar_belakang,
            golongan_id=golongan_id,
            email=email,
            is_guru=is_guru,
            tmt=tmt,
        )

    @staticmethod
    def _jenis_asn(baris: Baris, salah: Callable[[str, str], None]) -> str | None:
        isi = baris["jenis_asn"]
        jenis = _pilihan(isi, _JENIS_ASN)
        if not isi:
            salah("jenis_asn", "Jenis ASN wajib diisi (PNS atau PPPK).")
        elif jenis is None:
            salah("jenis_asn", f"Jenis ASN harus PNS atau PPPK, bukan '{isi}'.")
        return jenis

    def _golongan(
        self, baris: Baris, jenis_asn: str | None, salah: Callable[[str, str], None]
    ) -> int | None:
        isi = baris["golongan"]
        if not isi or jenis_asn is None:
            return None
        pk = self.golongan.get((jenis_asn, isi.casefold()))
        if pk is None:
            contoh = "III/a" if jenis_asn == JenisAsn.PNS else "IX"
            salah(
                "golongan",
                f"Golongan '{isi}' tidak dikenal untuk {jenis_asn} (contoh penulisan: {contoh}).",
            )
        return pk

    def _jabatan(self, baris: Baris, salah: Callable[[str, str], None]) -> str:
        nama = " ".join(baris["jabatan"].split())
        jenis_isi, jenjang_isi = baris["jenis_jabatan"], baris["jenjang"]
        jenis = _pilihan(jenis_isi, _JENIS_JABATAN)
        if not nama:
            salah("jabatan", "Jabatan wajib diisi.")
        elif len(nama) > 200:
            salah("jabatan", f"Paling banyak 200 karakter; yang diisi {len(nama)}.")
        if not jenis_isi:
            salah("jenis_jabatan", "Jenis jabatan wajib diisi.")
        elif jenis is None:
            salah(
                "jenis_jabatan",
                f"Jenis jabatan harus salah satu dari {', '.join(_JENIS_JABATAN.values())}, "
                f"bukan '{jenis_isi}'.",
            )
        jenjang_id = self.jenjang_id.get(jenjang_isi.casefold())
        if jenis == JenisJabatan.FUNGSIONAL and not jenjang_isi:
            salah("jenjang", "Jenjang wajib diisi untuk jabatan Fungsional.")
        elif jenis == JenisJabatan.FUNGSIONAL and jenjang_id is None:
            salah("jenjang", f"Jenjang '{jenjang_isi}' tidak dikenal.")
        elif jenis and jenis != JenisJabatan.FUNGSIONAL and jenjang_isi:
            salah("jenjang", f"Jenjang hanya untuk jabatan Fungsional, bukan {jenis}.")
            jenjang_id = None
        if nama and jenis and len(nama) <= 200:
            pesan = self.jabatan.pakai(nama, jenis, jenjang_id, baris.nomor)
            if pesan:
                salah("jabatan", pesan)
        return kunci_jabatan(nama)

    @staticmethod
    def _tmt(baris: Baris, salah: Callable[[str, str], None]) -> dt.date | None:
        try:
            return tanggal(baris.mentah("tmt_jabatan"))
        except ValueError:
            salah(
                "tmt_jabatan",
                f"Tanggal '{baris['tmt_jabatan']}' tidak dikenali; "
                "tulis DD-MM-YYYY atau YYYY-MM-DD.",
            )
            return None

    @staticmethod
    def _email(baris: Baris, salah: Callable[[str, str], None]) -> str:
        email = baris["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                salah("email", f"Alamat email '{email}' tidak valid.")
        return email

    @staticmethod
    def _guru(baris: Baris, salah: Callable[[str, str], None]) -> bool:
        isi = baris["guru"].casefold()
        if isi not in ("", "ya", "tidak"):
            salah("guru", f"Isi dengan ya atau tidak, bukan '{baris['guru']}'.")
        return isi == "ya"

    # -- comparison with the database

    def _bandingkan(self) -> None:
        ada = {
            row[1]: row
            for row in Pegawai.objects.filter(instansi_id=self.instansi_id).values_list(
                "id", "nip", *_KOLOM_FIELD, "jabatan_id", "unor_id"
            )
        }
        self._tolak_nip_instansi_lain([p.nip for p in self.pegawai if p.nip not in ada])
        urutan = {f: i for i, f in enumerate(_KOLOM_FIELD, start=2)}
        posisi = [(f, urutan[f]) for f in self.fields]
        hitung = {"baru": 0, "diubah": 0, "pindah": 0, "tetap": 0}
        for p in self.pegawai:
            lama = ada.get(p.nip)
            if lama is not None:
                p.id = lama[0]
                p.berubah = tuple(f for f, i in posisi if getattr(p, f) != lama[i])
                pindah = not self.jabatan.sama(p.jabatan, lama[-2]) or p.unor_id != lama[-1]
                p.status = "pindah" if pindah else ("diubah" if p.berubah else "tetap")
            hitung[p.status] += 1
        self.hitungan = {**hitung, "jabatan_baru": self.jabatan.jumlah_baru}
        self._periksa_tmt()
        self._buat_contoh(ada)

    def _tolak_nip_instansi_lain(self, nips: list[str]) -> None:
        """An NIP belongs to one instansi; the message must not say which one holds it."""
        lain = Pegawai.objects.exclude(instansi_id=self.instansi_id)
        if len(nips) <= _IN_CHUNK:
            dipakai = set(lain.filter(nip__in=nips).values_list("nip", flat=True))
        else:
            # No index leads with nip, so each IN-query scans the table: scan it once instead.
            baru = set(nips)
            dipakai = {
                nip for nip in lain.values_list("nip", flat=True).iterator(10_000) if nip in baru
            }
        if not dipakai:
            return
        for p in self.pegawai:
            if p.nip in dipakai:
                self.kesalahan.append(
                    _err(p.baris, "nip", f"NIP {p.nip} sudah terdaftar di instansi lain.")
                )
        self.pegawai = [p for p in self.pegawai if p.nip not in dipakai]

    def _periksa_tmt(self) -> None:
        """A move starts after the current position began (services.open_position's rule)."""
        pindah = {p.id: p for p in self.pegawai if p.status == "pindah"}
        self.terbuka: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        if not pindah:
            return
        rows = RiwayatJabatan.objects.filter(
            instansi_id=self.instansi_id,
            jenis_penugasan=JenisPenugasan.DEFINITIF,
            berlaku_sampai__isnull=True,
        )
        if len(pindah) <= _IN_CHUNK:
            rows = rows.filter(pegawai_id__in=list(pindah))
        for pk, pegawai_id, mulai in rows.values_list("id", "pegawai_id", "berlaku_mulai"):
            p = pindah.get(pegawai_id)
            if p is None:
                continue
            self.terbuka[pegawai_id].append((pk, mulai))
            baru = p.tmt or self.hari_ini
            if mulai > baru:
                self.kesalahan.append(
                    _err(
                        p.baris,
                        "tmt_jabatan",
                        f"Tanggal mulai jabatan baru ({baru:%d-%m-%Y}) harus setelah awal "
                        f"jabatan sekarang ({mulai:%d-%m-%Y}).",
                    )
                )

    def _buat_contoh(self, ada: dict[str, tuple[Any, ...]]) -> None:
        jabatan_nama = {j.id: j.nama for j in self.jabatan.by_key.values() if j.id}
        unor_nama = dict(self.unor.values())
        for p in self.pegawai:
            if len(self.contoh) >= MAKS_CONTOH:
                break
            if p.status == "tetap":
                continue
            keterangan = ", ".join(_KOLOM_FIELD[f] for f in p.berubah)
            if p.status == "pindah":
                lama = ada[p.nip]
                baru = self.jabatan.by_key[p.jabatan].nama
                keterangan = (
                    f"{jabatan_nama.get(lama[-2], '-')} ({unor_nama.get(lama[-1], '-')}) → "
                    f"{baru} ({unor_nama[p.unor_id]})" + (f"; {keterangan}" if keterangan else "")
                )
            self.contoh.append(
                {
                    "baris": p.baris,
                    "kunci": p.nip,
                    "nama": p.nama,
                    "status": p.status,
                    "keterangan": keterangan,
                }
            )

    # -- writing

    def terapkan(self) -> None:
        jabatan_ids = self.jabatan.terapkan(self.kategori)
        baru = [p for p in self.pegawai if p.status == "baru"]
        if baru:
            insert_many(
                Pegawai,
                (
                    self._nilai(p, jabatan_ids, nip=p.nip, instansi_id=self.instansi_id)
                    for p in baru
                ),
            )
            ids = dict(
                Pegawai.objects.filter(instansi_id=self.instansi_id).values_list("nip", "id")
            )
            for p in baru:
                p.id = ids[p.nip]
        now = timezone.now()
        update_many(
            Pegawai,
            [*self.fields, "jabatan_id", "unor_id", "updated_at"],
            (
                self._nilai(p, jabatan_ids, id=p.id, updated_at=now)
                for p in self.pegawai
                if p.status in ("diubah", "pindah")
            ),
        )
        self._catat_riwayat(jabatan_ids)

    def _nilai(self, p: _Pegawai, jabatan_ids: dict[str, int], **extra: Any) -> dict[str, Any]:
        """The row's column values (attname -> value) for the columns the file has."""
        values = {f: getattr(p, f) for f in self.fields}
        return {**values, "jabatan_id": jabatan_ids[p.jabatan], "unor_id": p.unor_id, **extra}

    def _catat_riwayat(self, jabatan_ids: dict[str, int]) -> None:
        """New pegawai and moves open a definitif row; the open one closes the day before.

        A move dated the same day as the open row corrects that row instead (a same-day fix of
        a wrong import), since a row may not end before it starts."""
        ditutup: list[dict[str, Any]] = []
        koreksi: list[dict[str, Any]] = []
        dibuka: list[tuple[_Pegawai, dt.date]] = []
        for p in self.pegawai:
            if p.status not in ("baru", "pindah"):
                continue
            mulai = p.tmt or self.hari_ini
            terbuka = self.terbuka.get(p.id or 0, [])
            sama = [pk for pk, m in terbuka if m == mulai]
            if sama:
                posisi = {"jabatan_id": jabatan_ids[p.jabatan], "unor_id": p.unor_id}
                koreksi += [{"id": pk, **posisi} for pk in sama]
                continue
            sampai = mulai - dt.timedelta(days=1)
            ditutup += [{"id": pk, "berlaku_sampai": sampai} for pk, _ in terbuka]
            dibuka.append((p, mulai))
        update_many(RiwayatJabatan, ["berlaku_sampai"], ditutup)
        update_many(RiwayatJabatan, ["jabatan_id", "unor_id"], koreksi)
        insert_many(
            RiwayatJabatan,
            (
                {
                    "instansi_id": self.instansi_id,
                    "pegawai_id": p.id,
                    "jabatan_id": jabatan_ids[p.jabatan],
                    "unor_id": p.unor_id,
                    "jenis_penugasan": JenisPenugasan.DEFINITIF,
                    "berlaku_mulai": mulai,
                }
                for p, mulai in dibuka
            ),
        )


_RENCANA: dict[str, type[Rencana]] = {
    JenisImpor.UNOR: RencanaUnor,
    JenisImpor.PEGAWAI: RencanaPegawai,
}


def rencanakan(instansi_id: int, jenis: str, nama_file: str, data: bytes) -> Rencana:
    """Read and check a file against the database; writes nothing."""
    format_ = periksa_berkas(nama_file, data)
    rencana = _RENCANA[jenis](instansi_id)
    rencana.periksa(baca_tabel(format_, data))
    return rencana


# --- Services -----------------------------------------------------------------------------


def _hitungan(batch: ImportBatch) -> dict[str, Any]:
    return {k: v for k, v in batch.ringkasan.items() if k != "contoh"}


def pratinjau_impor(
    actor: Any, instansi: Instansi, jenis: str, nama_file: str, data: bytes
) -> ImportBatch:
    """Dry run: check the file and keep it with the outcome; nothing else is written."""
    require_admin_instansi(actor, instansi.pk)
    if jenis not in JenisImpor.values:
        raise DomainError("Jenis data impor harus unor atau pegawai.")
    nama_file = nama_berkas(nama_file, "impor")
    rencana = rencanakan(instansi.pk, jenis, nama_file, data)  # outside the write transaction
    batch = ImportBatch(instansi=instansi, jenis=jenis, nama_file=nama_file[:255])
    isi_pratinjau(batch, actor, rencana)
    simpan_pratinjau(
        actor,
        batch,
        nama_file,
        data,
        "impor.pratinjau",
        after={
            "jenis": jenis,
            "nama_file": batch.nama_file,
            "status": batch.status,
            **_hitungan(batch),
        },
    )
    return batch


@transaction.atomic
def _terapkan_atau_tolak(actor: Any, batch: ImportBatch) -> None:
    data = baca_untuk_diterapkan(batch)
    rencana = rencanakan(batch.instansi_id, batch.jenis, batch.nama_file, data)
    isi_hasil(batch, rencana)
    if rencana.kesalahan:
        tandai_gagal(actor, batch, "impor.gagal_diterapkan", after=_hitungan(batch))
        return
    rencana.terapkan()
    if batch.jumlah_baris >= ANALYZE_FROM_ROWS:
        analyze(UnitOrganisasi, Jabatan, Pegawai, RiwayatJabatan)
    tandai_diterapkan(
        actor, batch, "impor.diterapkan", after={"jenis": batch.jenis, **_hitungan(batch)}
    )


def terapkan_impor(actor: Any, batch: ImportBatch) -> ImportBatch:
    """Check the stored file again against the database as it is now, then write all of it in
    one transaction. If the database changed so that rows no longer pass, nothing is written and
    the batch shows the new errors."""
    require_admin_instansi(actor, batch.instansi_id)
    _terapkan_atau_tolak(actor, batch)
    if batch.status == StatusImpor.GAGAL_VALIDASI:
        raise DomainError(
            "Data di instansi berubah sejak pratinjau dan berkas ini sekarang memiliki "
            f"{batch.ringkasan['jumlah_kesalahan']} kesalahan; tidak ada yang diimpor."
        )
    return batch


@transaction.atomic
def batalkan_impor(actor: Any, batch: ImportBatch) -> ImportBatch:
    require_admin_instansi(actor, batch.instansi_id)
    tandai_dibatalkan(actor, batch, "impor.dibatalkan")
    return batch


# --- Templates to download ------------------------------------------------------------------


def template_file(jenis: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the empty template with example rows."""
    if jenis not in KOLOM or fmt not in ("csv", "xlsx"):
        raise DomainError("Templat tidak dikenal.")
    nama = f"templat-impor-{jenis}.{fmt}"
    if fmt == "csv":
        return templat_csv(KOLOM[jenis], CONTOH[jenis]), "text/csv; charset=utf-8", nama
    lembar = str(JenisImpor(jenis).label)
    return templat_xlsx(lembar, KOLOM[jenis], CONTOH[jenis], PETUNJUK_UMUM), XLSX, nama


def templat_csv(kolom: Sequence[Kolom], contoh: Sequence[Sequence[str]]) -> bytes:
    """An import template as CSV: the header and the example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([k.nama for k in kolom])
    writer.writerows(contoh)
    # The BOM makes Excel read UTF-8; the reader strips it.
    return out.getvalue().encode("utf-8-sig")


def templat_xlsx(
    lembar: str,
    kolom: Sequence[Kolom],
    contoh: Sequence[Sequence[str]],
    catatan: Sequence[str],
    lebar_min: int = 14,
) -> bytes:
    """An import template as XLSX: sheet `lembar` with the header and the example rows, then a
    "Petunjuk" sheet describing each column, followed by the `catatan` sentences."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EDF3"})
    as_text = workbook.add_format({"num_format": "@"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(lembar)
    for col, k in enumerate(kolom):
        # Text format on the whole column: an NIP typed later stays text, never 1.98E+17.
        fmt = as_text if k.teks else None
        sheet.set_column(col, col, max(lebar_min, len(k.nama) + 4), fmt)
        sheet.write_string(0, col, k.nama, bold)
        for row, baris in enumerate(contoh, start=1):
            sheet.write_string(row, col, baris[col], fmt)
    sheet.freeze_panes(1, 0)
    petunjuk = workbook.add_worksheet("Petunjuk")
    petunjuk.set_column(0, 0, 24)
    petunjuk.set_column(1, 1, 8)
    petunjuk.set_column(2, 2, 90, wrap)
    for col, judul in enumerate(("Kolom", "Wajib", "Keterangan")):
        petunjuk.write_string(0, col, judul, bold)
    for row, k in enumerate(kolom, start=1):
        petunjuk.write_string(row, 0, k.nama)
        petunjuk.write_string(row, 1, "ya" if k.wajib else "tidak")
        petunjuk.write_string(row, 2, k.petunjuk)
    for i, kalimat in enumerate(catatan, start=len(kolom) + 2):
        petunjuk.write_string(i, 0, kalimat)
    workbook.close()
    return out.getvalue()


PETUNJUK_UMUM = (
    "Isi data pada lembar pertama; baris pertama adalah judul kolom (huruf besar/kecil bebas).",
    "Hapus baris contoh sebelum mengunggah. Kolom yang tidak dipakai boleh dihapus, kecuali "
    "kolom wajib; kolom yang dihapus tidak mengubah data yang sudah ada.",
    "Kolom NIP dan kode berformat Teks: jangan ubah menjadi Angka, karena digitnya akan hilang.",
    "Unggah berkas, periksa pratinjau, lalu tekan Terapkan. Bila ada satu saja kesalahan, tidak "
    "ada data yang diimpor.",
)
