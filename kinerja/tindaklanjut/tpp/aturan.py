"""The TPP rule as pure functions (domain.md §6): no database, exhaustively tested.

TPP of a pegawai for a month = besaran of their kelas jabatan split into two weighted
components (default 60% kinerja + 40% disiplin):

    komponen kinerja  = besaran × bobot kinerja  × persentase kinerja
    komponen disiplin = besaran × bobot disiplin × persentase disiplin

Persentase kinerja by the version's basis:
- predikat: the table's percentage of the final (post-keberatan) predikat of the month;
- menit:    100% × min(1, menit efektif / menit wajib);
- keduanya: the predikat percentage × min(1, menit efektif / menit wajib) (factor 1 when no
  menit wajib is set).

What is not known yet is PENDING, never zero: a result not final (or not rated) leaves the
kinerja component empty, missing attendance leaves the disiplin component empty, and the
jumlah is only given when both are known. A payroll import cannot mistake an empty cell for a
decision to pay nothing; the keterangan says what is missing. Amounts are whole rupiah,
rounded half up per component.

Default percentages per predikat: the issue's table (Sangat Baik 100, Baik 100, Butuh
Perbaikan 75, Kurang/Misconduct 50, Sangat Kurang 25). The seeds (../shared/seeds) only say
that the monthly SKP is the basis of TPP (Kab. Kapuas SE 800/012/2025 item 10, e-Kinerja
Semarang "Dasar Pemberian TPP", SE BKN 11/2023 on the two delivery ways); none gives a
percentage table, so every value is configurable per instansi.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja.penilaian.aturan import Predikat

BOBOT_KINERJA_BAWAAN = 60
BOBOT_DISIPLIN_BAWAAN = 40
PERSEN_PREDIKAT_BAWAAN: dict[str, int] = {
    Predikat.SANGAT_BAIK: 100,
    Predikat.BAIK: 100,
    Predikat.BUTUH_PERBAIKAN: 75,
    Predikat.KURANG: 50,
    Predikat.SANGAT_KURANG: 25,
}
KELAS_JABATAN = range(1, 18)  # kelas 1..17

SERATUS = Decimal(100)
SEN = Decimal("0.01")
RUPIAH = Decimal(1)


@dataclass(frozen=True, slots=True)
class Aturan:
    """One version's rule, in the shape the computation needs."""

    bobot_kinerja: int
    bobot_disiplin: int
    persen_predikat: Mapping[str, Decimal]
    dasar: str  # DasarKinerja value
    menit_wajib: int | None
    besaran: Mapping[int, int]  # kelas -> rupiah


@dataclass(frozen=True, slots=True)
class Masukan:
    kelas_jabatan: int | None
    predikat: str  # "" when none
    final: bool
    menit_efektif: int
    persen_disiplin: Decimal | None


@dataclass(frozen=True, slots=True)
class Hitungan:
    besaran: int | None
    persen_kinerja: Decimal | None
    persen_disiplin: Decimal | None
    komponen_kinerja: int | None
    komponen_disiplin: int | None
    jumlah: int | None
    keterangan: tuple[str, ...]


def teks_persen(nilai: object) -> str:
    """A percentage as plain text without trailing zeros: 100, 97.5."""
    return format(Decimal(str(nilai)).normalize(), "f")


def rupiah(nilai: Decimal) -> int:
    return int(nilai.quantize(RUPIAH, rounding=ROUND_HALF_UP))


def faktor_menit(menit: int, wajib: int | None) -> Decimal:
    """min(1, menit / wajib); 1 when no requirement is set."""
    if not wajib:
        return Decimal(1)
    return min(Decimal(1), Decimal(menit) / Decimal(wajib))


def persen_kinerja(aturan: Aturan, m: Masukan) -> tuple[Decimal | None, str]:
    """(percentage, why it is pending) — the percentage is None when pending."""
    menit = faktor_menit(m.menit_efektif, aturan.menit_wajib)
    if aturan.dasar == "menit":
        return (SERATUS * menit).quantize(SEN, rounding=ROUND_HALF_UP), ""
    if not m.predikat:
        return None, "Belum dinilai: komponen kinerja menunggu predikat"
    if not m.final:
        return None, "Belum final: komponen kinerja menunggu predikat final"
    persen = aturan.persen_predikat.get(m.predikat)
    if persen is None:
        return None, f"Persentase predikat {m.predikat} belum diatur"
    if aturan.dasar == "keduanya":
        persen = persen * menit
    return persen.quantize(SEN, rounding=ROUND_HALF_UP), ""


