"""The stage-3 rules as pure functions (domain.md §5), checked against the spec's own tables:
the predikat matrix cell by cell, the JPT mapping, the kurva distribusi at its exact edges, the
stored-rules JSON, and the keberatan window in WIB/WITA/WIT. Properties use exact arithmetic
(fractions.Fraction) so they never share the code's integer shortcuts."""

import datetime as dt
import itertools
import json
import math
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.penilaian import aturan as a
from kinerja.penilaian.aturan import AturanKurva, KonfigurasiKurva, ModeKurva

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
ZONES = [WIB, WITA, WIT]
UTC = dt.UTC

# The official labels, typed out (never taken from the module under test).
DI_ATAS, SESUAI, DI_BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
SB, B, BP, K, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"
RATINGS = [DI_BAWAH, SESUAI, DI_ATAS]  # worst to best
PREDIKAT = [SB, B, BP, K, SK]
PREDIKAT_ORGANISASI = ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]
ORG_ISTIMEWA, ORG_BAIK, ORG_BP, ORG_KURANG, ORG_SK = PREDIKAT_ORGANISASI


def test_official_labels_are_exact():
    assert a.Rating.values == [DI_ATAS, SESUAI, DI_BAWAH]
    assert a.Predikat.values == PREDIKAT
    assert a.PredikatOrganisasi.values == PREDIKAT_ORGANISASI
    assert a.ModeKurva.values == ["peringatan", "wajib"]


# --- The predikat matrix -----------------------------------------------------------------------

# domain.md §5, row = Rating Hasil Kerja, column = Rating Perilaku Kerja, copied literally.
SPEC_MATRIKS = [
    (DI_ATAS, DI_BAWAH, K),
    (DI_ATAS, SESUAI, B),
    (DI_ATAS, DI_ATAS, SB),
    (SESUAI, DI_BAWAH, K),
    (SESUAI, SESUAI, B),
    (SESUAI, DI_ATAS, B),
    (DI_BAWAH, DI_BAWAH, SK),
    (DI_BAWAH, SESUAI, BP),
    (DI_BAWAH, DI_ATAS, BP),
]


@pytest.mark.parametrize(("hasil", "perilaku", "predikat"), SPEC_MATRIKS)
def test_matrix_cell(hasil, perilaku, predikat):
    assert a.predikat_pegawai(hasil, perilaku) == predikat


def test_matrix_has_exactly_the_nine_cells():
    assert {(h, p): v for h, p, v in SPEC_MATRIKS} == dict(a.MATRIKS)


@pytest.mark.parametrize(
    ("hasil", "perilaku"),
    [
        ("", SESUAI),
        (SESUAI, ""),
        ("di atas ekspektasi", SESUAI),  # labels are exact, case included
        (SESUAI, "Di Atas Ekspektasi "),
        ("Baik", SESUAI),  # a predikat is not a rating
        (SESUAI, "Sangat Baik"),
        (None, SESUAI),
        ("Di Atas", "Di Atas"),
    ],
)
def test_matrix_unknown_rating_raises(hasil, perilaku):
    with pytest.raises(ValueError, match="Rating tidak dikenal"):
        a.predikat_pegawai(hasil, perilaku)


# "Never worse" among predikat: the matrix is monotone for this partial order only. K and BP
# are incomparable (they come from incomparable rating pairs), so no total order is assumed.
LEBIH_BURUK = {(SK, K), (SK, BP), (K, B), (BP, B), (B, SB), (SK, B), (K, SB), (BP, SB), (SK, SB)}


def tidak_lebih_buruk(lo: str, hi: str) -> bool:
    return lo == hi or (lo, hi) in LEBIH_BURUK


PASANGAN = list(itertools.product(RATINGS, RATINGS))


@pytest.mark.parametrize(("x", "y"), list(itertools.product(PASANGAN, PASANGAN)))
def test_matrix_is_monotone(x, y):
    """A rating at least as good on both axes never gives a worse or incomparable predikat."""
    if RATINGS.index(x[0]) <= RATINGS.index(y[0]) and RATINGS.index(x[1]) <= RATINGS.index(y[1]):
        assert tidak_lebih_buruk(a.predikat_pegawai(*x), a.predikat_pegawai(*y))
    else:  # not comparable or reversed: still a valid predikat
        assert a.predikat_pegawai(*x) in PREDIKAT


@pytest.mark.parametrize("hasil", RATINGS)
def test_perilaku_di_bawah_gives_kurang_or_sangat_kurang(hasil):
    assert a.predikat_pegawai(hasil, DI_BAWAH) in {K, SK}


@pytest.mark.parametrize("perilaku", RATINGS)
def test_hasil_di_bawah_never_gives_baik_or_sangat_baik(perilaku):
    assert a.predikat_pegawai(DI_BAWAH, perilaku) in {BP, SK}


@pytest.mark.parametrize(("hasil", "perilaku"), PASANGAN)
def test_sangat_baik_only_from_di_atas_twice(hasil, perilaku):
    assert (a.predikat_pegawai(hasil, perilaku) == SB) == (hasil == perilaku == DI_ATAS)


