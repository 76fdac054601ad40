"""Bad input stores nothing: no ticket, no reply, no attachment row, no file."""

import pytest
from django.urls import reverse

from kinerja.bantuan import services
from kinerja.bantuan.models import BalasanTiket, LampiranTiket, StatusTiket, Tiket
from kinerja.core.permissions import DomainError
from tests.bantuan.conftest import PNG, pdf, png
from tests.conftest import login


def _files(settings):
    from pathlib import Path

    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _buka(client, **extra):
    data = {"kategori": "skp", "judul": "Judul", "uraian": "Uraian", **extra}
    return client.post(reverse("bantuan:baru"), data)


@pytest.mark.parametrize(
    ("upload", "pesan"),
    [
        (lambda: png("besar.png", PNG + b"0" * 2048), "terlalu besar"),
        (lambda: png("program.png", b"MZ\x90\x00" + b"0" * 40), "bukan gambar PNG"),
        (lambda: png("skrip.exe", b"MZ\x90\x00"), "tidak diterima"),
        (lambda: png("kosong.png", b""), "kosong"),
    ],
)
def test_bad_attachment_stores_nothing(client, staf, settings, upload, pesan):
    settings.BERKAS_MAX_BYTES = 1024
    login(client, staf)
    r = _buka(client, lampiran=[pdf(), upload()])  # a good one first: it is not kept either
    assert r.status_code == 200 and pesan in r.content.decode()
    assert not Tiket.objects.exists() and not LampiranTiket.objects.exists()
    assert _files(settings) == []


def test_too_many_attachments(client, staf, settings):
    login(client, staf)
    r = _buka(client, lampiran=[png(f"{i}.png") for i in range(6)])
    assert "paling banyak 5" in r.content.decode() and not Tiket.objects.exists()
    assert _files(settings) == []


def test_bad_attachment_on_a_reply_stores_nothing(client, staf, settings):
    tiket = services.buka_tiket(staf, kategori="skp", judul="a", uraian="b")
    login(client, staf)
    client.post(
        reverse("bantuan:balas", args=[tiket.pk]),
        {"isi": "Ini", "lampiran": [png("x.png", b"<html>")]},
    )
    assert not BalasanTiket.objects.exists() and not LampiranTiket.objects.exists()
    assert _files(settings) == []
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.BARU


@pytest.mark.parametrize("field", ["uraian", "judul", "kategori"])
def test_required_fields(client, staf, field):
    login(client, staf)
    r = _buka(client, **{field: "   " if field != "kategori" else ""})
    assert r.status_code == 200 and not Tiket.objects.exists()
    assert "errorlist" in r.content.decode()


def test_blank_uraian_refused_by_the_service(staf):
    with pytest.raises(DomainError, match="Uraian"):
        services.buka_tiket(staf, kategori="skp", judul="a", uraian=" \n ")
    assert not Tiket.objects.exists()


@pytest.mark.parametrize(
    ("dari", "disimpan"),
    [
        ("/perencanaan/skp/?tahun=2026", "/perencanaan/skp/?tahun=2026"),
        ("https://jahat.example/login", ""),
        ("//jahat.example/login", ""),
        ("/\\jahat.example", ""),
        ("javascript:alert(1)", ""),
        ("/baris\nbaru", ""),
        ("/" + "a" * 400, ""),
    ],
)
def test_dari_must_be_a_local_path(client, staf, dari, disimpan):
    login(client, staf)
    form = client.get(reverse("bantuan:baru"), {"dari": dari}).content.decode()
    assert f'name="halaman_asal" value="{disimpan}"' in form
    _buka(client, halaman_asal=dari)
    assert Tiket.objects.get().halaman_asal == disimpan


def test_empty_reply_is_refused(client, staf):
    tiket = services.buka_tiket(staf, kategori="skp", judul="a", uraian="b")
    login(client, staf)
    r = client.post(reverse("bantuan:balas", args=[tiket.pk]), {"isi": "  "}, follow=True)
    assert "Isi balasan wajib diisi." in r.content.decode()
    assert not BalasanTiket.objects.exists()
