"""The sweep that pushes due results to SIASN (ADR 0007 "Sweep", "Uncertain outcomes").

`sapu(now)` runs `paralel` threads (1: in this thread), each with its own requests.Session and
database connection. A thread claims a batch of up to PARTAI due rows (menunggu and due, or
mengirim with an expired lease → mengirim with a 5-minute lease) in one transaction that locks
them, as healthchecks does: PostgreSQL with FOR UPDATE SKIP LOCKED, SQLite with its IMMEDIATE
transaction, so two workers never hold one row. It reads the batch's results and documents in
one query each, sends the rows one by one, writes each row's outcome with one UPDATE, and the
batch's sync-log rows with one INSERT.

Never two saves for one (evaluasi, versi, jenis):
- the claim marks the row `ragu` (uncertain) in the database, so the mark is there BEFORE the
  save request goes out; the attempt's outcome, written once at its end, clears it only when
  nothing can have been stored: the save answered, SIASN refused it (4xx), or the attempt
  stopped before the save;
- an attempt on a row that was uncertain before its claim (after a timeout, a dropped
  connection, a 5xx, or a worker that died: the mark stayed, or its lease expired) first
  reads SIASN back (rw-skp22 / rw-kinerjaperiodik of the NIP) and, if a record with the same
  period and values is there, marks the row terkirim without saving;
- every write of the worker is conditional on still holding the lease, and no save starts
  with less lease left than the HTTP timeouts need. Leases are taken and checked on the
  sweep's clock: the `now` it was given, moving on with real time (a sweep may outlast one
  lease). Due rows and back-off are counted from `now` itself.
Back-off after a temporary failure: 1 min, 5 min, 30 min, 2 h, 12 h, then gagal for a human.
A permanent refusal (4xx) fails at once with SIASN's message.
"""

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kinerja.core.permissions import DomainError
from kinerja.integrasi.http import GalatIntegrasi, sesi
from kinerja.integrasi.log import simpan_tampungan
from kinerja.integrasi.models import Arah, LogSinkron, PenanggungJawab
from kinerja.integrasi.siasn import payload
from kinerja.integrasi.siasn.adapter import Adapter
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn, StatusKiriman
from kinerja.org.models import Instansi
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, StatusEvaluasi
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen

logger = logging.getLogger(__name__)
T = TypeVar("T")
Jam = Callable[[], dt.datetime]

BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
SEWA = dt.timedelta(minutes=5)
TUNDA_KEBERATAN = dt.timedelta(days=1)
TUNDA_VERSI_LAMA = dt.timedelta(minutes=1)
# Rows a thread claims at once: one claim, two reads and one log insert per batch instead of
# per row. Small, so the last row of a batch starts well inside the lease.
PARTAI = 8
PESAN_SEWA = "Sewa pengiriman hampir habis; dicoba lagi segera."
PESAN_DOKUMEN = (
    "Dokumen evaluasi belum terbit untuk versi hasil ini; terbitkan ulang dokumennya "
    "(menu Dokumen), pengiriman dicoba lagi otomatis."
)


@dataclass
class Ringkasan:
    terkirim: int = 0
    gagal: int = 0
    ditunda: int = 0
    dibatalkan: int = 0
    dicoba: int = 0
    pesan: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def tambah(self, hasil: str) -> None:
        with self._lock:
            self.dicoba += 1
            if hasil == StatusKiriman.TERKIRIM:
                self.terkirim += 1
            elif hasil == StatusKiriman.GAGAL:
                self.gagal += 1
            elif hasil == StatusKiriman.DIBATALKAN:
                self.dibatalkan += 1
            else:
                self.ditunda += 1


class _SewaHilang(Exception):
    """Another worker owns the row now (our lease expired): stop without writing."""


def _db(fn: Callable[[], T], kali: int = 100) -> T:
    """A database call, again after a short wait while SQLite says the table is locked (its
    shared in-memory cache answers at once instead of waiting; see core.jobs._ulangi)."""
    for i in range(kali):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or i == kali - 1:
                raise
            time.sleep(0.02)
    raise AssertionError("unreachable")


def jam_dari(now: dt.datetime) -> Jam:
    """The sweep's clock: `now`, moving on with real time (tests pass `now` to move time)."""
    mulai = time.monotonic()
    return lambda: now + dt.timedelta(seconds=time.monotonic() - mulai)


