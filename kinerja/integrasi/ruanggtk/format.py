"""The Ruang GTK exchange format (docs/integrasi/ruang-gtk.md): JSON Lines, one record per
line, of kind `skp`, `hasil_periodik` or `hasil_tahunan`. Pure functions: reading a file into
checked records and per-line errors with who must fix them. No database here; the checks
against the database are in impor.py."""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kinerja.integrasi.models import PenanggungJawab
from kinerja.penilaian.aturan import MATRIKS, Predikat, Rating
from kinerja.perencanaan.models import AspekIki, JenisRhk, Pendekatan

MAKS_BYTE = 50 * 1024 * 1024
MAKS_BARIS = 200_000
JENIS = ("skp", "hasil_periodik", "hasil_tahunan")

# Stable codes of the error causes (tests, the screen's grouping, the sync log).
NIP_TIDAK_DITEMUKAN = "nip_tidak_ditemukan"
BUKAN_GURU = "bukan_guru"
UNIT_TIDAK_AKTIF = "unit_tidak_aktif"
SKP_ATASAN_BELUM_ADA = "skp_atasan_belum_ada"
RHK_PIMPINAN_TIDAK_ADA = "rhk_pimpinan_tidak_ada"
PERIODE_TIDAK_STANDAR = "periode_tidak_standar"
PERIODE_BELUM_DIATUR = "periode_belum_diatur"
SKP_BELUM_DIIMPOR = "skp_belum_diimpor"
SKP_BERTUMPANG = "skp_bertumpang"
HASIL_SUDAH_FINAL = "hasil_sudah_final"
VALIDASI = "validasi"

Kesalahan = dict[str, Any]


def kesalahan(
    baris: int,
    pesan: str,
    *,
    kode: str = VALIDASI,
    penanggung_jawab: str = PenanggungJawab.OPERATOR_RUANG_GTK,
    kolom: str = "",
    jenis: str = "",
    nip: str = "",
) -> Kesalahan:
    return {
        "baris": baris,
        "jenis": jenis,
        "nip": nip,
        "kolom": kolom,
        "kode": kode,
        "pesan": pesan,
        "penanggung_jawab": str(penanggung_jawab),
    }


@dataclass(frozen=True)
class Iki:
    indikator: str
    aspek: str
    target_min: Decimal | None
    target_max: Decimal | None
    satuan: str


@dataclass(frozen=True)
class Rhk:
    jenis: str
    rhk: str
    iki: tuple[Iki, ...]
    rhk_pimpinan: str = ""


@dataclass
class CatatanSkp:
    baris: int
    nip: str
    tahun: int
    mulai: dt.date
    selesai: dt.date
    nip_penilai: str
    pendekatan: str
    rhk: tuple[Rhk, ...]
    kode_unor: str = ""
    disetujui_at: dt.datetime | None = None
    id: str = ""
    jenis: str = "skp"


@dataclass
class CatatanHasil:
    baris: int
    jenis: str  # hasil_periodik | hasil_tahunan
    nip: str
    tahun: int
    mulai: dt.date | None  # periodik only
    selesai: dt.date | None
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    kode_unor: str = ""
    difinalkan_at: dt.datetime | None = None
    catatan: str = ""
    id: str = ""


Catatan = CatatanSkp | CatatanHasil


@dataclass
class Bacaan:
    catatan: list[Catatan] = field(default_factory=list)
    kesalahan: list[Kesalahan] = field(default_factory=list)
    jumlah_baris: int = 0


class _Salah(Exception):
    def __init__(self, kolom: str, pesan: str) -> None:
        super().__init__(pesan)
        self.kolom, self.pesan = kolom, pesan


