"""Report numbers on a fixed set: open tickets by age bucket and kategori, median time to the
first answer."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.bantuan.models import StatusTiket, Tiket
from kinerja.bantuan.selectors import laporan
from tests.conftest import login, user_for

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _tiket(org, pelapor, umur_jam, kategori="skp", jawab_jam=None, status="baru", **kw):
    dibuka = NOW - dt.timedelta(hours=umur_jam)
    return Tiket.objects.create(
        instansi=org.instansi,
        pelapor=pelapor,
        peran_pelapor="pegawai",
        kategori=kategori,
        judul="t",
        uraian="u",
        status=status,
        created_at=dibuka,
        dijawab_at=dibuka + dt.timedelta(hours=jawab_jam) if jawab_jam is not None else None,
        **kw,
    )


def _data(org, other_org):
    p, q = user_for(org.staf), user_for(other_org.staf)
    _tiket(org, p, 12, jawab_jam=1)  # < 1 day
    _tiket(org, p, 30, jawab_jam=3)  # 1–3
    _tiket(org, p, 60, kategori="tpp", jawab_jam=10, status="menunggu")  # 1–3
    _tiket(org, p, 100, kategori="tpp", dieskalasi_at=NOW)  # 3–7, not answered
    _tiket(org, p, 24 * 10, kategori="akun")  # > 7
    _tiket(org, p, 24 * 5, jawab_jam=2, status=StatusTiket.SELESAI)  # closed: no age bucket
    _tiket(org, p, 24 * 40, jawab_jam=100, status=StatusTiket.SELESAI)  # outside the period
    _tiket(other_org, q, 5, jawab_jam=7)


def test_numbers(org, other_org):
    _data(org, other_org)
    [a] = laporan([org.instansi.pk], 30, now=NOW)
    assert a.umur == {"u1": 1, "u3": 2, "u7": 1, "ulama": 1}
    assert a.terbuka == 5 and a.dieskalasi_terbuka == 1
    assert [(k["label"], k["umur"], k["total"]) for k in a.per_kategori] == [
        ("Akun dan login", [0, 0, 0, 1], 1),
        ("SKP", [1, 1, 0, 0], 2),
        ("TPP", [0, 1, 1, 0], 2),
    ]
    # answered in the last 30 days: 1, 3, 10, 2 hours -> median 2.5
    assert (a.dijawab, a.median_jam) == (4, 2.5)
    semua = laporan(None, 30, now=NOW)
    assert [(r.instansi.kode, r.terbuka, r.median_jam) for r in semua] == [
        ("ORGA", 5, 2.5),
        ("ORGB", 1, 7.0),
    ]
    assert laporan([org.instansi.pk], 365, now=NOW)[0].median_jam == 3.0  # 1, 2, 3, 10, 100


def test_pages(org, other_org, admin_nasional, monkeypatch):
    _data(org, other_org)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    body = login(Client(), org.admin).get(reverse("bantuan:laporan")).content.decode()
    assert "Pemerintah Kota A" in body and "Pemerintah Kota B" not in body
    assert '<strong class="median">2,5 jam</strong>' in body or "2.5 jam" in body
    body = login(Client(), admin_nasional).get(reverse("bantuan:laporan")).content.decode()
    assert "Pemerintah Kota A" in body and "Pemerintah Kota B" in body
