"""The writes of stage 3 up to finalisation (services.py): configuration, predikat kinerja
organisasi, ratings and finalisation. Who may act, what the law allows, and that a refusal
stores nothing and says why."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import services_periode
from kinerja.penilaian import kurva, services
from kinerja.penilaian.models import (
    Evaluasi,
    KinerjaOrganisasi,
    PengaturanPenilaian,
    RiwayatEvaluasi,
)
from kinerja.perencanaan.models import Skp, StatusSkp
from tests.conftest import build_org
from tests.factories import JabatanFactory, place
from tests.penilaian.conftest import TAHUN, Dunia, buat_tim, periode, saat
from tests.perencanaan.test_services import users_of

ATAS, SESUAI, BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
KINI = saat(4, 15)  # Triwulan I is open for penilaian until 30 April, 23.59.59 WIB


def tulisan() -> tuple[int, ...]:
    """Every table a refused action must leave alone."""
    return (
        Evaluasi.objects.count(),
        RiwayatEvaluasi.objects.count(),
        KinerjaOrganisasi.objects.count(),
        PengaturanPenilaian.objects.count(),
        AuditEvent.objects.filter(action__startswith="penilaian.").count(),
        Notifikasi.objects.count(),
    )


def nilai(
    actor: Any,
    skp: Skp,
    periode_: Any,
    hasil: str | None = SESUAI,
    perilaku: str | None = SESUAI,
    now: dt.datetime = KINI,
    **kw: Any,
) -> Evaluasi:
    return services.nilai(
        actor, skp, periode_, rating_hasil_kerja=hasil, rating_perilaku=perilaku, now=now, **kw
    )


def organisasi(d: Dunia, predikat: str = "Baik", unit: Any = None, periode_: Any = None) -> Any:
    return services.tetapkan_kinerja_organisasi(
        d.org.admin, unit or d.org.dinas, periode_ or d.tw1, predikat, now=KINI
    )


def final_staf(d: Dunia, hasil: str = SESUAI, perilaku: str = SESUAI) -> Evaluasi:
    ev = nilai(d.users["kasi"], d.skp["staf"], d.tw1, hasil, perilaku)
    if kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, d.tw1) is None:
        organisasi(d)
    services.finalkan(d.users["kasi"], [ev], now=KINI)
    ev.refresh_from_db()
    return ev


def refused(exc: type[Exception], match: str, action: Any) -> None:
    before = tulisan()
    with pytest.raises(exc, match=match):
        action()
    assert tulisan() == before


# --- nilai: who may rate ---------------------------------------------------------------------


def test_the_penilai_rates_a_draft_with_history_and_audit(dunia):
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, ATAS, SESUAI)
    assert (ev.status, ev.predikat, ev.versi) == ("Draft", "Baik", 1)
    assert (ev.penilai_id, ev.atasan_penilai_id) == (dunia.org.kasi.pk, dunia.org.kabid.pk)
    assert (ev.unor_id, ev.is_jpt, ev.dinilai_at) == (dunia.org.seksi.pk, False, KINI)
    riwayat = list(ev.riwayat.values_list("aksi", "predikat", "oleh_nama"))
    assert riwayat == [("dinilai", "Baik", "Kasi A")]
    event = AuditEvent.objects.get(action="penilaian.dinilai")
    assert event.before is None and event.after["predikat"] == "Baik"
    assert event.actor == dunia.users["kasi"] and event.instansi_id == dunia.org.instansi.pk


@pytest.mark.parametrize(
    "actor", ["staf", "staf_bidang", "kabid", "kepala", "admin", "admin_lain", "kasi_lain"]
)
def test_nobody_but_the_penilai_may_rate(dunia, actor):
    """The pegawai themself, another pegawai, the atasan penilai, the Admin Instansi (the SKP
    has a penilai) and another instansi's users are refused."""
    if actor == "admin":
        user = dunia.org.admin
    elif actor.endswith("_lain"):
        other = build_org("L")
        user = other.admin if actor == "admin_lain" else users_of(other)["kasi"]
    else:
        user = dunia.users[actor]
    refused(
        PermissionDenied,
        "Hanya pejabat penilai kinerja pegawai ini",
        lambda: nilai(user, dunia.skp["staf"], dunia.tw1),
    )


def test_an_skp_without_penilai_is_rated_by_the_admin_instansi_only(dunia, admin_nasional):
    kepala = dunia.skp["kepala"]
    assert kepala.penilai_id is None
    for user in (dunia.users["kabid"], build_org("L").admin, admin_nasional):
        refused(
            PermissionDenied, "Hanya pejabat penilai", lambda u=user: nilai(u, kepala, dunia.tw1)
        )
    # The kepala holding the admin role still cannot rate themself.
    User.objects.filter(pk=dunia.users["kepala"].pk).update(is_admin_instansi=True)
    kepala_admin = User.objects.get(pk=dunia.users["kepala"].pk)
    refused(
        PermissionDenied, "Hanya pejabat penilai", lambda: nilai(kepala_admin, kepala, dunia.tw1)
    )
    assert nilai(dunia.org.admin, kepala, dunia.tw1, perilaku=ATAS).rating_perilaku == ATAS


