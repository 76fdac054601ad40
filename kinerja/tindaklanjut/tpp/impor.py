"""Import of the monthly attendance (disiplin) from CSV/XLSX, like the org imports
(kinerja/org/imports.py, whose file checks and readers are reused): upload → the whole file is
checked and kept with the outcome (pratinjau, nothing else written) → apply, which checks the
stored file again and REPLACES the month's disiplin rows of the instansi in one transaction.
One wrong row and nothing is imported.

Columns (header names case-insensitive; the downloadable template documents them too):
  nip                 wajib   NIP/NI PPPK 18 digit, as text
  persen_disiplin     wajib   0-100, decimals with "," or "." (97,5)
  nama                        for the reader; not checked
  periode                     MM-YYYY or YYYY-MM; when filled, must be the month imported
  hari_kerja, hadir           whole days (hadir ≤ hari kerja)
  terlambat_menit, pulang_cepat_menit   whole minutes
  keterangan                  free text (≤ 500 characters)
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from kinerja.core import audit
from kinerja.core.bulk import insert_many
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
from kinerja.org.imports import (
    PETUNJUK_UMUM,
    Baris,
    Kolom,
    baca_tabel,
    nip_teks,
    periksa_berkas,
    periksa_judul,
    templat_csv,
    templat_xlsx,
)
from kinerja.org.models import Pegawai, StatusImpor
from kinerja.org.nip import NipError, normalize_nip
from kinerja.pelaksanaan.jadwal import BULAN
from kinerja.tindaklanjut.tpp.models import Disiplin, ImporDisiplin

MAKS_CONTOH = 20

KOLOM: tuple[Kolom, ...] = (
    Kolom("nip", True, "NIP/NI PPPK 18 digit pegawai instansi ini, disimpan sebagai teks.", True),
    Kolom("nama", False, "Nama pegawai, untuk memudahkan pembaca; tidak diperiksa."),
    Kolom(
        "persen_disiplin",
        True,
        "Persentase disiplin bulan itu, 0 sampai 100; desimal dengan koma atau titik (97,5).",
    ),
    Kolom(
        "periode",
        False,
        "Bulan data, MM-YYYY atau YYYY-MM (11-2026); bila diisi harus sama dengan bulan yang "
        "dipilih saat mengunggah.",
        True,
    ),
    Kolom("hari_kerja", False, "Jumlah hari kerja bulan itu (bilangan bulat)."),
    Kolom("hadir", False, "Jumlah hari hadir (bilangan bulat, tidak lebih dari hari kerja)."),
    Kolom("terlambat_menit", False, "Jumlah menit terlambat masuk (bilangan bulat)."),
    Kolom("pulang_cepat_menit", False, "Jumlah menit pulang sebelum waktunya (bilangan bulat)."),
    Kolom("keterangan", False, "Catatan, misalnya cuti atau tugas luar (paling banyak 500 huruf)."),
)
CONTOH = [
    ["198503122010011003", "Budi Santoso", "97,5", "11-2026", "20", "20", "35", "0", ""],
    ["199007152022212004", "Siti Rahmawati", "100", "11-2026", "20", "18", "0", "0", "Cuti 2 hari"],
]
# The notes under the columns on the template's "Petunjuk" sheet.
PETUNJUK = (
    "Isi data pada lembar pertama; baris pertama adalah judul kolom (huruf besar/kecil "
    "bebas). Hapus baris contoh sebelum mengunggah; kolom yang tidak wajib boleh dihapus.",
    "Satu baris per pegawai untuk satu bulan. Menerapkan impor MENGGANTI seluruh data "
    "disiplin instansi untuk bulan itu: pegawai yang tidak ada di berkas menjadi tanpa data "
    "disiplin.",
    PETUNJUK_UMUM[2],
    PETUNJUK_UMUM[3],
)
_ANGKA_DETAIL = ("hari_kerja", "hadir", "terlambat_menit", "pulang_cepat_menit")
_PERIODE_MY = re.compile(r"(\d{1,2})[-/](\d{4})")
_PERIODE_YM = re.compile(r"(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?")  # also a date cell


def _err(baris: int, kolom: str, pesan: str) -> dict[str, Any]:
    return {"baris": baris, "kolom": kolom, "pesan": pesan}


def nama_bulan(tahun: int, bulan: int) -> str:
    return f"{BULAN[bulan - 1]} {tahun}"


@dataclass(slots=True)
class _Baris:
    baris: int
    pegawai_id: int
    nip: str
    persen: Decimal
    details: dict[str, Any]


class Rencana:
    """The checked content of one file for one month."""

    def __init__(self, instansi_id: int, tahun: int, bulan: int) -> None:
        self.instansi_id, self.tahun, self.bulan = instansi_id, tahun, bulan
        self.kesalahan: list[dict[str, Any]] = []
        self.rows: list[_Baris] = []
        self.jumlah_baris = 0

    def periksa(self, format_: str, data: bytes) -> None:
        tabel = baca_tabel(format_, data)
        posisi, errors = periksa_judul(tabel.judul, KOLOM)
        self.kesalahan.extend(errors)
        if errors:
            return
        pegawai = dict(
            Pegawai.objects.filter(instansi_id=self.instansi_id).values_list("nip", "id")
        )
        dilihat: dict[str, int] = {}
        for nomor, sel in tabel.baris:
            self.jumlah_baris += 1
            row = self._baris(Baris(nomor, sel, posisi), pegawai, dilihat)
            if row is not None:
                self.rows.append(row)
        if self.jumlah_baris == 0:
            self.kesalahan.append(_err(2, "", "Berkas tidak berisi baris data."))

    def _baris(self, b: Baris, pegawai: dict[str, int], dilihat: dict[str, int]) -> _Baris | None:
        salah_awal = len(self.kesalahan)

        def salah(kolom: str, pesan: str) -> None:
            self.kesalahan.append(_err(b.nomor, kolom, pesan))

        nip = self._nip(b, salah)
        pegawai_id = None
        if nip:
            if nip in dilihat:
                salah(
                    "nip", f"NIP {nip} sudah ada di baris {dilihat[nip]}; satu baris per pegawai."
                )
            else:
                dilihat[nip] = b.nomor
                pegawai_id = pegawai.get(nip)
                if pegawai_id is None:
                    salah("nip", f"NIP {nip} tidak terdaftar sebagai pegawai instansi ini.")
        persen = self._persen(b["persen_disiplin"], salah)
        self._periode(b["periode"], salah)
        details = self._details(b, salah)
        if len(self.kesalahan) > salah_awal or pegawai_id is None or persen is None:
            return None
        return _Baris(b.nomor, pegawai_id, nip, persen, details)

    @staticmethod
    def _nip(b: Baris, salah: Any) -> str:
        try:
            text = nip_teks(b.mentah("nip"))
        except NipError as exc:
            salah("nip", str(exc))
            return ""
        text = normalize_nip(text.removeprefix('="').removesuffix('"'))  # our own CSV export
        if not text:
            salah("nip", "NIP wajib diisi.")
            return ""
        if len(text) != 18 or not text.isascii() or not text.isdigit():
            salah("nip", f"NIP harus 18 digit angka; yang diisi '{text[:30]}'.")
            return ""
        return text

    @staticmethod
    def _persen(text: str, salah: Any) -> Decimal | None:
        if not text:
            salah("persen_disiplin", "Persentase disiplin wajib diisi.")
            return None
        try:
            nilai = Decimal(text.replace(",", ".").removesuffix("%").strip())
        except InvalidOperation:
            salah("persen_disiplin", f"Persentase disiplin harus angka; yang diisi '{text[:20]}'.")
            return None
        if not nilai.is_finite() or not 0 <= nilai <= 100:
            salah(
                "persen_disiplin", f"Persentase disiplin harus antara 0 dan 100; yang diisi {text}."
            )
            return None
        if nilai != nilai.quantize(Decimal("0.01")):
            salah(
                "persen_disiplin", "Persentase disiplin paling banyak dua angka di belakang koma."
            )
            return None
        return nilai.quantize(Decimal("0.01"))

    def _periode(self, text: str, salah: Any) -> None:
        if not text:
            return
        tahun = bulan = 0
        if m := _PERIODE_MY.fullmatch(text):
            bulan, tahun = int(m[1]), int(m[2])
        elif m := _PERIODE_YM.fullmatch(text):
            tahun, bulan = int(m[1]), int(m[2])
        if not 1 <= bulan <= 12:
            salah(
                "periode", f"Periode '{text[:20]}' tidak dikenal; tulis MM-YYYY, misalnya 11-2026."
            )
        elif (tahun, bulan) != (self.tahun, self.bulan):
            salah(
                "periode",
                f"Periode {bulan:02d}-{tahun} bukan bulan yang diimpor "
                f"({self.bulan:02d}-{self.tahun}, {nama_bulan(self.tahun, self.bulan)}).",
            )

    @staticmethod
    def _details(b: Baris, salah: Any) -> dict[str, Any]:
        details: dict[str, Any] = {}
        for kolom in _ANGKA_DETAIL:
            text = b[kolom]
            if not text:
                continue
            if not text.isascii() or not text.isdigit():
                salah(
                    kolom,
                    f"{kolom.replace('_', ' ').capitalize()} harus bilangan bulat tidak negatif.",
                )
                continue
            details[kolom] = int(text)
        if (
            "hadir" in details
            and "hari_kerja" in details
            and details["hadir"] > details["hari_kerja"]
        ):
            salah("hadir", "Hari hadir tidak boleh lebih dari hari kerja.")
        keterangan = b["keterangan"]
        if len(keterangan) > 500:
            salah(
                "keterangan",
                f"Keterangan paling banyak 500 karakter; yang diisi {len(keterangan)}.",
            )
        elif keterangan:
            details["keterangan"] = keterangan
        return details

    def ringkasan(self) -> dict[str, Any]:
        total = len(self.kesalahan)
        return {
            "baris_valid": len(self.rows),
            "jumlah_kesalahan": total,
            "kesalahan_lain": max(0, total - MAKS_KESALAHAN),
            "contoh": [
                {"baris": r.baris, "nip": r.nip, "persen": str(r.persen), **r.details}
                for r in self.rows[:MAKS_CONTOH]
            ],
        }


def rencanakan(instansi_id: int, tahun: int, bulan: int, nama_file: str, data: bytes) -> Rencana:
    """Read and check a file against the database; writes nothing."""
    format_ = periksa_berkas(nama_file, data)
    rencana = Rencana(instansi_id, tahun, bulan)
    rencana.periksa(format_, data)
    return rencana


def _periksa_bulan(tahun: int, bulan: int) -> None:
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise DomainError("Bulan data disiplin tidak valid.")


def pratinjau(
    actor: Any, instansi_id: int, tahun: int, bulan: int, nama_file: str, data: bytes
) -> ImporDisiplin:
    """Dry run: check the file and keep it with the outcome; nothing else is written."""
    require_admin_instansi(actor, instansi_id)
    _periksa_bulan(tahun, bulan)
    nama_file = nama_berkas(nama_file, "disiplin")
    rencana = rencanakan(instansi_id, tahun, bulan, nama_file, data)  # outside the transaction
    batch = ImporDisiplin(
        instansi_id=instansi_id, tahun=tahun, bulan=bulan, nama_file=nama_file[:255]
    )
    isi_pratinjau(batch, actor, rencana)
    simpan_pratinjau(
        actor,
        batch,
        nama_file,
        data,
        "tpp.disiplin_pratinjau",
        after={
            "bulan": f"{tahun}-{bulan:02d}",
            "nama_file": batch.nama_file,
            "status": batch.status,
            "baris": batch.jumlah_baris,
            "kesalahan": len(rencana.kesalahan),
        },
    )
    return batch


@transaction.atomic
def _terapkan(actor: Any, batch: ImporDisiplin) -> Rencana:
    data = baca_untuk_diterapkan(batch)
    rencana = rencanakan(batch.instansi_id, batch.tahun, batch.bulan, batch.nama_file, data)
    isi_hasil(batch, rencana)
    if rencana.kesalahan:
        tandai_gagal(
            actor,
            batch,
            "tpp.disiplin_gagal_diterapkan",
            after={"kesalahan": len(rencana.kesalahan)},
        )
        return rencana
    lama = Disiplin.objects.filter(
        instansi_id=batch.instansi_id, tahun=batch.tahun, bulan=batch.bulan
    )
    diganti = lama.count()
    lama.delete()
    sumber = f"Impor {batch.nama_file}"[:255]
    insert_many(
        Disiplin,
        (
            {
                "instansi_id": batch.instansi_id,
                "pegawai_id": r.pegawai_id,
                "tahun": batch.tahun,
                "bulan": batch.bulan,
                "persen": r.persen,
                "details": r.details,
                "sumber": sumber,
            }
            for r in rencana.rows
        ),
    )
    batch.ringkasan = {**batch.ringkasan, "diganti": diganti}
    tandai_diterapkan(
        actor,
        batch,
        "tpp.disiplin_diterapkan",
        after={
            "bulan": f"{batch.tahun}-{batch.bulan:02d}",
            "baris": len(rencana.rows),
            "diganti": diganti,
        },
    )
    return rencana


def terapkan(actor: Any, batch: ImporDisiplin) -> ImporDisiplin:
    """Check the stored file again, then replace the month's rows with it (all or nothing)."""
    require_admin_instansi(actor, batch.instansi_id)
    rencana = _terapkan(actor, batch)
    if batch.status == StatusImpor.GAGAL_VALIDASI:
        raise DomainError(
            "Data pegawai berubah sejak pratinjau dan berkas ini sekarang memiliki "
            f"{len(rencana.kesalahan)} kesalahan; tidak ada yang diimpor."
        )
    return batch


