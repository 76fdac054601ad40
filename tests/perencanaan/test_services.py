"""Every rule of the SKP services (stage 1): bad input changes nothing and says why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai
from kinerja.org.services import ubah_atasan
from kinerja.perencanaan import selectors, services
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    Intervensi,
    Lampiran,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)
from tests.conftest import Org, user_for

TAHUN = timezone.localdate().year


# --- Builders shared by the perencanaan tests ------------------------------------------------


def users_of(org: Org) -> dict[str, User]:
    """One account per person of the org (an account can be created once per NIP)."""
    names = ["kepala", "kabid", "kasi", "staf", "staf_bidang"]
    return {name: user_for(getattr(org, name)) for name in names}


def add_rhk(
    user: User, skp: Skp, text: str = "Tersusunnya laporan", n_iki: int = 1, atasan=None
) -> RencanaHasilKerja:
    """An RHK with complete IKI, linked to `atasan` (an approved leader RHK) when given."""
    rhk = services.simpan_rhk(user, skp, rhk=text)
    for i in range(n_iki):
        services.simpan_iki(
            user,
            rhk,
            indikator=f"Jumlah dokumen {i + 1}",
            aspek="Kuantitas",
            target_min=Decimal(10),
            target_max=Decimal(12),
            satuan="Dokumen",
        )
    if atasan is not None:
        services.intervensi_rhk(user, rhk, atasan, "langsung")
    return rhk


def approve_directly(skp: Skp) -> Skp:
    """Approved without the workflow: a fixture shortcut for a leader's SKP."""
    Skp.objects.filter(pk=skp.pk).update(
        status=StatusSkp.DISETUJUI, berlaku=True, disetujui_at=timezone.now()
    )
    skp.refresh_from_db()
    return skp


def approved_skp(
    user: User, texts: tuple[str, ...] = ("RHK pimpinan 1",), atasan=None, tahun: int = TAHUN
) -> Skp:
    skp = services.buat_skp(user, tahun)
    for text in texts:
        add_rhk(user, skp, text, atasan=atasan)
    return approve_directly(skp)


@pytest.fixture
def people(org: Org) -> dict[str, User]:
    return users_of(org)


@pytest.fixture
def kasi_skp(people: dict[str, User]) -> Skp:
    """The kasi (penilai of the staf) with an approved SKP of two RHK, cascaded from the kabid."""
    kabid = approved_skp(people["kabid"], ("Tersedianya data bidang",))
    return approved_skp(
        people["kasi"],
        ("Terlaksananya pendataan", "Tersusunnya laporan seksi"),
        atasan=kasi_rhk(kabid),
    )


def kasi_rhk(skp: Skp, n: int = 0) -> RencanaHasilKerja:
    return skp.rhk.order_by("urutan")[n]


def writes() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Skp.objects.count(),
        RencanaHasilKerja.objects.count(),
        IndikatorKinerja.objects.count(),
        Intervensi.objects.count(),
        Lampiran.objects.count(),
    )


# --- Creating --------------------------------------------------------------------------------


def test_buat_skp_takes_snapshots_and_the_seven_values(org, people):
    skp = services.buat_skp(people["staf"], TAHUN)
    assert (skp.status, skp.revisi, skp.berlaku, skp.terkini) == ("Draft", 1, False, True)
    periode = (dt.date(TAHUN, 1, 1), dt.date(TAHUN, 12, 31))
    assert (skp.periode_mulai, skp.periode_selesai) == periode
    assert skp.penilai_id == org.kasi.pk and skp.atasan_penilai_id == org.kabid.pk
    assert skp.snapshot["pegawai"]["nama"] == "Staf A"
    assert skp.snapshot["penilai"]["nip"] == org.kasi.nip
    assert skp.snapshot["atasan_penilai"]["jabatan"] == "Kepala Bidang A"
    names = [p.nilai.nama for p in skp.perilaku.select_related("nilai").order_by("nilai__urutan")]
    assert names == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert AuditEvent.objects.filter(action="skp.dibuat").count() == 1


def test_buat_skp_twice_is_refused(people):
    services.buat_skp(people["staf"], TAHUN)
    before = writes()
    with pytest.raises(DomainError, match=f"SKP tahun {TAHUN} Anda sudah ada"):
        services.buat_skp(people["staf"], TAHUN)
    assert writes() == before


def test_only_a_pegawai_has_an_skp(org):
    with pytest.raises(PermissionDenied):
        services.buat_skp(org.admin, TAHUN)