# --- nilai: which SKP and period -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "berlaku"),
    [(StatusSkp.DRAFT, False), (StatusSkp.DIAJUKAN, False), (StatusSkp.DISETUJUI, False)],
)
def test_an_skp_not_approved_or_not_in_force_cannot_be_rated(dunia, status, berlaku):
    Skp.objects.filter(pk=dunia.skp["staf"].pk).update(status=status, berlaku=berlaku)
    dunia.skp["staf"].refresh_from_db()
    refused(
        DomainError,
        "hanya untuk SKP yang sudah disetujui dan berlaku",
        lambda: nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1),
    )


def test_a_period_outside_the_skp_is_refused(dunia):
    kasi, skp = dunia.users["kasi"], dunia.skp["staf"]
    next_year = periode(dunia.org.instansi.pk, tahun=TAHUN + 1)
    refused(DomainError, "di luar masa SKP", lambda: nilai(kasi, skp, next_year, now=KINI))
    foreign = periode(build_org("L").instansi.pk)
    refused(DomainError, "di luar masa SKP", lambda: nilai(kasi, skp, foreign))
    # An SKP cut short by a mutasi at the end of March covers Triwulan I only.
    Skp.objects.filter(pk=skp.pk).update(periode_selesai=dt.date(TAHUN, 3, 31))
    skp.refresh_from_db()
    tw2 = periode(dunia.org.instansi.pk, nomor=2)
    refused(DomainError, "di luar masa SKP", lambda: nilai(kasi, skp, tw2, now=saat(7, 1)))
    assert nilai(kasi, skp, dunia.tw1).pk


def test_the_period_locks_after_its_deadline_in_the_instansi_zone(dunia):
    kasi, skp = dunia.users["kasi"], dunia.skp["staf"]
    assert nilai(kasi, skp, dunia.tw1, now=saat(4, 30, 23, 59)).predikat == "Baik"
    refused(
        DomainError,
        f"Triwulan I {TAHUN} sudah dikunci untuk penilaian sejak batas waktu 30 April {TAHUN} "
        "pukul 23.59.59 WIB",
        lambda: nilai(kasi, skp, dunia.tw1, ATAS, now=saat(5, 1, 0, 0)),
    )
    # In WIT the same UTC moment is already the next day.
    dunia.org.instansi.zona_waktu = "Asia/Jayapura"
    dunia.org.instansi.save()
    refused(
        DomainError,
        "pukul 23.59.59 WIT",
        lambda: nilai(kasi, skp, dunia.tw1, ATAS, now=saat(4, 30, 23, 0)),
    )


def test_an_admin_extension_for_penilaian_reopens_the_period(dunia):
    kasi, kabid, tw1 = dunia.users["kasi"], dunia.users["kabid"], dunia.tw1
    after = saat(5, 2)
    services_periode.perpanjang_batas(
        dunia.org.admin,
        tw1,
        "pengisian",
        "pegawai",
        None,
        dunia.org.staf,
        dt.date(TAHUN, 5, 15),
        "Pengisian terlambat",
        now=after,
    )
    refused(DomainError, "sudah dikunci", lambda: nilai(kasi, dunia.skp["staf"], tw1, now=after))
    services_periode.perpanjang_batas(
        dunia.org.admin,
        tw1,
        "penilaian",
        "pegawai",
        None,
        dunia.org.staf,
        dt.date(TAHUN, 5, 15),
        "Penilai sedang dinas luar",
        now=after,
    )
    assert nilai(kasi, dunia.skp["staf"], tw1, now=after).predikat == "Baik"
    # Only for that pegawai: the staf of the bidang stays locked.
    refused(
        DomainError, "sudah dikunci", lambda: nilai(kabid, dunia.skp["staf_bidang"], tw1, now=after)
    )
    refused(
        DomainError,
        f"15 Mei {TAHUN}",
        lambda: nilai(kasi, dunia.skp["staf"], tw1, now=saat(5, 16, 0, 0)),
    )


# --- nilai: ratings and the predikat ----------------------------------------------------------

# The table of domain.md §5, written out (not taken from aturan.py).
MATRIKS = [
    (ATAS, BAWAH, "Kurang/Misconduct"),
    (ATAS, SESUAI, "Baik"),
    (ATAS, ATAS, "Sangat Baik"),
    (SESUAI, BAWAH, "Kurang/Misconduct"),
    (SESUAI, SESUAI, "Baik"),
    (SESUAI, ATAS, "Baik"),
    (BAWAH, BAWAH, "Sangat Kurang"),
    (BAWAH, SESUAI, "Butuh Perbaikan"),
    (BAWAH, ATAS, "Butuh Perbaikan"),
]