def _jatuh_tempo(instansi_id: int, now: dt.datetime) -> tuple[QuerySet[KirimanSiasn], ...]:
    """Due rows as two queries, each an index range of kiriman_sapu (one query with OR makes
    SQLite read every row of the instansi): mengirim with an expired lease, and menunggu
    with berikutnya_at passed, in that order (an expired lease has waited longer)."""
    rows = KirimanSiasn.objects.filter(instansi_id=instansi_id)
    return (
        rows.filter(status=StatusKiriman.MENGIRIM, sewa_sampai__lt=now).order_by(
            "sewa_sampai", "id"
        ),
        rows.filter(status=StatusKiriman.MENUNGGU, berikutnya_at__lte=now).order_by(
            "berikutnya_at", "id"
        ),
    )


def klaim(instansi_id: int, now: dt.datetime, pk: int | None = None) -> KirimanSiasn | None:
    """Take one due row (or row `pk` if due); see klaim_banyak."""
    rows = klaim_banyak(instansi_id, now, 1, pk)
    return rows[0] if rows else None


def klaim_banyak(
    instansi_id: int,
    now: dt.datetime,
    jumlah: int,
    pk: int | None = None,
    jatuh_tempo: dt.datetime | None = None,
) -> list[KirimanSiasn]:
    """Take up to `jumlah` rows due at `jatuh_tempo` (default `now`) with a lease until
    now + SEWA. Each row is marked `ragu` in the database; `row.ragu` keeps whether it was
    uncertain before (marked, or its lease expired while it was being sent)."""
    return _db(functools.partial(_klaim, instansi_id, now, jumlah, pk, jatuh_tempo or now))


@transaction.atomic
def _klaim(
    instansi_id: int, now: dt.datetime, jumlah: int, pk: int | None, jatuh_tempo: dt.datetime
) -> list[KirimanSiasn]:
    rows: list[KirimanSiasn] = []
    for qs in _jatuh_tempo(instansi_id, jatuh_tempo):
        if pk is not None:
            qs = qs.filter(pk=pk)
        # Locked until the commit: a concurrent claim skips them (PostgreSQL) or waits for
        # the commit (SQLite's IMMEDIATE transaction) and then finds them taken.
        rows += qs.select_for_update(skip_locked=True)[: jumlah - len(rows)]
        if len(rows) == jumlah:
            break
    if not rows:
        return []
    sewa = now + SEWA
    KirimanSiasn.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=StatusKiriman.MENGIRIM,
        sewa_sampai=sewa,
        ragu=True,
        percobaan=F("percobaan") + 1,
        updated_at=timezone.now(),
    )
    for row in rows:
        row.ragu = row.ragu or row.status == StatusKiriman.MENGIRIM
        row.status, row.sewa_sampai = StatusKiriman.MENGIRIM, sewa
        row.percobaan += 1
    return rows


class _Partai:
    """A claimed batch: what its rows need from the database, read at once, and the sync-log
    rows of its attempts, written at once by `simpan_log` (call it in a finally)."""

    def __init__(
        self, rows: list[KirimanSiasn], adapter: Adapter, now: dt.datetime, jam: Jam
    ) -> None:
        self.adapter, self.now, self.jam = adapter, now, jam
        self.log: list[LogSinkron] = []
        instansi_id = adapter.instansi.pk
        self.evaluasi: dict[int, Any] = _db(
            lambda: {
                e["pk"]: e
                for e in Evaluasi.objects.filter(
                    instansi_id=instansi_id, pk__in=[r.evaluasi_id for r in rows]
                ).values("pk", "status", "versi", "pegawai_id")
            }
        )
        # The latest signed document of each result version still to upload. `jenis` is
        # checked here: in SQL it makes SQLite scan the instansi's documents by (instansi,
        # jenis) instead of looking up these results by (instansi, evaluasi).
        belum = [r.evaluasi_id for r in rows if not r.dok_path]
        self.dokumen: dict[tuple[int | None, int], Dokumen] = {}
        if belum:
            for dok in _db(
                lambda: list(
                    Dokumen.objects.filter(instansi_id=instansi_id, evaluasi_id__in=belum)
                    .exclude(berkas="")
                    .order_by("versi")
                )
            ):
                if dok.jenis == JenisDokumen.EVALUASI:
                    self.dokumen[(dok.evaluasi_id, dok.versi_sumber)] = dok

    def kirim(self, row: KirimanSiasn) -> str:
        """One attempt on one row of the batch; its outcome (a StatusKiriman)."""
        return _Kirim(row, self).jalankan()

    def simpan_log(self) -> None:
        if self.log:
            _db(lambda: simpan_tampungan(self.log))