def baca(data: bytes) -> Bacaan:
    """Every line checked; a line with an error yields its errors, not a record."""
    hasil = Bacaan()
    if len(data) > MAKS_BYTE:
        hasil.kesalahan.append(kesalahan(0, "Berkas lebih dari 50 MB; bagi menjadi beberapa."))
        return hasil
    try:
        teks = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        hasil.kesalahan.append(kesalahan(0, "Berkas harus teks UTF-8 (JSON Lines)."))
        return hasil
    for nomor, baris in enumerate(teks.splitlines(), start=1):
        if not baris.strip():
            continue
        hasil.jumlah_baris += 1
        if hasil.jumlah_baris > MAKS_BARIS:
            hasil.kesalahan.append(
                kesalahan(nomor, f"Berkas lebih dari {MAKS_BARIS} catatan; bagi menjadi beberapa.")
            )
            break
        try:
            obj = json.loads(baris)
        except ValueError:
            hasil.kesalahan.append(
                kesalahan(nomor, "Baris ini bukan JSON yang sah (satu objek JSON per baris).")
            )
            continue
        catatan, errors = periksa_catatan(nomor, obj)
        hasil.kesalahan.extend(errors)
        if catatan is not None:
            hasil.catatan.append(catatan)
    if hasil.jumlah_baris == 0 and not hasil.kesalahan:
        hasil.kesalahan.append(kesalahan(0, "Berkas tidak berisi catatan."))
    return hasil


def periksa_catatan(nomor: int, obj: Any) -> tuple[Catatan | None, list[Kesalahan]]:
    """One record: the checked dataclass, or None and every error found in it."""
    if not isinstance(obj, dict):
        return None, [kesalahan(nomor, "Setiap baris harus berupa objek JSON.")]
    jenis = obj.get("jenis")
    nip_mentah = obj.get("nip")
    nip: str = nip_mentah if isinstance(nip_mentah, str) else ""
    errors: list[Kesalahan] = []

    def salah(kolom: str, pesan: str) -> None:
        errors.append(kesalahan(nomor, pesan, kolom=kolom, jenis=str(jenis or ""), nip=nip))

    if jenis not in JENIS:
        salah("jenis", f"Jenis catatan harus salah satu dari: {', '.join(JENIS)}.")
        return None, errors
    cek = _Pemeriksa(obj, salah)
    nip = cek.nip("nip")
    tahun = cek.tahun()
    ref = cek.teks("id", wajib=False, maks=64)
    kode_unor = cek.teks("kode_unor", wajib=False, maks=64)
    catatan: Catatan | None
    if jenis == "skp":
        mulai, selesai = cek.tanggal("periode_mulai"), cek.tanggal("periode_selesai")
        if mulai and selesai and tahun:
            if selesai < mulai:
                salah("periode_selesai", "periode_selesai tidak boleh sebelum periode_mulai.")
            elif mulai.year != tahun or selesai.year != tahun:
                salah("periode_mulai", f"Periode SKP harus di dalam tahun {tahun}.")
        pendekatan = cek.pilihan("pendekatan", Pendekatan.values, Pendekatan.KUANTITATIF)
        nip_penilai = cek.nip("nip_penilai")
        if nip and nip_penilai and nip == nip_penilai:
            salah("nip_penilai", "Guru tidak dapat menjadi penilai SKP-nya sendiri.")
        rhk = cek.rhk(pendekatan)
        disetujui_at = cek.waktu("disetujui_at")
        if errors or not (mulai and selesai and tahun):
            return None, errors
        catatan = CatatanSkp(
            nomor,
            nip,
            tahun,
            mulai,
            selesai,
            nip_penilai,
            pendekatan,
            rhk,
            kode_unor,
            disetujui_at,
            ref,
        )
        return catatan, errors
    mulai = selesai = None
    if jenis == "hasil_periodik":
        mulai, selesai = cek.tanggal("periode_mulai"), cek.tanggal("periode_selesai")
        if mulai and selesai and selesai < mulai:
            salah("periode_selesai", "periode_selesai tidak boleh sebelum periode_mulai.")
    hasil_kerja = cek.pilihan("rating_hasil_kerja", Rating.values)
    perilaku = cek.pilihan("rating_perilaku", Rating.values)
    predikat = cek.pilihan("predikat", Predikat.values, "")
    if hasil_kerja and perilaku:
        seharusnya = MATRIKS[Rating(hasil_kerja), Rating(perilaku)]
        if predikat and predikat != seharusnya:
            salah(
                "predikat",
                f"Predikat '{predikat}' tidak sesuai matriks: {hasil_kerja} dan {perilaku} "
                f"menghasilkan '{seharusnya}'.",
            )
        predikat = str(seharusnya)
    difinalkan_at = cek.waktu("difinalkan_at")
    catatan_teks = cek.teks("catatan", wajib=False, maks=2000)
    if errors or not tahun or (jenis == "hasil_periodik" and not (mulai and selesai)):
        return None, errors
    if mulai and selesai and (mulai.year != tahun or selesai.year != tahun):
        salah("periode_mulai", f"Periode penilaian harus di dalam tahun {tahun}.")
        return None, errors
    return (
        CatatanHasil(
            nomor,
            str(jenis),
            nip,
            tahun,
            mulai,
            selesai,
            hasil_kerja,
            perilaku,
            predikat,
            kode_unor,
            difinalkan_at,
            catatan_teks,
            ref,
        ),
        errors,
    )


