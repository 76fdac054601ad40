"""Deadline reminders (ADR 0008, "Deadline reminders"): the planner and the instansi's settings.

`rencanakan(instansi_id, now)` runs every hour for each instansi. It finds the deadlines whose
reminder is due now (`aturan.ember`: the periods one may look at, plus the extensions ending
soon), and only then reads who is behind (`hitung_snapshot`) and each person's own deadline
(`batas_efektif_massal`). People are grouped by their deadline; each group at its due offset
is one round (`PutaranPengingat`), claimed with a conditional UPDATE and a lease:
- pengisian: the pegawai without an approved SKP (bit 1) or with an IKI without realisasi
  (bit 2), and, when `ringkasan_penilai` is on, a digest to each atasan of those bawahan;
- penilaian: the penilai of the SKPs in force whose pegawai are not evaluated yet (bit 8),
  one message each with the count.

Each chunk of CHUNK recipients is one transaction: insert the `PengingatTerkirim` keys with
this attempt's token (conflicts ignored), re-read the rows holding the token (exactly those
inserted now), and notify only them. A crash rolls back its chunk; a rerun, a second
scheduler or a second planner finds the committed keys and sends nothing twice.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core import audit, bulk
from kinerja.core.models import Notifikasi
from kinerja.core.notifications import PENERIMA
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.notifikasi import aturan, surat
from kinerja.notifikasi.models import (
    JenisPengingat,
    PengaturanPengingat,
    PengingatTerkirim,
    PutaranPengingat,
    StatusPutaran,
)
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.org.selectors import atasan_semua
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.models import (
    CakupanPerpanjangan,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.pelaksanaan.periode import batas_efektif_massal, zona_of
from kinerja.pelaksanaan.selectors_pemantauan import Lingkup, Snapshot, hitung_snapshot
from kinerja.pelaksanaan.selectors_pemantauan import periode_pilihan as _periode_pilihan
from kinerja.perencanaan.models import Skp, StatusSkp

CHUNK = 2000  # recipients per transaction (tests make it small)
SEWA = dt.timedelta(minutes=10)  # a round's lease: a killed planner's round is taken again
MAKS_NAMA = 20  # names listed in a digest
MAKS_HARI, MAKS_JUMLAH = 60, 5
BELUM_RENCANA, BELUM_REALISASI, BELUM_DINILAI = 1, 2, 8  # selectors_pemantauan.TANDA bits


# --- Settings ---------------------------------------------------------------------------------


def pengaturan_of(instansi_id: int) -> PengaturanPengingat:
    """The instansi's settings, made with the defaults on first need."""
    found = PengaturanPengingat.objects.filter(instansi_id=instansi_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PengaturanPengingat.objects.create(instansi_id=instansi_id)
    except IntegrityError:  # a concurrent planner or page made it first
        return PengaturanPengingat.objects.get(instansi_id=instansi_id)


def urai_hari(teks: str) -> list[int]:
    """ "7, 3, 1" -> [7, 3, 1]: whole days 0-60, distinct, one to five of them."""
    parts = [p.strip() for p in teks.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise DomainError("Isi paling sedikit satu hari, misalnya 7, 3, 1.")
    if not all(p.isdigit() for p in parts):
        raise DomainError("Hari sebelum batas harus bilangan bulat dipisah koma, misalnya 7, 3, 1.")
    return periksa_hari([int(p) for p in parts])


def periksa_hari(hari: Iterable[int]) -> list[int]:
    hari = list(hari)
    if not hari:
        raise DomainError("Isi paling sedikit satu hari, misalnya 7, 3, 1.")
    if len(hari) > MAKS_JUMLAH:
        raise DomainError(f"Paling banyak {MAKS_JUMLAH} pengingat per batas waktu.")
    if any(not 0 <= n <= MAKS_HARI for n in hari):
        raise DomainError(f"Hari sebelum batas harus antara 0 dan {MAKS_HARI}.")
    if len(set(hari)) != len(hari):
        raise DomainError("Setiap hari sebelum batas hanya boleh disebut sekali.")
    return sorted(hari, reverse=True)


@transaction.atomic
def simpan_pengaturan(
    actor: Any, hari_sebelum: Iterable[int], jam: int, ringkasan_penilai: bool, aktif: bool
) -> PengaturanPengingat:
    """The Admin Instansi changes the reminder settings of their instansi (audited)."""
    require_admin_instansi(actor, actor.instansi_id)
    hari = periksa_hari(hari_sebelum)
    if not 0 <= jam <= 23:
        raise DomainError("Jam pengiriman harus antara 0 dan 23.")
    pengaturan = pengaturan_of(actor.instansi_id)
    pengaturan = PengaturanPengingat.objects.select_for_update().get(pk=pengaturan.pk)
    fields = ["hari_sebelum", "jam", "ringkasan_penilai", "aktif"]
    before = audit.snapshot(pengaturan, fields)
    pengaturan.hari_sebelum, pengaturan.jam = hari, jam
    pengaturan.ringkasan_penilai, pengaturan.aktif = ringkasan_penilai, aktif
    pengaturan.save()
    audit.record(
        actor,
        "notifikasi.pengaturan_diubah",
        pengaturan,
        before=before,
        after=audit.snapshot(pengaturan, fields),
        object_repr="Pengaturan pengingat batas waktu",
    )
    return pengaturan


# --- The planner ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Teks:
    judul: str
    pesan: str
    url: str


@dataclass(frozen=True)
class Konteks:
    """What every round of one planner run shares."""

    instansi_id: int
    zona: str
    now: dt.datetime
    hari_ini: dt.date
    pengaturan: PengaturanPengingat


def rencanakan(instansi_id: int, now: dt.datetime | None = None) -> list[PutaranPengingat]:
    """Send the reminders due at `now` for one instansi; returns the rounds finished now."""
    now = now or timezone.now()
    pengaturan = pengaturan_of(instansi_id)
    if not pengaturan.aktif or not pengaturan.hari_sebelum:
        return []
    zona = zona_of(instansi_id)
    k = Konteks(instansi_id, zona, now, aturan.hari_ini(zona, now), pengaturan)
    pending = _putaran_tertunda(k)
    selesai: list[PutaranPengingat] = []
    atasan: dict[int, int | None] | None = None
    paths: dict[int, str] | None = None
    for periode, per_untuk in pending.items():
        snap = hitung_snapshot(Lingkup(instansi_id, periode, hari_ini=k.hari_ini))
        if paths is None:
            paths = dict(
                UnitOrganisasi.objects.filter(instansi_id=instansi_id).values_list("id", "path")
            )
        pegawai_unor = {p: u or None for p, u in zip(snap.pegawai, snap.unor, strict=True)}
        for untuk, rounds in per_untuk.items():
            batas_of = batas_efektif_massal(periode, untuk, pegawai_unor, paths)
            groups: dict[dt.date, list[int]] = defaultdict(list)
            for pid, batas in batas_of.items():
                if batas in rounds:
                    groups[batas].append(pid)
            digest = untuk == UntukBatas.PENGISIAN and pengaturan.ringkasan_penilai
            if digest and atasan is None:
                atasan = atasan_semua(instansi_id, k.hari_ini)
            for batas, n in rounds.items():
                done = _jalankan_putaran(
                    k, periode, untuk, batas, n, snap, set(groups.get(batas, [])), atasan or {}
                )
                if done is not None:
                    selesai.append(done)
    return selesai


def _putaran_tertunda(k: Konteks) -> dict[PeriodePenilaian, dict[str, dict[dt.date, int]]]:
    """The rounds due now and not finished yet: {periode: {untuk: {batas: hari_sebelum}}}.
    Two small reads find the candidate deadlines (the periods' own and the extensions ending
    within the largest offset); a third drops the rounds already done, so the hourly tick
    costs milliseconds when nothing is due."""
    hari, jam = k.pengaturan.hari_sebelum, k.pengaturan.jam
    periods = {p.pk: p for p in _periode_pilihan(k.instansi_id, k.hari_ini)}
    calon: dict[tuple[int, str], set[dt.date]] = defaultdict(set)
    for p in periods.values():
        calon[p.pk, UntukBatas.PENGISIAN].add(p.batas_pengisian)
        calon[p.pk, UntukBatas.PENILAIAN].add(p.batas_penilaian)
    extensions = PerpanjanganBatas.objects.filter(
        instansi_id=k.instansi_id,
        batas_baru__gte=k.hari_ini,
        batas_baru__lte=k.hari_ini + dt.timedelta(days=max(hari)),
    ).values_list("periode_id", "untuk", "batas_baru")
    for periode_id, untuk, batas in extensions:
        calon[periode_id, untuk].add(batas)
    missing = {pid for pid, _ in calon if pid not in periods}
    if missing:  # an extension of an older period
        periods.update(PeriodePenilaian.objects.filter(instansi_id=k.instansi_id).in_bulk(missing))
    due: dict[tuple[int, str, dt.date], int] = {}
    for (periode_id, untuk), dates in calon.items():
        periode = periods.get(periode_id)
        if periode is None:
            continue
        base = periode.batas_pengisian if untuk == UntukBatas.PENGISIAN else periode.batas_penilaian
        for batas in dates:
            n = aturan.ember(batas, hari, k.zona, k.now, jam)
            if n is not None and batas >= base:  # an extension earlier than the base: moot
                due[periode_id, untuk, batas] = n
    if not due:
        return {}
    finished = set(
        PutaranPengingat.objects.filter(
            instansi_id=k.instansi_id,
            periode_id__in={key[0] for key in due},
            status=StatusPutaran.SELESAI,
        ).values_list("periode_id", "untuk", "batas", "hari_sebelum")
    )
    result: dict[PeriodePenilaian, dict[str, dict[dt.date, int]]] = {}
    for (periode_id, untuk, batas), n in sorted(due.items()):
        if (periode_id, untuk, batas, n) not in finished:
            result.setdefault(periods[periode_id], {}).setdefault(untuk, {})[batas] = n
    return result


def _klaim(
    k: Konteks, periode: PeriodePenilaian, untuk: str, batas: dt.date, n: int
) -> PutaranPengingat | None:
    """The round, if this planner may run it: waiting, or running with an expired lease."""
    putaran, _ = PutaranPengingat.objects.get_or_create(
        instansi_id=k.instansi_id, periode=periode, untuk=untuk, batas=batas, hari_sebelum=n
    )
    waktu = timezone.now()  # leases follow the clock, not the planned instant
    taken = (
        PutaranPengingat.objects.filter(pk=putaran.pk)
        .filter(
            Q(status=StatusPutaran.MENUNGGU)
            | Q(status=StatusPutaran.BERJALAN, sewa_sampai__lt=waktu)
        )
        .update(status=StatusPutaran.BERJALAN, sewa_sampai=waktu + SEWA)
    )
    if not taken:
        return None
    putaran.refresh_from_db()
    return putaran


def _jalankan_putaran(
    k: Konteks,
    periode: PeriodePenilaian,
    untuk: str,
    batas: dt.date,
    n: int,
    snap: Snapshot,
    orang: set[int],
    atasan: dict[int, int | None],
) -> PutaranPengingat | None:
    putaran = _klaim(k, periode, untuk, batas, n)
    if putaran is None:
        return None
    try:
        if untuk == UntukBatas.PENGISIAN:
            tanpa_akun = _putaran_pengisian(k, putaran, snap, orang, atasan)
        else:
            tanpa_akun = _putaran_penilaian(k, putaran, snap, orang)
        return _selesai(k, putaran, tanpa_akun)
    except Exception:
        # Released at once for the next tick (a killed planner's lease expires instead).
        PutaranPengingat.objects.filter(pk=putaran.pk, status=StatusPutaran.BERJALAN).update(
            status=StatusPutaran.MENUNGGU, sewa_sampai=None
        )
        raise


def _selesai(k: Konteks, putaran: PutaranPengingat, tanpa_akun: int) -> PutaranPengingat:
    with transaction.atomic():
        PutaranPengingat.objects.filter(pk=putaran.pk).update(
            status=StatusPutaran.SELESAI,
            selesai_at=timezone.now(),
            sewa_sampai=None,
            jumlah_tanpa_akun=tanpa_akun,
        )
        putaran.refresh_from_db()
        counts = ["jumlah_pegawai", "jumlah_penilai", "jumlah_ringkasan", "jumlah_email"]
        audit.record(
            None,
            "pengingat.dikirim",
            putaran,
            after={
                **audit.snapshot(putaran, ["periode", "untuk", "batas", "hari_sebelum"]),
                **audit.snapshot(putaran, [*counts, "jumlah_tanpa_akun"]),
            },
            object_repr=nama_putaran(putaran),
        )
    return putaran


def nama_putaran(putaran: PutaranPengingat) -> str:
    untuk = "pengisian" if putaran.untuk == UntukBatas.PENGISIAN else "penilaian"
    return (
        f"Pengingat {untuk} {putaran.periode}, batas {jadwal.format_tanggal(putaran.batas)} "
        f"(H-{putaran.hari_sebelum})"
    )


# --- The three kinds of message -------------------------------------------------------------


def _putaran_pengisian(
    k: Konteks,
    putaran: PutaranPengingat,
    snap: Snapshot,
    orang: set[int],
    atasan: dict[int, int | None],
) -> int:
    periode = putaran.periode
    batas_teks = jadwal.format_batas(putaran.batas, k.zona)
    sisa = aturan.sisa_teks(aturan.sisa_hari(putaran.batas, k.zona, k.now))
    judul = f"Batas pengisian {periode}: {sisa}"
    rencana = Teks(
        judul,
        f"SKP {periode.tahun} Anda belum disetujui; susun dan ajukan SKP Anda sebelum batas "
        f"pengisian {batas_teks}.",
        reverse("perencanaan:skp_saya"),
    )
    realisasi = Teks(
        judul,
        f"Masih ada indikator tanpa realisasi {periode}; isi realisasinya sebelum batas "
        f"pengisian {batas_teks}.",
        reverse("pelaksanaan:realisasi_saya"),
    )
    teks: dict[int, Teks] = {}
    tertinggal: list[tuple[int, int]] = []  # (pegawai, flags) in name order
    for pid, flags in zip(snap.pegawai, snap.tanda, strict=True):
        if pid in orang and flags & (BELUM_RENCANA | BELUM_REALISASI):
            teks[pid] = rencana if flags & BELUM_RENCANA else realisasi
            tertinggal.append((pid, flags))
    tanpa_akun = _kirim(k, putaran, JenisPengingat.PEGAWAI, teks, "pengingat.pengisian")
    if k.pengaturan.ringkasan_penilai and tertinggal:
        ringkasan = _ringkasan(k, putaran, tertinggal, atasan, f"{batas_teks} ({sisa})")
        tanpa_akun += _kirim(k, putaran, JenisPengingat.RINGKASAN, ringkasan, "pengingat.ringkasan")
    return tanpa_akun


def _ringkasan(
    k: Konteks,
    putaran: PutaranPengingat,
    tertinggal: list[tuple[int, int]],
    atasan: dict[int, int | None],
    batas_teks: str,
) -> dict[int, Teks]:
    """One digest per atasan: counts per flag and the first MAKS_NAMA names (name order)."""
    per_penilai: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pid, flags in tertinggal:
        penilai = atasan.get(pid)
        if penilai is not None:
            per_penilai[penilai].append((pid, flags))
    shown = [pid for rows in per_penilai.values() for pid, _ in rows[:MAKS_NAMA]]
    nama: dict[int, str] = {}
    for start in range(0, len(shown), CHUNK):
        nama.update(
            Pegawai.objects.filter(
                instansi_id=k.instansi_id, pk__in=shown[start : start + CHUNK]
            ).values_list("id", "nama")
        )
    periode = putaran.periode
    url = f"{reverse('pelaksanaan:pemantauan_bawahan')}?periode={periode.pk}"
    result = {}
    for penilai, rows in per_penilai.items():
        rencana = sum(1 for _, f in rows if f & BELUM_RENCANA)
        realisasi = sum(1 for _, f in rows if f & BELUM_REALISASI)
        names = ", ".join(nama.get(pid, "") for pid, _ in rows[:MAKS_NAMA])
        if len(rows) > MAKS_NAMA:
            names += f", dan {len(rows) - MAKS_NAMA} lainnya"
        result[penilai] = Teks(
            f"Ringkasan bawahan: {len(rows)} belum melengkapi kinerja {periode}",
            f"Batas pengisian {batas_teks}. Belum merencanakan: {rencana}. Belum mengisi "
            f"realisasi: {realisasi}. Bawahan: {names}.",
            url,
        )
    return result


def _putaran_penilaian(
    k: Konteks, putaran: PutaranPengingat, snap: Snapshot, orang: set[int]
) -> int:
    """The penilai (Skp.penilai of the SKP in force) of each pegawai not evaluated yet."""
    periode = putaran.periode
    belum = {
        pid
        for pid, flags in zip(snap.pegawai, snap.tanda, strict=True)
        if pid in orang and flags & BELUM_DINILAI
    }
    if not belum:
        return 0
    jumlah = _jumlah_per_penilai(k, periode, belum)
    batas_teks = jadwal.format_batas(putaran.batas, k.zona)
    sisa = aturan.sisa_teks(aturan.sisa_hari(putaran.batas, k.zona, k.now))
    url = f"{reverse('pelaksanaan:pemantauan_bawahan')}?periode={periode.pk}&tanda=belum_dinilai"
    teks = {
        penilai: Teks(
            f"{n} pegawai belum Anda nilai untuk {periode}",
            f"Batas penilaian {periode}: {batas_teks} ({sisa}).",
            url,
        )
        for penilai, n in jumlah.items()
    }
    return _kirim(k, putaran, JenisPengingat.PENILAI, teks, "pengingat.penilaian")


# --- A unit or instansi-wide extension -----------------------------------------------------

PERPANJANGAN = -1  # the "offset" of an extension's notice in its round and keys


def beri_tahu_perpanjangan(perpanjangan_id: int, now: dt.datetime | None = None) -> int:
    """Tell the people a unit or instansi-wide extension concerns (up to a whole instansi,
    hence a task): for pengisian the covered pegawai still behind, for penilaian the penilai
    of the covered pegawai not evaluated yet; only those whose own deadline it now is (a
    later extension of their own wins). One notice per person and new date, whatever the
    retries: the round (batas_baru, -1) and its keys. Returns how many were notified."""
    ext = (
        PerpanjanganBatas.objects.select_related("periode", "unor")
        .filter(pk=perpanjangan_id)
        .first()
    )
    if ext is None or ext.cakupan == CakupanPerpanjangan.PEGAWAI:
        return 0  # one pegawai: told by the service itself
    tindakan = "pengisian" if ext.untuk == UntukBatas.PENGISIAN else "penilaian"
    return _beri_tahu_batas_baru(
        ext.periode,
        ext.untuk,
        ext.batas_baru,
        ext.unor.path if ext.unor is not None else None,
        f"Batas waktu {tindakan} {ext.periode} diperpanjang",
        f"Alasan: {ext.alasan}",
        "periode.diperpanjang",
        now,
    )


def beri_tahu_batas_periode(periode_id: int, untuk: str, now: dt.datetime | None = None) -> int:
    """After the Admin Instansi changed a period's own deadline (`ubah_batas`): the same notice
    as an extension, to everyone of the instansi still behind whose deadline it is (not those
    with an extension of their own). Reads the period's current date, so a task left from an
    earlier change tells about the date in force."""
    periode = PeriodePenilaian.objects.filter(pk=periode_id).first()
    if periode is None:
        return 0
    tindakan = "pengisian" if untuk == UntukBatas.PENGISIAN else "penilaian"
    batas = periode.batas_pengisian if untuk == UntukBatas.PENGISIAN else periode.batas_penilaian
    return _beri_tahu_batas_baru(
        periode,
        untuk,
        batas,
        None,
        f"Batas waktu {tindakan} {periode} diubah",
        "Diubah oleh Admin Instansi",
        "periode.diubah",
        now,
    )


def _beri_tahu_batas_baru(
    periode: PeriodePenilaian,
    untuk: str,
    batas_baru: dt.date,
    unit_path: str | None,
    judul: str,
    alasan: str,
    jenis_notif: str,
    now: dt.datetime | None,
) -> int:
    """The people behind whose effective deadline is now `batas_baru` (in the unit subtree
    when given), told once per person and date: the round (batas_baru, -1) and its keys,
    shared by every extension or change to that date."""
    now = now or timezone.now()
    zona = zona_of(periode.instansi_id)
    k = Konteks(
        periode.instansi_id,
        zona,
        now,
        aturan.hari_ini(zona, now),
        pengaturan_of(periode.instansi_id),
    )
    if jadwal.sudah_lewat(batas_baru, zona, now):
        return 0
    snap = hitung_snapshot(Lingkup(periode.instansi_id, periode, hari_ini=k.hari_ini))
    pegawai_unor = {p: u or None for p, u in zip(snap.pegawai, snap.unor, strict=True)}
    if unit_path is not None:
        units = set(
            UnitOrganisasi.objects.filter(
                instansi_id=periode.instansi_id, path__startswith=unit_path
            ).values_list("id", flat=True)
        )
        pegawai_unor = {p: u for p, u in pegawai_unor.items() if u in units}
    batas_of = batas_efektif_massal(periode, untuk, pegawai_unor)
    orang = {p for p, batas in batas_of.items() if batas == batas_baru}
    bits = BELUM_RENCANA | BELUM_REALISASI if untuk == UntukBatas.PENGISIAN else BELUM_DINILAI
    behind = [
        pid
        for pid, flags in zip(snap.pegawai, snap.tanda, strict=True)
        if pid in orang and flags & bits
    ]
    pesan = f"Batas baru: {jadwal.format_batas(batas_baru, zona)}. {alasan}"
    url = f"{reverse('pelaksanaan:periode_jadwal')}?tahun={periode.tahun}"
    if untuk == UntukBatas.PENGISIAN:
        teks = dict.fromkeys(behind, Teks(judul, pesan, url))
    else:
        teks = _penilai_perpanjangan(k, periode, behind, judul, pesan)
    putaran = _klaim_batas_baru(k, periode, untuk, batas_baru)
    if putaran is None:
        return 0
    try:
        tanpa_akun = _kirim(k, putaran, JenisPengingat.PERPANJANGAN, teks, jenis_notif)
        kolom = _kolom_jumlah(JenisPengingat.PERPANJANGAN, untuk)
        before = getattr(putaran, kolom)
        return int(getattr(_selesai(k, putaran, tanpa_akun), kolom)) - before
    except Exception:
        PutaranPengingat.objects.filter(pk=putaran.pk, status=StatusPutaran.BERJALAN).update(
            status=StatusPutaran.MENUNGGU, sewa_sampai=None
        )
        raise


def _penilai_perpanjangan(
    k: Konteks, periode: PeriodePenilaian, belum: list[int], judul: str, pesan: str
) -> dict[int, Teks]:
    url = f"{reverse('pelaksanaan:pemantauan_bawahan')}?periode={periode.pk}&tanda=belum_dinilai"
    return {
        penilai: Teks(judul, f"{pesan}. {n} pegawai masih menunggu penilaian Anda.", url)
        for penilai, n in _jumlah_per_penilai(k, periode, set(belum)).items()
    }


def _jumlah_per_penilai(k: Konteks, periode: PeriodePenilaian, belum: set[int]) -> dict[int, int]:
    """How many of `belum` each penilai (of the SKP in force) still has to evaluate. One read
    of the year's SKPs, filtered here: an IN list of up to a whole instansi would pass
    SQLite's limit on query parameters."""
    jumlah: dict[int, int] = defaultdict(int)
    for pid, penilai in Skp.objects.filter(
        instansi_id=k.instansi_id,
        tahun=periode.tahun,
        status=StatusSkp.DISETUJUI,
        berlaku=True,
        penilai__isnull=False,
    ).values_list("pegawai_id", "penilai_id"):
        if pid in belum:
            jumlah[penilai] += 1
    return jumlah


def _klaim_batas_baru(
    k: Konteks, periode: PeriodePenilaian, untuk: str, batas_baru: dt.date
) -> PutaranPengingat | None:
    """The round of the notices of a new date is shared by every extension or change to that
    date: a finished one is reopened (its keys keep the people already told from a second
    notice)."""
    PutaranPengingat.objects.filter(
        instansi_id=k.instansi_id,
        periode_id=periode.pk,
        untuk=untuk,
        batas=batas_baru,
        hari_sebelum=PERPANJANGAN,
        status=StatusPutaran.SELESAI,
    ).update(status=StatusPutaran.MENUNGGU)
    return _klaim(k, periode, untuk, batas_baru, PERPANJANGAN)


# --- Sending, chunk by chunk ------------------------------------------------------------------

_JUMLAH = {
    JenisPengingat.PEGAWAI: "jumlah_pegawai",
    JenisPengingat.PENILAI: "jumlah_penilai",
    JenisPengingat.RINGKASAN: "jumlah_ringkasan",
    JenisPengingat.PERPANJANGAN: "jumlah_pegawai",
}


def _kolom_jumlah(jenis: str, untuk: str) -> str:
    """The round's count a notice adds to: extension notices of a penilaian deadline go to
    penilai, so they count there."""
    if jenis == JenisPengingat.PERPANJANGAN and untuk == UntukBatas.PENILAIAN:
        return "jumlah_penilai"
    return _JUMLAH[JenisPengingat(jenis)]


def _kirim(
    k: Konteks, putaran: PutaranPengingat, jenis: str, teks: dict[int, Teks], jenis_notif: str
) -> int:
    """Notify each pegawai of `teks` once for this round's key; returns how many have no
    active account (not notified)."""
    ids = sorted(teks)
    tanpa_akun = 0
    for start in range(0, len(ids), CHUNK):
        tanpa_akun += _kirim_potongan(
            k, putaran, jenis, ids[start : start + CHUNK], teks, jenis_notif
        )
    return tanpa_akun


@transaction.atomic
def _kirim_potongan(
    k: Konteks,
    putaran: PutaranPengingat,
    jenis: str,
    chunk: list[int],
    teks: dict[int, Teks],
    jenis_notif: str,
) -> int:
    akun = {
        row["pegawai_id"]: row
        for row in User.objects.filter(
            instansi_id=k.instansi_id, pegawai_id__in=chunk, is_active=True, pegawai__aktif=True
        ).values("pegawai_id", *PENERIMA)
    }
    token = uuid.uuid4()
    key = {
        "instansi_id": k.instansi_id,
        "periode_id": putaran.periode_id,
        "untuk": putaran.untuk,
        "batas": putaran.batas,
        "hari_sebelum": putaran.hari_sebelum,
        "jenis": jenis,
    }
    now = timezone.now()
    bulk.insert_rows(
        PengingatTerkirim,
        ({**key, "pegawai_id": pid, "token": token, "created_at": now} for pid in akun),
        ignore_conflicts=True,
    )
    # Exactly the rows inserted now: a conflicting row keeps the token of its own attempt.
    baru = sorted(
        PengingatTerkirim.objects.filter(**key, pegawai_id__in=list(akun), token=token).values_list(
            "pegawai_id", flat=True
        )
    )
    rows = Notifikasi.objects.bulk_create(
        Notifikasi(
            instansi_id=k.instansi_id,
            penerima_id=akun[pid]["id"],
            judul=teks[pid].judul[:200],
            pesan=teks[pid].pesan,
            url=teks[pid].url,
            jenis=jenis_notif,
        )
        for pid in baru
    )
    email = surat.antrekan(rows, {akun[pid]["id"]: akun[pid] for pid in baru}) if rows else 0
    kolom = _kolom_jumlah(jenis, putaran.untuk)
    PutaranPengingat.objects.filter(pk=putaran.pk).update(
        **{kolom: F(kolom) + len(baru)},
        jumlah_email=F("jumlah_email") + email,
        sewa_sampai=timezone.now() + SEWA,  # still alive: keep the lease
    )
    return len(chunk) - len(akun)
