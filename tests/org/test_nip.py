"""NIP PNS and NI PPPK parsing (domain.md §2): every rule and every message."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.org.nip import PNS, PPPK, NipError, build_nip, normalize_nip, parse_nip

TODAY = dt.date(2025, 6, 15)
PNS_NIP = "198503122010011003"  # born 12-03-1985, TMT CPNS 01-2010, laki-laki, urut 003
PPPK_NIP = "199001202021252014"  # born 20-01-1990, PPPK 2021, marker 25, perempuan, urut 014


def parse(raw: object, jenis_asn: str | None = None) -> object:
    return parse_nip(raw, jenis_asn, today=TODAY)


def error_of(raw: object, jenis_asn: str | None = None) -> str:
    with pytest.raises(NipError) as exc:
        parse(raw, jenis_asn)
    return str(exc.value)


# --- Valid numbers ------------------------------------------------------------------------------


def test_valid_pns_gives_every_part():
    info = parse_nip(PNS_NIP, today=TODAY)
    assert info.nip == PNS_NIP
    assert info.jenis_asn == PNS
    assert info.tanggal_lahir == dt.date(1985, 3, 12)
    assert info.tahun_pengangkatan == 2010
    assert info.bulan_pengangkatan == 1
    assert info.jenis_kelamin == "L"
    assert info.nomor_urut == 3


def test_valid_pppk_gives_every_part():
    info = parse_nip(PPPK_NIP, today=TODAY)
    assert info.jenis_asn == PPPK
    assert info.tanggal_lahir == dt.date(1990, 1, 20)
    assert info.tahun_pengangkatan == 2021
    assert info.bulan_pengangkatan is None
    assert info.jenis_kelamin == "P"
    assert info.nomor_urut == 14


@pytest.mark.parametrize("marker", ["21", "25", "29"])
def test_every_pppk_marker_21_to_29_is_pppk(marker):
    assert parse(f"19900120 2021 {marker} 1 001").jenis_asn == PPPK


@pytest.mark.parametrize("month", ["01", "06", "12"])
def test_pns_months_01_to_12(month):
    info = parse(f"198503122010{month}1003")
    assert (info.jenis_asn, info.bulan_pengangkatan) == (PNS, int(month))


@pytest.mark.parametrize(
    "typed", ["19850312 201001 1 003", " 198503122010011003 ", "19850312\t201001\n1 003"]
)
def test_spaces_are_stripped(typed):
    assert parse(typed).nip == PNS_NIP
    assert normalize_nip(typed) == PNS_NIP


def test_jenis_asn_matching_the_format_is_accepted():
    assert parse(PNS_NIP, PNS).jenis_asn == PNS
    assert parse(PPPK_NIP, PPPK).jenis_asn == PPPK


def test_today_defaults_to_the_real_date():
    assert parse_nip(PNS_NIP).nip == PNS_NIP


def test_tmt_in_the_current_month_is_accepted():
    assert parse(f"19850312{TODAY:%Y%m}1003").bulan_pengangkatan == TODAY.month


def test_birth_on_29_february_of_a_leap_year():
    assert parse("198802292010011003").tanggal_lahir == dt.date(1988, 2, 29)


# --- Every refusal, with its message --------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty(raw):
    assert error_of(raw) == "NIP wajib diisi."


@pytest.mark.parametrize("raw", ["1985031220100110", "1985031220100110031", "1"])
def test_length(raw):
    assert error_of(raw) == f"NIP harus 18 digit; yang diisi {len(raw)} digit."


@pytest.mark.parametrize("raw", ["1.98503E+17", "1.98503122010011E+17", "1,98503E+17", "2e17"])
def test_scientific_notation_from_a_spreadsheet(raw):
    message = error_of(raw)
    assert message.startswith(f"NIP tertulis sebagai angka ({raw})")
    assert "simpan kolom NIP sebagai teks" in message


def test_a_float_cell_is_refused_as_scientific_notation():
    assert "tertulis sebagai angka" in error_of(1.9850312201001101e17)


@pytest.mark.parametrize(
    ("raw", "position", "char"),
    [
        ("19850312201001100X", 18, "X"),
        ("1985-0312201001100", 5, "-"),
        ("A98503122010011003", 1, "A"),
        ("19850312201001100²", 18, "²"),  # a digit to Python, not to an NIP
        ("١٩٨٥٠٣١٢٢٠١٠٠١١٠٠٣", 1, "١"),  # Arabic-Indic digits
    ],
)
def test_non_digit_names_its_position(raw, position, char):
    assert error_of(raw) == (
        f"NIP hanya boleh berisi angka; karakter ke-{position} ('{char}') bukan angka."
    )


@pytest.mark.parametrize(
    "lahir",
    [
        "19850231",  # 31 February
        "19850229",  # 29 February, not a leap year
        "19001329",  # month 13
        "19850300",  # day 00
        "00000000",
    ],
)
def test_invalid_birth_date(lahir):
    assert error_of(f"{lahir}2010011003") == (
        f"Tanggal lahir pada NIP (digit 1-8: {lahir}) bukan tanggal yang valid."
    )


def test_future_birth_date():
    lahir = f"{TODAY + dt.timedelta(days=1):%Y%m%d}"
    assert error_of(f"{lahir}2010011003") == (
        f"Tanggal lahir pada NIP (digit 1-8: {lahir}) ada di masa depan."
    )


@pytest.mark.parametrize("month", ["00", "13", "19", "20"])
def test_tmt_month_out_of_range(month):
    # "20" is neither a month nor a PPPK marker (21-29).
    assert error_of(f"198503122010{month}1003") == (
        f"TMT CPNS pada NIP (digit 9-14: 2010{month}) bukan bulan yang valid; "
        "digit 13-14 harus 01-12 (NIP PNS) atau 21-29 (NI PPPK)."
    )


def test_future_tmt_cpns():
    nxt = TODAY.replace(day=1) + dt.timedelta(days=31)
    assert error_of(f"19850312{nxt:%Y%m}1003") == (
        f"TMT CPNS pada NIP (digit 9-14: {nxt:%Y%m}) ada di masa depan."
    )


def test_future_pppk_year():
    year = TODAY.year + 1
    assert error_of(f"19900120{year}211001") == (
        f"Tahun pengangkatan pada NI PPPK (digit 9-12: {year}) ada di masa depan."
    )


@pytest.mark.parametrize("raw", ["200001012014011001", "200001012014211001"])
def test_appointment_too_close_to_birth(raw):
    assert error_of(raw) == (
        "Tahun pengangkatan pada NIP (digit 9-12: 2014) terlalu dekat dengan "
        "tahun lahir (digit 1-4: 2000); selisihnya minimal 15 tahun."
    )


def test_appointment_exactly_15_years_after_birth_is_accepted():
    assert parse("200001012015011001").tahun_pengangkatan == 2015


@pytest.mark.parametrize("gender", ["0", "3", "9"])
def test_gender_digit(gender):
    assert error_of(f"19850312201001{gender}003") == (
        f"Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2, bukan {gender}."
    )


def test_sequence_000():
    assert error_of("198503122010011000") == (
        "Nomor urut pada NIP (digit 16-18) harus 001-999, bukan 000."
    )


def test_pns_number_declared_as_pppk():
    assert error_of(PNS_NIP, PPPK) == "NIP ini berformat NIP PNS, tetapi jenis ASN diisi PPPK."


def test_pppk_number_declared_as_pns():
    assert error_of(PPPK_NIP, PNS) == "NIP ini berformat NI PPPK, tetapi jenis ASN diisi PNS."


def test_nip_error_is_a_value_error():
    assert issubclass(NipError, ValueError)


# --- build_nip round trip -----------------------------------------------------------------------


def test_build_nip_pppk_digit_is_the_one_given():
    nip = build_nip(dt.date(1990, 1, 20), 2021, 5, "P", 14, PPPK)
    assert nip == "199001202021252014"
    # A month 10-12 wraps into 1-3 so callers that pass a month still get a valid marker.
    assert build_nip(dt.date(1990, 1, 20), 2021, 12, "P", 14, PPPK)[12:14] == "23"


@st.composite
def nip_parts(draw: st.DrawFn) -> dict:
    lahir = draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31)))
    jenis_asn = draw(st.sampled_from([PNS, PPPK]))
    tahun = draw(st.integers(min_value=lahir.year + 15, max_value=TODAY.year - 1))
    return {
        "tanggal_lahir": lahir,
        "tahun": tahun,
        "bulan": draw(st.integers(min_value=1, max_value=12 if jenis_asn == PNS else 9)),
        "jenis_kelamin": draw(st.sampled_from(["L", "P"])),
        "nomor_urut": draw(st.integers(min_value=1, max_value=999)),
        "jenis_asn": jenis_asn,
    }


@given(nip_parts())
def test_build_nip_always_parses_back_to_the_same_parts(parts):
    nip = build_nip(**parts)
    info = parse_nip(nip, parts["jenis_asn"], today=TODAY)
    assert len(nip) == 18
    assert info.nip == nip
    assert info.jenis_asn == parts["jenis_asn"]
    assert info.tanggal_lahir == parts["tanggal_lahir"]
    assert info.tahun_pengangkatan == parts["tahun"]
    assert info.jenis_kelamin == parts["jenis_kelamin"]
    assert info.nomor_urut == parts["nomor_urut"]
    if parts["jenis_asn"] == PNS:
        assert info.bulan_pengangkatan == parts["bulan"]
    else:
        assert info.bulan_pengangkatan is None
        assert nip[12:14] == f"2{parts['bulan']}"


@given(st.text(max_size=25))
def test_any_text_either_parses_or_raises_nip_error(raw):
    try:
        info = parse_nip(raw, today=TODAY)
    except NipError as exc:
        assert str(exc)
    else:
        assert len(info.nip) == 18 and info.nip.isdigit()