@pytest.mark.parametrize(("hasil", "perilaku"), PASANGAN)
def test_sangat_kurang_only_from_di_bawah_twice(hasil, perilaku):
    assert (a.predikat_pegawai(hasil, perilaku) == SK) == (hasil == perilaku == DI_BAWAH)


def test_matrix_accepts_enum_members_and_returns_plain_labels():
    got = a.predikat_pegawai(a.Rating.DI_ATAS, a.Rating.SESUAI)
    assert got == B
    assert str(got) == B


# --- JPT: rating hasil kerja from the unit's predikat organisasi --------------------------------


@pytest.mark.parametrize(
    ("organisasi", "rating"),
    [
        (ORG_ISTIMEWA, DI_ATAS),
        (ORG_BAIK, SESUAI),
        (ORG_BP, DI_BAWAH),
        (ORG_KURANG, DI_BAWAH),
        (ORG_SK, DI_BAWAH),
    ],
)
@pytest.mark.parametrize("pemetaan", [None, {}])
def test_jpt_default_mapping(organisasi, rating, pemetaan):
    assert a.rating_hasil_kerja_jpt(organisasi, pemetaan) == rating


def test_jpt_custom_mapping_overrides_every_key():
    pemetaan = {
        ORG_ISTIMEWA: SESUAI,
        ORG_BAIK: DI_ATAS,
        ORG_BP: SESUAI,
        ORG_KURANG: SESUAI,
        ORG_SK: DI_ATAS,
    }
    got = {org: a.rating_hasil_kerja_jpt(org, pemetaan) for org in PREDIKAT_ORGANISASI}
    assert got == pemetaan


def test_jpt_partial_mapping_falls_back_per_key():
    pemetaan = {ORG_BAIK: DI_ATAS}
    got = [a.rating_hasil_kerja_jpt(org, pemetaan) for org in PREDIKAT_ORGANISASI]
    assert got == [DI_ATAS, DI_ATAS, DI_BAWAH, DI_BAWAH, DI_BAWAH]


@pytest.mark.parametrize(
    "rusak", [None, "", "Baik", "di atas ekspektasi", 3, ["Di Atas Ekspektasi"], {"x": 1}]
)
def test_jpt_broken_value_falls_back(rusak):
    pemetaan = {ORG_BP: rusak, ORG_KURANG: SESUAI}
    assert a.rating_hasil_kerja_jpt(ORG_BP, pemetaan) == DI_BAWAH
    assert a.rating_hasil_kerja_jpt(ORG_KURANG, pemetaan) == SESUAI


@pytest.mark.parametrize("organisasi", ["", "istimewa", "Kurang/Misconduct", "Sangat Baik", None])
def test_jpt_unknown_predikat_organisasi_raises(organisasi):
    with pytest.raises(ValueError):
        a.rating_hasil_kerja_jpt(organisasi, {organisasi: DI_ATAS})


@given(
    organisasi=st.sampled_from(PREDIKAT_ORGANISASI),
    pemetaan=st.dictionaries(
        st.sampled_from([*PREDIKAT_ORGANISASI, "Luar Biasa", ""]),
        st.one_of(st.sampled_from([*RATINGS, "Baik", ""]), st.none(), st.integers()),
    ),
)
def test_jpt_mapping_property(organisasi, pemetaan):
    bawaan = {ORG_ISTIMEWA: DI_ATAS, ORG_BAIK: SESUAI}.get(organisasi, DI_BAWAH)
    chosen = pemetaan.get(organisasi)
    expected = chosen if chosen in RATINGS else bawaan
    assert a.rating_hasil_kerja_jpt(organisasi, pemetaan) == expected


# --- Kurva distribusi: the default rules -----------------------------------------------------


def bawaan(organisasi: str) -> tuple[AturanKurva, ...]:
    return KonfigurasiKurva().aturan_untuk(organisasi)


def jml(**counts: int) -> dict[str, int]:
    """jml(SB=7, B=3) -> {"Sangat Baik": 7, "Baik": 3}."""
    names = {"SB": SB, "B": B, "BP": BP, "K": K, "SK": SK}
    return {names[k]: v for k, v in counts.items()}


def langgar(organisasi: str, jumlah: dict[str, int]) -> list[tuple[str, int]]:
    """(rule text, selisih) of every default rule the distribution breaks."""
    return [
        (p.aturan.teks, p.selisih) for p in a.periksa_kurva(organisasi, jumlah, bawaan(organisasi))
    ]


