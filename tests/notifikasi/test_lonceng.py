"""The bell: a capped unread badge polled by htmx, a panel of the newest notifications, and
the list with its kategori labels and "Belum dibaca" filter."""

import re

import pytest
from django.urls import reverse

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import notify
from tests.conftest import login, user_for


@pytest.fixture
def staf(org, other_org):
    user = user_for(org.staf)
    user_for(org.kasi)
    user_for(other_org.staf)
    notify(org.kasi, "Untuk kasi", jenis="umum")
    notify(other_org.staf, "Untuk instansi B", jenis="umum")
    return user


def _banyak(user, n: int, **extra) -> None:  # type: ignore[no-untyped-def]
    Notifikasi.objects.bulk_create(
        Notifikasi(
            instansi_id=user.instansi_id, penerima=user, judul=f"N{i}", jenis="dialog", **extra
        )
        for i in range(n)
    )


def _badge(body: str) -> str:
    found = re.search(r'id="notif-badge"[^>]*>([^<]*)</span>', body)
    assert found
    return found.group(1)


@pytest.mark.parametrize(("n", "shown"), [(1, "1"), (99, "99"), (100, "99+"), (130, "99+")])
def test_badge_is_capped(client, staf, n, shown, django_assert_num_queries):
    _banyak(staf, n)
    login(client, staf)
    with django_assert_num_queries(3):  # session, user, the capped count
        response = client.get(reverse("notifikasi:badge"))
    assert _badge(response.content.decode()) == shown
    assert "no-cache" in response["Cache-Control"]


def test_badge_counts_only_own_unread(client, staf):
    _banyak(staf, 2)
    Notifikasi.objects.filter(penerima=staf, judul="N0").update(dibaca_at="2026-01-01T00:00Z")
    login(client, staf)
    assert _badge(client.get(reverse("notifikasi:badge")).content.decode()) == "1"


def test_pages_poll_the_badge_while_visible_and_link_the_bell_to_the_list(client, staf):
    login(client, staf)
    body = client.get(reverse("home")).content.decode()
    bell = re.search(r'<a href="([^"]+)" class="bell" hx-get="([^"]+)"', body)
    assert bell and bell.groups() == (reverse("notifikasi:daftar"), reverse("notifikasi:terbaru"))
    assert (
        "hx-trigger=\"load, every 120s [document.visibilityState == 'visible'], "
        'notifikasi-dibaca from:body"' in body
    )
    assert 'id="notif-panel"' in body and "Untuk kasi" not in body


def test_terbaru_shows_the_eight_newest_unread_marked(client, staf, django_assert_num_queries):
    _banyak(staf, 10)
    Notifikasi.objects.filter(penerima=staf, judul="N9").update(dibaca_at="2026-01-01T00:00Z")
    login(client, staf)
    with django_assert_num_queries(3):  # session, user, the eight rows
        response = client.get(reverse("notifikasi:terbaru"))
    body = response.content.decode()
    assert re.findall(r"<button class=\"link\">(N\d)</button>", body) == [
        f"N{i}" for i in range(9, 1, -1)
    ]
    assert body.count('class="baru"') == 7 and body.count('class="dibaca"') == 1
    assert "Umpan balik, dialog, briefing, dan aktivitas" in body
    assert f'href="{reverse("notifikasi:daftar")}"' in body  # "Lihat semua"
    assert "no-cache" in response["Cache-Control"]
    assert "Untuk kasi" not in body and "Untuk instansi B" not in body


def test_mark_all_from_the_panel_returns_the_panel_and_refreshes_the_badge(client, staf):
    _banyak(staf, 2)
    login(client, staf)
    response = client.post(reverse("notifikasi:tandai_semua"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notifikasi-dibaca"
    assert 'class="baru"' not in response.content.decode()
    assert not Notifikasi.objects.filter(penerima=staf, dibaca_at__isnull=True).exists()
    assert Notifikasi.objects.filter(dibaca_at__isnull=True).count() == 2  # kasi's, B's
    plain = client.post(reverse("notifikasi:tandai_semua"))
    assert plain["Location"] == reverse("notifikasi:daftar")


def test_opening_one_tells_the_badge(client, staf):
    _banyak(staf, 1)
    login(client, staf)
    row = Notifikasi.objects.get(penerima=staf)
    response = client.post(reverse("notifikasi:buka", args=[row.pk]))
    assert response["HX-Trigger"] == "notifikasi-dibaca"


def test_list_filters_unread_and_labels_each_row(client, staf, django_assert_num_queries):
    _banyak(staf, 3)
    Notifikasi.objects.filter(penerima=staf, judul="N0").update(dibaca_at="2026-01-01T00:00Z")
    notify(staf.pegawai, "SKP disetujui", jenis="skp.disetujui")
    login(client, staf)
    with django_assert_num_queries(4):  # session, user, capped count, page
        body = client.get(reverse("notifikasi:daftar") + "?belum=1").content.decode()
    titles = re.findall(
        r'data-id="\d+">\s*<form.*?<button class="link">([^<]+)</button>', body, re.S
    )
    assert titles == ["SKP disetujui", "N2", "N1"]
    labels = re.findall(r'class="notif-kategori">([^<]+)<', body)
    assert labels == ["SKP", *["Umpan balik, dialog, briefing, dan aktivitas"] * 2]
    assert 'aria-current="page">Belum dibaca' in body
    assert f'href="{reverse("notifikasi:preferensi")}"' in body
    everything = client.get(reverse("notifikasi:daftar")).content.decode()
    assert "N0" in everything and 'aria-current="page">Semua' in everything


def test_unread_filter_keeps_its_page_links(client, staf, settings):
    _banyak(staf, 30)
    login(client, staf)
    body = client.get(reverse("notifikasi:daftar") + "?belum=1").content.decode()
    assert 'href="?belum=1&amp;page=2"' in body


@pytest.mark.parametrize("name", ["notifikasi:badge", "notifikasi:terbaru"])
def test_anonymous_users_go_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/akun/" in response["Location"]
