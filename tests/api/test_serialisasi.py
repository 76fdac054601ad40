"""API bodies are written by orjson and must equal pydantic's, byte for byte (ADR 0010)."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from pydantic import BaseModel, field_validator

from kinerja.api import schemas, serialisasi


class Anak(BaseModel):
    id: int
    nilai: Decimal | None


class Induk(BaseModel):
    id: int
    nama: str
    aktif: bool
    tanggal: dt.date
    waktu: dt.datetime
    catatan: list[str]
    anak: list[Anak]


def _induk(waktu: dt.datetime, nilai: Decimal | str | None) -> dict[str, object]:
    return {
        "id": 7,
        "nama": "Sukamaju ✓",
        "aktif": True,
        "tanggal": dt.date(2026, 2, 28),
        "waktu": waktu,
        "catatan": ["a", "b"],
        "anak": [{"id": 1, "nilai": nilai}, {"id": 2, "nilai": None}],
    }


@pytest.mark.parametrize(
    "waktu",
    [
        dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 23, 6, 0, 0, 120, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 23, 6, 0, tzinfo=zoneinfo.ZoneInfo("UTC")),
        dt.datetime(2026, 11, 23, 13, 0, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Jayapura")),
        dt.datetime(2026, 11, 23, 6, 0),
    ],
)
@pytest.mark.parametrize("nilai", [Decimal("97.50"), Decimal("0"), Decimal("-1.000"), "12.50"])
def test_orjson_writes_what_pydantic_writes(
    monkeypatch: pytest.MonkeyPatch, waktu: dt.datetime, nilai: Decimal | str
) -> None:
    data = _induk(waktu, nilai)
    acuan = serialisasi.lewat_pydantic(Induk, data)
    monkeypatch.setattr(serialisasi, "PERIKSA", False)
    monkeypatch.setattr(serialisasi, "lewat_pydantic", _tidak_dipanggil)
    assert serialisasi.json_bytes(Induk, data) == acuan


def test_strings_are_escaped_as_pydantic_escapes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ASCII control character, line separators, emoji, quotes and backslashes."""
    teks = "".join(map(chr, range(0x80))) + '\u2028\u2029\ufeff\U0001f600 é ✓ </script> \\ "'
    data = {**_induk(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), None), "nama": teks}
    acuan = serialisasi.lewat_pydantic(Induk, data)
    monkeypatch.setattr(serialisasi, "PERIKSA", False)
    monkeypatch.setattr(serialisasi, "lewat_pydantic", _tidak_dipanggil)
    assert serialisasi.json_bytes(Induk, data) == acuan


def _tidak_dipanggil(tipe: object, data: object) -> bytes:
    raise AssertionError("pydantic tidak boleh dipakai di jalur ini")


def test_every_response_schema_of_the_api_goes_through_orjson() -> None:
    halaman = [getattr(schemas, n) for n in dir(schemas) if n.startswith("Halaman")]
    assert len(halaman) >= 7
    for tipe in [*halaman, schemas.Skp, schemas.Pegawai, schemas.DaftarPredikatTahunan]:
        assert serialisasi.polos(tipe), tipe


def test_other_types_are_written_by_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pecahan(BaseModel):
        x: float

    class Divalidasi(BaseModel):
        x: str

        @field_validator("x")
        @classmethod
        def besar(cls, v: str) -> str:
            return v.upper()

    assert not serialisasi.polos(Pecahan)
    assert not serialisasi.polos(Divalidasi)
    monkeypatch.setattr(serialisasi, "PERIKSA", False)
    assert serialisasi.json_bytes(Pecahan, {"x": 1}) == b'{"x":1.0}'
    assert serialisasi.json_bytes(Divalidasi, {"x": "a"}) == b'{"x":"A"}'


def test_a_value_orjson_refuses_goes_to_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serialisasi, "PERIKSA", False)
    model = Anak(id=1, nilai=Decimal("2.5"))
    assert serialisasi.json_bytes(Anak, model) == b'{"id":1,"nilai":"2.5"}'


def test_periksa_refuses_a_body_pydantic_would_write_otherwise() -> None:
    """The check the whole API suite runs under: keys out of the schema's order, an extra key
    or a value of another type are caught."""
    assert serialisasi.PERIKSA  # set for the whole test session (tests/conftest.py)
    waktu = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    baik = _induk(waktu, Decimal("1.5"))
    serialisasi.json_bytes(Induk, baik)
    terbalik = dict(reversed(list(baik.items())))
    lebih = {**baik, "rahasia": "x"}
    angka = {**baik, "aktif": 1}
    for salah in (terbalik, lebih, angka):
        with pytest.raises(AssertionError, match="orjson menulis"):
            serialisasi.json_bytes(Induk, salah)


def test_urut_gives_the_schema_fields_in_order() -> None:
    rows = [{"nilai": None, "lain": 1, "id": 3}]
    assert list(serialisasi.urut(Anak, rows)[0].items()) == [("id", 3), ("nilai", None)]
    tepat = [{"id": 3, "nilai": None}]
    assert serialisasi.urut(Anak, tepat) is tepat
