"""The demo token (fixed secret, every scope, idempotent, removed by hapus) and the pieces of
the API benchmark that run without the server/wrk: the URLs it loads answer 200, the deep
cursor is one the API accepts, wrk's output is read."""

import json
import urllib.request
from typing import Any

import pytest
from django.test import Client

from kinerja.api import benchmark, demo
from kinerja.api.models import SEMUA_CAKUPAN, TokenApi
from kinerja.core.models import AuditEvent
from kinerja.org import demo as org_demo
from tests.api.conftest import Dunia, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota(dunia: Dunia) -> Dunia:
    """The test world plays the demo pemkot (the benchmark looks it up by kode)."""
    dunia.org.instansi.kode = org_demo.KOTA.kode
    dunia.org.instansi.save()
    return dunia


def test_demo_token(client: Client, kota: Dunia) -> None:
    token = demo.seed()
    assert token == demo.TOKEN and token.startswith("knj_demo0001_")
    row = TokenApi.objects.get(awalan=demo.AWALAN)
    assert row.cakupan == list(SEMUA_CAKUPAN) and row.instansi == kota.org.instansi
    assert AuditEvent.objects.filter(action="api.token_dibuat", object_id=str(row.pk)).exists()
    assert client.get("/api/v1/pegawai", **bearer(token)).status_code == 200
    assert demo.seed() == token and TokenApi.objects.filter(awalan=demo.AWALAN).count() == 1
    demo.hapus([kota.org.instansi.pk])
    assert not TokenApi.objects.filter(instansi=kota.org.instansi).exists()
    assert client.get("/api/v1/pegawai", **bearer(token)).status_code == 401


def test_demo_without_instansi(db: Any) -> None:
    assert demo.seed() is None


def test_benchmark_urls_answer(client: Client, kota: Dunia) -> None:
    paths = benchmark.jalur(kota.org.instansi)
    assert set(paths) == {
        "pegawai",
        "skp",
        "evaluasi",
        "angka_kredit",
        "tpp_rekap",
        "pegawai_dalam",
        "skp_20",
        "tpp_rekap_20",
    }
    for path in paths.values():
        r = client.get(path, **bearer(kota.token))
        assert r.status_code == 200, (path, r.content)
    # the deep cursor starts in the middle: the page after it holds the later half
    deep = client.get(paths["pegawai_dalam"], **bearer(kota.token)).json()["data"]
    assert 0 < len(deep) < 5


def test_wrk_output_and_script() -> None:
    hasil = '{"rps": 612.50, "p95_ms": 21.1, "p50_ms": 9.0, "n": 613, "errors": 0, "status": 0}'
    out = f"Running 1s test\nHASIL {hasil}\n"
    assert benchmark.baca_hasil(out)["rps"] == 612.5
    script = benchmark.LUA % {"token": "knj_x"}
    assert 'wrk.headers["Authorization"] = "Bearer knj_x"' in script
    assert "latency:percentile(95)" in script
    port = benchmark.port_bebas()
    assert 1024 < port < 65536


def test_server_is_granian_and_answers() -> None:
    """The benchmark's server is the production one (README step 6), started as there."""
    with benchmark.server(benchmark.port_bebas()) as base:
        url = f"{base}/api/v1/openapi.json"
        body = urllib.request.urlopen(url, timeout=10).read()  # noqa: S310
    assert json.loads(body)["openapi"].startswith("3.1")
