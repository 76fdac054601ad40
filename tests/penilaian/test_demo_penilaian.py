"""seed_demo's stage 3: predikat organisasi per OPD, evaluations of the periods that are over
(predikat always from the matrix, with history), the demo penilai mid-way, an open keberatan
window for the demo pegawai, a keberatan waiting; idempotent and without per-pegawai queries."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import User
from kinerja.integrasi import demo as integrasi_demo
from kinerja.org import demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.pelaksanaan.models import PerpanjanganBatas
from kinerja.penilaian import aturan, services
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    KinerjaOrganisasi,
    RiwayatEvaluasi,
    StatusEvaluasi,
)
from kinerja.tindaklanjut import demo as tindak_lanjut_demo

HARI = dt.date(demo.TAHUN_ACUAN, 11, 22)  # Triwulan I-III over, IV running
N = 150


def kota() -> Instansi:
    return Instansi.objects.get(kode=demo.KOTA.kode)


@pytest.mark.django_db
def test_seed_demo_adds_stage_3_once():
    output = io.StringIO()
    call_command("seed_demo", "--pegawai", str(N), stdout=output)
    first = Evaluasi.objects.count()
    assert "Penilaian demo dibuat" in output.getvalue() or first == 0
    again = io.StringIO()
    call_command("seed_demo", "--pegawai", str(N), stdout=again)
    assert Evaluasi.objects.count() == first
    assert "Penilaian demo dibuat" not in again.getvalue()


@pytest.mark.django_db
def test_seed_queries_do_not_grow_with_the_instansi():
    def queries(n: int) -> int:
        call_command("seed_demo", "--pegawai", str(n), "--fresh", stdout=io.StringIO())
        instansi = kota()
        integrasi_demo.hapus([instansi.pk])  # the SIASN queue points at the results
        tindak_lanjut_demo.hapus([instansi.pk])
        penilaian_demo.hapus([instansi.pk])
        PerpanjanganBatas.objects.filter(instansi=instansi, untuk="penilaian").delete()
        with CaptureQueriesContext(connection) as ctx:
            penilaian_demo.seed(hari_ini=HARI)
        return len(ctx.captured_queries)

    small, big = queries(100), queries(260)
    assert small > 0
    assert big - small < 10  # inserts batch by size; per-pegawai reads would add 160+


def build_world() -> Instansi:
    """One seed for the tests that take `seeded` (the slow part: a copy for each, rolled back
    after it); the tests on an empty database come before the first of them."""
    call_command("seed_demo", "--pegawai", str(N), stdout=io.StringIO())
    instansi = kota()
    integrasi_demo.hapus([instansi.pk])  # the SIASN queue points at the results
    tindak_lanjut_demo.hapus([instansi.pk])  # stage 4 points at the evaluations
    penilaian_demo.hapus([instansi.pk])  # rebuilt around a fixed day, whatever today is
    PerpanjanganBatas.objects.filter(instansi=instansi, untuk="penilaian").delete()
    assert penilaian_demo.seed(hari_ini=HARI).evaluasi
    return instansi


@pytest.fixture
def seeded(world: Instansi) -> Instansi:
    return world


def test_every_result_follows_the_matrix_and_has_its_history(seeded):
    rows = list(Evaluasi.objects.filter(instansi=seeded))
    assert {r.periode.nomor for r in rows} == {1, 2, 3}
    for ev in rows:
        assert ev.predikat == aturan.predikat_pegawai(ev.rating_hasil_kerja, ev.rating_perilaku)
        assert (ev.difinalkan_at is not None) == ev.sudah_final
    # Rated and finalised by the penilai's own account (the result page names them); the
    # top of the instansi, without a penilai, by the Admin Instansi.
    akun = dict(User.objects.filter(instansi=seeded).values_list("id", "pegawai_id"))
    admin = User.objects.get(instansi=seeded, is_admin_instansi=True).pk
    for ev in rows:
        oleh = [ev.dinilai_oleh_id] + ([ev.difinalkan_oleh_id] if ev.difinalkan_at else [])
        if ev.penilai_id:
            assert [akun[o] for o in oleh] == [ev.penilai_id] * len(oleh)
        else:
            assert oleh == [admin] * len(oleh)
    history = RiwayatEvaluasi.objects.filter(instansi=seeded)
    assert history.filter(aksi="dinilai").count() == len(rows)
    assert history.filter(aksi="difinalkan").count() == sum(r.sudah_final for r in rows)
    # Every OPD has a predikat organisasi in each period that is over, so results can be final.
    assert KinerjaOrganisasi.objects.filter(instansi=seeded).values("periode").distinct().count()
    for ev in rows[:50]:
        assert services.masalah_finalisasi(ev) in ("", f"Penilaian {ev.periode} sudah difinalkan.")


def test_demo_penilai_is_mid_way_and_demo_pegawai_may_object(seeded):
    penilai = Pegawai.objects.get(instansi=seeded, nip=demo.PENILAI.nip)
    pegawai = Pegawai.objects.get(instansi=seeded, nip=demo.PEGAWAI.nip)
    mine = Evaluasi.objects.filter(instansi=seeded, penilai=penilai, periode__nomor=3)
    assert mine.filter(status=StatusEvaluasi.DRAFT).exists()
    assert not mine.filter(status=StatusEvaluasi.FINAL).exists()
    recent = Evaluasi.objects.get(instansi=seeded, pegawai=pegawai, periode__nomor=2)
    now = dt.datetime.combine(HARI, dt.time(12), tzinfo=dt.UTC)
    assert services.keberatan_terbuka(recent, now)
    waiting = Keberatan.objects.get(instansi=seeded)
    assert waiting.pegawai_id != pegawai.pk and waiting.evaluasi.status == "Keberatan Diajukan"
    # Triwulan III's penilaian deadline (31 Oktober) has passed: the demo extends it.
    assert PerpanjanganBatas.objects.filter(
        instansi=seeded, untuk="penilaian", periode__nomor=3
    ).exists()
