"""Every rule of the pembinaan services: dialog kinerja and briefing. Bad input says why and
stores nothing; every write is audited; the other side is notified in-app."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import periode
from kinerja.pelaksanaan.models import (
    Briefing,
    DialogKinerja,
    LampiranBriefing,
    PesertaBriefing,
    TindakLanjutDialog,
)
from kinerja.pelaksanaan.services_pembinaan import (
    ButirTindakLanjut,
    catat_briefing,
    catat_dialog,
    konfirmasi_briefing,
    konfirmasi_dialog,
    tandai_tindak_lanjut,
    ubah_dialog,
)
from tests.conftest import Org, build_org, user_for
from tests.factories import PegawaiFactory, place

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- Builders shared by the pembinaan tests --------------------------------------------------


def users_of(org: Org) -> dict[str, User]:
    names = ["kepala", "kabid", "kasi", "staf", "staf_bidang"]
    return {name: user_for(getattr(org, name)) for name in names}


def today() -> dt.date:
    return timezone.localdate()


def dialog(
    penilai: User,
    pegawai: Pegawai,
    tanggal: dt.date | None = None,
    tindak_lanjut: tuple[str, ...] = ("Ikuti pelatihan",),
    **extra: object,
) -> DialogKinerja:
    """A valid dialog recorded by `penilai` today (or on `tanggal`)."""
    tanggal = tanggal or today()
    fields: dict[str, object] = {
        "tanggal": tanggal,
        "agenda": "Capaian triwulan",
        "hasil_kerja": "Laporan tepat waktu",
        "tindak_lanjut": [
            ButirTindakLanjut(t, tanggal + dt.timedelta(days=30)) for t in tindak_lanjut
        ],
        **extra,
    }
    return catat_dialog(penilai, pegawai, **fields)  # type: ignore[arg-type]


def pdf(name: str = "notulen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def briefing(leader: User, org: Org, **extra: object) -> Briefing:
    fields: dict[str, object] = {
        "tanggal": today(),
        "topik": "Target triwulan",
        "arahan": "Selesaikan pendataan minggu ini.",
        "peserta_ids": [org.staf.pk],
        **extra,
    }
    return catat_briefing(leader, org.seksi, **fields)  # type: ignore[arg-type]


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def counts() -> tuple[int, ...]:
    return (
        DialogKinerja.objects.count(),
        TindakLanjutDialog.objects.count(),
        Briefing.objects.count(),
        PesertaBriefing.objects.count(),
        LampiranBriefing.objects.count(),
        AuditEvent.objects.filter(action__startswith="dialog.").count(),
        AuditEvent.objects.filter(action__startswith="briefing.").count(),
        Notifikasi.objects.count(),
    )


@pytest.fixture
def people(org: Org) -> dict[str, User]:
    return users_of(org)


def refused(fn, *args, match: str | None = None, exc: type[Exception] = DomainError, **kwargs):  # type: ignore[no-untyped-def]
    """Call a service that must refuse, and prove it wrote nothing."""
    before = counts()
    with pytest.raises(exc, match=match):
        fn(*args, **kwargs)
    assert counts() == before


# --- Dialog kinerja: recording ---------------------------------------------------------------


def test_penilai_records_a_dialog_with_their_bawahan(org, people):
    d = dialog(people["kasi"], org.staf, perilaku="Kolaboratif", karier="Ingin ke JF")
    d.refresh_from_db()
    assert (d.penilai_id, d.pegawai_id, d.instansi_id) == (
        org.kasi.pk,
        org.staf.pk,
        org.instansi.pk,
    )
    assert d.periode == periode.periode_pada(org.instansi.pk, today())
    assert (d.agenda, d.hasil_kerja, d.perilaku, d.karier) == (
        "Capaian triwulan",
        "Laporan tepat waktu",
        "Kolaboratif",
        "Ingin ke JF",
    )
    assert d.dikonfirmasi_penilai_at is not None and d.dikonfirmasi_pegawai_at is None
    [item] = d.tindak_lanjut.all()
    assert (item.uraian, item.jatuh_tempo, item.selesai) == (
        "Ikuti pelatihan",
        today() + dt.timedelta(days=30),
        False,
    )
    event = AuditEvent.objects.get(action="dialog.dicatat")
    assert event.actor == people["kasi"] and event.object_id == str(d.pk)
    assert event.after["tindak_lanjut"][0]["uraian"] == "Ikuti pelatihan"


def test_recording_notifies_the_pegawai(org, people):
    d = dialog(people["kasi"], org.staf)
    note = Notifikasi.objects.get(penerima=people["staf"])
    assert note.judul == "Dialog kinerja perlu Anda konfirmasi"
    assert org.kasi.nama in note.pesan and note.url == f"/kinerja/dialog/{d.pk}/"
    assert not Notifikasi.objects.exclude(penerima=people["staf"]).exists()


@pytest.mark.parametrize(
    ("penilai", "pegawai"),
    [
        ("kasi", "staf_bidang"),  # another unit's pegawai
        ("kabid", "staf"),  # the atasan of the penilai is not the penilai
        ("staf", "kasi"),  # upwards
        ("kasi", "kasi"),  # oneself
    ],
)
def test_only_the_penilai_of_the_pegawai_may_record(org, people, penilai, pegawai):
    refused(
        dialog,
        people[penilai],
        getattr(org, pegawai),
        match="bukan pegawai yang Anda nilai|Pilih salah satu pegawai",
    )


def test_pegawai_of_another_instansi_is_refused(org, people):
    other = build_org("B")
    refused(dialog, people["kasi"], other.staf, match="Pilih salah satu pegawai")


def test_account_without_pegawai_cannot_record(org):
    refused(dialog, org.admin, org.staf, exc=PermissionDenied)


def test_manual_atasan_override_makes_the_penilai(org, people):
    Pegawai.objects.filter(pk=org.staf_bidang.pk).update(atasan_override=org.kasi)
    org.staf_bidang.refresh_from_db()
    assert dialog(people["kasi"], org.staf_bidang).pegawai_id == org.staf_bidang.pk


def test_future_date_is_refused(org, people):
    refused(
        dialog,
        people["kasi"],
        org.staf,
        tanggal=today() + dt.timedelta(days=1),
        match="Tanggal dialog tidak boleh setelah hari ini.",
    )


@pytest.mark.parametrize(("zona", "accepted"), [("Asia/Jayapura", True), ("Asia/Jakarta", False)])
def test_today_is_the_instansis_own_date(org, people, zona, accepted):
    """23:30 WIB on 10 March is already 11 March in WIT (Papua)."""
    org.instansi.zona_waktu = zona
    org.instansi.save()
    now = dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)
    call = (dialog, people["kasi"], org.staf)
    kwargs = {"tanggal": dt.date(2026, 3, 11), "now": now}
    if accepted:
        assert dialog(*call[1:], **kwargs).tanggal == dt.date(2026, 3, 11)  # type: ignore[arg-type]
    else:
        refused(*call, match="tidak boleh setelah hari ini", **kwargs)


@pytest.mark.parametrize("agenda", ["", "   \n "])
def test_empty_agenda_is_refused(org, people, agenda):
    refused(dialog, people["kasi"], org.staf, agenda=agenda, match="Agenda dialog wajib diisi.")


def test_at_least_one_aspect_is_required(org, people):
    refused(
        dialog,
        people["kasi"],
        org.staf,
        hasil_kerja=" ",
        match="sekurang-kurangnya satu aspek",
    )
    assert dialog(people["kasi"], org.staf, hasil_kerja="", karier="Mutasi").karier == "Mutasi"


@pytest.mark.parametrize(
    ("butir", "message"),
    [
        (ButirTindakLanjut("Pelatihan", None), "ke-1: jatuh tempo wajib diisi"),
        (ButirTindakLanjut(" ", dt.date(2026, 1, 1)), "ke-1: uraian wajib diisi"),
        (ButirTindakLanjut("Pelatihan", dt.date(2000, 1, 1)), "tidak boleh sebelum tanggal dialog"),
    ],
)
def test_bad_follow_ups_are_refused(org, people, butir, message):
    refused(
        catat_dialog,
        people["kasi"],
        org.staf,
        tanggal=today(),
        agenda="A",
        hasil_kerja="B",
        tindak_lanjut=[butir],
        match=message,
    )


def test_empty_follow_up_rows_are_ignored(org, people):
    d = catat_dialog(
        people["kasi"],
        org.staf,
        tanggal=today(),
        agenda="A",
        hasil_kerja="B",
        tindak_lanjut=[ButirTindakLanjut("", None), ButirTindakLanjut("  ", None)],
    )
    assert not d.tindak_lanjut.exists()


def test_recording_into_a_locked_period_is_refused(org, people):
    """Last year's first period closed at the end of April (default rule)."""
    tanggal = dt.date(today().year - 1, 1, 15)
    refused(
        dialog, people["kasi"], org.staf, tanggal=tanggal, match="sudah dikunci untuk penilaian"
    )
    inside = dt.datetime(today().year - 1, 2, 1, 9, tzinfo=dt.UTC)
    assert dialog(people["kasi"], org.staf, tanggal=tanggal, now=inside).periode.nomor == 1


