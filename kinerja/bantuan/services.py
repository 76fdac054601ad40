"""Writes of the helpdesk. Every function runs in a transaction, checks who may act, records an
audit event and tells the other side: in-app and by e-mail (the notifikasi outbox) for users
of an instansi; the Admin Nasional, who has no instansi and so no in-app inbox (Notifikasi is a
tenant row), by an e-mail task and the count on their queue. A refusal stores nothing."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from kinerja.bantuan.models import (
    Artikel,
    BalasanTiket,
    KategoriTiket,
    LampiranTiket,
    PeranPelapor,
    StatusTiket,
    Tiket,
)
from kinerja.bantuan.selectors import boleh_kelola_artikel, boleh_menangani
from kinerja.core import audit
from kinerja.core.notifications import notify_admin_instansi, notify_users
from kinerja.core.permissions import DomainError
from kinerja.org.selectors import bawahan_of
from kinerja.pelaksanaan import berkas

MAKS_LAMPIRAN = 5
HALAMAN_MAKS = 300


def halaman_lokal(dari: str | None) -> str:
    """The page a ticket was opened from, if it is a path of this site ("" otherwise: an
    external or scheme-relative address is ignored, never stored nor linked)."""
    dari = (dari or "").strip()
    if (
        not dari.startswith("/")
        or dari.startswith("//")
        or "\\" in dari
        or berkas.CONTROL.search(dari)
        or len(dari) > HALAMAN_MAKS
        or not url_has_allowed_host_and_scheme(dari, allowed_hosts=set())
    ):
        return ""
    return dari


def peran_of(user: Any) -> str:
    if user.is_admin_instansi:
        return PeranPelapor.ADMIN_INSTANSI
    if user.pegawai_id:
        from kinerja.org.models import Pegawai

        pegawai = Pegawai.objects.get(pk=user.pegawai_id)
        return PeranPelapor.PENILAI if bawahan_of(pegawai).exists() else PeranPelapor.PEGAWAI
    return PeranPelapor.PENGGUNA


def _url(tiket: Tiket) -> str:
    return reverse("bantuan:tiket", args=[tiket.pk])


def _periksa_lampiran(lampiran: Sequence[UploadedFile]) -> list[berkas.Diperiksa]:
    if len(lampiran) > MAKS_LAMPIRAN:
        raise DomainError(f"Lampiran paling banyak {MAKS_LAMPIRAN} berkas.")
    return [berkas.periksa_lampiran(upload) for upload in lampiran]


def _simpan_lampiran(
    tiket: Tiket, actor: Any, lampiran: list[berkas.Diperiksa], balasan: BalasanTiket | None
) -> None:
    berkas.simpan_lampiran(
        lambda: LampiranTiket(
            instansi_id=tiket.instansi_id, tiket=tiket, balasan=balasan, diunggah_oleh=actor
        ),
        lampiran,
    )


def _beri_tahu(user_ids: Sequence[int], tiket: Tiket, judul: str, pesan: str, jenis: str) -> None:
    """In-app notification + e-mail (outbox) for accounts of the ticket's instansi."""
    notify_users(tiket.instansi_id, user_ids, judul, pesan, _url(tiket), jenis=jenis)


def _kabari_admin_instansi(tiket: Tiket, actor: Any, judul: str, pesan: str, jenis: str) -> None:
    """Every Admin Instansi of the ticket's instansi except the one acting."""
    notify_admin_instansi(
        tiket.instansi_id, judul, pesan, _url(tiket), jenis=jenis, kecuali=actor.pk
    )


def _kabari_admin_nasional(tiket: Tiket, judul: str, pesan: str) -> None:
    from kinerja.bantuan.tasks import surel_admin_nasional

    # Enqueued on commit (TASKS ENQUEUE_ON_COMMIT): nothing goes out for a rolled-back write.
    surel_admin_nasional.enqueue(judul, pesan, _url(tiket))


# --- Tickets -------------------------------------------------------------------------------------


