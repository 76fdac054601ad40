"""The pure rules of angka kredit (domain.md §6): the examples of the spec, every predikat and
jenjang, rounding, months, no double counting, progress and the Indonesian notation."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kinerja.org.models import JenjangFungsional
from kinerja.penilaian.aturan import Predikat
from kinerja.tindaklanjut.angkakredit import aturan
from kinerja.tindaklanjut.angkakredit.aturan import Cakupan, angka_kredit, bulan_tercakup

D = Decimal

# domain.md §6: kategori, jenjang, koefisien/tahun, AK kenaikan pangkat, AK kenaikan jenjang
TABEL = [
    ("Keterampilan", "Pemula", "3.75", "15", "15"),
    ("Keterampilan", "Terampil", "5", "20", "60"),
    ("Keterampilan", "Mahir", "12.5", "50", "100"),
    ("Keterampilan", "Penyelia", "25", "100", None),
    ("Keahlian", "Ahli Pertama", "12.5", "50", "100"),
    ("Keahlian", "Ahli Muda", "25", "100", "200"),
    ("Keahlian", "Ahli Madya", "37.5", "150", "450"),
    ("Keahlian", "Ahli Utama", "50", "200", None),
]


@pytest.mark.django_db
def test_reference_data_matches_domain_table():
    got = {
        j.nama: (j.kategori, j.koefisien, j.ak_kenaikan_pangkat, j.ak_kenaikan_jenjang)
        for j in JenjangFungsional.objects.all()
    }
    expected = {nama: (kat, D(k), D(p), D(j) if j else None) for kat, nama, k, p, j in TABEL}
    assert got == expected
    assert aturan.angka_kredit(D("3.75"), 12, Predikat.BUTUH_PERBAIKAN) == D("2.813")


def test_domain_examples():
    # "an Ahli Muda rated Baik for a month earns 25 × 1/12 × 100% = 2,083 AK"
    assert angka_kredit(D("25"), 1, Predikat.BAIK) == D("2.083")
    assert aturan.format_ak(angka_kredit(D("25"), 1, Predikat.BAIK)) == "2,083"
    # "rated Sangat Baik for a year, 37,5 AK" (an Ahli Muda: 25 × 150%)
    assert angka_kredit(D("25"), 12, Predikat.SANGAT_BAIK) == D("37.500")
    assert aturan.format_ak(D("37.5")) == "37,500"


@pytest.mark.parametrize(
    ("predikat", "persen"),
    [
        (Predikat.SANGAT_BAIK, "150"),
        (Predikat.BAIK, "100"),
        (Predikat.BUTUH_PERBAIKAN, "75"),
        (Predikat.KURANG, "50"),
        (Predikat.SANGAT_KURANG, "25"),
    ],
)
@pytest.mark.parametrize(("kategori", "jenjang", "koef", "pangkat", "naik"), TABEL)
def test_every_predikat_and_jenjang_for_a_year(
    predikat, persen, kategori, jenjang, koef, pangkat, naik
):
    assert aturan.persentase(predikat) == D(persen)
    # A year earns koefisien × percentage, rounded half up (3,75 × 75% = 2,8125 -> 2,813).
    expected = (D(koef) * D(persen) / 100).quantize(D("0.001"), rounding=ROUND_HALF_UP)
    assert angka_kredit(D(koef), 12, predikat) == expected
    # Twelve monthly rows differ from the year by at most 12 half-thousandths (rounded per row).
    assert abs(angka_kredit(D(koef), 1, predikat) * 12 - expected) <= D("0.006")


def test_every_value_has_three_decimals():
    for _, _, koef, _, _ in TABEL:
        for predikat in Predikat.values:
            for bulan in range(13):
                value = angka_kredit(D(koef), bulan, predikat)
                assert value.as_tuple().exponent == -3


def test_rounding_is_half_up_once_per_row():
    # Pemula, Baik, one month: 3,75 / 12 = 0,3125 exactly -> 0,313 (half-even would give 0,312)
    assert angka_kredit(D("3.75"), 1, Predikat.BAIK) == D("0.313")
    # Ahli Pertama, Sangat Kurang, one month: 0,2604166... -> 0,260
    assert angka_kredit(D("12.5"), 1, Predikat.SANGAT_KURANG) == D("0.260")
    # Ahli Madya, Butuh Perbaikan, 5 months: 11,71875 -> 11,719
    assert angka_kredit(D("37.5"), 5, Predikat.BUTUH_PERBAIKAN) == D("11.719")
    # Rounded once: 3 months is not 3 × the rounded month (6,250 vs 6,249)
    assert angka_kredit(D("25"), 3, Predikat.BAIK) == D("6.250")


def test_unknown_predikat_and_negative_months_are_refused():
    with pytest.raises(ValueError, match="Predikat tidak dikenal"):
        angka_kredit(D("25"), 1, "")
    with pytest.raises(ValueError):
        angka_kredit(D("25"), -1, Predikat.BAIK)


def m(tahun: int, bulan: int) -> int:
    return aturan.nomor_bulan(dt.date(tahun, bulan, 1))


def test_months_of_periods_and_mid_month_edges():
    assert bulan_tercakup(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == set(
        range(m(2026, 1), m(2026, 12) + 1)
    )
    assert bulan_tercakup(dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == {
        m(2026, 4),
        m(2026, 5),
        m(2026, 6),
    }
    assert bulan_tercakup(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == {m(2026, 2)}
    # The 15th decides: a mutasi on 15 June gives June to the new SKP, never to both.
    lama = bulan_tercakup(dt.date(2026, 1, 1), dt.date(2026, 6, 14))
    baru = bulan_tercakup(dt.date(2026, 6, 15), dt.date(2026, 12, 31))
    assert len(lama) == 5 and len(baru) == 7 and not lama & baru
    assert lama | baru == bulan_tercakup(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # An SKP starting a few days late still owns January; a period of a few days owns nothing.
    assert m(2026, 1) in bulan_tercakup(dt.date(2026, 1, 6), dt.date(2026, 3, 31))
    assert bulan_tercakup(dt.date(2026, 3, 20), dt.date(2026, 3, 31)) == set()
    assert bulan_tercakup(dt.date(2026, 3, 31), dt.date(2026, 3, 1)) == set()
    # Across a year end
    assert bulan_tercakup(dt.date(2025, 12, 1), dt.date(2026, 1, 31)) == {m(2025, 12), m(2026, 1)}
    assert aturan.awal_bulan(m(2026, 12)) == dt.date(2026, 12, 1)


def triwulan(nomor: int) -> frozenset[int]:
    return frozenset(range(m(2026, 3 * nomor - 2), m(2026, 3 * nomor) + 1))


def test_annual_replaces_the_periodic_months_it_covers():
    tahun = frozenset(range(m(2026, 1), m(2026, 12) + 1))
    rows = [Cakupan(i, False, triwulan(i)) for i in (1, 2, 3, 4)]
    # Before the annual result is final, the triwulan count.
    assert {k: len(v) for k, v in aturan.bulan_dihitung(rows).items()} == dict.fromkeys(
        (1, 2, 3, 4), 3
    )
    got = aturan.bulan_dihitung([*rows, Cakupan(9, True, tahun)])
    assert {k: len(v) for k, v in got.items()} == {1: 0, 2: 0, 3: 0, 4: 0, 9: 12}
    # Every month is counted once in any case.
    assert sum(len(v) for v in got.values()) == 12


def test_mutasi_annual_of_one_skp_leaves_the_other_skp_periodic_rows():
    # SKP 1 Jan-Jun with its annual final; SKP 2 Jul-Dec, annual not final yet.
    rows = [
        Cakupan(1, False, triwulan(1)),
        Cakupan(2, False, triwulan(2)),
        Cakupan(3, False, triwulan(3)),
        Cakupan(5, True, triwulan(1) | triwulan(2)),
    ]
    got = {k: len(v) for k, v in aturan.bulan_dihitung(rows).items()}
    assert got == {1: 0, 2: 0, 3: 3, 5: 6}


def test_months_before_the_saldo_start_count_nothing():
    rows = [Cakupan(i, False, triwulan(i)) for i in (1, 2)]
    got = aturan.bulan_dihitung(rows, dt.date(2026, 2, 10))  # February's 15th is after it
    assert {k: len(v) for k, v in got.items()} == {1: 2, 2: 3}
    got = aturan.bulan_dihitung(rows, dt.date(2026, 2, 16))
    assert {k: len(v) for k, v in got.items()} == {1: 1, 2: 3}


def test_progress_toward_pangkat_and_jenjang():
    pangkat, jenjang = aturan.kemajuan(D("75"), D("100"), D("200"))
    assert (pangkat.persen, pangkat.kurang, pangkat.tercapai) == (75, D("25.000"), False)
    assert (jenjang.persen, jenjang.kurang) == (37, D("125.000"))
    pangkat, jenjang = aturan.kemajuan(D("250.5"), D("200"), None)  # Ahli Utama
    assert (pangkat.persen, pangkat.tercapai, pangkat.kurang) == (100, True, D("0.000"))
    assert (jenjang.ada, jenjang.persen) == (False, 0)


def test_indonesian_notation():
    assert aturan.format_ak(D("1234.5")) == "1.234,500"
    assert aturan.format_ak(D("0")) == "0,000"
    assert aturan.format_ak(None) == "—"
    assert aturan.format_koefisien(D("3.75")) == "3,75"
    assert aturan.format_koefisien(D("12.50")) == "12,5"
    assert aturan.format_koefisien(D("25.00")) == "25"
    assert aturan.format_koefisien(None) == "—"
    assert aturan.parse_ak("12,5") == D("12.5")
    assert aturan.parse_ak("1.234,5") == D("1234.5")
    assert aturan.parse_ak(" 12.5 ") == D("12.5")
