"""The TPP rule as pure functions (aturan.py): components, bases, pending, rounding, checks."""

from decimal import Decimal

import pytest

from kinerja.tindaklanjut.tpp import aturan
from kinerja.tindaklanjut.tpp.aturan import Aturan, Masukan, hitung

TABEL = {k: Decimal(v) for k, v in aturan.PERSEN_PREDIKAT_BAWAAN.items()}


def rule(**over) -> Aturan:
    data = {
        "bobot_kinerja": 60,
        "bobot_disiplin": 40,
        "persen_predikat": TABEL,
        "dasar": "predikat",
        "menit_wajib": None,
        "besaran": {7: 3_000_000, 12: 7_350_000},
    }
    data.update(over)
    return Aturan(**data)


def masuk(predikat="Baik", final=True, menit=0, disiplin="100", kelas=7) -> Masukan:
    return Masukan(kelas, predikat, final, menit, Decimal(disiplin) if disiplin else None)


@pytest.mark.parametrize(
    ("predikat", "kinerja"),
    [
        ("Sangat Baik", 1_800_000),
        ("Baik", 1_800_000),
        ("Butuh Perbaikan", 1_350_000),
        ("Kurang/Misconduct", 900_000),
        ("Sangat Kurang", 450_000),
    ],
)
def test_default_table_60_40(predikat, kinerja):
    h = hitung(rule(), masuk(predikat, disiplin="90"))
    assert (h.komponen_kinerja, h.komponen_disiplin) == (kinerja, 1_080_000)
    assert h.jumlah == kinerja + 1_080_000
    assert h.keterangan == ()


def test_other_weights_and_table():
    table = {**TABEL, "Sangat Baik": Decimal(120), "Baik": Decimal("87.5")}
    r = rule(bobot_kinerja=70, bobot_disiplin=30, persen_predikat=table)
    assert hitung(r, masuk("Baik", disiplin="100")).komponen_kinerja == 1_837_500
    assert hitung(r, masuk("Sangat Baik")).komponen_kinerja == 2_520_000
    assert hitung(r, masuk("Baik", disiplin="100")).komponen_disiplin == 900_000


def test_minutes_basis_caps_at_100_percent():
    r = rule(dasar="menit", menit_wajib=6000)
    assert hitung(r, masuk(menit=4500)).persen_kinerja == Decimal("75.00")
    assert hitung(r, masuk(menit=9000)).persen_kinerja == Decimal("100.00")
    # The predikat does not matter, not even a missing one.
    h = hitung(r, masuk(predikat="", final=False, menit=3000))
    assert (h.persen_kinerja, h.komponen_kinerja) == (Decimal("50.00"), 900_000)


def test_both_bases_multiply():
    r = rule(dasar="keduanya", menit_wajib=6000)
    h = hitung(r, masuk("Butuh Perbaikan", menit=3000))
    assert h.persen_kinerja == Decimal("37.50")
    assert h.komponen_kinerja == 675_000
    # Without a minutes requirement the factor is 1.
    assert hitung(rule(dasar="keduanya"), masuk("Butuh Perbaikan")).persen_kinerja == 75


def test_rounding_half_up_to_whole_rupiah():
    r = rule(besaran={7: 1_234_567})
    h = hitung(r, masuk("Butuh Perbaikan", disiplin="97.35"))
    # 1,234,567 × 0.6 × 0.75 = 555,555.15 ; × 0.4 × 0.9735 = 480,740.39...
    assert (h.komponen_kinerja, h.komponen_disiplin) == (555_555, 480_740)
    assert aturan.rupiah(Decimal("0.5")) == 1


def test_pending_is_empty_never_zero():
    h = hitung(rule(), masuk("Baik", final=False))
    assert (h.persen_kinerja, h.komponen_kinerja, h.jumlah) == (None, None, None)
    assert h.komponen_disiplin == 1_200_000
    assert h.keterangan == ("Belum final: komponen kinerja menunggu predikat final",)
    h = hitung(rule(), masuk("", final=False, disiplin=None))
    assert (h.komponen_kinerja, h.komponen_disiplin, h.jumlah) == (None, None, None)
    assert h.keterangan == (
        "Belum dinilai: komponen kinerja menunggu predikat",
        "Data disiplin belum diimpor",
    )


def test_kelas_without_amount_and_without_kelas():
    h = hitung(rule(), masuk(kelas=9))
    assert (h.besaran, h.komponen_kinerja, h.jumlah) == (None, None, None)
    assert h.keterangan == ("Kelas jabatan 9 belum memiliki besaran TPP",)
    assert hitung(rule(), masuk(kelas=None)).keterangan == ("Jabatan belum memiliki kelas jabatan",)
    assert hitung(None, masuk()).keterangan == ("Konfigurasi TPP belum ada",)


def test_zero_amount_is_an_amount():
    h = hitung(rule(besaran={7: 0}), masuk())
    assert (h.besaran, h.jumlah, h.keterangan) == (0, 0, ())


def test_periksa_messages():
    ok = dict(TABEL)
    assert aturan.periksa(60, 40, ok, "predikat", None, {1: 10, 17: 0}) == []
    errors = aturan.periksa(60, 50, {**ok, "Baik": 101}, "menit", None, {18: 5, 3: -1})
    assert errors == [
        "Jumlah bobot kinerja dan disiplin harus 100%; yang diisi 60 + 50 = 110%.",
        "Persentase predikat Baik harus antara 0 dan 100.",
        "Dasar menit efektif memerlukan menit efektif wajib per bulan.",
        "Kelas jabatan 18 di luar rentang 1 sampai 17.",
        "Besaran TPP kelas 3 tidak boleh negatif.",
    ]
    missing = {k: v for k, v in ok.items() if k != "Sangat Kurang"}
    assert aturan.periksa(60, 40, missing, "predikat", 0, {}) == [
        "Persentase predikat Sangat Kurang wajib diisi.",
        "Menit efektif wajib per bulan harus lebih dari 0.",
    ]