@transaction.atomic
def batalkan(actor: Any, batch: ImporDisiplin) -> ImporDisiplin:
    require_admin_instansi(actor, batch.instansi_id)
    batch = ImporDisiplin.objects.select_for_update().get(pk=batch.pk)
    tandai_dibatalkan(actor, batch, "tpp.disiplin_dibatalkan")
    return batch


# --- Templates ---------------------------------------------------------------------------------


def templat(fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the template with example rows."""
    if fmt not in ("csv", "xlsx"):
        raise DomainError("Templat tidak dikenal.")
    nama = f"templat-disiplin-tpp.{fmt}"
    if fmt == "csv":
        return templat_csv(KOLOM, CONTOH), "text/csv; charset=utf-8", nama
    return templat_xlsx("Disiplin", KOLOM, CONTOH, PETUNJUK), XLSX, nama


# --- Rows from the API (POST /api/v1/disiplin) ---------------------------------------------------


class BarisDitolak(DomainError):
    """Rows sent through the API had errors; nothing was stored. `kesalahan` as in a file
    import: [{"baris" (1-based position in the request), "kolom", "pesan"}]."""

    def __init__(self, kesalahan: list[dict[str, Any]]) -> None:
        super().__init__(f"Ada {len(kesalahan)} kesalahan; tidak ada data disiplin yang disimpan.")
        self.kesalahan = kesalahan


def rencanakan_baris(
    instansi_id: int, tahun: int, bulan: int, baris: list[dict[str, Any]]
) -> Rencana:
    """The rows of a request checked with the file import's rules (the same Rencana checks,
    column names as in KOLOM); writes nothing. One query: the NIPs given."""
    rencana = Rencana(instansi_id, tahun, bulan)
    posisi = {k.nama: i for i, k in enumerate(KOLOM)}
    nips = {str(r.get("nip") or "").strip() for r in baris}
    pegawai = dict(
        Pegawai.objects.filter(instansi_id=instansi_id, nip__in=nips).values_list("nip", "id")
    )
    dilihat: dict[str, int] = {}
    for nomor, row in enumerate(baris, start=1):
        rencana.jumlah_baris += 1
        sel = ["" if row.get(k.nama) is None else str(row.get(k.nama)) for k in KOLOM]
        found = rencana._baris(Baris(nomor, sel, posisi), pegawai, dilihat)
        if found is not None:
            rencana.rows.append(found)
    if rencana.jumlah_baris == 0:
        rencana.kesalahan.append(_err(1, "", "Tidak ada baris data."))
    return rencana


def simpan_baris(
    actor: Any,
    instansi_id: int,
    tahun: int,
    bulan: int,
    baris: list[dict[str, Any]],
    *,
    sumber: str,
    reason: str = "",
) -> dict[str, int]:
    """Store the month's disiplin of the pegawai given (other pegawai's rows of the month stay):
    checked like a file row, all or nothing (BarisDitolak), replacing each pegawai's row of the
    month, audited `tpp.disiplin_dikirim`. `actor` None: a caller authorised elsewhere (an API
    token with the tulis:disiplin scope; `reason` names it)."""
    from kinerja.org.models import Instansi

    if actor is not None:
        require_admin_instansi(actor, instansi_id)
    _periksa_bulan(tahun, bulan)
    rencana = rencanakan_baris(instansi_id, tahun, bulan, baris)
    if rencana.kesalahan:
        raise BarisDitolak(sorted(rencana.kesalahan, key=lambda e: e["baris"])[:MAKS_KESALAHAN])
    ids = [r.pegawai_id for r in rencana.rows]
    with transaction.atomic():
        lama = Disiplin.objects.filter(
            instansi_id=instansi_id, tahun=tahun, bulan=bulan, pegawai_id__in=ids
        )
        diganti = lama.count()
        lama.delete()
        insert_many(
            Disiplin,
            (
                {
                    "instansi_id": instansi_id,
                    "pegawai_id": r.pegawai_id,
                    "tahun": tahun,
                    "bulan": bulan,
                    "persen": r.persen,
                    "details": r.details,
                    "sumber": sumber[:255],
                }
                for r in rencana.rows
            ),
        )
        hasil = {"disimpan": len(ids), "baru": len(ids) - diganti, "diganti": diganti}
        audit.record(
            actor,
            "tpp.disiplin_dikirim",
            instansi=Instansi(pk=instansi_id),
            object_type="tpp.Disiplin",
            object_repr=f"Disiplin {bulan:02d}-{tahun} ({len(ids)} pegawai)",
            after={"bulan": f"{tahun}-{bulan:02d}", "sumber": sumber[:255], **hasil},
            reason=reason,
        )
    return hasil
