"""In-app notifications: a user sees and opens only their own; the unread badge is loaded
lazily, so ordinary pages pay no query for it."""

import re

import pytest
from django.urls import reverse

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import notify, tandai_dibaca
from tests.conftest import login, user_for


@pytest.fixture
def inbox(org, other_org):
    staf, kasi = user_for(org.staf), user_for(org.kasi)
    other = user_for(other_org.staf)
    notify(org.staf, "Pertama", "pesan satu", "/skp/")
    notify(org.staf, "Kedua", "", "")
    notify(org.kasi, "Untuk kasi", "", "/skp/")
    notify(other_org.staf, "Untuk instansi B", "", "/skp/")
    return {"staf": staf, "kasi": kasi, "other": other}


def titles(body: str) -> list[str]:
    return re.findall(r'data-id="\d+">\s*<form.*?<button class="link">([^<]+)</button>', body, re.S)


def test_list_shows_own_notifications_newest_first_unread_highlighted(client, inbox):
    login(client, inbox["staf"])
    body = client.get(reverse("notifikasi:daftar")).content.decode()
    assert titles(body) == ["Kedua", "Pertama"]
    assert "Untuk kasi" not in body and "Untuk instansi B" not in body
    assert body.count('class="baru"') == 2


def test_opening_one_marks_it_read_and_follows_its_url(client, inbox):
    login(client, inbox["staf"])
    first = Notifikasi.objects.get(judul="Pertama")
    response = client.post(reverse("notifikasi:buka", args=[first.pk]))
    assert response["Location"] == "/skp/"
    first.refresh_from_db()
    assert first.dibaca_at is not None
    assert Notifikasi.objects.get(judul="Kedua").dibaca_at is None
    second = Notifikasi.objects.get(judul="Kedua")
    response = client.post(reverse("notifikasi:buka", args=[second.pk]))
    assert response["Location"] == reverse("notifikasi:daftar")  # no url: back to the list


def test_an_external_url_is_not_followed(client, inbox):
    row = Notifikasi.objects.get(judul="Pertama")
    row.url = "https://contoh.invalid/phish"
    row.save()
    login(client, inbox["staf"])
    response = client.post(reverse("notifikasi:buka", args=[row.pk]))
    assert response["Location"] == reverse("notifikasi:daftar")


@pytest.mark.parametrize("judul", ["Untuk kasi", "Untuk instansi B"])
def test_someone_elses_notification_is_404(client, inbox, judul):
    login(client, inbox["staf"])
    row = Notifikasi.objects.get(judul=judul)
    assert client.post(reverse("notifikasi:buka", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.dibaca_at is None


def test_mark_all_read_touches_only_own(client, inbox):
    login(client, inbox["staf"])
    response = client.post(reverse("notifikasi:tandai_semua"))
    assert response["Location"] == reverse("notifikasi:daftar")
    assert not Notifikasi.objects.filter(penerima=inbox["staf"], dibaca_at__isnull=True).exists()
    assert Notifikasi.objects.filter(dibaca_at__isnull=True).count() == 2  # kasi's, B's


def test_tandai_dibaca_ignores_ids_of_others(inbox):
    others = list(Notifikasi.objects.exclude(penerima=inbox["staf"]).values_list("id", flat=True))
    assert tandai_dibaca(inbox["staf"], others) == 0
    assert tandai_dibaca(inbox["staf"]) == 2
    assert tandai_dibaca(inbox["staf"]) == 0


def test_badge_counts_unread(client, inbox, django_assert_num_queries):
    login(client, inbox["staf"])
    with django_assert_num_queries(3):  # session, user, count
        body = client.get(reverse("notifikasi:badge")).content.decode()
    assert re.search(r'id="notif-badge"[^>]*>2</span>', body)
    tandai_dibaca(inbox["staf"])
    body = client.get(reverse("notifikasi:badge")).content.decode()
    assert body.strip() == '<span id="notif-badge"></span>'


def test_pages_load_the_badge_lazily(client, inbox):
    """The page carries only the htmx hook; tests/core/test_query_counts.py pins the pages'
    query counts, which the bell left unchanged."""
    login(client, inbox["kasi"])
    body = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("notifikasi:badge")}"' in body
    assert "hx-trigger=\"load, every 120s [document.visibilityState == 'visible']" in body
    assert 'id="notif-badge"' not in body  # the count is not rendered with the page


def test_anonymous_users_go_to_login(client):
    response = client.get(reverse("notifikasi:badge"))
    assert response.status_code == 302 and "/akun/" in response["Location"]
