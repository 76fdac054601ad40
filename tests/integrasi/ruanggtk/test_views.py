"""Access matrix of every `ruanggtk:` URL (Admin Instansi only; pegawai, another instansi's
admin and the Admin Nasional get 404; anonymous users go to the login page), and the screens:
upload → preview with per-record errors and penanggung jawab → apply; pull from the feed."""

import io

import pytest
from django.urls import reverse

from kinerja.integrasi.ruanggtk import format as fmt
from kinerja.integrasi.ruanggtk import impor
from kinerja.integrasi.ruanggtk.fake import FakeRuangGtk
from kinerja.integrasi.ruanggtk.models import ImporRuangGtk
from kinerja.org.models import StatusImpor
from kinerja.perencanaan.models import Skp
from tests.conftest import login
from tests.core.test_tenancy import url_names
from tests.integrasi.ruanggtk.conftest import Sekolah, rec_hasil, rec_skp

pytestmark = pytest.mark.django_db

GET_ROUTES = {
    "ruanggtk:index": False,
    "ruanggtk:impor": True,
    "ruanggtk:contoh": False,
    "ruanggtk:skema": False,
}
POST_ROUTES = {
    "ruanggtk:tarik": False,
    "ruanggtk:periksa": False,
    "ruanggtk:terapkan": True,
    "ruanggtk:batal": True,
}


def _url(name: str, batch: ImporRuangGtk, with_pk: bool) -> str:
    return reverse(name, args=[batch.pk] if with_pk else None)


def test_matriks_mencakup_setiap_url() -> None:
    names = {n for n in url_names() if n.startswith("ruanggtk:")}
    assert names == set(GET_ROUTES) | set(POST_ROUTES)


def test_matriks_akses(
    client, sekolah: Sekolah, other_org, admin_nasional, fake: FakeRuangGtk
) -> None:  # type: ignore[no-untyped-def]
    batch = impor.pratinjau(
        sekolah.admin, sekolah.org.instansi.pk, "g.jsonl", fmt.ke_baris([rec_skp(sekolah)])
    )
    for name, pk in {**GET_ROUTES, **POST_ROUTES}.items():
        url = _url(name, batch, pk)
        client.logout()
        r = client.get(url) if name in GET_ROUTES else client.post(url)
        assert r.status_code == 302 and "/akun/masuk/" in r["Location"], name
        for user in (sekolah.users["staf"], sekolah.users["kasi"], admin_nasional):
            client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
            r = client.get(url) if name in GET_ROUTES else client.post(url)
            assert r.status_code == 404, (name, user)
        login(client, other_org.admin)
        r = client.get(url) if name in GET_ROUTES else client.post(url)
        assert r.status_code == (404 if pk else (200 if name in GET_ROUTES else 302)), name
    login(client, sekolah.admin)
    for name, pk in GET_ROUTES.items():
        assert client.get(_url(name, batch, pk)).status_code == 200, name
    for name, pk in POST_ROUTES.items():
        assert client.get(_url(name, batch, pk)).status_code == 405, name
    batch.refresh_from_db()
    assert batch.status == StatusImpor.PRATINJAU  # nobody else applied or cancelled it
    assert not ImporRuangGtk.objects.filter(instansi=other_org.instansi).exists()


def test_unggah_pratinjau_kesalahan_lalu_terapkan(client, sekolah: Sekolah) -> None:  # type: ignore[no-untyped-def]
    login(client, sekolah.admin)
    buruk = io.BytesIO(fmt.ke_baris([rec_skp(sekolah, nip="199001012020121099")]))
    buruk.name = "buruk.jsonl"
    r = client.post(reverse("ruanggtk:index"), {"berkas": buruk})
    batch = ImporRuangGtk.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("ruanggtk:impor", args=[batch.pk])
    html = client.get(r["Location"]).content.decode()
    assert "NIP tidak ditemukan" in html and "Admin Instansi" in html
    assert "Tidak ada data yang diimpor" in html and "Terapkan</button>" not in html

    baik = io.BytesIO(fmt.ke_baris([rec_skp(sekolah), rec_hasil(sekolah)]))
    baik.name = "baik.jsonl"
    r = client.post(reverse("ruanggtk:index"), {"berkas": baik})
    batch = ImporRuangGtk.objects.latest("id")
    html = client.get(r["Location"]).content.decode()
    assert "Terapkan</button>" in html and sekolah.guru.nip in html
    r = client.post(reverse("ruanggtk:terapkan", args=[batch.pk]), follow=True)
    assert "Impor Ruang GTK diterapkan" in r.content.decode()
    assert Skp.objects.filter(pegawai=sekolah.guru, sumber="Ruang GTK").exists()
    html = client.get(reverse("ruanggtk:index")).content.decode()
    assert "baik.jsonl" in html and "buruk.jsonl" in html


def test_batal(client, sekolah: Sekolah) -> None:  # type: ignore[no-untyped-def]
    batch = impor.pratinjau(
        sekolah.admin, sekolah.org.instansi.pk, "g.jsonl", fmt.ke_baris([rec_skp(sekolah)])
    )
    login(client, sekolah.admin)
    r = client.post(reverse("ruanggtk:batal", args=[batch.pk]))
    assert r["Location"] == reverse("ruanggtk:index")
    batch.refresh_from_db()
    assert batch.status == StatusImpor.DIBATALKAN


def test_tarik_dan_periksa_dari_layar(client, sekolah: Sekolah, fake: FakeRuangGtk) -> None:  # type: ignore[no-untyped-def]
    login(client, sekolah.admin)
    r = client.post(reverse("ruanggtk:tarik"), follow=True)
    assert "Tidak ada catatan baru" in r.content.decode()
    fake.terbitkan(rec_skp(sekolah), instansi=sekolah.org.instansi.kode)
    r = client.post(reverse("ruanggtk:tarik"))
    batch = ImporRuangGtk.objects.get()
    assert r["Location"] == reverse("ruanggtk:impor", args=[batch.pk])
    fake.gagal(1, 503)
    r = client.post(reverse("ruanggtk:tarik"), follow=True)
    assert "Tarik dari Ruang GTK gagal" in r.content.decode()
    r = client.post(reverse("ruanggtk:periksa"), follow=True)
    assert "dapat dihubungi" in r.content.decode()


def test_jumlah_kueri_halaman_utama(client, sekolah: Sekolah, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        impor.pratinjau(
            sekolah.admin, sekolah.org.instansi.pk, "g.jsonl", fmt.ke_baris([rec_skp(sekolah)])
        )
    login(client, sekolah.admin)
    client.get(reverse("ruanggtk:index"))
    # session, user, count, page (dibuat_oleh joined), last applied kursor
    with django_assert_num_queries(5):
        assert client.get(reverse("ruanggtk:index")).status_code == 200


def test_pegawai_biasa_tidak_melihat(client, sekolah: Sekolah) -> None:  # type: ignore[no-untyped-def]
    login(client, sekolah.users["staf_bidang"])
    assert client.get(reverse("ruanggtk:index")).status_code == 404