def test_predikat_is_the_matrix_for_all_nine_combinations(dunia):
    for hasil, perilaku, predikat in MATRIKS:
        ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, hasil, perilaku)
        ev.refresh_from_db()
        assert (ev.rating_hasil_kerja, ev.rating_perilaku, ev.predikat) == (
            hasil,
            perilaku,
            predikat,
        )
    assert Evaluasi.objects.count() == 1
    assert RiwayatEvaluasi.objects.count() == 9  # one per change
    assert AuditEvent.objects.filter(action="penilaian.dinilai").count() == 9


def test_partial_ratings_leave_the_predikat_empty(dunia):
    kasi, skp = dunia.users["kasi"], dunia.skp["staf"]
    assert nilai(kasi, skp, dunia.tw1, ATAS, None).predikat == ""
    ev = nilai(kasi, skp, dunia.tw1, None, ATAS)  # None keeps the other rating
    assert (ev.rating_hasil_kerja, ev.predikat) == (ATAS, "Sangat Baik")
    ev = nilai(kasi, skp, dunia.tw1, "", None)  # "" clears it
    assert (ev.rating_hasil_kerja, ev.rating_perilaku, ev.predikat) == ("", ATAS, "")
    refused(
        DomainError,
        "Isi Rating Hasil Kerja dan Rating Perilaku Kerja",
        lambda: services.finalkan(kasi, [ev], now=KINI),
    )


@pytest.mark.parametrize(
    ("hasil", "perilaku", "label"),
    [
        ("Baik", SESUAI, "Rating Hasil Kerja"),
        (SESUAI, "di atas ekspektasi", "Rating Perilaku Kerja"),
        ("Sangat Baik", "Sangat Baik", "Rating"),
    ],
)
def test_unknown_labels_are_refused(dunia, hasil, perilaku, label):
    nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, SESUAI, SESUAI)
    refused(
        DomainError,
        f"{label}.* harus salah satu dari: Di Atas Ekspektasi, Sesuai Ekspektasi",
        lambda: nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, hasil, perilaku),
    )
    ev = Evaluasi.objects.get()
    assert (ev.rating_hasil_kerja, ev.rating_perilaku) == (SESUAI, SESUAI)


def test_umpan_balik_and_catatan_are_kept_trimmed(dunia):
    ev = nilai(
        dunia.users["kasi"],
        dunia.skp["staf"],
        dunia.tw1,
        umpan_balik_rhk={"rhk-1": " Target tercapai ", "rhk-2": "  "},
        umpan_balik_perilaku={3: "Sangat kolaboratif"},
        catatan="  Pertahankan ",
    )
    ev.refresh_from_db()
    assert ev.umpan_balik_rhk == {"rhk-1": "Target tercapai"}
    assert ev.umpan_balik_perilaku == {"3": "Sangat kolaboratif"}
    assert ev.catatan == "Pertahankan"
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1)  # None leaves them
    assert ev.umpan_balik_rhk == {"rhk-1": "Target tercapai"} and ev.catatan == "Pertahankan"


def test_the_annual_period_is_its_own_evaluation(dunia):
    kasi, skp, pk = dunia.users["kasi"], dunia.skp["staf"], dunia.org.instansi.pk
    moments = {1: saat(4, 15), 2: saat(7, 15), 3: saat(10, 15), 4: saat(1, 15, tahun=TAHUN + 1)}
    for nomor, now in moments.items():
        nilai(kasi, skp, periode(pk, nomor=nomor), ATAS, ATAS, now=now)
    assert services.evaluasi_untuk(skp, dunia.tahunan) is None
    annual = nilai(kasi, skp, dunia.tahunan, BAWAH, SESUAI, now=saat(1, 15, tahun=TAHUN + 1))
    assert annual.predikat == "Butuh Perbaikan"  # not an average of four Sangat Baik
    periodic = Evaluasi.objects.exclude(pk=annual.pk)
    assert sorted(periodic.values_list("predikat", flat=True)) == ["Sangat Baik"] * 4


# --- nilai: JPT ------------------------------------------------------------------------------