def test_an_extension_for_the_pegawai_reopens_the_period(org, people):
    from kinerja.pelaksanaan.models import PerpanjanganBatas

    tanggal = dt.date(today().year - 1, 1, 15)
    dalam = periode.periode_pada(org.instansi.pk, tanggal)
    PerpanjanganBatas.objects.create(
        instansi=org.instansi,
        periode=dalam,
        untuk="penilaian",
        cakupan="pegawai",
        pegawai=org.staf,
        batas_baru=today(),
        alasan="Cuti",
    )
    assert dialog(people["kasi"], org.staf, tanggal=tanggal).periode == dalam


def test_a_locked_period_freezes_confirming_and_editing_but_not_ticking(org, people):
    """Recorded in time (now inside the window); confirmed or edited after the deadline: the
    lock says so. Follow-ups fall due later, so ticking them stays open."""
    tanggal = dt.date(today().year - 1, 1, 15)
    inside = dt.datetime(today().year - 1, 2, 1, 9, tzinfo=dt.UTC)
    d = dialog(people["kasi"], org.staf, tanggal=tanggal, now=inside)
    refused(konfirmasi_dialog, people["staf"], d, match="sudah dikunci untuk pengisian")
    refused(edit, people["kasi"], d, match="sudah dikunci untuk penilaian")
    tandai_tindak_lanjut(people["staf"], d.tindak_lanjut.get(), True)
    assert d.tindak_lanjut.get().selesai


