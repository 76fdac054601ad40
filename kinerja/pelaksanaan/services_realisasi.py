"""Writes of the pegawai's work in a period: rencana aksi per RHK, realisasi per IKI with its
bukti dukung; and the umpan balik threads between the penilai and the pegawai.

Rencana aksi, realisasi and bukti are the pegawai's own, on their SKP in force (or its current
revision), and lock when the period's pengisian deadline passes (`periode.pastikan_terbuka`).
Umpan balik is never locked: the penilai comments at any time and either side replies.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from kinerja.core import audit
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import berkas as berkas_mod
from kinerja.pelaksanaan import periode
from kinerja.pelaksanaan.models import (
    BuktiDukung,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
    UmpanBalik,
    UntukBatas,
)
from kinerja.perencanaan import rules
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    Pendekatan,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
)

RA_FIELDS = ["rhk", "periode", "uraian", "target", "satuan"]
REALISASI_FIELDS = ["iki", "periode", "nilai", "uraian"]
BUKTI_FIELDS = ["realisasi", "nama_berkas", "jenis_berkas", "ukuran_berkas", "tautan"]


# --- Who may write into which period ---------------------------------------------------------


def _pastikan_bisa_isi(
    actor: Any, skp: Skp, periode_: PeriodePenilaian, now: dt.datetime | None
) -> None:
    """The owner, on their SKP in force or its current revision, in a period of that SKP that
    is still open for pengisian. Every check of a write, in the order a user understands."""
    if not rules.is_pemilik(actor, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengisi rencana aksi dan realisasi.")
    if not (skp.berlaku or skp.terkini):
        raise DomainError(
            "SKP ini revisi lama yang sudah digantikan; isi rencana aksi dan realisasi pada SKP "
            "yang berlaku."
        )
    if not dalam_masa_skp(skp, periode_):
        raise DomainError(f"Periode {periode_} berada di luar masa SKP ini.")
    periode.pastikan_terbuka(periode_, UntukBatas.PENGISIAN, skp.pegawai, now)


def dalam_masa_skp(skp: Skp, periode_: PeriodePenilaian) -> bool:
    """A period of the SKP's instansi and year that overlaps the SKP's own dates (an SKP cut
    short by a mutasi covers only part of the year)."""
    return (
        periode_.instansi_id == skp.instansi_id
        and periode_.tahun == skp.tahun
        and periode_.mulai <= skp.periode_selesai
        and periode_.selesai >= skp.periode_mulai
    )


def _angka(nilai: Decimal | None, label: str) -> Decimal | None:
    if nilai is None:
        return None
    if not nilai.is_finite() or nilai < 0:
        raise DomainError(f"{label} tidak boleh negatif.")
    if nilai >= Decimal("1e12"):
        raise DomainError(f"{label} terlalu besar.")
    return nilai.quantize(Decimal("0.01"))


# --- Rencana aksi ----------------------------------------------------------------------------


def _isi_rencana_aksi(
    row: RencanaAksi, uraian: str, target: Decimal | None, satuan: str
) -> RencanaAksi:
    if not (uraian or "").strip():
        raise DomainError("Uraian rencana aksi wajib diisi.")
    if target is None:
        raise DomainError("Target rencana aksi wajib diisi.")
    target = _angka(target, "Target rencana aksi")
    if not (satuan or "").strip():
        raise DomainError("Satuan target rencana aksi wajib diisi, misalnya Dokumen atau Kegiatan.")
    row.uraian, row.target, row.satuan = uraian.strip(), target, satuan.strip()[:50]
    return row


@transaction.atomic
def simpan_rencana_aksi(
    actor: Any,
    rhk: RencanaHasilKerja,
    periode: PeriodePenilaian,
    uraian: str,
    target: Decimal | None,
    satuan: str,
    now: dt.datetime | None = None,
) -> RencanaAksi:
    """A new rencana aksi for one RHK of the actor's SKP in one period."""
    skp = rhk.skp
    _pastikan_bisa_isi(actor, skp, periode, now)
    row = RencanaAksi(
        instansi_id=skp.instansi_id, pegawai_id=skp.pegawai_id, rhk=rhk, periode=periode
    )
    _isi_rencana_aksi(row, uraian, target, satuan)
    last = (
        RencanaAksi.objects.filter(instansi_id=skp.instansi_id, rhk=rhk, periode=periode)
        .order_by("-urutan")
        .values_list("urutan", flat=True)
        .first()
    )
    row.urutan = (last or 0) + 1
    row.save()
    audit.record(
        actor,
        "realisasi.rencana_aksi_ditambah",
        row,
        instansi=skp.instansi,
        after=audit.snapshot(row, RA_FIELDS),
    )
    return row


