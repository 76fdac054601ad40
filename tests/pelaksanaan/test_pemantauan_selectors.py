"""Pemantauan reads: each flag true and false, counts equal the lists, the snapshot agrees with
the live flags, drill-down sums, and who sees whom.

The scope is pinned to a Thursday in May (HARI), so the week, the period and "yesterday" never
depend on the day the tests run."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import selectors_pemantauan as sel
from kinerja.pelaksanaan.models import AktivitasHarian, PeriodePenilaian, Realisasi
from kinerja.pelaksanaan.periode import periode_pada
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import IndikatorKinerja, Skp
from tests.conftest import Org, build_org
from tests.factories import PegawaiFactory
from tests.perencanaan.test_services import TAHUN, add_rhk, approved_skp, users_of

_MEI = dt.date(TAHUN, 5, 14)
HARI = _MEI + dt.timedelta(days=3 - _MEI.weekday())  # the Thursday of that week
SENIN = HARI - dt.timedelta(days=3)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Snapshots are cached by instansi id, and ids repeat between tests."""
    cache.clear()


def lingkup_of(org: Org, hari: dt.date = HARI) -> sel.Lingkup:
    return sel.Lingkup(org.instansi.pk, periode_pada(org.instansi.pk, hari), hari)


def aktivitas(
    pegawai: Pegawai, tanggal: dt.date, status: str = "Menunggu", jam: int = 8
) -> AktivitasHarian:
    return AktivitasHarian.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tanggal=tanggal,
        jam_mulai=dt.time(jam),
        jam_selesai=dt.time(jam + 1),
        menit=60,
        uraian="Menyusun laporan",
        status=status,
    )


def isi_realisasi(skp: Skp, periode: PeriodePenilaian, n: int | None = None) -> None:
    """Realisasi for the first n IKI of the SKP (all when None)."""
    ikis = IndikatorKinerja.objects.filter(instansi=skp.instansi, rhk__skp=skp).order_by("id")
    for iki in list(ikis)[:n]:
        Realisasi.objects.get_or_create(
            instansi=skp.instansi, skp=skp, iki=iki, periode=periode, defaults={"nilai": Decimal(3)}
        )


def rajin(pegawai: Pegawai, lingkup: sel.Lingkup) -> None:
    """Planned, filled and logged this week, everything evaluated: no flag at all."""
    aktivitas(pegawai, lingkup.senin, status="Diterima")


def flags(pegawai: Pegawai, lingkup: sel.Lingkup) -> dict[str, bool]:
    qs = sel.with_tanda(Pegawai.objects.filter(pk=pegawai.pk), lingkup)
    return qs.values(*sel.KUNCI).get()


def snapshot_flags(snap: sel.Snapshot, pegawai: Pegawai) -> dict[str, bool]:
    bits = snap.tanda_of([pegawai.pk])[pegawai.pk]
    return {t.kunci: bool(bits & t.bit) for t in sel.TANDA}


@pytest.fixture
def people(org: Org):
    return users_of(org)


@pytest.fixture
def staf_skp(people) -> Skp:
    """The staf's approved SKP with two RHK of one IKI each."""
    skp = skp_services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp, "Tersusunnya laporan")
    add_rhk(people["staf"], skp, "Terkelolanya arsip")
    Skp.objects.filter(pk=skp.pk).update(status="Disetujui", berlaku=True)
    skp.refresh_from_db()
    return skp


# --- Each flag, true and false ----------------------------------------------------------------


@pytest.mark.django_db
def test_belum_merencanakan_until_an_approved_skp_is_in_force(org, people):
    lingkup = lingkup_of(org)
    assert flags(org.staf, lingkup)["belum_rencana"] is True
    draft = skp_services.buat_skp(people["staf"], TAHUN)
    assert flags(org.staf, lingkup)["belum_rencana"] is True  # a draft is no plan yet
    Skp.objects.filter(pk=draft.pk).update(status="Disetujui", berlaku=True)
    assert flags(org.staf, lingkup)["belum_rencana"] is False
    # Last year's plan does not count for this year.
    Skp.objects.filter(pk=draft.pk).update(tahun=TAHUN - 1)
    assert flags(org.staf, lingkup)["belum_rencana"] is True