@pytest.mark.parametrize(
    ("organisasi", "teks"),
    [
        (ORG_ISTIMEWA, ["Sangat Baik paling banyak 70%"]),
        (
            ORG_BAIK,
            [
                "Baik paling banyak 70%",
                "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang",
            ],
        ),
        (ORG_BP, ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"]),
        (
            ORG_KURANG,
            [
                "Kurang/Misconduct paling sedikit 60%",
                "Butuh Perbaikan paling sedikit 10%",
                "Sangat Baik paling banyak 10%",
            ],
        ),
        (
            ORG_SK,
            [
                "Sangat Kurang paling sedikit 60%",
                "Kurang/Misconduct + Butuh Perbaikan paling sedikit 10%",
                "Sangat Baik tidak boleh ada (0%)",
            ],
        ),
    ],
)
def test_default_rules_match_spec_table(organisasi, teks):
    assert [r.teks for r in bawaan(organisasi)] == teks


def test_default_config():
    konfigurasi = KonfigurasiKurva()
    assert konfigurasi.ukuran_unit_kecil == 5
    assert konfigurasi.mode == ModeKurva.PERINGATAN
    assert konfigurasi.aturan_untuk("Luar Biasa") == ()


SB70 = "Sangat Baik paling banyak 70%"
B70 = "Baik paling banyak 70%"
SATU_BP_K = "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang"
BP60 = "Butuh Perbaikan paling sedikit 60%"
SB10 = "Sangat Baik paling banyak 10%"
K60 = "Kurang/Misconduct paling sedikit 60%"
BP10 = "Butuh Perbaikan paling sedikit 10%"
SK60 = "Sangat Kurang paling sedikit 60%"
KBP10 = "Kurang/Misconduct + Butuh Perbaikan paling sedikit 10%"
SB0 = "Sangat Baik tidak boleh ada (0%)"


@pytest.mark.parametrize(
    ("organisasi", "jumlah", "expected"),
    [
        # Istimewa: Sangat Baik ≤ 70%.
        (ORG_ISTIMEWA, jml(SB=7, B=3), []),
        (ORG_ISTIMEWA, jml(SB=8, B=2), [(SB70, 1)]),
        (ORG_ISTIMEWA, jml(SB=10), [(SB70, 3)]),
        (ORG_ISTIMEWA, jml(SB=2, B=1), []),  # 66.7%
        (ORG_ISTIMEWA, jml(SB=3), [(SB70, 1)]),  # 3·0.7 = 2.1 → at most 2
        (ORG_ISTIMEWA, jml(SB=1), [(SB70, 1)]),
        (ORG_ISTIMEWA, jml(SB=70, B=30), []),
        (ORG_ISTIMEWA, jml(SB=71, B=29), [(SB70, 1)]),
        (ORG_ISTIMEWA, jml(B=5, BP=3, K=1, SK=1), []),
        # Baik: Baik ≤ 70%; at least one in Butuh Perbaikan or Kurang/Misconduct.
        (ORG_BAIK, jml(B=7, BP=1, SB=2), []),
        (ORG_BAIK, jml(B=7, K=1, SB=2), []),
        (ORG_BAIK, jml(B=8, K=1, SB=1), [(B70, 1)]),
        (ORG_BAIK, jml(B=7, SB=3), [(SATU_BP_K, 1)]),
        (ORG_BAIK, jml(B=5, SK=5), [(SATU_BP_K, 1)]),  # Sangat Kurang is not in the group
        (ORG_BAIK, jml(B=9, SB=1), [(B70, 2), (SATU_BP_K, 1)]),
        (ORG_BAIK, jml(BP=1), []),
        (ORG_BAIK, jml(K=1), []),
        (ORG_BAIK, jml(B=1), [(B70, 1), (SATU_BP_K, 1)]),
        (ORG_BAIK, jml(SB=1), [(SATU_BP_K, 1)]),
        # Butuh Perbaikan: Butuh Perbaikan ≥ 60%; Sangat Baik ≤ 10%.
        (ORG_BP, jml(BP=3, B=2), []),  # n=5 needs 3
        (ORG_BP, jml(BP=2, B=3), [(BP60, 1)]),
        (ORG_BP, jml(BP=3, B=1), []),  # n=4 needs ceil(2.4) = 3
        (ORG_BP, jml(BP=2, B=2), [(BP60, 1)]),
        (ORG_BP, jml(BP=6, B=3, SB=1), []),
        (ORG_BP, jml(BP=6, B=2, SB=2), [(SB10, 1)]),
        (ORG_BP, jml(BP=6, SB=3), [(SB10, 3)]),  # n=9: 0.9 → no Sangat Baik at all
        (ORG_BP, jml(BP=5, B=3, SB=2), [(BP60, 1), (SB10, 1)]),
        (ORG_BP, jml(B=10), [(BP60, 6)]),
        (ORG_BP, jml(BP=1), []),
        # Kurang: Kurang/Misconduct ≥ 60%; Butuh Perbaikan ≥ 10%; Sangat Baik ≤ 10%.
        (ORG_KURANG, jml(K=6, BP=1, B=3), []),
        (ORG_KURANG, jml(K=5, BP=1, B=4), [(K60, 1)]),
        (ORG_KURANG, jml(K=6, B=4), [(BP10, 1)]),
        (ORG_KURANG, jml(K=6, BP=1, B=1, SB=2), [(SB10, 1)]),
        (ORG_KURANG, jml(K=7, BP=1, B=3), [(BP10, 1)]),  # n=11 needs ceil(1.1) = 2 BP
        (ORG_KURANG, jml(K=7, BP=2, B=2), []),
        (ORG_KURANG, jml(SB=10), [(K60, 6), (BP10, 1), (SB10, 9)]),
        (ORG_KURANG, jml(K=1), [(BP10, 1)]),
        # Sangat Kurang: SK ≥ 60%; Kurang/Misconduct + Butuh Perbaikan ≥ 10%; Sangat Baik = 0.
        (ORG_SK, jml(SK=6, K=1, B=3), []),
        (ORG_SK, jml(SK=6, BP=1, B=3), []),
        (ORG_SK, jml(SK=5, K=1, B=4), [(SK60, 1)]),
        (ORG_SK, jml(SK=6, B=4), [(KBP10, 1)]),
        (ORG_SK, jml(SK=6, K=1, B=2, SB=1), [(SB0, 1)]),
        (ORG_SK, jml(SK=60, K=10, B=29, SB=1), [(SB0, 1)]),
        (ORG_SK, jml(SK=3, BP=1, B=1), []),  # n=5 needs 3 SK and 1 K/BP
        (ORG_SK, jml(SB=4), [(SK60, 3), (KBP10, 1), (SB0, 4)]),
    ],
)
def test_default_rules_at_the_edges(organisasi, jumlah, expected):
    assert langgar(organisasi, jumlah) == expected


@pytest.mark.parametrize("organisasi", PREDIKAT_ORGANISASI)
@pytest.mark.parametrize("jumlah", [{}, dict.fromkeys(PREDIKAT, 0)])
def test_nobody_rated_breaks_nothing(organisasi, jumlah):
    assert a.periksa_kurva(organisasi, jumlah, bawaan(organisasi)) == []


@pytest.mark.parametrize(
    ("organisasi", "jumlah", "pesan"),
    [
        (
            ORG_ISTIMEWA,
            jml(SB=8, B=2),
            "Sangat Baik paling banyak 70%: saat ini 8 dari 10 orang, paling banyak 7 orang; "
            "kurangi 1 orang.",
        ),
        (
            ORG_BP,
            jml(BP=2, B=2),
            "Butuh Perbaikan paling sedikit 60%: saat ini 2 dari 4 orang, paling sedikit 3 orang; "
            "kurang 1 orang.",
        ),
        (
            ORG_BAIK,
            jml(B=7, SB=3),
            "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang: saat ini 0 dari 10 orang, "
            "paling sedikit 1 orang; kurang 1 orang.",
        ),
        (
            ORG_SK,
            jml(SK=6, K=1, B=1, SB=2),
            "Sangat Baik tidak boleh ada (0%): saat ini 2 dari 10 orang, paling banyak 0 orang; "
            "kurangi 2 orang.",
        ),
    ],
)
def test_pesan_names_rule_and_people(organisasi, jumlah, pesan):
    (pelanggaran,) = a.periksa_kurva(organisasi, jumlah, bawaan(organisasi))
    assert pelanggaran.pesan == pesan


# --- AturanKurva.rentang: exact integer bounds ----------------------------------------------


def test_rentang_maks_is_exact_floor_everywhere():
    """For every n ≤ 2000 and p ≤ 100: m·100 ≤ p·n < (m+1)·100."""
    for p in range(101):
        rule = AturanKurva((SB,), "maks", p)
        for n in range(2001):
            least, most = rule.rentang(n)
            assert least == 0
            assert most * 100 <= p * n < (most + 1) * 100, (p, n, most)


def test_rentang_min_is_exact_ceil_everywhere():
    """For every n ≤ 2000 and p ≤ 100: (c-1)·100 < p·n ≤ c·100, and at most n."""
    for p in range(101):
        rule = AturanKurva((BP,), "min", p)
        for n in range(2001):
            least, most = rule.rentang(n)
            assert most == n
            assert (least - 1) * 100 < p * n <= least * 100, (p, n, least)
            assert least <= n


@given(
    n=st.integers(0, 2000),
    p=st.integers(0, 100),
    orang=st.integers(0, 3000),
)
def test_rentang_min_with_orang(n, p, orang):
    least, most = AturanKurva((BP, K), "min", p, orang=orang).rentang(n)
    ceil = math.ceil(Fraction(p * n, 100))
    assert (least, most) == (min(n, max(ceil, orang)), n)


@pytest.mark.parametrize(("n", "expected"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (10, 3)])
def test_rentang_min_orang_capped_at_n(n, expected):
    assert AturanKurva((BP,), "min", 0, orang=3).rentang(n) == (expected, n)


@pytest.mark.parametrize(
    ("rule", "teks"),
    [
        (AturanKurva((SB,), "maks", 0), "Sangat Baik tidak boleh ada (0%)"),
        (AturanKurva((SB, B), "maks", 100), "Sangat Baik + Baik paling banyak 100%"),
        (AturanKurva((K,), "min", 0, orang=2), "Kurang/Misconduct paling sedikit 2 orang"),
        (AturanKurva((K,), "min", 25, orang=2), "Kurang/Misconduct paling sedikit 25%"),
    ],
)
def test_rule_text(rule, teks):
    assert rule.teks == teks


# --- periksa_kurva against exact fractions -----------------------------------------------------

kelompok_st = st.sets(st.sampled_from(PREDIKAT), min_size=1).map(lambda s: tuple(sorted(s)))
aturan_st = st.builds(
    AturanKurva,
    kelompok=kelompok_st,
    batas=st.sampled_from(["maks", "min"]),
    persen=st.integers(0, 100),
    orang=st.integers(0, 4),
)
jumlah_st = st.dictionaries(st.sampled_from(PREDIKAT), st.integers(0, 40))


def dilanggar(rule: AturanKurva, jumlah: dict[str, int]) -> bool:
    """The share condition, by exact fractions; `orang` asks for at most everybody."""
    n = sum(jumlah.values())
    share = Fraction(sum(jumlah.get(p, 0) for p in rule.kelompok), n)
    if rule.batas == "maks":
        return share > Fraction(rule.persen, 100)
    count = sum(jumlah.get(p, 0) for p in rule.kelompok)
    return share < Fraction(rule.persen, 100) or count < min(rule.orang, n)


def selisih_terkecil(rule: AturanKurva, jumlah: dict[str, int]) -> int:
    """Fewest people to move out of (maks) or into (min) the group to meet the rule."""
    n = sum(jumlah.values())
    count = sum(jumlah.get(p, 0) for p in rule.kelompok)
    step = -1 if rule.batas == "maks" else 1
    for s in range(1, n + 1):
        moved = count + step * s
        if moved < 0 or moved > n:
            break
        if not dilanggar(rule, {"x": n - moved, rule.kelompok[0]: moved}):
            return s
    raise AssertionError("unreachable: every rule can be met by moving people")


@given(aturan=st.lists(aturan_st, max_size=5), jumlah=jumlah_st)
def test_periksa_kurva_reports_exactly_the_broken_rules(aturan, jumlah):
    got = a.periksa_kurva(ORG_BAIK, jumlah, tuple(aturan))
    if sum(jumlah.values()) == 0:
        assert got == []
        return
    assert [p.aturan for p in got] == [r for r in aturan if dilanggar(r, jumlah)]
    for p in got:
        assert p.n == sum(jumlah.values())
        assert p.jumlah == sum(jumlah.get(x, 0) for x in p.aturan.kelompok)
        assert p.selisih == selisih_terkecil(p.aturan, jumlah)
        assert f"saat ini {p.jumlah} dari {p.n} orang" in p.pesan
        assert p.pesan.startswith(p.aturan.teks + ": ")
        assert p.pesan.endswith(f" {p.selisih} orang.")


@given(organisasi=st.sampled_from(PREDIKAT_ORGANISASI), jumlah=jumlah_st)
def test_default_rules_against_exact_fractions(organisasi, jumlah):
    rules = bawaan(organisasi)
    got = [p.aturan for p in a.periksa_kurva(organisasi, jumlah, rules)]
    expected = [r for r in rules if sum(jumlah.values()) and dilanggar(r, jumlah)]
    assert got == expected


# --- nilai_kurva, efek_pilihan_berikut, ganti_satu ----------------------------------------------


@pytest.mark.parametrize(
    ("n", "ukuran", "kecil"),
    [(0, 5, True), (4, 5, True), (5, 5, False), (6, 5, False), (9, 10, True), (10, 10, False)],
)
def test_unit_kecil_below_size(n, ukuran, kecil):
    hasil = a.nilai_kurva(ORG_BAIK, {B: n}, KonfigurasiKurva(ukuran_unit_kecil=ukuran))
    assert hasil.unit_kecil is kecil
    assert hasil.n == n


def test_unit_kecil_default_size_is_five():
    assert a.nilai_kurva(ORG_BAIK, jml(B=4), KonfigurasiKurva()).unit_kecil is True
    assert a.nilai_kurva(ORG_BAIK, jml(B=5), KonfigurasiKurva()).unit_kecil is False


@pytest.mark.parametrize("mode", [ModeKurva.PERINGATAN, ModeKurva.WAJIB])
@pytest.mark.parametrize("kecil", [True, False])
@pytest.mark.parametrize("langgar_aturan", [True, False])
def test_menghalangi_only_wajib_big_and_broken(mode, kecil, langgar_aturan):
    n = 4 if kecil else 10
    # Istimewa: everybody Sangat Baik breaks "≤ 70%"; everybody Baik breaks nothing.
    jumlah = {SB: n} if langgar_aturan else {B: n}
    hasil = a.nilai_kurva(ORG_ISTIMEWA, jumlah, KonfigurasiKurva(mode=mode))
    assert hasil.terpenuhi is not langgar_aturan
    assert hasil.unit_kecil is kecil
    assert hasil.mode == mode
    assert hasil.menghalangi is (mode == ModeKurva.WAJIB and not kecil and langgar_aturan)


def test_small_unit_still_gets_advice():
    hasil = a.nilai_kurva(ORG_ISTIMEWA, jml(SB=4), KonfigurasiKurva(mode=ModeKurva.WAJIB))
    assert [p.aturan.teks for p in hasil.pelanggaran] == [SB70]
    assert hasil.menghalangi is False


def test_nilai_kurva_counts_every_predikat_and_drops_strangers():
    hasil = a.nilai_kurva(ORG_ISTIMEWA, {SB: 2, "Luar Biasa": 9, B: 2}, KonfigurasiKurva())
    assert hasil.jumlah == {SB: 2, B: 2, BP: 0, K: 0, SK: 0}
    assert hasil.n == 4
    assert hasil.predikat_organisasi == ORG_ISTIMEWA
    assert hasil.persen(SB) == 50.0
    assert hasil.persen(K) == 0.0


def test_persen_of_empty_unit_is_zero():
    hasil = a.nilai_kurva(ORG_ISTIMEWA, {}, KonfigurasiKurva())
    assert [hasil.persen(p) for p in PREDIKAT] == [0.0] * 5
    assert hasil.terpenuhi


def test_nilai_kurva_uses_the_instansi_rules():
    rules = a.aturan_dari_json({ORG_ISTIMEWA: [{"kelompok": [SB], "batas": "maks", "persen": 50}]})
    konfigurasi = KonfigurasiKurva(aturan=rules)
    assert a.nilai_kurva(ORG_ISTIMEWA, jml(SB=5, B=5), konfigurasi).terpenuhi
    hasil = a.nilai_kurva(ORG_ISTIMEWA, jml(SB=6, B=4), konfigurasi)
    assert [(p.aturan.teks, p.selisih) for p in hasil.pelanggaran] == [
        ("Sangat Baik paling banyak 50%", 1)
    ]


def test_predikat_organisasi_without_rules_breaks_nothing():
    konfigurasi = KonfigurasiKurva(aturan={ORG_ISTIMEWA: ()}, mode=ModeKurva.WAJIB)
    hasil = a.nilai_kurva(ORG_ISTIMEWA, jml(SB=10), konfigurasi)
    assert hasil.terpenuhi
    assert not hasil.menghalangi


def test_efek_pilihan_berikut_example():
    """Istimewa at exactly 70% Sangat Baik: one more Sangat Baik breaks it, anything else not."""
    jumlah = jml(SB=7, B=3)
    efek = a.efek_pilihan_berikut(ORG_ISTIMEWA, jumlah, KonfigurasiKurva())
    assert list(efek) == PREDIKAT
    assert {p: e.terpenuhi for p, e in efek.items()} == {
        SB: False,
        B: True,
        BP: True,
        K: True,
        SK: True,
    }
    assert efek[SB].pelanggaran[0].selisih == 1
    assert jumlah == jml(SB=7, B=3)  # input untouched


@given(
    organisasi=st.sampled_from(PREDIKAT_ORGANISASI),
    jumlah=jumlah_st,
    mode=st.sampled_from(list(ModeKurva)),
)
def test_efek_pilihan_berikut_is_adding_one(organisasi, jumlah, mode):
    konfigurasi = KonfigurasiKurva(mode=mode)
    before = dict(jumlah)
    efek = a.efek_pilihan_berikut(organisasi, jumlah, konfigurasi)
    assert list(efek) == PREDIKAT
    for predikat, hasil in efek.items():
        after = {p: jumlah.get(p, 0) + (p == predikat) for p in PREDIKAT}
        assert hasil == a.nilai_kurva(organisasi, after, konfigurasi)
        assert hasil.jumlah == after
    assert jumlah == before


@pytest.mark.parametrize(
    ("dari", "ke", "expected"),
    [
        (None, B, jml(SB=1, B=3, BP=0, K=0, SK=0)),  # newly rated
        (B, None, jml(SB=1, B=1, BP=0, K=0, SK=0)),  # rating withdrawn
        (B, SB, jml(SB=2, B=1, BP=0, K=0, SK=0)),
        (B, B, jml(SB=1, B=2, BP=0, K=0, SK=0)),
        (K, SK, jml(SB=1, B=2, BP=0, K=0, SK=1)),  # never below zero
        (None, None, jml(SB=1, B=2, BP=0, K=0, SK=0)),
    ],
)
def test_ganti_satu(dari, ke, expected):
    jumlah = jml(SB=1, B=2)
    assert a.ganti_satu(jumlah, dari, ke) == expected
    assert jumlah == jml(SB=1, B=2)


@given(
    jumlah=jumlah_st,
    dari=st.sampled_from([None, *PREDIKAT]),
    ke=st.sampled_from([None, *PREDIKAT]),
)
def test_ganti_satu_property(jumlah, dari, ke):
    after = a.ganti_satu(jumlah, dari, ke)
    assert set(after) == set(PREDIKAT)
    assert all(v >= 0 for v in after.values())
    for p in PREDIKAT:
        expected = jumlah.get(p, 0)
        if p == dari:
            expected = max(0, expected - 1)
        if p == ke:
            expected += 1
        assert after[p] == expected


# --- Stored rules as JSON ----------------------------------------------------------------------


@pytest.mark.parametrize("data", [None, {}])
def test_no_stored_rules_means_defaults(data):
    assert a.aturan_dari_json(data) == a.ATURAN_KURVA_BAWAAN


def test_defaults_round_trip_through_real_json():
    text = json.dumps(a.aturan_ke_json(a.ATURAN_KURVA_BAWAAN))
    assert a.aturan_dari_json(json.loads(text)) == a.ATURAN_KURVA_BAWAAN


def test_ke_json_shape():
    assert a.aturan_ke_json({ORG_BAIK: (AturanKurva((BP, K), "min", 0, orang=1),)}) == {
        ORG_BAIK: [{"kelompok": [BP, K], "batas": "min", "persen": 0, "orang": 1}]
    }


@given(
    st.dictionaries(
        st.sampled_from(PREDIKAT_ORGANISASI), st.lists(aturan_st, max_size=4).map(tuple)
    )
)
def test_round_trip_property(aturan):
    got = a.aturan_dari_json(json.loads(json.dumps(a.aturan_ke_json(aturan))))
    assert got == {**a.ATURAN_KURVA_BAWAAN, **aturan}


def test_stored_list_replaces_only_its_predikat():
    got = a.aturan_dari_json(
        {ORG_ISTIMEWA: [], ORG_KURANG: [{"kelompok": [K], "batas": "min", "persen": 50}]}
    )
    assert got[ORG_ISTIMEWA] == ()
    assert got[ORG_KURANG] == (AturanKurva((K,), "min", 50, 0),)
    for org in (ORG_BAIK, ORG_BP, ORG_SK):
        assert got[org] == a.ATURAN_KURVA_BAWAAN[org]


BAIK_ROW = {"kelompok": [SB], "batas": "maks", "persen": 40, "orang": 0}


@pytest.mark.parametrize(
    "row",
    [
        None,
        "Sangat Baik",
        42,
        [SB, "maks", 40],
        {},
        {"batas": "maks", "persen": 40},  # no kelompok
        {"kelompok": [SB], "persen": 40},  # no batas
        {"kelompok": [SB], "batas": "maks"},  # no persen
        {"kelompok": [], "batas": "maks", "persen": 40},
        {"kelompok": ["Luar Biasa"], "batas": "maks", "persen": 40},
        {"kelompok": [SB, "Istimewa"], "batas": "maks", "persen": 40},
        {"kelompok": "Baik", "batas": "maks", "persen": 40},  # a string, not a list
        {"kelompok": 7, "batas": "maks", "persen": 40},
        {"kelompok": [SB], "batas": "max", "persen": 40},
        {"kelompok": [SB], "batas": "MAKS", "persen": 40},
        {"kelompok": [SB], "batas": "maks", "persen": "banyak"},
        {"kelompok": [SB], "batas": "maks", "persen": None},
        {"kelompok": [SB], "batas": "maks", "persen": float("nan")},
        {"kelompok": [SB], "batas": "maks", "persen": -1},
        {"kelompok": [SB], "batas": "maks", "persen": 101},
        {"kelompok": [SB], "batas": "maks", "persen": 1000},
        {"kelompok": [SB], "batas": "min", "persen": 10, "orang": -1},
        {"kelompok": [SB], "batas": "min", "persen": 10, "orang": None},
        {"kelompok": [SB], "batas": "min", "persen": 10, "orang": "satu"},
    ],
)
def test_malformed_row_is_ignored(row):
    got = a.aturan_dari_json({ORG_ISTIMEWA: [row, BAIK_ROW]})
    assert got[ORG_ISTIMEWA] == (AturanKurva((SB,), "maks", 40),)


@pytest.mark.parametrize("persen", [0, 100])
def test_percentage_bounds_are_accepted(persen):
    got = a.aturan_dari_json(
        {ORG_ISTIMEWA: [{"kelompok": [SB], "batas": "maks", "persen": persen}]}
    )
    assert got[ORG_ISTIMEWA] == (AturanKurva((SB,), "maks", persen),)


def test_missing_orang_means_zero():
    got = a.aturan_dari_json({ORG_BAIK: [{"kelompok": [BP], "batas": "min", "persen": 5}]})
    assert got[ORG_BAIK] == (AturanKurva((BP,), "min", 5, 0),)


@pytest.mark.parametrize("key", ["Luar Biasa", "istimewa", "Sangat Baik", "Kurang/Misconduct", ""])
def test_unknown_predikat_key_is_ignored(key):
    got = a.aturan_dari_json({key: [BAIK_ROW]})
    assert got == a.ATURAN_KURVA_BAWAAN
    assert key not in got


@pytest.mark.parametrize("rows", [None, "x", {"kelompok": [SB]}, 3])
def test_rows_not_a_list_keep_the_default(rows):
    assert a.aturan_dari_json({ORG_ISTIMEWA: rows}) == a.ATURAN_KURVA_BAWAAN


# --- Keberatan window ------------------------------------------------------------------------


def lokal(zona: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zona))


