"""Keberatan (PP 30/2019 Pasal 59) in services.py: the pegawai objects to a final result
within the window, the atasan penilai asks the penilai and the pegawai for explanations and
decides, once and for good. A refusal stores nothing and says why."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.penilaian import kurva, services
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    PenjelasanKeberatan,
    RiwayatEvaluasi,
)
from tests.conftest import build_org
from tests.penilaian.conftest import TAHUN, Dunia, saat

ATAS, SESUAI, BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
KINI = saat(4, 15)  # finalised then; the 14-day window ends on 29 April, 23.59.59 WIB
ALASAN = "Realisasi triwulan ini melampaui target dan didukung bukti lengkap."


def tulisan() -> tuple[int, ...]:
    return (
        Keberatan.objects.count(),
        PenjelasanKeberatan.objects.exclude(jawaban="").count(),
        PenjelasanKeberatan.objects.count(),
        RiwayatEvaluasi.objects.count(),
        AuditEvent.objects.count(),
        Notifikasi.objects.count(),
        tuple(Evaluasi.objects.order_by("pk").values_list("status", "predikat", "versi")),
    )


def refused(exc: type[Exception], match: str, action: Any) -> None:
    before = tulisan()
    with pytest.raises(exc, match=match):
        action()
    assert tulisan() == before


def final(d: Dunia, name: str = "staf", penilai: Any = None, now: dt.datetime = KINI) -> Evaluasi:
    """The pegawai's Triwulan I result, rated Sesuai/Sesuai (Baik) and finalised at `now`."""
    penilai = penilai or d.users["kasi"]
    ev = services.nilai(
        penilai, d.skp[name], d.tw1, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, now=now
    )
    if not kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, d.tw1):
        services.tetapkan_kinerja_organisasi(d.org.admin, d.org.dinas, d.tw1, "Baik", now=now)
    services.finalkan(penilai, [ev], now=now)
    ev.refresh_from_db()
    return ev


DIAJUKAN = saat(4, 20)


def ajukan(d: Dunia, ev: Evaluasi, now: dt.datetime = DIAJUKAN, name: str = "staf") -> Keberatan:
    return services.ajukan_keberatan(d.users[name], ev, ALASAN, now=now)


def minta(
    actor: Any,
    k: Keberatan,
    penilai: str = "Mohon uraikan dasar rating Anda.",
    pegawai: str = "Bukti mana yang belum dinilai?",
) -> list[PenjelasanKeberatan]:
    return services.minta_penjelasan(
        actor, k, pertanyaan_penilai=penilai, pertanyaan_pegawai=pegawai, now=saat(4, 21)
    )


def diperiksa(d: Dunia) -> tuple[Evaluasi, Keberatan]:
    ev = final(d)
    k = ajukan(d, ev)
    minta(d.users["kabid"], k)
    ev.refresh_from_db()
    return ev, k


def putuskan(
    actor: Any, k: Keberatan, keputusan: str, alasan: str = "Sesuai bukti.", **kw: Any
) -> Keberatan:
    return services.putuskan_keberatan(actor, k, keputusan, alasan, now=saat(6, 1), **kw)


# --- Filing ----------------------------------------------------------------------------------


def test_the_pegawai_objects_to_the_atasan_penilai(dunia):
    ev = final(dunia)
    k = ajukan(dunia, ev)
    ev.refresh_from_db()
    assert (k.pegawai_id, k.diputus_oleh_pegawai_id) == (dunia.org.staf.pk, dunia.org.kabid.pk)
    assert (k.status, k.alasan, k.diajukan_at) == ("Keberatan Diajukan", ALASAN, saat(4, 20))
    assert (k.rating_hasil_kerja_lama, k.rating_perilaku_lama, k.predikat_lama) == (
        SESUAI,
        SESUAI,
        "Baik",
    )
    assert ev.status == "Keberatan Diajukan"
    assert ev.riwayat.last().aksi == "keberatan_diajukan"
    events = AuditEvent.objects.filter(action="penilaian.keberatan_diajukan")
    assert sorted(events.values_list("object_type", flat=True)) == [
        "penilaian.Evaluasi",
        "penilaian.Keberatan",
    ]
    assert events.get(object_type="penilaian.Evaluasi").after["status"] == "Keberatan Diajukan"
    told = set(
        Notifikasi.objects.filter(judul__startswith="Keberatan atas").values_list(
            "penerima_id", flat=True
        )
    )
    assert told == {dunia.users["kabid"].pk, dunia.users["kasi"].pk}


