"""Master-data services: who may call them, what they refuse (in Bahasa Indonesia), and the
audit event each write leaves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.org import selectors
from kinerja.org.models import Instansi, RiwayatJabatan
from kinerja.org.services import (
    daftarkan_instansi,
    mutasi_pegawai,
    tetapkan_penugasan_pimpinan,
    ubah_atasan,
)
from tests.factories import JabatanFactory, UnitFactory, next_nip, user_for

D = dt.date
ADMIN_ONLY = "Hanya Admin Instansi dari instansi ini yang boleh melakukannya."


def only_event() -> AuditEvent:
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, [e.action for e in events]
    return events[0]


def refused(exc_type, message, call, *args, **kwargs) -> None:
    """The call raises with exactly this message and writes nothing to the audit log."""
    with pytest.raises(exc_type) as exc:
        call(*args, **kwargs)
    assert str(exc.value) == message
    assert not AuditEvent.objects.exists()


# --- ubah_atasan --------------------------------------------------------------------------------


def test_ubah_atasan_sets_the_override_and_audits(org):
    ubah_atasan(org.admin, org.staf, org.kepala, "Penugasan khusus")
    org.staf.refresh_from_db()
    assert org.staf.atasan_override == org.kepala
    assert selectors.atasan_of(org.staf) == org.kepala
    event = only_event()
    assert (event.actor, event.action, event.instansi) == (
        org.admin,
        "pegawai.atasan_diubah",
        org.instansi,
    )
    assert event.object_id == str(org.staf.pk)
    assert event.before == {"atasan_override_id": None}
    assert event.after == {"atasan_override_id": org.kepala.pk}
    assert event.reason == "Penugasan khusus"


def test_ubah_atasan_clears_the_override(org):
    org.staf.atasan_override = org.kepala
    org.staf.save()
    ubah_atasan(org.admin, org.staf, None, "Kembali ke pohon")
    org.staf.refresh_from_db()
    assert org.staf.atasan_override is None
    assert selectors.atasan_of(org.staf) == org.kasi
    event = only_event()
    assert (event.before, event.after) == (
        {"atasan_override_id": org.kepala.pk},
        {"atasan_override_id": None},
    )


def test_ubah_atasan_by_admin_nasional(org, admin_nasional):
    ubah_atasan(admin_nasional, org.staf, org.kabid, "Koreksi BKN")
    assert only_event().actor == admin_nasional


def test_ubah_atasan_permission(org, other_org):
    refused(PermissionDenied, ADMIN_ONLY, ubah_atasan, user_for(org.kasi), org.staf, None, "x")
    refused(PermissionDenied, ADMIN_ONLY, ubah_atasan, other_org.admin, org.staf, None, "x")
    org.staf.refresh_from_db()
    assert org.staf.atasan_override is None


@pytest.mark.parametrize(
    ("pegawai", "atasan", "message"),
    [
        ("staf", "other", "Atasan harus pegawai dari instansi yang sama."),
        ("staf", "staf", "Pegawai tidak dapat menjadi atasan dirinya sendiri."),
        ("staf", "inactive", "Kabid A tidak aktif, sehingga tidak dapat jadi atasan."),
        # The staf would rate the kasi, who rates the staf.
        (
            "kasi",
            "staf",
            "Staf A adalah bawahan langsung Kasi A; keduanya tidak dapat saling menjadi atasan.",
        ),
    ],
)
def test_ubah_atasan_refuses_a_wrong_atasan(org, other_org, pegawai, atasan, message):
    if atasan == "inactive":
        org.kabid.aktif = False
        org.kabid.save()
    target = other_org.kepala if atasan == "other" else getattr(org, atasan, org.kabid)
    refused(DomainError, message, ubah_atasan, org.admin, getattr(org, pegawai), target, "alasan")
    assert not type(org.staf).objects.filter(atasan_override__isnull=False).exists()


def test_ubah_atasan_needs_a_reason(org):
    refused(
        DomainError,
        "Alasan perubahan atasan wajib diisi.",
        ubah_atasan,
        org.admin,
        org.staf,
        org.kepala,
        "   ",
    )


# --- tetapkan_penugasan_pimpinan ----------------------------------------------------------------


def test_penugasan_plt_creates_the_row_and_audits(org):
    riwayat = tetapkan_penugasan_pimpinan(
        org.admin, org.staf_bidang, org.seksi, "PLT", D(2024, 2, 1), D(2024, 3, 31), "SK-1"
    )
    assert riwayat.jabatan_id == org.seksi.jabatan_pimpinan_id
    assert (riwayat.unor, riwayat.jenis_penugasan, riwayat.nomor_sk) == (org.seksi, "PLT", "SK-1")
    event = only_event()
    assert (event.actor, event.action, event.instansi) == (
        org.admin,
        "pegawai.penugasan_pimpinan",
        org.instansi,
    )
    assert event.before is None
    assert event.after["pegawai_id"] == org.staf_bidang.pk
    assert event.after["unor_id"] == org.seksi.pk
    assert event.after["berlaku_mulai"] == "2024-02-01"
    assert event.after["berlaku_sampai"] == "2024-03-31"
    assert event.after["jenis_penugasan"] == "PLT"


def test_penugasan_plt_and_plh_may_overlap(org):
    tetapkan_penugasan_pimpinan(org.admin, org.staf_bidang, org.seksi, "PLT", D(2024, 1, 1))
    tetapkan_penugasan_pimpinan(
        org.admin, org.kabid, org.seksi, "PLH", D(2024, 6, 1), D(2024, 6, 5)
    )
    assert AuditEvent.objects.count() == 2
    assert selectors.atasan_id_of(org.staf, D(2024, 6, 3)) == org.kabid.pk


def test_penugasan_permission(org, other_org):
    for actor in [user_for(org.kasi), other_org.admin]:
        refused(
            PermissionDenied,
            ADMIN_ONLY,
            tetapkan_penugasan_pimpinan,
            actor,
            org.staf,
            org.seksi,
            "PLT",
            D(2024, 1, 1),
        )
    assert not RiwayatJabatan.objects.filter(jenis_penugasan="PLT").exists()


def test_penugasan_refusals(org, other_org):
    def refuse(message, pegawai, unor, jenis="PLT", sampai=None):
        refused(
            DomainError,
            message,
            tetapkan_penugasan_pimpinan,
            org.admin,
            pegawai,
            unor,
            jenis,
            D(2024, 1, 1),
            sampai,
        )

    refuse("Penugasan sementara harus PLT atau PLH.", org.staf, org.seksi, jenis="Definitif")
    refuse("Unit harus dari instansi yang sama.", org.staf, other_org.seksi)
    no_leader = UnitFactory(instansi=org.instansi, nama="Tim Ad Hoc", induk=org.dinas)
    refuse("Unit Tim Ad Hoc belum memiliki jabatan pimpinan.", org.staf, no_leader)
    refuse(
        "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        org.staf,
        org.seksi,
        sampai=D(2023, 12, 31),
    )
    org.staf.aktif = False
    org.staf.save()
    refuse("Staf A tidak aktif, sehingga tidak dapat ditugaskan.", org.staf, org.seksi)


@pytest.mark.parametrize(
    ("mulai", "sampai", "clash"),
    [
        (D(2024, 3, 31), None, True),  # starts on the last day of the existing one
        (D(2023, 1, 1), D(2024, 2, 1), True),  # ends inside it
        (D(2023, 1, 1), None, True),  # open-ended around it
        (D(2024, 4, 1), None, False),  # the day after it ends
        (D(2023, 1, 1), D(2024, 1, 31), False),  # the day before it starts
    ],
)
def test_penugasan_refuses_two_plt_of_one_unit_at_once(org, mulai, sampai, clash):
    tetapkan_penugasan_pimpinan(
        org.admin, org.staf_bidang, org.seksi, "PLT", D(2024, 2, 1), D(2024, 3, 31)
    )
    call = (tetapkan_penugasan_pimpinan, org.admin, org.kabid, org.seksi, "PLT", mulai, sampai)
    if clash:
        with pytest.raises(DomainError) as exc:
            call[0](*call[1:])
        assert str(exc.value) == (
            "Seksi A sudah memiliki PLT Staf_Bidang A (01-02-2024 s.d. 31-03-2024) "
            "pada periode itu."
        )
        assert AuditEvent.objects.count() == 1
    else:
        call[0](*call[1:])
        assert AuditEvent.objects.count() == 2


# --- mutasi_pegawai -----------------------------------------------------------------------------


def test_mutasi_closes_the_old_row_opens_a_new_one_and_audits(org):
    old_jabatan, old_unor = org.staf.jabatan_id, org.staf.unor_id
    riwayat = mutasi_pegawai(org.admin, org.staf, org.jabatan_staf, org.bidang, D(2024, 7, 1), "SK")
    org.staf.refresh_from_db()
    assert (org.staf.unor, org.staf.jabatan) == (org.bidang, org.jabatan_staf)
    rows = list(RiwayatJabatan.objects.filter(pegawai=org.staf).order_by("berlaku_mulai"))
    assert [(r.unor_id, r.berlaku_mulai, r.berlaku_sampai) for r in rows] == [
        (old_unor, D(2020, 1, 1), D(2024, 6, 30)),
        (org.bidang.pk, D(2024, 7, 1), None),
    ]
    assert rows[1] == riwayat and riwayat.nomor_sk == "SK"
    event = only_event()
    assert (event.actor, event.action, event.instansi) == (
        org.admin,
        "pegawai.mutasi",
        org.instansi,
    )
    assert event.before == {"jabatan_id": old_jabatan, "unor_id": old_unor}
    assert event.after == {"jabatan_id": org.jabatan_staf.pk, "unor_id": org.bidang.pk}
    # From the mutasi on, the staf reports to the kabid.
    assert selectors.atasan_id_of(org.staf, D(2024, 7, 1)) == org.kabid.pk


def test_mutasi_permission(org, other_org):
    for actor in [user_for(org.kepala), other_org.admin]:
        refused(
            PermissionDenied,
            ADMIN_ONLY,
            mutasi_pegawai,
            actor,
            org.staf,
            org.jabatan_staf,
            org.bidang,
            D(2024, 7, 1),
        )
    org.staf.refresh_from_db()
    assert org.staf.unor == org.seksi


def test_mutasi_refusals(org, other_org):
    refused(
        DomainError,
        "Jabatan dan unit harus dari instansi yang sama.",
        mutasi_pegawai,
        org.admin,
        org.staf,
        org.jabatan_staf,
        other_org.bidang,
        D(2024, 7, 1),
    )
    refused(
        DomainError,
        "Jabatan dan unit harus dari instansi yang sama.",
        mutasi_pegawai,
        org.admin,
        org.staf,
        other_org.jabatan_staf,
        org.bidang,
        D(2024, 7, 1),
    )
    refused(
        DomainError,
        "Staf A sudah menduduki Pengelola Data A di Seksi A.",
        mutasi_pegawai,
        org.admin,
        org.staf,
        org.jabatan_staf,
        org.seksi,
        D(2024, 7, 1),
    )
    refused(
        DomainError,
        "Tanggal mutasi (01-01-2020) harus setelah awal jabatan sekarang (01-01-2020).",
        mutasi_pegawai,
        org.admin,
        org.staf,
        org.jabatan_staf,
        org.bidang,
        D(2020, 1, 1),
    )
    assert RiwayatJabatan.objects.filter(pegawai=org.staf).count() == 1


def test_mutasi_into_a_new_jabatan(org):
    analis = JabatanFactory(instansi=org.instansi, nama="Analis", jenis="Fungsional")
    mutasi_pegawai(org.admin, org.staf, analis, org.seksi, D(2024, 1, 1))
    org.staf.refresh_from_db()
    assert org.staf.jabatan == analis


# --- daftarkan_instansi -------------------------------------------------------------------------


def register(actor, **overrides):
    data = {
        "kode": "KOTAX",
        "nama": "Pemerintah Kota X",
        "jenis": "daerah",
        "zona_waktu": "Asia/Makassar",
        "admin_nip": "19850312 201001 1 003",
        "admin_nama": "Admin Kota X",
        "admin_email": "admin@kotax.go.id",
    }
    return daftarkan_instansi(actor, **{**data, **overrides})


def test_daftarkan_instansi_creates_instansi_and_admin_and_audits(admin_nasional):
    instansi, admin, password = register(admin_nasional)
    assert (instansi.kode, instansi.zona_waktu, instansi.jenis) == (
        "KOTAX",
        "Asia/Makassar",
        "daerah",
    )
    admin.refresh_from_db()
    assert admin.nip == "198503122010011003"
    assert admin.instansi == instansi
    assert admin.is_admin_instansi and not admin.is_admin_nasional
    assert admin.must_change_password
    assert admin.check_password(password)
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.action, e.actor, e.instansi) for e in events] == [
        ("instansi.didaftarkan", admin_nasional, instansi),
        ("akun.admin_instansi_ditunjuk", admin_nasional, instansi),
    ]
    assert events[0].after["kode"] == "KOTAX"
    assert events[1].after == {"nip": "198503122010011003", "nama": "Admin Kota X"}
    assert password not in str(events[1].after)


def test_daftarkan_instansi_stores_the_code_upper_case(admin_nasional):
    instansi, _, _ = register(admin_nasional, kode=" kotax ")
    assert instansi.kode == "KOTAX"


def test_daftarkan_instansi_gives_a_new_password_each_time(admin_nasional):
    _, _, first = register(admin_nasional)
    _, _, second = register(admin_nasional, kode="KOTAY", admin_nip=next_nip())
    assert first != second and len(first) >= 12


def test_daftarkan_instansi_only_by_admin_nasional(org):
    for actor in [org.admin, user_for(org.kepala)]:
        refused(PermissionDenied, "Hanya Admin Nasional yang boleh melakukannya.", register, actor)
    assert not Instansi.objects.filter(kode="KOTAX").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"admin_nip": "1.98503E+17"},
            "NIP admin tidak valid: NIP tertulis sebagai angka (1.98503E+17), sehingga digitnya "
            "hilang; simpan kolom NIP sebagai teks.",
        ),
        (
            {"admin_nip": "198503122010013003"},
            "NIP admin tidak valid: Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2, "
            "bukan 3.",
        ),
        ({"jenis": "swasta"}, "Jenis instansi harus Instansi Pusat atau Instansi Daerah."),
        ({"zona_waktu": "UTC"}, "Zona waktu harus WIB, WITA, atau WIT."),
        ({"kode": "KOTA X"}, "Kode instansi 2-16 huruf/angka tanpa spasi."),
        ({"kode": "K"}, "Kode instansi 2-16 huruf/angka tanpa spasi."),
    ],
)
def test_daftarkan_instansi_validation(admin_nasional, overrides, message):
    refused(DomainError, message, register, admin_nasional, **overrides)
    assert not Instansi.objects.filter(kode="KOTAX").exists()


def test_daftarkan_instansi_refuses_duplicates(admin_nasional):
    register(admin_nasional)
    AuditEvent.objects.all().delete()
    refused(DomainError, "Kode instansi KOTAX sudah dipakai.", register, admin_nasional)
    refused(
        DomainError,
        "NIP 198503122010011003 sudah memiliki akun; satu NIP hanya untuk satu akun.",
        register,
        admin_nasional,
        kode="KOTAY",
    )
    assert not Instansi.objects.filter(kode="KOTAY").exists()
    assert User.objects.filter(nip="198503122010011003").count() == 1
