"""TPP tests run with the background-job pages mounted (tests/core/urls_pekerjaan.py) and
jobs run inline (KINERJA_JOBS = "immediate"), except where a test says otherwise."""

import pytest


@pytest.fixture(autouse=True)
def _jobs_inline(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.core.urls_pekerjaan"
    settings.KINERJA_JOBS = "immediate"


import datetime as dt  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from decimal import Decimal  # noqa: E402

from kinerja.accounts.models import User  # noqa: E402
from kinerja.org.models import Jabatan, Pegawai  # noqa: E402
from kinerja.pelaksanaan.models import AktivitasHarian, PeriodePenilaian  # noqa: E402
from kinerja.penilaian import services as penilaian  # noqa: E402
from kinerja.tindaklanjut.tpp import services  # noqa: E402
from kinerja.tindaklanjut.tpp.models import Disiplin, KonfigurasiTpp  # noqa: E402
from tests.conftest import Org  # noqa: E402
from tests.penilaian.conftest import TAHUN, Dunia, buat_dunia, periode, saat  # noqa: E402

SESUAI, DI_ATAS, DI_BAWAH = "Sesuai Ekspektasi", "Di Atas Ekspektasi", "Di Bawah Ekspektasi"
BULAN = 2  # February: in Triwulan I, evaluated on 1 April whatever today is
KELAS = {"staf": 7, "kasi": 9, "kabid": 11}  # kelas 11 has no amount in KONFIG
BESARAN = {7: 3_000_000, 9: 5_000_000}


def konfig_data(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "berlaku_mulai": dt.date(TAHUN, 1, 1),
        "bobot_kinerja": 60,
        "bobot_disiplin": 40,
        "persen_predikat": {
            "Sangat Baik": 100,
            "Baik": 100,
            "Butuh Perbaikan": 75,
            "Kurang/Misconduct": 50,
            "Sangat Kurang": 25,
        },
        "dasar_kinerja": "predikat",
        "menit_wajib": None,
        "besaran": dict(BESARAN),
        "catatan": "Perkada uji",
    }
    data.update(over)
    return data


@dataclass
class DuniaTpp:
    """Triwulan I of TAHUN rated on 1 April: staf Baik (final); staf_bidang Butuh Perbaikan,
    changed to Baik by a keberatan (Diubah); kasi rated, still a draft; kabid and kepala not
    rated. Jabatan kelas: staf jabatan 7, kasi 9, kabid 11 (no amount), kepala none.
    February: staf has 360 accepted minutes (+60 waiting) and disiplin 90; staf_bidang 100."""

    d: Dunia
    tw1: PeriodePenilaian
    konfig: KonfigurasiTpp

    @property
    def org(self) -> Org:
        return self.d.org

    @property
    def admin(self) -> User:
        return self.d.org.admin

    def pegawai(self, name: str) -> Pegawai:
        return getattr(self.d.org, name)


def buat_dunia_tpp(org: Org) -> DuniaTpp:
    d = buat_dunia(org)
    tw1 = periode(org.instansi.pk, nomor=1)
    dulu = saat(4, 1)
    penilaian.tetapkan_kinerja_organisasi(org.admin, org.dinas, tw1, "Baik", now=dulu)
    u = d.users
    ev_staf = penilaian.nilai(
        u["kasi"], d.skp["staf"], tw1, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, now=dulu
    )
    ev_sb = penilaian.nilai(
        u["kabid"],
        d.skp["staf_bidang"],
        tw1,
        rating_hasil_kerja=DI_BAWAH,
        rating_perilaku=SESUAI,
        now=dulu,
    )
    penilaian.finalkan(u["kasi"], [ev_staf], now=dulu)
    penilaian.finalkan(u["kabid"], [ev_sb], now=dulu)
    k = penilaian.ajukan_keberatan(u["staf_bidang"], ev_sb, "Target tercapai.", now=dulu)
    penilaian.minta_penjelasan(
        u["kepala"], k, pertanyaan_penilai="Dasar?", pertanyaan_pegawai="Bukti?", now=dulu
    )
    penilaian.putuskan_keberatan(
        u["kepala"],
        k,
        "Diubah",
        "Bukti cukup.",
        rating_hasil_kerja=SESUAI,
        rating_perilaku=SESUAI,
        now=dulu,
    )
    penilaian.nilai(
        u["kabid"], d.skp["kasi"], tw1, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, now=dulu
    )
    for name, kelas in KELAS.items():
        Jabatan.objects.filter(pk=getattr(org, name).jabatan_id).update(kelas_jabatan=kelas)
    staf = org.staf
    for hari, status in [(2, "Diterima"), (3, "Diterima"), (4, "Diterima"), (5, "Menunggu")]:
        AktivitasHarian.objects.create(
            instansi=org.instansi,
            pegawai=staf,
            tanggal=dt.date(TAHUN, BULAN, hari),
            jam_mulai=dt.time(8),
            jam_selesai=dt.time(10) if status == "Diterima" else dt.time(9),
            menit=120 if status == "Diterima" else 60,
            uraian="Mengolah data",
            status=status,
        )
    for p, persen in [(staf, "90"), (org.staf_bidang, "100")]:
        Disiplin.objects.create(
            instansi=org.instansi, pegawai=p, tahun=TAHUN, bulan=BULAN, persen=Decimal(persen)
        )
    konfig = services.buat_konfigurasi(org.admin, org.instansi.pk, **konfig_data())
    return DuniaTpp(d, tw1, konfig)


@pytest.fixture
def dt_tpp(org: Org) -> DuniaTpp:
    return buat_dunia_tpp(org)