class _Pemeriksa:
    def __init__(self, obj: dict[str, Any], salah: Any) -> None:
        self.obj, self.salah = obj, salah

    def teks(self, kolom: str, *, wajib: bool = True, maks: int = 500) -> str:
        nilai = self.obj.get(kolom)
        if nilai is None or nilai == "":
            if wajib:
                self.salah(kolom, f"{kolom} wajib diisi.")
            return ""
        if not isinstance(nilai, str):
            self.salah(kolom, f"{kolom} harus teks.")
            return ""
        nilai = nilai.strip()
        if len(nilai) > maks:
            self.salah(kolom, f"{kolom} paling banyak {maks} karakter.")
            return ""
        return nilai

    def nip(self, kolom: str) -> str:
        nilai = self.obj.get(kolom)
        if isinstance(nilai, int) and not isinstance(nilai, bool):
            self.salah(kolom, f"{kolom} harus teks 18 digit (dalam tanda kutip), bukan angka.")
            return ""
        nilai = self.teks(kolom, maks=64)
        if nilai and not (len(nilai) == 18 and nilai.isascii() and nilai.isdigit()):
            self.salah(kolom, f"{kolom} harus 18 digit angka; yang diisi '{nilai[:30]}'.")
            return ""
        return nilai

    def tahun(self) -> int:
        nilai = self.obj.get("tahun")
        if not isinstance(nilai, int) or isinstance(nilai, bool) or not 2000 <= nilai <= 2100:
            self.salah("tahun", "tahun wajib diisi dengan bilangan bulat, misalnya 2026.")
            return 0
        return nilai

    def tanggal(self, kolom: str) -> dt.date | None:
        nilai = self.teks(kolom, maks=10)
        if not nilai:
            return None
        try:
            return dt.date.fromisoformat(nilai)
        except ValueError:
            self.salah(kolom, f"{kolom} harus tanggal YYYY-MM-DD; yang diisi '{nilai}'.")
            return None

    def waktu(self, kolom: str) -> dt.datetime | None:
        nilai = self.teks(kolom, wajib=False, maks=40)
        if not nilai:
            return None
        try:
            waktu = dt.datetime.fromisoformat(nilai)
        except ValueError:
            waktu = None
        if waktu is None or waktu.tzinfo is None:
            self.salah(
                kolom,
                f"{kolom} harus waktu ISO 8601 dengan zona, misalnya 2026-01-15T08:00:00+07:00.",
            )
            return None
        return waktu

    def pilihan(self, kolom: str, pilihan: list[str], bawaan: str | None = None) -> str:
        nilai = self.obj.get(kolom)
        if nilai in (None, "") and bawaan is not None:
            return bawaan
        if nilai not in pilihan:
            self.salah(
                kolom,
                f"{kolom} harus persis salah satu dari: {', '.join(pilihan)}"
                + (f"; yang diisi '{str(nilai)[:40]}'." if nilai not in (None, "") else "."),
            )
            return ""
        return str(nilai)

    def rhk(self, pendekatan: str) -> tuple[Rhk, ...]:
        daftar = self.obj.get("rhk")
        if not isinstance(daftar, list) or not daftar:
            self.salah("rhk", "rhk wajib berisi sedikitnya satu Rencana Hasil Kerja.")
            return ()
        hasil = []
        for i, item in enumerate(daftar, start=1):
            kolom = f"rhk[{i}]"
            if not isinstance(item, dict):
                self.salah(kolom, f"{kolom} harus objek.")
                continue
            sub = _Pemeriksa(item, lambda k, p, kolom=kolom: self.salah(f"{kolom}.{k}", p))
            teks = sub.teks("rhk", maks=2000)
            jenis = sub.pilihan("jenis", JenisRhk.values, JenisRhk.UTAMA)
            pimpinan = sub.teks("rhk_pimpinan", wajib=False, maks=2000)
            iki = sub.iki(pendekatan)
            if teks and jenis:
                hasil.append(Rhk(jenis, teks, iki, pimpinan))
        if not any(r.jenis == JenisRhk.UTAMA for r in hasil):
            self.salah("rhk", "SKP harus memiliki sedikitnya satu RHK Utama.")
        return tuple(hasil)

    def iki(self, pendekatan: str) -> tuple[Iki, ...]:
        daftar = self.obj.get("iki")
        if not isinstance(daftar, list) or not daftar:
            self.salah("iki", "iki wajib berisi sedikitnya satu indikator kinerja.")
            return ()
        hasil = []
        for i, item in enumerate(daftar, start=1):
            kolom = f"iki[{i}]"
            if not isinstance(item, dict):
                self.salah(kolom, f"{kolom} harus objek.")
                continue
            sub = _Pemeriksa(item, lambda k, p, kolom=kolom: self.salah(f"{kolom}.{k}", p))
            indikator = sub.teks("indikator", maks=2000)
            if pendekatan == Pendekatan.KUALITATIF:
                if indikator:
                    hasil.append(Iki(indikator, "", None, None, ""))
                continue
            aspek = sub.pilihan("aspek", AspekIki.values)
            tmin, tmax = sub.angka("target_min"), sub.angka("target_max")
            satuan = sub.teks("satuan", maks=50)
            if tmin is not None and tmax is not None and tmin > tmax:
                self.salah(
                    f"{kolom}.target_min",
                    f"Target minimum ({tmin}) tidak boleh lebih besar dari maksimum ({tmax}).",
                )
                continue
            if indikator and aspek and tmin is not None and tmax is not None and satuan:
                hasil.append(Iki(indikator, aspek, tmin, tmax, satuan))
        return tuple(hasil)

    def angka(self, kolom: str) -> Decimal | None:
        nilai = self.obj.get(kolom)
        if isinstance(nilai, bool) or not isinstance(nilai, int | float | str) or nilai == "":
            self.salah(kolom, f"{kolom} wajib berupa angka.")
            return None
        try:
            angka = Decimal(str(nilai))
        except InvalidOperation:
            self.salah(kolom, f"{kolom} wajib berupa angka.")
            return None
        if not angka.is_finite() or angka < 0 or angka >= Decimal("1e12"):
            self.salah(kolom, f"{kolom} harus angka tidak negatif.")
            return None
        if angka != angka.quantize(Decimal("0.01")):
            self.salah(kolom, f"{kolom} paling banyak dua angka di belakang koma.")
            return None
        return angka.quantize(Decimal("0.01"))


def ke_baris(catatan: list[dict[str, Any]]) -> bytes:
    """Records as a JSON Lines file (the fake's feed, tests, the demo)."""
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in catatan).encode()