@pytest.mark.parametrize(
    ("diberitahu_at", "zona", "batas"),
    [
        # 23:30 WIB on 1 Mar (16:30 UTC) is 1 Mar.
        (lokal(WIB, 2026, 3, 1, 23, 30), WIB, dt.date(2026, 3, 15)),
        # 06:30 WIB on 1 Mar is still 28 Feb in UTC, but the instansi's day is 1 Mar.
        (lokal(WIB, 2026, 3, 1, 6, 30), WIB, dt.date(2026, 3, 15)),
        (dt.datetime(2026, 2, 28, 23, 30, tzinfo=UTC), WIB, dt.date(2026, 3, 15)),
        (dt.datetime(2026, 2, 28, 16, 59, 59, tzinfo=UTC), WIB, dt.date(2026, 3, 14)),
        (dt.datetime(2026, 2, 28, 17, 0, tzinfo=UTC), WIB, dt.date(2026, 3, 15)),
        # WITA = UTC+8: 16:00 UTC on 28 Feb is 00:00 WITA on 1 Mar.
        (dt.datetime(2026, 2, 28, 16, 0, tzinfo=UTC), WITA, dt.date(2026, 3, 15)),
        (dt.datetime(2026, 2, 28, 15, 59, 59, tzinfo=UTC), WITA, dt.date(2026, 3, 14)),
        (lokal(WITA, 2026, 3, 1, 23, 59, 59), WITA, dt.date(2026, 3, 15)),
        # WIT = UTC+9: 00:30 WIT on 2 Mar is 15:30 UTC on 1 Mar.
        (lokal(WIT, 2026, 3, 2, 0, 30), WIT, dt.date(2026, 3, 16)),
        (dt.datetime(2026, 3, 1, 15, 0, tzinfo=UTC), WIT, dt.date(2026, 3, 16)),
        (dt.datetime(2026, 3, 1, 14, 59, tzinfo=UTC), WIT, dt.date(2026, 3, 15)),
        # 01:30 WIT on 2 Mar is 23:30 WIB on 1 Mar: the instansi zone decides.
        (lokal(WIT, 2026, 3, 2, 1, 30), WIB, dt.date(2026, 3, 15)),
        # Month, leap-day and year boundaries.
        (lokal(WIB, 2024, 2, 20, 12), WIB, dt.date(2024, 3, 5)),
        (lokal(WIB, 2025, 2, 20, 12), WIB, dt.date(2025, 3, 6)),
        (lokal(WIT, 2025, 12, 25, 8), WIT, dt.date(2026, 1, 8)),
    ],
)
def test_batas_keberatan_uses_the_instansi_day(diberitahu_at, zona, batas):
    assert a.batas_keberatan(diberitahu_at, a.JENDELA_KEBERATAN_BAWAAN, zona) == batas