# --- Dialog kinerja: editing, confirming, follow-ups -----------------------------------------


def edit(user: User, d: DialogKinerja, **extra: object) -> DialogKinerja:
    fields: dict[str, object] = {
        "tanggal": d.tanggal,
        "agenda": "Agenda baru",
        "kompetensi": "Diklat teknis",
        "tindak_lanjut": [ButirTindakLanjut("Susun rencana diklat", d.tanggal)],
        **extra,
    }
    return ubah_dialog(user, d, **fields)  # type: ignore[arg-type]


def test_penilai_edits_before_the_pegawai_confirms(org, people):
    d = dialog(people["kasi"], org.staf)
    Notifikasi.objects.all().delete()
    edit(people["kasi"], d)
    d.refresh_from_db()
    assert (d.agenda, d.hasil_kerja, d.kompetensi) == ("Agenda baru", "", "Diklat teknis")
    assert list(d.tindak_lanjut.values_list("uraian", flat=True)) == ["Susun rencana diklat"]
    event = AuditEvent.objects.get(action="dialog.diubah")
    assert event.before["agenda"] == "Capaian triwulan" and event.after["agenda"] == "Agenda baru"
    assert Notifikasi.objects.get(penerima=people["staf"]).judul == "Catatan dialog kinerja diubah"