def test_kepala_is_jpt_without_penilai(people, org):
    skp = services.buat_skp(people["kepala"], TAHUN)
    assert skp.is_jpt and skp.penilai_id is None and skp.snapshot["penilai"] == {}


def test_draft_header_follows_the_current_atasan(org, people):
    skp = services.buat_skp(people["staf"], TAHUN)
    ubah_atasan(org.admin, org.staf, org.kabid, "Penugasan khusus")
    services.segarkan_header(skp)
    skp.refresh_from_db()
    assert skp.penilai_id == org.kabid.pk
    assert skp.snapshot["penilai"]["nama"] == "Kabid A"


def test_header_of_a_submitted_skp_is_not_refreshed(org, people, kasi_skp):
    skp = services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp, atasan=kasi_rhk(kasi_skp))
    services.ajukan_skp(people["staf"], skp)
    Pegawai.objects.filter(pk=org.staf.pk).update(nama="Nama Baru")
    services.segarkan_header(skp)
    skp.refresh_from_db()
    assert skp.snapshot["pegawai"]["nama"] == "Staf A"


def test_mid_year_penilai_change_closes_and_opens(org, people, kasi_skp):
    skp = services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp, atasan=kasi_rhk(kasi_skp))
    services.ajukan_skp(people["staf"], skp)
    services.setujui_skp(people["kasi"], skp)
    ubah_atasan(org.admin, org.staf, org.kabid, "Mutasi ke bidang")
    today = dt.date(TAHUN, 7, 1)
    new = services.buat_skp(people["staf"], TAHUN, today=today)
    skp.refresh_from_db()
    assert skp.periode_selesai == dt.date(TAHUN, 6, 30)
    assert (new.periode_mulai, new.periode_selesai) == (today, dt.date(TAHUN, 12, 31))
    assert new.penilai_id == org.kabid.pk and new.status == "Draft"
    assert AuditEvent.objects.filter(action="skp.ditutup").count() == 1


def test_same_penilai_mid_year_is_refused(people, kasi_skp):
    services.buat_skp(people["staf"], TAHUN)
    with pytest.raises(DomainError):
        services.buat_skp(people["staf"], TAHUN, today=dt.date(TAHUN, 7, 1))


def test_salin_copies_rhk_iki_lampiran_but_not_links(people, kasi_skp):
    old = services.buat_skp(people["staf"], TAHUN - 1)
    rhk = add_rhk(people["staf"], old, "RHK tahun lalu", n_iki=2)
    services.simpan_lampiran(people["staf"], old, "Konsekuensi", "Teguran tertulis")
    Intervensi.objects.create(
        instansi=old.instansi, rhk=rhk, rhk_atasan=kasi_rhk(kasi_skp), jenis_cascading="langsung"
    )
    new = services.salin_skp(people["staf"], old, TAHUN)
    assert (new.tahun, new.status) == (TAHUN, "Draft")
    copied = new.rhk.get()
    assert copied.rhk == "RHK tahun lalu" and copied.kunci != rhk.kunci
    assert copied.iki.count() == 2 and not copied.intervensi.exists()
    assert list(new.lampiran.values_list("teks", flat=True)) == ["Teguran tertulis"]
    assert old.rhk.get().iki.count() == 2  # the source is untouched


def test_salin_of_someone_elses_skp_is_refused(people, kasi_skp):
    before = writes()
    with pytest.raises(PermissionDenied):
        services.salin_skp(people["staf"], kasi_skp, TAHUN + 1)
    assert writes() == before


# --- Editing ---------------------------------------------------------------------------------


@pytest.fixture
def draft(people) -> Skp:
    return services.buat_skp(people["staf"], TAHUN)


def test_empty_rhk_is_refused(people, draft):
    before = writes()
    with pytest.raises(DomainError, match="Rencana hasil kerja wajib diisi"):
        services.simpan_rhk(people["staf"], draft, rhk="   ")
    assert writes() == before


def test_rhk_order_and_edit(people, draft):
    a = services.simpan_rhk(people["staf"], draft, rhk="Pertama")
    b = services.simpan_rhk(people["staf"], draft, rhk="Kedua", jenis="Tambahan")
    assert (a.urutan, b.urutan, b.jenis) == (1, 2, "Tambahan")
    services.simpan_rhk(people["staf"], draft, rhk="Pertama diubah", obj=a)
    a.refresh_from_db()
    assert a.rhk == "Pertama diubah"