def test_default_window_is_fourteen_days():
    assert a.JENDELA_KEBERATAN_BAWAAN == 14


@pytest.mark.parametrize(("hari", "batas"), [(0, 1), (1, 2), (7, 8), (30, 31)])
def test_window_length_is_configurable(hari, batas):
    assert a.batas_keberatan(lokal(WITA, 2026, 3, 1, 9), hari, WITA) == dt.date(2026, 3, batas)


@pytest.mark.parametrize("zona", ZONES)
@pytest.mark.parametrize(
    ("now", "terbuka"),
    [
        ((2026, 3, 1, 23, 30), True),  # the moment of notification
        ((2026, 3, 10, 12, 0), True),
        ((2026, 3, 15, 0, 0), True),
        ((2026, 3, 15, 23, 59, 59), True),
        ((2026, 3, 15, 23, 59, 59, 999999), True),
        ((2026, 3, 16, 0, 0), False),
        ((2026, 3, 16, 0, 0, 1), False),
        ((2026, 4, 1, 9, 0), False),
    ],
)
def test_keberatan_terbuka_until_end_of_last_local_day(zona, now, terbuka):
    diberitahu_at = lokal(zona, 2026, 3, 1, 23, 30)
    assert a.keberatan_terbuka(diberitahu_at, 14, zona, lokal(zona, *now)) is terbuka
    # The same instants expressed in UTC give the same answer.
    now_utc = lokal(zona, *now).astimezone(UTC)
    assert a.keberatan_terbuka(diberitahu_at.astimezone(UTC), 14, zona, now_utc) is terbuka


