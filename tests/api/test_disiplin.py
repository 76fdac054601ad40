"""POST /api/v1/disiplin: the monthly attendance from the attendance/payroll system, checked
like a file import row, all or nothing, audited."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from kinerja.api.models import Cakupan
from kinerja.core.models import AuditEvent
from kinerja.tindaklanjut.tpp.models import Disiplin
from tests.api.conftest import BULAN, Dunia, bearer, problem, token_dengan

pytestmark = pytest.mark.django_db
BULAN_BARU = 7


def kirim(client: Client, token: str, data: Any) -> Any:
    return client.post(
        "/api/v1/disiplin", json.dumps(data), content_type="application/json", **bearer(token)
    )


def test_stores_and_audits(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    data = {
        "tahun": dunia.tahun,
        "bulan": BULAN_BARU,
        "baris": [
            {
                "nip": o.staf.nip,
                "persen_disiplin": "97.5",
                "hari_kerja": 21,
                "hadir": 20,
                "terlambat_menit": 35,
                "keterangan": "Cuti 1 hari",
            },
            {"nip": o.kasi.nip, "persen_disiplin": 100},
        ],
    }
    r = kirim(client, dunia.token, data)
    assert r.status_code == 200, r.content
    assert r.json() == {
        "tahun": dunia.tahun,
        "bulan": BULAN_BARU,
        "disimpan": 2,
        "baru": 2,
        "diganti": 0,
    }
    staf = Disiplin.objects.get(pegawai=o.staf, tahun=dunia.tahun, bulan=BULAN_BARU)
    assert staf.persen == Decimal("97.50")
    assert staf.details == {
        "hari_kerja": 21,
        "hadir": 20,
        "terlambat_menit": 35,
        "keterangan": "Cuti 1 hari",
    }
    assert staf.sumber.startswith("API Payroll (knj_")
    event = AuditEvent.objects.get(action="tpp.disiplin_dikirim")
    assert event.instansi_id == o.instansi.pk and event.actor is None
    assert dunia.token_row.awalan in event.reason and event.after["disimpan"] == 2
    # sending again is idempotent: the same rows, replaced
    again = kirim(client, dunia.token, {**data, "baris": data["baris"][:1]})
    assert again.json()["diganti"] == 1 and again.json()["baru"] == 0
    assert Disiplin.objects.filter(tahun=dunia.tahun, bulan=BULAN_BARU).count() == 2
    # other months are untouched
    assert Disiplin.objects.filter(pegawai=o.staf, tahun=dunia.tahun, bulan=BULAN).exists()


@pytest.mark.parametrize(
    ("baris", "loc", "pesan"),
    [
        (
            [{"nip": "199001012020121001", "persen_disiplin": 90}],
            ["body", "baris", 0, "nip"],
            "tidak terdaftar",
        ),
        (
            [{"nip": "STAF", "persen_disiplin": 90}, {"nip": "STAF", "persen_disiplin": 80}],
            ["body", "baris", 1, "nip"],
            "sudah ada di baris 1",
        ),
        (
            [{"nip": "STAF", "persen_disiplin": 90, "hari_kerja": 20, "hadir": 21}],
            ["body", "baris", 0, "hadir"],
            "tidak boleh lebih",
        ),
        ([{"nip": "123", "persen_disiplin": 90}], ["body", "baris", 0, "nip"], "18 digit"),
    ],
)
def test_row_errors_store_nothing(
    client: Client, dunia: Dunia, baris: list[dict[str, Any]], loc: list[Any], pesan: str
) -> None:
    for b in baris:
        if b["nip"] == "STAF":
            b["nip"] = dunia.org.staf.nip
    before = Disiplin.objects.count(), AuditEvent.objects.count()
    p = problem(
        kirim(client, dunia.token, {"tahun": dunia.tahun, "bulan": BULAN_BARU, "baris": baris}),
        422,
        "validation_error",
    )
    assert [e["loc"] for e in p["errors"]] == [loc]
    assert pesan in p["errors"][0]["msg"]
    assert (Disiplin.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        (
            {"tahun": 2026, "bulan": 13, "baris": [{"nip": "x", "persen_disiplin": 1}]},
            ["body", "bulan"],
        ),
        ({"tahun": 2026, "bulan": 1, "baris": []}, ["body", "baris"]),
        (
            {"tahun": 2026, "bulan": 1, "baris": [{"nip": "x", "persen_disiplin": 100.5}]},
            ["body", "baris", 0, "persen_disiplin"],
        ),
        (
            {"tahun": 2026, "bulan": 1, "baris": [{"nip": "x", "persen_disiplin": "9.999"}]},
            ["body", "baris", 0, "persen_disiplin"],
        ),
        (
            {"tahun": 2026, "bulan": 1, "baris": [{"persen_disiplin": 1}]},
            ["body", "baris", 0, "nip"],
        ),
        ({"tahun": 2026, "bulan": 1}, ["body", "baris"]),
    ],
)
def test_schema_errors(client: Client, dunia: Dunia, data: Any, loc: list[Any]) -> None:
    p = problem(kirim(client, dunia.token, data), 422, "validation_error")
    assert loc in [e["loc"] for e in p["errors"]]
    assert all(e["msg"] for e in p["errors"])


def test_not_json(client: Client, dunia: Dunia) -> None:
    r = client.post(
        "/api/v1/disiplin", "tidak json", content_type="application/json", **bearer(dunia.token)
    )
    problem(r, 400, "invalid_json")


def test_needs_write_scope(client: Client, dunia: Dunia) -> None:
    token = token_dengan(dunia.org, *[c for c in Cakupan.values if c != Cakupan.TULIS_DISIPLIN])
    data = {
        "tahun": dunia.tahun,
        "bulan": 1,
        "baris": [{"nip": dunia.org.staf.nip, "persen_disiplin": 1}],
    }
    p = problem(kirim(client, token, data), 403, "insufficient_scope")
    assert "tulis:disiplin" in p["detail"]
    assert not Disiplin.objects.filter(bulan=1).exists()
    hanya = token_dengan(dunia.org, Cakupan.TULIS_DISIPLIN)
    assert kirim(client, hanya, data).status_code == 200
    problem(client.get("/api/v1/pegawai", **bearer(hanya)), 403, "insufficient_scope")
