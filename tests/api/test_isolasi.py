"""A token of instansi A sees nothing of instansi B: every list holds only A's rows, every B
object asked by id or NIP is 404, and B's unit as a filter is 404. The UI's session calls see
what the user sees in the UI."""

import json
from typing import Any

import pytest
from django.test import Client

from kinerja.penilaian.models import Evaluasi
from tests.api.conftest import BULAN, Dunia, api_get, bearer, problem, semua
from tests.conftest import login

pytestmark = pytest.mark.django_db

LISTS = ["/unor", "/pegawai", "/periode", "/skp", "/evaluasi", "/angka-kredit", "/tpp/rekap"]


def _params(d: Dunia, path: str) -> dict[str, Any]:
    return {"tahun": d.tahun, "bulan": BULAN} if path == "/tpp/rekap" else {}


def _ids(d: Dunia) -> dict[str, set[Any]]:
    o, i = d.org, d.org.instansi.pk
    from kinerja.org.models import Pegawai, UnitOrganisasi
    from kinerja.pelaksanaan.models import PeriodePenilaian
    from kinerja.perencanaan.models import Skp
    from kinerja.tindaklanjut.angkakredit.models import AngkaKredit

    pegawai = set(Pegawai.objects.filter(instansi_id=i).values_list("id", flat=True))
    return {
        "/unor": set(UnitOrganisasi.objects.filter(instansi_id=i).values_list("id", flat=True)),
        "/pegawai": pegawai,
        "/periode": set(
            PeriodePenilaian.objects.filter(instansi_id=i).values_list("id", flat=True)
        ),
        "/skp": set(Skp.objects.filter(instansi_id=i).values_list("id", flat=True)),
        "/evaluasi": set(Evaluasi.objects.filter(instansi_id=i).values_list("id", flat=True)),
        "/angka-kredit": set(
            AngkaKredit.objects.filter(instansi_id=i).values_list("id", flat=True)
        ),
        "/tpp/rekap": pegawai,
        "nip": {o.staf.nip},
    }


def test_token_of_a_sees_nothing_of_b(client: Client, dunia: Dunia, dunia_b: Dunia) -> None:
    a, b = _ids(dunia), _ids(dunia_b)
    for path in LISTS:
        rows = semua(client, path, dunia.token, **_params(dunia, path))
        key = "pegawai_id" if path == "/tpp/rekap" else "id"
        got = {r[key] for r in rows}
        assert got and got <= a[path], path
        assert not got & b[path], path
        # and B's token sees B's rows only
        rows_b = semua(client, path, dunia_b.token, **_params(dunia_b, path))
        assert {r[key] for r in rows_b} <= b[path], path


def test_b_objects_by_id_or_nip_are_404(client: Client, dunia: Dunia, dunia_b: Dunia) -> None:
    ob = dunia_b.org
    t = dunia.token
    ev_b = dunia_b.ev_staf.pk
    skp_b = dunia_b.tpp.d.skp["staf"].pk
    for path in [
        f"/pegawai/{ob.staf.nip}",
        f"/pegawai/{ob.staf.nip}/predikat-tahunan",
        f"/skp/{skp_b}",
        f"/evaluasi/{ev_b}",
    ]:
        problem(api_get(client, path, t), 404, "not_found")
        assert api_get(client, path, dunia_b.token).status_code == 200, path
    for path in ["/unor", "/pegawai", "/skp", "/evaluasi", "/angka-kredit"]:
        problem(api_get(client, path, t, unor=ob.seksi.pk), 404, "not_found")
    problem(
        api_get(client, "/tpp/rekap", t, tahun=dunia.tahun, bulan=BULAN, unor=ob.seksi.pk),
        404,
        "not_found",
    )
    # a filter on B's period just finds nothing
    for path in ["/evaluasi", "/angka-kredit"]:
        r = api_get(client, path, t, periode=dunia_b.tpp.tw1.pk)
        assert r.json()["data"] == []


def test_disiplin_of_b_pegawai_refused(client: Client, dunia: Dunia, dunia_b: Dunia) -> None:
    from kinerja.tindaklanjut.tpp.models import Disiplin

    before = Disiplin.objects.filter(instansi=dunia_b.org.instansi).count()
    r = client.post(
        "/api/v1/disiplin",
        json.dumps(
            {
                "tahun": dunia.tahun,
                "bulan": 5,
                "baris": [{"nip": dunia_b.org.staf.nip, "persen_disiplin": 95}],
            }
        ),
        content_type="application/json",
        **bearer(dunia.token),
    )
    p = problem(r, 422, "validation_error")
    assert p["errors"][0]["loc"] == ["body", "baris", 0, "nip"]
    assert Disiplin.objects.filter(instansi=dunia_b.org.instansi).count() == before