def test_keberatan_window_closes_at_local_midnight_not_utc():
    """Last day 15 Mar WIT ends at 15:00 UTC; in WIB the same day ends at 17:00 UTC."""
    now = dt.datetime(2026, 3, 15, 16, 0, tzinfo=UTC)
    assert a.keberatan_terbuka(lokal(WIT, 2026, 3, 1, 10), 14, WIT, now) is False
    assert a.keberatan_terbuka(lokal(WIB, 2026, 3, 1, 10), 14, WIB, now) is True


instant_st = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 12, 31), timezones=st.just(UTC)
)


@given(
    diberitahu_at=instant_st,
    hari=st.integers(0, 90),
    zona=st.sampled_from(ZONES),
    geser=st.integers(-3 * 86400, 120 * 86400),
)
def test_keberatan_window_property(diberitahu_at, hari, zona, geser):
    zone = ZoneInfo(zona)
    hari_lokal = diberitahu_at.astimezone(zone).date()
    batas = a.batas_keberatan(diberitahu_at, hari, zona)
    assert batas == hari_lokal + dt.timedelta(days=hari)
    # Open exactly while the local calendar day has not passed the last day.
    now = diberitahu_at + dt.timedelta(seconds=geser)
    terbuka = a.keberatan_terbuka(diberitahu_at, hari, zona, now)
    assert terbuka is (now.astimezone(zone).date() <= batas)
    # The edges: the last second of the last local day, then the next midnight.
    akhir = dt.datetime.combine(batas, dt.time(23, 59, 59), tzinfo=zone)
    assert a.keberatan_terbuka(diberitahu_at, hari, zona, akhir) is True
    assert a.keberatan_terbuka(diberitahu_at, hari, zona, akhir + dt.timedelta(seconds=1)) is False
    assert a.keberatan_terbuka(diberitahu_at, hari, zona, diberitahu_at) is True
