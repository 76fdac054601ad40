"""Builders of the document tests: the org of tests/conftest.py with the staf's SKP holding an
RHK (two IKI, one with a realisasi), the periods' predikat organisasi, and the staf's results
of two triwulan finalised by the kasi (their penilai; the kabid is the atasan penilai).

Everything goes through the services, with `now=` on the day after each period ended, so the
penilaian is open whatever today is. Rendering is the slow part: builders issue documents
only when asked."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.pelaksanaan.models import PeriodePenilaian, Realisasi
from kinerja.penilaian import services as penilaian
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan import services as perencanaan
from kinerja.perencanaan.models import PerilakuKerja, Skp
from tests.conftest import Org
from tests.penilaian.conftest import TAHUN, periode, saat
from tests.perencanaan.test_services import add_rhk, approve_directly, users_of

DI_ATAS, SESUAI = "Di Atas Ekspektasi", "Sesuai Ekspektasi"
RHK_TEKS = "Tersusunnya laporan pengelolaan data kepegawaian"
UMPAN_RHK = "Laporan disusun tepat waktu dan rapi."
UMPAN_PERILAKU = "Sangat responsif terhadap permintaan layanan."
EKSPEKTASI = "Menjawab setiap permintaan data dalam dua hari kerja."
CATATAN = "Pertahankan ketelitian; ikuti pelatihan analisis data."
URAIAN_REALISASI = "Sebelas laporan bulanan diserahkan"


@dataclass
class Panggung:
    org: Org
    users: dict[str, Any]
    skp: Skp  # the staf's, approved, with content
    tw1: PeriodePenilaian
    tw2: PeriodePenilaian
    ev1: Evaluasi  # final: Di Atas / Sesuai -> Baik
    ev2: Evaluasi  # final too

    @property
    def staf(self) -> Any:
        return self.users["staf"]

    @property
    def kasi(self) -> Any:
        return self.users["kasi"]

    @property
    def kabid(self) -> Any:
        return self.users["kabid"]


def hari_setelah(p: PeriodePenilaian) -> dt.datetime:
    hari = p.selesai + dt.timedelta(days=1)
    return saat(hari.month, hari.day, tahun=hari.year)


def skp_dengan_isi(user: Any) -> Skp:
    skp = perencanaan.buat_skp(user, TAHUN)
    add_rhk(user, skp, RHK_TEKS, n_iki=2)
    perilaku = PerilakuKerja.objects.filter(skp=skp).order_by("nilai__urutan").first()
    assert perilaku is not None
    PerilakuKerja.objects.filter(pk=perilaku.pk).update(ekspektasi_khusus=EKSPEKTASI)
    return approve_directly(skp)


def bangun(org: Org) -> Panggung:
    """The staf's SKP (with content) and the other SKPs approved; TW I and TW II final."""
    users = users_of(org)
    skps = {
        name: skp_dengan_isi(user)
        if name == "staf"
        else approve_directly(perencanaan.buat_skp(user, TAHUN))
        for name, user in users.items()
    }
    skp = skps["staf"]
    tw1, tw2 = periode(org.instansi.pk, nomor=1), periode(org.instansi.pk, nomor=2)
    iki = skp.rhk.get().iki.order_by("urutan").first()
    assert iki is not None
    Realisasi.objects.create(
        instansi=org.instansi,
        skp=skp,
        iki=iki,
        periode=tw1,
        nilai=Decimal(11),
        uraian=URAIAN_REALISASI,
    )
    rhk = skp.rhk.get()
    perilaku = PerilakuKerja.objects.filter(skp=skp).order_by("nilai__urutan").first()
    assert perilaku is not None
    evs = []
    for p in (tw1, tw2):
        now = hari_setelah(p)
        penilaian.tetapkan_kinerja_organisasi(org.admin, org.dinas, p, "Baik", now=now)
        ev = penilaian.nilai(
            users["kasi"],
            skp,
            p,
            rating_hasil_kerja=DI_ATAS,
            rating_perilaku=SESUAI,
            umpan_balik_rhk={str(rhk.kunci): UMPAN_RHK},
            umpan_balik_perilaku={str(perilaku.nilai_id): UMPAN_PERILAKU},
            catatan=CATATAN,
            now=now,
        )
        penilaian.finalkan(users["kasi"], [ev], now=now)
        ev.refresh_from_db()
        evs.append(ev)
    return Panggung(org, users, skp, tw1, tw2, evs[0], evs[1])


def ambil(ev: Evaluasi) -> Evaluasi:
    """A fresh copy with what the document services read."""
    return Evaluasi.objects.select_related("periode", "skp", "pegawai").get(pk=ev.pk)
