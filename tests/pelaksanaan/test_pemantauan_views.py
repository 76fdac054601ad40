"""Pemantauan pages: the penilai's bawahan, the admin's units with drill-down, the lists behind
the numbers and their exports (real XLSX and CSV), bad input, and pinned query counts."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import selectors_pemantauan as sel
from kinerja.pelaksanaan import views_pemantauan
from kinerja.pelaksanaan.periode import periode_pada
from tests.conftest import Org, build_org, login
from tests.factories import PegawaiFactory
from tests.pelaksanaan.test_pemantauan_selectors import (
    HARI,
    SENIN,
    aktivitas,
    isi_realisasi,
)
from tests.perencanaan.test_services import approved_skp, users_of

BAWAHAN = reverse("pelaksanaan:pemantauan_bawahan")
BAWAHAN_EKSPOR = reverse("pelaksanaan:pemantauan_bawahan_ekspor")
UNIT = reverse("pelaksanaan:pemantauan_unit")
DAFTAR = reverse("pelaksanaan:pemantauan_daftar")
EKSPOR = reverse("pelaksanaan:pemantauan_ekspor")

# Pinned: a change must be deliberate. Every page: session + user (2) and the periods (3:
# setting, this year's and last year's settings, periods). Penilai: me (1), the bawahan ids
# (4: bawahan_of's three reads, then the ids), counts (1), page count and rows (2).
# Admin unit page: the units of the level (2: capped
# count, rows), the root (1) on the first page, the breadcrumb (1) on a drill-down; a cold
# cache adds the snapshot (4). Lists: the unit (1) and its subtree (1), the page's pegawai (1).
PENILAI_PAGE = 13
UNIT_ATAS_WARM = 8
UNIT_DETAIL_WARM = 9
SNAPSHOT = 4
DAFTAR_UNIT_WARM = 8


@pytest.fixture(autouse=True)
def _pinned_day(monkeypatch) -> None:
    """Pages measure against HARI (a Thursday in May), not the day the tests run."""
    monkeypatch.setattr(sel, "hari_ini", lambda: HARI)
    cache.clear()


@pytest.fixture
def people(org: Org):
    return users_of(org)


@pytest.fixture
def world(org: Org, people):
    """The kasi planned and filled; the staf planned, not filled and logged this week;
    everyone else has done nothing. The period runs, so nobody is due for evaluation."""
    periode = periode_pada(org.instansi.pk, HARI)
    kasi = approved_skp(people["kasi"], ("Pendataan",))
    isi_realisasi(kasi, periode)
    approved_skp(people["staf"], ("Laporan", "Arsip"))
    aktivitas(org.staf, SENIN)
    aktivitas(org.kasi, SENIN, status="Diterima")
    return org


def as_user(user) -> Client:
    return login(Client(), user)


def tanda_of(row: list[bool]) -> dict[str, bool]:
    return dict(zip(sel.KUNCI, row, strict=True))


def add_staf(org: Org, n: int) -> list[Pegawai]:
    """n more plain staff in the seksi (bawahan of the kasi), logging this week."""
    staff = []
    for i in range(n):
        p = PegawaiFactory(instansi=org.instansi, unor=org.seksi, nama=f"Staf Tambahan {i:02d}")
        aktivitas(p, SENIN)
        staff.append(p)
    return staff


# --- The penilai ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_penilai_sees_their_bawahan_with_flags(world, people):
    response = as_user(people["kasi"]).get(BAWAHAN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pemantauan bawahan" in body and world.staf.nama in body
    assert world.staf_bidang.nama not in body  # the kabid's, not the kasi's
    rows = response.context["rows"]
    assert [r.pegawai.pk for r in rows] == [world.staf.pk]
    assert tanda_of(rows[0].tanda) == {
        "belum_rencana": False,
        "belum_realisasi": True,
        "tanpa_aktivitas": False,
        "belum_dinilai": False,
    }
    counts = {t.kunci: n for t, n in response.context["counts"]}
    assert counts == {
        "belum_rencana": 0,
        "belum_realisasi": 1,
        "tanpa_aktivitas": 0,
        "belum_dinilai": 0,
    }
    assert "Belum dinilai" in body and "Cara menghitung" in body
    # Triwulan I is over: the staf's evaluation is due and not finalised.
    previous = periode_pada(world.instansi.pk, dt.date(HARI.year, 2, 1))
    past = as_user(people["kasi"]).get(BAWAHAN, {"periode": previous.pk})
    assert tanda_of(past.context["rows"][0].tanda)["belum_dinilai"] is True


@pytest.mark.django_db
def test_penilai_filters_by_flag_and_the_list_equals_the_count(world, people):
    client = as_user(people["kabid"])  # bawahan: the kasi and the staf_bidang
    page = client.get(BAWAHAN)
    counts = {t.kunci: n for t, n in page.context["counts"]}
    for kunci, n in counts.items():
        response = client.get(BAWAHAN, {"tanda": kunci})
        rows = response.context["rows"]
        assert len(rows) == n, kunci
        assert all(tanda_of(r.tanda)[kunci] for r in rows)
    assert counts["belum_rencana"] == 1 and counts["tanpa_aktivitas"] == 1
    empty = client.get(BAWAHAN, {"tanda": "belum_dinilai"}).content.decode()
    assert "Tidak ada bawahan dengan tanda ini." in empty
    # An unknown flag shows everyone rather than failing.
    assert len(client.get(BAWAHAN, {"tanda": "lain"}).context["rows"]) == 2


@pytest.mark.django_db
def test_someone_without_bawahan_is_told_so(world, people):
    body = as_user(people["staf"]).get(BAWAHAN).content.decode()
    assert "Anda tidak memiliki bawahan yang Anda nilai." in body


@pytest.mark.django_db
def test_penilai_can_look_at_an_earlier_period(world, people):
    previous = periode_pada(world.instansi.pk, HARI.replace(month=2))
    response = as_user(people["kasi"]).get(BAWAHAN, {"periode": previous.pk})
    assert response.context["periode"] == previous
    # The kasi filled only the current period: in Triwulan I the staf and the kasi both lack
    # realisasi, but the list is the kasi's bawahan only.
    assert [r.pegawai.pk for r in response.context["rows"]] == [world.staf.pk]
    assert f"Triwulan I {HARI.year}" in response.content.decode()


@pytest.mark.django_db
def test_penilai_export_is_a_real_xlsx_and_csv(world, people):
    client = as_user(people["kabid"])
    response = client.get(BAWAHAN_EKSPOR, {"tanda": "belum_rencana"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = xlsx_rows(response)
    assert sheet[0] == [k for k, _ in views_pemantauan.KOLOM]
    assert [row[0] for row in sheet[1:]] == [world.staf_bidang.nip]
    rows = csv_rows(client.get(BAWAHAN_EKSPOR, {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {world.kasi.nip, world.staf_bidang.nip}


# --- The Admin Instansi -----------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_starts_at_the_units_below_the_single_root(world):
    response = as_user(world.admin).get(UNIT)
    assert response.status_code == 200
    assert [r.unit for r in response.context["rows"]] == [world.bidang]
    extra = response.context["extra"]
    assert [r.label for r in extra] == [f"Langsung di {world.dinas.nama}"]
    total = response.context["total"]
    assert total.counts == (5, 3, 1, 3, 0)
    body = response.content.decode()
    assert f'data-unit="{world.bidang.kode}"' in body and 'style="width:60%"' in body


@pytest.mark.django_db
def test_drill_down_rows_sum_to_the_unit(world):
    response = as_user(world.admin).get(
        reverse("pelaksanaan:pemantauan_unit_detail", args=[world.bidang.pk])
    )
    rows, extra, total = (response.context[k] for k in ("rows", "extra", "total"))
    assert [r.unit for r in rows] == [world.seksi]
    assert [r.langsung for r in extra] == [True]
    for n in range(1 + len(sel.TANDA)):
        assert total.counts[n] == sum(r.counts[n] for r in [*rows, *extra])
    assert total.counts[0] == 4
    assert [a.pk for a in response.context["ancestors"]] == [world.dinas.pk]
    leaf = as_user(world.admin).get(
        reverse("pelaksanaan:pemantauan_unit_detail", args=[world.seksi.pk])
    )
    assert leaf.context["rows"] == [] and leaf.context["total"].counts[0] == 2


@pytest.mark.django_db
def test_lists_behind_each_number_equal_it(world):
    client = as_user(world.admin)
    detail = client.get(reverse("pelaksanaan:pemantauan_unit_detail", args=[world.bidang.pk]))
    for row in [*detail.context["rows"], *detail.context["extra"], detail.context["total"]]:
        params = {"unor": row.unor_param, **({"langsung": "1"} if row.langsung else {})}
        listed = client.get(DAFTAR, {**params, "tanda": sel.SEMUA}).context["page"]
        assert listed.paginator.count == row.pegawai, row.label
        for t, n, _persen in row.sel:
            page = client.get(DAFTAR, {**params, "tanda": t.kunci}).context["page"]
            assert page.paginator.count == n, (row.label, t.kunci)
    everyone = client.get(DAFTAR, {"tanda": "tanpa_aktivitas"})
    names = {r.pegawai.nama for r in everyone.context["rows"]}
    assert names == {world.kepala.nama, world.kabid.nama, world.staf_bidang.nama}
    assert all(tanda_of(r.tanda)["tanpa_aktivitas"] for r in everyone.context["rows"])


@pytest.mark.django_db
def test_long_lists_are_paginated_in_name_order(world):
    add_staf(world, 30)
    response = as_user(world.admin).get(DAFTAR, {"tanda": sel.SEMUA, "page": 2})
    page = response.context["page"]
    assert page.paginator.count == 35 and page.number == 2
    assert len(response.context["rows"]) == 10
    names = [r.pegawai.nama for r in response.context["rows"]]
    assert names == sorted(names)


@pytest.mark.django_db
def test_admin_export_is_a_real_xlsx_and_csv(world):
    client = as_user(world.admin)
    params = {"tanda": "tanpa_aktivitas", "unor": world.bidang.pk}
    response = client.get(EKSPOR, params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "pemantauan-" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(r) for r in workbook["Pemantauan"].iter_rows(values_only=True)]
    assert rows[0][:2] == ["NIP", "Nama"]
    assert sorted(r[0] for r in rows[1:]) == sorted([world.kabid.nip, world.staf_bidang.nip])
    assert all(isinstance(r[0], str) and len(r[0]) == 18 for r in rows[1:])  # text, not 1.9E17
    assert all(r[6] == "Ya" for r in rows[1:])  # the flag of the list
    info = dict(workbook["Keterangan"].iter_rows(values_only=True))
    assert info["Periode"] == str(periode_pada(world.instansi.pk, HARI))
    assert info["Cakupan"] == f"{world.bidang.nama} dan sub-unitnya"
    lines = csv_rows(client.get(EKSPOR, {**params, "format": "csv"}))
    assert [line[:2] for line in lines[1:]] == [r[:2] for r in rows[1:]]


@pytest.mark.django_db
def test_admin_sees_only_their_instansi(world):
    other = build_org("B")
    client = as_user(world.admin)
    foreign_unit = reverse("pelaksanaan:pemantauan_unit_detail", args=[other.bidang.pk])
    assert client.get(foreign_unit).status_code == 404
    assert client.get(DAFTAR, {"tanda": "semua", "unor": other.bidang.pk}).status_code == 404
    assert client.get(EKSPOR, {"tanda": "semua", "unor": other.bidang.pk}).status_code == 404
    foreign_periode = periode_pada(other.instansi.pk, HARI)
    assert client.get(UNIT, {"periode": foreign_periode.pk}).status_code == 404
    everyone = client.get(DAFTAR, {"tanda": "semua"})
    assert {r.pegawai.instansi_id for r in everyone.context["rows"]} == {world.instansi.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"tanda": "lain"},
        {"tanda": "semua", "unor": "abc"},
        {"tanda": "semua", "periode": "x"},
        {"tanda": "semua", "format": "pdf"},
    ],
)
def test_bad_parameters_are_404(world, params):
    client = as_user(world.admin)
    url = EKSPOR if "format" in params else DAFTAR
    assert client.get(url, params).status_code == 404


@pytest.mark.django_db
def test_without_unit_row_and_list(world):
    Pegawai.objects.filter(pk=world.staf_bidang.pk).update(unor=None)
    response = as_user(world.admin).get(UNIT)
    labels = [r.label for r in response.context["extra"]]
    assert "Tanpa unit" in labels
    listed = as_user(world.admin).get(DAFTAR, {"tanda": "semua", "unor": "0"})
    assert [r.pegawai.pk for r in listed.context["rows"]] == [world.staf_bidang.pk]


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 12])
def test_penilai_page_queries_are_pinned(world, people, extra, django_assert_num_queries):
    add_staf(world, extra)
    client = as_user(people["kasi"])
    client.get(BAWAHAN)
    with django_assert_num_queries(PENILAI_PAGE):
        response = client.get(BAWAHAN)
    assert len(response.context["rows"]) == 1 + extra


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 12])
def test_admin_pages_queries_are_pinned(world, extra, django_assert_num_queries):
    add_staf(world, extra)
    client = as_user(world.admin)
    detail = reverse("pelaksanaan:pemantauan_unit_detail", args=[world.bidang.pk])
    client.get(UNIT)  # warm the session
    cache.clear()
    with django_assert_num_queries(UNIT_ATAS_WARM + SNAPSHOT):
        client.get(UNIT)
    with django_assert_num_queries(UNIT_ATAS_WARM):
        client.get(UNIT)
    with django_assert_num_queries(UNIT_DETAIL_WARM):
        client.get(detail)
    with django_assert_num_queries(DAFTAR_UNIT_WARM):
        response = client.get(DAFTAR, {"tanda": "semua", "unor": world.bidang.pk})
    assert response.context["page"].paginator.count == 4 + extra


def xlsx_rows(response) -> list[list[object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))
