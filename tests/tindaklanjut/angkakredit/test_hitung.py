"""Booking the ledger: months covered, no double counting between the periodic and the annual
results, only JF pegawai and final results, the jenjang as it was, the saldo start date, the
bulk recompute agreeing with the per-pegawai one."""

import datetime as dt

import pytest

from kinerja.core.models import AuditEvent
from kinerja.org.models import JenjangFungsional, RiwayatJabatan
from kinerja.penilaian.models import StatusEvaluasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut.angkakredit import hitung, selectors, services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit
from tests.penilaian.conftest import TAHUN, Dunia, buat_dunia, periode
from tests.tindaklanjut.angkakredit.conftest import D, buat_evaluasi, jadikan_jf, jenjang, ledger

DIGANTIKAN = hitung.DIGANTIKAN


@pytest.fixture
def d(org) -> Dunia:
    d = buat_dunia(org)
    jadikan_jf(org.staf, "Ahli Muda")  # koefisien 25
    return d


def tw(d: Dunia, nomor: int):
    return periode(d.org.instansi.pk, nomor=nomor)


def test_periodic_results_count_until_the_annual_one_replaces_them(d):
    staf, skp = d.org.staf, d.skp["staf"]
    e1 = buat_evaluasi(skp, tw(d, 1), "Baik")
    e2 = buat_evaluasi(skp, tw(d, 2), "Sangat Baik")
    buat_evaluasi(skp, tw(d, 3), "Baik", status=StatusEvaluasi.DRAFT)  # not final: ignored
    assert services.hitung_ulang_instansi(d.org.instansi.pk) == services.Hasil(2, 0, 0)
    assert ledger(staf) == {
        e1.pk: (3, 3, D("6.250"), ""),
        e2.pk: (3, 3, D("9.375"), ""),
    }
    assert selectors.ringkasan(staf).total == D("15.625")

    tahunan = buat_evaluasi(skp, d.tahunan, "Baik")
    assert services.hitung_ulang_instansi(d.org.instansi.pk) == services.Hasil(1, 2, 0)
    assert ledger(staf) == {
        e1.pk: (3, 0, D("0.000"), DIGANTIKAN),
        e2.pk: (3, 0, D("0.000"), DIGANTIKAN),
        tahunan.pk: (12, 12, D("25.000"), ""),
    }
    # Each month is counted once: the year earns what the annual result gives, no more.
    assert selectors.ringkasan(staf).total == D("25.000")
    # Idempotent.
    assert services.hitung_ulang_instansi(d.org.instansi.pk) == services.Hasil(0, 0, 0)


def test_mutasi_splits_the_months_between_the_two_skp(d):
    """SKP 1 to 14 June, SKP 2 from 15 June: June belongs to SKP 2; SKP 1's annual result
    replaces only SKP 1's periodic rows."""
    staf, skp1 = d.org.staf, d.skp["staf"]
    Skp.objects.filter(pk=skp1.pk).update(periode_selesai=dt.date(TAHUN, 6, 14))
    skp2 = Skp.objects.get(pk=skp1.pk)
    skp2.pk, skp2.periode_mulai = None, dt.date(TAHUN, 6, 15)
    skp2.periode_selesai = dt.date(TAHUN, 12, 31)
    skp2.save()
    skp1.refresh_from_db()
    a1 = buat_evaluasi(skp1, tw(d, 1))
    a2 = buat_evaluasi(skp1, tw(d, 2))
    b2 = buat_evaluasi(skp2, tw(d, 2))
    b3 = buat_evaluasi(skp2, tw(d, 3))
    services.hitung_ulang_pegawai(d.org.instansi.pk, staf.pk)
    assert {k: v[:2] for k, v in ledger(staf).items()} == {
        a1.pk: (3, 3),
        a2.pk: (2, 2),  # April, May
        b2.pk: (1, 1),  # June
        b3.pk: (3, 3),
    }
    tahunan1 = buat_evaluasi(skp1, d.tahunan, "Sangat Baik")
    services.hitung_ulang_pegawai(d.org.instansi.pk, staf.pk)
    got = ledger(staf)
    assert {k: v[:2] for k, v in got.items()} == {
        a1.pk: (3, 0),
        a2.pk: (2, 0),
        b2.pk: (1, 1),
        b3.pk: (3, 3),
        tahunan1.pk: (5, 5),  # January-May
    }
    assert got[tahunan1.pk][2] == D("15.625")  # 25 × 5/12 × 150%


