"""Keyset pagination on (updated_at, id): many rows, rows changing between pages, the
updated_since / sync_token contract, and cursors that do not fit."""

import base64
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.api import pagination
from kinerja.org.models import Pegawai
from kinerja.perencanaan import services as perencanaan
from kinerja.perencanaan.models import Skp
from tests.api.conftest import Dunia, api_get, problem, semua
from tests.factories import PegawaiFactory, place

pytestmark = pytest.mark.django_db


def _banyak(d: Dunia, n: int) -> list[int]:
    o = d.org
    ids = []
    for i in range(n):
        p = PegawaiFactory(instansi=o.instansi, nama=f"Pegawai {i:03d}")
        place(p, o.seksi, o.jabatan_staf)
        ids.append(p.pk)
    # many rows share one updated_at (a bulk import): the id breaks the tie
    same = timezone.now() - dt.timedelta(minutes=10)
    Pegawai.objects.filter(pk__in=ids[: n // 2]).update(updated_at=same)
    return ids


def test_walk_every_page(client: Client, dunia: Dunia) -> None:
    _banyak(dunia, 40)
    rows, cursor, pages = [], None, 0
    while True:
        params: dict[str, Any] = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = api_get(client, "/pegawai", dunia.token, **params).json()
        assert len(body["data"]) <= 7
        rows += body["data"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 7 and len(rows) == 45
    assert len({r["id"] for r in rows}) == 45
    keys = [(r["updated_at"], r["id"]) for r in rows]
    assert keys == sorted(keys)


def test_rows_changed_between_pages_are_not_lost(client: Client, dunia: Dunia) -> None:
    ids = _banyak(dunia, 30)
    first = api_get(client, "/pegawai", dunia.token, limit=10).json()
    served = {r["id"] for r in first["data"]}
    # Meanwhile: one row already served and one not yet served change.
    sudah = next(iter(served))
    belum = next(i for i in ids if i not in served)
    for pk, nama in [(sudah, "Berubah 1"), (belum, "Berubah 2")]:
        p = Pegawai.objects.get(pk=pk)
        p.nama = nama
        p.save()
    rest = []
    cursor = first["next"]
    while cursor:
        body = api_get(client, "/pegawai", dunia.token, limit=10, cursor=cursor).json()
        rest += body["data"]
        cursor = body["next"]
    seen = served | {r["id"] for r in rest}
    assert seen == set(
        Pegawai.objects.filter(instansi=dunia.org.instansi).values_list("id", flat=True)
    )
    # a changed row moves to the end: it comes again with its new content
    by_id = {r["id"]: r for r in rest}
    assert by_id[sudah]["nama"] == "Berubah 1" and by_id[belum]["nama"] == "Berubah 2"


def test_updated_since_and_sync_token(client: Client, dunia: Dunia) -> None:
    ids = _banyak(dunia, 6)
    start = timezone.now()
    full = api_get(client, "/pegawai", dunia.token).json()
    sync = dt.datetime.fromisoformat(full["sync_token"])
    # min(largest updated_at served, request start - 120 s)
    assert sync <= start - dt.timedelta(seconds=119)
    # Everything older than the sync token is not sent again; anything changed after is.
    old = sync - dt.timedelta(hours=1)
    Pegawai.objects.filter(instansi=dunia.org.instansi).update(updated_at=old)
    Pegawai.objects.filter(pk=ids[0]).update(updated_at=timezone.now())
    delta = api_get(client, "/pegawai", dunia.token, updated_since=full["sync_token"]).json()
    assert [r["id"] for r in delta["data"]] == [ids[0]]
    # the sync token never passes what was served nor the 2-minute overlap
    served = dt.datetime.fromisoformat(delta["data"][0]["updated_at"])
    assert dt.datetime.fromisoformat(delta["sync_token"]) <= served
    # with nothing new, the client's own updated_since comes back (capped by the overlap)
    since = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    empty = api_get(client, "/pegawai", dunia.token, updated_since=since).json()
    assert empty["data"] == [] and empty["next"] is None
    assert dt.datetime.fromisoformat(empty["sync_token"]) <= timezone.now() - dt.timedelta(
        seconds=119
    )


def test_sync_token_is_max_served_when_older() -> None:
    now = timezone.now()
    lama = now - dt.timedelta(hours=3)
    page = pagination.Halaman([], None, None)
    assert page.sync_token is None

    class Qs(list):  # the few QuerySet methods halaman() uses
        def filter(self, *a: Any, **k: Any) -> "Qs":
            return self

        def order_by(self, *a: Any) -> "Qs":
            return self

        def values(self, *a: Any) -> "Qs":
            return self

    rows = Qs([{"id": 1, "updated_at": lama}])
    got = pagination.halaman(
        rows, ("id", "updated_at"), filters={}, cursor=None, limit=10, mulai=now
    )  # type: ignore[arg-type]
    assert got.sync_token == lama and got.next is None


def test_updated_since_on_tpp_recap(client: Client, dunia: Dunia) -> None:
    from kinerja.tindaklanjut.tpp.models import Disiplin, KonfigurasiTpp
    from tests.api.conftest import BULAN

    params = {"tahun": dunia.tahun, "bulan": BULAN}
    later = (timezone.now() + dt.timedelta(seconds=1)).isoformat()
    assert (
        api_get(client, "/tpp/rekap", dunia.token, **params, updated_since=later).json()["data"]
        == []
    )
    since = timezone.now()
    d = Disiplin.objects.get(pegawai=dunia.org.staf, tahun=dunia.tahun, bulan=BULAN)
    d.persen = 95
    d.save()
    rows = api_get(
        client, "/tpp/rekap", dunia.token, **params, updated_since=since.isoformat()
    ).json()["data"]
    assert [r["nip"] for r in rows] == [dunia.org.staf.nip]
    assert rows[0]["persen_disiplin"] == "95.00"
    # the month's TPP configuration changed: the whole month again
    KonfigurasiTpp.objects.filter(pk=dunia.tpp.konfig.pk).update(updated_at=timezone.now())
    rows = api_get(
        client, "/tpp/rekap", dunia.token, **params, updated_since=since.isoformat()
    ).json()["data"]
    assert len(rows) == 5


def test_recap_pages(client: Client, dunia: Dunia) -> None:
    from tests.api.conftest import BULAN

    _banyak(dunia, 12)
    rows = semua(client, "/tpp/rekap", dunia.token, tahun=dunia.tahun, bulan=BULAN, limit=5)
    assert len(rows) == 17 and len({r["pegawai_id"] for r in rows}) == 17


def test_cursor_errors(client: Client, dunia: Dunia) -> None:
    _banyak(dunia, 5)
    body = api_get(client, "/pegawai", dunia.token, limit=3).json()
    cursor = body["next"]
    assert cursor and "=" not in cursor
    # reused with other filters
    p = problem(
        api_get(client, "/pegawai", dunia.token, limit=3, cursor=cursor, unor=dunia.org.seksi.pk),
        400,
        "invalid_cursor",
    )
    assert p["errors"][0]["loc"] == ["query", "cursor"]
    # on another list
    problem(api_get(client, "/skp", dunia.token, cursor=cursor), 400, "invalid_cursor")
    # tampered
    raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for bad in ({**raw, "i": "x"}, {**raw, "u": "kemarin"}, {"u": raw["u"]}, [1, 2]):
        token = base64.urlsafe_b64encode(json.dumps(bad).encode()).decode().rstrip("=")
        problem(
            api_get(client, "/pegawai", dunia.token, limit=3, cursor=token), 400, "invalid_cursor"
        )
    problem(api_get(client, "/pegawai", dunia.token, cursor="%%%"), 400, "invalid_cursor")
    # the same filters (limit may change) continue
    assert api_get(client, "/pegawai", dunia.token, limit=50, cursor=cursor).status_code == 200


@pytest.mark.parametrize("path", ["/pegawai", "/evaluasi", "/angka-kredit"])
def test_updated_since_with_any_valid_offset(client: Client, dunia: Dunia, path: str) -> None:
    """ISO 8601 allows offsets PostgreSQL refuses (found by schemathesis: +17:24); the same
    instant in UTC is what reaches the database."""
    ids = _banyak(dunia, 2)
    lama = timezone.now() - dt.timedelta(days=2)
    Pegawai.objects.filter(instansi=dunia.org.instansi).update(updated_at=lama)
    Pegawai.objects.filter(pk=ids[0]).update(updated_at=timezone.now())
    since = (timezone.now() - dt.timedelta(days=1)).astimezone(
        dt.timezone(dt.timedelta(hours=17, minutes=24))
    )
    response = api_get(client, path, dunia.token, updated_since=since.isoformat())
    assert response.status_code == 200
    if path == "/pegawai":
        assert [r["id"] for r in response.json()["data"]] == [ids[0]]
    far = api_get(client, path, dunia.token, updated_since="6505-09-26T08:22:04+17:24")
    assert far.status_code == 200 and far.json()["data"] == []
    edge = api_get(client, path, dunia.token, updated_since="0001-01-01T00:00:00+17:00")
    problem(edge, 422, "validation_error")


def test_page_after_cursor_seeks_into_a_block_of_equal_updated_at(
    client: Client, dunia: Dunia
) -> None:
    """A bulk import gives many rows one updated_at: the page after a cursor inside that block
    seeks to (instansi, u, id) in the index instead of walking the block up to the cursor."""
    from django.db import connection

    ids = _banyak(dunia, 10)
    u = Pegawai.objects.get(pk=ids[0]).updated_at
    qs = Pegawai.objects.filter(instansi=dunia.org.instansi)
    part = pagination._saring(qs, None, u, ids[2], True, pagination.SAMA)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        plan = part.values("id")[:5].explain()
        assert "Index Cond" in plan and "updated_at = " in plan and "id > " in plan, plan
    else:
        plan = part.values("id")[:5].explain()
        assert "updated_at=? AND id>?" in plan, plan
    # and the two parts together give the rows after the cursor, in order, across the block end
    body = api_get(client, "/pegawai", dunia.token, limit=6).json()
    nxt = api_get(client, "/pegawai", dunia.token, limit=6, cursor=body["next"]).json()
    keys = [(r["updated_at"], r["id"]) for r in body["data"] + nxt["data"]]
    assert keys == sorted(keys) and len(set(keys)) == 12


def test_rhk_and_iki_edits_bring_the_skp_back(client: Client, dunia: Dunia) -> None:
    """RHK and IKI are nested in their SKP: adding, changing or deleting one puts the SKP in
    the next `updated_since` read, or a payroll client would keep the old targets."""
    d = dunia.tpp.d
    staf = d.users["staf"]
    draft = perencanaan.buat_revisi(staf, d.skp["staf"])
    semua_skp = Skp.objects.filter(instansi=dunia.org.instansi)
    lama = timezone.now() - dt.timedelta(hours=1)
    since = (lama + dt.timedelta(minutes=1)).isoformat()

    def berubah() -> list[int]:
        rows = api_get(client, "/skp", dunia.token, updated_since=since).json()["data"]
        semua_skp.update(updated_at=lama)
        return [r["id"] for r in rows]

    semua_skp.update(updated_at=lama)
    assert berubah() == []
    rhk = perencanaan.simpan_rhk(staf, draft, rhk="Tersusunnya laporan")
    assert berubah() == [draft.pk]
    isi = {"aspek": "Kuantitas", "target_min": Decimal("1"), "satuan": "laporan"}
    iki = perencanaan.simpan_iki(
        staf, rhk, indikator="Laporan tersusun", target_max=Decimal("2"), **isi
    )
    assert berubah() == [draft.pk]
    perencanaan.simpan_iki(staf, rhk, indikator="Laporan", target_max=Decimal("3"), obj=iki, **isi)
    assert berubah() == [draft.pk]
    perencanaan.hapus_iki(staf, iki)
    assert berubah() == [draft.pk]
    perencanaan.hapus_rhk(staf, rhk)
    assert berubah() == [draft.pk]
