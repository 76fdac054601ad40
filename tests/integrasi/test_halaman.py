"""The Integrasi page (/integrasi/): a card per system, the sync log of this instansi only,
filterable and paginated with a pinned query count, one row's detail; the access matrix."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kinerja.integrasi.models import LogSinkron, PenanggungJawab, Sistem, StatusSinkron
from tests.conftest import Org, login, user_for

pytestmark = pytest.mark.django_db


def log(org: Org, **kw) -> LogSinkron:  # type: ignore[no-untyped-def]
    data = {
        "instansi": org.instansi,
        "sistem": Sistem.SIASN,
        "arah": "kirim",
        "operasi": "kirim_skp22",
        "status": StatusSinkron.BERHASIL,
        "mulai_at": timezone.now(),
        **kw,
    }
    return LogSinkron.objects.create(**data)


def test_akses(client, org: Org, other_org: Org, admin_nasional) -> None:  # type: ignore[no-untyped-def]
    row = log(org)
    lain = log(other_org)
    url, detail = reverse("integrasi:index"), reverse("integrasi:log", args=[row.pk])
    for target in (url, detail):
        r = client.get(target)
        assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
    for user in (user_for(org.staf), user_for(org.kepala), admin_nasional, other_org.admin):
        client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
        assert client.get(detail).status_code == 404
        if user is not other_org.admin:
            assert client.get(url).status_code == 404
    login(client, org.admin)
    assert client.get(url).status_code == 200
    assert client.get(detail).status_code == 200
    assert client.get(reverse("integrasi:log", args=[lain.pk])).status_code == 404
    assert client.post(url).status_code == 405


def test_kartu_dan_log_instansi_sendiri(client, org: Org, other_org: Org) -> None:  # type: ignore[no-untyped-def]
    log(org, pesan="Terkirim ke SIASN")
    log(other_org, pesan="Rahasia instansi lain")
    login(client, org.admin)
    with override_settings(OIDC_ENABLED=True, OIDC_OP_ISSUER="https://sso.example/realms/asn"):
        html = client.get(reverse("integrasi:index")).content.decode()
    for nama in ("SIASN (BKN)", "Ruang GTK", "e-Kinerja BKN", "Token API", "SSO (OpenID Connect)"):
        assert nama in html
    assert reverse("ruanggtk:index") in html
    assert "https://sso.example/realms/asn" in html and "klaim NIP &#x27;nip&#x27;" in html
    assert "Terkirim ke SIASN" in html and "Rahasia instansi lain" not in html
    with override_settings(OIDC_ENABLED=False):
        html = client.get(reverse("integrasi:index")).content.decode()
    assert "Tidak aktif: pengguna masuk dengan NIP" in html


def test_saring_sistem_dan_status(client, org: Org) -> None:  # type: ignore[no-untyped-def]
    log(org, pesan="siasn-berhasil")
    log(org, sistem=Sistem.RUANG_GTK, status=StatusSinkron.GAGAL, pesan="gtk-gagal")
    log(org, sistem=Sistem.RUANG_GTK, pesan="gtk-berhasil")
    login(client, org.admin)
    url = reverse("integrasi:index")
    html = client.get(url, {"sistem": "Ruang GTK"}).content.decode()
    assert "gtk-gagal" in html and "gtk-berhasil" in html and "siasn-berhasil" not in html
    html = client.get(url, {"sistem": "Ruang GTK", "status": "gagal"}).content.decode()
    assert "gtk-gagal" in html and "gtk-berhasil" not in html
    html = client.get(url, {"sistem": "bukan", "status": "x"}).content.decode()
    assert "siasn-berhasil" in html  # an unknown filter is ignored


def test_paginasi_menjaga_saringan_dan_jumlah_kueri(
    client, org: Org, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    awal = timezone.now()
    LogSinkron.objects.bulk_create(
        LogSinkron(
            instansi=org.instansi,
            sistem=Sistem.RUANG_GTK,
            arah="impor",
            operasi="pratinjau",
            status=StatusSinkron.BERHASIL,
            mulai_at=awal - dt.timedelta(seconds=i),
            pesan=f"baris-{i:02d}",
            aktor=org.admin,
        )
        for i in range(30)
    )
    login(client, org.admin)
    url = reverse("integrasi:index")
    client.get(url)  # warm up (session, content types)
    # session, user, count, page of logs (aktor joined), 5 cards' latest rows
    with django_assert_num_queries(9):
        r = client.get(url, {"sistem": "Ruang GTK"})
    html = r.content.decode()
    assert "baris-00" in html and "baris-25" not in html
    assert "?sistem=Ruang+GTK&amp;page=2" in html
    html = client.get(url, {"sistem": "Ruang GTK", "page": 2}).content.decode()
    assert "baris-25" in html and "baris-00" not in html


def test_detail_log(client, org: Org) -> None:  # type: ignore[no-untyped-def]
    row = log(
        org,
        status=StatusSinkron.GAGAL,
        kode_galat="http_422",
        pesan="SIASN menolak",
        penanggung_jawab=PenanggungJawab.PENILAI,
        permintaan='{"tahun": 2026, "token": "***"}',
        jawaban='{"message": "NIP penilai salah"}',
        aktor=org.admin,
    )
    login(client, org.admin)
    html = client.get(reverse("integrasi:log", args=[row.pk])).content.decode()
    for teks in (
        "http_422",
        "SIASN menolak",
        "Pejabat Penilai",
        "NIP penilai salah",
        "&quot;tahun&quot;: 2026",
    ):
        assert teks in html
