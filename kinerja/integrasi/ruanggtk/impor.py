"""Import of teachers' SKP and results from Ruang GTK (ADR 0007, docs/integrasi/ruang-gtk.md).

Same pattern as the org imports (kinerja/org/imports.py): `pratinjau` reads every record,
checks it against the database and stores the outcome on an ImporRuangGtk batch (nothing else
is written); `terapkan` reads the stored records again, checks them again against the database
as it is now and writes everything in one transaction, or nothing. Each error names who must
fix it (PenanggungJawab). Every step leaves a LogSinkron row (written outside the transaction).

What is written carries `sumber = "Ruang GTK"`, so perencanaan/penilaian refuse edits:
- `skp` → an Skp Disetujui and berlaku with its RHK/IKI, the seven PerilakuKerja rows and the
  snapshots. Keyed (pegawai, periode_mulai): a re-import updates the same rows in place (RHK
  kunci kept) or writes nothing when unchanged. An SKP typed here for the same periode stays as
  an earlier revision; the imported one becomes the revision in force.
- `hasil_periodik` / `hasil_tahunan` → an Evaluasi Final, predikat from the matrix. Keyed
  (pegawai, skp_mulai, periode) like every evaluasi; a re-import with other ratings updates it
  (versi + 1). A draft typed here is taken over; a result finalised here is never overwritten.
Imports send no `evaluasi_final` (no SIASN push, no signed document: Ruang GTK reports and
documents its own results); the guru's angka kredit is recomputed directly after applying,
since it is our own ledger built from every final result.
"""

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from kinerja.core.impor import (
    MAKS_KESALAHAN,
    baca_untuk_diterapkan,
    isi_hasil,
    isi_pratinjau,
    nama_berkas,
    simpan_pratinjau,
    tandai_dibatalkan,
    tandai_diterapkan,
    tandai_gagal,
)
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.integrasi.http import ringkas
from kinerja.integrasi.log import catat
from kinerja.integrasi.models import Arah, PenanggungJawab, Sistem, StatusSinkron
from kinerja.integrasi.ruanggtk import format as fmt
from kinerja.integrasi.ruanggtk.format import CatatanHasil, CatatanSkp, kesalahan
from kinerja.integrasi.ruanggtk.models import SUMBER, AsalImpor, ImporRuangGtk
from kinerja.org.models import Instansi, Pegawai, StatusImpor
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, RiwayatEvaluasi, StatusEvaluasi
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    Intervensi,
    JenisCascading,
    NilaiBerakhlak,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)
from kinerja.perencanaan.services import BERAKHLAK_VERSI, snapshot_of

MAKS_CONTOH = 20
_CHUNK = 900  # values in one "IN (...)": below SQLite's 999 parameters
AK_PER_PEGAWAI_SAMPAI = 50  # more guru than this: one bulk recompute of the instansi
STANDAR = (JenisPeriode.BULANAN, JenisPeriode.TRIWULANAN)
ADMIN = PenanggungJawab.ADMIN_INSTANSI
OPERATOR = PenanggungJawab.OPERATOR_RUANG_GTK
KEPSEK = PenanggungJawab.KEPALA_SEKOLAH


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


@dataclass
class _Skp:
    catatan: CatatanSkp
    pegawai: Pegawai
    penilai: Pegawai
    atasan_penilai_id: int | None
    rhk_pimpinan: dict[str, int]  # casefolded text of an approved RHK of the penilai -> id


@dataclass
class _Hasil:
    catatan: CatatanHasil
    pegawai: Pegawai
    periode: PeriodePenilaian


