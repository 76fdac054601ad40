"""Query counts of the SKP page: pinned, and the same for 1 RHK as for 10 RHK x 3 IKI."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.perencanaan import services
from tests.conftest import login
from tests.perencanaan.test_services import TAHUN, add_rhk, approved_skp, kasi_rhk, users_of

# Pinned: a change must be deliberate. Owner's draft: session + user (2), the SKP (1), header
# refresh (7: pegawai, atasan chain), content (6), revisions (1), submit checklist (5), the
# intervensi picker (2). The penilai skips the refresh, the checklist and the picker.
OWNER_DRAFT = 25
PENILAI_SUBMITTED = 10
CETAK = 9
HTMX_ROW = 23


@pytest.fixture
def setup(org):
    people = users_of(org)
    kabid = approved_skp(people["kabid"], ("Tersedianya data bidang",))
    kasi = approved_skp(people["kasi"], ("Pendataan", "Pelaporan"), kasi_rhk(kabid))
    return people, kasi


def draft_with(people, kasi, n_rhk: int, n_iki: int):
    skp = services.buat_skp(people["staf"], TAHUN)
    for i in range(n_rhk):
        add_rhk(people["staf"], skp, f"RHK {i}", n_iki=n_iki, atasan=kasi_rhk(kasi, i % 2))
    services.simpan_lampiran(people["staf"], skp, "Konsekuensi", "Teguran")
    return skp


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (10, 3)])
def test_owner_page_does_not_grow_with_rows(setup, n_rhk, n_iki, django_assert_num_queries):
    people, kasi = setup
    skp = draft_with(people, kasi, n_rhk, n_iki)
    client = login(Client(), people["staf"])
    url = reverse("perencanaan:skp_detail", args=[skp.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(OWNER_DRAFT):
        response = client.get(url)
    assert response.content.decode().count('class="rhk"') == n_rhk


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (10, 3)])
def test_penilai_page_does_not_grow_with_rows(setup, n_rhk, n_iki, django_assert_num_queries):
    people, kasi = setup
    skp = draft_with(people, kasi, n_rhk, n_iki)
    services.ajukan_skp(people["staf"], skp)
    client = login(Client(), people["kasi"])
    url = reverse("perencanaan:skp_detail", args=[skp.pk])
    client.get(url)
    with django_assert_num_queries(PENILAI_SUBMITTED):
        response = client.get(url)
    assert "Setujui" in response.content.decode()


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (10, 3)])
def test_cetak_does_not_grow_with_rows(setup, n_rhk, n_iki, django_assert_num_queries):
    people, kasi = setup
    skp = draft_with(people, kasi, n_rhk, n_iki)
    client = login(Client(), people["staf"])
    url = reverse("perencanaan:skp_cetak", args=[skp.pk])
    client.get(url)
    with django_assert_num_queries(CETAK):
        client.get(url)


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (10, 3)])
def test_htmx_row_does_not_grow_with_rows(setup, n_rhk, n_iki, django_assert_num_queries):
    people, kasi = setup
    skp = draft_with(people, kasi, n_rhk, n_iki)
    client = login(Client(), people["staf"])
    client.get(reverse("perencanaan:skp_detail", args=[skp.pk]))
    url = reverse("perencanaan:lampiran_tambah", args=[skp.pk])
    with django_assert_num_queries(HTMX_ROW):
        response = client.post(
            url, {"jenis": "Konsekuensi", "teks": "Lagi"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
