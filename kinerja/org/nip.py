"""NIP (PNS) and NI PPPK parsing: pure functions, no database.

NIP PNS  : YYYYMMDD (lahir) + YYYYMM (TMT CPNS) + jenis kelamin 1/2 + urut 001-999.
NI PPPK  : YYYYMMDD (lahir) + YYYY (tahun pengangkatan) + "2" + digit 1-9 + jenis kelamin 1/2
           + urut 001-999.
Digits 13-14 tell them apart: a PNS month is 01-12, a PPPK marker is 21-29.
"""

import datetime as dt
import re
from dataclasses import dataclass

PNS = "PNS"
PPPK = "PPPK"


class NipError(ValueError):
    """The NIP is not valid; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class NipInfo:
    nip: str
    jenis_asn: str  # PNS | PPPK
    tanggal_lahir: dt.date
    tahun_pengangkatan: int
    bulan_pengangkatan: int | None  # TMT CPNS month; None for PPPK
    jenis_kelamin: str  # L | P
    nomor_urut: int


_DIGITS = frozenset("0123456789")
# "1.98503E+17" (or "1,98503E+17" in an Indonesian-locale spreadsheet): the cell was a number.
_SCIENTIFIC = re.compile(r"^\d([.,]\d+)?[eE]\+?\d+$")


def normalize_nip(raw: object) -> str:
    """Strip the spaces people type ("19850312 201001 1 003"); keep everything else."""
    return re.sub(r"\s", "", str(raw or ""))


def parse_nip(raw: object, jenis_asn: str | None = None, today: dt.date | None = None) -> NipInfo:
    """Parse and validate an NIP/NI PPPK; raise NipError with a clear reason."""
    today = today or dt.date.today()
    text = str(raw or "").strip()
    if not text:
        raise NipError("NIP wajib diisi.")
    if _SCIENTIFIC.match(text):
        raise NipError(
            f"NIP tertulis sebagai angka ({text}), sehingga digitnya hilang; "
            "simpan kolom NIP sebagai teks."
        )
    nip = normalize_nip(text)
    # ASCII only: str.isdigit() also accepts "²" and Arabic-Indic digits.
    bad = next((i for i, char in enumerate(nip) if char not in _DIGITS), None)
    if bad is not None:
        raise NipError(
            f"NIP hanya boleh berisi angka; karakter ke-{bad + 1} ('{nip[bad]}') bukan angka."
        )
    if len(nip) != 18:
        raise NipError(f"NIP harus 18 digit; yang diisi {len(nip)} digit.")

    lahir = _date(nip[0:8])
    if lahir is None:
        raise NipError(f"Tanggal lahir pada NIP (digit 1-8: {nip[0:8]}) bukan tanggal yang valid.")
    if lahir > today:
        raise NipError(f"Tanggal lahir pada NIP (digit 1-8: {nip[0:8]}) ada di masa depan.")

    tahun = int(nip[8:12])
    marker = nip[12:14]
    if marker[0] == "2" and marker[1] != "0":
        kind, bulan = PPPK, None
        if tahun > today.year:
            raise NipError(
                f"Tahun pengangkatan pada NI PPPK (digit 9-12: {nip[8:12]}) ada di masa depan."
            )
    else:
        kind, bulan = PNS, int(marker)
        if not 1 <= bulan <= 12:
            raise NipError(
                f"TMT CPNS pada NIP (digit 9-14: {nip[8:14]}) bukan bulan yang valid; "
                "digit 13-14 harus 01-12 (NIP PNS) atau 21-29 (NI PPPK)."
            )
        if (tahun, bulan) > (today.year, today.month):
            raise NipError(f"TMT CPNS pada NIP (digit 9-14: {nip[8:14]}) ada di masa depan.")
    if tahun < lahir.year + 15:
        raise NipError(
            f"Tahun pengangkatan pada NIP (digit 9-12: {nip[8:12]}) terlalu dekat dengan "
            f"tahun lahir (digit 1-4: {nip[0:4]}); selisihnya minimal 15 tahun."
        )

    gender = nip[14]
    if gender not in "12":
        raise NipError(f"Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2, bukan {gender}.")
    urut = int(nip[15:18])
    if urut == 0:
        raise NipError("Nomor urut pada NIP (digit 16-18) harus 001-999, bukan 000.")

    if jenis_asn and jenis_asn != kind:
        label = "NIP PNS" if kind == PNS else "NI PPPK"
        raise NipError(f"NIP ini berformat {label}, tetapi jenis ASN diisi {jenis_asn}.")

    return NipInfo(
        nip=nip,
        jenis_asn=kind,
        tanggal_lahir=lahir,
        tahun_pengangkatan=tahun,
        bulan_pengangkatan=bulan,
        jenis_kelamin="L" if gender == "1" else "P",
        nomor_urut=urut,
    )


def _date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.date(int(yyyymmdd[0:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def build_nip(
    tanggal_lahir: dt.date,
    tahun: int,
    bulan: int,
    jenis_kelamin: str,
    nomor_urut: int,
    jenis_asn: str = PNS,
) -> str:
    """The NIP for the given parts (demo data, tests). For PPPK `bulan` is the digit 1-9 after
    the "2" marker (10-12 wrap to 1-3, so callers may pass a month)."""
    gender = "1" if jenis_kelamin == "L" else "2"
    middle = f"{bulan:02d}" if jenis_asn == PNS else f"2{(bulan - 1) % 9 + 1}"
    return f"{tanggal_lahir:%Y%m%d}{tahun:04d}{middle}{gender}{nomor_urut:03d}"