class Rencana:
    """The checked content of one batch of records."""

    def __init__(self, instansi_id: int) -> None:
        self.instansi_id = instansi_id
        self.kesalahan: list[fmt.Kesalahan] = []
        self.skp: list[_Skp] = []
        self.hasil: list[_Hasil] = []
        self.jumlah_baris = 0
        self.jenis: Counter[str] = Counter()
        self.digantikan = 0

    # --- checking ------------------------------------------------------------------------
    def periksa(self, data: bytes) -> None:
        bacaan = fmt.baca(data)
        self.jumlah_baris = bacaan.jumlah_baris
        self.kesalahan.extend(bacaan.kesalahan)
        catatan = self._terakhir(bacaan.catatan)
        for c in catatan:
            self.jenis[c.jenis] += 1
        if not catatan:
            return
        self._muat(catatan)
        skp_di_berkas: dict[int, list[CatatanSkp]] = defaultdict(list)
        for c in catatan:
            if isinstance(c, CatatanSkp):
                baris_skp = self._periksa_skp(c)
                if baris_skp is not None:
                    self.skp.append(baris_skp)
                pegawai = self.pegawai.get(c.nip)
                if pegawai is not None:
                    skp_di_berkas[pegawai.pk].append(c)
        for c in catatan:
            if isinstance(c, CatatanHasil):
                baris_hasil = self._periksa_hasil(c, skp_di_berkas)
                if baris_hasil is not None:
                    self.hasil.append(baris_hasil)

    def _terakhir(self, catatan: list[fmt.Catatan]) -> list[fmt.Catatan]:
        """A later record of the same key replaces an earlier one (the feed sends updates)."""
        per_kunci: dict[tuple[Any, ...], fmt.Catatan] = {}
        for c in catatan:
            kunci: tuple[Any, ...]
            if isinstance(c, CatatanSkp):
                kunci = ("skp", c.nip, c.mulai)
            else:
                kunci = (c.jenis, c.nip, c.tahun, c.mulai, c.selesai)
            if kunci in per_kunci:
                self.digantikan += 1
                del per_kunci[kunci]  # keep file order of the later one
            per_kunci[kunci] = c
        return list(per_kunci.values())

    def _muat(self, catatan: list[fmt.Catatan]) -> None:
        """Everything the checks need, in a fixed number of queries."""
        tenant = {"instansi_id": self.instansi_id}
        nips = {c.nip for c in catatan} | {
            c.nip_penilai for c in catatan if isinstance(c, CatatanSkp)
        }
        self.pegawai: dict[str, Pegawai] = {}
        for chunk in _chunks(sorted(nips)):
            for p in Pegawai.objects.filter(nip__in=chunk, **tenant).select_related(
                "unor", "jabatan", "golongan"
            ):
                self.pegawai[p.nip] = p
        tahun = {c.tahun for c in catatan}
        self.unit_kode: dict[str, tuple[int, bool]] = {}
        kode = {c.kode_unor for c in catatan if c.kode_unor}
        if kode:
            from kinerja.org.models import UnitOrganisasi

            for chunk in _chunks(sorted(kode)):
                for k, pk, aktif in UnitOrganisasi.objects.filter(
                    kode__in=chunk, **tenant
                ).values_list("kode", "id", "aktif"):
                    self.unit_kode[k] = (pk, aktif)
        # Approved SKPs in force of the penilai (kepala sekolah), with their RHK.
        penilai_ids = {
            self.pegawai[c.nip_penilai].pk
            for c in catatan
            if isinstance(c, CatatanSkp) and c.nip_penilai in self.pegawai
        }
        self.skp_penilai: dict[tuple[int, int], Skp] = {}
        for chunk in _chunks(sorted(penilai_ids)):
            rows = Skp.objects.filter(
                pegawai_id__in=chunk,
                tahun__in=tahun,
                status=StatusSkp.DISETUJUI,
                berlaku=True,
                **tenant,
            ).prefetch_related(Prefetch("rhk", queryset=RencanaHasilKerja.objects.filter(**tenant)))
            for s in rows.order_by("periode_mulai"):
                self.skp_penilai[s.pegawai_id, s.tahun] = s  # the latest of the year
        self.periode: dict[int, list[PeriodePenilaian]] = defaultdict(list)
        for periode in PeriodePenilaian.objects.filter(tahun__in=tahun, **tenant):
            self.periode[periode.tahun].append(periode)
        guru_ids = [p.pk for p in self.pegawai.values()]
        self.skp_ada: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.evaluasi_ada: dict[tuple[int, dt.date, int], dict[str, Any]] = {}
        periode_ids = [p.pk for ps in self.periode.values() for p in ps]
        for chunk in _chunks(guru_ids):
            for ada in Skp.objects.filter(pegawai_id__in=chunk, tahun__in=tahun, **tenant).values(
                "id",
                "pegawai_id",
                "periode_mulai",
                "periode_selesai",
                "sumber",
                "berlaku",
                "revisi",
            ):
                self.skp_ada[ada["pegawai_id"]].append(dict(ada))
            if periode_ids:
                for e in Evaluasi.objects.filter(
                    pegawai_id__in=chunk, periode_id__in=periode_ids, **tenant
                ).values(
                    "id", "pegawai_id", "skp_mulai", "periode_id", "sumber", "status", "predikat"
                ):
                    self.evaluasi_ada[e["pegawai_id"], e["skp_mulai"], e["periode_id"]] = dict(e)

    def _salah(self, c: fmt.Catatan, pesan: str, kode: str, pj: str, kolom: str = "") -> None:
        self.kesalahan.append(
            kesalahan(
                c.baris,
                pesan,
                kode=kode,
                penanggung_jawab=pj,
                kolom=kolom,
                jenis=c.jenis,
                nip=c.nip,
            )
        )

    def _guru(self, c: fmt.Catatan) -> Pegawai | None:
        """The guru of a record, or None after the errors that stop it."""
        pegawai = self.pegawai.get(c.nip)
        if pegawai is None or not pegawai.aktif:
            self._salah(
                c,
                f"NIP tidak ditemukan: {c.nip} tidak terdaftar sebagai pegawai aktif instansi "
                "ini; periksa data pegawai.",
                fmt.NIP_TIDAK_DITEMUKAN,
                ADMIN,
                "nip",
            )
            return None
        ok = True
        if not pegawai.is_guru:
            self._salah(
                c,
                f"{pegawai.nama_lengkap} ({c.nip}) tidak ditandai sebagai guru di e-Kinerja; "
                "SKP dan hasil dari Ruang GTK hanya untuk guru. Tandai sebagai guru di data "
                "pegawai bila benar.",
                fmt.BUKAN_GURU,
                ADMIN,
                "nip",
            )
            ok = False
        if pegawai.unor is None or not pegawai.unor.aktif:
            unit = pegawai.unor.nama if pegawai.unor else "(belum ada unit)"
            self._salah(
                c,
                f"Unit tidak aktif: unit kerja {pegawai.nama_lengkap} di e-Kinerja, {unit}, "
                "tidak aktif; pindahkan guru ke unit yang aktif.",
                fmt.UNIT_TIDAK_AKTIF,
                ADMIN,
                "nip",
            )
            ok = False
        if c.kode_unor:
            unit_kode = self.unit_kode.get(c.kode_unor)
            if unit_kode is None or not unit_kode[1]:
                self._salah(
                    c,
                    f"Unit tidak aktif: unit {c.kode_unor} tidak ada atau tidak aktif di "
                    "e-Kinerja.",
                    fmt.UNIT_TIDAK_AKTIF,
                    ADMIN,
                    "kode_unor",
                )
                ok = False
        return pegawai if ok else None

    def _periksa_skp(self, c: CatatanSkp) -> _Skp | None:
        awal = len(self.kesalahan)
        pegawai = self._guru(c)
        penilai = self.pegawai.get(c.nip_penilai)
        if penilai is None or not penilai.aktif:
            self._salah(
                c,
                f"NIP tidak ditemukan: NIP penilai (kepala sekolah) {c.nip_penilai} tidak "
                "terdaftar sebagai pegawai aktif instansi ini.",
                fmt.NIP_TIDAK_DITEMUKAN,
                ADMIN,
                "nip_penilai",
            )
            return None
        skp_penilai = self.skp_penilai.get((penilai.pk, c.tahun))
        if skp_penilai is None:
            self._salah(
                c,
                f"SKP organisasi belum dibuat oleh atasan: {penilai.nama_lengkap} "
                f"({penilai.nip}) belum memiliki SKP {c.tahun} yang disetujui di e-Kinerja, "
                "jadi SKP guru belum dapat diturunkan darinya.",
                fmt.SKP_ATASAN_BELUM_ADA,
                KEPSEK,
                "nip_penilai",
            )
            return None
        pimpinan = {r.rhk.strip().casefold(): r.pk for r in skp_penilai.rhk.all()}
        for i, rhk in enumerate(c.rhk, start=1):
            if rhk.rhk_pimpinan and rhk.rhk_pimpinan.casefold() not in pimpinan:
                self._salah(
                    c,
                    f"RHK pimpinan '{rhk.rhk_pimpinan[:80]}' tidak ada di SKP {c.tahun} "
                    f"{penilai.nama_lengkap} yang disetujui.",
                    fmt.RHK_PIMPINAN_TIDAK_ADA,
                    KEPSEK,
                    f"rhk[{i}].rhk_pimpinan",
                )
        if pegawai is None:
            return None
        for s in self.skp_ada.get(pegawai.pk, []):
            tumpang = s["periode_mulai"] <= c.selesai and s["periode_selesai"] >= c.mulai
            if s["periode_mulai"] != c.mulai and tumpang and s["berlaku"]:
                self._salah(
                    c,
                    f"Periode SKP {c.mulai:%d-%m-%Y} s.d. {c.selesai:%d-%m-%Y} bertumpang tindih "
                    f"dengan SKP lain guru ini di e-Kinerja ({s['periode_mulai']:%d-%m-%Y} s.d. "
                    f"{s['periode_selesai']:%d-%m-%Y}).",
                    fmt.SKP_BERTUMPANG,
                    ADMIN,
                    "periode_mulai",
                )
                return None
        if len(self.kesalahan) > awal:
            return None
        return _Skp(c, pegawai, penilai, skp_penilai.penilai_id, pimpinan)

    def _periode_untuk(self, c: CatatanHasil) -> PeriodePenilaian | None:
        semua = self.periode.get(c.tahun, [])
        if not semua:
            self._salah(
                c,
                f"Periode penilaian tahun {c.tahun} belum diatur di e-Kinerja.",
                fmt.PERIODE_BELUM_DIATUR,
                ADMIN,
                "tahun",
            )
            return None
        if c.jenis == "hasil_tahunan":
            for p in semua:
                if p.jenis == JenisPeriode.TAHUNAN:
                    return p
            self._salah(
                c,
                f"Periode Tahunan {c.tahun} belum diatur di e-Kinerja.",
                fmt.PERIODE_BELUM_DIATUR,
                ADMIN,
                "tahun",
            )
            return None
        for p in semua:
            if p.jenis in STANDAR and (p.mulai, p.selesai) == (c.mulai, c.selesai):
                return p
        granularitas = sorted({p.jenis for p in semua if p.jenis != JenisPeriode.TAHUNAN})
        if granularitas and not set(granularitas) & set(STANDAR):
            pesan = (
                f"Periode tidak standar: instansi memakai periode {', '.join(granularitas)} "
                f"tahun {c.tahun}; sinkronisasi Ruang GTK memerlukan periode Bulanan atau "
                "Triwulanan."
            )
            pj = ADMIN
        else:
            assert c.mulai and c.selesai
            pesan = (
                f"Periode tidak standar: {c.mulai:%d-%m-%Y} s.d. {c.selesai:%d-%m-%Y} bukan "
                f"periode {' atau '.join(granularitas) or 'penilaian'} instansi tahun {c.tahun}; "
                "kirim hasil per periode bulanan atau triwulanan yang sama dengan e-Kinerja."
            )
            pj = OPERATOR
        self._salah(c, pesan, fmt.PERIODE_TIDAK_STANDAR, pj, "periode_mulai")
        return None

    def _periksa_hasil(
        self, c: CatatanHasil, skp_di_berkas: dict[int, list[CatatanSkp]]
    ) -> _Hasil | None:
        pegawai = self._guru(c)
        periode = self._periode_untuk(c)
        if pegawai is None or periode is None:
            return None
        skp_mulai = self._skp_mulai(pegawai.pk, periode, skp_di_berkas)
        if skp_mulai is None:
            self._salah(
                c,
                f"SKP Ruang GTK guru ini yang mencakup {periode} belum diterima e-Kinerja; "
                "kirim catatan skp-nya lebih dulu (atau dalam berkas yang sama).",
                fmt.SKP_BELUM_DIIMPOR,
                OPERATOR,
                "periode_mulai",
            )
            return None
        ada = self.evaluasi_ada.get((pegawai.pk, skp_mulai, periode.pk))
        if ada and not ada["sumber"] and ada["status"] in SUDAH_FINAL:
            self._salah(
                c,
                f"Hasil {periode} guru ini sudah difinalkan di e-Kinerja (predikat "
                f"{ada['predikat']}); hasil dari Ruang GTK tidak menimpanya.",
                fmt.HASIL_SUDAH_FINAL,
                ADMIN,
                "periode_mulai",
            )
            return None
        return _Hasil(c, pegawai, periode)

    def _skp_mulai(
        self,
        pegawai_id: int,
        periode: PeriodePenilaian,
        skp_di_berkas: dict[int, list[CatatanSkp]],
    ) -> dt.date | None:
        """periode_mulai of the imported SKP covering the period (this batch or stored)."""
        calon = [(s.mulai, s.selesai) for s in skp_di_berkas.get(pegawai_id, [])] + [
            (s["periode_mulai"], s["periode_selesai"])
            for s in self.skp_ada.get(pegawai_id, [])
            if s["sumber"] and s["berlaku"]
        ]
        cocok = [m for m, s in calon if m <= periode.selesai and s >= periode.mulai]
        return max(cocok) if cocok else None

    # --- summary -----------------------------------------------------------------------
    def ringkasan(self) -> dict[str, Any]:
        per_pj = Counter(e["penanggung_jawab"] for e in self.kesalahan)
        per_kode = Counter(e["kode"] for e in self.kesalahan)
        contoh = [
            {
                "baris": r.catatan.baris,
                "jenis": "skp",
                "nip": r.pegawai.nip,
                "nama": r.pegawai.nama_lengkap,
                "keterangan": f"{len(r.catatan.rhk)} RHK, penilai {r.penilai.nama_lengkap}",
            }
            for r in self.skp[:MAKS_CONTOH]
        ] + [
            {
                "baris": r.catatan.baris,
                "jenis": r.catatan.jenis,
                "nip": r.pegawai.nip,
                "nama": r.pegawai.nama_lengkap,
                "keterangan": f"{r.periode}: {r.catatan.predikat}",
            }
            for r in self.hasil[: max(0, MAKS_CONTOH - len(self.skp))]
        ]
        return {
            "skp": self.jenis["skp"],
            "hasil_periodik": self.jenis["hasil_periodik"],
            "hasil_tahunan": self.jenis["hasil_tahunan"],
            "digantikan": self.digantikan,
            "catatan_valid": len(self.skp) + len(self.hasil),
            "jumlah_kesalahan": len(self.kesalahan),
            "kesalahan_lain": max(0, len(self.kesalahan) - MAKS_KESALAHAN),
            "per_penanggung_jawab": dict(per_pj),
            "per_kode": dict(per_kode),
            "contoh": contoh,
        }