@pytest.mark.django_db
def test_belum_realisasi_until_every_iki_has_a_row_for_the_period(org, staf_skp):
    lingkup = lingkup_of(org)
    assert flags(org.staf, lingkup)["belum_realisasi"] is True
    isi_realisasi(staf_skp, lingkup.periode, n=1)
    assert flags(org.staf, lingkup)["belum_realisasi"] is True  # one IKI of two
    other = PeriodePenilaian.objects.filter(instansi=org.instansi, tahun=TAHUN, nomor=1).first()
    assert other is not None and other.pk != lingkup.periode.pk
    isi_realisasi(staf_skp, other)
    assert flags(org.staf, lingkup)["belum_realisasi"] is True  # another period's rows
    isi_realisasi(staf_skp, lingkup.periode)
    assert flags(org.staf, lingkup)["belum_realisasi"] is False


@pytest.mark.django_db
def test_belum_realisasi_is_not_raised_without_a_plan(org, people):
    """No SKP in force: the pegawai is flagged as not planned, not as not filled."""
    lingkup = lingkup_of(org)
    skp = skp_services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp)  # a draft with an IKI
    assert flags(org.staf, lingkup) == {
        "belum_rencana": True,
        "belum_realisasi": False,
        "tanpa_aktivitas": True,
        "belum_dinilai": False,
    }


@pytest.mark.django_db
def test_tanpa_aktivitas_counts_monday_to_today_only(org):
    lingkup = lingkup_of(org)
    assert (lingkup.senin, lingkup.hari) == (SENIN, HARI)
    assert flags(org.staf, lingkup)["tanpa_aktivitas"] is True
    aktivitas(org.staf, SENIN - dt.timedelta(days=1))  # Sunday of last week
    aktivitas(org.staf, HARI + dt.timedelta(days=1))  # tomorrow
    assert flags(org.staf, lingkup)["tanpa_aktivitas"] is True
    aktivitas(org.staf, SENIN, status="Dikembalikan")  # any status counts as logged
    assert flags(org.staf, lingkup)["tanpa_aktivitas"] is False


def final_evaluasi(skp: Skp, periode: PeriodePenilaian, status: str = "Final") -> Evaluasi:
    return Evaluasi.objects.create(
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=periode,
        rating_hasil_kerja="Sesuai Ekspektasi",
        rating_perilaku="Sesuai Ekspektasi",
        predikat="Baik",
        status=status,
    )


@pytest.mark.django_db
def test_belum_dinilai_only_once_the_period_is_over_until_a_final_evaluation(org, staf_skp):
    running = lingkup_of(org)
    assert flags(org.staf, running)["belum_dinilai"] is False  # evaluation is not due yet
    previous = periode_pada(org.instansi.pk, dt.date(TAHUN, 2, 1))  # Triwulan I, over by HARI
    over = sel.Lingkup(org.instansi.pk, previous, HARI)
    assert over.berakhir and not running.berakhir
    assert flags(org.staf, over)["belum_dinilai"] is True
    ev = final_evaluasi(staf_skp, previous, status="Draft")  # rated, not finalised
    assert flags(org.staf, over)["belum_dinilai"] is True
    Evaluasi.objects.filter(pk=ev.pk).update(status="Diubah")  # final, after a keberatan
    assert flags(org.staf, over)["belum_dinilai"] is False
    assert snapshot_flags(sel.hitung_snapshot(over), org.staf)["belum_dinilai"] is False


@pytest.mark.django_db
def test_belum_dinilai_is_not_raised_without_a_plan(org):
    previous = periode_pada(org.instansi.pk, dt.date(TAHUN, 2, 1))
    over = sel.Lingkup(org.instansi.pk, previous, HARI)
    assert flags(org.staf, over)["belum_rencana"] is True
    assert flags(org.staf, over)["belum_dinilai"] is False
    assert snapshot_flags(sel.hitung_snapshot(over), org.staf)["belum_dinilai"] is False


@pytest.mark.django_db
def test_a_past_period_is_measured_at_its_last_day(org, staf_skp):
    """For a period that is over, the week is the one of its last day and the evaluation is
    due."""
    now = dt.date(TAHUN, 8, 12)
    previous = periode_pada(org.instansi.pk, dt.date(TAHUN, 5, 1))  # Triwulan II
    lingkup = sel.Lingkup(org.instansi.pk, previous, now)
    assert lingkup.hari == previous.selesai == dt.date(TAHUN, 6, 30)
    assert lingkup.senin == previous.selesai - dt.timedelta(days=previous.selesai.weekday())
    aktivitas(org.staf, previous.selesai)
    assert flags(org.staf, lingkup)["tanpa_aktivitas"] is False
    assert flags(org.staf, lingkup)["belum_dinilai"] is True
    final_evaluasi(staf_skp, previous)
    assert flags(org.staf, lingkup)["belum_dinilai"] is False