def test_jpt_fields_only_on_jpt(people, draft):
    with pytest.raises(DomainError, match="hanya untuk RHK JPT"):
        services.simpan_rhk(people["staf"], draft, rhk="X", perspektif="Anggaran")
    jpt = services.buat_skp(people["kepala"], TAHUN)
    rhk = services.simpan_rhk(
        people["kepala"], jpt, rhk="Meningkatnya layanan", perspektif="Penerima Layanan"
    )
    assert rhk.perspektif == "Penerima Layanan"


def test_editing_someone_elses_skp_is_refused(people, draft):
    before = writes()
    for who in ["kasi", "staf_bidang"]:
        with pytest.raises(PermissionDenied, match="Hanya pemilik SKP"):
            services.simpan_rhk(people[who], draft, rhk="Sisipan")
    rhk = add_rhk(people["staf"], draft)
    before = writes()
    with pytest.raises(PermissionDenied):
        services.hapus_rhk(people["kasi"], rhk)
    with pytest.raises(PermissionDenied):
        services.simpan_lampiran(people["kasi"], draft, "Konsekuensi", "x")
    assert writes() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target_min": Decimal(10), "target_max": Decimal(5)}, "tidak boleh lebih besar"),
        ({"aspek": ""}, "Aspek wajib dipilih"),
        ({"target_max": None}, "Target minimum dan maksimum wajib diisi"),
        ({"target_min": Decimal(-1)}, "tidak boleh negatif"),
        ({"satuan": " "}, "Satuan target wajib diisi"),
        ({"indikator": ""}, "Indikator kinerja wajib diisi"),
    ],
)
def test_bad_iki_is_refused(people, draft, fields, message):
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK")
    data = {
        "indikator": "Jumlah dokumen",
        "aspek": "Kuantitas",
        "target_min": Decimal(1),
        "target_max": Decimal(2),
        "satuan": "Dokumen",
        **fields,
    }
    before = writes()
    with pytest.raises(DomainError, match=message):
        services.simpan_iki(people["staf"], rhk, **data)
    assert writes() == before


def test_kualitatif_iki_keeps_no_target(org, people):
    org.instansi.pendekatan_skp = "Kualitatif"
    org.instansi.save()
    skp = services.buat_skp(people["staf"], TAHUN)
    rhk = services.simpan_rhk(people["staf"], skp, rhk="RHK")
    iki = services.simpan_iki(
        people["staf"], rhk, indikator="Laporan diterima tanpa revisi", target_min=Decimal(5)
    )
    assert (skp.pendekatan, iki.aspek, iki.target_min, iki.satuan) == ("Kualitatif", "", None, "")


def test_intervening_an_approved_rhk_of_the_penilai(people, draft, kasi_skp):
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    link = services.intervensi_rhk(people["staf"], rhk, kasi_rhk(kasi_skp), "tidak langsung")
    assert (link.rhk_atasan_id, link.jenis_cascading) == (kasi_rhk(kasi_skp).pk, "tidak langsung")
    assert [r.pk for r in selectors.rhk_atasan_choices(draft)] == [
        r.pk for r in kasi_skp.rhk.order_by("urutan")
    ]


def test_intervening_a_non_approved_rhk_is_refused(people, draft):
    kasi_draft = services.buat_skp(people["kasi"], TAHUN)
    leader = services.simpan_rhk(people["kasi"], kasi_draft, rhk="Belum disetujui")
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    before = writes()
    with pytest.raises(DomainError, match="bukan RHK yang sudah disetujui"):
        services.intervensi_rhk(people["staf"], rhk, leader, "langsung")
    assert writes() == before


def test_intervening_an_rhk_of_someone_not_my_leader_is_refused(people, draft):
    kabid_skp = approved_skp(people["kabid"])  # approved, but the kabid is not the staf's penilai
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    with pytest.raises(DomainError, match="bukan RHK yang sudah disetujui"):
        services.intervensi_rhk(people["staf"], rhk, kasi_rhk(kabid_skp), "langsung")


def test_intervening_another_instansis_rhk_is_refused(people, draft, other_org):
    foreign = approved_skp(user_for(other_org.kasi))
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    before = writes()
    with pytest.raises(DomainError, match="bukan RHK yang sudah disetujui"):
        services.intervensi_rhk(people["staf"], rhk, kasi_rhk(foreign), "langsung")
    assert writes() == before


def test_bad_cascading_is_refused(people, draft, kasi_skp):
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    with pytest.raises(DomainError, match="langsung atau tidak langsung"):
        services.intervensi_rhk(people["staf"], rhk, kasi_rhk(kasi_skp), "sebagian")


