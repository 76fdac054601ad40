"""Every endpoint's shape and meaning with a token of instansi A, pinned query counts, ETags,
the error envelope and scopes."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils.http import http_date

from kinerja.api.models import Cakupan
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from tests.api.conftest import BULAN, Dunia, api_get, bearer, problem, token_dengan

pytestmark = pytest.mark.django_db


def body(r: Any) -> Any:
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/json"
    return r.json()


def test_unor_and_subtree_filter(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    rows = body(api_get(client, "/unor", dunia.token))["data"]
    assert {r["kode"] for r in rows} == {"A-D", "A-B", "A-S"}
    seksi = next(r for r in rows if r["kode"] == "A-S")
    assert seksi == {
        "id": o.seksi.pk,
        "kode": "A-S",
        "nama": "Seksi A",
        "induk_id": o.bidang.pk,
        "path": o.seksi.path,
        "kedalaman": 2,
        "aktif": True,
        "updated_at": seksi["updated_at"],
    }
    sub = body(api_get(client, "/unor", dunia.token, unor=o.bidang.pk))["data"]
    assert {r["kode"] for r in sub} == {"A-B", "A-S"}


def test_pegawai_list_filter_and_detail(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    rows = body(api_get(client, "/pegawai", dunia.token))["data"]
    assert len(rows) == 5
    staf = next(r for r in rows if r["nip"] == o.staf.nip)
    assert staf["unor_kode"] == "A-S" and staf["unor_nama"] == "Seksi A"
    assert staf["jabatan_nama"] == "Pengelola Data A" and staf["kelas_jabatan"] == 7
    assert staf["aktif"] is True and staf["jenis_asn"] == "PNS"
    seksi = body(api_get(client, "/pegawai", dunia.token, unor=o.seksi.pk))["data"]
    assert {r["nip"] for r in seksi} == {o.staf.nip, o.kasi.nip}
    r = api_get(client, f"/pegawai/{o.staf.nip}", dunia.token)
    assert body(r) == staf
    o.staf.refresh_from_db()
    assert r["Last-Modified"] == http_date(int(o.staf.updated_at.timestamp()))


def test_periode(client: Client, dunia: Dunia) -> None:
    rows = body(api_get(client, "/periode", dunia.token, tahun=dunia.tahun))
    assert rows["sync_token"] is None
    tw1 = next(r for r in rows["data"] if r["id"] == dunia.tpp.tw1.pk)
    assert tw1["jenis"] == "Triwulanan" and tw1["nomor"] == 1
    assert tw1["mulai"] == f"{dunia.tahun}-01-01" and tw1["selesai"] == f"{dunia.tahun}-03-31"
    assert body(api_get(client, "/periode", dunia.token, tahun=2099))["data"] == []


def test_skp_nested_rhk_iki(client: Client, dunia: Dunia) -> None:
    rows = body(api_get(client, "/skp", dunia.token, tahun=dunia.tahun))["data"]
    assert len(rows) == 5
    skp = next(r for r in rows if r["nip"] == dunia.org.staf.nip)
    assert skp["status"] == "Disetujui" and skp["berlaku"] is True
    assert skp["penilai_id"] == dunia.org.kasi.pk
    [rhk] = skp["rhk"]
    assert rhk["rhk"] == "Tersedianya data kepegawaian" and rhk["kunci"] == str(dunia.rhk.kunci)
    assert [(i["indikator"], i["aspek"], i["target_min"], i["target_max"]) for i in rhk["iki"]] == [
        ("Indikator 1", "Kuantitas", "10.00", "12.50"),
        ("Indikator 2", "Waktu", "10.00", "12.50"),
    ]
    single = body(api_get(client, f"/skp/{skp['id']}", dunia.token))
    assert single == skp
    assert body(api_get(client, "/skp", dunia.token, tahun=dunia.tahun + 1))["data"] == []


def test_evaluasi_final_only_post_keberatan(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    rows = body(api_get(client, "/evaluasi", dunia.token, periode=dunia.tpp.tw1.pk))["data"]
    # kasi is rated but still a draft: internal, never served
    assert {r["nip"] for r in rows} == {o.staf.nip, o.staf_bidang.nip}
    sb = next(r for r in rows if r["nip"] == o.staf_bidang.nip)
    # Butuh Perbaikan, changed to Baik by the keberatan: the post-keberatan values, versi 2
    assert (sb["status"], sb["predikat"], sb["versi"]) == ("Diubah", "Baik", 2)
    assert sb["rating_hasil_kerja"] == "Sesuai Ekspektasi"
    assert sb["periode_jenis"] == "Triwulanan" and sb["periode_tahun"] == dunia.tahun
    assert body(api_get(client, f"/evaluasi/{sb['id']}", dunia.token)) == sb
    draft = Evaluasi.objects.get(pegawai=o.kasi, status=StatusEvaluasi.DRAFT)
    problem(api_get(client, f"/evaluasi/{draft.pk}", dunia.token), 404, "not_found")
    assert body(api_get(client, "/evaluasi", dunia.token, tahun=dunia.tahun + 1))["data"] == []


def test_angka_kredit(client: Client, dunia: Dunia) -> None:
    [row] = body(api_get(client, "/angka-kredit", dunia.token))["data"]
    assert row["nip"] == dunia.org.staf.nip and row["evaluasi_id"] == dunia.ev_staf.pk
    assert (row["koefisien"], row["persentase"], row["nilai"]) == ("12.50", "100.00", "3.125")
    assert row["jenjang_nama"] and row["bulan"] == 3
    kosong = api_get(client, "/angka-kredit", dunia.token, periode=dunia.tpp.tw1.pk + 99)
    assert body(kosong)["data"] == []


def test_tpp_rekap(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    page = body(api_get(client, "/tpp/rekap", dunia.token, tahun=dunia.tahun, bulan=BULAN))
    assert (page["tahun"], page["bulan"]) == (dunia.tahun, BULAN)
    by_nip = {r["nip"]: r for r in page["data"]}
    assert set(by_nip) == {p.nip for p in (o.kepala, o.kabid, o.kasi, o.staf, o.staf_bidang)}
    staf = by_nip[o.staf.nip]
    # kelas 7: Rp3.000.000; Baik 100% x 60% + disiplin 90% x 40% = 1.800.000 + 1.080.000
    assert staf["besaran"] == 3_000_000 and staf["predikat"] == "Baik"
    assert (staf["komponen_kinerja"], staf["komponen_disiplin"]) == (1_800_000, 1_080_000)
    assert staf["jumlah"] == 2_880_000 and staf["persen_disiplin"] == "90.00"
    assert staf["menit_efektif"] == 360
    # pending, never zero: kasi's result is not final
    kasi = by_nip[o.kasi.nip]
    assert kasi["predikat"] == "Belum final" and kasi["jumlah"] is None and kasi["keterangan"]
    unit = body(
        api_get(client, "/tpp/rekap", dunia.token, tahun=dunia.tahun, bulan=BULAN, unor=o.seksi.pk)
    )
    assert {r["nip"] for r in unit["data"]} == {o.staf.nip, o.kasi.nip}
    problem(api_get(client, "/tpp/rekap", dunia.token, tahun=dunia.tahun), 422, "validation_error")


def test_predikat_tahunan(client: Client, dunia: Dunia) -> None:
    o = dunia.org
    ev = Evaluasi.objects.get(pegawai=o.staf, periode=dunia.tpp.tw1)
    tahunan = dunia.tpp.d.tahunan
    Evaluasi.objects.filter(pk=ev.pk).update(periode=tahunan)  # the final result, as annual
    r = body(api_get(client, f"/pegawai/{o.staf.nip}/predikat-tahunan", dunia.token))
    assert r == {
        "nip": o.staf.nip,
        "data": [
            {"tahun": dunia.tahun, "predikat": "Baik", "status": "Final", "evaluasi_id": ev.pk}
        ],
    }
    kosong = body(api_get(client, f"/pegawai/{o.kasi.nip}/predikat-tahunan", dunia.token))
    assert kosong["data"] == []


# --- Query counts: token + page (+ nested / recap lookups) ---------------------------------

QUERIES = {
    "/unor": 2,
    "/pegawai": 2,
    "/periode": 2,
    "/skp": 4,  # + RHK + IKI
    "/evaluasi": 2,
    "/angka-kredit": 2,
    "/pegawai/{nip}": 2,
    "/skp/{id}": 4,
    "/evaluasi/{id}": 2,
    "/pegawai/{nip}/predikat-tahunan": 3,
    # token, pegawai page, then the recap's: konfigurasi, besaran, periods, evaluasi, menit,
    # disiplin
    "/tpp/rekap": 8,
}


def _url(dunia: Dunia, name: str) -> tuple[str, dict[str, Any]]:
    o = dunia.org
    skp_id = dunia.tpp.d.skp["staf"].pk
    path = (
        name.replace("{nip}", o.staf.nip)
        .replace("/skp/{id}", f"/skp/{skp_id}")
        .replace("{id}", str(dunia.ev_staf.pk))
    )
    params = {"tahun": dunia.tahun, "bulan": BULAN} if name == "/tpp/rekap" else {}
    return path, params


def test_query_counts(client: Client, dunia: Dunia, django_assert_num_queries: Any) -> None:
    for name, n in QUERIES.items():
        path, params = _url(dunia, name)
        assert api_get(client, path, dunia.token, **params).status_code == 200
        with django_assert_num_queries(n):
            assert api_get(client, path, dunia.token, **params).status_code == 200, name


def test_list_query_count_does_not_grow(
    client: Client, dunia: Dunia, django_assert_num_queries: Any
) -> None:
    from tests.factories import PegawaiFactory, place

    o = dunia.org
    for n in range(20):
        place(PegawaiFactory(instansi=o.instansi, nama=f"Tambahan {n}"), o.seksi, o.jabatan_staf)
    api_get(client, "/pegawai", dunia.token)
    with django_assert_num_queries(2):
        assert len(api_get(client, "/pegawai", dunia.token).json()["data"]) == 25
    with django_assert_num_queries(8):
        r = api_get(client, "/tpp/rekap", dunia.token, tahun=dunia.tahun, bulan=BULAN)
        assert len(r.json()["data"]) == 25


# --- ETag ------------------------------------------------------------------------------------


def test_etag_304_and_change(client: Client, dunia: Dunia) -> None:
    r = api_get(client, "/pegawai", dunia.token)
    etag = r["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/v1/pegawai", HTTP_IF_NONE_MATCH=etag, **bearer(dunia.token))
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    rekap = f"/api/v1/tpp/rekap?tahun={dunia.tahun}&bulan={BULAN}"
    tag = client.get(rekap, **bearer(dunia.token))["ETag"]
    assert client.get(rekap, HTTP_IF_NONE_MATCH=tag, **bearer(dunia.token)).status_code == 304
    dunia.org.staf.nama = "Staf Baru"
    dunia.org.staf.save()
    changed = client.get("/api/v1/pegawai", HTTP_IF_NONE_MATCH=etag, **bearer(dunia.token))
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_last_modified_on_single_object(client: Client, dunia: Dunia) -> None:
    path = f"/api/v1/pegawai/{dunia.org.staf.nip}"
    r = client.get(path, **bearer(dunia.token))
    later = http_date((dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).timestamp())
    cached = client.get(path, HTTP_IF_MODIFIED_SINCE=later, **bearer(dunia.token))
    assert cached.status_code == 304
    earlier = http_date(0)
    assert (
        client.get(path, HTTP_IF_MODIFIED_SINCE=earlier, **bearer(dunia.token)).status_code == 200
    )
    assert r["Last-Modified"]


# --- Errors and scopes -----------------------------------------------------------------------


def test_error_envelope(client: Client, dunia: Dunia) -> None:
    problem(api_get(client, "/pegawai/000000000000000000", dunia.token), 404, "not_found")
    p = problem(api_get(client, "/pegawai", dunia.token, limit=0), 422, "validation_error")
    assert p["errors"][0]["loc"] == ["query", "limit"]
    problem(api_get(client, "/pegawai", dunia.token, limit=501), 422, "validation_error")
    p = problem(
        api_get(client, "/pegawai", dunia.token, updated_since="1700000000"),
        422,
        "validation_error",
    )
    assert p["errors"][0]["loc"] == ["query", "updated_since"]
    problem(
        api_get(client, "/pegawai", dunia.token, updated_since="2026-01-01T00:00:00"),
        422,
        "validation_error",
    )  # no zone: ambiguous
    problem(api_get(client, "/pegawai", dunia.token, cursor="!!"), 400, "invalid_cursor")
    problem(api_get(client, "/pegawai", dunia.token, unor=999999), 404, "not_found")
    r = problem(api_get(client, "/pegawai"), 401, "invalid_token")
    assert "Bearer" in r["detail"]
    problem(api_get(client, "/pegawai", "knj_abcdefgh_" + "x" * 43), 401, "invalid_token")
    problem(api_get(client, "/pegawai", "rubbish"), 401, "invalid_token")


SCOPES = [
    ("/unor", Cakupan.BACA_ORG),
    ("/pegawai", Cakupan.BACA_ORG),
    ("/periode", Cakupan.BACA_ORG),
    ("/skp", Cakupan.BACA_SKP),
    ("/evaluasi", Cakupan.BACA_PENILAIAN),
    ("/angka-kredit", Cakupan.BACA_ANGKAKREDIT),
    ("/tpp/rekap?tahun=2026&bulan=2", Cakupan.BACA_TPP),
]


def test_scope_required(client: Client, dunia: Dunia) -> None:
    for path, cakupan in SCOPES:
        semua_lain = [c for c in Cakupan.values if c != cakupan]
        token = token_dengan(dunia.org, *semua_lain)
        p = problem(client.get(f"/api/v1{path}", **bearer(token)), 403, "insufficient_scope")
        assert cakupan in p["detail"]
        hanya = token_dengan(dunia.org, cakupan)
        assert client.get(f"/api/v1{path}", **bearer(hanya)).status_code == 200, path


def test_predikat_tahunan_needs_both_scopes(client: Client, dunia: Dunia) -> None:
    path = f"/pegawai/{dunia.org.staf.nip}/predikat-tahunan"
    problem(
        api_get(client, path, token_dengan(dunia.org, Cakupan.BACA_ORG)), 403, "insufficient_scope"
    )
    problem(
        api_get(client, path, token_dengan(dunia.org, Cakupan.BACA_PENILAIAN)),
        403,
        "insufficient_scope",
    )


def test_openapi_and_docs(client: Client, db: None) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    assert "/api/v1/tpp/rekap" in doc["paths"] and "/api/v1/disiplin" in doc["paths"]
    for path in doc["paths"].values():
        for op in path.values():
            for status in ("400", "401", "403", "404", "422"):
                assert "application/problem+json" in op["responses"][status]["content"]
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_every_answer_is_json(client: Client, dunia: Dunia) -> None:
    problem(api_get(client, "/tidak/ada", dunia.token), 404, "not_found")
    p = problem(client.delete("/api/v1/pegawai", **bearer(dunia.token)), 405, "method_not_allowed")
    assert "GET" in p["detail"]
    bad = client.post(
        "/api/v1/disiplin", "{", content_type="application/json", **bearer(dunia.token)
    )
    problem(bad, 400, "invalid_json")
