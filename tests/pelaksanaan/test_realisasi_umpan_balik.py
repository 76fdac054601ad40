"""Umpan balik: the penilai starts threads on an RHK, a realisasi or a perilaku value; the pegawai
and the penilai reply (replies join the root); the other side is notified; never locked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan.models import UmpanBalik
from kinerja.perencanaan.models import Skp
from tests.pelaksanaan.test_realisasi_services import (
    TAHUN,
    build_dunia,
    periode_nomor,
    saat,
)


@pytest.fixture
def d(org):
    return build_dunia(org)


def inbox(pegawai) -> list[Notifikasi]:
    return list(Notifikasi.objects.filter(penerima__pegawai=pegawai).order_by("id"))


def test_the_penilai_comments_on_an_rhk_and_the_pegawai_is_notified(d):
    row = services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, " Fokus pada kualitas data ")
    assert (row.isi, row.rhk_id, row.induk_id, row.penulis_id) == (
        "Fokus pada kualitas data",
        d.rhk.pk,
        None,
        d.org.kasi.pk,
    )
    [note] = inbox(d.org.staf)
    assert note.judul == "Umpan balik dari pejabat penilai pada rencana hasil kerja"
    assert note.pesan == "Fokus pada kualitas data"
    assert note.url == f"/kinerja/realisasi/skp/{d.skp.pk}/#rhk-{d.rhk.pk}"
    event = AuditEvent.objects.get(action="umpan_balik.dikirim")
    assert event.after["rhk_id"] == d.rhk.pk and event.actor == d.users["kasi"]
    assert inbox(d.org.kasi) == []


def test_comments_on_a_realisasi_and_a_perilaku_link_to_their_place(d):
    real = services.isi_realisasi(d.users["staf"], d.iki, d.periode, Decimal(3), "")
    perilaku = d.skp.perilaku.select_related("nilai").order_by("nilai__urutan").first()
    assert perilaku is not None
    services.kirim_umpan_balik(d.users["kasi"], d.skp, real, "Lampirkan daftar hadir")
    services.kirim_umpan_balik(d.users["kasi"], d.skp, perilaku, "Responsif terhadap warga")
    first, second = inbox(d.org.staf)
    assert first.judul == f"Umpan balik dari pejabat penilai pada realisasi {d.periode}"
    assert first.url.endswith(f"?periode={d.periode.pk}#realisasi-{real.pk}")
    assert second.judul == f"Umpan balik dari pejabat penilai pada perilaku {perilaku.nilai.nama}"
    assert second.url.endswith(f"#perilaku-{perilaku.pk}")


def test_replies_join_the_root_and_notify_the_other_side(d):
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, "Target terlalu rendah?")
    reply = services.balas_umpan_balik(d.users["staf"], root, "Sudah sesuai pedoman")
    again = services.balas_umpan_balik(d.users["kasi"], reply, "Baik, lanjutkan")  # to a reply
    assert reply.induk_id == root.pk and again.induk_id == root.pk
    assert (again.rhk_id, again.realisasi_id, again.perilaku_id) == (d.rhk.pk, None, None)
    to_penilai = inbox(d.org.kasi)
    assert [n.judul for n in to_penilai] == ["Balasan umpan balik dari Staf A"]
    assert to_penilai[0].pesan == "Sudah sesuai pedoman"
    assert to_penilai[0].url.endswith(f"#rhk-{d.rhk.pk}")
    assert [n.judul for n in inbox(d.org.staf)][-1] == ("Balasan umpan balik dari pejabat penilai")
    assert AuditEvent.objects.filter(action="umpan_balik.dibalas").count() == 2
    assert list(UmpanBalik.objects.filter(induk=root).order_by("id")) == [reply, again]


@pytest.mark.parametrize("who", ["staf", "kabid", "staf_bidang", "kepala"])
def test_only_the_penilai_starts_a_thread(d, who):
    before = (UmpanBalik.objects.count(), Notifikasi.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied, match="Hanya pejabat penilai SKP ini"):
        services.kirim_umpan_balik(d.users[who], d.skp, d.rhk, "Komentar")
    with pytest.raises(PermissionDenied):
        services.kirim_umpan_balik(d.org.admin, d.skp, d.rhk, "Komentar")
    assert (UmpanBalik.objects.count(), Notifikasi.objects.count(), AuditEvent.objects.count()) == (
        before
    )


@pytest.mark.parametrize("who", ["kabid", "staf_bidang", "kepala"])
def test_only_the_pegawai_and_the_penilai_reply(d, who):
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, "Komentar")
    before = (UmpanBalik.objects.count(), Notifikasi.objects.count())
    with pytest.raises(PermissionDenied, match="Hanya pegawai pemilik SKP dan pejabat penilainya"):
        services.balas_umpan_balik(d.users[who], root, "Ikut menanggapi")
    with pytest.raises(PermissionDenied):
        services.balas_umpan_balik(d.org.admin, root, "Ikut menanggapi")
    assert (UmpanBalik.objects.count(), Notifikasi.objects.count()) == before


def test_another_pegawais_target_is_refused(d):
    """The penilai of the staf cannot hang a comment on an RHK of another SKP (their own)."""
    before = UmpanBalik.objects.count()
    with pytest.raises(DomainError, match="bukan bagian dari SKP ini"):
        services.kirim_umpan_balik(d.users["kasi"], d.skp, d.kasi_skp.rhk.first(), "X")
    assert UmpanBalik.objects.count() == before


@pytest.mark.parametrize("isi", ["", "   ", "x" * 5001])
def test_empty_or_overlong_text_is_refused(d, isi):
    with pytest.raises(DomainError, match=r"Isi umpan balik wajib diisi|terlalu panjang"):
        services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, isi)
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, "Ada")
    with pytest.raises(DomainError):
        services.balas_umpan_balik(d.users["staf"], root, isi)
    assert UmpanBalik.objects.count() == 1


def test_umpan_balik_is_never_locked(d):
    """A locked period closes realisasi, not the conversation about it."""
    tw1 = periode_nomor(d.skp, 1)
    real = services.isi_realisasi(
        d.users["staf"], d.iki, tw1, Decimal(2), "", now=saat(dt.date(TAHUN, 4, 1))
    )
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, real, "Bukti belum lengkap")
    reply = services.balas_umpan_balik(d.users["staf"], root, "Akan saya lengkapi")
    assert reply.realisasi_id == real.pk


def test_a_reply_goes_to_nobody_when_the_skp_has_no_penilai(d):
    root = services.kirim_umpan_balik(d.users["kasi"], d.skp, d.rhk, "Komentar")
    Skp.objects.filter(pk=d.skp.pk).update(penilai=None)
    root.skp.refresh_from_db()
    before = Notifikasi.objects.count()
    services.balas_umpan_balik(d.users["staf"], root, "Terima kasih")
    assert Notifikasi.objects.count() == before