class _Kirim:
    """One attempt on one claimed row. Fields to store go to `ubah` and are written with the
    outcome (`tulis`): one conditional UPDATE per attempt. The database already says ragu
    (the claim did), so nothing needs writing before the save."""

    def __init__(self, row: KirimanSiasn, partai: _Partai) -> None:
        self.row, self.partai = row, partai
        self.adapter, self.now = partai.adapter, partai.now
        self.sewa = row.sewa_sampai
        self.save_dimulai = False
        self.ubahan: dict[str, Any] = {}

    # --- guarded writes -------------------------------------------------------------------
    def ubah(self, **fields: Any) -> None:
        """Keep fields for the outcome's write (a dropped attempt loses them: the row stays
        ragu, the next attempt reads back and uploads again)."""
        self.ubahan.update(fields)
        for name, value in fields.items():
            setattr(self.row, name, value)

    def tulis(self, **fields: Any) -> None:
        fields = {**self.ubahan, **fields}
        fields.setdefault("updated_at", timezone.now())
        n = _db(
            lambda: KirimanSiasn.objects.filter(
                pk=self.row.pk, status=StatusKiriman.MENGIRIM, sewa_sampai=self.sewa
            ).update(**fields)
        )
        if n != 1:
            raise _SewaHilang
        self.ubahan = {}
        for name, value in fields.items():
            setattr(self.row, name, value)

    def selesai(self, siasn_id: str, pesan: str) -> str:
        self.tulis(
            status=StatusKiriman.TERKIRIM,
            siasn_id=siasn_id,
            ragu=False,
            sewa_sampai=None,
            terkirim_at=timezone.now(),
            kode_galat="",
            pesan=pesan,
            penanggung_jawab="",
        )
        return StatusKiriman.TERKIRIM

    def tunda(self, kapan: dt.datetime, pesan: str, hitung: bool = False) -> str:
        """Back to the queue without counting an attempt (waiting for something else)."""
        self.tulis(
            status=StatusKiriman.MENUNGGU,
            berikutnya_at=kapan,
            sewa_sampai=None,
            ragu=self.row.ragu,
            percobaan=self.row.percobaan - (0 if hitung else 1),
            pesan=pesan,
        )
        return StatusKiriman.MENUNGGU

    def batal(self, pesan: str) -> str:
        self.tulis(
            status=StatusKiriman.DIBATALKAN, sewa_sampai=None, ragu=self.row.ragu, pesan=pesan
        )
        return StatusKiriman.DIBATALKAN

    def sisa_sewa_cukup(self) -> bool:
        connect, read = settings.KINERJA_HTTP_TIMEOUT
        assert self.sewa is not None
        return self.partai.jam() + dt.timedelta(seconds=connect + read + 1) < self.sewa

    # --- the attempt ----------------------------------------------------------------------
    def jalankan(self) -> str:
        row = self.row
        ev = self.partai.evaluasi.get(row.evaluasi_id)
        berlaku = ev is not None and ev["status"] in SUDAH_FINAL and ev["versi"] == row.versi
        try:
            with self.adapter.catat(
                f"kirim_{row.jenis}",
                Arah.KIRIM,
                aktor=row.aktor if row.aktor_id else None,
                ref=f"evaluasi:{row.evaluasi_id} versi {row.versi}",
                tampung=self.partai.log,
            ) as log:
                hasil = self._kirim(ev, berlaku)
                log.jumlah = 1 if hasil == StatusKiriman.TERKIRIM else 0
                log.pesan = self.row.pesan
            return hasil
        except _SewaHilang:
            return StatusKiriman.MENGIRIM
        except GalatIntegrasi as exc:
            return self._galat(exc)

    def _kirim(self, ev: Any, berlaku: bool) -> str:
        row = self.row
        if not self.sisa_sewa_cukup():  # its turn in the batch came too late
            return self.tunda(self.now, PESAN_SEWA)
        if not berlaku:
            if row.ragu and self._sudah_ada():
                return self.selesai(row.siasn_id, "Sudah tercatat di SIASN (dibaca ulang).")
            return self.batal(
                "Dibatalkan: hasil evaluasi berubah atau tidak lagi final sejak diantrekan."
            )
        assert ev is not None
        if ev["status"] in (StatusEvaluasi.KEBERATAN, StatusEvaluasi.DIPERIKSA):
            return self.tunda(self.now + TUNDA_KEBERATAN, "Menunggu keputusan keberatan.")
        lama = row.mengoreksi
        if lama is not None and lama.status not in (
            StatusKiriman.TERKIRIM,
            StatusKiriman.DIBATALKAN,
        ):
            return self.tunda(self.now + TUNDA_VERSI_LAMA, "Menunggu kiriman versi sebelumnya.")
        data = dict(row.payload)
        if not payload.pns_id_dari(row.jenis, data):
            data = payload.dengan_pns_id(row.jenis, data, self._pns_id(ev["pegawai_id"]))
            self.ubah(payload=data)
        if row.ragu:
            if self._sudah_ada():
                return self.selesai(row.siasn_id, "Sudah tercatat di SIASN (dibaca ulang).")
            self.ubah(ragu=False)
        if not row.dok_path:
            self.ubah(dok_path=self._unggah())
        koreksi = lama is not None and lama.status == StatusKiriman.TERKIRIM and lama.siasn_id
        if koreksi and row.jenis == payload.PERIODIK:
            assert lama is not None
            self.adapter.hapus_periodik(lama.siasn_id)
        elif koreksi:
            assert lama is not None
            data["id"] = lama.siasn_id
        if not self.sisa_sewa_cukup():
            return self.tunda(self.now, PESAN_SEWA)
        self.ubah(ragu=True)  # from here on the outcome is unknown until SIASN answers
        self.save_dimulai = True
        ident = self.adapter.kirim_hasil(row.jenis, {**data, "path": [row.dok_path]})
        pesan = "Koreksi terkirim ke SIASN." if koreksi else "Terkirim ke SIASN."
        return self.selesai(ident or (lama.siasn_id if koreksi and lama else ""), pesan)

    def _sudah_ada(self) -> bool:
        row = self.row
        for rekaman in self.adapter.riwayat(row.jenis, row.nip):
            if payload.sama(row.jenis, row.payload, rekaman):
                self.row.siasn_id = str(rekaman.get("id") or "")
                return True
        return False

    def _pns_id(self, pegawai_id: int) -> str:
        row = self.row
        pns = _db(
            lambda: (
                IdentitasSiasn.objects.filter(instansi_id=row.instansi_id, pegawai_id=pegawai_id)
                .values_list("pns_id", flat=True)
                .first()
            )
        )
        if pns:
            return pns
        pns = self.adapter.pns_id(row.nip)
        from kinerja.integrasi.siasn.services import simpan_identitas

        _db(lambda: simpan_identitas(row.instansi_id, {pegawai_id: pns}))
        return pns

    def _unggah(self) -> dict[str, Any]:
        row = self.row
        dok = self.partai.dokumen.get((row.evaluasi_id, row.versi))
        if dok is None:
            raise GalatIntegrasi(
                PESAN_DOKUMEN,
                kode="dokumen_belum_terbit",
                sementara=True,
                penanggung_jawab=PenanggungJawab.ADMIN_INSTANSI,
            )
        with dok.berkas.open("rb") as berkas:
            isi = berkas.read()
        return self.adapter.kirim_dokumen(f"evaluasi-{dok.kode}.pdf", isi)

    def _galat(self, exc: GalatIntegrasi) -> str:
        row = self.row
        # A save that got a definite refusal stored nothing; any other failure of it may have.
        ragu = row.ragu
        if self.save_dimulai and exc.status is not None and 400 <= exc.status < 500:
            ragu = False
        n = row.percobaan
        try:
            if exc.sementara and n <= len(BACKOFF):
                self.tulis(
                    status=StatusKiriman.MENUNGGU,
                    berikutnya_at=self.now + BACKOFF[n - 1],
                    sewa_sampai=None,
                    ragu=ragu,
                    kode_galat=exc.kode,
                    pesan=f"Percobaan ke-{n} gagal: {exc.pesan}",
                    penanggung_jawab=exc.penanggung_jawab or PenanggungJawab.BKN,
                )
                return StatusKiriman.MENUNGGU
            self.tulis(
                status=StatusKiriman.GAGAL,
                sewa_sampai=None,
                ragu=ragu,
                kode_galat=exc.kode,
                pesan=exc.pesan,
                penanggung_jawab=exc.penanggung_jawab
                or (PenanggungJawab.BKN if exc.sementara else PenanggungJawab.ADMIN_INSTANSI),
            )
        except _SewaHilang:
            return StatusKiriman.MENGIRIM
        return StatusKiriman.GAGAL


