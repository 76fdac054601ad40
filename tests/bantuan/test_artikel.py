"""The knowledge base: national articles for everyone, an instansi's for its own users only,
unpublished ones for their managers; the ticket form's suggestions follow the same scope."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.bantuan import services
from kinerja.bantuan.models import Artikel
from kinerja.bantuan.templatetags.bantuan_teks import teks_artikel
from tests.conftest import login, user_for


@pytest.fixture
def artikel(org, other_org, admin_nasional):
    def buat(actor, judul, terbit=True):
        return services.buat_artikel(
            actor, judul=judul, isi=f"Langkah {judul}", kategori="akun", diterbitkan=terbit
        )

    return {
        "nasional": buat(admin_nasional, "Reset sandi nasional"),
        "a": buat(org.admin, "Reset sandi di Kota A"),
        "a_draf": buat(org.admin, "Reset sandi draf A", terbit=False),
        "b": buat(other_org.admin, "Reset sandi di Kota B"),
    }


def test_scope_of_new_articles(artikel, org):
    assert artikel["nasional"].instansi_id is None
    assert artikel["a"].instansi_id == org.instansi.pk


def test_suggestions_are_published_articles_of_the_users_scope(client, org, artikel):
    login(client, user_for(org.staf))
    r = client.get(reverse("bantuan:saran"), {"judul": "reset sandi", "uraian": ""})
    body = r.content.decode()
    assert "Reset sandi nasional" in body and "Reset sandi di Kota A" in body
    assert "Kota B" not in body and "draf" not in body
    assert client.get(reverse("bantuan:saran"), {"judul": "zz"}).content.decode().strip() == ""


def test_suggestions_are_capped_and_ranked(client, org, admin_nasional):
    for i in range(8):
        services.buat_artikel(
            admin_nasional, judul=f"Sandi {i}", isi="x", kategori="akun", diterbitkan=True
        )
    best = services.buat_artikel(
        admin_nasional, judul="Lupa sandi akun", isi="x", kategori="akun", diterbitkan=True
    )
    login(client, user_for(org.staf))
    body = client.get(reverse("bantuan:saran"), {"judul": "lupa sandi akun"}).content.decode()
    assert body.count("<li>") == 5
    assert body.index("Lupa sandi akun") < body.index("Sandi ")
    assert reverse("bantuan:artikel", args=[best.pk]) in body


def test_search_page_scope(client, org, other_org, artikel):
    login(client, user_for(other_org.staf))
    body = client.get(reverse("bantuan:index"), {"q": "sandi"}).content.decode()
    assert "Kota B" in body and "nasional" in body and "Kota A" not in body


@pytest.mark.parametrize(
    ("who", "key", "status"),
    [
        ("staf_a", "a", 200),
        ("staf_a", "b", 404),
        ("staf_a", "a_draf", 404),
        ("admin_a", "a_draf", 200),
        ("admin_b", "a", 404),
        ("nasional", "a", 404),
        ("nasional", "nasional", 200),
        ("staf_b", "nasional", 200),
    ],
)
def test_article_detail(org, other_org, admin_nasional, artikel, who, key, status):
    users = {
        "staf_a": user_for(org.staf),
        "staf_b": user_for(other_org.staf),
        "admin_a": org.admin,
        "admin_b": other_org.admin,
        "nasional": admin_nasional,
    }
    r = login(Client(), users[who]).get(reverse("bantuan:artikel", args=[artikel[key].pk]))
    assert r.status_code == status


def test_managing_articles(client, org, other_org, admin_nasional, artikel):
    login(client, org.admin)
    r = client.post(
        reverse("bantuan:artikel_ubah", args=[artikel["a_draf"].pk]),
        {"judul": "Terbit sekarang", "isi": "Isi", "kategori": "akun", "diterbitkan": "on"},
    )
    assert r.status_code == 302
    assert Artikel.objects.get(pk=artikel["a_draf"].pk).diterbitkan
    # The national ones are the Admin Nasional's; another instansi's are not there at all.
    for key in ("nasional", "b"):
        assert (
            client.get(reverse("bantuan:artikel_ubah", args=[artikel[key].pk])).status_code == 404
        )
        assert (
            client.post(reverse("bantuan:artikel_hapus", args=[artikel[key].pk])).status_code == 404
        )
    assert Artikel.objects.count() == 4
    client.post(reverse("bantuan:artikel_hapus", args=[artikel["a"].pk]))
    assert not Artikel.objects.filter(pk=artikel["a"].pk).exists()
    pegawai = login(Client(), user_for(org.staf))
    data = {"judul": "x", "isi": "y", "kategori": "akun"}
    assert pegawai.post(reverse("bantuan:artikel_baru"), data).status_code == 404
    assert Artikel.objects.count() == 3


def test_article_text_is_escaped():
    html = teks_artikel("## Judul\n\n- satu **dua**\n- <script>x</script>\n\nbaris <b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>Judul</h2>" in html and "<strong>dua</strong>" in html and "&lt;b&gt;" in html