# --- Session auth: the UI's own calls -------------------------------------------------------


def _nips(client: Client, path: str) -> set[str]:
    r = client.get(f"/api/v1{path}")
    assert r.status_code == 200, r.content
    return {row["nip"] for row in r.json()["data"]}


def test_session_admin_sees_instansi(client: Client, dunia: Dunia, dunia_b: Dunia) -> None:
    o = dunia.org
    login(client, o.admin)
    assert len(_nips(client, "/pegawai")) == 5
    assert len(_nips(client, "/skp")) == 5
    r = client.get(f"/api/v1/tpp/rekap?tahun={dunia.tahun}&bulan={BULAN}")
    assert r.status_code == 200 and len(r.json()["data"]) == 5
    assert client.get(f"/api/v1/pegawai/{dunia_b.org.staf.nip}").status_code == 404


def test_session_pegawai_sees_self_and_those_they_rate(client: Client, dunia: Dunia) -> None:
    o, users = dunia.org, dunia.tpp.d.users
    login(client, users["staf"])
    assert _nips(client, "/pegawai") == {o.staf.nip}
    assert _nips(client, "/skp") == {o.staf.nip}
    assert _nips(client, "/evaluasi") == {o.staf.nip}
    assert _nips(client, "/angka-kredit") == {o.staf.nip}
    problem(client.get(f"/api/v1/pegawai/{o.kasi.nip}"), 404, "not_found")
    problem(client.get(f"/api/v1/skp/{dunia.tpp.d.skp['kasi'].pk}"), 404, "not_found")
    sb = Evaluasi.objects.get(pegawai=o.staf_bidang, periode=dunia.tpp.tw1)
    problem(client.get(f"/api/v1/evaluasi/{sb.pk}"), 404, "not_found")
    p = problem(
        client.get(f"/api/v1/tpp/rekap?tahun={dunia.tahun}&bulan={BULAN}"),
        403,
        "insufficient_scope",
    )
    assert "baca:tpp" in p["detail"]
    # the structure of the instansi is not personal
    assert client.get("/api/v1/unor").json()["data"]

    client.logout()
    login(client, users["kasi"])  # penilai of staf
    assert _nips(client, "/pegawai") == {o.kasi.nip, o.staf.nip}
    assert _nips(client, "/skp") == {o.kasi.nip, o.staf.nip}
    # kasi's own result is a draft (internal); staf's is final
    assert _nips(client, "/evaluasi") == {o.staf.nip}
    assert _nips(client, "/angka-kredit") == {o.staf.nip}

    client.logout()
    login(client, users["kabid"])  # penilai of kasi and staf_bidang, atasan penilai of staf
    assert _nips(client, "/pegawai") == {o.kabid.nip, o.kasi.nip, o.staf_bidang.nip, o.staf.nip}


def test_session_without_instansi_and_anonymous(
    client: Client, dunia: Dunia, admin_nasional: Any
) -> None:
    problem(client.get("/api/v1/pegawai"), 401, "invalid_token")
    login(client, admin_nasional)
    problem(client.get("/api/v1/pegawai"), 403, "insufficient_scope")


def test_session_write_checks_csrf(dunia: Dunia) -> None:
    o = dunia.org
    client = Client(enforce_csrf_checks=True)
    login(client, o.admin)
    data = json.dumps(
        {"tahun": dunia.tahun, "bulan": 6, "baris": [{"nip": o.staf.nip, "persen_disiplin": 99}]}
    )
    problem(
        client.post("/api/v1/disiplin", data, content_type="application/json"), 403, "csrf_failed"
    )
    client.get("/token-api/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    r = client.post(
        "/api/v1/disiplin", data, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert r.status_code == 200 and r.json()["disimpan"] == 1
    # a pegawai's session has no tulis:disiplin
    staf = Client()
    login(staf, dunia.tpp.d.users["staf"])
    problem(
        staf.post("/api/v1/disiplin", data, content_type="application/json"),
        403,
        "insufficient_scope",
    )
