"""Every rule of the daily log's services: bad input gets a clear message and stores nothing
(no row, no audit event, no file left in MEDIA_ROOT); the penilai accepts and returns."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import periode
from kinerja.pelaksanaan import selectors_aktivitas as sel
from kinerja.pelaksanaan import services_aktivitas as svc
from kinerja.pelaksanaan.models import (
    AktivitasHarian,
    PerpanjanganBatas,
    RencanaAksi,
    StatusAktivitas,
)
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import RencanaHasilKerja
from tests.conftest import Org, build_org
from tests.pelaksanaan.test_berkas import pdf_bytes, png_bytes
from tests.perencanaan.test_services import TAHUN, add_rhk, approved_skp, users_of

WIB = ZoneInfo("Asia/Jakarta")
# A Wednesday of Triwulan I: open for pengisian and penilaian until 30 April (the default rule).
NOW = dt.datetime(TAHUN, 3, 18, 10, 0, tzinfo=WIB)
HARI = NOW.date()
LOCKED = dt.datetime(TAHUN, 5, 1, 0, 0, tzinfo=WIB)  # Triwulan I closed at 30 April 23:59:59


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def catat(user: User, mulai: str = "08:00", selesai: str = "09:00", **kw: Any) -> AktivitasHarian:
    kw.setdefault("tanggal", HARI)
    kw.setdefault("uraian", "Menyusun laporan")
    kw.setdefault("now", NOW)
    return svc.catat_aktivitas(user, jam_mulai=t(mulai), jam_selesai=t(selesai), **kw)


def entri(
    pegawai: Pegawai,
    tanggal: dt.date,
    mulai: str,
    selesai: str,
    status: str = StatusAktivitas.MENUNGGU,
) -> AktivitasHarian:
    """A row written straight to the table (recap and list fixtures)."""
    a, b = t(mulai), t(selesai)
    menit = (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
    return AktivitasHarian.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tanggal=tanggal,
        jam_mulai=a,
        jam_selesai=b,
        menit=menit,
        uraian=f"Aktivitas {mulai}",
        status=status,
    )


def pdf(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def media_files(settings: Any) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob("*") if p.is_file()]


def state() -> tuple[int, ...]:
    """Everything a write leaves behind."""
    return (
        AuditEvent.objects.exclude(action="periode.dibuat_otomatis").count(),
        AktivitasHarian.objects.count(),
        AktivitasHarian.objects.filter(status=StatusAktivitas.DITERIMA).count(),
        AktivitasHarian.objects.filter(status=StatusAktivitas.DIKEMBALIKAN).count(),
        Notifikasi.objects.count(),
    )


@pytest.fixture
def people(org: Org) -> dict[str, User]:
    users = users_of(org)
    periode.pastikan_periode(org.instansi.pk, TAHUN)
    return users


def refused(call: Any, *messages: str) -> str:
    """Run a call that must be refused with these words and leave nothing behind."""
    before = state()
    with pytest.raises(DomainError) as info:
        call()
    for message in messages:
        assert message in str(info.value)
    assert state() == before
    return str(info.value)


# --- Recording -------------------------------------------------------------------------------


def test_catat_computes_minutes_and_waits_for_the_penilai(org, people):
    row = catat(people["staf"], "08:15", "10:00", kuantitas=Decimal("2"), satuan="Dokumen")
    assert (row.menit, row.status, row.pegawai_id) == (105, "Menunggu", org.staf.pk)
    assert (row.kuantitas, row.satuan) == (Decimal("2"), "Dokumen")
    event = AuditEvent.objects.get(action="aktivitas.dicatat")
    assert event.after["menit"] == 105 and event.actor == people["staf"]


@pytest.mark.parametrize(("mulai", "selesai"), [("10:00", "09:00"), ("09:00", "09:00")])
def test_end_must_be_after_start(people, mulai, selesai):
    refused(lambda: catat(people["staf"], mulai, selesai), "Jam selesai harus setelah jam mulai")


def test_times_and_date_are_required(people):
    refused(lambda: catat(people["staf"], tanggal=None), "Tanggal wajib diisi")
    refused(
        lambda: svc.catat_aktivitas(people["staf"], HARI, None, t("09:00"), "X", now=NOW),
        "Jam mulai dan jam selesai wajib diisi",
    )


@pytest.mark.parametrize(
    ("uraian", "kw", "message"),
    [
        ("   ", {}, "Uraian aktivitas wajib diisi"),
        ("x" * 2001, {}, "paling panjang 2000"),
        ("Rapat", {"kuantitas": Decimal("2")}, "Isi satuan untuk kuantitas"),
        ("Rapat", {"kuantitas": Decimal("-1"), "satuan": "Kali"}, "tidak boleh negatif"),
        ("Rapat", {"satuan": "x" * 51}, "Satuan paling panjang 50"),
    ],
)
def test_bad_text_and_quantity(people, uraian, kw, message):
    refused(lambda: catat(people["staf"], uraian=uraian, **kw), message)


def test_overlaps_are_refused_naming_the_clashing_entry(people):
    catat(people["staf"], "08:00", "09:30", uraian="Rapat koordinasi")
    for mulai, selesai in [("09:00", "10:00"), ("07:00", "08:30"), ("08:15", "08:45")]:
        refused(
            lambda m=mulai, s=selesai: catat(people["staf"], m, s),
            "bertabrakan",
            "08.00-09.30",
            "Rapat koordinasi",
        )
    refused(lambda: catat(people["staf"], "07:00", "11:00"), "08.00-09.30")


def test_touching_edges_do_not_overlap(people):
    catat(people["staf"], "08:00", "09:00")
    catat(people["staf"], "09:00", "10:00")
    catat(people["staf"], "07:00", "08:00")
    assert AktivitasHarian.objects.count() == 3


def test_overlap_is_per_pegawai_and_per_day(people):
    catat(people["staf"], "08:00", "09:00")
    catat(people["staf_bidang"], "08:00", "09:00")
    catat(people["staf"], "08:00", "09:00", tanggal=HARI - dt.timedelta(days=1))
    assert AktivitasHarian.objects.count() == 3


def test_future_dates_are_refused(people):
    besok = HARI + dt.timedelta(days=1)
    refused(lambda: catat(people["staf"], tanggal=besok), "belum terjadi")


def test_today_is_the_instansi_s_own_day(org, people):
    """00:30 WIT on the 19th is still the 18th in Jakarta: Jayapura may log the 19th."""
    org.instansi.zona_waktu = "Asia/Jayapura"
    org.instansi.save()
    now = dt.datetime(TAHUN, 3, 19, 0, 30, tzinfo=ZoneInfo("Asia/Jayapura"))
    row = catat(people["staf"], tanggal=dt.date(TAHUN, 3, 19), now=now)
    assert row.tanggal == dt.date(TAHUN, 3, 19)


def test_only_a_pegawai_writes_a_log(org):
    before = state()
    with pytest.raises(PermissionDenied):
        catat(org.admin)
    assert state() == before


# --- The lock --------------------------------------------------------------------------------


def test_a_locked_period_refuses_writes_saying_the_deadline_and_who_extends(people):
    msg = refused(
        lambda: catat(people["staf"], now=LOCKED),
        "Triwulan I",
        "sudah dikunci untuk pengisian",
        "30 April",
        "Admin Instansi",
    )
    assert "23.59.59 WIB" in msg


def test_a_period_not_yet_ended_is_open_and_an_earlier_now_changes_nothing(people):
    # now= in the past (the day itself): open; the deadline is what counts, not the date.
    row = catat(people["staf"], now=dt.datetime(TAHUN, 3, 18, 23, 0, tzinfo=WIB))
    assert row.pk


def test_an_extension_for_the_pegawai_reopens_the_period(org, people):
    p = periode.periode_pada(org.instansi.pk, HARI)
    PerpanjanganBatas.objects.create(
        instansi=org.instansi,
        periode=p,
        untuk="pengisian",
        cakupan="pegawai",
        pegawai=org.staf,
        batas_baru=dt.date(TAHUN, 5, 15),
        alasan="Sakit",
    )
    assert catat(people["staf"], now=LOCKED).pk
    refused(lambda: catat(people["staf_bidang"], now=LOCKED), "sudah dikunci")


# --- Links to RHK and rencana aksi ------------------------------------------------------------


@pytest.fixture
def skp_staf(people):
    kasi = approved_skp(people["kasi"], ("Pendataan",))
    skp = skp_services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp, "Tersedianya data", atasan=kasi.rhk.get())
    return skp


def approve(skp):
    from tests.perencanaan.test_services import approve_directly

    return approve_directly(skp)


def test_rhk_of_the_own_skp_in_force_can_be_linked(people, skp_staf):
    approve(skp_staf)
    rhk = skp_staf.rhk.get()
    assert catat(people["staf"], rhk_id=rhk.pk).rhk_id == rhk.pk


def test_rhk_of_a_draft_or_of_someone_else_is_refused(people, skp_staf):
    rhk = skp_staf.rhk.get()
    refused(lambda: catat(people["staf"], rhk_id=rhk.pk), "bukan RHK dari SKP Anda")
    approve(skp_staf)
    refused(lambda: catat(people["staf_bidang"], rhk_id=rhk.pk), "bukan RHK dari SKP Anda")
    other = build_org("X")
    foreign = approved_skp(users_of(other)["kasi"], ("Luar",)).rhk.get()
    refused(lambda: catat(people["staf"], rhk_id=foreign.pk), "bukan RHK dari SKP Anda")


def test_rhk_of_another_year_is_refused(org, people, skp_staf):
    approve(skp_staf)
    rhk = skp_staf.rhk.get()
    periode.pastikan_periode(org.instansi.pk, TAHUN - 1)
    last_year = dt.date(TAHUN - 1, 12, 15)
    now = dt.datetime(TAHUN - 1, 12, 20, tzinfo=WIB)
    refused(
        lambda: catat(people["staf"], tanggal=last_year, rhk_id=rhk.pk, now=now),
        f"berlaku tahun {TAHUN - 1}",
    )


def _rencana_aksi(org: Org, skp, pegawai: Pegawai, tanggal: dt.date) -> RencanaAksi:
    return RencanaAksi.objects.create(
        instansi=org.instansi,
        pegawai=pegawai,
        rhk=skp.rhk.get(),
        periode=periode.periode_pada(org.instansi.pk, tanggal),
        uraian="Mengumpulkan data",
    )


def test_rencana_aksi_brings_its_rhk(org, people, skp_staf):
    approve(skp_staf)
    ra = _rencana_aksi(org, skp_staf, org.staf, HARI)
    row = catat(people["staf"], rencana_aksi_id=ra.pk)
    assert (row.rencana_aksi_id, row.rhk_id) == (ra.pk, ra.rhk_id)


def test_rencana_aksi_of_someone_else_or_another_period_is_refused(org, people, skp_staf):
    approve(skp_staf)
    ra = _rencana_aksi(org, skp_staf, org.staf, HARI)
    refused(lambda: catat(people["staf_bidang"], rencana_aksi_id=ra.pk), "bukan rencana aksi Anda")
    tw2 = _rencana_aksi(org, skp_staf, org.staf, dt.date(TAHUN, 5, 1))
    refused(lambda: catat(people["staf"], rencana_aksi_id=tw2.pk), "milik periode Triwulan II")
    other = RencanaHasilKerja.objects.get(skp__pegawai=org.kasi)
    refused(
        lambda: catat(people["staf"], rencana_aksi_id=ra.pk, rhk_id=other.pk),
        "bukan bagian dari RHK",
    )


# --- Bukti: files and links -------------------------------------------------------------------


def test_a_pdf_is_stored_with_its_name_type_and_size(people, settings):
    row = catat(people["staf"], berkas=pdf("Laporan Maret.pdf"))
    assert (row.nama_berkas, row.jenis_berkas) == ("Laporan Maret.pdf", "application/pdf")
    assert row.ukuran_berkas == len(pdf_bytes())
    assert row.berkas.name.startswith(f"berkas/{row.instansi_id}/")
    assert len(media_files(settings)) == 1


def test_a_file_that_is_not_what_its_name_says_is_refused_and_not_stored(people, settings):
    fake = SimpleUploadedFile("laporan.pdf", png_bytes(), content_type="application/pdf")
    refused(lambda: catat(people["staf"], berkas=fake), "bukan PDF", "gambar PNG")
    assert media_files(settings) == []


def test_an_oversized_file_is_refused_and_not_stored(people, settings):
    settings.BERKAS_MAX_BYTES = 100
    refused(lambda: catat(people["staf"], berkas=pdf()), "terlalu besar", "maksimum")
    assert media_files(settings) == []


def test_a_refused_entry_with_a_good_file_stores_no_file(people, settings):
    catat(people["staf"], "08:00", "09:00")
    refused(lambda: catat(people["staf"], "08:30", "09:30", berkas=pdf()), "bertabrakan")
    refused(lambda: catat(people["staf"], "13:00", "14:00", berkas=pdf(), now=LOCKED), "dikunci")
    assert media_files(settings) == []


def test_links_must_be_web_addresses(people):
    row = catat(people["staf"], tautan="https://drive.example.go.id/laporan")
    assert row.tautan == "https://drive.example.go.id/laporan"
    refused(lambda: catat(people["staf"], "10:00", "11:00", tautan="file:///etc"), "http")


# --- Editing and deleting ---------------------------------------------------------------------


def ubah(user: User, row: AktivitasHarian, mulai: str = "08:00", selesai: str = "09:00", **kw):
    kw.setdefault("tanggal", row.tanggal)
    kw.setdefault("uraian", row.uraian)
    kw.setdefault("now", NOW)
    return svc.ubah_aktivitas(user, row.pk, jam_mulai=t(mulai), jam_selesai=t(selesai), **kw)


def test_owner_edits_and_the_change_is_audited(people):
    row = catat(people["staf"], "08:00", "09:00")
    catat(people["staf"], "09:00", "10:00")
    row = ubah(people["staf"], row, "07:30", "09:00", uraian="Rapat pagi")  # excludes itself
    assert (row.menit, row.uraian) == (90, "Rapat pagi")
    event = AuditEvent.objects.get(action="aktivitas.diubah")
    assert event.before == {"jam_mulai": "08:00:00", "menit": 60, "uraian": "Menyusun laporan"}


def test_edit_checks_the_same_rules(people):
    row = catat(people["staf"], "08:00", "09:00")
    catat(people["staf"], "09:00", "10:00")
    refused(lambda: ubah(people["staf"], row, "08:00", "09:30"), "bertabrakan", "09.00-10.00")
    refused(lambda: ubah(people["staf"], row, "09:00", "08:00"), "Jam selesai harus setelah")
    besok = HARI + dt.timedelta(days=1)
    refused(lambda: ubah(people["staf"], row, tanggal=besok), "belum terjadi")


def test_only_the_owner_edits_or_deletes(people):
    row = catat(people["staf"])
    for who in ("kasi", "staf_bidang"):
        before = state()
        with pytest.raises(PermissionDenied):
            ubah(people[who], row, uraian="Diubah orang lain")
        with pytest.raises(PermissionDenied):
            svc.hapus_aktivitas(people[who], row.pk, now=NOW)
        assert state() == before


def test_an_accepted_entry_is_final_for_its_owner(people):
    row = catat(people["staf"])
    svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW)
    refused(lambda: ubah(people["staf"], row, uraian="Lain"), "sudah diterima")
    refused(lambda: svc.hapus_aktivitas(people["staf"], row.pk, now=NOW), "sudah diterima")


def test_a_returned_entry_is_edited_and_waits_again(people):
    row = catat(people["staf"])
    svc.kembalikan_aktivitas(people["kasi"], row.pk, "Lengkapi bukti", now=NOW)
    row = ubah(people["staf"], row, tautan="https://example.go.id/bukti")
    assert row.status == "Menunggu"
    assert svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW) == 1


def test_entries_cannot_be_moved_into_or_out_of_a_locked_period(org, people):
    row = catat(people["staf"])
    refused(lambda: ubah(people["staf"], row, uraian="Lain", now=LOCKED), "dikunci")
    # Now (May) Triwulan II is open but the entry's March day is not: moving it out is refused.
    refused(
        lambda: ubah(people["staf"], row, tanggal=dt.date(TAHUN, 4, 30), now=LOCKED), "Triwulan I"
    )
    refused(lambda: svc.hapus_aktivitas(people["staf"], row.pk, now=LOCKED), "dikunci")


def test_replacing_the_file_deletes_the_old_one_after_commit(
    people, settings, django_capture_on_commit_callbacks
):
    row = catat(people["staf"], berkas=pdf("lama.pdf"))
    old = Path(settings.MEDIA_ROOT) / row.berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        row = ubah(people["staf"], row, berkas=pdf("baru.pdf"))
    assert row.nama_berkas == "baru.pdf" and not old.exists()
    assert len(media_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        row = ubah(people["staf"], row, hapus_berkas=True)
    assert (row.berkas.name, row.nama_berkas, row.ukuran_berkas) == ("", "", None)
    assert media_files(settings) == []


def test_a_refused_replacement_keeps_the_old_file(
    people, settings, django_capture_on_commit_callbacks
):
    row = catat(people["staf"], berkas=pdf("lama.pdf"))
    fake = SimpleUploadedFile("baru.pdf", b"MZ\x90\x00 not a pdf")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused(lambda: ubah(people["staf"], row, berkas=fake), "bukan PDF")
    assert callbacks == []
    row.refresh_from_db()
    assert row.nama_berkas == "lama.pdf" and len(media_files(settings)) == 1


def test_delete_removes_the_row_and_its_file(people, settings, django_capture_on_commit_callbacks):
    row = catat(people["staf"], berkas=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        svc.hapus_aktivitas(people["staf"], row.pk, now=NOW)
    assert not AktivitasHarian.objects.exists() and media_files(settings) == []
    assert AuditEvent.objects.get(action="aktivitas.dihapus").before["uraian"] == row.uraian


# --- Copying a day ---------------------------------------------------------------------------


def test_salin_copies_every_entry_of_the_day_without_bukti(people):
    kemarin = HARI - dt.timedelta(days=1)
    catat(people["staf"], "08:00", "09:00", tanggal=kemarin, berkas=pdf())
    catat(people["staf"], "13:00", "15:30", tanggal=kemarin, kuantitas=Decimal(3), satuan="Data")
    copies = svc.salin_aktivitas(people["staf"], kemarin, HARI, now=NOW)
    rows = list(AktivitasHarian.objects.filter(tanggal=HARI).order_by("jam_mulai"))
    assert [(r.jam_mulai, r.menit, r.status) for r in rows] == [
        (t("08:00"), 60, "Menunggu"),
        (t("13:00"), 150, "Menunggu"),
    ]
    assert rows[1].kuantitas == Decimal(3) and not rows[0].berkas and len(copies) == 2
    assert AuditEvent.objects.get(action="aktivitas.disalin").after["ids"] == [r.pk for r in rows]


def test_salin_refuses_wholly_if_any_copy_overlaps(people):
    kemarin = HARI - dt.timedelta(days=1)
    catat(people["staf"], "08:00", "09:00", tanggal=kemarin)
    catat(people["staf"], "13:00", "14:00", tanggal=kemarin)
    catat(people["staf"], "13:30", "14:30", uraian="Kunjungan lapangan")
    refused(
        lambda: svc.salin_aktivitas(people["staf"], kemarin, HARI, now=NOW),
        "Tidak ada yang disalin",
        "13.00-14.00",
        "13.30-14.30",
    )
    assert AktivitasHarian.objects.filter(tanggal=HARI).count() == 1


def test_salin_bad_input(people):
    kemarin = HARI - dt.timedelta(days=1)
    refused(
        lambda: svc.salin_aktivitas(people["staf"], kemarin, HARI, now=NOW), "Tidak ada aktivitas"
    )
    catat(people["staf"], tanggal=kemarin)
    refused(lambda: svc.salin_aktivitas(people["staf"], HARI, HARI, now=NOW), "sama")
    besok = HARI + dt.timedelta(days=1)
    refused(lambda: svc.salin_aktivitas(people["staf"], kemarin, besok, now=NOW), "belum terjadi")
    refused(lambda: svc.salin_aktivitas(people["staf"], kemarin, HARI, now=LOCKED), "dikunci")


def test_salin_only_copies_the_actor_s_own_entries(people):
    kemarin = HARI - dt.timedelta(days=1)
    catat(people["staf"], tanggal=kemarin)
    refused(
        lambda: svc.salin_aktivitas(people["staf_bidang"], kemarin, HARI, now=NOW),
        "Tidak ada aktivitas",
    )


# --- The penilai: accept and return ----------------------------------------------------------


def test_the_penilai_accepts_in_bulk(org, people):
    rows = [catat(people["staf"], f"0{h}:00", f"0{h + 1}:00") for h in (7, 8)]
    n = svc.terima_aktivitas(people["kasi"], [r.pk for r in rows], now=NOW)
    assert n == 2
    assert set(AktivitasHarian.objects.values_list("status", "dinilai_oleh")) == {
        ("Diterima", org.kasi.pk)
    }
    assert AuditEvent.objects.filter(action="aktivitas.diterima").count() == 2
    assert svc.terima_aktivitas(people["kasi"], [r.pk for r in rows], now=NOW) == 0


@pytest.mark.parametrize("who", ["staf", "kabid", "staf_bidang", "kepala"])
def test_only_the_penilai_accepts_or_returns(people, who):
    row = catat(people["staf"])
    before = state()
    with pytest.raises(PermissionDenied):
        svc.terima_aktivitas(people[who], [row.pk], now=NOW)
    with pytest.raises(PermissionDenied):
        svc.kembalikan_aktivitas(people[who], row.pk, "Perbaiki", now=NOW)
    assert state() == before


def test_a_batch_with_one_entry_of_someone_else_accepts_nothing(people):
    mine = catat(people["staf"])
    other = catat(people["staf_bidang"])  # the kabid's bawahan, not the kasi's
    before = state()
    with pytest.raises(PermissionDenied):
        svc.terima_aktivitas(people["kasi"], [mine.pk, other.pk], now=NOW)
    assert state() == before


def test_accept_bad_input(org, people):
    refused(lambda: svc.terima_aktivitas(people["kasi"], [], now=NOW), "Pilih aktivitas")
    refused(lambda: svc.terima_aktivitas(people["kasi"], [999_999], now=NOW), "tidak ditemukan")
    foreign = build_org("Y")
    periode.pastikan_periode(foreign.instansi.pk, TAHUN)
    row = catat(users_of(foreign)["staf"])
    refused(lambda: svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW), "tidak ditemukan")


def test_accepting_is_locked_after_the_penilaian_deadline(people):
    row = catat(people["staf"])
    refused(
        lambda: svc.terima_aktivitas(people["kasi"], [row.pk], now=LOCKED),
        "sudah dikunci untuk penilaian",
    )
    refused(
        lambda: svc.kembalikan_aktivitas(people["kasi"], row.pk, "Perbaiki", now=LOCKED),
        "sudah dikunci untuk penilaian",
    )


def test_return_needs_a_note_and_notifies_the_pegawai(org, people):
    row = catat(people["staf"])
    refused(lambda: svc.kembalikan_aktivitas(people["kasi"], row.pk, "  ", now=NOW), "catatan")
    svc.kembalikan_aktivitas(people["kasi"], row.pk, "Lampirkan daftar hadir", now=NOW)
    row.refresh_from_db()
    assert (row.status, row.catatan_penilai) == ("Dikembalikan", "Lampirkan daftar hadir")
    note = Notifikasi.objects.get(penerima=people["staf"])
    assert "Lampirkan daftar hadir" in note.pesan
    assert note.url.endswith(f"?minggu={HARI.isoformat()}")
    assert AuditEvent.objects.get(action="aktivitas.dikembalikan").reason == (
        "Lampirkan daftar hadir"
    )
    refused(lambda: svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW), "dikembalikan")
    refused(
        lambda: svc.kembalikan_aktivitas(people["kasi"], row.pk, "Lagi", now=NOW),
        "sudah dikembalikan",
    )


def test_an_accepted_entry_can_still_be_returned_while_open(people):
    row = catat(people["staf"])
    svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW)
    svc.kembalikan_aktivitas(people["kasi"], row.pk, "Salah tanggal", now=NOW)
    row.refresh_from_db()
    assert row.status == "Dikembalikan"


def test_the_penilai_follows_the_current_atasan(org, people):
    """A manual atasan override moves the review to the new atasan at once."""
    row = catat(people["staf"])
    Pegawai.objects.filter(pk=org.staf.pk).update(atasan_override=org.kabid)
    with pytest.raises(PermissionDenied):
        svc.terima_aktivitas(people["kasi"], [row.pk], now=NOW)
    assert svc.terima_aktivitas(people["kabid"], [row.pk], now=NOW) == 1


# --- Monthly recap ---------------------------------------------------------------------------


@pytest.fixture
def month(org, people):
    """March of TAHUN for the staf and the staf_bidang, plus rows that must not count."""
    d = dt.date(TAHUN, 3, 2)
    entri(org.staf, d, "08:00", "09:00", "Diterima")  # 60
    entri(org.staf, d, "09:00", "09:30", "Diterima")  # 30
    entri(org.staf, d, "10:00", "12:00", "Menunggu")  # 120
    entri(org.staf, dt.date(TAHUN, 3, 31), "08:00", "08:45", "Dikembalikan")  # 45
    entri(org.staf_bidang, d, "08:00", "10:00", "Diterima")  # 120
    entri(org.staf, dt.date(TAHUN, 2, 28), "08:00", "12:00", "Diterima")  # February
    entri(org.staf, dt.date(TAHUN, 4, 1), "08:00", "12:00", "Diterima")  # April
    other = build_org("Z")
    entri(other.staf, d, "08:00", "12:00", "Diterima")  # another instansi
    return org


def test_rekap_sums_minutes_per_pegawai_and_status(month, django_assert_num_queries):
    with django_assert_num_queries(1):
        rekap = sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 3)
    assert rekap == {
        month.staf.pk: sel.RekapMenit(
            diterima=90, menunggu=120, dikembalikan=45, total=255, jumlah=4
        ),
        month.staf_bidang.pk: sel.RekapMenit(diterima=120, total=120, jumlah=1),
    }
    assert rekap[month.staf.pk].jam_efektif == "1 j 30 m"


def test_rekap_narrowed_to_some_pegawai(month, django_assert_num_queries):
    with django_assert_num_queries(1):
        only = sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 3, [month.staf_bidang.pk])
    assert list(only) == [month.staf_bidang.pk]
    ids = Pegawai.objects.filter(instansi=month.instansi, nama__startswith="Staf A").values("id")
    with django_assert_num_queries(1):  # a subquery stays one query
        both = sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 3, ids)
    assert set(both) == {month.staf.pk}
    assert sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 3, []) == {}


def test_rekap_of_an_empty_month_and_daily_recap(month):
    assert sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 6) == {}
    harian = sel.rekap_harian(month.instansi.pk, month.staf.pk, TAHUN, 3)
    assert harian[dt.date(TAHUN, 3, 2)].diterima == 90
    assert sel.jumlahkan(harian.values()).total == 255


def test_rekap_query_uses_the_tenant_index_columns(month):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        sel.rekap_menit_bulanan(month.instansi.pk, TAHUN, 3)
    sql = ctx.captured_queries[0]["sql"]
    assert '"instansi_id" =' in sql and '"tanggal" >=' in sql and "GROUP BY" in sql