@pytest.mark.parametrize("actor", ["kasi", "kabid", "staf_bidang", "admin", "lain"])
def test_only_the_pegawai_may_object(dunia, actor):
    ev = final(dunia)
    user = {"admin": dunia.org.admin, "lain": build_org("L").admin}.get(actor)
    user = user or dunia.users[actor]
    refused(
        PermissionDenied,
        "hanya dapat diajukan oleh pegawai yang dinilai",
        lambda: services.ajukan_keberatan(user, ev, ALASAN, now=saat(4, 20)),
    )


def test_a_draft_cannot_be_objected_to(dunia):
    ev = services.nilai(
        dunia.users["kasi"],
        dunia.skp["staf"],
        dunia.tw1,
        rating_hasil_kerja=SESUAI,
        rating_perilaku=SESUAI,
        now=KINI,
    )
    refused(DomainError, "belum difinalkan", lambda: ajukan(dunia, ev))


def test_the_reasons_must_be_written(dunia):
    ev = final(dunia)
    refused(
        DomainError,
        "paling sedikit 10 karakter",
        lambda: services.ajukan_keberatan(dunia.users["staf"], ev, "  tidak   ", now=saat(4, 20)),
    )


def test_one_keberatan_per_result(dunia):
    ev = final(dunia)
    ajukan(dunia, ev)
    refused(DomainError, "sudah pernah diajukan", lambda: ajukan(dunia, ev))
    stale = Evaluasi.objects.get(pk=ev.pk)
    stale.status = "Final"  # a page loaded before the first one
    refused(DomainError, "sudah pernah diajukan", lambda: ajukan(dunia, stale))


def test_the_window_ends_on_its_last_day_in_wib(dunia):
    ev = final(dunia)  # 15 April 10.00 WIB
    assert services.batas_keberatan(ev) == dt.date(TAHUN, 4, 29)
    assert services.keberatan_terbuka(ev, saat(4, 29, 23, 59))
    assert not services.keberatan_terbuka(ev, saat(4, 30, 0, 0))
    refused(
        DomainError,
        f"sudah berakhir pada 29 April {TAHUN} pukul 23.59.59 WIB; hasil penilaian sudah final",
        lambda: ajukan(dunia, ev, now=saat(4, 30, 0, 0)),
    )
    assert ajukan(dunia, ev, now=saat(4, 29, 23, 59)).pk


def test_the_window_counts_days_in_the_instansi_zone_wit(dunia):
    dunia.org.instansi.zona_waktu = "Asia/Jayapura"
    dunia.org.instansi.save()
    # 14 April 23.00 WIB is already 15 April 01.00 WIT: the day of notification is the 15th.
    ev = final(dunia, now=saat(4, 14, 23, 0))
    assert services.batas_keberatan(ev) == dt.date(TAHUN, 4, 29)
    closed = saat(4, 30, 0, 0, zona="Asia/Jayapura")  # still 29 April 22.00 in WIB
    refused(
        DomainError,
        f"29 April {TAHUN} pukul 23.59.59 WIT",
        lambda: ajukan(dunia, ev, now=closed),
    )
    assert ajukan(dunia, ev, now=saat(4, 29, 23, 59, zona="Asia/Jayapura")).pk


def test_the_window_is_configurable(dunia):
    services.simpan_pengaturan(
        dunia.org.admin,
        dunia.org.instansi.pk,
        mode_kurva="peringatan",
        ukuran_unit_kecil=5,
        jendela_keberatan_hari=3,
        aturan_kurva={},
        pemetaan_jpt={},
    )
    ev = final(dunia)
    assert services.batas_keberatan(ev) == dt.date(TAHUN, 4, 18)
    refused(DomainError, f"18 April {TAHUN}", lambda: ajukan(dunia, ev, now=saat(4, 19, 0, 0)))
    assert ajukan(dunia, ev, now=saat(4, 18, 23, 59)).pk


# --- Explanations ----------------------------------------------------------------------------


