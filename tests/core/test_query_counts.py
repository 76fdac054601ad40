"""The exact number of queries of every page, and proof that it does not grow with the rows.

Each test renders a page, pins its query count, then adds many more rows of what the page
lists and renders it again with the SAME count: an N+1 would add queries per row.
Every request costs 2 queries before the view runs: the session and the user.
"""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.core import audit
from kinerja.org.models import Golongan, JenisPenugasan, RiwayatJabatan
from tests.conftest import login, user_for
from tests.factories import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    UserFactory,
    place,
)


@pytest.fixture
def render(client, django_assert_num_queries):
    """render(user, url, n): GET the page as the user in exactly n queries; returns the body."""

    def go(user, url: str, n: int, **headers) -> str:
        client.logout()
        login(client, user)
        with django_assert_num_queries(n):
            response = client.get(url, **headers)
        assert response.status_code == 200
        return response.content.decode()

    return go


def add_staff(org, unit, count: int) -> list:
    golongan = Golongan.objects.filter(jenis_asn="PNS").first()
    people = []
    for i in range(count):
        jabatan = JabatanFactory(instansi=org.instansi, nama=f"Jabatan {unit.kode} {i}")
        p = PegawaiFactory(
            instansi=org.instansi, nama=f"Tambahan {unit.kode} {i}", golongan=golongan
        )
        place(p, unit, jabatan)
        people.append(p)
    return people


def add_units(org, parent, count: int) -> None:
    for i in range(count):
        jabatan = JabatanFactory(instansi=org.instansi, nama=f"Kepala {parent.kode}-{i}")
        unit = UnitFactory(
            instansi=org.instansi,
            kode=f"{parent.kode}-{i}",
            nama=f"Sub {parent.kode} {i}",
            induk=parent,
            jabatan_pimpinan=jabatan,
        )
        add_staff(org, unit, 1)


# --- Home, per role -----------------------------------------------------------------------------


def test_home_admin_instansi(render, org):
    render(org.admin, reverse("home"), 4)  # + pegawai count, unor count
    add_staff(org, org.seksi, 20)
    render(org.admin, reverse("home"), 4)


def test_home_admin_nasional(render, org, admin_nasional):
    render(admin_nasional, reverse("home"), 3)  # + instansi count
    InstansiFactory.create_batch(10)
    render(admin_nasional, reverse("home"), 3)


def test_home_pegawai_without_bawahan(render, org):
    # + own pegawai, leaders on the chain, atasan, own leader positions (none), overrides
    render(user_for(org.staf), reverse("home"), 7)


def test_home_penilai(render, org):
    kasi = user_for(org.kasi)
    # + own pegawai, leaders on the chain, atasan, units led, subtree, its leaders, bawahan
    body = render(kasi, reverse("home"), 9)
    assert "Pegawai yang saya nilai (1)" in body
    add_staff(org, org.seksi, 30)
    body = render(kasi, reverse("home"), 9)
    assert "Pegawai yang saya nilai (31)" in body


def test_home_top_leader_with_a_deep_tree(render, org):
    kepala = user_for(org.kepala)
    render(kepala, reverse("home"), 8)  # no atasan to load
    add_units(org, org.bidang, 8)
    add_units(org, org.seksi, 8)
    body = render(kepala, reverse("home"), 8)
    assert "Pegawai yang saya nilai (1)" in body


def test_home_pegawai_who_is_both_admin_and_penilai(render, org):
    both = user_for(org.kabid, is_admin_instansi=True)
    body = render(both, reverse("home"), 11)
    assert "Admin Instansi, Pegawai, Pejabat Penilai" in body


# --- Unor tree ----------------------------------------------------------------------------------


def test_unor_tree(render, org):
    url = reverse("org:unor_tree")
    render(org.admin, url, 6)  # + instansi, roots, child counts, pegawai counts
    for i in range(12):
        add_units(org, UnitFactory(instansi=org.instansi, kode=f"R{i}", nama=f"Akar {i}"), 2)
    body = render(org.admin, url, 6)
    assert "Akar 11" in body


def test_unor_tree_when_empty(render, db):
    admin = UserFactory(instansi=InstansiFactory(), is_admin_instansi=True)
    body = render(admin, reverse("org:unor_tree"), 4)  # no ids: the two counts are skipped
    assert "Belum ada unit." in body


def test_unor_children(render, org):
    url = reverse("org:unor_children", args=[org.bidang.pk])
    render(org.admin, url, 6)  # + unit, children, child counts, pegawai counts
    add_units(org, org.bidang, 20)
    body = render(org.admin, url, 6, HTTP_HX_REQUEST="true")
    assert "Sub A-B 19" in body


