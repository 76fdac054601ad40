"""Rencana aksi, realisasi and bukti dukung (services_realisasi): who may write, one realisasi
row per IKI per period, the pengisian lock, and nothing stored (row or file) on a refusal."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan.models import (
    BuktiDukung,
    PeriodePenilaian,
    PerpanjanganBatas,
    Realisasi,
    RencanaAksi,
)
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import IndikatorKinerja, RencanaHasilKerja, Skp, StatusSkp
from tests.conftest import Org
from tests.pelaksanaan.test_berkas import docx_bytes, pdf_bytes, png_bytes
from tests.perencanaan.test_services import (
    TAHUN,
    add_rhk,
    approve_directly,
    approved_skp,
    kasi_rhk,
    users_of,
)

# --- Builders shared by the realisasi tests --------------------------------------------------


@dataclass
class Dunia:
    org: Org
    users: dict[str, User]
    kasi_skp: Skp  # the penilai's, approved
    skp: Skp  # the staf's, approved and in force
    rhk: RencanaHasilKerja
    iki: IndikatorKinerja
    periode: PeriodePenilaian  # the current one, open


def build_dunia(org: Org, n_rhk: int = 1, n_iki: int = 1) -> Dunia:
    users = users_of(org)
    kabid = approved_skp(users["kabid"], ("Tersedianya data bidang",))
    kasi = approved_skp(users["kasi"], ("Pendataan", "Pelaporan"), kasi_rhk(kabid))
    skp = skp_services.buat_skp(users["staf"], TAHUN)
    for i in range(n_rhk):
        add_rhk(users["staf"], skp, f"Tersedianya data {i + 1}", n_iki, atasan=kasi_rhk(kasi))
    skp = approve_directly(skp)
    rhk = skp.rhk.order_by("urutan").first()
    assert rhk is not None
    return Dunia(
        org=org,
        users=users,
        kasi_skp=kasi,
        skp=skp,
        rhk=rhk,
        iki=rhk.iki.order_by("urutan").first(),  # type: ignore[arg-type]
        periode=periode_kini(skp),
    )


def periode_kini(skp: Skp) -> PeriodePenilaian:
    return periode_mod.periode_pada(skp.instansi_id, timezone.localdate())


def periode_nomor(skp: Skp, nomor: int, jenis: str = "Triwulanan") -> PeriodePenilaian:
    periode_mod.pastikan_periode(skp.instansi_id, skp.tahun)
    return PeriodePenilaian.objects.get(
        instansi_id=skp.instansi_id, tahun=skp.tahun, jenis=jenis, nomor=nomor
    )


def saat(day: dt.date) -> dt.datetime:
    """Noon of a day in WIB: a moment to write "as of" (the lock is checked against it)."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))


def berkas(name: str = "laporan.pdf", data: bytes | None = None) -> Any:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, "application/pdf")


def writes() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        RencanaAksi.objects.count(),
        Realisasi.objects.count(),
        BuktiDukung.objects.count(),
    )