@pytest.mark.django_db
def test_nothing_flagged_for_someone_up_to_date(org, staf_skp):
    lingkup = lingkup_of(org)
    isi_realisasi(staf_skp, lingkup.periode)
    rajin(org.staf, lingkup)
    assert not any(flags(org.staf, lingkup).values())
    assert not any(snapshot_flags(sel.hitung_snapshot(lingkup), org.staf).values())


# --- The penilai's bawahan ------------------------------------------------------------------


@pytest.mark.django_db
def test_penilai_sees_only_their_bawahan_and_counts_equal_lists(org, people, staf_skp):
    other = build_org("X")
    lingkup = lingkup_of(org)
    data = sel.bawahan(org.kasi, lingkup)
    assert [p.pk for p in data.daftar] == [org.staf.pk]
    assert data.total == 1
    # The kabid's bawahan: the kasi and the staf placed in the bidang, not the staf below.
    kabid = sel.bawahan(org.kabid, lingkup)
    assert {p.pk for p in kabid.daftar} == {org.kasi.pk, org.staf_bidang.pk}
    assert other.staf.pk not in {p.pk for p in kabid.daftar}
    aktivitas(org.kasi, SENIN)
    kabid = sel.bawahan(org.kabid, lingkup)
    for t in sel.TANDA:
        listed = list(sel.bawahan(org.kabid, lingkup, t.kunci).daftar)
        assert kabid.counts[t.kunci] == len(listed), t.kunci
        assert all(getattr(p, t.kunci) for p in listed)
    assert kabid.counts["tanpa_aktivitas"] == 1  # the staf_bidang; the kasi logged
    assert kabid.counts["belum_rencana"] == 2


@pytest.mark.django_db
def test_penilai_without_bawahan_gets_an_empty_list(org):
    data = sel.bawahan(org.staf, lingkup_of(org))
    assert data.total == 0 and not list(data.daftar)
    assert data.counts == dict.fromkeys(sel.KUNCI, 0)


# --- The admin's snapshot -------------------------------------------------------------------


def _mixed(org: Org, people, lingkup: sel.Lingkup) -> None:
    """Every flag somewhere: the kasi planned and filled, staf planned but not filled, the
    kabid logged (his entry waits for the penilai)."""
    kasi = approved_skp(people["kasi"], ("Pendataan",))
    isi_realisasi(kasi, lingkup.periode)
    approved_skp(people["staf"], ("Laporan",))
    aktivitas(org.kabid, SENIN)
    aktivitas(org.kasi, SENIN, status="Diterima")


@pytest.mark.django_db
def test_snapshot_agrees_with_the_live_flags_of_every_pegawai(org, people):
    lingkup = lingkup_of(org)
    _mixed(org, people, lingkup)
    previous = periode_pada(org.instansi.pk, dt.date(TAHUN, 2, 1))  # over: evaluation due
    final_evaluasi(Skp.objects.get(pegawai=org.kasi, berlaku=True), previous)
    pegawai = list(Pegawai.objects.filter(instansi=org.instansi))
    for scope in (sel.Lingkup(org.instansi.pk, previous, HARI), lingkup):
        snap = sel.hitung_snapshot(scope)
        assert sorted(snap.pegawai) == sorted(p.pk for p in pegawai)
        for p in pegawai:
            assert snapshot_flags(snap, p) == flags(p, scope), p.nama
    assert flags(org.staf, sel.Lingkup(org.instansi.pk, previous, HARI))["belum_dinilai"]
    assert not flags(org.kasi, sel.Lingkup(org.instansi.pk, previous, HARI))["belum_dinilai"]
    # Name order, for the lists.
    names = [p.nama for p in sorted(pegawai, key=lambda p: (p.nama, p.pk))]
    by_id = {p.pk: p.nama for p in pegawai}
    assert [by_id[pk] for pk in snap.pegawai] == names


