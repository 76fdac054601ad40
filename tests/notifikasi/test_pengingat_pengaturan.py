"""/notifikasi/pengaturan/: the Admin Instansi's reminder settings (access, validation in
Bahasa Indonesia, the audited save, the rounds of their own instansi only, pinned queries)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.notifikasi import pengingat
from kinerja.notifikasi.models import PengaturanPengingat, PutaranPengingat
from kinerja.pelaksanaan.periode import daftar_periode
from tests.conftest import build_org, login
from tests.factories import UserFactory, user_for

URL = "/notifikasi/pengaturan/"


def test_url_name():
    assert reverse("notifikasi:pengaturan") == URL


def _rounds(org, n: int, start: int = 0) -> None:
    periode = daftar_periode(org.instansi.pk, 2026)[0]
    PutaranPengingat.objects.bulk_create(
        PutaranPengingat(
            instansi=org.instansi,
            periode=periode,
            untuk="pengisian",
            batas=dt.date(2026, 4, 30) + dt.timedelta(days=start + i),
            hari_sebelum=3,
            status="selesai",
            jumlah_pegawai=10 + i,
        )
        for i in range(n)
    )


@pytest.mark.django_db
def test_access_only_the_admin_instansi(client, org):
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]
    login(client, user_for(org.staf))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"hari_sebelum": "1", "jam": "7"}).status_code == 404
    login(client, UserFactory(is_admin_nasional=True))
    assert client.get(URL).status_code == 404
    login(client, org.admin)
    assert client.get(URL).status_code == 200
    assert not PengaturanPengingat.objects.exclude(hari_sebelum=[7, 3, 1]).exists()


@pytest.mark.django_db
def test_get_shows_defaults_and_own_rounds_in_pinned_queries(
    client, org, django_assert_num_queries
):
    other = build_org("Z")
    _rounds(other, 3)
    _rounds(org, 2)
    login(client, org.admin)
    client.get(URL)  # the settings row is made on first need
    # session, user, settings, rounds count, rounds page, zone, failed e-mails
    with django_assert_num_queries(7):
        body = client.get(URL).content.decode()
    assert 'value="7, 3, 1"' in body
    assert body.count("<td>H-3</td>") == 2
    _rounds(org, 40, start=2)  # more rows, same queries; the page shows 20
    with django_assert_num_queries(7):
        body = client.get(URL).content.decode()
    assert body.count("<td>H-3</td>") == 20
    assert "Halaman 1 dari 3" in body


@pytest.mark.django_db
def test_save_is_audited(client, org):
    login(client, org.admin)
    response = client.post(
        URL, {"hari_sebelum": "1, 14,3", "jam": "8", "ringkasan_penilai": "on", "aktif": "on"}
    )
    assert response.status_code == 302 and response["Location"] == URL
    p = PengaturanPengingat.objects.get(instansi=org.instansi)
    assert (p.hari_sebelum, p.jam, p.ringkasan_penilai, p.aktif) == ([14, 3, 1], 8, True, True)
    event = AuditEvent.objects.get(action="notifikasi.pengaturan_diubah")
    assert event.instansi_id == org.instansi.pk and event.actor_id == org.admin.pk
    assert event.before["hari_sebelum"] == [7, 3, 1]
    assert event.after["hari_sebelum"] == [14, 3, 1]
    client.post(URL, {"hari_sebelum": "0", "jam": "0"})  # unchecked boxes: off
    p.refresh_from_db()
    assert (p.hari_sebelum, p.jam, p.ringkasan_penilai, p.aktif) == ([0], 0, False, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hari", "jam", "error"),
    [
        ("", "7", "Isi paling sedikit satu hari"),
        ("7, tiga", "7", "bilangan bulat dipisah koma"),
        ("61", "7", "antara 0 dan 60"),
        ("-1", "7", "bilangan bulat"),
        ("7, 3, 7", "7", "hanya boleh disebut sekali"),
        ("1,2,3,4,5,6", "7", "Paling banyak 5"),
        ("7", "24", "antara 0 dan 23"),
        ("7", "pagi", "bilangan bulat 0 sampai 23"),
    ],
)
def test_invalid_input_is_refused_in_indonesian(client, org, hari, jam, error):
    login(client, org.admin)
    response = client.post(URL, {"hari_sebelum": hari, "jam": jam, "aktif": "on"})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not AuditEvent.objects.filter(action="notifikasi.pengaturan_diubah").exists()
    assert pengingat.pengaturan_of(org.instansi.pk).hari_sebelum == [7, 3, 1]


@pytest.mark.django_db
def test_service_checks_the_actor_and_values(org):
    with pytest.raises(PermissionDenied):
        pengingat.simpan_pengaturan(user_for(org.staf), [3], 7, True, True)
    with pytest.raises(DomainError, match="antara 0 dan 23"):
        pengingat.simpan_pengaturan(org.admin, [3], 30, True, True)
    with pytest.raises(DomainError, match="Paling banyak 5"):
        pengingat.simpan_pengaturan(org.admin, range(6), 7, True, True)
    assert pengingat.simpan_pengaturan(org.admin, [1, 5], 6, False, True).hari_sebelum == [5, 1]


@pytest.mark.django_db
def test_periode_page_links_to_the_settings(client, org):
    login(client, org.admin)
    body = client.get(reverse("pelaksanaan:periode_admin")).content.decode()
    assert f'href="{URL}"' in body


def test_the_page_says_when_the_scheduler_is_not_running(client, org, monkeypatch):
    """A stopped worker is otherwise invisible: reminders just stop coming."""
    from django.utils import timezone

    from kinerja.core import jobs

    client.force_login(org.admin)
    monkeypatch.setattr(jobs, "detak_penjadwal", lambda: None)
    assert "Pekerja latar belum pernah berjalan" in client.get(URL).content.decode()
    lama = timezone.now() - dt.timedelta(hours=2)
    monkeypatch.setattr(jobs, "detak_penjadwal", lambda: lama)
    body = client.get(URL).content.decode()
    assert "pengingat dan e-mail tidak terkirim" in body
    monkeypatch.setattr(jobs, "detak_penjadwal", timezone.now)
    body = client.get(URL).content.decode()
    assert "tidak terkirim" not in body and "Pekerja latar terakhir berjalan" in body