def test_only_jf_pegawai_and_only_months_held_in_jf(d):
    """staf_bidang is a Pelaksana: nothing. The staf became JF on 1 July: only the results
    of months in JF are booked (the jenjang on the last day covered decides)."""
    org, staf, skp = d.org, d.org.staf, d.skp["staf"]
    jf = staf.jabatan
    RiwayatJabatan.objects.filter(pegawai=staf).update(
        jabatan=org.jabatan_staf, berlaku_sampai=dt.date(TAHUN, 6, 30)
    )
    RiwayatJabatan.objects.create(
        instansi=org.instansi,
        pegawai=staf,
        unor=org.seksi,
        jabatan=jf,
        berlaku_mulai=dt.date(TAHUN, 7, 1),
    )
    buat_evaluasi(skp, tw(d, 1))
    e3 = buat_evaluasi(skp, tw(d, 3))
    buat_evaluasi(d.skp["staf_bidang"], tw(d, 1))
    services.hitung_ulang_instansi(org.instansi.pk)
    assert set(ledger(staf)) == {e3.pk}
    assert not AngkaKredit.objects.filter(pegawai=org.staf_bidang).exists()


def test_statuses_after_finalisation_count_draft_does_not(d):
    skp = d.skp["staf"]
    for nomor, status in enumerate(
        [StatusEvaluasi.KEBERATAN, StatusEvaluasi.DIPERIKSA, StatusEvaluasi.TETAP], start=1
    ):
        buat_evaluasi(skp, tw(d, nomor), status=status)
    buat_evaluasi(skp, tw(d, 4), status=StatusEvaluasi.DRAFT)
    services.hitung_ulang_pegawai(d.org.instansi.pk, d.org.staf.pk)
    assert sorted(r.periode.nomor for r in AngkaKredit.objects.select_related("periode")) == [
        1,
        2,
        3,
    ]


def test_a_row_keeps_its_koefisien_unless_the_jenjang_changes(d):
    staf, skp = d.org.staf, d.skp["staf"]
    ev = buat_evaluasi(skp, tw(d, 1))
    services.hitung_ulang_pegawai(d.org.instansi.pk, staf.pk)
    JenjangFungsional.objects.filter(nama="Ahli Muda").update(koefisien=D("30"))
    services.hitung_ulang_pegawai(d.org.instansi.pk, staf.pk)
    row = AngkaKredit.objects.get(evaluasi=ev)
    assert (row.koefisien, row.nilai) == (D("25.00"), D("6.250"))
    jadikan_jf(staf, "Ahli Madya")  # a corrected history: the staf was Ahli Madya then
    services.hitung_ulang_instansi(d.org.instansi.pk)
    row.refresh_from_db()
    assert (row.jenjang, row.koefisien, row.nilai) == (
        jenjang("Ahli Madya"),
        D("37.50"),
        D("9.375"),
    )


def test_bulk_and_per_pegawai_agree_and_bulk_drops_rows_no_longer_due(d):
    org = d.org
    jadikan_jf(org.kasi, "Ahli Pertama")
    for name in ("staf", "kasi"):
        buat_evaluasi(d.skp[name], tw(d, 1), "Butuh Perbaikan")
        buat_evaluasi(d.skp[name], tw(d, 2), "Sangat Kurang")
    services.hitung_ulang_pegawai(org.instansi.pk, org.staf.pk)
    services.hitung_ulang_pegawai(org.instansi.pk, org.kasi.pk)
    kolom = ("evaluasi_id", *hitung.KOLOM)
    one_by_one = sorted(AngkaKredit.objects.values_list(*kolom))
    AngkaKredit.objects.all().delete()
    services.hitung_ulang_instansi(org.instansi.pk)
    assert sorted(AngkaKredit.objects.values_list(*kolom)) == one_by_one
    # The kasi leaves JF (a corrected record): the bulk run removes the kasi's rows.
    RiwayatJabatan.objects.filter(pegawai=org.kasi).update(jabatan=org.jabatan_staf)
    type(org.kasi).objects.filter(pk=org.kasi.pk).update(jabatan=org.jabatan_staf)
    assert services.hitung_ulang_instansi(org.instansi.pk).dihapus == 2
    assert set(AngkaKredit.objects.values_list("pegawai_id", flat=True)) == {org.staf.pk}
    assert AngkaKredit.objects.get(evaluasi__periode__nomor=1, pegawai=org.staf).nilai == D(
        "4.688"
    )  # 25 × 3/12 × 75% = 4,6875 -> half up


def test_bulk_recompute_is_audited_once_and_queries_do_not_grow(d, django_assert_max_num_queries):
    org = d.org
    buat_evaluasi(d.skp["staf"], tw(d, 1))
    before = AuditEvent.objects.count()
    with django_assert_max_num_queries(12):
        services.hitung_ulang_instansi(org.instansi.pk)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "angkakredit.dihitung_ulang"


def test_a_pegawai_never_in_jf_costs_three_queries(d, django_assert_num_queries):
    buat_evaluasi(d.skp["staf_bidang"], tw(d, 1))
    with django_assert_num_queries(3 + 2):  # + the savepoint
        hasil = services.hitung_ulang_pegawai(d.org.instansi.pk, d.org.staf_bidang.pk)
    assert hasil == services.Hasil(0, 0, 0)
