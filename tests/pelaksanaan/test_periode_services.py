"""The Admin Instansi's writes on periods: the year's setting, fixed dates, extensions (the only
unlock), and the lock they feed. Bad input says why and stores nothing; every write is audited."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.org.models import Instansi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan import services_periode as svc
from kinerja.pelaksanaan.models import (
    DialogKinerja,
    PengaturanPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    Realisasi,
    RencanaAksi,
)
from kinerja.pelaksanaan.periode import (
    batas_efektif,
    batas_efektif_semua,
    pastikan_periode,
    pastikan_terbuka,
    terkunci,
)
from kinerja.perencanaan import services as skp_services
from tests.conftest import Org, user_for
from tests.perencanaan.test_services import TAHUN, add_rhk

d = dt.date
WIB = ZoneInfo("Asia/Jakarta")
PENGISIAN, PENILAIAN = "pengisian", "penilaian"
# Before every deadline of TAHUN's first quarter, and just after it (31 Apr... 30 April ends).
SEBELUM = dt.datetime(TAHUN, 4, 30, 23, 59, 59, tzinfo=WIB)
SESUDAH = dt.datetime(TAHUN, 5, 1, 0, 0, 0, tzinfo=WIB)


def tw(org: Org, nomor: int = 1, jenis: str = "Triwulanan") -> PeriodePenilaian:
    pastikan_periode(org.instansi.pk, TAHUN)
    return PeriodePenilaian.objects.get(
        instansi=org.instansi, tahun=TAHUN, jenis=jenis, nomor=nomor
    )


def atur(org: Org, actor=None, **kwargs) -> PengaturanPeriode:
    args = {
        "tahun": TAHUN,
        "granularitas": "Triwulanan",
        "aturan_pengisian": "akhir_bulan_berikut",
        "hari_pengisian": None,
        "aturan_penilaian": "akhir_bulan_berikut",
        "hari_penilaian": None,
        **kwargs,
    }
    return svc.atur_periode(actor or org.admin, org.instansi.pk, **args)


def perpanjang(org: Org, periode, batas, cakupan="instansi", unor=None, pegawai=None, **kw):
    return svc.perpanjang_batas(
        kw.pop("actor", org.admin),
        periode,
        kw.pop("untuk", PENGISIAN),
        cakupan,
        unor,
        pegawai,
        batas,
        kw.pop("alasan", "Gangguan server BKN"),
        now=kw.pop("now", SESUDAH - dt.timedelta(days=3)),
    )


def rows(org: Org) -> list[tuple]:
    return list(
        PeriodePenilaian.objects.filter(instansi=org.instansi, tahun=TAHUN)
        .order_by("jenis", "nomor")
        .values_list("id", "jenis", "nomor", "batas_pengisian", "batas_penilaian")
    )


def stored() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        PengaturanPeriode.objects.count(),
        PerpanjanganBatas.objects.count(),
        Notifikasi.objects.count(),
    )


# --- The year's setting --------------------------------------------------------------------------


def test_kapuas_setting_builds_monthly_periods(org):
    pengaturan = atur(
        org,
        granularitas="Bulanan",
        aturan_pengisian="tanggal_bulan_berikut",
        hari_pengisian=15,
        aturan_penilaian="tanggal_bulan_berikut",
        hari_penilaian=20,
    )
    periods = periode_mod.daftar_periode(org.instansi.pk, TAHUN)
    assert [str(p) for p in periods][:2] == [f"Januari {TAHUN}", f"Februari {TAHUN}"]
    assert len(periods) == 13
    desember = periods[11]
    assert desember.batas_pengisian == d(TAHUN + 1, 1, 15)
    assert desember.batas_penilaian == d(TAHUN + 1, 1, 20)
    assert periods[-1].jenis == "Tahunan" and periods[-1].batas_pengisian == d(TAHUN + 1, 1, 15)
    event = AuditEvent.objects.get(action="periode.diatur")
    assert event.actor == org.admin and event.object_id == str(pengaturan.pk)
    assert event.after["granularitas"] == "Bulanan" and event.after["hari_pengisian"] == 15
    assert event.before is None
    # Created directly, not through the default setting first.
    assert not AuditEvent.objects.filter(action="periode.dibuat_otomatis").exists()


def test_changing_only_the_rules_keeps_the_rows(org):
    pastikan_periode(org.instansi.pk, TAHUN)
    before = rows(org)
    atur(org, aturan_pengisian="tanggal_bulan_berikut", hari_pengisian=10)
    after = rows(org)
    assert [r[:3] for r in after] == [r[:3] for r in before]  # same ids, kinds, numbers
    tw1 = tw(org)
    assert tw1.batas_pengisian == d(TAHUN, 4, 10)
    assert tw1.batas_penilaian == d(TAHUN, 4, 30)
    event = AuditEvent.objects.get(action="periode.diatur")
    assert (event.before["aturan_pengisian"], event.before["hari_pengisian"]) == (
        "akhir_bulan_berikut",
        None,
    )
    assert (event.after["aturan_pengisian"], event.after["hari_pengisian"]) == (
        "tanggal_bulan_berikut",
        10,
    )


def test_rules_may_change_even_when_work_exists(org):
    perpanjang(org, tw(org), d(TAHUN, 5, 15))
    atur(org, aturan_penilaian="tanggal_bulan_berikut", hari_penilaian=31)
    assert tw(org).batas_penilaian == d(TAHUN, 4, 30)  # 31 clamped in April
    assert tw(org, 2).batas_penilaian == d(TAHUN, 7, 31)


def test_saving_the_same_setting_again_writes_nothing(org):
    atur(org)
    before = stored()
    atur(org)
    assert stored() == before


def test_granularity_change_without_work_rebuilds_the_periods(org):
    pastikan_periode(org.instansi.pk, TAHUN)
    tahunan = tw(org, jenis="Tahunan")
    atur(org, granularitas="Semesteran")
    kinds = [(r[1], r[2]) for r in rows(org)]
    assert kinds == [("Semesteran", 1), ("Semesteran", 2), ("Tahunan", 1)]
    assert tw(org, jenis="Tahunan").pk == tahunan.pk  # the annual period keeps its id
    assert tw(org, 1, "Semesteran").batas_pengisian == d(TAHUN, 7, 31)
    periods = periode_mod.daftar_periode(org.instansi.pk, TAHUN)
    assert [str(p) for p in periods] == [
        f"Semester I {TAHUN}",
        f"Semester II {TAHUN}",
        f"Tahunan {TAHUN}",
    ]
    assert periode_mod.periode_pada(org.instansi.pk, d(TAHUN, 8, 17)).nomor == 2


def _rencana_aksi(org: Org, periode: PeriodePenilaian) -> None:
    user = user_for(org.staf)
    skp = skp_services.buat_skp(user, TAHUN)
    rhk = add_rhk(user, skp)
    RencanaAksi.objects.create(
        instansi=org.instansi, pegawai=org.staf, rhk=rhk, periode=periode, uraian="Menyusun"
    )


def _realisasi(org: Org, periode: PeriodePenilaian) -> None:
    user = user_for(org.staf)
    skp = skp_services.buat_skp(user, TAHUN)
    iki = add_rhk(user, skp).iki.get()
    Realisasi.objects.create(
        instansi=org.instansi, skp=skp, iki=iki, periode=periode, nilai=Decimal(3)
    )


def _dialog(org: Org, periode: PeriodePenilaian) -> None:
    DialogKinerja.objects.create(
        instansi=org.instansi,
        penilai=org.kasi,
        pegawai=org.staf,
        periode=periode,
        tanggal=d(TAHUN, 2, 3),
        agenda="Capaian",
    )


def _perpanjangan(org: Org, periode: PeriodePenilaian) -> None:
    perpanjang(org, periode, periode.batas_pengisian + dt.timedelta(days=10))


@pytest.mark.parametrize(
    ("build", "label"),
    [
        (_rencana_aksi, "rencana aksi"),
        (_realisasi, "realisasi"),
        (_dialog, "dialog kinerja"),
        (_perpanjangan, "perpanjangan batas waktu"),
    ],
)
@pytest.mark.parametrize("jenis", ["Triwulanan", "Tahunan"])
def test_granularity_change_refused_once_work_exists(org, build, label, jenis):
    build(org, tw(org, jenis=jenis))
    before_rows, before = rows(org), stored()
    with pytest.raises(DomainError) as exc:
        atur(
            org, granularitas="Bulanan", aturan_pengisian="tanggal_bulan_berikut", hari_pengisian=5
        )
    assert str(exc.value) == (
        f"Granularitas periode {TAHUN} tidak dapat diubah dari Triwulanan menjadi Bulanan karena "
        f"sudah ada data pada periode tahun ini ({label}). Aturan batas waktu tetap dapat diubah."
    )
    assert rows(org) == before_rows and stored() == before
    assert PengaturanPeriode.objects.get(instansi=org.instansi).granularitas == "Triwulanan"


def test_work_of_another_year_does_not_block(org):
    pastikan_periode(org.instansi.pk, TAHUN - 1)
    lalu = PeriodePenilaian.objects.get(instansi=org.instansi, tahun=TAHUN - 1, jenis="Tahunan")
    _dialog(org, lalu)
    pastikan_periode(org.instansi.pk, TAHUN)
    atur(org, granularitas="Bulanan")
    assert (
        PeriodePenilaian.objects.filter(instansi=org.instansi, tahun=TAHUN, jenis="Bulanan").count()
        == 12
    )


@pytest.mark.parametrize("hari", [None, 0, 32, -3])
@pytest.mark.parametrize("untuk", [PENGISIAN, PENILAIAN])
def test_day_d_is_required_for_tanggal_bulan_berikut(org, hari, untuk):
    pastikan_periode(org.instansi.pk, TAHUN)
    before, before_rows = stored(), rows(org)
    with pytest.raises(DomainError) as exc:
        atur(org, **{f"aturan_{untuk}": "tanggal_bulan_berikut", f"hari_{untuk}": hari})
    assert str(exc.value) == (
        f"Isi tanggal batas {untuk} (1 sampai 31) untuk aturan "
        '"Tanggal tertentu pada bulan berikutnya".'
    )
    assert stored() == before and rows(org) == before_rows


def test_day_d_is_dropped_for_the_other_rules(org):
    pengaturan = atur(org, hari_pengisian=12, hari_penilaian=40)
    assert pengaturan.hari_pengisian is None and pengaturan.hari_penilaian is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"granularitas": "Tahunan"}, "Pilih granularitas periode"),
        ({"granularitas": "Mingguan"}, "Pilih granularitas periode"),
        ({"aturan_pengisian": "besok"}, "Pilih aturan batas waktu"),
        ({"aturan_penilaian": ""}, "Pilih aturan batas waktu"),
        ({"tahun": 1999}, "Tahun harus antara 2000 dan 2100."),
        ({"tahun": 2101}, "Tahun harus antara 2000 dan 2100."),
    ],
)
def test_bad_setting_is_refused(org, kwargs, message):
    before = stored()
    with pytest.raises(DomainError, match=message):
        atur(org, **kwargs)
    assert stored() == before and not PeriodePenilaian.objects.exists()


def test_only_the_admin_of_that_instansi_may_set(org, other_org):
    before = stored()
    for actor in (other_org.admin, user_for(org.staf)):
        with pytest.raises(PermissionDenied):
            atur(org, actor=actor)
    assert stored() == before and not PeriodePenilaian.objects.exists()


# --- Fixed dates (tanggal_tetap) -----------------------------------------------------------------


def test_fixed_dates_per_period(org):
    atur(org, aturan_pengisian="tanggal_tetap", aturan_penilaian="tanggal_tetap")
    tw1 = tw(org)
    assert tw1.batas_pengisian == d(TAHUN, 4, 30)  # the proposal: end of the next month
    svc.ubah_batas(org.admin, tw1, d(TAHUN, 4, 10), d(TAHUN, 4, 25))
    tw1.refresh_from_db()
    assert (tw1.batas_pengisian, tw1.batas_penilaian) == (d(TAHUN, 4, 10), d(TAHUN, 4, 25))
    event = AuditEvent.objects.get(action="periode.batas_diubah")
    assert event.before == {
        "batas_pengisian": f"{TAHUN}-04-30",
        "batas_penilaian": f"{TAHUN}-04-30",
    }
    assert event.after == {
        "batas_pengisian": f"{TAHUN}-04-10",
        "batas_penilaian": f"{TAHUN}-04-25",
    }
    # Re-saving the setting with tanggal_tetap kept does not overwrite the typed dates.
    atur(org, aturan_pengisian="tanggal_tetap", aturan_penilaian="akhir_bulan_berikut")
    tw1.refresh_from_db()
    assert (tw1.batas_pengisian, tw1.batas_penilaian) == (d(TAHUN, 4, 10), d(TAHUN, 4, 30))


def test_fixed_date_on_the_period_end_is_allowed(org):
    atur(org, aturan_pengisian="tanggal_tetap")
    tw1 = tw(org)
    svc.ubah_batas(org.admin, tw1, d(TAHUN, 3, 31), tw1.batas_penilaian)
    assert tw(org).batas_pengisian == d(TAHUN, 3, 31)


def test_fixed_date_before_the_period_end_is_refused(org):
    atur(org, aturan_pengisian="tanggal_tetap")
    tw1, before = tw(org), stored()
    with pytest.raises(DomainError) as exc:
        svc.ubah_batas(org.admin, tw1, d(TAHUN, 3, 30), tw1.batas_penilaian)
    assert str(exc.value) == (
        f"Batas pengisian 30 Maret {TAHUN} sebelum periode Triwulan I {TAHUN} berakhir "
        f"(31 Maret {TAHUN})."
    )
    assert tw(org).batas_pengisian == d(TAHUN, 4, 30) and stored() == before


def test_fixed_date_years_away_is_a_typo(org):
    atur(org, aturan_pengisian="tanggal_tetap")
    tw1 = tw(org)
    with pytest.raises(DomainError, match="lebih dari satu tahun setelah periode"):
        svc.ubah_batas(org.admin, tw1, d(TAHUN + 36, 4, 30), tw1.batas_penilaian)
    assert tw(org).batas_pengisian == d(TAHUN, 4, 30)


def test_a_deadline_that_follows_its_rule_cannot_be_typed(org):
    atur(org, aturan_pengisian="tanggal_tetap")
    tw1 = tw(org)
    with pytest.raises(DomainError) as exc:
        svc.ubah_batas(org.admin, tw1, d(TAHUN, 4, 15), d(TAHUN, 5, 15))
    assert str(exc.value) == (
        'Batas penilaian mengikuti aturan "Akhir bulan berikutnya setelah periode berakhir" dan '
        "tidak dapat diubah per periode."
    )
    assert tw(org).batas_pengisian == d(TAHUN, 4, 30)


def test_fixed_dates_need_the_tanggal_tetap_rule(org):
    tw1, before = tw(org), stored()
    with pytest.raises(DomainError, match='Pilih aturan "Tanggal tetap per periode"'):
        svc.ubah_batas(org.admin, tw1, d(TAHUN, 4, 15), tw1.batas_penilaian)
    assert stored() == before


def test_fixed_dates_only_by_the_admin_of_that_instansi(org, other_org):
    atur(org, aturan_pengisian="tanggal_tetap")
    tw1 = tw(org)
    with pytest.raises(PermissionDenied):
        svc.ubah_batas(other_org.admin, tw1, d(TAHUN, 4, 15), tw1.batas_penilaian)
    assert tw(org).batas_pengisian == d(TAHUN, 4, 30)


# --- The lock ------------------------------------------------------------------------------------


def test_period_locks_after_its_deadline_with_a_clear_message(org):
    tw1 = tw(org)
    pastikan_terbuka(tw1, PENGISIAN, org.staf, now=SEBELUM)
    with pytest.raises(DomainError) as exc:
        pastikan_terbuka(tw1, PENGISIAN, org.staf, now=SESUDAH)
    assert str(exc.value) == (
        f"Periode Triwulan I {TAHUN} sudah dikunci untuk pengisian sejak batas waktu 30 April "
        f"{TAHUN} pukul 23.59.59 WIB. Perpanjangan batas waktu hanya dapat diberikan oleh Admin "
        "Instansi."
    )


def test_lock_follows_the_instansi_zone(org):
    Instansi.objects.filter(pk=org.instansi.pk).update(zona_waktu="Asia/Jayapura")
    tw1 = tw(org)
    # 23.00 WIB on 30 April is already 1 May 01.00 WIT.
    with pytest.raises(DomainError, match=r"pukul 23\.59\.59 WIT"):
        pastikan_terbuka(tw1, PENGISIAN, org.staf, now=dt.datetime(TAHUN, 4, 30, 23, tzinfo=WIB))


def test_instansi_extension_opens_for_everyone(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 7))
    for pegawai in (org.staf, org.staf_bidang, org.kepala):
        assert batas_efektif(tw1, PENGISIAN, pegawai) == d(TAHUN, 5, 7)
        assert not terkunci(tw1, PENGISIAN, pegawai, now=SESUDAH)
        assert terkunci(tw1, PENGISIAN, pegawai, now=dt.datetime(TAHUN, 5, 8, tzinfo=WIB))
        # Penilaian has its own deadline: not extended.
        assert terkunci(tw1, PENILAIAN, pegawai, now=SESUDAH)


def test_unit_extension_covers_its_sub_units_only(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 10), "unit", unor=org.bidang)
    assert not terkunci(tw1, PENGISIAN, org.staf_bidang, now=SESUDAH)  # in the bidang
    assert not terkunci(tw1, PENGISIAN, org.staf, now=SESUDAH)  # in its seksi
    assert terkunci(tw1, PENGISIAN, org.kepala, now=SESUDAH)  # the dinas above: not covered


def test_sub_unit_extension_does_not_cover_the_parent_or_a_sibling(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 10), "unit", unor=org.seksi)
    assert not terkunci(tw1, PENGISIAN, org.staf, now=SESUDAH)
    assert not terkunci(tw1, PENGISIAN, org.kasi, now=SESUDAH)
    assert terkunci(tw1, PENGISIAN, org.staf_bidang, now=SESUDAH)  # another unit
    assert terkunci(tw1, PENGISIAN, org.kabid, now=SESUDAH)


def test_pegawai_extension_covers_that_pegawai_only(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 3), "pegawai", pegawai=org.staf, untuk=PENILAIAN)
    assert not terkunci(tw1, PENILAIAN, org.staf, now=SESUDAH)
    assert terkunci(tw1, PENGISIAN, org.staf, now=SESUDAH)
    assert terkunci(tw1, PENILAIAN, org.staf_bidang, now=SESUDAH)
    assert terkunci(tw1, PENILAIAN, org.kasi, now=SESUDAH)


def test_extension_of_another_period_does_not_open_this_one(org):
    perpanjang(org, tw(org, 2), d(TAHUN, 8, 10))
    assert terkunci(tw(org), PENGISIAN, org.staf, now=SESUDAH)


def test_the_latest_covering_extension_wins(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 5))
    perpanjang(org, tw1, d(TAHUN, 5, 20), "unit", unor=org.seksi)
    perpanjang(org, tw1, d(TAHUN, 5, 25), "pegawai", pegawai=org.staf_bidang)
    assert batas_efektif(tw1, PENGISIAN, org.staf) == d(TAHUN, 5, 20)
    assert batas_efektif(tw1, PENGISIAN, org.staf_bidang) == d(TAHUN, 5, 25)
    assert batas_efektif(tw1, PENGISIAN, org.kepala) == d(TAHUN, 5, 5)


def test_batas_efektif_semua_agrees_with_batas_efektif(org, django_assert_num_queries):
    periods = periode_mod.daftar_periode(org.instansi.pk, TAHUN)
    perpanjang(org, periods[0], d(TAHUN, 5, 5))
    perpanjang(org, periods[0], d(TAHUN, 5, 20), "unit", unor=org.bidang, untuk=PENILAIAN)
    perpanjang(org, periods[1], d(TAHUN, 8, 9), "pegawai", pegawai=org.staf)
    perpanjang(org, periods[1], d(TAHUN, 8, 19), "pegawai", pegawai=org.kasi)
    for pegawai in (org.staf, org.staf_bidang, org.kepala, org.kasi):
        pegawai.refresh_from_db()
        pegawai.unor  # noqa: B018 - loaded before counting
        with django_assert_num_queries(1):
            semua = batas_efektif_semua(periods, pegawai)
        assert semua == {
            (p.pk, u): batas_efektif(p, u, pegawai) for p in periods for u in (PENGISIAN, PENILAIAN)
        }
    assert batas_efektif_semua([], org.staf) == {}


# --- Extensions: audit, notification, refusals ---------------------------------------------------


def test_extension_is_audited_with_its_reason(org):
    tw1 = tw(org)
    row = perpanjang(
        org, tw1, d(TAHUN, 5, 15), "unit", unor=org.seksi, alasan="  Banjir di kantor  "
    )
    assert row.alasan == "Banjir di kantor" and row.dibuat_oleh == org.admin
    event = AuditEvent.objects.get(action="periode.batas_diperpanjang")
    assert event.reason == "Banjir di kantor"
    assert event.actor == org.admin and event.instansi == org.instansi
    assert event.object_id == str(row.pk)
    assert event.object_repr == f"Triwulan I {TAHUN}: pengisian unit {org.seksi.nama}"
    assert event.after["batas_baru"] == f"{TAHUN}-05-15"
    assert event.after["unor_id"] == org.seksi.pk and event.after["cakupan"] == "unit"
    assert not Notifikasi.objects.exists()  # unit-wide: no notification storm


def test_pegawai_extension_notifies_the_pegawai(org):
    akun = user_for(org.staf)
    perpanjang(org, tw(org), d(TAHUN, 5, 15), "pegawai", pegawai=org.staf, alasan="Cuti sakit")
    note = Notifikasi.objects.get()
    assert note.penerima == akun
    assert note.judul == f"Batas waktu pengisian Triwulan I {TAHUN} diperpanjang"
    assert note.pesan == f"Batas baru: 15 Mei {TAHUN} pukul 23.59.59 WIB. Alasan: Cuti sakit"
    assert note.url.endswith(f"/periode/jadwal/?tahun={TAHUN}")
    event = AuditEvent.objects.get(action="periode.batas_diperpanjang")
    assert event.object_repr == (
        f"Triwulan I {TAHUN}: pengisian pegawai {org.staf.nama_lengkap} ({org.staf.nip})"
    )


def test_penilaian_extension_for_a_pegawai_also_tells_their_penilai(org):
    staf, kasi = user_for(org.staf), user_for(org.kasi)
    perpanjang(org, tw(org), d(TAHUN, 5, 15), "pegawai", pegawai=org.staf, untuk=PENILAIAN)
    assert set(Notifikasi.objects.values_list("penerima", flat=True)) == {staf.pk, kasi.pk}
    assert Notifikasi.objects.get(penerima=kasi).judul == (
        f"Batas waktu penilaian Triwulan I {TAHUN} diperpanjang untuk {org.staf.nama_lengkap}"
    )


def test_pegawai_without_account_is_extended_without_notification(org):
    perpanjang(org, tw(org), d(TAHUN, 5, 15), "pegawai", pegawai=org.staf)
    assert PerpanjanganBatas.objects.count() == 1 and not Notifikasi.objects.exists()


def refused(org, message, *args, **kwargs):
    before = stored()
    with pytest.raises(DomainError) as exc:
        perpanjang(org, *args, **kwargs)
    assert message in str(exc.value)
    assert stored() == before
    return str(exc.value)


@pytest.mark.parametrize("alasan", ["", "   \n"])
def test_extension_needs_a_reason(org, alasan):
    refused(org, "Alasan perpanjangan wajib diisi", tw(org), d(TAHUN, 5, 15), alasan=alasan)


def test_extension_must_be_later_than_the_deadline(org):
    message = refused(org, "Batas baru harus setelah", tw(org), d(TAHUN, 4, 30))
    assert message == (
        f"Batas baru harus setelah batas pengisian yang berlaku sekarang untuk cakupan ini: 30 "
        f"April {TAHUN} pukul 23.59.59 WIB."
    )


def test_extension_must_be_later_than_what_already_covers_the_scope(org):
    tw1 = tw(org)
    perpanjang(org, tw1, d(TAHUN, 5, 20))
    # The unit is already open until 20 May through the instansi-wide extension.
    message = refused(org, "20 Mei", tw1, d(TAHUN, 5, 10), "unit", unor=org.seksi)
    assert "berlaku sekarang untuk cakupan ini" in message
    perpanjang(org, tw1, d(TAHUN, 5, 25), "unit", unor=org.bidang)
    # The seksi is inside the bidang: 25 May applies to it, to its pegawai too.
    refused(org, "25 Mei", tw1, d(TAHUN, 5, 22), "unit", unor=org.seksi)
    refused(org, "25 Mei", tw1, d(TAHUN, 5, 22), "pegawai", pegawai=org.staf)
    # Another unit (the dinas, above the bidang) only has the instansi's 20 May.
    perpanjang(org, tw1, d(TAHUN, 5, 22), "unit", unor=org.dinas)


def test_extension_into_the_past_is_refused(org):
    refused(
        org,
        f"Batas baru 5 Mei {TAHUN} sudah lewat",
        tw(org),
        d(TAHUN, 5, 5),
        now=dt.datetime(TAHUN, 5, 6, 0, 0, tzinfo=WIB),
    )


def test_extension_years_away_is_refused(org):
    refused(org, "lebih dari satu tahun", tw(org), d(TAHUN + 10, 5, 5))


@pytest.mark.parametrize(
    ("cakupan", "message"),
    [
        ("unit", "Pilih unit organisasi yang batas waktunya diperpanjang."),
        ("pegawai", "Pilih pegawai (NIP) yang batas waktunya diperpanjang."),
        ("dunia", "Pilih cakupan perpanjangan"),
    ],
)
def test_extension_names_its_target(org, cakupan, message):
    refused(org, message, tw(org), d(TAHUN, 5, 15), cakupan)


def test_extension_for_what_another_instansi_owns_is_refused(org, other_org):
    tw1 = tw(org)
    refused(org, "Pilih unit", tw1, d(TAHUN, 5, 15), "unit", unor=other_org.seksi)
    refused(org, "Pilih pegawai", tw1, d(TAHUN, 5, 15), "pegawai", pegawai=other_org.staf)


def test_extension_for_an_unknown_deadline_kind_is_refused(org):
    refused(org, "pengisian atau penilaian", tw(org), d(TAHUN, 5, 15), untuk="istirahat")


def test_instansi_scope_ignores_a_stray_unit_or_pegawai(org):
    row = perpanjang(org, tw(org), d(TAHUN, 5, 15), unor=org.seksi, pegawai=org.staf)
    assert (row.cakupan, row.unor, row.pegawai) == ("instansi", None, None)


def test_only_the_admin_of_that_instansi_may_extend(org, other_org):
    tw1, before = tw(org), stored()
    for actor in (other_org.admin, user_for(org.kasi)):
        with pytest.raises(PermissionDenied):
            perpanjang(org, tw1, d(TAHUN, 5, 15), actor=actor)
    assert stored() == before
    assert terkunci(tw1, PENGISIAN, org.staf, now=SESUDAH)