@transaction.atomic
def ubah_rencana_aksi(
    actor: Any,
    row: RencanaAksi,
    uraian: str,
    target: Decimal | None,
    satuan: str,
    now: dt.datetime | None = None,
) -> RencanaAksi:
    skp = row.rhk.skp
    _pastikan_bisa_isi(actor, skp, row.periode, now)
    before = audit.snapshot(row, RA_FIELDS)
    _isi_rencana_aksi(row, uraian, target, satuan)
    row.save(update_fields=["uraian", "target", "satuan"])
    audit.record(
        actor,
        "realisasi.rencana_aksi_diubah",
        row,
        instansi=skp.instansi,
        before=before,
        after=audit.snapshot(row, RA_FIELDS),
    )
    return row


@transaction.atomic
def hapus_rencana_aksi(actor: Any, row: RencanaAksi, now: dt.datetime | None = None) -> None:
    skp = row.rhk.skp
    _pastikan_bisa_isi(actor, skp, row.periode, now)
    audit.record(
        actor,
        "realisasi.rencana_aksi_dihapus",
        row,
        instansi=skp.instansi,
        before=audit.snapshot(row, RA_FIELDS),
    )
    row.delete()


# --- Realisasi -------------------------------------------------------------------------------


def kuantitatif(skp: Skp) -> bool:
    """A quantitative SKP's IKI have numeric targets, so their realisasi is a number."""
    return skp.pendekatan == Pendekatan.KUANTITATIF


@transaction.atomic
def isi_realisasi(
    actor: Any,
    iki: IndikatorKinerja,
    periode: PeriodePenilaian,
    nilai: Decimal | None,
    uraian: str,
    now: dt.datetime | None = None,
) -> Realisasi:
    """The realisasi of one IKI in one period: one row per IKI per period, updated when it
    exists. A quantitative IKI needs the number (not negative); a qualitative one the text."""
    skp = iki.rhk.skp
    _pastikan_bisa_isi(actor, skp, periode, now)
    uraian = (uraian or "").strip()
    if kuantitatif(skp):
        if nilai is None:
            raise DomainError(f"Nilai realisasi wajib diisi ({iki.satuan or 'angka'}).")
        nilai = _angka(nilai, "Nilai realisasi")
    else:
        if not uraian:
            raise DomainError("Uraian realisasi wajib diisi untuk indikator kualitatif.")
        nilai = None
    key = {"instansi_id": skp.instansi_id, "iki": iki, "periode": periode}
    row = Realisasi.objects.select_for_update().filter(**key).first()
    before = audit.snapshot(row, REALISASI_FIELDS) if row else None
    if row is None:
        try:
            with transaction.atomic():  # a double submit may create it meanwhile
                row = Realisasi.objects.create(skp=skp, nilai=nilai, uraian=uraian, **key)
        except IntegrityError:
            row = Realisasi.objects.select_for_update().get(**key)
    if (row.nilai, row.uraian) != (nilai, uraian):
        row.nilai, row.uraian = nilai, uraian
        row.save(update_fields=["nilai", "uraian", "updated_at"])
    audit.record(
        actor,
        "realisasi.diisi",
        row,
        instansi=skp.instansi,
        before=before,
        after=audit.snapshot(row, REALISASI_FIELDS),
    )
    return row


# --- Bukti dukung ----------------------------------------------------------------------------


@transaction.atomic
def tambah_bukti(
    actor: Any,
    realisasi: Realisasi,
    berkas: UploadedFile | None = None,
    tautan: str = "",
    now: dt.datetime | None = None,
) -> BuktiDukung:
    """One more bukti (a file checked by content, or a link) for a realisasi. The file is
    checked and stored last, after every other rule, so a refusal stores nothing."""
    skp = realisasi.skp
    _pastikan_bisa_isi(actor, skp, realisasi.periode, now)
    bukti = BuktiDukung(instansi_id=realisasi.instansi_id, realisasi=realisasi)
    berkas_mod.lampirkan(bukti, berkas, tautan)
    try:
        bukti.save()
        audit.record(
            actor,
            "realisasi.bukti_ditambah",
            bukti,
            instansi=skp.instansi,
            after=audit.snapshot(bukti, BUKTI_FIELDS),
        )
    except BaseException:
        berkas_mod.hapus_berkas_sekarang(bukti)  # the row is not there: neither is its file
        raise
    return bukti


@transaction.atomic
def hapus_bukti(actor: Any, bukti: BuktiDukung, now: dt.datetime | None = None) -> None:
    realisasi = bukti.realisasi
    skp = realisasi.skp
    _pastikan_bisa_isi(actor, skp, realisasi.periode, now)
    audit.record(
        actor,
        "realisasi.bukti_dihapus",
        bukti,
        instansi=skp.instansi,
        before=audit.snapshot(bukti, BUKTI_FIELDS),
    )
    berkas_mod.hapus_berkas_nanti(bukti)
    bukti.delete()