def test_unor_detail(render, org):
    url = reverse("org:unor_detail", args=[org.bidang.pk])
    # + unit, count, page, leader rows, leader, ancestors, children, child and pegawai counts
    render(org.admin, url, 11)
    add_staff(org, org.bidang, 30)
    add_units(org, org.bidang, 10)
    body = render(org.admin, url, 11)
    assert "Halaman 1 dari 2" in body


def test_unor_detail_of_a_leaf(render, org):
    render(org.admin, reverse("org:unor_detail", args=[org.seksi.pk]), 9)


# --- Pegawai list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({}, {}),
        ({"q": "Tambahan"}, {}),
        ({"q": "19"}, {}),
        ({"q": "a"}, {"HTTP_HX_REQUEST": "true"}),
    ],
)
def test_pegawai_list(render, org, params, headers):
    url = reverse("org:pegawai_list")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    add_staff(org, org.seksi, 5)
    render(org.admin, url, 4, **headers)  # + count, page
    add_staff(org, org.bidang, 30)
    body = render(org.admin, url, 4, **headers)
    assert "Tambahan" in body


def test_pegawai_list_page_two(render, org):
    add_staff(org, org.seksi, 40)
    body = render(org.admin, reverse("org:pegawai_list") + "?page=2", 4)
    assert "Halaman 2 dari 2" in body


# --- Pegawai detail -----------------------------------------------------------------------------


def add_history(org, pegawai, count: int) -> None:
    for i in range(count):
        RiwayatJabatan.objects.create(
            instansi=org.instansi,
            pegawai=pegawai,
            jabatan=JabatanFactory(instansi=org.instansi, nama=f"Lama {pegawai.pk} {i}"),
            unor=org.bidang,
            berlaku_mulai=dt.date(2000 + i, 1, 1),
            berlaku_sampai=dt.date(2000 + i, 12, 31),
        )


def test_pegawai_detail_as_admin(render, org):
    url = reverse("org:pegawai_detail", args=[org.staf.pk])
    # + pegawai, leader rows, atasan, akun, history (the PLT/PLH form takes a unit code)
    render(org.admin, url, 7)
    add_history(org, org.staf, 15)
    add_units(org, org.seksi, 10)
    body = render(org.admin, url, 7)
    assert body.count("<tr>") >= 17


def test_pegawai_detail_as_penilai(render, org):
    url = reverse("org:pegawai_detail", args=[org.staf.pk])
    kasi = user_for(org.kasi)
    # + pegawai, leader rows (may the viewer see it?), leader rows again, atasan, history
    render(kasi, url, 7)
    add_history(org, org.staf, 15)
    render(kasi, url, 7)


def test_pegawai_detail_of_oneself(render, org):
    url = reverse("org:pegawai_detail", args=[org.staf.pk])
    render(user_for(org.staf), url, 6)


def test_pegawai_detail_with_an_override_skips_theleader_rows(render, org):
    org.staf.atasan_override = org.kepala
    org.staf.save()
    render(org.admin, reverse("org:pegawai_detail", args=[org.staf.pk]), 6)


def test_pegawai_detail_with_acting_rows(render, org):
    RiwayatJabatan.objects.create(
        instansi=org.instansi,
        pegawai=org.staf_bidang,
        jabatan=org.seksi.jabatan_pimpinan,
        unor=org.seksi,
        jenis_penugasan=JenisPenugasan.PLH,
        berlaku_mulai=dt.date(2020, 1, 1),
    )
    body = render(org.admin, reverse("org:pegawai_detail", args=[org.staf.pk]), 7)
    assert org.staf_bidang.nama in body


# --- Audit log and instansi list ----------------------------------------------------------------


def test_audit_log(render, org, other_org):
    url = reverse("audit_log")
    audit.record(org.admin, "uji.satu", org.staf)
    render(org.admin, url, 4)  # + count, page with actors
    others = [user_for(p) for p in [org.kepala, org.kabid, org.kasi]]
    for i in range(60):
        audit.record(others[i % 3], f"uji.{i}", org.staf, before={"i": i}, after={"i": i + 1})
        audit.record(other_org.admin, "uji.lain", other_org.staf)
    body = render(org.admin, url, 4)
    assert "Kabid A" in body and "uji.lain" not in body
    render(org.admin, url + "?q=uji.1&page=2", 4)


def test_instansi_list(render, org, admin_nasional):
    url = reverse("org:instansi_list")
    render(admin_nasional, url, 4)  # + count, page with pegawai counts
    for _ in range(12):
        PegawaiFactory.create_batch(3, instansi=InstansiFactory())
    body = render(admin_nasional, url, 4)
    assert body.count("<td>3</td>") == 12
