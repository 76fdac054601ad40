"""Every write of the daily log (aktivitas harian): one function per use case, in a transaction,
audited. Refusals raise DomainError (message for the user) or PermissionDenied; a refused write
stores nothing, not even its file (the file is attached last, after every other check).

Rules: only the owner writes their log; an entry ends after it starts on the same day (minutes
are derived); entries of one pegawai never overlap on a day (08:00-09:00 then 09:00-10:00 is
fine); no future dates; a linked RHK is from the pegawai's own SKP in force for the year, a
linked rencana aksi is the pegawai's own for a period containing the day; the period of the day
must be open for pengisian; an accepted entry is final for its owner; a returned one can be
edited and goes back to Menunggu. The owner's penilai (see selectors_aktivitas) accepts or
returns entries while the period is open for penilaian.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import berkas as berkas_mod
from kinerja.pelaksanaan import jadwal, periode
from kinerja.pelaksanaan.models import (
    AktivitasHarian,
    PeriodePenilaian,
    RencanaAksi,
    StatusAktivitas,
    UntukBatas,
)
from kinerja.pelaksanaan.selectors_aktivitas import penilai_id_of
from kinerja.perencanaan.models import RencanaHasilKerja, StatusSkp

FIELDS = [
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "menit",
    "uraian",
    "rhk",
    "rencana_aksi",
    "kuantitas",
    "satuan",
    "status",
    "catatan_penilai",
    "nama_berkas",
    "tautan",
]
MAKS_URAIAN = 2000
MAKS_SATUAN = 50


# --- Checks shared with the import -----------------------------------------------------------


def jam(value: dt.time) -> str:
    return f"{value:%H.%M}"


def hitung_menit(jam_mulai: dt.time | None, jam_selesai: dt.time | None) -> int:
    """Minutes between the times of one day, or DomainError saying what is wrong."""
    if jam_mulai is None or jam_selesai is None:
        raise DomainError("Jam mulai dan jam selesai wajib diisi.")
    mulai = jam_mulai.hour * 60 + jam_mulai.minute
    selesai = jam_selesai.hour * 60 + jam_selesai.minute
    if selesai <= mulai:
        raise DomainError(
            f"Jam selesai harus setelah jam mulai ({jam(jam_mulai)} sampai {jam(jam_selesai)}). "
            "Aktivitas yang melewati tengah malam dicatat dua kali, satu per tanggal."
        )
    return selesai - mulai


def periksa_isi(uraian: str, kuantitas: Decimal | None, satuan: str) -> tuple[str, str]:
    """Cleaned (uraian, satuan), or DomainError."""
    uraian, satuan = (uraian or "").strip(), (satuan or "").strip()
    if not uraian:
        raise DomainError("Uraian aktivitas wajib diisi.")
    if len(uraian) > MAKS_URAIAN:
        raise DomainError(f"Uraian aktivitas paling panjang {MAKS_URAIAN} karakter.")
    if len(satuan) > MAKS_SATUAN:
        raise DomainError(f"Satuan paling panjang {MAKS_SATUAN} karakter.")
    if kuantitas is not None:
        if kuantitas < 0:
            raise DomainError("Kuantitas tidak boleh negatif.")
        if kuantitas >= Decimal("1e12"):
            raise DomainError("Kuantitas terlalu besar.")
        if not satuan:
            raise DomainError("Isi satuan untuk kuantitas (misalnya Dokumen, Kegiatan).")
    return uraian, satuan


def hari_ini(instansi_id: int, now: dt.datetime | None) -> dt.date:
    """Today in the instansi's own zone (an entry for "tomorrow" in Jayapura is refused at
    00:30 WIT even when it is still yesterday in Jakarta)."""
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(periode.zona_of(instansi_id))).date()


def periksa_tanggal(tanggal: dt.date | None, today: dt.date) -> dt.date:
    if tanggal is None:
        raise DomainError("Tanggal wajib diisi.")
    if tanggal > today:
        raise DomainError(
            f"Tanggal {jadwal.format_tanggal(tanggal)} belum terjadi; aktivitas hanya dapat "
            "dicatat untuk hari ini atau hari yang sudah lewat."
        )
    return tanggal


def pesan_bentrok(lain: AktivitasHarian) -> str:
    return (
        f"Waktunya bertabrakan dengan aktivitas lain pada {jadwal.format_tanggal(lain.tanggal)} "
        f"pukul {jam(lain.jam_mulai)}-{jam(lain.jam_selesai)} ({_ringkas(lain.uraian)}). "
        "Aktivitas seorang pegawai tidak boleh tumpang tindih."
    )


def _ringkas(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bentrok(
    pegawai: Pegawai,
    tanggal: dt.date,
    jam_mulai: dt.time,
    jam_selesai: dt.time,
    kecuali: int | None = None,
) -> AktivitasHarian | None:
    """The first entry of the pegawai that day overlapping [mulai, selesai): touching edges
    (one ends at 09:00, the next starts at 09:00) do not overlap."""
    qs = AktivitasHarian.objects.filter(
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
        tanggal=tanggal,
        jam_mulai__lt=jam_selesai,
        jam_selesai__gt=jam_mulai,
    )
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali)
    return qs.order_by("jam_mulai").first()


class PeriodeCache:
    """The period of each day and its lock, looked up once per period (bulk operations)."""

    def __init__(self, instansi_id: int, untuk: str, now: dt.datetime | None) -> None:
        self.instansi_id, self.untuk, self.now = instansi_id, untuk, now
        self._periode: dict[dt.date, PeriodePenilaian] = {}
        self._terbuka: set[tuple[int, int]] = set()

    def periode(self, tanggal: dt.date) -> PeriodePenilaian:
        for p in self._periode.values():
            if p.mulai <= tanggal <= p.selesai:
                return p
        found = periode.periode_pada(self.instansi_id, tanggal)
        self._periode[found.mulai] = found
        return found

    def pastikan_terbuka(self, tanggal: dt.date, pegawai: Pegawai) -> None:
        p = self.periode(tanggal)
        if (p.pk, pegawai.pk) not in self._terbuka:
            periode.pastikan_terbuka(p, self.untuk, pegawai, self.now)
            self._terbuka.add((p.pk, pegawai.pk))


def pastikan_pengisian(pegawai: Pegawai, tanggal: dt.date, now: dt.datetime | None) -> None:
    periode.pastikan_terbuka(
        periode.periode_pada(pegawai.instansi_id, tanggal), UntukBatas.PENGISIAN, pegawai, now
    )


# --- Helpers ---------------------------------------------------------------------------------


def _own_pegawai(actor: Any) -> Pegawai:
    """The actor's pegawai, locked: writes of one pegawai's log are serialised, so two
    concurrent requests cannot both pass the overlap check (PostgreSQL; SQLite locks the db)."""
    if not getattr(actor, "pegawai_id", None):
        raise PermissionDenied("Hanya pegawai yang dapat mencatat aktivitas hariannya.")
    return (
        Pegawai.objects.select_for_update(of=("self",))
        .select_related("unor")
        .get(instansi_id=actor.instansi_id, pk=actor.pegawai_id)
    )


def _row_of_owner(actor: Any, pegawai: Pegawai, aktivitas_id: int) -> AktivitasHarian:
    row = AktivitasHarian.objects.filter(instansi_id=pegawai.instansi_id, pk=aktivitas_id).first()
    if row is None:
        raise DomainError("Aktivitas tidak ditemukan.")
    if row.pegawai_id != pegawai.pk:
        raise PermissionDenied("Hanya pemilik aktivitas yang dapat mengubah atau menghapusnya.")
    return row


def _link(
    pegawai: Pegawai,
    tanggal: dt.date,
    rhk_id: int | None,
    rencana_aksi_id: int | None,
) -> tuple[int | None, int | None]:
    """(rhk_id, rencana_aksi_id) after checking they are the pegawai's own; a rencana aksi
    alone brings its RHK."""
    if rencana_aksi_id:
        ra = RencanaAksi.objects.filter(
            instansi_id=pegawai.instansi_id, pk=rencana_aksi_id, pegawai_id=pegawai.pk
        ).first()
        if ra is None:
            raise DomainError("Rencana aksi yang dipilih bukan rencana aksi Anda.")
        p = PeriodePenilaian.objects.get(instansi_id=pegawai.instansi_id, pk=ra.periode_id)
        if not p.mulai <= tanggal <= p.selesai:
            raise DomainError(
                f"Rencana aksi yang dipilih milik periode {p}, bukan periode tanggal "
                f"{jadwal.format_tanggal(tanggal)}."
            )
        if rhk_id and rhk_id != ra.rhk_id:
            raise DomainError("Rencana aksi yang dipilih bukan bagian dari RHK yang dipilih.")
        rhk_id = ra.rhk_id
    elif rhk_id:
        ok = RencanaHasilKerja.objects.filter(
            instansi_id=pegawai.instansi_id,
            pk=rhk_id,
            skp__pegawai_id=pegawai.pk,
            skp__tahun=tanggal.year,
            skp__status=StatusSkp.DISETUJUI,
            skp__berlaku=True,
        ).exists()
        if not ok:
            raise DomainError(
                f"RHK yang dipilih bukan RHK dari SKP Anda yang berlaku tahun {tanggal.year}."
            )
    return rhk_id or None, rencana_aksi_id or None


def _url_minggu(tanggal: dt.date) -> str:
    return reverse("pelaksanaan:aktivitas_kalender") + f"?minggu={tanggal.isoformat()}"


@dataclass(frozen=True)
class Waktu:
    tanggal: dt.date
    jam_mulai: dt.time
    jam_selesai: dt.time
    menit: int


def _periksa_waktu(
    pegawai: Pegawai,
    tanggal: dt.date | None,
    jam_mulai: dt.time | None,
    jam_selesai: dt.time | None,
    now: dt.datetime | None,
    kecuali: int | None = None,
) -> Waktu:
    """The checked day and times: not in the future, end after start, no overlap, the
    period open for pengisian."""
    tanggal = periksa_tanggal(tanggal, hari_ini(pegawai.instansi_id, now))
    menit = hitung_menit(jam_mulai, jam_selesai)
    assert jam_mulai is not None and jam_selesai is not None  # checked by hitung_menit
    lain = bentrok(pegawai, tanggal, jam_mulai, jam_selesai, kecuali)
    if lain is not None:
        raise DomainError(pesan_bentrok(lain))
    pastikan_pengisian(pegawai, tanggal, now)
    return Waktu(tanggal, jam_mulai, jam_selesai, menit)


# --- The owner's writes ----------------------------------------------------------------------


@transaction.atomic
def catat_aktivitas(
    actor: Any,
    tanggal: dt.date | None,
    jam_mulai: dt.time | None,
    jam_selesai: dt.time | None,
    uraian: str,
    rhk_id: int | None = None,
    rencana_aksi_id: int | None = None,
    kuantitas: Decimal | None = None,
    satuan: str = "",
    berkas: UploadedFile | None = None,
    tautan: str = "",
    now: dt.datetime | None = None,
) -> AktivitasHarian:
    """A new entry of the actor's own log (status Menunggu)."""
    pegawai = _own_pegawai(actor)
    uraian, satuan = periksa_isi(uraian, kuantitas, satuan)
    w = _periksa_waktu(pegawai, tanggal, jam_mulai, jam_selesai, now)
    rhk_id, rencana_aksi_id = _link(pegawai, w.tanggal, rhk_id, rencana_aksi_id)
    row = AktivitasHarian(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tanggal=w.tanggal,
        jam_mulai=w.jam_mulai,
        jam_selesai=w.jam_selesai,
        menit=w.menit,
        uraian=uraian,
        rhk_id=rhk_id,
        rencana_aksi_id=rencana_aksi_id,
        kuantitas=kuantitas,
        satuan=satuan,
    )
    if berkas is not None or (tautan or "").strip():
        berkas_mod.lampirkan(row, berkas, tautan)  # last: a refused file stores nothing
    row.save()
    audit.record(actor, "aktivitas.dicatat", row, after=audit.snapshot(row, FIELDS))
    return row