def test_the_atasan_penilai_asks_both_sides(dunia):
    ev = final(dunia)
    k = ajukan(dunia, ev)
    rows = minta(dunia.users["kabid"], k)
    assert [(r.pihak, r.penjawab_id) for r in rows] == [
        ("penilai", dunia.org.kasi.pk),
        ("pegawai", dunia.org.staf.pk),
    ]
    k.refresh_from_db()
    ev.refresh_from_db()
    assert (k.status, ev.status) == ("Diperiksa", "Diperiksa")
    assert ev.riwayat.last().aksi == "penjelasan_diminta"
    for user in (dunia.users["kasi"], dunia.users["staf"]):
        assert Notifikasi.objects.filter(
            penerima=user, judul__startswith="Permintaan penjelasan"
        ).exists()
    assert AuditEvent.objects.filter(action="penilaian.penjelasan_diminta").count() == 2


@pytest.mark.parametrize("actor", ["kasi", "staf", "kepala", "admin", "lain"])
def test_only_the_atasan_penilai_asks(dunia, actor):
    k = ajukan(dunia, final(dunia))
    user = {"admin": dunia.org.admin, "lain": build_org("L").admin}.get(actor)
    user = user or dunia.users[actor]
    refused(PermissionDenied, "Hanya atasan pejabat penilai", lambda: minta(user, k))


def test_the_admin_examines_when_there_is_no_atasan_penilai(dunia):
    """The kabid's penilai is the kepala, at the top: no atasan penilai in the system."""
    ev = final(dunia, "kabid", penilai=dunia.users["kepala"])
    k = ajukan(dunia, ev, name="kabid")
    assert k.diputus_oleh_pegawai_id is None
    refused(
        PermissionDenied, "Hanya atasan pejabat penilai", lambda: minta(dunia.users["kepala"], k)
    )
    # The admin, who decides, is told of the filing.
    told = Notifikasi.objects.filter(judul__startswith="Keberatan atas", penerima=dunia.org.admin)
    assert told.count() == 1
    minta(dunia.org.admin, k)
    k = putuskan(dunia.org.admin, k, "Tetap")
    assert k.status == "Tetap"


def test_at_the_top_only_the_pegawai_is_asked_when_the_admin_rated(dunia):
    """The kepala's SKP has no penilai: the Admin Instansi rated and decides the keberatan,
    so there is no penilai to ask."""
    skp = dunia.skp.get("kepala")
    if skp is None:
        from tests.penilaian.conftest import skp_disetujui

        skp = skp_disetujui(dunia.users["kepala"])
    assert skp.penilai_id is None
    ev = services.nilai(
        dunia.org.admin, skp, dunia.tw1, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, now=KINI
    )
    services.tetapkan_kinerja_organisasi(
        dunia.org.admin, dunia.org.dinas, dunia.tw1, "Baik", now=KINI
    )
    services.finalkan(dunia.org.admin, [ev], now=KINI)
    ev.refresh_from_db()
    k = ajukan(dunia, ev, name="kepala")
    asked = minta(dunia.org.admin, k, penilai="")
    assert [row.pihak for row in asked] == ["pegawai"]
    services.jawab_penjelasan(dunia.users["kepala"], asked[0], "Target terlampaui.")
    assert Notifikasi.objects.filter(
        judul="Penjelasan keberatan telah diberikan", penerima=dunia.org.admin
    ).exists()
    assert putuskan(dunia.org.admin, k, "Tetap").status == "Tetap"


@pytest.mark.parametrize(("penilai", "pegawai"), [("", "Jelaskan."), ("Jelaskan.", "   ")])
def test_both_questions_are_required(dunia, penilai, pegawai):
    k = ajukan(dunia, final(dunia))
    refused(
        DomainError,
        "Tuliskan permintaan penjelasan untuk pejabat penilai dan untuk pegawai",
        lambda: minta(dunia.users["kabid"], k, penilai, pegawai),
    )
    assert Keberatan.objects.get().status == "Keberatan Diajukan"


