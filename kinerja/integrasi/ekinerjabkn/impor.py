"""Import of e-Kinerja BKN Excel reports (ADR 0007), like the TPP disiplin import: upload →
the whole file is checked and kept with the outcome (pratinjau, nothing else written) → apply,
which checks the stored file again and writes every row in one transaction, or none.

Rows are keyed (pegawai, periode_akhir): importing the same report again updates the rows.
Columns (header case and spaces free, e.g. "Periode Akhir"; columns not listed are ignored,
because e-Kinerja BKN's reports carry more than we use):
  nip              wajib   NIP/NI PPPK 18 digit of a pegawai of this instansi, as text
  periode_akhir    wajib   end of the SKP period: a date cell, DD-MM-YYYY, YYYY-MM-DD or
                           "31 Desember 2025"
  hasil_akhir      wajib   the predikat: Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct,
                           Sangat Kurang (case free; "Kurang" and "Misconduct" too, or the SIASN
                           code 1-5); empty when the SKP has no result yet
  nama, skp_unor_induk, skp_status   kept as written (nama is not checked)
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kinerja.core.bulk import insert_many, update_many
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
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import Arah, PenanggungJawab, Sistem, StatusSinkron
from kinerja.org.imports import (
    PETUNJUK_UMUM,
    Baris,
    Kolom,
    baca_tabel,
    nip_teks,
    periksa_berkas,
    tanggal,
    templat_xlsx,
)
from kinerja.org.models import Pegawai, StatusImpor
from kinerja.org.nip import NipError, normalize_nip
from kinerja.pelaksanaan.jadwal import BULAN
from kinerja.penilaian.aturan import Predikat

MAKS_CONTOH = 20

KOLOM: tuple[Kolom, ...] = (
    Kolom("nip", True, "NIP/NI PPPK 18 digit pegawai instansi ini, disimpan sebagai teks.", True),
    Kolom("nama", False, "Nama pegawai, untuk memudahkan pembaca; tidak diperiksa."),
    Kolom(
        "periode_akhir",
        True,
        "Tanggal akhir periode SKP: sel tanggal, DD-MM-YYYY, YYYY-MM-DD, atau 31 Desember 2025.",
        True,
    ),
    Kolom("skp_unor_induk", False, "Unit organisasi induk SKP, sebagaimana tertulis di laporan."),
    Kolom("skp_status", False, "Status SKP di e-Kinerja BKN, sebagaimana tertulis (≤ 64 huruf)."),
    Kolom(
        "hasil_akhir",
        True,
        "Predikat kinerja: Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, atau Sangat "
        "Kurang (juga kode SIASN 1-5). Kosong bila SKP belum dinilai.",
    ),
)
WAJIB = tuple(k.nama for k in KOLOM if k.wajib)
# Header names seen in other exports of the same report.
ALIAS = {
    "status_skp": "skp_status",
    "unor_induk": "skp_unor_induk",
    "predikat": "hasil_akhir",
    "predikat_kinerja": "hasil_akhir",
    "nip_baru": "nip",
    "nama_pegawai": "nama",
    "tanggal_akhir": "periode_akhir",
}
CONTOH = [
    ["198503122010011003", "Budi Santoso", "31-12-2025", "Dinas Pendidikan", "Selesai", "Baik"],
    [
        "199007152022212004",
        "Siti Rahmawati",
        "31-12-2025",
        "Dinas Pendidikan",
        "Selesai",
        "Sangat Baik",
    ],
]
# The notes under the columns on the template's "Petunjuk" sheet.
PETUNJUK = (
    "Laporan yang diunduh dari e-Kinerja BKN dapat langsung diunggah: judul kolom boleh "
    "huruf besar/kecil atau berspasi, dan kolom lain di laporan diabaikan.",
    "Satu baris per pegawai per periode akhir. Mengunggah laporan yang sama lagi "
    "memperbarui hasil yang sudah ada, tidak menggandakannya.",
    PETUNJUK_UMUM[2],
    PETUNJUK_UMUM[3],
)

_PREDIKAT = {p.value.casefold(): p.value for p in Predikat}
_PREDIKAT.update(
    {
        "kurang": Predikat.KURANG.value,
        "misconduct": Predikat.KURANG.value,
        "kurang / misconduct": Predikat.KURANG.value,
        # SIASN kuadranNilai (integrations.md §1)
        "1": Predikat.SANGAT_BAIK.value,
        "2": Predikat.BAIK.value,
        "3": Predikat.BUTUH_PERBAIKAN.value,
        "4": Predikat.KURANG.value,
        "5": Predikat.SANGAT_KURANG.value,
    }
)
_BULAN = {nama.casefold(): i for i, nama in enumerate(BULAN, start=1)}
_BULAN.update({nama.casefold()[:3]: i for i, nama in enumerate(BULAN, start=1)})
_TANGGAL_TEKS = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


def _err(baris: int, kolom: str, pesan: str) -> dict[str, Any]:
    return {"baris": baris, "kolom": kolom, "pesan": pesan}


def predikat_dari(text: str) -> str | None:
    """The exact Predikat label of a hasil_akhir cell; "" for empty, None when unknown."""
    kunci = re.sub(r"\s+", " ", text.strip()).casefold()
    if not kunci or kunci in ("-", "belum dinilai"):
        return ""
    kunci = re.sub(r"\s*/\s*", "/", kunci)
    return _PREDIKAT.get(kunci) or _PREDIKAT.get(kunci.replace("/", " / "))


def periode_dari(value: object) -> dt.date:
    """A periode_akhir cell as a date; ValueError when it is not one (also 31-02-2025)."""
    text = value.strip() if isinstance(value, str) else ""
    if m := _TANGGAL_TEKS.fullmatch(text):
        bulan = _BULAN.get(m[2].casefold())
        if bulan is None:
            raise ValueError(text)
        return dt.date(int(m[3]), bulan, int(m[1]))
    hasil = tanggal(value)
    if hasil is None:
        raise ValueError("")
    return hasil


def posisi_kolom(judul: list[str]) -> tuple[dict[str, int], list[str], list[dict[str, Any]]]:
    """Column name → position (aliases folded); the names of ignored columns; header errors
    (missing required column, a column given twice)."""
    dikenal = {k.nama for k in KOLOM}
    posisi: dict[str, int] = {}
    diabaikan: list[str] = []
    errors = []
    for i, nama in enumerate(judul):
        nama = ALIAS.get(nama, nama)
        if not nama:
            continue
        if nama not in dikenal:
            diabaikan.append(nama)
        elif nama in posisi:
            errors.append(_err(1, nama, f"Kolom '{nama}' muncul lebih dari sekali."))
        else:
            posisi[nama] = i
    for nama in WAJIB:
        if nama not in posisi:
            errors.append(_err(1, nama, f"Kolom wajib '{nama}' tidak ada pada baris judul."))
    return posisi, diabaikan, errors


@dataclass(slots=True)
class _Baris:
    baris: int
    pegawai_id: int
    nip: str
    periode_akhir: dt.date
    status_skp: str
    predikat: str
    unor_induk: str


class Rencana:
    """The checked content of one report."""

    def __init__(self, instansi_id: int) -> None:
        self.instansi_id = instansi_id
        self.kesalahan: list[dict[str, Any]] = []
        self.rows: list[_Baris] = []
        self.jumlah_baris = 0
        self.diabaikan: list[str] = []
        self.ada: dict[tuple[int, dt.date], int] = {}  # existing (pegawai, periode) → id

    def periksa(self, format_: str, data: bytes) -> None:
        tabel = baca_tabel(format_, data)
        posisi, self.diabaikan, errors = posisi_kolom(tabel.judul)
        self.kesalahan.extend(errors)
        if errors:
            return
        pegawai = dict(
            Pegawai.objects.filter(instansi_id=self.instansi_id).values_list("nip", "id")
        )
        dilihat: dict[tuple[str, dt.date], int] = {}
        for nomor, sel in tabel.baris:
            self.jumlah_baris += 1
            row = self._baris(Baris(nomor, sel, posisi), pegawai, dilihat)
            if row is not None:
                self.rows.append(row)
        if self.jumlah_baris == 0:
            self.kesalahan.append(_err(2, "", "Berkas tidak berisi baris data."))
        periode = {r.periode_akhir for r in self.rows}
        if periode:
            self.ada = {
                (p, d): i
                for i, p, d in HasilEkinerjaBkn.objects.filter(
                    instansi_id=self.instansi_id, periode_akhir__in=periode
                ).values_list("id", "pegawai_id", "periode_akhir")
            }

    def _baris(
        self, b: Baris, pegawai: dict[str, int], dilihat: dict[tuple[str, dt.date], int]
    ) -> _Baris | None:
        salah_awal = len(self.kesalahan)

        def salah(kolom: str, pesan: str) -> None:
            self.kesalahan.append(_err(b.nomor, kolom, pesan))

        nip = _nip(b, salah)
        pegawai_id = pegawai.get(nip) if nip else None
        if nip and pegawai_id is None:
            salah("nip", f"NIP {nip} tidak terdaftar sebagai pegawai instansi ini.")
        periode: dt.date | None = None
        mentah = b.mentah("periode_akhir")
        if mentah is None or mentah == "":
            salah("periode_akhir", "Periode akhir wajib diisi.")
        else:
            try:
                periode = periode_dari(mentah)
            except ValueError:
                salah(
                    "periode_akhir",
                    f"Tanggal '{b['periode_akhir'][:30]}' tidak dikenal; tulis DD-MM-YYYY, "
                    "misalnya 31-12-2025.",
                )
            else:
                if not 2000 <= periode.year <= 2100:
                    salah("periode_akhir", f"Tahun {periode.year} di luar rentang yang wajar.")
                    periode = None
        if nip and periode is not None:
            if (nip, periode) in dilihat:
                salah(
                    "nip",
                    f"NIP {nip} dengan periode akhir {periode:%d-%m-%Y} sudah ada di baris "
                    f"{dilihat[(nip, periode)]}; satu baris per pegawai per periode.",
                )
            else:
                dilihat[(nip, periode)] = b.nomor
        predikat = predikat_dari(b["hasil_akhir"])
        if predikat is None:
            salah(
                "hasil_akhir",
                f"Hasil akhir '{b['hasil_akhir'][:40]}' bukan predikat yang dikenal; gunakan "
                f"{', '.join(Predikat.values)}.",
            )
        status = b["skp_status"]
        if len(status) > 64:
            salah("skp_status", "Status SKP paling banyak 64 huruf.")
        unor = b["skp_unor_induk"]
        if len(unor) > 255:
            salah("skp_unor_induk", "Unor induk paling banyak 255 huruf.")
        if len(self.kesalahan) > salah_awal or pegawai_id is None or periode is None:
            return None
        assert predikat is not None
        return _Baris(b.nomor, pegawai_id, nip, periode, status, predikat, unor)

    def ringkasan(self) -> dict[str, Any]:
        total = len(self.kesalahan)
        per_predikat: dict[str, int] = {}
        for r in self.rows:
            label = r.predikat or "Belum ada hasil"
            per_predikat[label] = per_predikat.get(label, 0) + 1
        diperbarui = sum(1 for r in self.rows if (r.pegawai_id, r.periode_akhir) in self.ada)
        return {
            "baris_valid": len(self.rows),
            "baru": len(self.rows) - diperbarui,
            "diperbarui": diperbarui,
            "per_predikat": per_predikat,
            "periode": sorted({r.periode_akhir.isoformat() for r in self.rows}),
            "kolom_diabaikan": self.diabaikan,
            "jumlah_kesalahan": total,
            "kesalahan_lain": max(0, total - MAKS_KESALAHAN),
            "contoh": [
                {
                    "baris": r.baris,
                    "nip": r.nip,
                    "periode_akhir": r.periode_akhir.isoformat(),
                    "status_skp": r.status_skp,
                    "predikat": r.predikat,
                    "unor_induk": r.unor_induk,
                }
                for r in self.rows[:MAKS_CONTOH]
            ],
        }


def _nip(b: Baris, salah: Any) -> str:
    try:
        text = nip_teks(b.mentah("nip"))
    except NipError as exc:
        salah("nip", str(exc))
        return ""
    text = normalize_nip(text.removeprefix('="').removesuffix('"'))
    if not text:
        salah("nip", "NIP wajib diisi.")
        return ""
    if len(text) != 18 or not text.isascii() or not text.isdigit():
        salah("nip", f"NIP harus 18 digit angka; yang diisi '{text[:30]}'.")
        return ""
    return text


def rencanakan(instansi_id: int, nama_file: str, data: bytes) -> Rencana:
    """Read and check a report against the database; writes nothing."""
    format_ = periksa_berkas(nama_file, data)
    rencana = Rencana(instansi_id)
    rencana.periksa(format_, data)
    return rencana


def pratinjau(actor: Any, instansi_id: int, nama_file: str, data: bytes) -> ImporEkinerjaBkn:
    """Dry run: check the report and keep it with the outcome; nothing else is written."""
    require_admin_instansi(actor, instansi_id)
    nama_file = nama_berkas(nama_file, "ekinerja-bkn.xlsx")
    rencana = rencanakan(instansi_id, nama_file, data)  # outside the transaction
    batch = ImporEkinerjaBkn(instansi_id=instansi_id, nama_file=nama_file[:255])
    isi_pratinjau(batch, actor, rencana)
    simpan_pratinjau(
        actor,
        batch,
        nama_file,
        data,
        "ekinerjabkn.impor_pratinjau",
        after={
            "nama_file": batch.nama_file,
            "status": batch.status,
            "baris": batch.jumlah_baris,
            "kesalahan": len(rencana.kesalahan),
        },
    )
    return batch


@transaction.atomic
def _terapkan(actor: Any, batch: ImporEkinerjaBkn) -> Rencana:
    data = baca_untuk_diterapkan(batch)
    rencana = rencanakan(batch.instansi_id, batch.nama_file, data)
    isi_hasil(batch, rencana)
    if rencana.kesalahan:
        tandai_gagal(
            actor,
            batch,
            "ekinerjabkn.impor_gagal_diterapkan",
            after={"kesalahan": len(rencana.kesalahan)},
        )
        return rencana
    baru, lama = [], []
    for r in rencana.rows:
        nilai = {
            "status_skp": r.status_skp,
            "predikat": r.predikat,
            "unor_induk": r.unor_induk,
            "batch_id": batch.pk,
        }
        ada = rencana.ada.get((r.pegawai_id, r.periode_akhir))
        if ada is None:
            baru.append(
                {
                    "instansi_id": batch.instansi_id,
                    "pegawai_id": r.pegawai_id,
                    "periode_akhir": r.periode_akhir,
                    **nilai,
                }
            )
        else:
            lama.append({"id": ada, **nilai})
    insert_many(HasilEkinerjaBkn, baru)
    update_many(HasilEkinerjaBkn, ["status_skp", "predikat", "unor_induk", "batch_id"], lama)
    tandai_diterapkan(
        actor,
        batch,
        "ekinerjabkn.impor_diterapkan",
        after={"baris": len(rencana.rows), "baru": len(baru), "diperbarui": len(lama)},
    )
    return rencana


def terapkan(actor: Any, batch: ImporEkinerjaBkn) -> ImporEkinerjaBkn:
    """Check the stored report again, then write its rows (all or nothing); one sync-log row."""
    require_admin_instansi(actor, batch.instansi_id)
    gagal: DomainError | None = None
    with catat(
        instansi_id=batch.instansi_id,
        sistem=Sistem.EKINERJA_BKN,
        arah=Arah.IMPOR,
        operasi="impor_berkas",
        aktor=actor,
        ref=f"impor:{batch.pk} {batch.nama_file}",
    ) as log:
        try:
            rencana = _terapkan(actor, batch)
            if batch.status == StatusImpor.GAGAL_VALIDASI:
                raise DomainError(
                    "Data pegawai berubah sejak pratinjau dan berkas ini sekarang memiliki "
                    f"{len(rencana.kesalahan)} kesalahan; tidak ada yang diimpor."
                )
            log.jumlah = len(rencana.rows)
            log.pesan = (
                f"{batch.ringkasan.get('baru', 0)} hasil baru, "
                f"{batch.ringkasan.get('diperbarui', 0)} diperbarui."
            )
        except DomainError as exc:
            gagal = exc
            log.status, log.kode_galat, log.pesan = StatusSinkron.GAGAL, "validasi", str(exc)
            log.penanggung_jawab = PenanggungJawab.ADMIN_INSTANSI
    if gagal is not None:
        raise gagal
    return batch


@transaction.atomic
def batalkan(actor: Any, batch: ImporEkinerjaBkn) -> ImporEkinerjaBkn:
    require_admin_instansi(actor, batch.instansi_id)
    batch = ImporEkinerjaBkn.objects.select_for_update().get(pk=batch.pk)
    tandai_dibatalkan(actor, batch, "ekinerjabkn.impor_dibatalkan")
    return batch


# --- Template ---------------------------------------------------------------------------------


def templat() -> tuple[bytes, str, str]:
    """(content, content type, file name) of the XLSX template with example rows."""
    content = templat_xlsx("Hasil e-Kinerja BKN", KOLOM, CONTOH, PETUNJUK, lebar_min=16)
    return content, XLSX, "templat-ekinerja-bkn.xlsx"
