"""Tim kerja: the ketua forms a team and manages its members (same instansi only); members
see the team and may then intervene the ketua's approved RHK."""

import pytest
from django.urls import reverse

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.perencanaan import services
from kinerja.perencanaan.models import AnggotaTim, Intervensi, TimKerja
from tests.conftest import login
from tests.perencanaan.test_overview import TAHUN, account, draft, get, rhk_of, setujui


@pytest.fixture
def tim(org):
    return services.bentuk_tim(account(org.kepala), "Tim Transformasi Digital", TAHUN)


def test_ketua_forms_a_team_from_the_list_page(client, org):
    login(client, account(org.kabid))
    response = client.post(reverse("perencanaan:tim_buat"), {"nama": "Tim Data", "tahun": TAHUN})
    tim = TimKerja.objects.get(nama="Tim Data")
    assert response["Location"] == reverse("perencanaan:tim_detail", args=[tim.pk])
    assert (tim.ketua, tim.tahun, tim.instansi) == (org.kabid, TAHUN, org.instansi)
    assert AuditEvent.objects.filter(action="tim.dibentuk").count() == 1
    body = client.get(reverse("perencanaan:tim_list")).content.decode()
    assert "Tim Data" in body


def test_a_team_needs_a_name(client, org):
    login(client, account(org.kabid))
    response = client.post(reverse("perencanaan:tim_buat"), {"nama": "  "}, follow=True)
    assert "Nama tim kerja wajib diisi." in response.content.decode()
    assert not TimKerja.objects.exists()


def test_ketua_adds_and_removes_members_by_nip(client, org, tim):
    login(client, account(org.kepala))
    url = reverse("perencanaan:tim_anggota_tambah", args=[tim.pk])
    body = client.post(url, {"nip": org.staf.nip}, follow=True).content.decode()
    assert "Staf A ditambahkan ke tim." in body
    assert list(tim.anggota.all()) == [org.staf]
    assert Notifikasi.objects.filter(judul__contains="Tim Transformasi Digital").count() == 0
    body = client.post(url, {"nip": org.staf.nip}, follow=True).content.decode()
    assert "Staf A sudah menjadi anggota tim ini." in body
    anggota = AnggotaTim.objects.get(tim=tim)
    hapus = reverse("perencanaan:tim_anggota_hapus", args=[anggota.pk])
    body = client.post(hapus, follow=True).content.decode()
    assert "Staf A dikeluarkan dari tim." in body
    assert not tim.anggota.exists()


def test_members_get_notified_when_they_have_an_account(client, org, tim):
    account(org.staf)
    login(client, account(org.kepala))
    client.post(reverse("perencanaan:tim_anggota_tambah", args=[tim.pk]), {"nip": org.staf.nip})
    assert Notifikasi.objects.filter(
        penerima__pegawai=org.staf, judul__contains="Tim Transformasi Digital"
    ).exists()


def test_a_nip_of_another_instansi_is_not_found(client, org, other_org, tim):
    login(client, account(org.kepala))
    url = reverse("perencanaan:tim_anggota_tambah", args=[tim.pk])
    body = client.post(url, {"nip": other_org.staf.nip}, follow=True).content.decode()
    assert f"Pegawai dengan NIP {other_org.staf.nip} tidak ditemukan." in body
    assert not tim.anggota.exists()
    with pytest.raises(DomainError, match="instansi yang sama"):
        services.tambah_anggota(account(org.kepala), tim, other_org.staf)


def test_only_the_ketua_manages(client, org, tim):
    services.tambah_anggota(account(org.kepala), tim, org.staf)
    anggota = AnggotaTim.objects.get(tim=tim)
    for who in (org.staf, org.kabid):  # a member, someone else of the instansi
        login(client, account(who))
        add = reverse("perencanaan:tim_anggota_tambah", args=[tim.pk])
        assert client.post(add, {"nip": org.kasi.nip}).status_code == 404
        hapus = reverse("perencanaan:tim_anggota_hapus", args=[anggota.pk])
        assert client.post(hapus).status_code == 404
    assert list(tim.anggota.all()) == [org.staf]


def test_members_see_the_team_others_do_not(client, org, other_org, tim):
    services.tambah_anggota(account(org.kepala), tim, org.staf)
    url = reverse("perencanaan:tim_detail", args=[tim.pk])
    member = get(client, account(org.staf), url)
    assert member.status_code == 200 and "Tambah anggota" not in member.content.decode()
    ketua = get(client, account(org.kepala), url).content.decode()
    assert "Tambah anggota" in ketua and "Keluarkan" in ketua
    assert get(client, account(org.kabid), url).status_code == 404
    assert get(client, other_org.admin, url).status_code == 404
    assert get(client, org.admin, url).status_code == 200
    listing = get(client, account(org.staf), reverse("perencanaan:tim_list")).content.decode()
    assert "Tim Transformasi Digital" in listing and "ketua Kepala A" in listing


def test_members_may_intervene_the_ketua_rhk(org, tim):
    kepala = setujui(draft(org.kepala, [("Layanan digital", None)]), org)
    target = rhk_of(kepala, "Layanan digital")
    skp = draft(org.staf_bidang, [])
    staf = account(org.staf_bidang)
    rhk = services.simpan_rhk(staf, skp, rhk="Aplikasi layanan")
    with pytest.raises(DomainError):  # the kepala is not their penilai
        services.intervensi_rhk(staf, rhk, target, "tidak langsung")
    services.tambah_anggota(account(org.kepala), tim, org.staf_bidang)
    link = services.intervensi_rhk(staf, rhk, target, "tidak langsung")
    assert Intervensi.objects.get(pk=link.pk).rhk_atasan == target