def rencanakan(instansi_id: int, data: bytes) -> Rencana:
    rencana = Rencana(instansi_id)
    rencana.periksa(data)
    return rencana


def _pesan_kesalahan(ringkasan: dict[str, Any]) -> str:
    per_pj = ringkasan.get("per_penanggung_jawab") or {}
    bagian = ", ".join(f"{n} oleh {pj}" for pj, n in sorted(per_pj.items()))
    return f"{ringkasan.get('jumlah_kesalahan', 0)} kesalahan perlu diperbaiki: {bagian}."


def _tutup_log(log: Any, batch: ImporRuangGtk) -> None:
    log.jumlah = batch.jumlah_baris
    log.ref = f"impor:{batch.pk}"
    if batch.status == StatusImpor.GAGAL_VALIDASI:
        log.status = StatusSinkron.SEBAGIAN
        log.kode_galat = "validasi"
        log.pesan = _pesan_kesalahan(batch.ringkasan)
        per_pj = batch.ringkasan.get("per_penanggung_jawab") or {}
        if len(per_pj) == 1:
            log.penanggung_jawab = next(iter(per_pj))
        log.jawaban = ringkas(batch.kesalahan[:20])


# --- pratinjau / terapkan / batalkan ------------------------------------------------------


def pratinjau(
    actor: Any,
    instansi_id: int,
    nama_file: str,
    data: bytes,
    *,
    asal: str = AsalImpor.BERKAS,
    kursor_sejak: str = "",
    kursor: str = "",
) -> ImporRuangGtk:
    """Dry run: check the records and keep them with the outcome; nothing else is written."""
    require_admin_instansi(actor, instansi_id)
    nama_file = nama_berkas(nama_file, "ruang-gtk.jsonl")
    with catat(
        instansi_id=instansi_id,
        sistem=Sistem.RUANG_GTK,
        arah=Arah.IMPOR,
        operasi="pratinjau",
        aktor=actor,
        ref=nama_file,
    ) as log:
        rencana = rencanakan(instansi_id, data)
        batch = ImporRuangGtk(
            instansi_id=instansi_id,
            asal=asal,
            nama_file=nama_file[:255],
            kursor_sejak=kursor_sejak[:64],
            kursor=kursor[:64],
        )
        isi_pratinjau(batch, actor, rencana)
        simpan_pratinjau(
            actor,
            batch,
            nama_file,
            data,
            "ruanggtk.pratinjau",
            after={
                "asal": batch.asal,
                "nama_file": batch.nama_file,
                "status": batch.status,
                "catatan": batch.jumlah_baris,
                "kesalahan": len(rencana.kesalahan),
            },
        )
        _tutup_log(log, batch)
    return batch


