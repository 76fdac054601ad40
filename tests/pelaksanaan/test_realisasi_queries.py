"""Query counts of the realisasi page: pinned, and the same for 1 RHK as for 5 RHK x 3 IKI with
rencana aksi, realisasi, bukti and umpan balik threads everywhere."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.pelaksanaan import services_realisasi as services
from tests.conftest import login
from tests.pelaksanaan.test_realisasi_services import berkas, build_dunia

# Pinned: a change must be deliberate. Session + user (2), the SKP with pegawai, unit, penilai
# and instansi (1), the periods (2: setting, rows), the lock (1: extensions), content (6: RHK,
# IKI, rencana aksi, realisasi, bukti, umpan balik), perilaku (1).
PAGE = 13
# An htmx write: session + user (2), the IKI with its SKP (1), the periods (2), the lock in the
# service (2: extensions, zone), the write (5: savepoint, select, update, audit, release), the
# RHK block (6) and its lock badge (1).
HTMX_REALISASI = 19


def fill(d) -> None:
    """Every RHK and IKI of the SKP with rows: the page must not grow with them."""
    staf, kasi = d.users["staf"], d.users["kasi"]
    for rhk in d.skp.rhk.all():
        services.simpan_rencana_aksi(staf, rhk, d.periode, "Rapat", Decimal(1), "Kali")
        root = services.kirim_umpan_balik(kasi, d.skp, rhk, "Catatan RHK")
        services.balas_umpan_balik(staf, root, "Baik")
        for iki in rhk.iki.all():
            real = services.isi_realisasi(staf, iki, d.periode, Decimal(2), "Dua")
            services.tambah_bukti(staf, real, berkas())
            services.tambah_bukti(staf, real, None, "https://example.com/bukti")
            services.kirim_umpan_balik(kasi, d.skp, real, "Catatan realisasi")
    for perilaku in d.skp.perilaku.all():
        services.kirim_umpan_balik(kasi, d.skp, perilaku, "Catatan perilaku")


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (5, 3)])
@pytest.mark.parametrize("who", ["staf", "kasi"])
def test_page_does_not_grow_with_rows(org, n_rhk, n_iki, who, django_assert_num_queries):
    d = build_dunia(org, n_rhk, n_iki)
    fill(d)
    client = login(Client(), d.users[who])
    url = reverse("pelaksanaan:realisasi_skp", args=[d.skp.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(PAGE):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('class="rhk realisasi-rhk"') == n_rhk
    assert body.count('class="realisasi-iki"') == n_rhk * n_iki
    assert body.count("Catatan realisasi") == n_rhk * n_iki
    assert body.count("laporan.pdf") == n_rhk * n_iki


@pytest.mark.parametrize(("n_rhk", "n_iki"), [(1, 1), (5, 3)])
def test_htmx_write_does_not_grow_with_rows(org, n_rhk, n_iki, django_assert_num_queries):
    d = build_dunia(org, n_rhk, n_iki)
    fill(d)
    client = login(Client(), d.users["staf"])
    client.get(reverse("pelaksanaan:realisasi_skp", args=[d.skp.pk]))
    url = reverse("pelaksanaan:realisasi_isi", args=[d.iki.pk])
    with django_assert_num_queries(HTMX_REALISASI):
        response = client.post(url, {"periode": d.periode.pk, "nilai": "3"}, HTTP_HX_REQUEST="true")
    assert "Realisasi disimpan." in response.content.decode()