@transaction.atomic
def buka_tiket(
    actor: Any,
    *,
    kategori: str,
    judul: str,
    uraian: str,
    halaman_asal: str = "",
    lampiran: Sequence[UploadedFile] = (),
) -> Tiket:
    """Any account of an instansi opens a ticket; its Admin Instansi are told."""
    if not actor.instansi_id:
        raise DomainError(
            "Akun Anda tidak terdaftar pada instansi mana pun, jadi tidak ada Admin Instansi "
            "yang menerima tiket. Admin Nasional menangani tiket yang diteruskan kepadanya."
        )
    judul, uraian = judul.strip(), uraian.strip()
    if kategori not in KategoriTiket.values:
        raise DomainError("Pilih kategori masalah.")
    if not judul:
        raise DomainError("Judul wajib diisi.")
    if len(judul) > 200:
        raise DomainError("Judul paling panjang 200 karakter.")
    if not uraian:
        raise DomainError("Uraian masalah wajib diisi.")
    diperiksa = _periksa_lampiran(lampiran)
    now = timezone.now()
    tiket = Tiket.objects.create(
        instansi_id=actor.instansi_id,
        pelapor=actor,
        peran_pelapor=peran_of(actor),
        kategori=kategori,
        judul=judul,
        uraian=uraian,
        halaman_asal=halaman_lokal(halaman_asal),
        created_at=now,
        diperbarui_at=now,
    )
    _simpan_lampiran(tiket, actor, diperiksa, None)
    audit.record(
        actor,
        "bantuan.tiket_dibuka",
        tiket,
        after={
            **audit.snapshot(tiket, ["kategori", "judul", "halaman_asal", "peran_pelapor"]),
            "lampiran": len(lampiran),
        },
    )
    _kabari_admin_instansi(
        tiket,
        actor,
        f"Tiket bantuan {tiket.nomor}: {judul}",
        f"{actor.nama} ({tiket.get_peran_pelapor_display()}) membuka tiket "
        f"{tiket.get_kategori_display()}.",
        "bantuan.tiket_baru",
    )
    return tiket


SETELAH_BALAS = {  # what a handler's reply does to the status (the reply form's choice)
    "menunggu": StatusTiket.MENUNGGU,
    "diproses": StatusTiket.DIPROSES,
    "selesai": StatusTiket.SELESAI,
}


@transaction.atomic
def balas(
    actor: Any,
    tiket: Tiket,
    isi: str,
    *,
    lampiran: Sequence[UploadedFile] = (),
    setelah: str = "menunggu",
) -> BalasanTiket:
    """A reply of the pelapor or a handler. A handler's reply asks the user (Menunggu Pengguna)
    unless `setelah` says Diproses or Selesai; the pelapor's reply puts an answered ticket
    back to Diproses (a Baru ticket stays Baru: nobody has taken it up yet)."""
    tiket = Tiket.objects.select_for_update().get(pk=tiket.pk, instansi_id=tiket.instansi_id)
    petugas = boleh_menangani(actor, tiket)
    if not petugas and actor.pk != tiket.pelapor_id:
        raise PermissionDenied("Anda tidak menangani tiket ini.")
    if tiket.status == StatusTiket.SELESAI:
        raise DomainError("Tiket sudah selesai. Buka kembali tiket untuk membalas.")
    isi = isi.strip()
    if not isi:
        raise DomainError("Isi balasan wajib diisi.")
    if petugas and setelah not in SETELAH_BALAS:
        raise DomainError("Pilih status tiket setelah dibalas.")
    diperiksa = _periksa_lampiran(lampiran)
    now = timezone.now()
    before = audit.snapshot(tiket, ["status", "dijawab_at", "selesai_at"])
    balasan = BalasanTiket.objects.create(
        instansi_id=tiket.instansi_id, tiket=tiket, penulis=actor, dari_petugas=petugas, isi=isi
    )
    _simpan_lampiran(tiket, actor, diperiksa, balasan)
    if petugas:
        tiket.status = SETELAH_BALAS[setelah]
        tiket.dijawab_at = tiket.dijawab_at or now
        tiket.selesai_at = now if tiket.status == StatusTiket.SELESAI else None
    elif tiket.status != StatusTiket.BARU:
        tiket.status = StatusTiket.DIPROSES
    tiket.diperbarui_at = now
    tiket.save(update_fields=["status", "dijawab_at", "selesai_at", "diperbarui_at"])
    b, a = audit.changed(before, audit.snapshot(tiket, ["status", "dijawab_at", "selesai_at"]))
    audit.record(actor, "bantuan.dibalas", tiket, before=b, after={**a, "balasan": balasan.pk})
    _kabari_pihak_lain(actor, tiket, petugas, isi)
    return balasan


def _kabari_pihak_lain(actor: Any, tiket: Tiket, petugas: bool, isi: str) -> None:
    ringkas = isi if len(isi) <= 300 else isi[:297] + "…"
    if petugas:
        selesai = tiket.status == StatusTiket.SELESAI
        _beri_tahu(
            [tiket.pelapor_id],
            tiket,
            f"Tiket {tiket.nomor} {'selesai' if selesai else 'dibalas'}: {tiket.judul}",
            ringkas,
            "bantuan.selesai" if selesai else "bantuan.balasan",
        )
        if actor.is_admin_nasional:  # the Admin Instansi follows what happens to its tickets
            _kabari_admin_instansi(
                tiket,
                actor,
                f"Admin Nasional membalas tiket {tiket.nomor}",
                ringkas,
                "bantuan.balasan",
            )
        return
    judul = f"Balasan pelapor pada tiket {tiket.nomor}: {tiket.judul}"
    _kabari_admin_instansi(tiket, actor, judul, ringkas, "bantuan.balasan")
    if tiket.dieskalasi_at:
        _kabari_admin_nasional(tiket, judul, ringkas)


