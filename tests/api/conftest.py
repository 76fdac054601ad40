"""A TPP-complete world (tests/tindaklanjut/tpp/conftest.buat_dunia_tpp: approved SKPs, final
evaluations, a keberatan decided Diubah, disiplin, a TPP configuration) for instansi A and B,
plus RHK/IKI, an angka kredit row and a token with every scope for each."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.api import services
from kinerja.api.models import SEMUA_CAKUPAN, TokenApi
from kinerja.org.models import JenjangFungsional
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.perencanaan.models import IndikatorKinerja, RencanaHasilKerja
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit
from tests.conftest import Org
from tests.tindaklanjut.tpp.conftest import BULAN, DuniaTpp, buat_dunia_tpp

__all__ = ["BULAN", "Dunia", "api_get", "bearer", "problem", "semua"]


@dataclass
class Dunia:
    tpp: DuniaTpp
    token: str
    token_row: TokenApi
    ev_staf: Evaluasi
    ak: AngkaKredit
    rhk: RencanaHasilKerja

    @property
    def org(self) -> Org:
        return self.tpp.org

    @property
    def tahun(self) -> int:
        return self.tpp.tw1.tahun


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api_get(client: Client, path: str, token: str | None = None, **params: Any) -> Any:
    headers = bearer(token) if token else {}
    return client.get(f"/api/v1{path}", params, **headers)


def buat(org: Org) -> Dunia:
    d = buat_dunia_tpp(org)
    skp = d.d.skp["staf"]
    rhk = RencanaHasilKerja.objects.create(
        instansi=org.instansi, skp=skp, rhk="Tersedianya data kepegawaian", urutan=1
    )
    for n, aspek in enumerate(["Kuantitas", "Waktu"], start=1):
        IndikatorKinerja.objects.create(
            instansi=org.instansi,
            rhk=rhk,
            urutan=n,
            indikator=f"Indikator {n}",
            aspek=aspek,
            target_min=Decimal("10"),
            target_max=Decimal("12.5"),
            satuan="dokumen",
        )
    ev = Evaluasi.objects.get(
        instansi=org.instansi, pegawai=org.staf, periode=d.tw1, status__in=SUDAH_FINAL
    )
    ak = AngkaKredit.objects.create(
        instansi=org.instansi,
        pegawai=org.staf,
        evaluasi=ev,
        periode=d.tw1,
        jenis_periode="Triwulanan",
        mulai=d.tw1.mulai,
        selesai=d.tw1.selesai,
        jenjang=JenjangFungsional.objects.order_by("pk").first(),
        koefisien=Decimal("12.50"),
        bulan_cakupan=3,
        bulan=3,
        predikat="Baik",
        persentase=Decimal("100.00"),
        nilai=Decimal("3.125"),
        versi=1,
        computed_at=timezone.now(),
    )
    row, token = services.buat_token(org.admin, org.instansi.pk, "Payroll", list(SEMUA_CAKUPAN))
    return Dunia(d, token, row, ev, ak, rhk)


@pytest.fixture
def dunia(org: Org) -> Dunia:
    return buat(org)


@pytest.fixture
def dunia_b(other_org: Org) -> Dunia:
    return buat(other_org)


def token_dengan(org: Org, *cakupan: str, **kw: Any) -> str:
    return services.buat_token(org.admin, org.instansi.pk, "Uji", list(cakupan), **kw)[1]


def kemarin() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1)


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem document with our `code`; return it."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == "about:blank" and body["title"] and body["detail"]
    assert isinstance(body["errors"], list)
    return dict(body)


def semua(client: Client, path: str, token: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, following `next`."""
    rows: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        q = dict(params, **({"cursor": cursor} if cursor else {}))
        r = api_get(client, path, token, **q)
        assert r.status_code == 200, r.content
        body = r.json()
        rows.extend(body["data"])
        cursor = body["next"]
        if cursor is None:
            return rows
    raise AssertionError("pagination does not end")
