"""A small world for the reports, built through the services (tests/penilaian's builders).

The org of tests/conftest.py (Dinas A > Bidang A > Seksi A; the dinas is the single root, so
its OPD rows are "Langsung di Dinas A" (the kepala) and "Bidang A" (the other four)) with:

This year (TAHUN):
- approved SKPs in force for all five; the staf's has two IKI (the others none);
- Triwulan I: predikat organisasi Baik on the dinas and Baik on the bidang; the staf rated
  Baik (kasi) and the staf_bidang Sangat Baik (kabid), both final; realisasi of both IKI of
  the staf; a signed evaluation document of the staf in force, and a replaced one of the
  staf_bidang (does not count);
- Triwulan II: realisasi of one IKI of the staf only.

Annual results (final; A = TAHUN-2, B = TAHUN-1):
- staf: A Sangat Baik, B Sangat Baik (two years running);
- staf_bidang: A Sangat Baik, B Butuh Perbaikan, keberatan decided Tetap (below Baik; final
  on the decision day);
- kasi: TAHUN-3 Sangat Baik, B Butuh Perbaikan changed by keberatan to Sangat Baik (neither
  list: a gap year, and the post-keberatan predikat counts);
- kabid: B Sangat Kurang (below Baik; final on the finalisation day).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache

from kinerja.accounts.models import User
from kinerja.pelaksanaan import services_realisasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import services
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import IndikatorKinerja, Skp
from kinerja.tindaklanjut.dokumen.models import Dokumen
from tests.conftest import Org
from tests.penilaian.conftest import TAHUN, periode, saat, skp_disetujui
from tests.perencanaan.test_services import add_rhk, approve_directly, users_of

DI_ATAS, SESUAI, DI_BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
A, B = TAHUN - 2, TAHUN - 1


@dataclass
class Dunia:
    org: Org
    users: dict[str, User]
    skp: dict[str, Skp]
    tw1: PeriodePenilaian
    tw2: PeriodePenilaian
    tahunan: dict[int, PeriodePenilaian]
    ev: dict[str, Evaluasi]  # "<person> <year>" for annual results, "<person> tw1"


def _nilai(
    penilai: User, skp: Skp, p: PeriodePenilaian, hasil: str, perilaku: str, now: dt.datetime
) -> Evaluasi:
    ev = services.nilai(
        penilai, skp, p, rating_hasil_kerja=hasil, rating_perilaku=perilaku, now=now
    )
    services.finalkan(penilai, [ev], now=now)
    ev.refresh_from_db()
    return ev


def _tahunan(
    d: Dunia, person: str, penilai: str, tahun: int, hasil: str, perilaku: str
) -> Evaluasi:
    """The person's annual result of a past year, rated and finalised on 10 January after."""
    p = d.tahunan.get(tahun) or periode(d.org.instansi.pk, "Tahunan", tahun=tahun)
    if tahun not in d.tahunan:
        services.tetapkan_kinerja_organisasi(d.org.admin, d.org.dinas, p, "Baik")
        d.tahunan[tahun] = p
    skp = approve_directly(skp_services.buat_skp(d.users[person], tahun))
    ev = _nilai(d.users[penilai], skp, p, hasil, perilaku, saat(1, 10, tahun=tahun + 1))
    d.ev[f"{person} {tahun}"] = ev
    return ev


def _keberatan(
    d: Dunia, ev: Evaluasi, person: str, pemutus: str, keputusan: str, **ratings: str
) -> None:
    """Filed on 12 January, explained, decided on 15 January."""
    y = ev.periode.tahun + 1
    k = services.ajukan_keberatan(
        d.users[person], ev, "Hasil kerja saya melampaui target.", now=saat(1, 12, tahun=y)
    )
    services.minta_penjelasan(
        d.users[pemutus],
        k,
        pertanyaan_penilai="Apa dasarnya?",
        pertanyaan_pegawai="Mana buktinya?",
        now=saat(1, 13, tahun=y),
    )
    services.putuskan_keberatan(
        d.users[pemutus], k, keputusan, "Sudah diperiksa.", now=saat(1, 15, tahun=y), **ratings
    )
    ev.refresh_from_db()