@transaction.atomic
def ubah_status(actor: Any, tiket: Tiket, status: str) -> Tiket:
    """A handler takes a ticket up (Diproses) or resolves it (Selesai); the pelapor may
    resolve their own ticket too. Reopening is buka_kembali."""
    tiket = Tiket.objects.select_for_update().get(pk=tiket.pk, instansi_id=tiket.instansi_id)
    petugas = boleh_menangani(actor, tiket)
    if status == StatusTiket.DIPROSES and not petugas:
        raise PermissionDenied("Hanya petugas yang memproses tiket.")
    if status == StatusTiket.SELESAI and not (petugas or actor.pk == tiket.pelapor_id):
        raise PermissionDenied("Anda tidak menangani tiket ini.")
    if status not in (StatusTiket.DIPROSES, StatusTiket.SELESAI):
        raise DomainError("Status tidak dikenal.")
    if tiket.status == StatusTiket.SELESAI:
        raise DomainError("Tiket sudah selesai. Buka kembali tiket bila masalahnya muncul lagi.")
    if tiket.status == status:
        raise DomainError(f"Tiket sudah berstatus {tiket.get_status_display()}.")
    before = audit.snapshot(tiket, ["status", "selesai_at"])
    now = timezone.now()
    tiket.status = status
    tiket.selesai_at = now if status == StatusTiket.SELESAI else None
    tiket.diperbarui_at = now
    tiket.save(update_fields=["status", "selesai_at", "diperbarui_at"])
    audit.record(
        actor,
        "bantuan.status_diubah",
        tiket,
        before=before,
        after=audit.snapshot(tiket, ["status", "selesai_at"]),
    )
    if status == StatusTiket.SELESAI and actor.pk != tiket.pelapor_id:
        _beri_tahu(
            [tiket.pelapor_id],
            tiket,
            f"Tiket {tiket.nomor} selesai: {tiket.judul}",
            f"{actor.nama} menandai tiket Anda selesai. Buka kembali bila masalahnya belum "
            "teratasi.",
            "bantuan.selesai",
        )
    return tiket


@transaction.atomic
def buka_kembali(actor: Any, tiket: Tiket, alasan: str = "") -> Tiket:
    """The pelapor or a handler reopens a resolved ticket: back to Diproses."""
    tiket = Tiket.objects.select_for_update().get(pk=tiket.pk, instansi_id=tiket.instansi_id)
    petugas = boleh_menangani(actor, tiket)
    if not petugas and actor.pk != tiket.pelapor_id:
        raise PermissionDenied("Anda tidak menangani tiket ini.")
    if tiket.status != StatusTiket.SELESAI:
        raise DomainError("Hanya tiket yang sudah selesai yang dapat dibuka kembali.")
    before = audit.snapshot(tiket, ["status", "selesai_at"])
    tiket.status, tiket.selesai_at, tiket.diperbarui_at = (
        StatusTiket.DIPROSES,
        None,
        timezone.now(),
    )
    tiket.save(update_fields=["status", "selesai_at", "diperbarui_at"])
    audit.record(
        actor,
        "bantuan.dibuka_kembali",
        tiket,
        before=before,
        after=audit.snapshot(tiket, ["status", "selesai_at"]),
        reason=alasan.strip(),
    )
    judul = f"Tiket {tiket.nomor} dibuka kembali: {tiket.judul}"
    pesan = f"{actor.nama} membuka kembali tiket ini. {alasan.strip()}".strip()
    if petugas:
        _beri_tahu([tiket.pelapor_id], tiket, judul, pesan, "bantuan.dibuka_kembali")
    else:
        _kabari_admin_instansi(tiket, actor, judul, pesan, "bantuan.dibuka_kembali")
        if tiket.dieskalasi_at:
            _kabari_admin_nasional(tiket, judul, pesan)
    return tiket