@dataclass
class Hitungan:
    skp_baru: int = 0
    skp_diubah: int = 0
    evaluasi_baru: int = 0
    evaluasi_diubah: int = 0
    tetap: int = 0


@transaction.atomic
def _terapkan(actor: Any, batch: ImporRuangGtk) -> Rencana:
    data = baca_untuk_diterapkan(batch)
    rencana = rencanakan(batch.instansi_id, data)
    isi_hasil(batch, rencana)
    if rencana.kesalahan:
        tandai_gagal(
            actor,
            batch,
            "ruanggtk.gagal_diterapkan",
            after={"kesalahan": len(rencana.kesalahan)},
        )
        return rencana
    now = timezone.now()
    hitung = Hitungan()
    _tulis_skp(rencana, hitung, now)
    berubah = _tulis_hasil(rencana, hitung, actor, now)
    _hitung_angka_kredit(batch.instansi_id, berubah, actor, batch)
    batch.ringkasan = {**batch.ringkasan, **hitung.__dict__}
    tandai_diterapkan(actor, batch, "ruanggtk.diterapkan", after=dict(hitung.__dict__), waktu=now)
    return rencana


def terapkan(actor: Any, batch: ImporRuangGtk) -> ImporRuangGtk:
    """Check the stored records again, then write them all (or nothing)."""
    require_admin_instansi(actor, batch.instansi_id)
    with catat(
        instansi_id=batch.instansi_id,
        sistem=Sistem.RUANG_GTK,
        arah=Arah.IMPOR,
        operasi="terapkan",
        aktor=actor,
        ref=f"impor:{batch.pk}",
    ) as log:
        try:
            rencana = _terapkan(actor, batch)
        except DomainError as exc:
            log.status, log.kode_galat, log.pesan = StatusSinkron.GAGAL, "ditolak", str(exc)
            log.penanggung_jawab = ADMIN
            raise
        _tutup_log(log, batch)
        if batch.status == StatusImpor.DITERAPKAN:
            log.pesan = _pesan_diterapkan(batch.ringkasan)
    if batch.status == StatusImpor.GAGAL_VALIDASI:
        raise DomainError(
            "Data di e-Kinerja berubah sejak pratinjau dan catatan ini sekarang memiliki "
            f"{len(rencana.kesalahan)} kesalahan; tidak ada yang diimpor."
        )
    return batch


