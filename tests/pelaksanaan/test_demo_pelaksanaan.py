"""seed_demo's stage 2: periods, four weeks of activities, realisasi with bukti, pembinaan around
the demo penilai, some pegawai behind; idempotent and without per-pegawai queries."""

import datetime as dt
import io
import itertools
from collections import defaultdict

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from kinerja.core.models import AuditEvent
from kinerja.integrasi import demo as integrasi_demo
from kinerja.org import demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.pelaksanaan import demo as kerja_demo
from kinerja.pelaksanaan import selectors_pemantauan as sel
from kinerja.pelaksanaan.models import (
    AktivitasHarian,
    Briefing,
    BuktiDukung,
    DialogKinerja,
    PengaturanPeriode,
    PeriodePenilaian,
    PesertaBriefing,
    Realisasi,
    RencanaAksi,
    TindakLanjutDialog,
    UmpanBalik,
)
from kinerja.pelaksanaan.periode import periode_pada
from kinerja.penilaian import demo as penilaian_demo
from kinerja.perencanaan import demo as skp_demo
from kinerja.perencanaan import selectors as skp_selectors
from kinerja.perencanaan.models import IndikatorKinerja, Skp
from kinerja.tindaklanjut import demo as tindak_lanjut_demo

N = 150
TABLES = (
    PengaturanPeriode,
    PeriodePenilaian,
    AktivitasHarian,
    Realisasi,
    BuktiDukung,
    RencanaAksi,
    UmpanBalik,
    DialogKinerja,
    TindakLanjutDialog,
    Briefing,
    PesertaBriefing,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def seed(n: int = N, *args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--pegawai", str(n), *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def kota() -> Instansi:
    return Instansi.objects.get(kode=demo.KOTA.kode)


def hari_demo() -> dt.date:
    """The day the demo was built around (recorded in its audit event)."""
    event = AuditEvent.objects.get(action="demo.pelaksanaan_dibuat")
    return dt.date.fromisoformat(event.after["hari"])


@pytest.mark.django_db
def test_a_fixed_wednesday_gives_three_weeks_and_three_days():
    call_command("seed_demo", "--pegawai", "120", stdout=io.StringIO())
    integrasi_demo.hapus([kota().pk])  # the SIASN queue points at the results
    tindak_lanjut_demo.hapus([kota().pk])  # stages 3 and 4 point at the periods
    penilaian_demo.hapus([kota().pk])
    kerja_demo.hapus([kota().pk])
    november = dt.date(skp_demo.TAHUN, 11, 18)
    rabu = november + dt.timedelta(days=2 - november.weekday())
    result = kerja_demo.seed(hari_ini=rabu)
    assert result.aktivitas > 0
    days = set(AktivitasHarian.objects.values_list("tanggal", flat=True))
    assert len(days) == 18 and max(days) == rabu
    # Today only has morning entries, waiting.
    today = AktivitasHarian.objects.filter(tanggal=rabu)
    assert set(today.values_list("status", flat=True)) == {"Menunggu"}
    assert set(today.values_list("jam_mulai", flat=True)) == {dt.time(7, 30)}


@pytest.mark.django_db
def test_stage_2_queries_do_not_grow_with_the_size():
    def queries(n: int) -> int:
        demo.seed(n)
        skp_demo.seed()
        with CaptureQueriesContext(connection) as ctx:
            kerja_demo.seed()
        demo.hapus_demo()
        # Bulk inserts run in batches of 5,000 rows (executemany on SQLite): not per pegawai.
        return sum(" times: " not in q["sql"] for q in ctx.captured_queries)

    assert queries(300) == queries(600)  # both with the demo penilai's full cast


@pytest.mark.django_db
def test_benchmark_measures_stage_2():
    out = io.StringIO()
    call_command(
        "benchmark", "--here", "--pegawai", "150", "--only", "pages", "--requests", "3", stdout=out
    )
    figures = dict(line.split(": ") for line in out.getvalue().splitlines())
    pages = (
        "aktivitas_kalender",
        "pemantauan_bawahan",
        "pemantauan_unit",
        "pemantauan_unit_detail",
        "pemantauan_daftar",
    )
    for name in [f"{p}_{q}" for p in pages for q in ("p50", "p95")] + ["pemantauan_hitung_150"]:
        assert figures[name].endswith(" ms") and float(figures[name].split()[0]) > 0, name
    assert figures["rekap_menit_bulanan_150"].endswith(" s")
    assert "seed_pelaksanaan_150" not in figures  # seeded for the pages, not measured
    assert AktivitasHarian.objects.filter(instansi__kode=demo.KOTA.kode).count() > 150 * 10


def build_world() -> str:
    """One seed for the tests below (each gets it as `world`, rolled back after the test): the
    seed is the slow part. The tests on an empty database come before the first of them."""
    return seed()


def test_seed_demo_adds_stage_2_once(world):
    output = world
    assert "Pelaksanaan demo dibuat" in output
    first = counts()
    assert all(first.values()), first
    # The demo pemkot's year, Triwulanan by default (stage 4's demo adds the two years before,
    # for the annual results of the follow-up reports).
    assert PengaturanPeriode.objects.get(tahun=skp_demo.TAHUN).granularitas == "Triwulanan"
    assert first["PengaturanPeriode"] == 3
    again = seed()
    assert counts() == first
    assert "sudah ada" in again and "Pelaksanaan demo dibuat" not in again
    assert AuditEvent.objects.filter(action="demo.pelaksanaan_dibuat").count() == 1
    # Only the demo pemkot gets stage-2 data.
    assert not AktivitasHarian.objects.exclude(instansi=kota()).exists()


def test_activities_fill_the_working_days_of_four_weeks_without_overlap(world):
    instansi, hari = kota(), hari_demo()
    senin = hari - dt.timedelta(days=hari.weekday())
    first_day = senin - dt.timedelta(weeks=3)
    rows = list(
        AktivitasHarian.objects.filter(instansi=instansi).values(
            "pegawai_id", "tanggal", "jam_mulai", "jam_selesai", "menit", "status", "uraian"
        )
    )
    assert {r["tanggal"].weekday() for r in rows} <= {0, 1, 2, 3, 4}
    assert min(r["tanggal"] for r in rows) == first_day
    assert max(r["tanggal"] for r in rows) <= hari
    by_day: dict[tuple[int, dt.date], list[tuple[dt.time, dt.time]]] = defaultdict(list)
    for r in rows:
        start, end = r["jam_mulai"], r["jam_selesai"]
        assert r["menit"] == (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) > 0
        assert "{" not in r["uraian"] and r["uraian"][0].isupper()
        by_day[r["pegawai_id"], r["tanggal"]].append((start, end))
    for spans in by_day.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    working_days = sum(
        1 for i in range((hari - first_day).days + 1) if (first_day + dt.timedelta(i)).weekday() < 5
    )
    logged = {r["pegawai_id"] for r in rows}
    assert len(logged) >= N * 0.95  # a few log nothing at all
    assert len(rows) >= len(logged) * (working_days - 5)


def test_statuses_old_ones_evaluated_recent_ones_waiting_a_few_returned(world):
    instansi, hari = kota(), hari_demo()
    status = dict(
        AktivitasHarian.objects.filter(instansi=instansi)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    assert status["Diterima"] > status["Menunggu"] > status.get("Dikembalikan", 0) > 0
    penilai_of = dict(
        Skp.objects.filter(instansi=instansi, terkini=True).values_list("pegawai_id", "penilai_id")
    )
    old = hari - dt.timedelta(days=14)
    for a in AktivitasHarian.objects.filter(instansi=instansi).exclude(status="Menunggu"):
        assert a.dinilai_oleh_id == penilai_of[a.pegawai_id] and a.dinilai_at is not None
        assert a.tanggal < hari
        assert bool(a.catatan_penilai) == (a.status == "Dikembalikan")
    older = AktivitasHarian.objects.filter(instansi=instansi, tanggal__lt=old)
    assert older.filter(status="Diterima").count() > 0.9 * older.count()
    assert not AktivitasHarian.objects.filter(tanggal=hari).exclude(status="Menunggu").exists()


def test_activities_are_tied_to_the_pegawai_approved_rhk(world):
    instansi = kota()
    linked = AktivitasHarian.objects.filter(instansi=instansi, rhk__isnull=False).select_related(
        "rhk__skp"
    )
    assert linked.count() > 0.8 * AktivitasHarian.objects.filter(instansi=instansi).count()
    for a in linked[:500]:
        assert a.rhk is not None
        assert a.rhk.skp.pegawai_id == a.pegawai_id and a.rhk.skp.status == "Disetujui"
        assert a.satuan and a.kuantitas and a.kuantitas >= 1
    with_plan = AktivitasHarian.objects.filter(instansi=instansi, rencana_aksi__isnull=False)
    assert with_plan.exists()
    for a in with_plan.select_related("rencana_aksi")[:100]:
        assert a.rencana_aksi is not None and a.rencana_aksi.rhk_id == a.rhk_id
        periode = a.rencana_aksi.periode
        assert periode.mulai <= a.tanggal <= periode.selesai


def test_realisasi_with_a_link_bukti_previous_period_and_part_of_the_current(world):
    instansi, hari = kota(), hari_demo()
    kini = periode_pada(instansi.pk, hari)
    lalu = PeriodePenilaian.objects.get(
        instansi=instansi, tahun=kini.tahun, jenis=kini.jenis, nomor=kini.nomor - 1
    )
    in_force = skp_selectors.in_force(
        instansi.pk,
        set(Pegawai.objects.filter(instansi=instansi).values_list("id", flat=True)),
        skp_demo.TAHUN,
    )
    ikis = IndikatorKinerja.objects.filter(instansi=instansi, rhk__skp__in=in_force).count()
    filled_before = Realisasi.objects.filter(instansi=instansi, periode=lalu).count()
    filled_now = Realisasi.objects.filter(instansi=instansi, periode=kini).count()
    assert 0.9 * ikis <= filled_before <= ikis
    assert 0 < filled_now < 0.8 * ikis
    for r in Realisasi.objects.filter(instansi=instansi).select_related("iki__rhk")[:300]:
        assert r.skp_id == r.iki.rhk.skp_id
        assert r.uraian and (r.nilai is None or r.nilai > 0)
    bukti = BuktiDukung.objects.filter(instansi=instansi)
    assert bukti.count() == filled_before + filled_now
    assert all(t.startswith("https://arsip.") for t in bukti.values_list("tautan", flat=True))


def test_pembinaan_around_the_demo_penilai(world):
    instansi = kota()
    penilai = Pegawai.objects.get(nip=demo.PENILAI.nip)
    pegawai = Pegawai.objects.get(nip=demo.PEGAWAI.nip)
    dialog = DialogKinerja.objects.get(instansi=instansi)
    assert (dialog.penilai, dialog.pegawai) == (penilai, pegawai)
    assert dialog.dikonfirmasi_penilai_at and dialog.dikonfirmasi_pegawai_at
    items = list(dialog.tindak_lanjut.all())
    assert len(items) == 3 and sum(i.selesai for i in items) == 1
    briefing = Briefing.objects.get(instansi=instansi)
    assert briefing.pemimpin == penilai and briefing.unor_id == penilai.unor_id
    peserta = list(briefing.peserta.all())
    bawahan = set(sel.bawahan(penilai, _lingkup(instansi)).daftar.values_list("id", flat=True))
    assert {p.pegawai_id for p in peserta} == bawahan
    assert 0 < sum(bool(p.dikonfirmasi_at) for p in peserta) < len(peserta)
    assert briefing.lampiran.get().tautan.startswith("https://")
    roots = UmpanBalik.objects.filter(instansi=instansi, induk=None)
    assert roots.count() >= 5 and set(roots.values_list("penulis_id", flat=True)) == {penilai.pk}
    replies = UmpanBalik.objects.filter(instansi=instansi, induk__isnull=False)
    assert replies.filter(penulis=pegawai).exists()
    for reply in replies:
        assert reply.induk is not None and reply.induk.skp_id == reply.skp_id
        assert reply.created_at > reply.induk.created_at
    assert {r.skp.pegawai_id for r in roots} <= bawahan
    assert roots.filter(realisasi__isnull=False).exists()
    assert roots.filter(perilaku__isnull=False).exists()
    assert RencanaAksi.objects.filter(instansi=instansi, pegawai=pegawai).count() >= 2


def _lingkup(instansi: Instansi) -> sel.Lingkup:
    hari = hari_demo()
    return sel.Lingkup(instansi.pk, periode_pada(instansi.pk, hari), hari)


def test_pemantauan_shows_someone_behind(world):
    instansi = kota()
    lingkup = _lingkup(instansi)
    penilai = Pegawai.objects.get(nip=demo.PENILAI.nip)
    mine = sel.bawahan(penilai, lingkup)
    running = [k for k in sel.KUNCI if k != "belum_dinilai"]  # evaluation is due at the end
    assert all(mine.counts[k] >= 1 for k in running), mine.counts
    assert mine.counts["tanpa_aktivitas"] < mine.total  # most logged this week
    snap = sel.hitung_snapshot(lingkup)
    assert all(n > 0 for n in snap.total[1:4]), snap.total
    assert snap.total[3] < 0.1 * snap.total[0]  # a few without activity this week
    # The period before is over: the demo penilai has not finalised all her bawahan yet.
    before = periode_pada(instansi.pk, lingkup.periode.mulai - dt.timedelta(days=1))
    if before.tahun == lingkup.periode.tahun:
        previous = sel.Lingkup(instansi.pk, before, lingkup.hari_ini)
        assert sel.bawahan(penilai, previous).counts["belum_dinilai"] >= 1


def test_fresh_rebuilds_stage_2(world):
    before = counts()
    output = seed(N, "--fresh")
    assert "Pelaksanaan demo dibuat" in output
    assert counts() == before
