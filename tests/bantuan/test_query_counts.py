"""Pinned query counts of the queue and the ticket page; more rows do not add queries."""

import pytest
from django.urls import reverse

from kinerja.bantuan import services
from tests.bantuan.conftest import png
from tests.conftest import login, user_for


@pytest.fixture
def render(client, django_assert_num_queries):
    def go(user, url: str, n: int) -> str:
        client.logout()
        login(client, user)
        with django_assert_num_queries(n):
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return go


def _tiket(pelapor, n=1):
    return [
        services.buka_tiket(pelapor, kategori="skp", judul=f"Tiket {i}", uraian="u")
        for i in range(n)
    ]


# session + user, then the page's own: count (capped) + rows
QUEUE = 4


def test_queue(org, admin_nasional, render):
    pelapor = user_for(org.staf)
    _tiket(pelapor, 3)
    assert render(org.admin, reverse("bantuan:antrean"), QUEUE).count("Tiket ") >= 3
    _tiket(pelapor, 20)
    render(org.admin, reverse("bantuan:antrean"), QUEUE)
    for t in _tiket(pelapor, 5):
        services.eskalasi(org.admin, t, "Tolong")
    render(admin_nasional, reverse("bantuan:antrean_nasional"), QUEUE)


# session + user, ticket, replies, attachments
DETAIL = 5


def test_detail(org, admin_nasional, render):
    pelapor = user_for(org.staf)
    [t] = _tiket(pelapor)
    services.balas(org.admin, t, "Satu", lampiran=[png()])
    url = reverse("bantuan:tiket", args=[t.pk])
    render(pelapor, url, DETAIL)
    for i in range(5):
        services.balas(pelapor, t, f"Lagi {i}", lampiran=[png(f"{i}.png")])
        services.balas(org.admin, t, f"Jawab {i}")
    services.eskalasi(org.admin, t, "Tolong")
    body = render(pelapor, url, DETAIL)
    assert body.count('class="balasan') == 11
    render(org.admin, url, DETAIL)
    render(admin_nasional, url, DETAIL)