def _pesan_diterapkan(r: dict[str, Any]) -> str:
    return (
        f"SKP: {r.get('skp_baru', 0)} baru, {r.get('skp_diubah', 0)} diperbarui; hasil: "
        f"{r.get('evaluasi_baru', 0)} baru, {r.get('evaluasi_diubah', 0)} diperbarui; "
        f"{r.get('tetap', 0)} tidak berubah."
    )


@transaction.atomic
def batalkan(actor: Any, batch: ImporRuangGtk) -> ImporRuangGtk:
    require_admin_instansi(actor, batch.instansi_id)
    batch = ImporRuangGtk.objects.select_for_update().get(pk=batch.pk)
    tandai_dibatalkan(actor, batch, "ruanggtk.dibatalkan")
    return batch


# --- writing SKPs -------------------------------------------------------------------------


def _isi_skp(c: CatatanSkp) -> list[Any]:
    """The content of an SKP record, comparable with what is stored."""
    return [
        [
            r.jenis,
            r.rhk,
            r.rhk_pimpinan.casefold(),
            [[i.indikator, i.aspek, str(i.target_min), str(i.target_max), i.satuan] for i in r.iki],
        ]
        for r in c.rhk
    ]


def _isi_tersimpan(skp: Skp, pimpinan_teks: dict[int, str]) -> list[Any]:
    return [
        [
            r.jenis,
            r.rhk,
            next((pimpinan_teks.get(link.rhk_atasan_id, "") for link in r.intervensi.all()), ""),
            [
                [i.indikator, i.aspek, str(i.target_min), str(i.target_max), i.satuan]
                for i in r.iki.all()
            ],
        ]
        for r in skp.rhk.all()
    ]