def test_team_leader_rhk_may_be_intervened(org, people, draft):
    tim = services.bentuk_tim(people["kabid"], "Tim Satu Data", TAHUN)
    services.tambah_anggota(people["kabid"], tim, org.staf)
    kabid_skp = approved_skp(people["kabid"], ("Data terpadu",))
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    services.intervensi_rhk(people["staf"], rhk, kasi_rhk(kabid_skp), "langsung")
    assert rhk.intervensi.count() == 1


def test_leader_rhk_in_use_cannot_be_deleted(people, kasi_skp, draft):
    add_rhk(people["staf"], draft, atasan=kasi_rhk(kasi_skp))
    revision = services.buat_revisi(people["kasi"], kasi_skp)
    services.hapus_rhk(people["kasi"], kasi_rhk(revision, 1))  # not intervened: fine
    assert revision.rhk.count() == 1


def test_lampiran_rules(people, draft):
    with pytest.raises(DomainError, match="Isi lampiran wajib diisi"):
        services.simpan_lampiran(people["staf"], draft, "Konsekuensi", " ")
    with pytest.raises(DomainError, match="Jenis lampiran tidak dikenal"):
        services.simpan_lampiran(people["staf"], draft, "Lainnya", "x")
    row = services.simpan_lampiran(people["staf"], draft, "Dukungan Sumber Daya", "Laptop")
    services.hapus_lampiran(people["staf"], row)
    assert not draft.lampiran.exists()


def test_ekspektasi_only_by_the_penilai_until_approved(people, draft, kasi_skp):
    perilaku = draft.perilaku.order_by("nilai__urutan").first()
    with pytest.raises(PermissionDenied):
        services.isi_ekspektasi(people["staf"], perilaku, "Saya sendiri")
    services.isi_ekspektasi(people["kasi"], perilaku, "Ramah kepada pemohon data")
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == "Ramah kepada pemohon data"
    kasi_perilaku = kasi_skp.perilaku.first()
    with pytest.raises(DomainError, match="sudah disetujui"):
        services.isi_ekspektasi(people["kabid"], kasi_perilaku, "Terlambat")


# --- Workflow --------------------------------------------------------------------------------


def test_masalah_pengajuan_lists_what_is_missing(people, draft, kasi_skp):
    assert services.masalah_pengajuan(draft) == ["SKP harus memiliki sedikitnya satu RHK Utama."]
    rhk = services.simpan_rhk(people["staf"], draft, rhk="Laporan bulanan")
    problems = services.masalah_pengajuan(draft)
    assert problems == [
        "RHK 1 (Laporan bulanan) belum memiliki indikator kinerja.",
        "RHK 1 (Laporan bulanan) belum mengintervensi RHK pimpinan.",
    ]
    services.simpan_iki(
        people["staf"], rhk, indikator="Laporan", aspek="Kuantitas",
        target_min=Decimal(12), target_max=Decimal(12), satuan="Laporan",
    )  # fmt: skip
    services.intervensi_rhk(people["staf"], rhk, kasi_rhk(kasi_skp), "langsung")
    assert services.masalah_pengajuan(draft) == []


def test_incomplete_skp_cannot_be_submitted(people, draft):
    with pytest.raises(DomainError, match="SKP belum dapat diajukan"):
        services.ajukan_skp(people["staf"], draft)
    draft.refresh_from_db()
    assert draft.status == "Draft"


def submitted(people, kasi_skp) -> Skp:
    skp = services.buat_skp(people["staf"], TAHUN)
    add_rhk(people["staf"], skp, atasan=kasi_rhk(kasi_skp))
    return services.ajukan_skp(people["staf"], skp)


def test_submit_notifies_the_penilai_and_locks_the_skp(people, kasi_skp):
    skp = submitted(people, kasi_skp)
    assert skp.status == "Diajukan" and skp.diajukan_at is not None
    note = Notifikasi.objects.get(penerima=people["kasi"])
    assert "diajukan" in note.judul and note.url == f"/skp/{skp.pk}/"
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        services.simpan_rhk(people["staf"], skp, rhk="Terlambat")


def test_approving_your_own_skp_is_refused(people, kasi_skp):
    skp = submitted(people, kasi_skp)
    with pytest.raises(PermissionDenied, match="SKP Anda sendiri"):
        services.setujui_skp(people["staf"], skp)
    with pytest.raises(PermissionDenied, match="Hanya pejabat penilai"):
        services.setujui_skp(people["kabid"], skp)  # the atasan of the penilai is not the penilai
    skp.refresh_from_db()
    assert skp.status == "Diajukan" and not skp.berlaku


def test_only_submitted_skp_is_decided(people, draft):
    with pytest.raises(DomainError, match="hanya SKP yang diajukan"):
        services.setujui_skp(people["kasi"], draft)


