"""Page queries compiled once per shape (pagination.halaman_cepat): every list,
with every filter, answers exactly what the ORM answers, and a shape is compiled once."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.api import pagination
from kinerja.org.models import Pegawai
from tests.api.conftest import Dunia, api_get

pytestmark = pytest.mark.django_db


def _semua_cara(client: Client, d: Dunia, path: str, **params: Any) -> list[Any]:
    pages = []
    cursor = None
    while True:
        q = dict(params, limit=2, **({"cursor": cursor} if cursor else {}))
        r = api_get(client, path, d.token, **q)
        assert r.status_code == 200, r.content
        body = r.json()
        pages.append((body["data"], body["next"]))
        cursor = body["next"]
        if cursor is None:
            return pages


def test_compiled_equals_orm(client: Client, dunia: Dunia, monkeypatch: Any) -> None:
    o = dunia.org
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    cases = [
        ("/unor", {}),
        ("/unor", {"unor": o.bidang.pk, "updated_since": since}),
        ("/pegawai", {}),
        ("/pegawai", {"unor": o.seksi.pk}),
        ("/pegawai", {"updated_since": since}),
        ("/periode", {"tahun": dunia.tahun}),
        ("/skp", {"tahun": dunia.tahun, "unor": o.bidang.pk}),
        ("/evaluasi", {"periode": dunia.tpp.tw1.pk, "tahun": dunia.tahun}),
        ("/evaluasi", {"unor": o.seksi.pk, "updated_since": since}),
        ("/angka-kredit", {"tahun": dunia.tahun, "unor": o.dinas.pk}),
    ]
    pagination._RESEP.clear()
    cepat = [_semua_cara(client, dunia, p, **params) for p, params in cases]
    assert pagination._RESEP and not pagination._CACAT
    monkeypatch.setattr(pagination, "CEPAT", False)
    orm = [_semua_cara(client, dunia, p, **params) for p, params in cases]
    for (path, params), a, b in zip(cases, cepat, orm, strict=True):
        assert a == b, (path, params)
        assert sum(len(rows) for rows, _ in a) > 0, (path, params)


def test_shape_compiled_once_and_values_filled_in(
    client: Client, dunia: Dunia, django_assert_num_queries: Any
) -> None:
    pagination._RESEP.clear()
    first = api_get(client, "/pegawai", dunia.token, unor=dunia.org.seksi.pk).json()["data"]
    n = len(pagination._RESEP)
    second = api_get(client, "/pegawai", dunia.token, unor=dunia.org.bidang.pk).json()["data"]
    assert len(pagination._RESEP) == n  # the same shape: no new compilation
    api_get(client, "/pegawai", dunia.token, unor=dunia.org.bidang.pk, limit=7)
    assert len(pagination._RESEP) == n  # nor for another page size
    assert {r["unor_kode"] for r in first} == {"A-S"}
    assert {r["unor_kode"] for r in second} == {"A-B", "A-S"}
    Pegawai.objects.filter(pk=dunia.org.staf.pk).update(nama="Staf 100% _Baru")
    with django_assert_num_queries(3):  # token, unit path, page
        rows = api_get(client, "/pegawai", dunia.token, unor=dunia.org.seksi.pk).json()["data"]
    assert "Staf 100% _Baru" in {r["nama"] for r in rows}


def test_untraceable_shape_falls_back_to_the_orm(dunia: Dunia) -> None:
    from kinerja.api.routers.org import PEGAWAI_FIELDS

    names = tuple(k for k in PEGAWAI_FIELDS if PEGAWAI_FIELDS[k] is None)
    # `build` ignores one of its values: it cannot be traced, so the ORM serves the shape
    page = pagination.halaman_cepat(
        "uji",
        lambda v: Pegawai.objects.filter(instansi_id=dunia.org.instansi.pk),
        {"instansi": dunia.org.instansi.pk, "tidak_dipakai": 5},
        names,
        filters={},
        cursor=None,
        limit=3,
        mulai=timezone.now(),
    )
    assert len(page.rows) == 3 and page.next
    assert any(k[0] == "uji" for k in pagination._CACAT)