@transaction.atomic
def ubah_aktivitas(
    actor: Any,
    aktivitas_id: int,
    tanggal: dt.date | None,
    jam_mulai: dt.time | None,
    jam_selesai: dt.time | None,
    uraian: str,
    rhk_id: int | None = None,
    rencana_aksi_id: int | None = None,
    kuantitas: Decimal | None = None,
    satuan: str = "",
    berkas: UploadedFile | None = None,
    tautan: str = "",
    hapus_berkas: bool = False,
    now: dt.datetime | None = None,
) -> AktivitasHarian:
    """Change the actor's own entry (not an accepted one). A returned entry goes back to
    Menunggu. `tautan` is the new link (empty clears it); a new file replaces the old one,
    `hapus_berkas` removes it."""
    pegawai = _own_pegawai(actor)
    row = _row_of_owner(actor, pegawai, aktivitas_id)
    if row.status == StatusAktivitas.DITERIMA:
        raise DomainError("Aktivitas yang sudah diterima penilai tidak dapat diubah lagi.")
    uraian, satuan = periksa_isi(uraian, kuantitas, satuan)
    pastikan_pengisian(pegawai, row.tanggal, now)  # nor moved out of a locked period
    w = _periksa_waktu(pegawai, tanggal, jam_mulai, jam_selesai, now, row.pk)
    rhk_id, rencana_aksi_id = _keep_or_link(row, pegawai, w.tanggal, rhk_id, rencana_aksi_id)
    before = audit.snapshot(row, FIELDS)
    row.tanggal, row.jam_mulai, row.jam_selesai = w.tanggal, w.jam_mulai, w.jam_selesai
    row.menit = w.menit
    row.uraian, row.kuantitas, row.satuan = uraian, kuantitas, satuan
    row.rhk_id, row.rencana_aksi_id = rhk_id, rencana_aksi_id
    if row.status == StatusAktivitas.DIKEMBALIKAN:
        row.status = StatusAktivitas.MENUNGGU
    _ganti_bukti(row, berkas, tautan, hapus_berkas)
    row.save()
    b, a = audit.changed(before, audit.snapshot(row, FIELDS))
    audit.record(actor, "aktivitas.diubah", row, before=b, after=a)
    return row


