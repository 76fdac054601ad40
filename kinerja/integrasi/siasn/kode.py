"""SIASN's code tables (integrations.md §1), the only place they live. Pure, no database.

The shapes come from public community clients (ws-siasn-php, laravel-siasn-simpeg); there is
no official public document. `KOEFISIEN_ID` in particular must be checked against SIASN's
koefisien reference in the sandbox before the first real push."""

from decimal import Decimal

from kinerja.pelaksanaan.models import JenisPeriode
from kinerja.penilaian.aturan import Predikat, Rating

# perilakuDanKinerja: hasilKinerjaNilai and perilakuKerjaNilai.
RATING: dict[str, int] = {
    Rating.DI_ATAS: 1,
    Rating.SESUAI: 2,
    Rating.DI_BAWAH: 3,
}

# kuadranNilai: kuadranKinerjaNilai.
KUADRAN: dict[str, int] = {
    Predikat.SANGAT_BAIK: 1,
    Predikat.BAIK: 2,
    Predikat.BUTUH_PERBAIKAN: 3,
    Predikat.KURANG: 4,
    Predikat.SANGAT_KURANG: 5,
}

# Koefisien angka kredit per JF jenjang (PermenPANRB 1/2023) and SIASN's koefisienId.
KOEFISIEN: dict[str, Decimal] = {
    "Pemula": Decimal("3.75"),
    "Terampil": Decimal("5"),
    "Mahir": Decimal("12.5"),
    "Penyelia": Decimal("25"),
    "Ahli Pertama": Decimal("12.5"),
    "Ahli Muda": Decimal("25"),
    "Ahli Madya": Decimal("37.5"),
    "Ahli Utama": Decimal("50"),
}
KOEFISIEN_ID: dict[str, str] = {
    "Pemula": "1",
    "Terampil": "2",
    "Mahir": "3",
    "Penyelia": "4",
    "Ahli Pertama": "5",
    "Ahli Muda": "6",
    "Ahli Madya": "7",
    "Ahli Utama": "8",
}

# periodikId of kinerjaperiodik/save.
PERIODIK: dict[str, int] = {JenisPeriode.BULANAN: 1, JenisPeriode.TRIWULANAN: 2}

STATUS_ASN, STATUS_NON_ASN = "ASN", "NON ASN"

# upload-dok-rw document types.
DOK_EVALUASI = "890"
DOK_REALISASI = "891"


class KodeTidakDikenal(ValueError):
    """A value with no SIASN code; the message is for the admin (Bahasa Indonesia)."""


def rating(label: str) -> int:
    try:
        return RATING[label]
    except KeyError:
        raise KodeTidakDikenal(f"Rating {label!r} tidak memiliki kode SIASN.") from None


def kuadran(predikat: str) -> int:
    try:
        return KUADRAN[predikat]
    except KeyError:
        raise KodeTidakDikenal(f"Predikat {predikat!r} tidak memiliki kode SIASN.") from None


def periodik(jenis_periode: str) -> int:
    try:
        return PERIODIK[jenis_periode]
    except KeyError:
        raise KodeTidakDikenal(
            f"Periode {jenis_periode} tidak dapat dikirim ke SIASN (hanya bulanan atau triwulanan)."
        ) from None


def koefisien_id(jenjang: str | None) -> str:
    """SIASN's koefisienId of a JF jenjang; "" for a position that is not fungsional."""
    if not jenjang:
        return ""
    try:
        return KOEFISIEN_ID[jenjang]
    except KeyError:
        raise KodeTidakDikenal(f"Jenjang {jenjang!r} tidak memiliki koefisien SIASN.") from None


def golongan(pangkat_golongan: str) -> str:
    """The golongan code of a snapshot's "Penata Muda, III/a" ("III/a"; PPPK "IX")."""
    return pangkat_golongan.rsplit(",", 1)[-1].strip()


def status_penilai(nip: str) -> str:
    """ASN when the penilai has an 18-digit NIP, else NON ASN (a kepala daerah)."""
    return STATUS_ASN if len(nip) == 18 and nip.isdigit() else STATUS_NON_ASN