@pytest.mark.django_db
def test_counts_roll_up_the_tree_and_equal_the_lists(org, people):
    lingkup = lingkup_of(org)
    _mixed(org, people, lingkup)
    snap = sel.hitung_snapshot(lingkup)
    dinas, bidang, seksi = org.dinas, org.bidang, org.seksi
    # Direct: kepala in the dinas, kabid and staf_bidang in the bidang, kasi and staf below.
    assert snap.langsung[dinas.pk][0] == 1
    assert snap.langsung[bidang.pk][0] == 2
    assert snap.langsung[seksi.pk][0] == 2
    for n in range(1 + len(sel.TANDA)):
        assert snap.subtree[seksi.pk][n] == snap.langsung[seksi.pk][n]
        assert snap.subtree[bidang.pk][n] == snap.langsung[bidang.pk][n] + snap.subtree[seksi.pk][n]
        assert snap.subtree[dinas.pk][n] == snap.langsung[dinas.pk][n] + snap.subtree[bidang.pk][n]
        assert snap.total[n] == snap.subtree[dinas.pk][n] + snap.tanpa_unit[n]
    assert snap.total[0] == 5
    for t_index, t in enumerate(sel.TANDA, start=1):
        for unit in (dinas, bidang, seksi):
            ids = snap.ids(t.kunci, sel.subtree_ids(unit))
            assert len(ids) == snap.subtree[unit.pk][t_index], (t.kunci, unit.nama)
        assert len(snap.ids(t.kunci)) == snap.total[t_index]
    assert len(snap.ids(sel.SEMUA, sel.subtree_ids(bidang))) == 4
    # The numbers themselves, from _mixed: only the kasi and the staf planned; the staf has
    # not filled; the staf, staf_bidang and kepala logged nothing; the period runs, so nobody
    # is due for evaluation yet.
    assert snap.total[1:] == (3, 1, 3, 0)


@pytest.mark.django_db
def test_snapshot_holds_only_aktif_pegawai_of_the_instansi(org, people):
    other = build_org("B")
    lingkup = lingkup_of(org)
    Pegawai.objects.filter(pk=org.staf_bidang.pk).update(aktif=False)
    snap = sel.hitung_snapshot(lingkup)
    assert set(snap.pegawai) == {org.kepala.pk, org.kabid.pk, org.kasi.pk, org.staf.pk}
    assert not set(snap.pegawai) & set(
        Pegawai.objects.filter(instansi=other.instansi).values_list("id", flat=True)
    )


@pytest.mark.django_db
def test_pegawai_without_a_unit_are_counted_apart(org):
    Pegawai.objects.filter(pk=org.staf.pk).update(unor=None)
    snap = sel.hitung_snapshot(lingkup_of(org))
    assert snap.tanpa_unit[0] == 1
    assert snap.ids(sel.SEMUA, {0}) == [org.staf.pk]
    assert snap.total[0] == snap.subtree[org.dinas.pk][0] + 1


@pytest.mark.django_db
def test_snapshot_is_cached_per_instansi_period_and_day(org, django_assert_num_queries):
    lingkup = lingkup_of(org)
    first = sel.snapshot(lingkup)
    with django_assert_num_queries(0):
        assert sel.snapshot(lingkup).dihitung == first.dihitung
    aktivitas(org.staf, SENIN)  # not seen until the cache expires (CACHE_SECONDS)
    assert sel.snapshot(lingkup).tanda_of([org.staf.pk])[org.staf.pk] & 4
    tomorrow = sel.Lingkup(org.instansi.pk, lingkup.periode, HARI + dt.timedelta(days=1))
    assert not sel.snapshot(tomorrow).tanda_of([org.staf.pk])[org.staf.pk] & 4


@pytest.mark.django_db
def test_snapshot_queries_do_not_grow_with_the_instansi():
    """Pegawai, SKP in force, IKI without realisasi, units (and final evaluations once the
    period is over): four queries at any size while the period runs."""

    def queries(org: Org) -> int:
        lingkup = lingkup_of(org)
        with CaptureQueriesContext(connection) as ctx:
            sel.hitung_snapshot(lingkup)
        return len(ctx.captured_queries)

    small, big = build_org("S"), build_org("L")
    for i in range(6):
        p = PegawaiFactory(instansi=big.instansi, unor=big.seksi, nama=f"Tambahan {i}")
        aktivitas(p, SENIN)
        aktivitas(p, SENIN - dt.timedelta(days=7), jam=9)
    assert queries(small) == queries(big) == 4


@pytest.mark.django_db
def test_period_choices_begin_by_today_and_default_to_the_current_one(org):
    periode, choices = sel.pilih_periode(org.instansi.pk, HARI, None)
    assert periode == periode_pada(org.instansi.pk, HARI)
    assert all(p.mulai <= HARI for p in choices)
    assert [str(p) for p in choices] == [
        f"Triwulan II {TAHUN}",
        f"Triwulan I {TAHUN}",
        f"Tahunan {TAHUN}",
    ]
    chosen, _ = sel.pilih_periode(org.instansi.pk, HARI, str(choices[1].pk))
    assert chosen == choices[1]
    other = build_org("C")
    foreign = periode_pada(other.instansi.pk, HARI)
    for bad in (str(foreign.pk), "x", "999999"):
        with pytest.raises(Http404):
            sel.pilih_periode(org.instansi.pk, HARI, bad)
