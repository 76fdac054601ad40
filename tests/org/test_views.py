"""The org screens: what they show and what their forms do (access rules: tests/core)."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.org.models import Instansi, Pegawai, RiwayatJabatan
from kinerja.org.selectors import PAGE_SIZE
from tests.conftest import login, user_for
from tests.factories import PegawaiFactory, UnitFactory, place


@pytest.fixture
def admin(client, org):
    return login(client, org.admin)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail_url(pegawai: Pegawai) -> str:
    return reverse("org:pegawai_detail", args=[pegawai.pk])


# --- Pegawai list -------------------------------------------------------------------------------


def test_pegawai_list_shows_the_instansi(admin, org):
    body = admin.get(reverse("org:pegawai_list")).content.decode()
    for p in [org.kepala, org.kabid, org.kasi, org.staf, org.staf_bidang]:
        assert p.nip in body and detail_url(p) in body


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Kasi", ["kasi"]),
        ("kasi a", ["kasi"]),  # case-insensitive
        ("Staf", ["staf", "staf_bidang"]),
        ("Tidak Ada", []),
    ],
)
def test_pegawai_list_search_by_name(admin, org, query, found):
    page = admin.get(reverse("org:pegawai_list"), {"q": query}).context["page"]
    assert {p.pk for p in page} == {getattr(org, name).pk for name in found}


def test_pegawai_list_search_by_nip_prefix_with_spaces(admin, org):
    nip = org.staf.nip
    for query in [nip, nip[:14], f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"]:
        page = admin.get(reverse("org:pegawai_list"), {"q": query}).context["page"]
        assert org.staf in list(page), query
    page = admin.get(reverse("org:pegawai_list"), {"q": nip[:8]}).context["page"]
    assert all(p.nip.startswith(nip[:8]) for p in page)


def test_pegawai_list_empty_search_says_so(admin):
    body = admin.get(reverse("org:pegawai_list"), {"q": "zzz"}).content.decode()
    assert 'Tidak ada pegawai yang cocok dengan "zzz".' in body


def test_pegawai_list_is_paginated(admin, org):
    for i in range(PAGE_SIZE + 3):
        PegawaiFactory(instansi=org.instansi, nama=f"Zaenal {i:02d}")
    first = admin.get(reverse("org:pegawai_list"))
    assert len(first.context["page"]) == PAGE_SIZE
    assert "Halaman 1 dari 2 (33 data)" in first.content.decode()
    second = admin.get(reverse("org:pegawai_list"), {"page": 2})
    assert [p.nama for p in second.context["page"]][-1] == f"Zaenal {PAGE_SIZE + 2:02d}"
    # A page number past the end shows the last page instead of an error.
    assert admin.get(reverse("org:pegawai_list"), {"page": 99}).context["page"].number == 2


def test_pegawai_list_htmx_returns_only_the_rows(admin, org):
    response = admin.get(reverse("org:pegawai_list"), {"q": "Kasi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="pegawai-rows"' in body
    assert org.kasi.nama in body and org.staf.nama not in body


# --- Unor tree ----------------------------------------------------------------------------------


def test_unor_tree_shows_roots_with_counts(admin, org):
    body = admin.get(reverse("org:unor_tree")).content.decode()
    assert "Dinas A" in body and "1 sub-unit · 1 pegawai" in body
    assert "Bidang A" not in body  # loaded when the node opens
    assert reverse("org:unor_children", args=[org.dinas.pk]) in body


def test_unor_children_is_one_level_fragment(admin, org):
    body = admin.get(reverse("org:unor_children", args=[org.dinas.pk])).content.decode()
    assert "<html" not in body
    assert "Bidang A" in body and "1 sub-unit · 2 pegawai" in body
    assert "Seksi A" not in body
    leaf = admin.get(reverse("org:unor_children", args=[org.bidang.pk])).content.decode()
    assert "Seksi A" in leaf and "2 pegawai" in leaf and "<details" not in leaf


def test_unor_detail_shows_leader_breadcrumb_subunits_and_pegawai(admin, org):
    response = admin.get(reverse("org:unor_detail", args=[org.seksi.pk]))
    body = response.content.decode()
    assert response.context["leader"] == org.kasi
    assert [u.pk for u in response.context["ancestors"]] == [org.dinas.pk, org.bidang.pk]
    assert {p.pk for p in response.context["page"]} == {org.kasi.pk, org.staf.pk}
    assert detail_url(org.kasi) in body
    bidang = admin.get(reverse("org:unor_detail", args=[org.bidang.pk]))
    assert [n["unit"].pk for n in bidang.context["nodes"]] == [org.seksi.pk]


def test_unor_detail_of_a_vacant_unit(admin, org):
    vacant = UnitFactory(instansi=org.instansi, nama="Seksi Kosong", induk=org.bidang)
    body = admin.get(reverse("org:unor_detail", args=[vacant.pk])).content.decode()
    assert "kosong" in body and "Tidak ada pegawai" in body


# --- Pegawai detail -----------------------------------------------------------------------------


def test_pegawai_detail_shows_history_and_atasan(admin, org):
    place(org.staf, org.bidang, org.jabatan_staf, since=dt.date(2024, 1, 1))
    RiwayatJabatan.objects.filter(pegawai=org.staf, unor=org.seksi).update(
        berlaku_sampai=dt.date(2023, 12, 31)
    )
    response = admin.get(detail_url(org.staf))
    body = response.content.decode()
    assert response.context["atasan"] == org.kabid
    assert [r.unor_id for r in response.context["riwayat"]] == [org.bidang.pk, org.seksi.pk]
    assert "31-12-2023" in body and "sekarang" in body
    assert f"{org.kabid.nama} ({org.kabid.nip})" in body


def test_pegawai_detail_marks_a_manual_atasan(admin, org):
    org.staf.atasan_override = org.kepala
    org.staf.save()
    body = admin.get(detail_url(org.staf)).content.decode()
    assert "Kepala A" in body and "ditetapkan manual" in body


def test_pegawai_sees_own_detail_without_admin_forms(client, org):
    login(client, user_for(org.staf))
    body = client.get(detail_url(org.staf)).content.decode()
    assert org.staf.nip in body and "Kasi A" in body
    assert "Ubah atasan" not in body and "pegawai_akun" not in body
    assert reverse("org:unor_detail", args=[org.seksi.pk]) not in body  # an admin page


# --- Ubah atasan form ---------------------------------------------------------------------------


def post_atasan(client, org, **data):
    return client.post(reverse("org:pegawai_atasan", args=[org.staf.pk]), data, follow=True)


def test_atasan_form_sets_and_clears_the_override(admin, org):
    nip = org.kepala.nip
    response = post_atasan(admin, org, atasan_nip=f"{nip[:8]} {nip[8:]}", alasan="Tugas khusus")
    assert "Atasan pegawai telah diperbarui." in response.content.decode()
    org.staf.refresh_from_db()
    assert org.staf.atasan_override == org.kepala
    post_atasan(admin, org, atasan_nip="", alasan="Kembali")
    org.staf.refresh_from_db()
    assert org.staf.atasan_override is None
    assert AuditEvent.objects.filter(action="pegawai.atasan_diubah").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"atasan_nip": "1.98503E+17", "alasan": "x"}, "NIP tertulis sebagai angka"),
        ({"atasan_nip": "198503122010011003", "alasan": "x"}, "Tidak ada pegawai dengan NIP"),
        ({"atasan_nip": "", "alasan": ""}, "Bidang ini tidak boleh kosong."),
        ({"atasan_nip": "self", "alasan": "x"}, "tidak dapat menjadi atasan dirinya sendiri"),
    ],
)
def test_atasan_form_errors_are_shown(admin, org, data, message):
    if data["atasan_nip"] == "self":
        data = {**data, "atasan_nip": org.staf.nip}
    response = post_atasan(admin, org, **data)
    assert message in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_atasan_form_refuses_a_pegawai_of_another_instansi(admin, org, other_org):
    response = post_atasan(admin, org, atasan_nip=other_org.kepala.nip, alasan="x")
    assert f"Tidak ada pegawai dengan NIP {other_org.kepala.nip} di instansi ini." in (
        response.content.decode()
    )


# --- Penugasan PLT/PLH form ---------------------------------------------------------------------


def post_penugasan(client, pegawai, **data):
    return client.post(reverse("org:pegawai_penugasan", args=[pegawai.pk]), data, follow=True)


def test_penugasan_form_records_a_plt(admin, org):
    response = post_penugasan(
        admin,
        org.staf_bidang,
        kode_unor=org.seksi.kode,
        jenis_penugasan="PLT",
        berlaku_mulai="2024-02-01",
        nomor_sk="800/1/2024",
    )
    assert "Penugasan PLT telah dicatat." in response.content.decode()
    row = RiwayatJabatan.objects.get(pegawai=org.staf_bidang, jenis_penugasan="PLT")
    assert (row.unor, row.berlaku_mulai, row.nomor_sk) == (
        org.seksi,
        dt.date(2024, 2, 1),
        "800/1/2024",
    )
    assert "800/1/2024" in response.content.decode()  # in the history table


def test_penugasan_form_errors(admin, org, other_org):
    response = post_penugasan(
        admin,
        org.staf,
        kode_unor=org.seksi.kode,
        jenis_penugasan="PLH",
        berlaku_mulai="2024-02-10",
        berlaku_sampai="2024-02-01",
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    response = post_penugasan(
        admin,
        org.staf,
        kode_unor=other_org.seksi.kode,
        jenis_penugasan="PLT",
        berlaku_mulai="2024-02-10",
    )
    assert f"Tidak ada unit dengan kode {other_org.seksi.kode} di instansi ini." in (
        response.content.decode()
    )
    response = post_penugasan(
        admin,
        org.staf,
        kode_unor=org.seksi.kode,
        jenis_penugasan="Definitif",
        berlaku_mulai="2024-02-10",
    )
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not RiwayatJabatan.objects.exclude(jenis_penugasan="Definitif").exists()


def test_penugasan_form_refuses_a_unit_without_a_leader_position(admin, org):
    unit = UnitFactory(instansi=org.instansi, nama="Tanpa Pimpinan", induk=org.dinas)
    response = post_penugasan(
        admin, org.staf, kode_unor=unit.kode, jenis_penugasan="PLT", berlaku_mulai="2024-02-10"
    )
    assert "Unit Tanpa Pimpinan belum memiliki jabatan pimpinan." in response.content.decode()
    assert not RiwayatJabatan.objects.filter(jenis_penugasan="PLT").exists()


# --- Akun ---------------------------------------------------------------------------------------


def temporary_password_in(response) -> str:
    found = re.search(r"Kata sandi sementara untuk \d+: (\S+) —", response.content.decode())
    assert found, "the temporary password is shown"
    return found.group(1)


def test_akun_is_created_with_a_temporary_password_shown_once(admin, org):
    response = admin.post(reverse("org:pegawai_akun", args=[org.staf.pk]), follow=True)
    password = temporary_password_in(response)
    akun = User.objects.get(nip=org.staf.nip)
    assert akun.pegawai == org.staf and akun.instansi == org.instansi
    assert akun.must_change_password and akun.check_password(password)
    assert not akun.is_admin_instansi
    event = AuditEvent.objects.get(action="akun.dibuat", actor=org.admin)
    assert event.after == {
        "nip": org.staf.nip,
        "nama": org.staf.nama,
        "pegawai_id": org.staf.pk,
        "must_change_password": True,
    }
    again = admin.get(detail_url(org.staf)).content.decode()
    assert password not in again and "Atur ulang kata sandi" in again


def test_akun_of_another_instansi_with_the_same_nip_is_not_shown(admin, org, other_org):
    User.objects.create_user(org.staf.nip, "x", nama="Di B", instansi=other_org.instansi)
    response = admin.get(detail_url(org.staf))
    assert response.context["akun"] is None
    response = admin.post(reverse("org:pegawai_akun", args=[org.staf.pk]), follow=True)
    assert f"NIP {org.staf.nip} sudah memiliki akun." in response.content.decode()
    assert User.objects.get(nip=org.staf.nip).check_password("x")


# --- Instansi (Admin Nasional) ------------------------------------------------------------------


def test_instansi_list_counts_pegawai(client, org, other_org, admin_nasional):
    PegawaiFactory(instansi=other_org.instansi)
    login(client, admin_nasional)
    response = client.get(reverse("org:instansi_list"))
    counts = {i.kode: i.pegawai_count for i in response.context["page"]}
    assert counts == {"ORGA": 5, "ORGB": 6}
    assert "Pemerintah Kota A" in response.content.decode()


def test_instansi_registration_shows_the_password_once(client, admin_nasional):
    login(client, admin_nasional)
    data = {
        "kode": "kotax",
        "nama": "Pemerintah Kota X",
        "jenis": "daerah",
        "zona_waktu": "Asia/Jayapura",
        "admin_nip": "19850312 201001 1 003",
        "admin_nama": "Admin X",
    }
    response = client.post(reverse("org:instansi_create"), data)
    body = response.content.decode()
    instansi = Instansi.objects.get(kode="KOTAX")
    assert instansi.zona_waktu == "Asia/Jayapura"
    password = response.context["password"]
    assert password in body and "hanya ditampilkan sekali" in body
    assert User.objects.get(nip="198503122010011003").check_password(password)
    assert password not in client.get(reverse("org:instansi_list")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kode": "kota x"}, "Kode instansi 2-16 huruf/angka tanpa spasi."),
        ({"kode": "ORGA"}, "Kode instansi ORGA sudah dipakai."),
        ({"admin_nip": "19850312201001100"}, "NIP harus 18 digit; yang diisi 17 digit."),
        ({"admin_nama": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_instansi_registration_errors(client, org, admin_nasional, changes, message):
    login(client, admin_nasional)
    data = {
        "kode": "KOTAX",
        "nama": "Pemerintah Kota X",
        "jenis": "daerah",
        "zona_waktu": "Asia/Jakarta",
        "admin_nip": "198503122010011003",
        "admin_nama": "Admin X",
        **changes,
    }
    response = client.post(reverse("org:instansi_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Instansi.objects.count() == 1


def test_instansi_registration_refuses_an_nip_that_has_an_account(client, org, admin_nasional):
    login(client, admin_nasional)
    User.objects.create_user("198503122010011003", "x", nama="Ada")
    data = {
        "kode": "KOTAX",
        "nama": "Kota X",
        "jenis": "daerah",
        "zona_waktu": "Asia/Jakarta",
        "admin_nip": "198503122010011003",
        "admin_nama": "Admin X",
    }
    body = client.post(reverse("org:instansi_create"), data).content.decode()
    assert "sudah memiliki akun; satu NIP hanya untuk satu akun." in body
    assert not Instansi.objects.filter(kode="KOTAX").exists()


# --- Home per role ------------------------------------------------------------------------------


def test_home_of_admin_instansi(admin, org):
    response = admin.get(reverse("home"))
    assert response.context["roles"] == ["Admin Instansi"]
    assert (response.context["pegawai_count"], response.context["unor_count"]) == (5, 3)


def test_home_of_admin_nasional(client, org, other_org, admin_nasional):
    login(client, admin_nasional)
    response = client.get(reverse("home"))
    assert response.context["roles"] == ["Admin Nasional"]
    assert response.context["instansi_count"] == 2
    assert reverse("org:instansi_create") in response.content.decode()


def test_home_of_a_pegawai(client, org):
    login(client, user_for(org.staf))
    response = client.get(reverse("home"))
    assert response.context["roles"] == ["Pegawai"]
    assert response.context["atasan"] == org.kasi
    assert response.context["bawahan"] == []


def test_home_of_a_penilai_lists_bawahan(client, org):
    login(client, user_for(org.kabid))
    response = client.get(reverse("home"))
    assert response.context["roles"] == ["Pegawai", "Pejabat Penilai"]
    assert [p.pk for p in response.context["bawahan"]] == [org.kasi.pk, org.staf_bidang.pk]
    assert "Pegawai yang saya nilai (2)" in response.content.decode()


def test_home_of_the_top_leader(client, org):
    login(client, user_for(org.kepala))
    body = client.get(reverse("home")).content.decode()
    assert "tidak ada (pimpinan tertinggi)" in body
