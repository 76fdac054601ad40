"""Who gets a deadline reminder (notifikasi.pengingat.rencanakan), in three instansi in WIB,
WITA and WIT with the same people (ADR 0008, "Tests"):

- A (an IKI without realisasi) and C (no approved SKP) get the pengisian reminder with its text;
- B (all filled), D (inactive account) and the other instansi's pegawai get nothing;
- E (a unit extension) gets nothing on the base date and one on the extended date;
- penilai P (kasi) gets one penilaian reminder naming 2 bawahan, and one digest; penilai Q
  (kepala: everything of their bawahan done) gets nothing;
- one UTC instant is due in one zone, not yet in another, closed in a third.

Triwulan I of TAHUN: pengisian and penilaian both end on 30 April (the default rule)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.notifikasi import pengingat
from kinerja.notifikasi.models import PengingatTerkirim, PutaranPengingat
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan.models import PerpanjanganBatas
from kinerja.pelaksanaan.periode import periode_pada
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp
from tests.conftest import Org, build_org
from tests.factories import PegawaiFactory, UnitFactory, place, user_for
from tests.pelaksanaan.test_pemantauan_selectors import isi_realisasi
from tests.perencanaan.test_services import TAHUN, approved_skp, users_of

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
BATAS = dt.date(TAHUN, 4, 30)
DIPERPANJANG = dt.date(TAHUN, 5, 10)


def lokal(zona: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zona))  # type: ignore[misc]


@dataclass
class Dunia:
    org: Org
    zona: str
    a: Pegawai
    b: Pegawai
    c: Pegawai
    d: Pegawai
    e: Pegawai

    @property
    def p(self) -> Pegawai:
        return self.org.kasi

    @property
    def q(self) -> Pegawai:
        return self.org.kepala


def _final(skp: Skp, periode) -> None:
    Evaluasi.objects.create(
        instansi=skp.instansi,
        pegawai=skp.pegawai,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=periode,
        penilai=skp.penilai,
        rating_hasil_kerja="Sesuai Ekspektasi",
        rating_perilaku="Sesuai Ekspektasi",
        predikat="Baik",
        status="Final",
    )


def bangun(kode: str, zona: str) -> Dunia:
    org = build_org(kode)
    org.instansi.zona_waktu = zona
    org.instansi.save()
    users = users_of(org)
    tw1 = periode_pada(org.instansi.pk, dt.date(TAHUN, 2, 1))
    b = PegawaiFactory(instansi=org.instansi, nama=f"Bagus {kode}")
    place(b, org.seksi, org.jabatan_staf)
    d = PegawaiFactory(instansi=org.instansi, nama=f"Dewi {kode}")
    place(d, org.seksi, org.jabatan_staf)
    user_for(d, is_active=False)
    subbag = UnitFactory(instansi=org.instansi, nama=f"Subbag {kode}", induk=org.dinas)
    e = PegawaiFactory(instansi=org.instansi, nama=f"Eko {kode}")
    place(e, subbag, org.jabatan_staf)
    user_for(e)
    users["b"] = user_for(b)
    skp = {name: approved_skp(users[name]) for name in ("kepala", "kabid", "kasi", "staf", "b")}
    for name in ("kepala", "kabid", "kasi", "b"):
        isi_realisasi(skp[name], tw1)
    _final(skp["kabid"], tw1)
    _final(skp["kasi"], tw1)
    PerpanjanganBatas.objects.create(
        instansi=org.instansi,
        periode=tw1,
        untuk="pengisian",
        cakupan="unit",
        unor=subbag,
        batas_baru=DIPERPANJANG,
        alasan="Gangguan jaringan",
    )
    return Dunia(org, zona, org.staf, b, org.staf_bidang, d, e)


@pytest.fixture
def dunia(db) -> dict[str, Dunia]:
    cache.clear()
    return {zona: bangun(kode, zona) for kode, zona in [("B", WIB), ("T", WITA), ("J", WIT)]}


def inbox(pegawai: Pegawai) -> list[tuple[str, str, str]]:
    return list(
        Notifikasi.objects.filter(penerima__pegawai=pegawai)
        .order_by("jenis", "id")
        .values_list("jenis", "judul", "pesan")
    )


def jumlah(w: Dunia) -> int:
    return Notifikasi.objects.filter(instansi=w.org.instansi).count()


def penerima(w: Dunia) -> set[str]:
    return set(
        Notifikasi.objects.filter(instansi=w.org.instansi).values_list(
            "penerima__pegawai__nama", flat=True
        )
    )


def test_the_right_people_on_h3_in_every_zone(dunia):
    for zona, w in dunia.items():
        others = set(dunia) - {zona}
        before = {z: jumlah(dunia[z]) for z in others}
        rounds = pengingat.rencanakan(w.org.instansi.pk, lokal(zona, TAHUN, 4, 27, 7, 30))
        assert {(r.untuk, r.batas, r.hari_sebelum) for r in rounds} == {
            ("pengisian", BATAS, 3),
            ("penilaian", BATAS, 3),
        }
        label = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}[zona]
        assert inbox(w.a) == [
            (
                "pengingat.pengisian",
                f"Batas pengisian Triwulan I {TAHUN}: 3 hari lagi",
                f"Masih ada indikator tanpa realisasi Triwulan I {TAHUN}; isi realisasinya "
                f"sebelum batas pengisian 30 April {TAHUN} pukul 23.59.59 {label}.",
            )
        ]
        [(jenis, judul, pesan)] = inbox(w.c)
        assert jenis == "pengingat.pengisian" and judul.endswith("3 hari lagi")
        assert pesan.startswith(f"SKP {TAHUN} Anda belum disetujui;")
        for nobody in (w.b, w.d, w.e, w.q):
            assert inbox(nobody) == [], nobody.nama
        p = inbox(w.p)
        assert [j for j, *_ in p] == ["pengingat.penilaian", "pengingat.ringkasan"]
        assert p[0][1] == f"2 pegawai belum Anda nilai untuk Triwulan I {TAHUN}"
        assert p[0][2] == (
            f"Batas penilaian Triwulan I {TAHUN}: 30 April {TAHUN} pukul 23.59.59 {label} "
            "(3 hari lagi)."
        )
        # The digest of the kasi: the staf (A) and Dewi (D, no active account, still behind).
        assert p[1][1] == f"Ringkasan bawahan: 2 belum melengkapi kinerja Triwulan I {TAHUN}"
        assert "Belum merencanakan: 1. Belum mengisi realisasi: 1." in p[1][2]
        assert w.a.nama in p[1][2] and w.d.nama in p[1][2]
        # The kabid: a digest of C only; nothing to evaluate (the kasi is final).
        assert [(j, t) for j, t, _ in inbox(w.org.kabid)] == [
            (
                "pengingat.ringkasan",
                f"Ringkasan bawahan: 1 belum melengkapi kinerja Triwulan I {TAHUN}",
            )
        ]
        assert penerima(w) == {w.a.nama, w.c.nama, w.p.nama, w.org.kabid.nama}
        # Nothing in the other instansi.
        assert before == {z: jumlah(dunia[z]) for z in others}
        isi = {r.untuk: r for r in rounds}
        assert (isi["pengisian"].jumlah_pegawai, isi["pengisian"].jumlah_ringkasan) == (2, 2)
        assert isi["pengisian"].jumlah_tanpa_akun == 1  # D: behind, but no active account
        assert (isi["penilaian"].jumlah_penilai, isi["penilaian"].status) == (1, "selesai")
        assert (
            AuditEvent.objects.filter(instansi=w.org.instansi, action="pengingat.dikirim").count()
            == 2
        )


def test_inactive_account_is_counted_not_notified(dunia):
    w = dunia[WIB]
    # D is behind on pengisian (no SKP): their key is never written, the round counts them.
    [isi, _nilai] = sorted(
        pengingat.rencanakan(w.org.instansi.pk, lokal(WIB, TAHUN, 4, 27, 8)), key=lambda r: r.untuk
    )
    assert isi.jumlah_tanpa_akun == 1
    assert not PengingatTerkirim.objects.filter(pegawai=w.d).exists()
    assert inbox(w.d) == []


def test_extension_moves_the_reminder(dunia):
    w = dunia[WITA]
    pengingat.rencanakan(w.org.instansi.pk, lokal(WITA, TAHUN, 4, 27, 7))
    assert inbox(w.e) == []
    # H-7 of the extended date is not due on 27 April; on 3 May it is (and the base is closed).
    assert pengingat.rencanakan(w.org.instansi.pk, lokal(WITA, TAHUN, 5, 2, 23)) == []
    rounds = pengingat.rencanakan(w.org.instansi.pk, lokal(WITA, TAHUN, 5, 7, 7))
    assert [(r.untuk, r.batas, r.hari_sebelum) for r in rounds] == [("pengisian", DIPERPANJANG, 3)]
    [(_jenis, judul, pesan)] = inbox(w.e)
    assert judul == f"Batas pengisian Triwulan I {TAHUN}: 3 hari lagi"
    assert f"10 Mei {TAHUN} pukul 23.59.59 WITA" in pesan
    # Only E (and E's atasan, the kepala, with a digest): the others' deadline has passed.
    assert penerima(w) == {w.a.nama, w.c.nama, w.p.nama, w.org.kabid.nama, w.e.nama, w.q.nama}
    assert [j for j, *_ in inbox(w.q)] == ["pengingat.ringkasan"]


def test_one_utc_instant_in_three_zones(dunia):
    """ADR example: at 22 April 23:30 UTC the H-7 reminder is due in WITA (07:30) and WIT
    (08:30), not yet in WIB (06:30); on 30 April 16:30 UTC WIB is still open (23:30, H-1) and
    WITA and WIT are closed (00:30 and 01:30 on 1 May)."""
    early = dt.datetime(TAHUN, 4, 22, 23, 30, tzinfo=dt.UTC)
    got = {z: pengingat.rencanakan(w.org.instansi.pk, early) for z, w in dunia.items()}
    assert got[WIB] == []
    assert {r.hari_sebelum for r in got[WITA]} == {r.hari_sebelum for r in got[WIT]} == {7}
    assert inbox(dunia[WIT].a)[0][1].endswith(": 7 hari lagi")
    late = dt.datetime(TAHUN, 4, 30, 16, 30, tzinfo=dt.UTC)
    got = {z: pengingat.rencanakan(w.org.instansi.pk, late) for z, w in dunia.items()}
    assert {r.hari_sebelum for r in got[WIB]} == {1}
    assert inbox(dunia[WIB].a)[0][1].endswith(": hari ini")  # caught up, worded truly
    assert got[WITA] == got[WIT] == []
    assert len(inbox(dunia[WIT].a)) == 1  # only the H-7 one


def test_nothing_when_switched_off(dunia):
    w = dunia[WIT]
    pengingat.simpan_pengaturan(w.org.admin, [7, 3, 1], 7, ringkasan_penilai=False, aktif=False)
    assert pengingat.rencanakan(w.org.instansi.pk, lokal(WIT, TAHUN, 4, 27, 8)) == []
    pengingat.simpan_pengaturan(w.org.admin, [3], 9, ringkasan_penilai=False, aktif=True)
    assert pengingat.rencanakan(w.org.instansi.pk, lokal(WIT, TAHUN, 4, 27, 8)) == []  # 09:00
    rounds = pengingat.rencanakan(w.org.instansi.pk, lokal(WIT, TAHUN, 4, 27, 9))
    assert len(rounds) == 2
    assert [j for j, *_ in inbox(w.p)] == ["pengingat.penilaian"]  # no digest
    assert (
        PutaranPengingat.objects.get(instansi=w.org.instansi, untuk="pengisian").jumlah_ringkasan
        == 0
    )