def _keep_or_link(
    row: AktivitasHarian,
    pegawai: Pegawai,
    tanggal: dt.date,
    rhk_id: int | None,
    rencana_aksi_id: int | None,
) -> tuple[int | None, int | None]:
    """Unchanged links on an unchanged day stay (the SKP may have been revised since)."""
    same = (rhk_id or None, rencana_aksi_id or None) == (row.rhk_id, row.rencana_aksi_id)
    if same and tanggal == row.tanggal:
        return row.rhk_id, row.rencana_aksi_id
    return _link(pegawai, tanggal, rhk_id, rencana_aksi_id)


def _ganti_bukti(
    row: AktivitasHarian, berkas: UploadedFile | None, tautan: str, hapus_berkas: bool
) -> None:
    """Apply the new bukti (checked first); a replaced or removed file is deleted from storage
    once the transaction commits, never when the change is refused."""
    tautan = (tautan or "").strip()
    lama = row.berkas.name if row.berkas else ""
    storage = row.berkas.storage
    ganti = bool(lama) and (hapus_berkas or berkas is not None)
    if ganti:
        row.berkas.name = ""
        row.nama_berkas, row.jenis_berkas, row.ukuran_berkas = "", "", None
    row.tautan = ""
    if berkas is not None or tautan:
        berkas_mod.lampirkan(row, berkas, tautan)
    if ganti:
        transaction.on_commit(lambda: storage.delete(lama))