def files_in(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def d(org) -> Dunia:
    return build_dunia(org)


# --- Rencana aksi ----------------------------------------------------------------------------


def test_rencana_aksi_is_added_changed_and_deleted_by_the_owner_and_audited(d):
    staf = d.users["staf"]
    ra = services.simpan_rencana_aksi(
        staf, d.rhk, d.periode, " Menyusun draf ", Decimal("3"), " Dokumen "
    )
    assert (ra.uraian, ra.target, ra.satuan, ra.urutan) == ("Menyusun draf", 3, "Dokumen", 1)
    assert (ra.pegawai_id, ra.instansi_id) == (d.org.staf.pk, d.org.instansi.pk)
    second = services.simpan_rencana_aksi(staf, d.rhk, d.periode, "Rapat", Decimal(1), "Kali")
    assert second.urutan == 2
    services.ubah_rencana_aksi(staf, ra, "Menyusun laporan", Decimal("2.5"), "Dokumen")
    ra.refresh_from_db()
    assert (ra.uraian, ra.target) == ("Menyusun laporan", Decimal("2.50"))
    services.hapus_rencana_aksi(staf, second)
    assert list(RencanaAksi.objects.values_list("pk", flat=True)) == [ra.pk]
    actions = list(
        AuditEvent.objects.filter(action__startswith="realisasi.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == [
        "realisasi.rencana_aksi_ditambah",
        "realisasi.rencana_aksi_ditambah",
        "realisasi.rencana_aksi_diubah",
        "realisasi.rencana_aksi_dihapus",
    ]
    changed = AuditEvent.objects.get(action="realisasi.rencana_aksi_diubah")
    assert changed.before["uraian"] == "Menyusun draf"
    assert changed.after["target"] == "2.50"


@pytest.mark.parametrize(
    ("uraian", "target", "satuan", "message"),
    [
        ("", Decimal(1), "Dokumen", "Uraian rencana aksi wajib diisi."),
        ("Rapat", None, "Kali", "Target rencana aksi wajib diisi."),
        ("Rapat", Decimal(-1), "Kali", "Target rencana aksi tidak boleh negatif."),
        ("Rapat", Decimal(1), " ", "Satuan target rencana aksi wajib diisi"),
    ],
)
def test_bad_rencana_aksi_is_refused_and_nothing_is_stored(d, uraian, target, satuan, message):
    before = writes()
    with pytest.raises(DomainError, match=message):
        services.simpan_rencana_aksi(d.users["staf"], d.rhk, d.periode, uraian, target, satuan)
    assert writes() == before


@pytest.mark.parametrize("who", ["kasi", "kabid", "staf_bidang"])
def test_only_the_owner_writes_rencana_aksi(d, who):
    before = writes()
    with pytest.raises(PermissionDenied, match="Hanya pemilik SKP"):
        services.simpan_rencana_aksi(d.users[who], d.rhk, d.periode, "X", Decimal(1), "Kali")
    with pytest.raises(PermissionDenied):
        services.simpan_rencana_aksi(d.org.admin, d.rhk, d.periode, "X", Decimal(1), "Kali")
    assert writes() == before


def test_rencana_aksi_of_a_replaced_revision_is_refused(d):
    staf = d.users["staf"]
    Skp.objects.filter(pk=d.skp.pk).update(berlaku=False, terkini=False)
    d.rhk.skp.refresh_from_db()
    with pytest.raises(DomainError, match="revisi lama yang sudah digantikan"):
        services.simpan_rencana_aksi(staf, d.rhk, d.periode, "X", Decimal(1), "Kali")


def test_the_current_revision_may_be_planned_while_its_approval_is_pending(d):
    """A revision in draft is the current one: its RHK may get rencana aksi too."""
    staf = d.users["staf"]
    revisi = skp_services.buat_revisi(staf, d.skp)
    assert revisi.terkini and not revisi.berlaku and revisi.status == StatusSkp.DRAFT
    rhk = revisi.rhk.first()
    assert rhk is not None
    ra = services.simpan_rencana_aksi(staf, rhk, d.periode, "Rencana", Decimal(1), "Kali")
    assert ra.rhk.skp_id == revisi.pk


def test_a_period_outside_the_skp_is_refused(d, other_org):
    staf = d.users["staf"]
    tahun_lalu = periode_mod.daftar_periode(d.org.instansi.pk, TAHUN - 1)[0]
    with pytest.raises(DomainError, match="di luar masa SKP ini"):
        services.simpan_rencana_aksi(staf, d.rhk, tahun_lalu, "X", Decimal(1), "Kali")
    # An SKP cut short by a mutasi covers only its own months.
    Skp.objects.filter(pk=d.skp.pk).update(periode_selesai=dt.date(TAHUN, 3, 31))
    d.rhk.skp.refresh_from_db()
    with pytest.raises(DomainError, match="di luar masa SKP ini"):
        services.simpan_rencana_aksi(
            staf,
            d.rhk,
            periode_nomor(d.skp, 2),
            "X",
            Decimal(1),
            "Kali",
            now=saat(dt.date(TAHUN, 5, 1)),
        )
    lain = periode_mod.daftar_periode(other_org.instansi.pk, TAHUN)[0]
    with pytest.raises(DomainError, match="di luar masa SKP ini"):
        services.simpan_rencana_aksi(staf, d.rhk, lain, "X", Decimal(1), "Kali")
    assert RencanaAksi.objects.count() == 0


# --- The lock --------------------------------------------------------------------------------


def test_every_write_is_locked_after_the_pengisian_deadline(d, tmp_path):
    """TW I closes on 30 April (end of the next month); on 1 May nothing is accepted."""
    staf, tw1 = d.users["staf"], periode_nomor(d.skp, 1)
    buka, tutup = saat(dt.date(TAHUN, 4, 30)), saat(dt.date(TAHUN, 5, 1))
    ra = services.simpan_rencana_aksi(staf, d.rhk, tw1, "Rapat", Decimal(1), "Kali", now=buka)
    real = services.isi_realisasi(staf, d.iki, tw1, Decimal(5), "", now=buka)
    bukti = services.tambah_bukti(staf, real, berkas(), now=buka)
    stored = files_in(tmp_path)
    before = writes()
    attempts = [
        lambda: services.simpan_rencana_aksi(staf, d.rhk, tw1, "X", Decimal(1), "Kali", now=tutup),
        lambda: services.ubah_rencana_aksi(staf, ra, "X", Decimal(1), "Kali", now=tutup),
        lambda: services.hapus_rencana_aksi(staf, ra, now=tutup),
        lambda: services.isi_realisasi(staf, d.iki, tw1, Decimal(9), "", now=tutup),
        lambda: services.tambah_bukti(staf, real, berkas("lagi.pdf"), now=tutup),
        lambda: services.tambah_bukti(staf, real, None, "https://example.com", now=tutup),
        lambda: services.hapus_bukti(staf, bukti, now=tutup),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as exc:
            attempt()
        message = str(exc.value)
        assert f"Periode Triwulan I {TAHUN} sudah dikunci untuk pengisian" in message
        assert f"30 April {TAHUN} pukul 23.59.59 WIB" in message
        assert "Admin Instansi" in message
    assert writes() == before
    assert files_in(tmp_path) == stored  # no file added, none deleted
    real.refresh_from_db()
    assert real.nilai == 5


def test_an_extension_for_the_pegawai_reopens_the_period(d):
    staf, tw1 = d.users["staf"], periode_nomor(d.skp, 1)
    PerpanjanganBatas.objects.create(
        instansi=d.org.instansi,
        periode=tw1,
        untuk="pengisian",
        cakupan="pegawai",
        pegawai=d.org.staf,
        batas_baru=dt.date(TAHUN, 5, 15),
        alasan="Cuti sakit",
    )
    real = services.isi_realisasi(staf, d.iki, tw1, Decimal(4), "", now=saat(dt.date(TAHUN, 5, 15)))
    assert real.nilai == 4
    with pytest.raises(DomainError, match="15 Mei"):
        services.isi_realisasi(staf, d.iki, tw1, Decimal(4), "", now=saat(dt.date(TAHUN, 5, 16)))


# --- Realisasi -------------------------------------------------------------------------------


def test_one_row_per_iki_per_period_updated_in_place(d):
    staf = d.users["staf"]
    first = services.isi_realisasi(staf, d.iki, d.periode, Decimal("7"), "Tujuh dokumen")
    again = services.isi_realisasi(staf, d.iki, d.periode, Decimal("8,5".replace(",", ".")), "")
    assert again.pk == first.pk
    assert Realisasi.objects.count() == 1
    again.refresh_from_db()
    assert (again.nilai, again.uraian, again.skp_id) == (Decimal("8.50"), "", d.skp.pk)
    audits = AuditEvent.objects.filter(action="realisasi.diisi").order_by("id")
    assert audits[0].before is None
    assert audits[1].before["nilai"] == "7.00" and audits[1].after["nilai"] == "8.50"


def test_several_periods_give_several_rows(d):
    """The known flaw of existing apps (one row per indicator per year) is not repeated."""
    staf = d.users["staf"]
    rows = []
    for nomor, day in [
        (1, dt.date(TAHUN, 3, 31)),
        (2, dt.date(TAHUN, 6, 30)),
        (3, dt.date(TAHUN, 9, 1)),
    ]:
        p = periode_nomor(d.skp, nomor)
        rows.append(services.isi_realisasi(staf, d.iki, p, Decimal(nomor), "", now=saat(day)))
    tahunan = periode_nomor(d.skp, 1, "Tahunan")
    rows.append(
        services.isi_realisasi(
            staf, d.iki, tahunan, Decimal(12), "", now=saat(dt.date(TAHUN, 3, 1))
        )
    )
    assert len({r.pk for r in rows}) == 4
    values = dict(
        Realisasi.objects.filter(iki=d.iki).values_list("periode__nomor", "nilai").order_by("id")
    )
    assert Realisasi.objects.filter(iki=d.iki).count() == 4
    assert values[2] == 2


def test_a_double_submit_updates_the_row_made_meanwhile(d, monkeypatch):
    """Two requests for a new realisasi at once: the second finds the unique row taken and
    updates it instead of failing."""
    staf = d.users["staf"]
    first = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    original, missed = QuerySet.first, []

    def not_seen_yet(self):  # the concurrent insert is not visible to the first read
        if self.model is Realisasi and not missed:
            missed.append(True)
            return None
        return original(self)

    monkeypatch.setattr(QuerySet, "first", not_seen_yet)
    again = services.isi_realisasi(staf, d.iki, d.periode, Decimal(2), "")
    assert missed and again.pk == first.pk
    assert Realisasi.objects.count() == 1 and Realisasi.objects.get().nilai == 2


@pytest.mark.parametrize(
    ("nilai", "message"),
    [
        (None, "Nilai realisasi wajib diisi (Dokumen)."),
        (Decimal(-1), "Nilai realisasi tidak boleh negatif."),
        (Decimal("1e13"), "Nilai realisasi terlalu besar."),
    ],
)
def test_a_quantitative_iki_needs_a_non_negative_number(d, nilai, message):
    before = writes()
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.isi_realisasi(d.users["staf"], d.iki, d.periode, nilai, "Uraian saja")
    assert writes() == before


def test_zero_is_a_realisasi(d):
    real = services.isi_realisasi(d.users["staf"], d.iki, d.periode, Decimal(0), "")
    assert real.nilai == 0


def test_a_qualitative_iki_needs_the_text_and_keeps_no_number(d):
    Skp.objects.filter(pk=d.skp.pk).update(pendekatan="Kualitatif")
    d.iki.rhk.skp.refresh_from_db()
    staf = d.users["staf"]
    with pytest.raises(
        DomainError, match="Uraian realisasi wajib diisi untuk indikator kualitatif"
    ):
        services.isi_realisasi(staf, d.iki, d.periode, Decimal(3), "  ")
    assert Realisasi.objects.count() == 0
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(3), " Laporan selesai ")
    assert (real.nilai, real.uraian) == (None, "Laporan selesai")


@pytest.mark.parametrize("who", ["kasi", "kabid", "staf_bidang"])
def test_only_the_owner_fills_realisasi(d, who):
    with pytest.raises(PermissionDenied):
        services.isi_realisasi(d.users[who], d.iki, d.periode, Decimal(1), "")
    with pytest.raises(PermissionDenied):
        services.isi_realisasi(d.org.admin, d.iki, d.periode, Decimal(1), "")
    assert Realisasi.objects.count() == 0


# --- Bukti dukung ----------------------------------------------------------------------------


def test_several_bukti_files_and_links_per_realisasi(d, tmp_path):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    a = services.tambah_bukti(staf, real, berkas=berkas("laporan.pdf"))
    b = services.tambah_bukti(staf, real, SimpleUploadedFile("surat.docx", docx_bytes()))
    c = services.tambah_bukti(staf, real, tautan="https://drive.example.com/x")
    assert [x.pk for x in real.bukti.order_by("id")] == [a.pk, b.pk, c.pk]
    assert (a.nama_berkas, a.jenis_berkas) == ("laporan.pdf", "application/pdf")
    assert b.jenis_berkas.endswith("wordprocessingml.document")
    assert (c.tautan, c.berkas.name) == ("https://drive.example.com/x", "")
    assert files_in(tmp_path) == sorted([a.berkas.name, b.berkas.name])
    assert a.berkas.name.startswith(f"berkas/{d.org.instansi.pk}/")
    event = AuditEvent.objects.filter(action="realisasi.bukti_ditambah").order_by("id").first()
    assert event is not None and event.after["nama_berkas"] == "laporan.pdf"


@pytest.mark.parametrize(
    ("upload", "tautan", "message"),
    [
        (lambda: berkas("laporan.pdf", png_bytes()), "", "isinya gambar PNG"),
        (lambda: berkas("setup.exe", b"MZ"), "", "tidak diterima"),
        (lambda: berkas("kosong.pdf", b""), "", "kosong"),
        (lambda: None, "javascript:alert(1)", "http:// atau https://"),
        (lambda: None, "", "Unggah berkas atau isi tautan bukti"),
    ],
)
def test_bad_bukti_is_refused_and_nothing_is_stored(d, tmp_path, upload, tautan, message):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    before = writes()
    with pytest.raises(DomainError, match=message):
        services.tambah_bukti(staf, real, upload(), tautan)
    assert writes() == before
    assert files_in(tmp_path) == []


def test_an_oversized_bukti_is_refused(d, tmp_path, settings):
    settings.BERKAS_MAX_BYTES = 1000
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    with pytest.raises(DomainError, match="terlalu besar"):
        services.tambah_bukti(staf, real, berkas("besar.pdf", pdf_bytes() + b"x" * 1000))
    assert BuktiDukung.objects.count() == 0 and files_in(tmp_path) == []


def test_a_locked_period_stores_no_file(d, tmp_path):
    staf, tw1 = d.users["staf"], periode_nomor(d.skp, 1)
    real = services.isi_realisasi(staf, d.iki, tw1, Decimal(1), "", now=saat(dt.date(TAHUN, 4, 1)))
    with pytest.raises(DomainError, match="sudah dikunci"):
        services.tambah_bukti(staf, real, berkas(), now=saat(dt.date(TAHUN, 5, 2)))
    assert BuktiDukung.objects.count() == 0
    assert files_in(tmp_path) == []


def test_a_failure_after_the_file_is_stored_removes_it(d, tmp_path, monkeypatch):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.tambah_bukti(staf, real, berkas())
    assert BuktiDukung.objects.count() == 0 and files_in(tmp_path) == []


@pytest.mark.parametrize("who", ["kasi", "kabid", "staf_bidang"])
def test_only_the_owner_adds_or_deletes_bukti(d, tmp_path, who):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    bukti = services.tambah_bukti(staf, real, berkas())
    before = (writes(), files_in(tmp_path))
    with pytest.raises(PermissionDenied):
        services.tambah_bukti(d.users[who], real, berkas())
    with pytest.raises(PermissionDenied):
        services.hapus_bukti(d.users[who], bukti)
    assert (writes(), files_in(tmp_path)) == before


@pytest.mark.django_db(transaction=True)
def test_deleting_a_bukti_deletes_its_file_after_the_commit(org, tmp_path):
    d = build_dunia(org)
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    bukti = services.tambah_bukti(staf, real, berkas())
    assert files_in(tmp_path) == [bukti.berkas.name]
    services.hapus_bukti(staf, bukti)
    assert BuktiDukung.objects.count() == 0
    assert files_in(tmp_path) == []
    event = AuditEvent.objects.get(action="realisasi.bukti_dihapus")
    assert event.before["nama_berkas"] == "laporan.pdf"