def test_a_question_may_be_corrected_until_it_is_answered(dunia):
    _, k = diperiksa(dunia)
    minta(dunia.users["kabid"], k, penilai="Pertanyaan yang diperbaiki.")
    row = PenjelasanKeberatan.objects.get(pihak="penilai")
    assert row.pertanyaan == "Pertanyaan yang diperbaiki."
    services.jawab_penjelasan(dunia.users["kasi"], row, "Dasar rating: realisasi 80%.")
    refused(
        DomainError,
        "Penjelasan Pejabat Penilai Kinerja sudah diberikan",
        lambda: minta(dunia.users["kabid"], k, penilai="Pertanyaan lain."),
    )
    # Asking again with the same question keeps the answer.
    minta(dunia.users["kabid"], k, penilai="Pertanyaan yang diperbaiki.", pegawai="Baru?")
    row.refresh_from_db()
    assert row.jawaban == "Dasar rating: realisasi 80%."
    assert PenjelasanKeberatan.objects.get(pihak="pegawai").pertanyaan == "Baru?"


def test_each_answers_only_their_own_question(dunia):
    diperiksa(dunia)
    ke_penilai = PenjelasanKeberatan.objects.get(pihak="penilai")
    ke_pegawai = PenjelasanKeberatan.objects.get(pihak="pegawai")
    for user, row in [
        (dunia.users["staf"], ke_penilai),
        (dunia.users["kasi"], ke_pegawai),
        (dunia.users["kabid"], ke_penilai),
        (dunia.org.admin, ke_pegawai),
    ]:
        refused(
            PermissionDenied,
            "Penjelasan ini diminta dari orang lain",
            lambda u=user, r=row: services.jawab_penjelasan(u, r, "Jawaban saya."),
        )
    refused(
        DomainError,
        "Penjelasan wajib diisi",
        lambda: services.jawab_penjelasan(dunia.users["staf"], ke_pegawai, "  "),
    )
    services.jawab_penjelasan(
        dunia.users["staf"], ke_pegawai, " Bukti ada di lampiran 3. ", saat(4, 22)
    )
    ke_pegawai.refresh_from_db()
    assert (ke_pegawai.jawaban, ke_pegawai.dijawab_at) == ("Bukti ada di lampiran 3.", saat(4, 22))
    assert Notifikasi.objects.filter(
        penerima=dunia.users["kabid"], judul="Penjelasan keberatan telah diberikan"
    ).exists()


# --- The decision ----------------------------------------------------------------------------


def test_the_decision_needs_the_examination_first(dunia):
    k = ajukan(dunia, final(dunia))
    refused(
        DomainError,
        "Mintalah penjelasan pejabat penilai dan pegawai lebih dulu",
        lambda: putuskan(dunia.users["kabid"], k, "Tetap"),
    )


@pytest.mark.parametrize("actor", ["kasi", "staf", "kepala", "admin"])
def test_only_the_atasan_penilai_decides(dunia, actor):
    _, k = diperiksa(dunia)
    user = dunia.org.admin if actor == "admin" else dunia.users[actor]
    refused(
        PermissionDenied,
        "Hanya atasan pejabat penilai yang memutuskan",
        lambda: putuskan(user, k, "Tetap"),
    )


@pytest.mark.parametrize(
    ("keputusan", "alasan", "kw", "message"),
    [
        ("Tetap", "  ", {}, "Alasan keputusan wajib diisi"),
        ("Batal", "Alasan.", {}, "Keputusan harus Tetap atau Diubah"),
        ("Diubah", "Alasan.", {"rating_hasil_kerja": ATAS}, "memerlukan Rating Hasil Kerja"),
        (
            "Diubah",
            "Alasan.",
            {"rating_hasil_kerja": SESUAI, "rating_perilaku": SESUAI},
            "Rating baru sama dengan rating semula; pilih keputusan Tetap",
        ),
        (
            "Diubah",
            "Alasan.",
            {"rating_hasil_kerja": "Baik", "rating_perilaku": ATAS},
            "Rating Hasil Kerja harus salah satu dari",
        ),
    ],
)
def test_a_decision_must_be_complete(dunia, keputusan, alasan, kw, message):
    _, k = diperiksa(dunia)
    refused(
        DomainError, message, lambda: putuskan(dunia.users["kabid"], k, keputusan, alasan, **kw)
    )