def _snapshot(r: _Skp, instansi_nama: str) -> dict[str, Any]:
    atasan = (
        Pegawai.objects.select_related("unor", "jabatan", "golongan")
        .filter(instansi_id=r.pegawai.instansi_id, pk=r.atasan_penilai_id)
        .first()
        if r.atasan_penilai_id
        else None
    )
    return {
        "pegawai": snapshot_of(r.pegawai),
        "penilai": snapshot_of(r.penilai),
        "atasan_penilai": snapshot_of(atasan),
        "instansi": instansi_nama,
    }


def _tulis_skp(rencana: Rencana, hitung: Hitungan, now: dt.datetime) -> None:
    if not rencana.skp:
        return
    instansi_id = rencana.instansi_id
    tenant = {"instansi_id": instansi_id}
    instansi_nama = Instansi.objects.values_list("nama", flat=True).get(pk=instansi_id)
    nilai = list(NilaiBerakhlak.objects.filter(versi=BERAKHLAK_VERSI).order_by("urutan"))
    pimpinan_teks = {pk: teks for r in rencana.skp for teks, pk in r.rhk_pimpinan.items()}
    for r in rencana.skp:
        c = r.catatan
        seri = Skp.objects.filter(
            pegawai_id=r.pegawai.pk, periode_mulai=c.mulai, **tenant
        ).order_by("-revisi")
        impor = (
            seri.filter(sumber=SUMBER, berlaku=True)
            .prefetch_related(
                Prefetch(
                    "rhk",
                    queryset=RencanaHasilKerja.objects.filter(**tenant)
                    .order_by("urutan", "id")
                    .prefetch_related(
                        Prefetch(
                            "iki",
                            queryset=IndikatorKinerja.objects.filter(**tenant).order_by(
                                "urutan", "id"
                            ),
                        ),
                        Prefetch("intervensi", queryset=Intervensi.objects.filter(**tenant)),
                    ),
                )
            )
            .first()
        )
        header = {
            "periode_selesai": c.selesai,
            "penilai_id": r.penilai.pk,
            "atasan_penilai_id": r.atasan_penilai_id,
            "pendekatan": c.pendekatan,
        }
        if impor is not None:
            sama_header = all(getattr(impor, k) == v for k, v in header.items())
            if sama_header and _isi_tersimpan(impor, pimpinan_teks) == _isi_skp(c):
                hitung.tetap += 1
                continue
            for k, v in header.items():
                setattr(impor, k, v)
            impor.snapshot = _snapshot(r, instansi_nama)
            impor.save()
            _tulis_rhk(impor, r, list(impor.rhk.all()))
            hitung.skp_diubah += 1
            continue
        terakhir = seri.first()
        skp = Skp(
            instansi_id=instansi_id,
            pegawai_id=r.pegawai.pk,
            tahun=c.tahun,
            periode_mulai=c.mulai,
            revisi=(terakhir.revisi + 1) if terakhir else 1,
            revisi_dari=next((s for s in seri if s.berlaku), terakhir),
            berlaku=True,
            terkini=True,
            is_jpt=False,
            status=StatusSkp.DISETUJUI,
            sumber=SUMBER,
            diajukan_at=c.disetujui_at or now,
            disetujui_at=c.disetujui_at or now,
            snapshot=_snapshot(r, instansi_nama),
            **header,
        )
        if terakhir is not None:  # an SKP typed here: it stays as an earlier revision
            seri.update(berlaku=False, terkini=False, updated_at=now)
        skp.save()
        PerilakuKerja.objects.bulk_create(
            PerilakuKerja(instansi_id=instansi_id, skp=skp, nilai=n) for n in nilai
        )
        _tulis_rhk(skp, r, [])
        hitung.skp_baru += 1