def test_edit_applies_the_same_rules(org, people):
    d = dialog(people["kasi"], org.staf)
    refused(edit, people["kasi"], d, agenda="", match="Agenda dialog wajib diisi.")
    refused(
        edit, people["kasi"], d, tanggal=today() + dt.timedelta(days=2), match="setelah hari ini"
    )


def test_edit_after_confirmation_is_refused(org, people):
    d = dialog(people["kasi"], org.staf)
    konfirmasi_dialog(people["staf"], d)
    refused(edit, people["kasi"], d, match="sudah dikonfirmasi kedua pihak")


@pytest.mark.parametrize("who", ["staf", "kabid", "staf_bidang"])
def test_only_the_penilai_edits(org, people, who):
    d = dialog(people["kasi"], org.staf)
    refused(edit, people[who], d, exc=PermissionDenied)


def test_pegawai_confirms_and_the_penilai_is_notified(org, people):
    d = dialog(people["kasi"], org.staf)
    konfirmasi_dialog(people["staf"], d)
    d.refresh_from_db()
    assert d.dikonfirmasi_pegawai_at is not None
    assert AuditEvent.objects.filter(action="dialog.dikonfirmasi", actor=people["staf"]).exists()
    note = Notifikasi.objects.get(penerima=people["kasi"])
    assert note.judul == f"Dialog kinerja dikonfirmasi {org.staf.nama}"
    refused(konfirmasi_dialog, people["staf"], d, match="sudah Anda konfirmasi")


@pytest.mark.parametrize("who", ["kasi", "kabid", "staf_bidang"])
def test_only_the_pegawai_confirms(org, people, who):
    d = dialog(people["kasi"], org.staf)
    refused(konfirmasi_dialog, people[who], d, exc=PermissionDenied)


@pytest.mark.parametrize("who", ["kasi", "staf"])
def test_either_side_ticks_follow_ups_even_when_frozen(org, people, who):
    d = dialog(people["kasi"], org.staf)
    konfirmasi_dialog(people["staf"], d)
    item = d.tindak_lanjut.get()
    tandai_tindak_lanjut(people[who], item, True)
    item.refresh_from_db()
    assert item.selesai and item.selesai_at is not None
    tandai_tindak_lanjut(people[who], item, False)
    item.refresh_from_db()
    assert not item.selesai and item.selesai_at is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="dialog.tindak_lanjut").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["dialog.tindak_lanjut_dibuka", "dialog.tindak_lanjut_selesai"]


def test_ticking_to_the_same_value_writes_nothing(org, people):
    d = dialog(people["kasi"], org.staf)
    before = counts()
    tandai_tindak_lanjut(people["staf"], d.tindak_lanjut.get(), False)
    assert counts() == before


@pytest.mark.parametrize("who", ["kabid", "staf_bidang"])
def test_others_cannot_tick(org, people, who):
    d = dialog(people["kasi"], org.staf)
    refused(tandai_tindak_lanjut, people[who], d.tindak_lanjut.get(), True, exc=PermissionDenied)


# --- Dialog kinerja: carrying unfinished follow-ups ------------------------------------------


def test_unfinished_follow_ups_are_carried_to_the_next_dialog(org, people):
    day1 = today() - dt.timedelta(days=20)
    first = dialog(people["kasi"], org.staf, tanggal=day1, tindak_lanjut=("A", "B"))
    done, open_ = first.tindak_lanjut.order_by("uraian")
    tandai_tindak_lanjut(people["staf"], done, True)
    second = dialog(people["kasi"], org.staf, tindak_lanjut=("C",))
    rows = {t.uraian: t for t in second.tindak_lanjut.all()}
    assert set(rows) == {"B", "C"}  # the done one stays behind
    assert rows["B"].dibawa_dari_id == open_.pk and rows["B"].jatuh_tempo == open_.jatuh_tempo
    assert rows["C"].dibawa_dari_id is None
    open_.refresh_from_db()
    done.refresh_from_db()
    assert open_.dibawa and not done.dibawa
    assert AuditEvent.objects.filter(action="dialog.dicatat").latest("id").after["dibawa"] == 1
    # The carried original is frozen: it is ticked in the new dialog.
    refused(tandai_tindak_lanjut, people["staf"], open_, True, match="sudah dibawa")
    # And the first dialog can no longer be edited: its follow-ups live on in the second.
    refused(edit, people["kasi"], first, match="sudah dibawa ke dialog berikutnya")