def test_return_needs_a_note_then_the_pegawai_fixes_and_resubmits(people, kasi_skp):
    skp = submitted(people, kasi_skp)
    with pytest.raises(DomainError, match="Catatan pengembalian wajib diisi"):
        services.kembalikan_skp(people["kasi"], skp, "  ")
    skp.refresh_from_db()
    assert skp.status == "Diajukan"
    services.kembalikan_skp(people["kasi"], skp, "Target terlalu rendah")
    skp.refresh_from_db()
    assert (skp.status, skp.catatan_pengembalian) == ("Dikembalikan", "Target terlalu rendah")
    assert Notifikasi.objects.get(penerima=people["staf"]).pesan == "Target terlalu rendah"
    iki = skp.rhk.get().iki.get()
    services.simpan_iki(
        people["staf"], iki.rhk, indikator=iki.indikator, aspek="Kuantitas",
        target_min=Decimal(20), target_max=Decimal(24), satuan="Dokumen", obj=iki,
    )  # fmt: skip
    services.ajukan_skp(people["staf"], skp)
    services.setujui_skp(people["kasi"], skp)
    skp.refresh_from_db()
    assert (skp.status, skp.berlaku, skp.catatan_pengembalian) == ("Disetujui", True, "")
    actions = list(
        AuditEvent.objects.filter(action__in=["skp.diajukan", "skp.dikembalikan", "skp.disetujui"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["skp.diajukan", "skp.dikembalikan", "skp.diajukan", "skp.disetujui"]


def test_admin_decides_for_the_top_of_the_instansi(org, people):
    skp = services.buat_skp(people["kepala"], TAHUN)
    add_rhk(people["kepala"], skp)
    services.ajukan_skp(people["kepala"], skp)  # JPT: no intervensi, no penilai needed
    services.setujui_skp(org.admin, skp)
    assert skp.status == "Disetujui"


def test_revision_keeps_the_old_one_readable_and_in_force(people, kasi_skp):
    old_texts = list(kasi_skp.rhk.order_by("urutan").values_list("rhk", flat=True))
    revision = services.buat_revisi(people["kasi"], kasi_skp)
    kasi_skp.refresh_from_db()
    assert (revision.revisi, revision.status, revision.revisi_dari_id) == (2, "Draft", kasi_skp.pk)
    assert kasi_skp.berlaku and not kasi_skp.terkini and revision.terkini
    assert revision.perilaku.count() == 7
    first = kasi_rhk(revision)
    services.simpan_rhk(people["kasi"], revision, rhk="Teks direvisi", obj=first)
    assert list(kasi_skp.rhk.order_by("urutan").values_list("rhk", flat=True)) == old_texts
    with pytest.raises(DomainError, match="sudah ada"):
        services.buat_revisi(people["kasi"], kasi_skp)
    services.ajukan_skp(people["kasi"], revision)
    services.setujui_skp(people["kabid"], revision)
    kasi_skp.refresh_from_db()
    assert not kasi_skp.berlaku and kasi_skp.status == "Disetujui"  # readable, not in force
    assert list(selectors.in_force(kasi_skp.instansi_id, [kasi_skp.pegawai_id], TAHUN)) == [
        revision
    ]


def test_revision_needs_an_approved_skp_of_the_owner(people, draft, kasi_skp):
    with pytest.raises(DomainError, match="disetujui dan sedang berlaku"):
        services.buat_revisi(people["staf"], draft)
    with pytest.raises(PermissionDenied):
        services.buat_revisi(people["staf"], kasi_skp)


def test_staff_links_survive_the_leaders_revision_via_kunci(people, kasi_skp):
    skp = submitted(people, kasi_skp)
    services.setujui_skp(people["kasi"], skp)
    linked = skp.rhk.get().intervensi.get().rhk_atasan
    revision = services.buat_revisi(people["kasi"], kasi_skp)
    services.ajukan_skp(people["kasi"], revision)
    services.setujui_skp(people["kabid"], revision)
    same = revision.rhk.get(kunci=linked.kunci)
    assert same.pk != linked.pk and same.rhk == linked.rhk
    # The staf's own revision still links the leader's RHK (now through its new revision).
    staf_revision = services.buat_revisi(people["staf"], skp)
    assert staf_revision.rhk.get().intervensi.get().rhk_atasan.kunci == linked.kunci
    assert services.masalah_pengajuan(staf_revision) == []
    assert {r.kunci for r in selectors.rhk_atasan_choices(staf_revision)} >= {linked.kunci}