def test_tetap_keeps_the_result_for_good(dunia):
    ev, k = diperiksa(dunia)
    k = putuskan(dunia.users["kabid"], k, "Tetap", " Rating sesuai bukti. ")
    ev.refresh_from_db()
    assert (k.status, k.alasan_keputusan, k.diputuskan_oleh) == (
        "Tetap",
        "Rating sesuai bukti.",
        dunia.users["kabid"],
    )
    assert k.diputuskan_at == saat(6, 1)  # after the penilaian deadline: not locked
    assert (ev.status, ev.rating_hasil_kerja, ev.predikat, ev.versi) == ("Tetap", SESUAI, "Baik", 1)
    assert (k.rating_hasil_kerja_baru, k.predikat_baru) == ("", "")
    for user in (dunia.users["staf"], dunia.users["kasi"]):
        note = Notifikasi.objects.get(penerima=user, judul__endswith="telah diputuskan")
        assert note.pesan == "Keputusan: Tetap. Predikat Kinerja Pegawai: Baik."
    event = AuditEvent.objects.get(action="penilaian.keberatan_diputuskan")
    assert event.reason == "Tetap: Rating sesuai bukti."
    assert (event.before["status"], event.after["status"]) == ("Diperiksa", "Tetap")
    sudah_final(dunia, ev, k)


def test_diubah_replaces_the_ratings_and_predikat(dunia):
    ev, k = diperiksa(dunia)
    k = putuskan(
        dunia.users["kabid"],
        k,
        "Diubah",
        "Bukti lampiran 3 belum dipertimbangkan.",
        rating_hasil_kerja=ATAS,
        rating_perilaku=ATAS,
    )
    ev.refresh_from_db()
    assert (ev.status, ev.rating_hasil_kerja, ev.rating_perilaku) == ("Diubah", ATAS, ATAS)
    assert (ev.predikat, ev.versi) == ("Sangat Baik", 2)
    assert (k.status, k.predikat_lama, k.predikat_baru) == ("Diubah", "Baik", "Sangat Baik")
    assert (k.rating_hasil_kerja_baru, k.rating_perilaku_baru) == (ATAS, ATAS)
    note = Notifikasi.objects.get(penerima=dunia.users["staf"], judul__endswith="telah diputuskan")
    assert note.pesan == "Keputusan: Diubah. Predikat Kinerja Pegawai: Sangat Baik."
    assert list(ev.riwayat.values_list("aksi", "status", "predikat", "versi")) == [
        ("dinilai", "Draft", "Baik", 1),
        ("difinalkan", "Final", "Baik", 1),
        ("keberatan_diajukan", "Keberatan Diajukan", "Baik", 1),
        ("penjelasan_diminta", "Diperiksa", "Baik", 1),
        ("keberatan_diputuskan", "Diubah", "Sangat Baik", 2),
    ]
    assert ev.riwayat.last().keterangan == "Diubah: Bukti lampiran 3 belum dipertimbangkan."
    sudah_final(dunia, ev, k)


def sudah_final(d: Dunia, ev: Evaluasi, k: Keberatan) -> None:
    """After the decision nothing changes the result any more."""
    kabid, kasi = d.users["kabid"], d.users["kasi"]
    refused(DomainError, "keputusan bersifat final", lambda: putuskan(kabid, k, "Tetap"))
    stale = Keberatan.objects.get(pk=k.pk)
    stale.status = "Diperiksa"  # a page loaded before the decision
    refused(DomainError, "keputusan bersifat final", lambda: putuskan(kabid, stale, "Tetap"))
    refused(
        DomainError,
        "sudah difinalkan; perubahan hanya melalui keberatan",
        lambda: services.nilai(kasi, d.skp["staf"], d.tw1, rating_hasil_kerja=BAWAH, now=KINI),
    )
    refused(DomainError, "sudah difinalkan", lambda: services.finalkan(kasi, [ev], now=KINI))
    refused(DomainError, "sudah pernah diajukan", lambda: ajukan(d, ev))
    refused(DomainError, "sudah diputuskan", lambda: minta(kabid, k))
    stale.status = "Keberatan Diajukan"
    refused(DomainError, "sudah diputuskan", lambda: minta(kabid, stale))
    row = PenjelasanKeberatan.objects.get(pihak="pegawai")
    refused(
        DomainError,
        "sudah diputuskan; penjelasan tidak dapat diubah",
        lambda: services.jawab_penjelasan(d.users["staf"], row, "Terlambat."),
    )