def test_jpt_hasil_kerja_follows_the_predikat_organisasi(dunia):
    admin, kepala = dunia.org.admin, dunia.skp["kepala"]
    ev = nilai(admin, kepala, dunia.tw1, BAWAH, ATAS)  # a passed rating is ignored
    assert (ev.is_jpt, ev.rating_hasil_kerja, ev.predikat) == (True, "", "")
    refused(
        DomainError,
        "Rating Hasil Kerja JPT mengikuti predikat kinerja organisasi",
        lambda: services.finalkan(admin, [ev], now=KINI),
    )
    organisasi(dunia, "Istimewa")  # the draft follows at once
    ev.refresh_from_db()
    assert (ev.rating_hasil_kerja, ev.predikat) == (ATAS, "Sangat Baik")
    assert ev.riwayat.last().keterangan == "Mengikuti predikat organisasi Istimewa."
    assert AuditEvent.objects.filter(action="penilaian.dinilai", object_id=str(ev.pk)).count() == 2
    ev = nilai(admin, kepala, dunia.tw1, BAWAH, SESUAI)
    assert (ev.rating_hasil_kerja, ev.predikat) == (ATAS, "Baik")
    for predikat, rating in [
        ("Baik", SESUAI),
        ("Butuh Perbaikan", BAWAH),
        ("Kurang", BAWAH),
        ("Sangat Kurang", BAWAH),
    ]:
        organisasi(dunia, predikat)
        ev.refresh_from_db()
        assert ev.rating_hasil_kerja == rating, predikat


def test_jpt_follows_the_instansi_mapping(dunia):
    simpan(dunia.org.admin, pemetaan_jpt={"Istimewa": SESUAI, "Kurang": SESUAI})
    organisasi(dunia, "Istimewa")
    ev = nilai(dunia.org.admin, dunia.skp["kepala"], dunia.tw1, BAWAH, ATAS)
    assert (ev.rating_hasil_kerja, ev.predikat) == (SESUAI, "Baik")
    organisasi(dunia, "Kurang")
    ev.refresh_from_db()
    assert ev.rating_hasil_kerja == SESUAI
    organisasi(dunia, "Baik")  # not in the mapping: the default
    ev.refresh_from_db()
    assert ev.rating_hasil_kerja == SESUAI
    organisasi(dunia, "Sangat Kurang")
    ev.refresh_from_db()
    assert ev.rating_hasil_kerja == BAWAH


def test_jpt_drafts_follow_a_new_mapping_and_finals_stay(dunia):
    organisasi(dunia, "Istimewa")
    draft = nilai(dunia.org.admin, dunia.skp["kepala"], dunia.tw1, None, ATAS)
    final = nilai(dunia.org.admin, dunia.skp["kepala"], dunia.tahunan, None, ATAS)
    organisasi(dunia, "Istimewa", periode_=dunia.tahunan)
    final.refresh_from_db()
    services.finalkan(dunia.org.admin, [final], now=KINI)
    assert (draft.predikat, final.predikat) == ("Sangat Baik", "Sangat Baik")
    simpan(dunia.org.admin, pemetaan_jpt={"Istimewa": SESUAI})
    draft.refresh_from_db()
    final.refresh_from_db()
    assert (draft.rating_hasil_kerja, draft.predikat) == (SESUAI, "Baik")
    assert (final.rating_hasil_kerja, final.predikat) == (ATAS, "Sangat Baik")
    assert draft.riwayat.last().keterangan == "Mengikuti predikat organisasi Istimewa."


def test_the_predikat_organisasi_leaves_non_jpt_ratings_alone(dunia):
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, BAWAH, BAWAH)
    organisasi(dunia, "Istimewa")
    ev.refresh_from_db()
    assert (ev.rating_hasil_kerja, ev.predikat) == (BAWAH, "Sangat Kurang")
    assert ev.riwayat.count() == 1


# --- nilai: snapshot and after finalisation ---------------------------------------------------


def test_the_snapshot_keeps_the_people_as_they_were(dunia):
    ev = final_staf(dunia)
    assert ev.snapshot["pegawai"]["nama"] == "Staf A"
    assert ev.snapshot["pegawai"]["jabatan"] == "Pengelola Data A"
    assert ev.snapshot["pegawai"]["nip"] == dunia.org.staf.nip
    assert ev.snapshot["penilai"]["nama"] == "Kasi A"
    assert ev.snapshot["atasan_penilai"]["jabatan"] == "Kepala Bidang A"
    frozen = dict(ev.snapshot)
    # Mutasi and a new name afterwards: the document of the past does not change.
    promosi = JabatanFactory(instansi=dunia.org.instansi, nama="Analis Data", jenis="Fungsional")
    place(dunia.org.staf, dunia.org.bidang, promosi, since=dt.date(TAHUN, 5, 1))
    dunia.org.kasi.nama = "Kasi Baru"
    dunia.org.kasi.save()
    refused(
        DomainError,
        f"Penilaian Triwulan I {TAHUN} sudah difinalkan; perubahan hanya melalui keberatan",
        lambda: nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, ATAS, ATAS),
    )
    ev.refresh_from_db()
    assert ev.snapshot == frozen and ev.unor_id == dunia.org.seksi.pk


