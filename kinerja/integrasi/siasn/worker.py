"""The sweep that pushes due results to SIASN (ADR 0007 "Sweep", "Uncertain outcomes").

`sapu(now)` claims due rows one at a time with a conditional UPDATE (menunggu and due, or
mengirim with an expired lease → mengirim with a 5-minute lease), as healthchecks does: two
workers never hold one row. With `paralel` > 1 a thread pool runs, each thread claiming its
own rows with its own requests.Session.

Never two saves for one (evaluasi, versi, jenis):
- the row is marked `ragu` (uncertain) in the database BEFORE the save request goes out, and
  cleared only when the answer says for sure that nothing was stored (a 4xx);
- an attempt on a `ragu` row (after a timeout, a dropped connection, a 5xx, or a worker that
  died: expired lease) first reads SIASN back (rw-skp22 / rw-kinerjaperiodik of the NIP) and,
  if a record with the same period and values is there, marks the row terkirim without saving;
- every write of the worker is conditional on still holding the lease, and no save starts
  with less lease left than the HTTP timeouts need.
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
from django.db import OperationalError, connections
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from kinerja.core.permissions import DomainError
from kinerja.integrasi.http import GalatIntegrasi, sesi
from kinerja.integrasi.models import Arah, PenanggungJawab
from kinerja.integrasi.siasn import payload
from kinerja.integrasi.siasn.adapter import Adapter
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn, StatusKiriman
from kinerja.org.models import Instansi
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, StatusEvaluasi
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen

logger = logging.getLogger(__name__)
T = TypeVar("T")

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
_CALON = 16  # due rows looked at per claim; threads pick different ones
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


def _jatuh_tempo(now: dt.datetime) -> Q:
    return Q(status=StatusKiriman.MENUNGGU, berikutnya_at__lte=now) | Q(
        status=StatusKiriman.MENGIRIM, sewa_sampai__lt=now
    )


def klaim(
    instansi_id: int, now: dt.datetime, nomor: int = 0, pk: int | None = None
) -> KirimanSiasn | None:
    """Take one due row (or row `pk` if due): a conditional UPDATE, so of two workers only
    one gets it."""
    only = Q(pk=pk) if pk is not None else Q()
    while True:
        calon: list[int] = _db(
            lambda: list(
                KirimanSiasn.objects.filter(Q(instansi_id=instansi_id) & only & _jatuh_tempo(now))
                .order_by("berikutnya_at", "id")
                .values_list("pk", flat=True)[:_CALON]
            )
        )
        if not calon:
            return None
        # Threads start at different candidates, so they rarely race for one row.
        calon = calon[nomor % len(calon) :] + calon[: nomor % len(calon)]
        sewa = now + SEWA
        for pk in calon:
            if _db(functools.partial(_ambil, instansi_id, pk, now, sewa)) == 1:
                return _db(functools.partial(KirimanSiasn.objects.get, pk=pk))


def _ambil(instansi_id: int, pk: int, now: dt.datetime, sewa: dt.datetime) -> int:
    return KirimanSiasn.objects.filter(
        Q(pk=pk, instansi_id=instansi_id) & _jatuh_tempo(now)
    ).update(
        # A row whose lease expired was being sent: its outcome is unknown.
        ragu=Case(When(status=StatusKiriman.MENGIRIM, then=Value(True)), default=F("ragu")),
        status=StatusKiriman.MENGIRIM,
        sewa_sampai=sewa,
        percobaan=F("percobaan") + 1,
        updated_at=timezone.now(),
    )


class _Kirim:
    """One attempt on one claimed row."""

    def __init__(self, row: KirimanSiasn, adapter: Adapter, now: dt.datetime) -> None:
        self.row, self.adapter, self.now = row, adapter, now
        self.mulai = time.monotonic()
        self.sewa = row.sewa_sampai
        self.save_dimulai = False

    # --- guarded writes -------------------------------------------------------------------
    def tulis(self, **fields: Any) -> None:
        fields.setdefault("updated_at", timezone.now())
        n = _db(
            lambda: KirimanSiasn.objects.filter(
                pk=self.row.pk, status=StatusKiriman.MENGIRIM, sewa_sampai=self.sewa
            ).update(**fields)
        )
        if n != 1:
            raise _SewaHilang
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
            percobaan=self.row.percobaan - (0 if hitung else 1),
            pesan=pesan,
        )
        return StatusKiriman.MENUNGGU

    def batal(self, pesan: str) -> str:
        self.tulis(status=StatusKiriman.DIBATALKAN, sewa_sampai=None, pesan=pesan)
        return StatusKiriman.DIBATALKAN

    def sisa_sewa_cukup(self) -> bool:
        connect, read = settings.KINERJA_HTTP_TIMEOUT
        berlalu = dt.timedelta(seconds=time.monotonic() - self.mulai)
        assert self.sewa is not None
        return self.now + berlalu + dt.timedelta(seconds=connect + read + 1) < self.sewa

    # --- the attempt ----------------------------------------------------------------------
    def jalankan(self) -> str:
        row = self.row
        ev: Any = _db(
            lambda: (
                Evaluasi.objects.filter(instansi_id=row.instansi_id, pk=row.evaluasi_id)
                .values("status", "versi", "pegawai_id")
                .first()
            )
        )
        berlaku = ev is not None and ev["status"] in SUDAH_FINAL and ev["versi"] == row.versi
        try:
            with self.adapter.catat(
                f"kirim_{row.jenis}",
                Arah.KIRIM,
                aktor=row.aktor if row.aktor_id else None,
                ref=f"evaluasi:{row.evaluasi_id} versi {row.versi}",
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
            self.tulis(payload=data)
        if row.ragu:
            if self._sudah_ada():
                return self.selesai(row.siasn_id, "Sudah tercatat di SIASN (dibaca ulang).")
            self.tulis(ragu=False)
        if not row.dok_path:
            self.tulis(dok_path=self._unggah())
        koreksi = lama is not None and lama.status == StatusKiriman.TERKIRIM and lama.siasn_id
        if koreksi and row.jenis == payload.PERIODIK:
            assert lama is not None
            self.adapter.hapus_periodik(lama.siasn_id)
        elif koreksi:
            assert lama is not None
            data["id"] = lama.siasn_id
        if not self.sisa_sewa_cukup():
            return self.tunda(self.now, "Sewa pengiriman hampir habis; dicoba lagi segera.")
        self.tulis(ragu=True)  # from here on the outcome is unknown until SIASN answers
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
        dok = _db(
            lambda: (
                Dokumen.objects.filter(
                    instansi_id=row.instansi_id,
                    evaluasi_id=row.evaluasi_id,
                    jenis=JenisDokumen.EVALUASI,
                    versi_sumber=row.versi,
                )
                .exclude(berkas="")
                .order_by("-versi")
                .first()
            )
        )
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
    return _Kirim(row, adapter, now or timezone.now()).jalankan()


def _instansi_jatuh_tempo(now: dt.datetime, instansi_id: int | None) -> list[Instansi]:
    qs = Instansi.objects.filter(aktif=True).order_by("pk")
    if instansi_id is not None:
        qs = qs.filter(pk=instansi_id)
    result = []
    for instansi in qs:
        due = KirimanSiasn.objects.filter(Q(instansi_id=instansi.pk) & _jatuh_tempo(now))
        if due.exists():
            result.append(instansi)
    return result


def _pekerja(
    instansi: Instansi, now: dt.datetime, nomor: int, ringkasan: Ringkasan, batas: int | None
) -> None:
    adapter = Adapter.dari_env(instansi, sesi())
    while batas is None or ringkasan.dicoba < batas:
        row = klaim(instansi.pk, now, nomor)
        if row is None:
            return
        try:
            ringkasan.tambah(kirim_satu(row, adapter, now))
        except Exception:  # one bad row must not stop the sweep; its lease expires
            logger.exception("Kiriman SIASN %s gagal diproses", row.pk)
            ringkasan.tambah(StatusKiriman.MENGIRIM)


def sapu(
    now: dt.datetime | None = None,
    paralel: int = 8,
    instansi_id: int | None = None,
    batas: int | None = None,
) -> Ringkasan:
    """Send every due row (of one instansi or all). `paralel` threads, each claiming its own
    rows; 1 runs in this thread. An instansi without SIASN configuration is skipped (its
    admin screen says why)."""
    now = now or timezone.now()
    ringkasan = Ringkasan()
    for instansi in _instansi_jatuh_tempo(now, instansi_id):
        try:
            Adapter.dari_env(instansi)
        except DomainError as exc:
            ringkasan.pesan.append(f"{instansi.kode}: {exc}")
            continue
        if paralel <= 1:
            _pekerja(instansi, now, 0, ringkasan, batas)
            continue

        def kerja(nomor: int, instansi: Instansi = instansi) -> None:
            try:
                _pekerja(instansi, now, nomor, ringkasan, batas)
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