def hitung(aturan: Aturan | None, m: Masukan) -> Hitungan:
    """The TPP of one pegawai for one month (see the module docstring)."""
    keterangan: list[str] = []
    if aturan is None:
        return Hitungan(
            None, None, m.persen_disiplin, None, None, None, ("Konfigurasi TPP belum ada",)
        )
    p_kinerja, tunda = persen_kinerja(aturan, m)
    if tunda:
        keterangan.append(tunda)
    if m.persen_disiplin is None:
        keterangan.append("Data disiplin belum diimpor")
    besaran: int | None = None
    if m.kelas_jabatan is None:
        keterangan.append("Jabatan belum memiliki kelas jabatan")
    else:
        besaran = aturan.besaran.get(m.kelas_jabatan)
        if besaran is None:
            keterangan.append(f"Kelas jabatan {m.kelas_jabatan} belum memiliki besaran TPP")
    k_kinerja = k_disiplin = jumlah = None
    if besaran is not None:
        dasar = Decimal(besaran) / (SERATUS * SERATUS)
        if p_kinerja is not None:
            k_kinerja = rupiah(dasar * aturan.bobot_kinerja * p_kinerja)
        if m.persen_disiplin is not None:
            k_disiplin = rupiah(dasar * aturan.bobot_disiplin * m.persen_disiplin)
        if k_kinerja is not None and k_disiplin is not None:
            jumlah = k_kinerja + k_disiplin
    return Hitungan(
        besaran, p_kinerja, m.persen_disiplin, k_kinerja, k_disiplin, jumlah, tuple(keterangan)
    )


# --- Validation of a version (messages for the form and the service) -----------------------


def periksa(
    bobot_kinerja: int,
    bobot_disiplin: int,
    persen_predikat: Mapping[str, object],
    dasar: str,
    menit_wajib: int | None,
    besaran: Mapping[int, object],
) -> list[str]:
    """Every reason the version is invalid, in Bahasa Indonesia ([] when valid)."""
    errors = []
    for label, bobot in (("kinerja", bobot_kinerja), ("disiplin", bobot_disiplin)):
        if not 0 <= bobot <= 100:
            errors.append(f"Bobot {label} harus antara 0 dan 100 persen.")
    if bobot_kinerja + bobot_disiplin != 100:
        errors.append(
            f"Jumlah bobot kinerja dan disiplin harus 100%; yang diisi "
            f"{bobot_kinerja} + {bobot_disiplin} = {bobot_kinerja + bobot_disiplin}%."
        )
    for predikat in Predikat.values:
        persen = persen_predikat.get(predikat)
        if persen is None:
            errors.append(f"Persentase predikat {predikat} wajib diisi.")
            continue
        try:
            nilai = Decimal(str(persen))
        except ArithmeticError:
            nilai = Decimal(-1)
        if not nilai.is_finite() or not 0 <= nilai <= 100:
            errors.append(f"Persentase predikat {predikat} harus antara 0 dan 100.")
    if set(persen_predikat) - set(Predikat.values):
        errors.append("Persentase hanya untuk predikat kinerja pegawai yang resmi.")
    if dasar not in ("predikat", "menit", "keduanya"):
        errors.append("Dasar komponen kinerja tidak dikenal.")
    if menit_wajib is not None and menit_wajib <= 0:
        errors.append("Menit efektif wajib per bulan harus lebih dari 0.")
    if dasar == "menit" and not menit_wajib:
        errors.append("Dasar menit efektif memerlukan menit efektif wajib per bulan.")
    for kelas, jumlah in besaran.items():
        if kelas not in KELAS_JABATAN:
            errors.append(f"Kelas jabatan {kelas} di luar rentang 1 sampai 17.")
        if not isinstance(jumlah, int) or isinstance(jumlah, bool):
            errors.append(f"Besaran TPP kelas {kelas} harus bilangan bulat rupiah.")
        elif jumlah < 0:
            errors.append(f"Besaran TPP kelas {kelas} tidak boleh negatif.")
    return errors