# --- tetapkan_kinerja_organisasi -------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "unit"),
    [("admin", "dinas"), ("admin", "seksi"), ("kabid", "seksi"), ("kepala", "bidang")],
)
def test_admin_and_the_leader_above_set_the_predikat_organisasi(dunia, actor, unit):
    user = dunia.org.admin if actor == "admin" else dunia.users[actor]
    target = getattr(dunia.org, unit)
    row = services.tetapkan_kinerja_organisasi(user, target, dunia.tw1, "Baik", " Catatan ", KINI)
    assert (row.unor_id, row.predikat, row.catatan, row.ditetapkan_oleh) == (
        target.pk,
        "Baik",
        "Catatan",
        user,
    )
    assert row.ditetapkan_at == KINI
    event = AuditEvent.objects.get(action="penilaian.kinerja_organisasi_ditetapkan")
    assert event.before is None and event.after == {"predikat": "Baik", "catatan": "Catatan"}


@pytest.mark.parametrize(
    ("actor", "unit"),
    [
        ("kasi", "seksi"),  # the leader of the unit itself
        ("kabid", "bidang"),
        ("kepala", "dinas"),  # the top: only the admin
        ("kepala", "seksi"),  # two levels above
        ("staf", "seksi"),
        ("admin_lain", "seksi"),
        ("admin_nasional", "seksi"),
    ],
)
def test_others_may_not_set_the_predikat_organisasi(dunia, admin_nasional, actor, unit):
    user = {"admin_lain": build_org("L").admin, "admin_nasional": admin_nasional}.get(actor)
    user = user or dunia.users[actor]
    refused(
        PermissionDenied,
        "pimpinan unit di atasnya atau Admin Instansi",
        lambda: services.tetapkan_kinerja_organisasi(
            user, getattr(dunia.org, unit), dunia.tw1, "Baik", now=KINI
        ),
    )


def test_the_predikat_organisasi_must_be_a_known_label_of_the_same_instansi(dunia):
    admin = dunia.org.admin
    refused(
        DomainError,
        "Pilih predikat kinerja organisasi",
        lambda: services.tetapkan_kinerja_organisasi(
            admin, dunia.org.dinas, dunia.tw1, "Sangat Baik", now=KINI
        ),
    )
    foreign = periode(build_org("L").instansi.pk)
    refused(
        DomainError,
        "tidak berasal dari instansi yang sama",
        lambda: services.tetapkan_kinerja_organisasi(
            admin, dunia.org.dinas, foreign, "Baik", now=KINI
        ),
    )


def test_the_predikat_organisasi_changes_until_a_result_is_final(dunia):
    organisasi(dunia, "Baik")
    organisasi(dunia, "Istimewa")  # drafts only: allowed
    assert KinerjaOrganisasi.objects.get().predikat == "Istimewa"
    event = AuditEvent.objects.filter(action="penilaian.kinerja_organisasi_ditetapkan").first()
    assert (event.before["predikat"], event.after["predikat"]) == ("Baik", "Istimewa")
    final_staf(dunia)
    refused(
        DomainError,
        f"Predikat kinerja organisasi Dinas A untuk Triwulan I {TAHUN} tidak dapat diubah karena "
        "sudah ada penilaian pegawai unit ini yang difinalkan",
        lambda: organisasi(dunia, "Baik"),
    )
    # The same predikat with a new note is no change to the results.
    row = services.tetapkan_kinerja_organisasi(
        dunia.org.admin, dunia.org.dinas, dunia.tw1, "Istimewa", "Dikoreksi", KINI
    )
    assert row.catatan == "Dikoreksi"
    # Another period is another population.
    assert organisasi(dunia, "Kurang", periode_=dunia.tahunan).predikat == "Kurang"


def test_a_sub_unit_with_its_own_predikat_is_its_own_population(dunia):
    organisasi(dunia, "Baik")
    organisasi(dunia, "Istimewa", unit=dunia.org.seksi)
    final_staf(dunia)  # counted in the Seksi
    assert organisasi(dunia, "Kurang").predikat == "Kurang"  # the Dinas holds no final result
    refused(DomainError, "tidak dapat diubah", lambda: organisasi(dunia, "Baik", dunia.org.seksi))


def test_a_new_sub_unit_predikat_cannot_take_over_final_results(dunia):
    """The staf was finalised under the Dinas's predikat; a predikat for the Seksi set now would
    move a final result into another kurva."""
    final_staf(dunia)
    refused(
        DomainError,
        "Predikat kinerja organisasi Seksi A .* tidak dapat ditetapkan karena sudah ada",
        lambda: organisasi(dunia, "Istimewa", dunia.org.seksi),
    )
    # The Seksi is part of the Bidang's subtree: a predikat for the Bidang would take it over.
    refused(
        DomainError, "tidak dapat ditetapkan", lambda: organisasi(dunia, "Baik", dunia.org.bidang)
    )
    assert kurva.organisasi_untuk(dunia.org.instansi.pk, dunia.org.seksi.pk, dunia.tw1).unor_id == (
        dunia.org.dinas.pk
    )