def kirim_satu(row: KirimanSiasn, adapter: Adapter, now: dt.datetime | None = None) -> str:
    """One attempt on a row already claimed (status mengirim, our lease)."""
    now = now or timezone.now()
    partai = _Partai([row], adapter, now, jam_dari(now))
    try:
        return partai.kirim(row)
    finally:
        partai.simpan_log()


def _instansi_jatuh_tempo(now: dt.datetime, instansi_id: int | None) -> list[Instansi]:
    qs = Instansi.objects.filter(aktif=True).order_by("pk")
    if instansi_id is not None:
        qs = qs.filter(pk=instansi_id)
    return [i for i in qs if any(due.exists() for due in _jatuh_tempo(i.pk, now))]


def _pekerja(
    instansi: Instansi, now: dt.datetime, jam: Jam, ringkasan: Ringkasan, batas: int | None
) -> None:
    adapter = Adapter.dari_env(instansi, sesi())
    while batas is None or ringkasan.dicoba < batas:
        jumlah = PARTAI if batas is None else max(1, min(PARTAI, batas - ringkasan.dicoba))
        rows = klaim_banyak(instansi.pk, jam(), jumlah, jatuh_tempo=now)
        if not rows:
            return
        partai = _Partai(rows, adapter, now, jam)
        try:
            for row in rows:
                try:
                    ringkasan.tambah(partai.kirim(row))
                except Exception:  # one bad row must not stop the sweep; its lease expires
                    logger.exception("Kiriman SIASN %s gagal diproses", row.pk)
                    ringkasan.tambah(StatusKiriman.MENGIRIM)
        finally:
            partai.simpan_log()
        if len(rows) < jumlah:  # nothing else was due
            return