@transaction.atomic
def hapus_aktivitas(actor: Any, aktivitas_id: int, now: dt.datetime | None = None) -> None:
    pegawai = _own_pegawai(actor)
    row = _row_of_owner(actor, pegawai, aktivitas_id)
    if row.status == StatusAktivitas.DITERIMA:
        raise DomainError("Aktivitas yang sudah diterima penilai tidak dapat dihapus.")
    pastikan_pengisian(pegawai, row.tanggal, now)
    before = audit.snapshot(row, FIELDS)
    berkas_mod.hapus_berkas_nanti(row)
    audit.record(actor, "aktivitas.dihapus", row, before=before)
    row.delete()


@transaction.atomic
def salin_aktivitas(
    actor: Any, dari_tanggal: dt.date, ke_tanggal: dt.date, now: dt.datetime | None = None
) -> list[AktivitasHarian]:
    """Copy every entry of one day to another (times, uraian, links, quantity; not the bukti,
    which belongs to the day it proves). Refused as a whole if any copy would overlap."""
    pegawai = _own_pegawai(actor)
    if dari_tanggal is None or ke_tanggal is None:
        raise DomainError("Isi tanggal sumber dan tanggal tujuan.")
    if dari_tanggal == ke_tanggal:
        raise DomainError("Tanggal sumber dan tanggal tujuan sama.")
    ke_tanggal = periksa_tanggal(ke_tanggal, hari_ini(pegawai.instansi_id, now))
    sumber = list(
        AktivitasHarian.objects.filter(
            instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk, tanggal=dari_tanggal
        ).order_by("jam_mulai")
    )
    if not sumber:
        raise DomainError(
            f"Tidak ada aktivitas pada {jadwal.format_tanggal(dari_tanggal)} untuk disalin."
        )
    for row in sumber:
        lain = bentrok(pegawai, ke_tanggal, row.jam_mulai, row.jam_selesai)
        if lain is not None:
            raise DomainError(
                f"Tidak ada yang disalin: aktivitas {jam(row.jam_mulai)}-{jam(row.jam_selesai)} "
                f"bertabrakan dengan aktivitas pada {jadwal.format_tanggal(ke_tanggal)} pukul "
                f"{jam(lain.jam_mulai)}-{jam(lain.jam_selesai)} ({_ringkas(lain.uraian)})."
            )
    pastikan_pengisian(pegawai, ke_tanggal, now)
    copies = [_salinan(pegawai, row, ke_tanggal) for row in sumber]
    AktivitasHarian.objects.bulk_create(copies)
    audit.record(
        actor,
        "aktivitas.disalin",
        copies[0],
        after={
            "dari": dari_tanggal.isoformat(),
            "ke": ke_tanggal.isoformat(),
            "ids": [c.pk for c in copies],
        },
        object_repr=f"{len(copies)} aktivitas ke {ke_tanggal:%d-%m-%Y}",
    )
    return copies