# --- Umpan balik -----------------------------------------------------------------------------

Sasaran = RencanaHasilKerja | Realisasi | PerilakuKerja


def url_sasaran(skp: Skp, sasaran: Sasaran) -> str:
    """Where a thread is read: the realisasi page of the SKP, at the commented row (and, for a
    realisasi, in its period)."""
    url = reverse("pelaksanaan:realisasi_skp", args=[skp.pk])
    if isinstance(sasaran, Realisasi):
        return f"{url}?periode={sasaran.periode_id}#realisasi-{sasaran.pk}"
    if isinstance(sasaran, PerilakuKerja):
        return f"{url}#perilaku-{sasaran.pk}"
    return f"{url}#rhk-{sasaran.pk}"


def _label(sasaran: Sasaran) -> str:
    if isinstance(sasaran, Realisasi):
        return f"realisasi {sasaran.periode}"
    if isinstance(sasaran, PerilakuKerja):
        return f"perilaku {sasaran.nilai.nama}"
    return "rencana hasil kerja"


def _isi(isi: str) -> str:
    isi = (isi or "").strip()
    if not isi:
        raise DomainError("Isi umpan balik wajib diisi.")
    if len(isi) > 5000:
        raise DomainError("Umpan balik terlalu panjang (maksimum 5.000 karakter).")
    return isi


@transaction.atomic
def kirim_umpan_balik(actor: Any, skp: Skp, sasaran: Sasaran, isi: str) -> UmpanBalik:
    """The penilai comments on an RHK, a realisasi or a perilaku value of the SKP (a new
    thread); the pegawai is notified."""
    if not rules.is_penilai(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai SKP ini yang dapat memberi umpan balik.")
    if sasaran.skp_id != skp.pk or sasaran.instansi_id != skp.instansi_id:
        raise DomainError("Yang dikomentari bukan bagian dari SKP ini.")
    row = UmpanBalik(
        instansi_id=skp.instansi_id, skp=skp, penulis_id=actor.pegawai_id, isi=_isi(isi)
    )
    if isinstance(sasaran, Realisasi):
        row.realisasi = sasaran
    elif isinstance(sasaran, PerilakuKerja):
        row.perilaku = sasaran
    else:
        row.rhk = sasaran
    row.save()
    audit.record(
        actor,
        "umpan_balik.dikirim",
        row,
        instansi=skp.instansi,
        object_repr=f"Umpan balik pada {_label(sasaran)}",
        after=audit.snapshot(row, ["skp", "rhk", "realisasi", "perilaku", "isi"]),
    )
    notify(
        skp.pegawai,
        f"Umpan balik dari pejabat penilai pada {_label(sasaran)}",
        row.isi[:300],
        url_sasaran(skp, sasaran),
        jenis="umpan_balik",
    )
    return row


def sasaran_of(row: UmpanBalik) -> Sasaran:
    target = row.realisasi or row.perilaku or row.rhk
    assert target is not None  # a thread always names what it is about
    return target


@transaction.atomic
def balas_umpan_balik(actor: Any, induk: UmpanBalik, isi: str) -> UmpanBalik:
    """A reply by the pegawai or the penilai of the SKP; it joins the thread's root (a reply
    to a reply is a reply to the thread) and notifies the other side."""
    skp = induk.skp
    pemilik, penilai = rules.is_pemilik(actor, skp), rules.is_penilai(actor, skp)
    if not (pemilik or penilai):
        raise PermissionDenied(
            "Hanya pegawai pemilik SKP dan pejabat penilainya yang dapat membalas umpan balik."
        )
    root = induk.induk if induk.induk_id else induk
    assert root is not None
    row = UmpanBalik.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        rhk_id=root.rhk_id,
        realisasi_id=root.realisasi_id,
        perilaku_id=root.perilaku_id,
        induk=root,
        penulis_id=actor.pegawai_id,
        isi=_isi(isi),
    )
    audit.record(
        actor,
        "umpan_balik.dibalas",
        row,
        instansi=skp.instansi,
        object_repr=f"Balasan umpan balik pada {_label(sasaran_of(root))}",
        after=audit.snapshot(row, ["skp", "induk", "isi"]),
    )
    penerima = skp.penilai if pemilik else skp.pegawai
    if penerima is not None:
        nama = skp.snapshot.get("pegawai", {}).get("nama", "") if pemilik else "pejabat penilai"
        notify(
            penerima,
            f"Balasan umpan balik dari {nama or 'pegawai'}",
            row.isi[:300],
            url_sasaran(skp, sasaran_of(root)),
            jenis="umpan_balik",
        )
    return row