def sapu(
    now: dt.datetime | None = None,
    paralel: int = 8,
    instansi_id: int | None = None,
    batas: int | None = None,
) -> Ringkasan:
    """Send every row due at `now` (of one instansi or all). `paralel` threads, each claiming
    its own batches; 1 runs in this thread. An instansi without SIASN configuration is
    skipped (its admin screen says why)."""
    now = now or timezone.now()
    jam = jam_dari(now)
    ringkasan = Ringkasan()
    for instansi in _instansi_jatuh_tempo(now, instansi_id):
        try:
            Adapter.dari_env(instansi)
        except DomainError as exc:
            ringkasan.pesan.append(f"{instansi.kode}: {exc}")
            continue
        if paralel <= 1:
            _pekerja(instansi, now, jam, ringkasan, batas)
            continue

        def kerja(_: int, instansi: Instansi = instansi) -> None:
            try:
                _pekerja(instansi, now, jam, ringkasan, batas)
            finally:
                connections.close_all()  # this thread's connections only

        with ThreadPoolExecutor(max_workers=paralel, thread_name_prefix="siasn") as pool:
            list(pool.map(kerja, range(paralel)))
    return ringkasan


def tugas_kirim(progress: Callable[[int, int], None], instansi_id: int, kiriman_id: int) -> None:
    """Background job (core.jobs): send one row now if it is still due (a keberatan decided
    Tetap or Diubah). The sweep would send it anyway; this only makes it sooner."""
    instansi = Instansi.objects.get(pk=instansi_id)
    now = timezone.now()
    row = klaim(instansi_id, now, pk=kiriman_id)
    if row is not None:
        kirim_satu(row, Adapter.dari_env(instansi), now)
    progress(1, 1)


def tugas_sapu(progress: Callable[[int, int], None], instansi_id: int) -> Any:
    """Background job of "Kirim sekarang": sweep the instansi's due rows."""
    from kinerja.core.jobs import Hasil

    r = sapu(instansi_id=instansi_id, paralel=4)
    progress(r.dicoba, r.dicoba)
    return Hasil(
        pesan=f"{r.terkirim} terkirim, {r.ditunda} dijadwalkan ulang, {r.gagal} gagal, "
        f"{r.dibatalkan} dibatalkan." + (" " + " ".join(r.pesan) if r.pesan else "")
    )
