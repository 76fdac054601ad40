"""Rebuilding ledger rows from the evaluations: load (a fixed number of queries for one pegawai
or a whole instansi), plan (pure: which rows should exist, per aturan.py), and the difference
with the rows stored. services.py holds the transactions, the writes and the audit.

Which jenjang an evaluation is booked at: the jenjang of the definitif position (RiwayatJabatan)
held on the last day of the covered months, or the current jabatan's when the pegawai has no
position covering that day. An evaluation of months spent outside jabatan fungsional books
nothing. Once booked, a row keeps its koefisien while its jenjang stays the same (a later change
of the reference table does not rewrite the past).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from kinerja.org.models import JenisPenugasan, JenjangFungsional, Pegawai, RiwayatJabatan
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.tindaklanjut.angkakredit import aturan
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit

# The columns a ledger row is compared on (computed_at is set when one of them changes).
KOLOM = (
    "pegawai_id",
    "periode_id",
    "jenis_periode",
    "mulai",
    "selesai",
    "jenjang_id",
    "koefisien",
    "bulan_cakupan",
    "bulan",
    "predikat",
    "persentase",
    "nilai",
    "versi",
    "keterangan",
)
# What can change for an evaluation's row (the others follow from the evaluation itself): the
# columns loaded and compared, fewer converters per row at 200,000 rows.
BANDING = (
    "mulai",
    "selesai",
    "jenjang_id",
    "koefisien",
    "bulan_cakupan",
    "bulan",
    "predikat",
    "nilai",
    "versi",
    "keterangan",
)
DIGANTIKAN = "Digantikan evaluasi tahunan"
SEBAGIAN_DIGANTIKAN = "Sebagian bulan digantikan evaluasi tahunan"
SEBELUM_SALDO = "Sebelum tanggal mulai saldo awal"


def lingkup(instansi_id: int, pegawai_id: int | None, kolom: str = "pegawai_id") -> Q:
    """One pegawai, or every pegawai of the instansi who ever held a JF position (as subqueries:
    a list of 40,000 ids would exceed SQLite's parameter limit)."""
    if pegawai_id is not None:
        return Q(**{kolom: pegawai_id})
    pernah = RiwayatJabatan.objects.filter(
        instansi_id=instansi_id,
        jenis_penugasan=JenisPenugasan.DEFINITIF,
        jabatan__jenjang__isnull=False,
    ).values("pegawai_id")
    kini = Pegawai.objects.filter(instansi_id=instansi_id, jabatan__jenjang__isnull=False).values(
        "id"
    )
    return Q(**{f"{kolom}__in": pernah}) | Q(**{f"{kolom}__in": kini})


@dataclass
class Posisi:
    """A pegawai's definitif positions: (mulai, sampai or None, jenjang id or None)."""

    riwayat: list[tuple[dt.date, dt.date | None, int | None]] = field(default_factory=list)
    kini: int | None = None  # the current jabatan's jenjang

    def jenjang_pada(self, day: dt.date) -> int | None:
        covering = [r for r in self.riwayat if r[0] <= day and (r[1] is None or day <= r[1])]
        if covering:
            return max(covering, key=lambda r: r[0])[2]
        return self.kini


@dataclass(frozen=True)
class Ev:
    id: int
    pegawai_id: int
    periode_id: int
    jenis: str
    mulai: dt.date  # period ∩ SKP
    selesai: dt.date
    predikat: str
    versi: int


@dataclass
class Data:
    posisi: dict[int, Posisi]
    evaluasi: dict[int, list[Ev]]
    saldo: dict[int, dt.date]
    jenjang: dict[int, JenjangFungsional]
    stored: dict[int, dict[str, Any]]  # evaluasi id -> stored row (values incl. "id")


def muat(instansi_id: int, pegawai_id: int | None = None) -> Data:
    """Everything the plan needs, in seven queries whatever the number of pegawai (three for a
    pegawai never in JF with no rows: what most finalisations meet)."""
    base = {"instansi_id": instansi_id}
    posisi: dict[int, Posisi] = defaultdict(Posisi)
    for pid, mulai, sampai, jenjang_id in RiwayatJabatan.objects.filter(
        lingkup(instansi_id, pegawai_id), jenis_penugasan=JenisPenugasan.DEFINITIF, **base
    ).values_list("pegawai_id", "berlaku_mulai", "berlaku_sampai", "jabatan__jenjang_id"):
        posisi[pid].riwayat.append((mulai, sampai, jenjang_id))
    for pid, jenjang_id in Pegawai.objects.filter(
        lingkup(instansi_id, pegawai_id, "id"), **base
    ).values_list("id", "jabatan__jenjang_id"):
        posisi[pid].kini = jenjang_id
    names = ("id", "evaluasi_id", *BANDING)
    stored = {
        row[1]: dict(zip(names, row, strict=True))
        for row in AngkaKredit.objects.filter(lingkup(instansi_id, pegawai_id), **base).values_list(
            *names
        )
    }
    pernah_jf = any(p.kini or any(r[2] for r in p.riwayat) for p in posisi.values())
    if pegawai_id is not None and not pernah_jf:
        return Data(dict(posisi), {}, {}, {}, stored)
    evaluasi: dict[int, list[Ev]] = defaultdict(list)
    # The few periods apart: their dates parsed once, not once per evaluation.
    periode = {
        pk: (jenis, mulai, selesai)
        for pk, jenis, mulai, selesai in PeriodePenilaian.objects.filter(**base).values_list(
            "id", "jenis", "mulai", "selesai"
        )
    }
    rows = Evaluasi.objects.filter(
        lingkup(instansi_id, pegawai_id), status__in=SUDAH_FINAL, **base
    ).values_list(
        "id", "pegawai_id", "periode_id", "skp_mulai", "skp__periode_selesai", "predikat", "versi"
    )
    for eid, pid, periode_id, s_mulai, s_selesai, pred, versi in rows:
        jenis, p_mulai, p_selesai = periode[periode_id]
        mulai, selesai = max(p_mulai, s_mulai), min(p_selesai, s_selesai)
        evaluasi[pid].append(Ev(eid, pid, periode_id, jenis, mulai, selesai, pred, versi))
    saldo = dict(
        SaldoAngkaKredit.objects.filter(lingkup(instansi_id, pegawai_id), **base).values_list(
            "pegawai_id", "tanggal_mulai"
        )
    )
    return Data(
        posisi=dict(posisi),
        evaluasi=dict(evaluasi),
        saldo=saldo,
        jenjang=JenjangFungsional.objects.in_bulk(),
        stored=stored,
    )


def rencana(data: Data) -> dict[int, dict[str, Any]]:
    """The rows that should exist, by evaluasi id (pure: no queries)."""
    out: dict[int, dict[str, Any]] = {}
    for pid, evs in data.evaluasi.items():
        posisi = data.posisi.get(pid, Posisi())
        jf: list[tuple[Ev, JenjangFungsional, frozenset[int]]] = []
        for ev in evs:
            jenjang_id = posisi.jenjang_pada(ev.selesai)
            months = aturan.bulan_tercakup(ev.mulai, ev.selesai)
            if jenjang_id is None or not months or ev.predikat not in aturan.PERSENTASE:
                continue
            jf.append((ev, data.jenjang[jenjang_id], months))
        cakupan = [
            aturan.Cakupan(ev.id, ev.jenis == JenisPeriode.TAHUNAN, months) for ev, _, months in jf
        ]
        mulai_saldo = data.saldo.get(pid)
        dihitung = aturan.bulan_dihitung(cakupan, mulai_saldo)
        tanpa_saldo = aturan.bulan_dihitung(cakupan) if mulai_saldo else dihitung
        for ev, jenjang, months in jf:
            out[ev.id] = _baris(data, ev, jenjang, months, dihitung[ev.id], tanpa_saldo[ev.id])
    return out


def _baris(
    data: Data,
    ev: Ev,
    jenjang: JenjangFungsional,
    months: frozenset[int],
    counted: frozenset[int],
    tanpa_saldo: frozenset[int],
) -> dict[str, Any]:
    stored = data.stored.get(ev.id)
    koefisien = (
        stored["koefisien"]
        if stored and stored["jenjang_id"] == jenjang.pk
        else Decimal(jenjang.koefisien)
    )
    keterangan = []
    if len(tanpa_saldo) < len(months):
        keterangan.append(DIGANTIKAN if not tanpa_saldo else SEBAGIAN_DIGANTIKAN)
    if len(counted) < len(tanpa_saldo):
        keterangan.append(SEBELUM_SALDO)
    return {
        "evaluasi_id": ev.id,
        "pegawai_id": ev.pegawai_id,
        "periode_id": ev.periode_id,
        "jenis_periode": ev.jenis,
        "mulai": ev.mulai,
        "selesai": ev.selesai,
        "jenjang_id": jenjang.pk,
        "koefisien": koefisien,
        "bulan_cakupan": len(months),
        "bulan": len(counted),
        "predikat": ev.predikat,
        "persentase": aturan.persentase(ev.predikat),
        "nilai": aturan.angka_kredit(koefisien, len(counted), ev.predikat),
        "versi": ev.versi,
        "keterangan": "; ".join(keterangan),
    }


@dataclass
class Selisih:
    baru: list[dict[str, Any]]
    ubah: list[tuple[dict[str, Any], dict[str, Any]]]  # (stored, wanted with "id")
    hapus: list[dict[str, Any]]


def selisih(data: Data, wanted: dict[int, dict[str, Any]]) -> Selisih:
    baru, ubah = [], []
    for eid, row in wanted.items():
        stored = data.stored.get(eid)
        if stored is None:
            baru.append(row)
        elif any(_differs(stored[k], row[k]) for k in BANDING):
            ubah.append((stored, {**row, "id": stored["id"]}))
    hapus = [row for eid, row in data.stored.items() if eid not in wanted]
    return Selisih(baru, ubah, hapus)


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) != Decimal(b)
    return bool(a != b)