def test_organisasi_untuk_is_the_nearest_predikat_at_or_above(dunia):
    pk, tw1 = dunia.org.instansi.pk, dunia.tw1
    assert kurva.organisasi_untuk(pk, dunia.org.seksi.pk, tw1) is None
    assert kurva.organisasi_untuk(pk, None, tw1) is None
    dinas = organisasi(dunia, "Baik")
    assert kurva.organisasi_untuk(pk, dunia.org.seksi.pk, tw1) == dinas
    seksi = organisasi(dunia, "Istimewa", unit=dunia.org.seksi)
    assert kurva.organisasi_untuk(pk, dunia.org.seksi.pk, tw1) == seksi
    assert kurva.organisasi_untuk(pk, dunia.org.bidang.pk, tw1) == dinas
    assert kurva.organisasi_untuk(pk, dunia.org.dinas.pk, tw1) == dinas
    assert kurva.organisasi_untuk(pk, dunia.org.seksi.pk, dunia.tahunan) is None
    # Another instansi never sees these rows.
    assert kurva.organisasi_untuk(pk + 1000, dunia.org.seksi.pk, tw1) is None


# --- finalkan --------------------------------------------------------------------------------


def test_finalkan_notifies_the_pegawai_and_records_it(dunia):
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1, ATAS, ATAS)
    organisasi(dunia)
    [done] = services.finalkan(dunia.users["kasi"], [ev], now=KINI)
    ev.refresh_from_db()
    assert (ev.status, ev.difinalkan_oleh, ev.difinalkan_at) == ("Final", dunia.users["kasi"], KINI)
    assert done.pk == ev.pk
    note = Notifikasi.objects.get(penerima=dunia.users["staf"])
    assert note.judul == f"Hasil penilaian kinerja Triwulan I {TAHUN} telah difinalkan"
    assert note.pesan == "Predikat Kinerja Pegawai: Sangat Baik."
    assert note.url.endswith(f"/{ev.pk}/")
    assert list(ev.riwayat.values_list("aksi", "status")) == [
        ("dinilai", "Draft"),
        ("difinalkan", "Final"),
    ]
    event = AuditEvent.objects.get(action="penilaian.difinalkan")
    assert (event.before["status"], event.after["status"]) == ("Draft", "Final")


def test_finalkan_needs_the_predikat_organisasi(dunia):
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1)
    refused(
        DomainError,
        f"Staf A: Predikat kinerja organisasi unit pegawai ini untuk Triwulan I {TAHUN} belum "
        "ditetapkan; mintalah pimpinan unit di atasnya atau Admin Instansi",
        lambda: services.finalkan(dunia.users["kasi"], [ev], now=KINI),
    )


def test_finalkan_refuses_the_incomplete_the_final_the_locked_and_others(dunia):
    kasi = dunia.users["kasi"]
    organisasi(dunia)
    ev = nilai(kasi, dunia.skp["staf"], dunia.tw1, SESUAI, None)
    refused(
        DomainError,
        "Isi Rating Hasil Kerja dan Rating Perilaku Kerja",
        lambda: services.finalkan(kasi, [ev], now=KINI),
    )
    ev = nilai(kasi, dunia.skp["staf"], dunia.tw1, SESUAI, SESUAI)
    for actor in ("staf", "kabid", "staf_bidang"):
        user = dunia.users[actor]
        refused(
            PermissionDenied,
            "Hanya pejabat penilai",
            lambda u=user: services.finalkan(u, [ev], now=KINI),
        )
    refused(
        PermissionDenied,
        "Hanya pejabat penilai",
        lambda: services.finalkan(dunia.org.admin, [ev], now=KINI),
    )
    refused(
        DomainError,
        "sudah dikunci untuk penilaian",
        lambda: services.finalkan(kasi, [ev], now=saat(5, 1, 0, 0)),
    )
    refused(
        DomainError,
        "Tidak ada penilaian yang dipilih",
        lambda: services.finalkan(kasi, [], now=KINI),
    )
    services.finalkan(kasi, [ev], now=KINI)
    refused(DomainError, "sudah difinalkan", lambda: services.finalkan(kasi, [ev], now=KINI))


def test_a_stale_copy_cannot_finalise_again(dunia):
    """A second tab still holding the draft: the keberatan window must not restart."""
    ev = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1)
    stale = Evaluasi.objects.get(pk=ev.pk)
    organisasi(dunia)
    services.finalkan(dunia.users["kasi"], [ev], now=KINI)
    refused(
        DomainError,
        "sudah difinalkan",
        lambda: services.finalkan(dunia.users["kasi"], [stale], now=saat(4, 20)),
    )
    ev.refresh_from_db()
    assert ev.difinalkan_at == KINI


