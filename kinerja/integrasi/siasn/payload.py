"""Our final Evaluasi as SIASN payloads (skp22/save and kinerjaperiodik/save), and the
comparison the read-back uses. Pure functions over plain values: unit-tested without a
database. `path` (the uploaded document) and `id` (a correction) are added when sending."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kinerja.integrasi.siasn import kode
from kinerja.pelaksanaan.models import JenisPeriode

TAHUNAN, PERIODIK = "tahunan", "periodik"
SAVE = {TAHUNAN: "/skp22/save", PERIODIK: "/kinerjaperiodik/save"}
RIWAYAT = {TAHUNAN: "/pns/rw-skp22/{nip}", PERIODIK: "/pns/rw-kinerjaperiodik/{nip}"}
# Fields that identify a record on read-back: same period and same values.
KUNCI = {
    TAHUNAN: ("tahun", "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai"),
    PERIODIK: (
        "tahun",
        "periodikId",
        "bulanMulaiPenilaian",
        "tahunMulaiPenilaian",
        "bulanSelesaiPenilaian",
        "tahunSelesaiPenilaian",
        "hasilKinerjaNilai",
        "perilakuKerjaNilai",
        "kuadranKinerjaNilai",
    ),
}


@dataclass(frozen=True)
class Hasil:
    """What the payload is built from: an evaluation's final result and its snapshot."""

    jenis_periode: str
    tahun: int
    mulai: dt.date
    selesai: dt.date
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    penilai: dict[str, Any]  # snapshot["penilai"]: nama, nip, pangkat_golongan, jabatan, unit
    jenjang: str | None = None  # the pegawai's JF jenjang, if fungsional
    pns_id: str = ""


def jenis_kiriman(jenis_periode: str) -> str:
    return TAHUNAN if jenis_periode == JenisPeriode.TAHUNAN else PERIODIK


def bisa_dikirim(jenis_periode: str) -> bool:
    """Annual results and monthly or quarterly ones (SIASN knows no semester)."""
    return jenis_periode == JenisPeriode.TAHUNAN or jenis_periode in kode.PERIODIK


def _penilai(penilai: dict[str, Any]) -> dict[str, Any]:
    nip = str(penilai.get("nip") or "")
    return {
        "penilaiNipNrp": nip,
        "penilaiNama": str(penilai.get("nama") or "Pejabat Pembina Kepegawaian"),
        "penilaiGolongan": kode.golongan(str(penilai.get("pangkat_golongan") or "")),
        "penilaiJabatan": str(penilai.get("jabatan") or ""),
        "penilaiUnorNama": str(penilai.get("unit") or ""),
        "statusPenilai": kode.status_penilai(nip),
    }


def skp22(h: Hasil) -> dict[str, Any]:
    """POST /skp22/save: the annual result."""
    return {
        "tahun": h.tahun,
        "hasilKinerjaNilai": kode.rating(h.rating_hasil_kerja),
        "perilakuKerjaNilai": kode.rating(h.rating_perilaku),
        "kuadranKinerjaNilai": kode.kuadran(h.predikat),
        "pnsDinilaiOrang": h.pns_id,
        **_penilai(h.penilai),
    }


def kinerja_periodik(h: Hasil) -> dict[str, Any]:
    """POST /kinerjaperiodik/save: a monthly or quarterly result."""
    penilai = _penilai(h.penilai)
    penilai["penilaiJabatanNama"] = penilai.pop("penilaiJabatan")
    return {
        "bulanMulaiPenilaian": h.mulai.month,
        "tahunMulaiPenilaian": h.mulai.year,
        "bulanSelesaiPenilaian": h.selesai.month,
        "tahunSelesaiPenilaian": h.selesai.year,
        "tahun": h.tahun,
        "periodikId": kode.periodik(h.jenis_periode),
        "hasilKinerjaNilai": kode.rating(h.rating_hasil_kerja),
        "perilakuKerjaNilai": kode.rating(h.rating_perilaku),
        "kuadranKinerjaNilai": kode.kuadran(h.predikat),
        "koefisienId": kode.koefisien_id(h.jenjang),
        "pnsDinilaiId": h.pns_id,
        **penilai,
    }


def buat(h: Hasil) -> tuple[str, dict[str, Any]]:
    """(jenis kiriman, payload); KodeTidakDikenal when something has no SIASN code."""
    jenis = jenis_kiriman(h.jenis_periode)
    return jenis, (skp22(h) if jenis == TAHUNAN else kinerja_periodik(h))


def dengan_pns_id(jenis: str, data: dict[str, Any], pns_id: str) -> dict[str, Any]:
    key = "pnsDinilaiOrang" if jenis == TAHUNAN else "pnsDinilaiId"
    return {**data, key: pns_id}


def pns_id_dari(jenis: str, data: dict[str, Any]) -> str:
    return str(data.get("pnsDinilaiOrang" if jenis == TAHUNAN else "pnsDinilaiId") or "")


def sama(jenis: str, data: dict[str, Any], rekaman: dict[str, Any]) -> bool:
    """Does a record read back from SIASN hold this payload (same period and values)?"""
    try:
        return all(int(rekaman.get(k) or 0) == int(data.get(k) or 0) for k in KUNCI[jenis])
    except (TypeError, ValueError):
        return False


# Columns of the file export (SE BKN 11/2023 §5.e: the same fields as the web service).
KOLOM_EKSPOR: tuple[str, ...] = (
    "tahun",
    "periodikId",
    "bulanMulaiPenilaian",
    "tahunMulaiPenilaian",
    "bulanSelesaiPenilaian",
    "tahunSelesaiPenilaian",
    "hasilKinerjaNilai",
    "perilakuKerjaNilai",
    "kuadranKinerjaNilai",
    "koefisienId",
    "pnsDinilaiOrang",
    "pnsDinilaiId",
    "penilaiNipNrp",
    "penilaiNama",
    "penilaiGolongan",
    "penilaiJabatan",
    "penilaiJabatanNama",
    "penilaiUnorNama",
    "statusPenilai",
)