def test_carry_over_chains_without_duplicates(org, people):
    dialog(people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=40), tindak_lanjut=("A",))
    second = dialog(
        people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=20), tindak_lanjut=()
    )
    third = dialog(people["kasi"], org.staf, tindak_lanjut=())
    [copy2] = second.tindak_lanjut.all()
    [copy3] = third.tindak_lanjut.all()
    assert copy3.dibawa_dari_id == copy2.pk and copy3.uraian == "A"
    assert TindakLanjutDialog.objects.filter(uraian="A", dibawa=False).count() == 1


def test_only_the_pairs_follow_ups_are_carried(org, people):
    dialog(people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=10), tindak_lanjut=("X",))
    other_pair = dialog(people["kabid"], org.kasi, tindak_lanjut=())
    assert not other_pair.tindak_lanjut.exists()
    # A new penilai (a PLH of the seksi) starts afresh with the staf.
    plh = PegawaiFactory(instansi=org.instansi, nama="Plh Seksi")
    place(
        plh,
        org.seksi,
        org.seksi.jabatan_pimpinan,
        since=today() - dt.timedelta(days=1),
        jenis="PLH",
    )  # type: ignore[arg-type]
    fresh = dialog(user_for(plh), org.staf, tindak_lanjut=())
    assert not fresh.tindak_lanjut.exists()


def test_a_backdated_dialog_does_not_take_later_follow_ups(org, people):
    dialog(people["kasi"], org.staf, tindak_lanjut=("Baru",))
    older = dialog(
        people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=5), tindak_lanjut=()
    )
    assert not older.tindak_lanjut.exists()


# --- Briefing --------------------------------------------------------------------------------


def test_leader_records_a_briefing_with_attachments(org, people, settings):
    b = briefing(
        people["kasi"],
        org,
        lampiran=[pdf(), pdf("paparan.pdf")],
        tautan=["https://contoh.go.id/paparan", " "],
    )
    assert (b.unor, b.pemimpin, b.topik) == (org.seksi, org.kasi, "Target triwulan")
    assert list(b.peserta.values_list("pegawai_id", "dikonfirmasi_at")) == [(org.staf.pk, None)]
    files = b.lampiran.exclude(berkas="")
    assert sorted(files.values_list("nama_berkas", flat=True)) == ["notulen.pdf", "paparan.pdf"]
    assert b.lampiran.filter(tautan="https://contoh.go.id/paparan").count() == 1
    assert len(stored_files(Path(settings.MEDIA_ROOT))) == 2
    event = AuditEvent.objects.get(action="briefing.dicatat")
    assert event.after["peserta"] == [org.staf.pk] and event.after["lampiran"] == 3


def test_attendees_are_notified(org, people):
    Pegawai.objects.filter(pk=org.staf_bidang.pk).update(unor=org.bidang)
    b = catat_briefing(
        people["kabid"],
        org.bidang,
        tanggal=today(),
        topik="Rapat bidang",
        arahan="Arahan",
        peserta_ids=[org.staf_bidang.pk, org.kasi.pk],
    )
    notes = Notifikasi.objects.filter(url=f"/kinerja/briefing/{b.pk}/")
    assert sorted(n.penerima_id for n in notes) == sorted(
        [people["staf_bidang"].pk, people["kasi"].pk]
    )
    assert notes.first().judul == f"Briefing {org.bidang.nama}: Rapat bidang"  # type: ignore[union-attr]