@transaction.atomic
def eskalasi(actor: Any, tiket: Tiket, catatan: str) -> Tiket:
    """The Admin Instansi forwards a ticket it cannot solve to the Admin Nasional, with a note;
    from then on the Admin Nasional sees and handles it (the Admin Instansi still does)."""
    tiket = Tiket.objects.select_for_update().get(pk=tiket.pk, instansi_id=tiket.instansi_id)
    if not (actor.is_admin_instansi and actor.instansi_id == tiket.instansi_id):
        raise PermissionDenied("Hanya Admin Instansi dari instansi tiket yang meneruskannya.")
    if tiket.dieskalasi_at:
        raise DomainError("Tiket sudah diteruskan ke Admin Nasional.")
    if tiket.status == StatusTiket.SELESAI:
        raise DomainError("Tiket sudah selesai; buka kembali dulu bila perlu diteruskan.")
    catatan = catatan.strip()
    if not catatan:
        raise DomainError(
            "Tulis catatan untuk Admin Nasional: apa yang sudah dicoba dan "
            "mengapa perlu diteruskan."
        )
    before = audit.snapshot(tiket, ["status", "dieskalasi_at"])
    now = timezone.now()
    tiket.dieskalasi_at, tiket.dieskalasi_oleh, tiket.catatan_eskalasi = now, actor, catatan
    if tiket.status == StatusTiket.BARU:
        tiket.status = StatusTiket.DIPROSES
    tiket.diperbarui_at = now
    tiket.save(
        update_fields=[
            "dieskalasi_at",
            "dieskalasi_oleh",
            "catatan_eskalasi",
            "status",
            "diperbarui_at",
        ]
    )
    audit.record(
        actor,
        "bantuan.dieskalasi",
        tiket,
        before=before,
        after=audit.snapshot(tiket, ["status", "dieskalasi_at"]),
        reason=catatan,
    )
    _kabari_admin_nasional(
        tiket,
        f"Tiket {tiket.nomor} diteruskan oleh {tiket.instansi.nama}: {tiket.judul}",
        catatan,
    )
    if actor.pk != tiket.pelapor_id:
        _beri_tahu(
            [tiket.pelapor_id],
            tiket,
            f"Tiket {tiket.nomor} diteruskan ke Admin Nasional",
            "Admin Instansi meneruskan tiket Anda ke Admin Nasional (BKN) untuk ditangani.",
            "bantuan.eskalasi",
        )
    return tiket


# --- Knowledge base ------------------------------------------------------------------------------


def _isi_artikel(judul: str, isi: str, kategori: str) -> tuple[str, str]:
    judul, isi = judul.strip(), isi.strip()
    if not judul:
        raise DomainError("Judul artikel wajib diisi.")
    if len(judul) > 200:
        raise DomainError("Judul artikel paling panjang 200 karakter.")
    if not isi:
        raise DomainError("Isi artikel wajib diisi.")
    if kategori not in KategoriTiket.values:
        raise DomainError("Pilih kategori artikel.")
    return judul, isi


@transaction.atomic
def buat_artikel(
    actor: Any, *, judul: str, isi: str, kategori: str, diterbitkan: bool = False
) -> Artikel:
    """The Admin Nasional writes national articles; an Admin Instansi its instansi's own."""
    if actor.is_admin_nasional:
        instansi_id = None
    elif actor.is_admin_instansi and actor.instansi_id:
        instansi_id = actor.instansi_id
    else:
        raise PermissionDenied("Hanya admin yang menulis artikel bantuan.")
    judul, isi = _isi_artikel(judul, isi, kategori)
    artikel = Artikel.objects.create(
        instansi_id=instansi_id,
        judul=judul,
        isi=isi,
        kategori=kategori,
        diterbitkan=diterbitkan,
        penulis=actor,
    )
    audit.record(
        actor,
        "bantuan.artikel_dibuat",
        artikel,
        after=audit.snapshot(artikel, ["judul", "kategori", "diterbitkan", "instansi"]),
    )
    return artikel


@transaction.atomic
def ubah_artikel(
    actor: Any, artikel: Artikel, *, judul: str, isi: str, kategori: str, diterbitkan: bool
) -> Artikel:
    if not boleh_kelola_artikel(actor, artikel):
        raise PermissionDenied("Anda tidak mengelola artikel ini.")
    judul, isi = _isi_artikel(judul, isi, kategori)
    fields = ["judul", "isi", "kategori", "diterbitkan"]
    before = audit.snapshot(artikel, fields)
    artikel.judul, artikel.isi, artikel.kategori, artikel.diterbitkan = (
        judul,
        isi,
        kategori,
        diterbitkan,
    )
    artikel.diperbarui_at = timezone.now()
    artikel.save()
    b, a = audit.changed(before, audit.snapshot(artikel, fields))
    audit.record(actor, "bantuan.artikel_diubah", artikel, before=b, after=a)
    return artikel


@transaction.atomic
def hapus_artikel(actor: Any, artikel: Artikel) -> None:
    if not boleh_kelola_artikel(actor, artikel):
        raise PermissionDenied("Anda tidak mengelola artikel ini.")
    audit.record(
        actor,
        "bantuan.artikel_dihapus",
        artikel,
        before=audit.snapshot(artikel, ["judul", "kategori", "diterbitkan", "instansi"]),
    )
    artikel.delete()