def _salinan(pegawai: Pegawai, row: AktivitasHarian, tanggal: dt.date) -> AktivitasHarian:
    rhk_id, ra_id = row.rhk_id, row.rencana_aksi_id
    try:
        rhk_id, ra_id = _link(pegawai, tanggal, rhk_id, ra_id)
    except DomainError:  # another year or period: the copy keeps what still applies
        ra_id = None
        try:
            rhk_id, _ = _link(pegawai, tanggal, rhk_id, None)
        except DomainError:
            rhk_id = None
    return AktivitasHarian(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tanggal=tanggal,
        jam_mulai=row.jam_mulai,
        jam_selesai=row.jam_selesai,
        menit=row.menit,
        uraian=row.uraian,
        rhk_id=rhk_id,
        rencana_aksi_id=ra_id,
        kuantitas=row.kuantitas,
        satuan=row.satuan,
    )


# --- The penilai's writes --------------------------------------------------------------------


def _penilai_of(actor: Any, rows: Iterable[AktivitasHarian]) -> None:
    """PermissionDenied unless the actor is the penilai of every row's owner."""
    if not getattr(actor, "pegawai_id", None):
        raise PermissionDenied("Hanya pejabat penilai yang dapat memeriksa aktivitas harian.")
    checked: dict[int, bool] = {}
    for row in rows:
        if row.pegawai_id == actor.pegawai_id:
            raise PermissionDenied("Anda tidak dapat memeriksa aktivitas Anda sendiri.")
        if row.pegawai_id not in checked:
            checked[row.pegawai_id] = penilai_id_of(row.pegawai) == actor.pegawai_id
        if not checked[row.pegawai_id]:
            raise PermissionDenied(
                "Hanya pejabat penilai pegawai ini yang dapat menerima atau mengembalikan "
                "aktivitasnya."
            )