def test_finalkan_several_is_all_or_nothing(org):
    tim = buat_tim(org, 3)
    tw1 = periode(org.instansi.pk)
    services.tetapkan_kinerja_organisasi(org.admin, org.dinas, tw1, "Baik", now=KINI)
    rows = [
        nilai(tim.penilai, skp, tw1, SESUAI, perilaku)
        for skp, perilaku in zip(tim.skp, (SESUAI, ATAS, None), strict=True)
    ]
    refused(
        DomainError,
        "Anggota T3: Isi Rating Hasil Kerja",
        lambda: services.finalkan(tim.penilai, rows, now=KINI),
    )
    assert set(Evaluasi.objects.values_list("status", flat=True)) == {"Draft"}
    rows[2] = nilai(tim.penilai, tim.skp[2], tw1, BAWAH, SESUAI)
    services.finalkan(tim.penilai, rows, now=KINI)
    assert set(Evaluasi.objects.values_list("status", flat=True)) == {"Final"}
    assert Notifikasi.objects.filter(penerima__in=tim.anggota).count() == 3


def test_finalkan_with_another_penilais_evaluation_finalises_none(dunia):
    organisasi(dunia)
    mine = nilai(dunia.users["kasi"], dunia.skp["staf"], dunia.tw1)
    theirs = nilai(dunia.users["kabid"], dunia.skp["staf_bidang"], dunia.tw1)
    refused(
        PermissionDenied,
        "Hanya pejabat penilai",
        lambda: services.finalkan(dunia.users["kasi"], [mine, theirs], now=KINI),
    )
    assert not Evaluasi.objects.exclude(status="Draft").exists()


# --- finalkan: the kurva ----------------------------------------------------------------------


def tim_dinilai(org: Any, predikat_list: list[tuple[str, str]], mode: str) -> tuple[Any, Any]:
    """A team rated as given, its Bidang holding predikat organisasi Baik, the instansi in
    `mode`."""
    tim = buat_tim(org, len(predikat_list))
    tw1 = periode(org.instansi.pk)
    simpan(org.admin, mode_kurva=mode)
    services.tetapkan_kinerja_organisasi(org.admin, org.dinas, tw1, "Baik", now=KINI)
    rows = [
        nilai(tim.penilai, skp, tw1, hasil, perilaku)
        for skp, (hasil, perilaku) in zip(tim.skp, predikat_list, strict=True)
    ]
    return tim, rows


def test_mode_wajib_refuses_a_broken_kurva_naming_the_rules_and_people(org):
    # Five Baik under predikat organisasi Baik: Baik ≤ 70% and at least one BP/K are broken.
    tim, rows = tim_dinilai(org, [(SESUAI, SESUAI)] * 5, "wajib")
    refused(
        DomainError,
        "Kurva distribusi Dinas A \\(predikat organisasi Baik\\) belum terpenuhi, sehingga "
        "penilaian belum dapat difinalkan. Baik paling banyak 70%: saat ini 5 dari 5 orang, "
        "paling banyak 3 orang; kurangi 2 orang. Butuh Perbaikan \\+ Kurang/Misconduct paling "
        "sedikit 1 orang: saat ini 0 dari 5 orang, paling sedikit 1 orang; kurang 1 orang.",
        lambda: services.finalkan(tim.penilai, rows[:1], now=KINI),
    )
    # Meet it: 3 Baik, 1 Sangat Baik, 1 Butuh Perbaikan.
    nilai(tim.penilai, tim.skp[3], rows[3].periode, ATAS, ATAS)
    nilai(tim.penilai, tim.skp[4], rows[4].periode, BAWAH, SESUAI)
    services.finalkan(tim.penilai, [Evaluasi.objects.get(pk=r.pk) for r in rows], now=KINI)
    assert Evaluasi.objects.filter(status="Final").count() == 5


def test_mode_peringatan_lets_a_broken_kurva_pass(org):
    tim, rows = tim_dinilai(org, [(SESUAI, SESUAI)] * 5, "peringatan")
    services.finalkan(tim.penilai, rows, now=KINI)
    assert Evaluasi.objects.filter(status="Final").count() == 5


def test_small_units_get_advice_not_enforcement(org):
    tim, rows = tim_dinilai(org, [(SESUAI, SESUAI)] * 4, "wajib")  # 4 < 5
    services.finalkan(tim.penilai, rows, now=KINI)
    assert Evaluasi.objects.filter(status="Final").count() == 4
    # The configured size counts: 4 is enforceable when the threshold is 3.
    Evaluasi.objects.update(status="Draft")
    simpan(org.admin, mode_kurva="wajib", ukuran_unit_kecil=3)
    refused(DomainError, "Kurva distribusi", lambda: services.finalkan(tim.penilai, rows, now=KINI))


# --- simpan_pengaturan -----------------------------------------------------------------------


def simpan(actor: Any, **kw: Any) -> PengaturanPenilaian:
    values: dict[str, Any] = {
        "mode_kurva": "peringatan",
        "ukuran_unit_kecil": 5,
        "jendela_keberatan_hari": 14,
        "aturan_kurva": {},
        "pemetaan_jpt": {},
    }
    values.update(kw)
    return services.simpan_pengaturan(actor, actor.instansi_id, **values)