def _tulis_rhk(skp: Skp, r: _Skp, lama: list[RencanaHasilKerja]) -> None:
    """RHK and IKI by position: rows kept (their kunci and realisasi stay), changed in place,
    added or removed at the end; the links to the kepala sekolah's RHK rebuilt."""
    tenant = {"instansi_id": skp.instansi_id}
    rhk_ids = [x.pk for x in lama]
    Intervensi.objects.filter(rhk_id__in=rhk_ids, **tenant).delete()
    lebih = [x.pk for x in lama[len(r.catatan.rhk) :]]
    if lebih:
        RencanaHasilKerja.objects.filter(pk__in=lebih, **tenant).delete()
    links = []
    for urutan, data in enumerate(r.catatan.rhk, start=1):
        if urutan <= len(lama):
            obj = lama[urutan - 1]
            iki_lama = list(obj.iki.all())
        else:
            obj = RencanaHasilKerja(instansi_id=skp.instansi_id, skp=skp, kunci=uuid.uuid4())
            iki_lama = []
        obj.jenis, obj.rhk, obj.urutan = data.jenis, data.rhk, urutan
        obj.save()
        buang = [x.pk for x in iki_lama[len(data.iki) :]]
        if buang:
            IndikatorKinerja.objects.filter(pk__in=buang, **tenant).delete()
        baru = []
        for nomor, iki in enumerate(data.iki, start=1):
            row = iki_lama[nomor - 1] if nomor <= len(iki_lama) else None
            if row is None:
                row = IndikatorKinerja(instansi_id=skp.instansi_id, rhk=obj)
                baru.append(row)
            row.urutan, row.indikator, row.aspek = nomor, iki.indikator, iki.aspek
            row.target_min, row.target_max, row.satuan = iki.target_min, iki.target_max, iki.satuan
            if row.pk:
                row.save()
        IndikatorKinerja.objects.bulk_create(baru)
        if data.rhk_pimpinan:
            links.append(
                Intervensi(
                    instansi_id=skp.instansi_id,
                    rhk=obj,
                    rhk_atasan_id=r.rhk_pimpinan[data.rhk_pimpinan.casefold()],
                    jenis_cascading=JenisCascading.TIDAK_LANGSUNG,
                )
            )
    Intervensi.objects.bulk_create(links)


# --- writing results ------------------------------------------------------------------------