def buat_laporan(org: Org) -> Dunia:
    users = users_of(org)
    staf_skp = skp_services.buat_skp(users["staf"], TAHUN)
    add_rhk(users["staf"], staf_skp, "Tersusunnya laporan")
    add_rhk(users["staf"], staf_skp, "Terkelolanya arsip")
    skp = {"staf": approve_directly(staf_skp)}
    skp.update({n: skp_disetujui(u) for n, u in users.items() if n != "staf"})
    i = org.instansi.pk
    d = Dunia(org, users, skp, periode(i, nomor=1), periode(i, nomor=2), {}, {})

    # Triwulan I and II of this year.
    services.tetapkan_kinerja_organisasi(org.admin, org.dinas, d.tw1, "Baik")
    services.tetapkan_kinerja_organisasi(org.admin, org.bidang, d.tw1, "Baik")
    april = saat(4, 10)
    d.ev["staf tw1"] = _nilai(users["kasi"], skp["staf"], d.tw1, SESUAI, SESUAI, april)
    d.ev["staf_bidang tw1"] = _nilai(
        users["kabid"], skp["staf_bidang"], d.tw1, DI_ATAS, DI_ATAS, april
    )
    ikis = list(IndikatorKinerja.objects.filter(instansi_id=i, rhk__skp=skp["staf"]).order_by("pk"))
    for iki in ikis:
        services_realisasi.isi_realisasi(
            users["staf"], iki, d.tw1, Decimal(11), "Selesai", now=saat(4, 5)
        )
    services_realisasi.isi_realisasi(
        users["staf"], ikis[0], d.tw2, Decimal(5), "Sebagian", now=saat(7, 5)
    )
    _dokumen(d, "staf", "berlaku")
    _dokumen(d, "staf_bidang", "digantikan")

    # Annual results of past years.
    _tahunan(d, "staf", "kasi", A, DI_ATAS, DI_ATAS)
    _tahunan(d, "staf", "kasi", B, DI_ATAS, DI_ATAS)
    _tahunan(d, "staf_bidang", "kabid", A, DI_ATAS, DI_ATAS)
    ev = _tahunan(d, "staf_bidang", "kabid", B, DI_BAWAH, SESUAI)
    _keberatan(d, ev, "staf_bidang", "kepala", "Tetap")
    _tahunan(d, "kasi", "kabid", TAHUN - 3, DI_ATAS, DI_ATAS)
    ev = _tahunan(d, "kasi", "kabid", B, DI_BAWAH, SESUAI)
    _keberatan(
        d, ev, "kasi", "kepala", "Diubah", rating_hasil_kerja=DI_ATAS, rating_perilaku=DI_ATAS
    )
    _tahunan(d, "kabid", "kepala", B, DI_BAWAH, DI_BAWAH)
    return d


def _dokumen(d: Dunia, person: str, status: str) -> Dokumen:
    """A signed evaluation document of the person's Triwulan I result (the row only: the
    rendering and signing are the dokumen app's)."""
    ev = d.ev[f"{person} tw1"]
    return Dokumen.objects.create(
        instansi=d.org.instansi,
        pegawai_id=ev.pegawai_id,
        jenis="evaluasi",
        evaluasi=ev,
        periode=d.tw1,
        kode=f"UJI{ev.pk:08d}",
        sha256="0" * 64,
        status=status,
        ditandatangani_at=saat(4, 11),
    )


@pytest.fixture(autouse=True)
def _cache_kosong() -> None:
    """The kepatuhan table is cached for a few minutes; each test counts afresh."""
    cache.clear()


@pytest.fixture
def dunia(org: Org) -> Dunia:
    return buat_laporan(org)