def test_the_admin_saves_the_configuration(dunia):
    assert services.pengaturan_of(dunia.org.instansi.pk).pk is None  # defaults until saved
    aturan_kurva = {"Istimewa": [{"kelompok": ["Sangat Baik"], "batas": "maks", "persen": 50}]}
    row = simpan(
        dunia.org.admin,
        mode_kurva="wajib",
        ukuran_unit_kecil=8,
        jendela_keberatan_hari=21,
        aturan_kurva=aturan_kurva,
        pemetaan_jpt={"Baik": ATAS},
    )
    saved = services.pengaturan_of(dunia.org.instansi.pk)
    assert saved.pk == row.pk
    assert (saved.mode_kurva, saved.ukuran_unit_kecil, saved.jendela_keberatan_hari) == (
        "wajib",
        8,
        21,
    )
    assert saved.pemetaan_jpt == {"Baik": ATAS}
    konfig = services.konfigurasi_of(saved)
    [rule] = konfig.aturan_untuk("Istimewa")
    assert (rule.kelompok, rule.batas, rule.persen) == (("Sangat Baik",), "maks", 50)
    assert len(konfig.aturan_untuk("Baik")) == 2  # untouched predikat keep the defaults
    simpan(dunia.org.admin, mode_kurva="peringatan")
    events = AuditEvent.objects.filter(action="penilaian.pengaturan_diubah").order_by("id")
    assert [e.before and e.before["mode_kurva"] for e in events] == [None, "wajib"]
    assert PengaturanPenilaian.objects.count() == 1


def test_only_the_admin_instansi_saves_the_configuration(dunia):
    for user in (dunia.users["kepala"], dunia.users["kasi"]):
        refused(PermissionDenied, "Hanya Admin Instansi", lambda u=user: simpan(u))
    other = build_org("L").admin
    refused(
        PermissionDenied,
        "Hanya Admin Instansi",
        lambda: services.simpan_pengaturan(
            other,
            dunia.org.instansi.pk,
            mode_kurva="wajib",
            ukuran_unit_kecil=5,
            jendela_keberatan_hari=14,
            aturan_kurva={},
            pemetaan_jpt={},
        ),
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mode_kurva": "ketat"}, "Mode kurva harus"),
        ({"ukuran_unit_kecil": 0}, "Ukuran unit kecil harus antara 1 dan 1000"),
        ({"ukuran_unit_kecil": 1001}, "Ukuran unit kecil"),
        ({"jendela_keberatan_hari": 0}, "Jangka waktu keberatan harus antara 1 dan 90 hari"),
        ({"jendela_keberatan_hari": 91}, "Jangka waktu keberatan"),
        ({"pemetaan_jpt": {"Istimewa": "Baik"}}, "Pemetaan JPT tidak valid"),
        ({"pemetaan_jpt": {"Luar Biasa": ATAS}}, "Pemetaan JPT tidak valid"),
        (
            {"aturan_kurva": {"Baik": [{"kelompok": ["Baik"], "batas": "maks", "persen": 150}]}},
            "Aturan kurva Baik tidak valid",
        ),
        (
            {"aturan_kurva": {"Baik": [{"kelompok": ["Hebat"], "batas": "maks", "persen": 10}]}},
            "Aturan kurva Baik tidak valid",
        ),
        (
            {"aturan_kurva": {"Baik": [{"kelompok": ["Baik"], "batas": "kira", "persen": 10}]}},
            "Aturan kurva Baik tidak valid",
        ),
        ({"aturan_kurva": {"Baik": [{"kelompok": ["Baik"]}]}}, "Aturan kurva Baik tidak valid"),
        ({"aturan_kurva": {"Istimewa": "x"}}, "Aturan kurva Istimewa tidak valid"),
        ({"aturan_kurva": {"Hebat": []}}, "predikat organisasi tidak dikenal: Hebat"),
    ],
)
def test_the_configuration_is_validated(dunia, values, message):
    refused(DomainError, message, lambda: simpan(dunia.org.admin, **values))


def test_an_empty_rule_list_switches_a_predikat_off(dunia):
    simpan(dunia.org.admin, aturan_kurva={"Baik": []})
    konfig = services.konfigurasi_of(services.pengaturan_of(dunia.org.instansi.pk))
    assert konfig.aturan_untuk("Baik") == ()
    assert len(konfig.aturan_untuk("Kurang")) == 3


def test_the_admin_nasional_may_configure_an_instansi(dunia, admin_nasional):
    row = services.simpan_pengaturan(
        admin_nasional,
        dunia.org.instansi.pk,
        mode_kurva="wajib",
        ukuran_unit_kecil=5,
        jendela_keberatan_hari=14,
        aturan_kurva={},
        pemetaan_jpt={},
    )
    assert row.instansi_id == dunia.org.instansi.pk and row.mode_kurva == "wajib"