def _tulis_hasil(rencana: Rencana, hitung: Hitungan, actor: Any, now: dt.datetime) -> set[int]:
    """Evaluasi rows; returns the pegawai whose final results changed."""
    berubah: set[int] = set()
    tenant = {"instansi_id": rencana.instansi_id}
    for r in rencana.hasil:
        c = r.catatan
        skp = (
            Skp.objects.filter(
                pegawai_id=r.pegawai.pk,
                sumber=SUMBER,
                berlaku=True,
                periode_mulai__lte=r.periode.selesai,
                periode_selesai__gte=r.periode.mulai,
                **tenant,
            )
            .order_by("-periode_mulai")
            .first()
        )
        assert skp is not None  # checked, and SKPs are written first
        ev = Evaluasi.objects.filter(
            pegawai_id=r.pegawai.pk, skp_mulai=skp.periode_mulai, periode=r.periode, **tenant
        ).first()
        nilai = (c.rating_hasil_kerja, c.rating_perilaku, c.predikat)
        if (
            ev is not None
            and ev.sumber
            and ev.skp_id == skp.pk
            and (
                ev.rating_hasil_kerja,
                ev.rating_perilaku,
                ev.predikat,
            )
            == nilai
            and ev.catatan == c.catatan
        ):
            hitung.tetap += 1
            continue
        aksi = "diimpor"
        if ev is None:
            ev = Evaluasi(
                instansi_id=rencana.instansi_id,
                pegawai_id=r.pegawai.pk,
                skp_mulai=skp.periode_mulai,
                periode=r.periode,
            )
            hitung.evaluasi_baru += 1
        elif ev.sumber:
            ev.versi += 1
            aksi = "diimpor ulang"
            hitung.evaluasi_diubah += 1
        else:  # a draft typed here, taken over
            hitung.evaluasi_baru += 1
        ev.skp, ev.penilai_id, ev.atasan_penilai_id = skp, skp.penilai_id, skp.atasan_penilai_id
        ev.unor_id, ev.is_jpt = r.pegawai.unor_id, False
        ev.rating_hasil_kerja, ev.rating_perilaku, ev.predikat = nilai
        ev.catatan = c.catatan
        ev.status = StatusEvaluasi.FINAL
        ev.sumber = SUMBER
        ev.snapshot = {
            **{k: skp.snapshot.get(k, {}) for k in ("pegawai", "penilai", "atasan_penilai")},
            "instansi": skp.snapshot.get("instansi", ""),
            "skp": {"id": skp.pk, "revisi": skp.revisi, "tahun": skp.tahun},
        }
        ev.dinilai_oleh, ev.dinilai_at = None, c.difinalkan_at or now
        ev.difinalkan_oleh, ev.difinalkan_at = None, c.difinalkan_at or now
        ev.save()
        RiwayatEvaluasi.objects.create(
            instansi_id=ev.instansi_id,
            evaluasi=ev,
            aksi=aksi,
            keterangan=f"Dari Ruang GTK{f' ({c.id})' if c.id else ''}",
            oleh=actor if getattr(actor, "pk", None) else None,
            oleh_nama=SUMBER,
            rating_hasil_kerja=ev.rating_hasil_kerja,
            rating_perilaku=ev.rating_perilaku,
            predikat=ev.predikat,
            status=ev.status,
            versi=ev.versi,
        )
        berubah.add(r.pegawai.pk)
    return berubah


def _hitung_angka_kredit(
    instansi_id: int, pegawai_ids: set[int], actor: Any, batch: ImporRuangGtk
) -> None:
    """The guru's angka kredit ledger follows their final results (we send no
    evaluasi_final, so its receiver does not run): per guru, or the whole instansi in bulk."""
    if not pegawai_ids:
        return
    from kinerja.tindaklanjut.angkakredit import services as ak

    if len(pegawai_ids) > AK_PER_PEGAWAI_SAMPAI:
        ak.hitung_ulang_instansi(instansi_id, actor=actor)
        return
    for pegawai_id in sorted(pegawai_ids):
        ak.hitung_ulang_pegawai(
            instansi_id, pegawai_id, actor=actor, reason=f"Impor Ruang GTK {batch.pk}"
        )


# --- the feed ---------------------------------------------------------------------------------


def kursor_terakhir(instansi_id: int) -> str:
    """Where the next pull of the feed starts: the last applied pull's position."""
    return (
        ImporRuangGtk.objects.filter(
            instansi_id=instansi_id, asal=AsalImpor.FEED, status=StatusImpor.DITERAPKAN
        )
        .order_by("-diterapkan_at", "-id")
        .values_list("kursor", flat=True)
        .first()
        or ""
    )


def tarik(actor: Any, instansi_id: int) -> ImporRuangGtk | None:
    """Pull what changed since the last applied pull and preview it (None: nothing new).
    The HTTP exchange is logged (and fails) outside any transaction."""
    from kinerja.integrasi.ruanggtk.adapter import RuangGtkAdapter

    require_admin_instansi(actor, instansi_id)
    instansi = Instansi.objects.get(pk=instansi_id)
    adapter = RuangGtkAdapter.dari_env(instansi)
    sejak = kursor_terakhir(instansi_id)
    tarikan = adapter.tarik_feed(sejak, aktor=actor)
    if not tarikan.catatan:
        return None
    nama = f"feed-{timezone.localtime():%Y%m%d-%H%M%S}.jsonl"
    return pratinjau(
        actor,
        instansi_id,
        nama,
        fmt.ke_baris(tarikan.catatan),
        asal=AsalImpor.FEED,
        kursor_sejak=sejak,
        kursor=tarikan.kursor,
    )


def contoh_berkas() -> bytes:
    """The documented example (docs/integrasi/ruang-gtk.md), for the download link."""
    from kinerja.integrasi.ruanggtk.skema import CONTOH

    return fmt.ke_baris(CONTOH)