@pytest.mark.parametrize("who", ["staf", "kabid", "kepala"])
def test_briefing_by_a_non_leader_is_refused(org, people, who):
    """Only the seksi's own leader: not its staff, not the leaders above it."""
    refused(briefing, people[who], org, match="bukan pimpinan")


def test_plt_leading_the_unit_may_brief_and_takes_precedence(org, people):
    plt = PegawaiFactory(instansi=org.instansi, nama="Plt Kasi")
    place(plt, org.bidang, org.jabatan_staf)
    place(
        plt,
        org.seksi,
        org.seksi.jabatan_pimpinan,
        since=today() - dt.timedelta(days=3),
        jenis="PLT",
    )  # type: ignore[arg-type]
    assert briefing(user_for(plt), org).pemimpin_id == plt.pk
    # Before the PLT's window the definitif kasi led the seksi.
    earlier = today() - dt.timedelta(days=5)
    assert briefing(people["kasi"], org, tanggal=earlier).pemimpin_id == org.kasi.pk
    refused(briefing, people["kasi"], org, match="bukan pimpinan")


def test_attendee_not_in_the_unit_is_refused(org, people):
    refused(
        briefing,
        people["kasi"],
        org,
        peserta_ids=[org.staf.pk, org.staf_bidang.pk],
        match="1 peserta yang dipilih bukan pegawai",
    )
    refused(briefing, people["kasi"], org, peserta_ids=[org.kasi.pk], match="bukan pegawai")


def test_sub_unit_leaders_attend_but_not_their_staff(org, people):
    call = {"tanggal": today(), "topik": "T", "arahan": "A"}
    b = catat_briefing(
        people["kabid"], org.bidang, peserta_ids=[org.kasi.pk, org.staf_bidang.pk], **call
    )  # type: ignore[arg-type]
    assert b.peserta.count() == 2
    refused(
        catat_briefing,
        people["kabid"],
        org.bidang,
        peserta_ids=[org.staf.pk],
        match="bukan",
        **call,
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"topik": " "}, "Topik briefing wajib diisi."),
        ({"topik": "x" * 301}, "paling panjang 300"),
        ({"arahan": ""}, "Arahan yang diberikan wajib diisi."),
        ({"peserta_ids": []}, "sekurang-kurangnya satu peserta"),
        ({"tanggal": None}, "Tanggal briefing wajib diisi."),
        ({"tautan": ["javascript:alert(1)"]}, "diawali http"),
    ],
)
def test_bad_briefing_input_is_refused(org, people, extra, message):
    refused(briefing, people["kasi"], org, match=message, **extra)


def test_future_briefing_is_refused(org, people):
    refused(
        briefing,
        people["kasi"],
        org,
        tanggal=today() + dt.timedelta(days=1),
        match="Tanggal briefing tidak boleh setelah hari ini.",
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notulen.pdf", PNG), "bukan PDF"),
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "tidak diterima"),
        (SimpleUploadedFile("kosong.pdf", b""), "kosong"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_is_stored(org, people, settings, upload, message):
    refused(briefing, people["kasi"], org, lampiran=[pdf(), upload], match=message)
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_oversized_attachment_is_refused(org, people, settings):
    settings.BERKAS_MAX_BYTES = 20
    refused(briefing, people["kasi"], org, lampiran=[pdf()], match="terlalu besar")
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_attendee_acknowledges_once(org, people):
    b = briefing(people["kasi"], org)
    row = konfirmasi_briefing(people["staf"], b)
    assert row.dikonfirmasi_at is not None
    event = AuditEvent.objects.get(action="briefing.dikonfirmasi")
    assert event.actor == people["staf"] and event.after["peserta"] == org.staf.pk
    refused(konfirmasi_briefing, people["staf"], b, match="sudah Anda konfirmasi")


@pytest.mark.parametrize("who", ["kasi", "staf_bidang", "kabid"])
def test_only_attendees_acknowledge(org, people, who):
    b = briefing(people["kasi"], org)
    refused(konfirmasi_briefing, people[who], b, exc=PermissionDenied)
    refused(konfirmasi_briefing, org.admin, b, exc=PermissionDenied)