def _rows_for_review(actor: Any, ids: Iterable[int]) -> list[AktivitasHarian]:
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        raise DomainError("Pilih aktivitas yang akan diperiksa.")
    rows = list(
        AktivitasHarian.objects.select_for_update(of=("self",))
        .filter(instansi_id=actor.instansi_id, pk__in=wanted)
        .select_related("pegawai", "pegawai__unor")
        .order_by("pk")
    )
    if len(rows) != len(wanted):
        raise DomainError("Sebagian aktivitas yang dipilih tidak ditemukan.")
    _penilai_of(actor, rows)
    return rows


@transaction.atomic
def terima_aktivitas(actor: Any, ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Accept the entries (all or none); returns how many changed. Already accepted ones are
    left as they are; a returned one waits for its owner's correction."""
    rows = _rows_for_review(actor, ids)
    locks = PeriodeCache(actor.instansi_id, UntukBatas.PENILAIAN, now)
    for row in rows:
        if row.status == StatusAktivitas.DIKEMBALIKAN:
            raise DomainError(
                f"Aktivitas {row} milik {row.pegawai.nama_lengkap} sedang dikembalikan untuk "
                "diperbaiki; terima setelah pegawai memperbaikinya."
            )
        locks.pastikan_terbuka(row.tanggal, row.pegawai)
    waktu = now or timezone.now()
    changed = [r for r in rows if r.status == StatusAktivitas.MENUNGGU]
    for row in changed:
        row.status, row.dinilai_oleh_id, row.dinilai_at = (
            StatusAktivitas.DITERIMA,
            actor.pegawai_id,
            waktu,
        )
        row.save(update_fields=["status", "dinilai_oleh", "dinilai_at", "updated_at"])
        audit.record(
            actor,
            "aktivitas.diterima",
            row,
            before={"status": StatusAktivitas.MENUNGGU},
            after={"status": StatusAktivitas.DITERIMA},
        )
    return len(changed)


@transaction.atomic
def kembalikan_aktivitas(
    actor: Any, aktivitas_id: int, catatan: str, now: dt.datetime | None = None
) -> AktivitasHarian:
    """Return an entry (waiting or accepted) to its owner with a note; they are notified."""
    catatan = (catatan or "").strip()
    if not catatan:
        raise DomainError("Tulis catatan pengembalian: apa yang perlu diperbaiki pegawai.")
    (row,) = _rows_for_review(actor, [aktivitas_id])
    if row.status == StatusAktivitas.DIKEMBALIKAN:
        raise DomainError("Aktivitas ini sudah dikembalikan dan menunggu perbaikan pegawai.")
    PeriodeCache(actor.instansi_id, UntukBatas.PENILAIAN, now).pastikan_terbuka(
        row.tanggal, row.pegawai
    )
    before = {"status": row.status, "catatan_penilai": row.catatan_penilai}
    row.status, row.catatan_penilai = StatusAktivitas.DIKEMBALIKAN, catatan
    row.dinilai_oleh_id, row.dinilai_at = actor.pegawai_id, now or timezone.now()
    row.save(
        update_fields=["status", "catatan_penilai", "dinilai_oleh", "dinilai_at", "updated_at"]
    )
    audit.record(
        actor,
        "aktivitas.dikembalikan",
        row,
        before=before,
        after={"status": row.status, "catatan_penilai": catatan},
        reason=catatan,
    )
    notify(
        row.pegawai,
        "Aktivitas harian dikembalikan",
        f"Aktivitas {row} ({_ringkas(row.uraian)}) dikembalikan penilai: {catatan}",
        _url_minggu(row.tanggal),
        jenis="aktivitas.dikembalikan",
    )
    return row
