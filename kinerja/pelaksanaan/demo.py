"""Demo data of stage 2 for the demo pemkot: the year's periods, four weeks of daily work up to
today, realisasi with link bukti, and some pembinaan around the demo penilai.

- Aktivitas harian on every working day of the last four weeks (this week up to today) for
  every pegawai, tied to the RHK of their approved SKP. Each penilai is either up to date
  (everything before today evaluated) or some days behind (those entries still Menunggu);
  a few evaluated entries were returned (Dikembalikan) with a note.
- Realisasi with a link bukti for every IKI in the previous period and for part of the
  current one; a few pegawai are deliberately behind (no activity this week, no realisasi) so
  that pemantauan shows something, among them bawahan of the demo penilai.
- For the demo penilai (Kasubbag Umum dan Kepegawaian Dinas Pendidikan) and her bawahan:
  rencana aksi, umpan balik threads, one dialog kinerja with follow-ups and one briefing.

Rows are computed in memory from a few reads (no per-pegawai queries) with a seeded RNG and
written with insert_many (COPY on PostgreSQL), straight to the tables rather than through the
services (which check deadlines and permissions a seed does not need), so it scales to the
100,000-pegawai benchmark. Dates follow today's date; idempotent: nothing is written when the
instansi already has aktivitas or realisasi.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.org.selectors import bawahan_of
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.models import (
    AktivitasHarian,
    Briefing,
    BuktiDukung,
    DialogKinerja,
    JenisPeriode,
    LampiranBriefing,
    PengaturanPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    PesertaBriefing,
    Realisasi,
    RencanaAksi,
    StatusAktivitas,
    TindakLanjutDialog,
    UmpanBalik,
)
from kinerja.pelaksanaan.periode import daftar_periode
from kinerja.perencanaan.models import (
    AspekIki,
    IndikatorKinerja,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)

TAHUN = org_demo.TAHUN_ACUAN
MINGGU = 4  # weeks of daily log, this one included
# Time blocks of a working day by number of entries (07.30-16.00 WIB office hours).
T = dt.time
BLOK = {
    1: ((T(7, 30), T(15, 30)),),
    2: ((T(7, 30), T(11, 45)), (T(13, 0), T(15, 45))),
    3: ((T(7, 30), T(9, 45)), (T(10, 0), T(12, 0)), (T(13, 0), T(15, 30))),
}
ENTRI_PER_HARI = (1, 1, 1, 1, 2, 2, 2, 2, 3)  # drawn per pegawai and day: 1.7 on average
P_TANPA_MINGGU_INI = 0.03  # pegawai who logged nothing yet this week
P_TANPA_AKTIVITAS = 0.01  # ... nor in the weeks before
P_PENILAI_TERTINGGAL = 0.5  # penilai who have not evaluated the last days yet
P_DIKEMBALIKAN = 0.02
P_TAUTAN = 0.1  # entries with a link as bukti
# Realisasi of the current period: share of pegawai who filled all IKI, some IKI.
P_REALISASI_PENUH, P_REALISASI_SEBAGIAN = 0.3, 0.2
P_REALISASI_LALU_KOSONG = 0.02  # pegawai who never filled the previous period

# Nominalised RHK openings -> (active verb, noun) to word the daily activities.
KATA_KERJA = {
    "Terlaksananya": ("Melaksanakan", "pelaksanaan"),
    "Meningkatnya": ("Melaksanakan kegiatan peningkatan", "peningkatan"),
    "Tersusunnya": ("Menyusun", "penyusunan"),
    "Terkelolanya": ("Mengelola", "pengelolaan"),
    "Terverifikasinya": ("Memverifikasi", "verifikasi"),
    "Termutakhirkannya": ("Memutakhirkan", "pemutakhiran"),
    "Terselenggaranya": ("Menyelenggarakan", "penyelenggaraan"),
    "Terlayaninya": ("Melayani", "pelayanan"),
    "Terfasilitasinya": ("Memfasilitasi", "fasilitasi"),
    "Tertibnya": ("Menertibkan", "penertiban"),
    "Terpenuhinya": ("Memenuhi", "pemenuhan"),
    "Terkoordinasinya": ("Mengoordinasikan", "koordinasi"),
    "Terkendalinya": ("Mengendalikan", "pengendalian"),
    "Terjaganya": ("Menjaga", "pemeliharaan"),
    "Tercapainya": ("Mengupayakan tercapainya", "pencapaian"),
}
POLA_AKTIVITAS = (
    "{verb} {obj}",
    "{verb} {obj} (lanjutan)",
    "Menyiapkan bahan dan data untuk {noun} {obj}",
    "Mengikuti rapat koordinasi {noun} {obj}",
    "Menyusun laporan kemajuan {noun} {obj}",
    "Memeriksa kelengkapan dokumen {noun} {obj}",
    "Menindaklanjuti arahan pimpinan terkait {noun} {obj}",
)
AKTIVITAS_UMUM = (
    "Mengikuti apel pagi dan arahan pimpinan unit",
    "Menata arsip surat masuk dan surat keluar",
    "Mengikuti rapat internal unit",
    "Menyusun catatan kegiatan dan rencana kerja minggu depan",
    "Mengikuti sosialisasi aplikasi pengelolaan kinerja",
)
CATATAN_DIKEMBALIKAN = (
    "Uraian terlalu umum; sebutkan dokumen atau hasil yang diselesaikan.",
    "Lampirkan bukti dukung (foto kegiatan, notulen atau tautan dokumen).",
    "Jam kegiatan bertepatan dengan rapat yang Anda ikuti; mohon diperbaiki.",
    "Kegiatan ini tidak terkait RHK yang dipilih; pilih RHK yang sesuai.",
)
CATATAN_REALISASI = (
    "Capaian sesuai rencana aksi periode ini.",
    "Sebagian kegiatan bergeser karena agenda pimpinan; sisa target dikejar bulan berikutnya.",
    "Data capaian telah dicocokkan dengan rekap aktivitas harian.",
    "Dokumen pendukung tersimpan pada folder bersama unit.",
)
# Satuan of an IKI that are no count of products: the activity then counts "Kegiatan".
SATUAN_RASIO = {"%", "Indeks", "Nilai", "Hari", "Bulan", "Tahun", "Semester", "Opini WTP", "Jam"}


@dataclass(slots=True)
class _Rhk:
    id: int
    teks: str
    satuan: str


@dataclass(slots=True)
class _Iki:
    id: int
    rhk_id: int
    aspek: str
    target_min: Decimal | None
    target_max: Decimal | None
    satuan: str
    indikator: str


@dataclass(slots=True)
class _Orang:
    id: int
    nip: str
    unor_id: int | None
    penilai: int | None = None
    skp: int | None = None  # approved, in force
    rhk: list[_Rhk] = field(default_factory=list)
    iki: list[_Iki] = field(default_factory=list)


@dataclass
class Hasil:
    aktivitas: int  # rows written in this run (0: already there)
    realisasi: int


@dataclass
class _Waktu:
    """The dates the demo is built around, in the instansi's zone."""

    hari_ini: dt.date
    hari_kerja: list[dt.date]  # working days of the window, oldest first, today included
    senin: dt.date  # Monday of this week
    kini: PeriodePenilaian
    lalu: PeriodePenilaian | None
    zona: ZoneInfo


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA, hari_ini: dt.date | None = None) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or not Skp.objects.filter(instansi=instansi, tahun=TAHUN).exists():
        return Hasil(0, 0)
    if (
        AktivitasHarian.objects.filter(instansi=instansi).exists()
        or Realisasi.objects.filter(instansi=instansi).exists()
    ):
        return Hasil(0, 0)
    waktu = _waktu(instansi, hari_ini)
    orang = _people(instansi)
    rng = random.Random(TAHUN * 7919 + len(orang))
    demo = _DemoPenilai.of(instansi, orang)
    rencana = _write_rencana_aksi(instansi, orang, demo, waktu)
    aktivitas = _write_aktivitas(instansi, orang, demo, waktu, rencana, rng, profil.domain)
    realisasi = _write_realisasi(instansi, orang, demo, waktu, rng, profil.domain)
    if demo.penilai is not None:
        _write_pembinaan(instansi, orang, demo, waktu)
    analyze(AktivitasHarian, Realisasi, BuktiDukung, RencanaAksi)
    audit.record(
        None,
        "demo.pelaksanaan_dibuat",
        instansi,
        instansi=instansi,
        after={"aktivitas": aktivitas, "realisasi": realisasi, "hari": str(waktu.hari_ini)},
        reason="Data demo dari perintah seed_demo",
    )
    return Hasil(aktivitas, realisasi)


# --- When -------------------------------------------------------------------------------------


def _waktu(instansi: Instansi, hari_ini: dt.date | None) -> _Waktu:
    zona = ZoneInfo(instansi.zona_waktu)
    hari = hari_ini or timezone.localdate(timezone=zona)
    # The demo SKPs are of TAHUN: keep the dates inside that year whatever the clock says.
    hari = min(max(hari, dt.date(TAHUN, 1, 31)), dt.date(TAHUN, 12, 31))
    senin = hari - dt.timedelta(days=hari.weekday())
    mulai = senin - dt.timedelta(weeks=MINGGU - 1)
    days = [mulai + dt.timedelta(days=i) for i in range((hari - mulai).days + 1)]
    periods = [p for p in daftar_periode(instansi.pk, TAHUN) if p.jenis != JenisPeriode.TAHUNAN]
    kini = next(p for p in periods if p.mulai <= hari <= p.selesai)
    lalu = next((p for p in periods if p.nomor == kini.nomor - 1), None)
    return _Waktu(hari, [d for d in days if d.weekday() < 5], senin, kini, lalu, zona)


# --- Who --------------------------------------------------------------------------------------


def _people(instansi: Instansi) -> dict[int, _Orang]:
    """Every aktif pegawai with their penilai and, with an approved SKP, its RHK and IKI: four
    queries whatever the size."""
    orang = {
        pid: _Orang(pid, nip, unor_id)
        for pid, nip, unor_id in Pegawai.objects.filter(instansi=instansi, aktif=True)
        .order_by("nip")
        .values_list("id", "nip", "unor_id")
    }
    skps = Skp.objects.filter(instansi=instansi, tahun=TAHUN, terkini=True)
    owner: dict[int, int] = {}
    for pid, skp_id, penilai, status in skps.values_list(
        "pegawai_id", "id", "penilai_id", "status"
    ):
        if pid not in orang:
            continue
        orang[pid].penilai = penilai
        if status == StatusSkp.DISETUJUI:
            orang[pid].skp, owner[skp_id] = skp_id, pid
    rhk_owner: dict[int, int] = {}
    rhks = RencanaHasilKerja.objects.filter(instansi=instansi, skp__in=skps.values("id"))
    for rhk_id, skp_id, teks in rhks.order_by("skp_id", "jenis", "urutan", "id").values_list(
        "id", "skp_id", "rhk"
    ):
        if skp_id in owner:
            orang[owner[skp_id]].rhk.append(_Rhk(rhk_id, teks, ""))
            rhk_owner[rhk_id] = owner[skp_id]
    ikis = IndikatorKinerja.objects.filter(instansi=instansi, rhk__in=rhks.values("id"))
    satuan: dict[int, str] = {}
    for row in ikis.order_by("rhk_id", "urutan", "id").values_list(
        "id", "rhk_id", "aspek", "target_min", "target_max", "satuan", "indikator"
    ):
        iki_id, rhk_id, aspek, tmin, tmax, sat, indikator = row
        if rhk_id in rhk_owner:
            orang[rhk_owner[rhk_id]].iki.append(
                _Iki(iki_id, rhk_id, aspek, tmin, tmax, sat, indikator)
            )
            satuan.setdefault(rhk_id, sat)
    for o in orang.values():
        for r in o.rhk:
            r.satuan = "Kegiatan" if satuan.get(r.id, "%") in SATUAN_RASIO else satuan[r.id]
    return orang


@dataclass
class _DemoPenilai:
    """The demo penilai, her bawahan, and who among them is deliberately behind."""

    penilai: int | None
    pegawai: int | None  # the demo pegawai (one of the bawahan)
    bawahan: list[int]
    tanpa_minggu_ini: int | None  # no activity this week
    tanpa_realisasi: int | None  # no realisasi in the current period

    @classmethod
    def of(cls, instansi: Instansi, orang: dict[int, _Orang]) -> "_DemoPenilai":
        by_nip = {o.nip: pid for pid, o in orang.items()}
        penilai = by_nip.get(org_demo.PENILAI.nip)
        pegawai = by_nip.get(org_demo.PEGAWAI.nip)
        if penilai is None:
            return cls(None, pegawai, [], None, None)
        me = Pegawai.objects.get(pk=penilai)
        bawahan = sorted(pid for pid in bawahan_of(me).values_list("id", flat=True) if pid in orang)
        planned = [pid for pid in bawahan if orang[pid].skp and pid != pegawai]
        return cls(
            penilai,
            pegawai,
            bawahan,
            planned[0] if planned else None,
            planned[1] if len(planned) > 1 else None,
        )

    @property
    def dibina(self) -> list[int]:
        """Who gets rencana aksi and pembinaan: the demo pegawai first, then the others."""
        first = [self.pegawai] if self.pegawai in self.bawahan else []
        return first + [pid for pid in self.bawahan if pid != self.pegawai]


# --- Rencana aksi -----------------------------------------------------------------------------


def _write_rencana_aksi(
    instansi: Instansi, orang: dict[int, _Orang], demo: _DemoPenilai, waktu: _Waktu
) -> dict[tuple[int, int], int]:
    """Rencana aksi of the current period for each RHK of the demo penilai's bawahan (and the
    previous period for the demo pegawai). Returns (rhk id, periode id) -> rencana aksi id."""
    rows = []
    for pid in demo.dibina:
        periods = [waktu.kini] + ([waktu.lalu] if waktu.lalu and pid == demo.pegawai else [])
        for periode in periods:
            share = jadwal.BULAN_PER_PERIODE[periode.jenis] / 12
            for r in orang[pid].rhk:
                _verb, noun, obj = _kata(r.teks)
                iki = next((i for i in orang[pid].iki if i.rhk_id == r.id), None)
                target = _nilai(random.Random(r.id), iki, share) if iki else None
                rows.append(
                    {
                        "instansi_id": instansi.pk,
                        "pegawai_id": pid,
                        "rhk_id": r.id,
                        "periode_id": periode.pk,
                        "urutan": 1,
                        "uraian": f"{noun.capitalize()} {obj} pada {periode}",
                        "target": target,
                        "satuan": iki.satuan if iki and target is not None else "",
                    }
                )
    insert_many(RencanaAksi, rows)
    return {
        (rhk_id, periode_id): pk
        for pk, rhk_id, periode_id in RencanaAksi.objects.filter(
            instansi=instansi, pegawai_id__in=demo.dibina
        ).values_list("id", "rhk_id", "periode_id")
    }


# --- Aktivitas harian -------------------------------------------------------------------------


def _kata(teks: str) -> tuple[str, str, str]:
    """(verb, noun, object) of an RHK: "Tersusunnya laporan X" -> Menyusun, penyusunan,
    laporan X."""
    first, _, rest = teks.partition(" ")
    if first in KATA_KERJA and rest:
        return (*KATA_KERJA[first], rest)
    return "Mengerjakan", "pelaksanaan", teks[:1].lower() + teks[1:]


def _uraian_rhk(teks: str) -> tuple[str, ...]:
    verb, noun, obj = _kata(teks)
    return tuple(p.format(verb=verb, noun=noun, obj=obj) for p in POLA_AKTIVITAS)


def _lag(rng: random.Random, orang: dict[int, _Orang], demo: _DemoPenilai) -> dict[int, int]:
    """penilai -> working days (before today) not evaluated yet: 0 for half of them."""
    penilai = sorted({o.penilai for o in orang.values() if o.penilai})
    lag = {p: rng.randint(3, 8) if rng.random() < P_PENILAI_TERTINGGAL else 0 for p in penilai}
    if demo.penilai is not None:
        lag[demo.penilai] = 6  # she has entries to review
    return lag


class _Plain:
    """Values as the database takes them, converted once per distinct value: a month of
    activities repeats a few dates and times millions of times, and converting each through
    the field (as insert_many does for non-plain values) was half the seed's time."""

    def __init__(self, model: type[Model]) -> None:
        self.fields = {f.attname: f for f in model._meta.concrete_fields}
        self.cache: dict[tuple[str, object], object] = {}

    def __call__(self, attname: str, value: object) -> object:
        key = (attname, value)
        if key not in self.cache:
            v = self.fields[attname].get_db_prep_save(value, connection)
            if isinstance(v, dt.datetime):
                v = v.isoformat(" ")  # PostgreSQL's adapters keep objects; COPY takes text
            elif type(v) not in (str, int, bool, type(None)):
                v = str(v)
            self.cache[key] = v
        return self.cache[key]


@dataclass
class _Hari:
    tanggal: dt.date
    plain: object  # the date as stored
    dinilai_at: object  # when an evaluated entry of the day was evaluated, as stored
    periode_id: int | None


def _write_aktivitas(
    instansi: Instansi,
    orang: dict[int, _Orang],
    demo: _DemoPenilai,
    waktu: _Waktu,
    rencana: dict[tuple[int, int], int],
    rng: random.Random,
    domain: str,
) -> int:
    iid, hari_ini = instansi.pk, waktu.hari_ini
    plain = _Plain(AktivitasHarian)
    lag = _lag(rng, orang, demo)
    before_today = [d for d in waktu.hari_kerja if d < hari_ini]
    # Per penilai: the first day still waiting for evaluation.
    waiting_from = {
        p: before_today[-n] if n and len(before_today) >= n else hari_ini for p, n in lag.items()
    }
    hari = [
        _Hari(
            d,
            plain("tanggal", d),
            plain(
                "dinilai_at",
                dt.datetime.combine(_next_working_day(d), T(15, 30), tzinfo=waktu.zona),
            ),
            waktu.kini.pk if d >= waktu.kini.mulai else (waktu.lalu.pk if waktu.lalu else None),
        )
        for d in waktu.hari_kerja
    ]
    blok = {
        n: [
            (plain("jam_mulai", a), plain("jam_selesai", b), _menit(a, b), f"{a:%H%M}")
            for a, b in slots
        ]
        for n, slots in BLOK.items()
    }
    # Activity texts per RHK text (unit names make a few thousand distinct ones at 100,000
    # pegawai), built on first use: one tuple per RHK row would hold millions of strings.
    texts: dict[str, tuple[str, ...]] = {}
    status = {
        s: plain("status", s) for s in (StatusAktivitas.DITERIMA, StatusAktivitas.DIKEMBALIKAN)
    }
    rnd = rng.random
    count = 0

    def rows() -> Iterator[dict[str, object]]:
        nonlocal count
        for pid, o in orang.items():
            draw = rnd()
            if draw < P_TANPA_AKTIVITAS and pid not in (demo.pegawai, demo.penilai):
                continue
            behind = draw < P_TANPA_MINGGU_INI or pid == demo.tanpa_minggu_ini
            stop = waktu.senin if behind and pid != demo.pegawai else dt.date.max
            first_waiting = waiting_from.get(o.penilai or 0, dt.date.min)
            for h in hari:
                if h.tanggal >= stop:
                    break
                today = h.tanggal == hari_ini
                n = 1 if today else ENTRI_PER_HARI[int(rnd() * len(ENTRI_PER_HARI))]
                for mulai, selesai, menit, jam in blok[n][: 1 if today else n]:
                    row: dict[str, object] = {
                        "instansi_id": iid,
                        "pegawai_id": pid,
                        "tanggal": h.plain,
                        "jam_mulai": mulai,
                        "jam_selesai": selesai,
                        "menit": menit,
                    }
                    if o.rhk and rnd() < 0.9:
                        r = o.rhk[int(rnd() * len(o.rhk))]
                        pool = texts.get(r.teks) or texts.setdefault(r.teks, _uraian_rhk(r.teks))
                        row["uraian"] = pool[int(rnd() * len(pool))]
                        row["rhk_id"] = r.id
                        row["kuantitas"] = 1 if r.satuan == "Kegiatan" else 1 + int(rnd() * 5)
                        row["satuan"] = r.satuan
                        row["rencana_aksi_id"] = rencana.get((r.id, h.periode_id or 0))
                    else:
                        row["uraian"] = AKTIVITAS_UMUM[int(rnd() * len(AKTIVITAS_UMUM))]
                    if rnd() < P_TAUTAN:
                        row["tautan"] = (
                            f"https://arsip.{domain}/aktivitas/{o.nip}/{h.tanggal:%Y%m%d}/{jam}"
                        )
                    if o.penilai is not None and h.tanggal < first_waiting:
                        if rnd() < P_DIKEMBALIKAN:
                            row["status"] = status[StatusAktivitas.DIKEMBALIKAN]
                            row["catatan_penilai"] = rng.choice(CATATAN_DIKEMBALIKAN)
                        else:
                            row["status"] = status[StatusAktivitas.DITERIMA]
                        row["dinilai_oleh_id"] = o.penilai
                        row["dinilai_at"] = h.dinilai_at
                    count += 1
                    yield row

    insert_many(AktivitasHarian, rows())
    return count


def _menit(a: dt.time, b: dt.time) -> int:
    return (b.hour - a.hour) * 60 + b.minute - a.minute


def _next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


# --- Realisasi and bukti ----------------------------------------------------------------------


def _nilai(rng: random.Random, iki: _Iki, share: float) -> Decimal | None:
    """A plausible value for the period: a share of a count target, near a ratio target."""
    if iki.target_max is None:
        return None  # kualitatif: the uraian is the result
    low = float(iki.target_min if iki.target_min is not None else iki.target_max)
    high = float(iki.target_max)
    if iki.aspek == AspekIki.KUANTITAS and iki.satuan not in SATUAN_RASIO:
        return Decimal(max(1, round(high * share * rng.uniform(0.8, 1.15))))
    return Decimal(str(round(rng.uniform(low * 0.95, high), 2)))


def _write_realisasi(
    instansi: Instansi,
    orang: dict[int, _Orang],
    demo: _DemoPenilai,
    waktu: _Waktu,
    rng: random.Random,
    domain: str,
) -> int:
    """Every IKI in the previous period (but for a few pegawai), all or some IKI in the
    current one; then one link bukti per realisasi."""
    iid = instansi.pk
    plan: list[tuple[PeriodePenilaian, _Orang, list[_Iki]]] = []
    for o in orang.values():
        if not o.skp or not o.iki:
            continue
        if waktu.lalu is not None and (
            rng.random() >= P_REALISASI_LALU_KOSONG or o.id in demo.bawahan
        ):
            plan.append((waktu.lalu, o, o.iki))
        draw = rng.random()
        if o.id == demo.tanpa_realisasi:
            continue
        if (
            o.id == demo.pegawai
            or P_REALISASI_PENUH <= draw < P_REALISASI_PENUH + P_REALISASI_SEBAGIAN
        ):
            plan.append((waktu.kini, o, o.iki[: max(1, len(o.iki) // 2)]))
        elif draw < P_REALISASI_PENUH:
            plan.append((waktu.kini, o, o.iki))
    share = {p.pk: jadwal.BULAN_PER_PERIODE[p.jenis] / 12 for p in (waktu.kini, waktu.lalu) if p}
    plain = _Plain(Realisasi)
    dibuat = {
        p.pk: plain(
            "created_at",
            dt.datetime.combine(min(p.selesai, waktu.hari_ini), T(14, 0), tzinfo=waktu.zona),
        )
        for p in (waktu.kini, waktu.lalu)
        if p
    }
    count = 0

    def rows() -> Iterator[dict[str, object]]:
        nonlocal count
        for periode, o, ikis in plan:
            for iki in ikis:
                count += 1
                nilai = _nilai(rng, iki, share[periode.pk])
                catatan = rng.choice(CATATAN_REALISASI)
                yield {
                    "instansi_id": iid,
                    "skp_id": o.skp,
                    "iki_id": iki.id,
                    "periode_id": periode.pk,
                    "nilai": None if nilai is None else str(nilai),
                    "uraian": catatan if nilai is not None else f"{iki.indikator}. {catatan}",
                    "created_at": dibuat[periode.pk],
                    "updated_at": dibuat[periode.pk],
                }

    insert_many(Realisasi, rows())
    nip = {o.skp: o.nip for o in orang.values() if o.skp}
    slug = {p.pk: f"{p.jenis.lower()}-{p.nomor}" for p in (waktu.kini, waktu.lalu) if p}
    insert_many(
        BuktiDukung,
        (
            {
                "instansi_id": iid,
                "realisasi_id": pk,
                "tautan": f"https://arsip.{domain}/kinerja/{TAHUN}/{slug[periode_id]}/"
                f"{nip[skp_id]}/{iki_id}",
            }
            for pk, skp_id, iki_id, periode_id in Realisasi.objects.filter(instansi=instansi)
            .order_by("id")
            .values_list("id", "skp_id", "iki_id", "periode_id")
        ),
    )
    return count


# --- Pembinaan around the demo penilai --------------------------------------------------------


def _write_pembinaan(
    instansi: Instansi, orang: dict[int, _Orang], demo: _DemoPenilai, waktu: _Waktu
) -> None:
    assert demo.penilai is not None
    pegawai = demo.pegawai if demo.pegawai in demo.bawahan else None
    others = [pid for pid in demo.dibina if pid != pegawai and orang[pid].skp]
    if pegawai is not None and orang[pegawai].skp:
        _umpan_balik(instansi, orang[pegawai], demo.penilai, waktu, 0)
        _dialog(instansi, orang[pegawai], demo.penilai, waktu)
    for ke, pid in enumerate(others[:2], 1):
        _umpan_balik(instansi, orang[pid], demo.penilai, waktu, ke)
    _briefing(instansi, demo, waktu)


def _at(waktu: _Waktu, days_ago: int, jam: dt.time) -> dt.datetime:
    day = waktu.hari_kerja[max(0, len(waktu.hari_kerja) - 1 - days_ago)]
    return dt.datetime.combine(day, jam, tzinfo=waktu.zona)


def _thread(
    instansi: Instansi, skp: int, pesan: list[tuple[int, str, dt.datetime]], **target: int
) -> None:
    """A root comment and its replies (written at the given times)."""
    induk = None
    for penulis, isi, at in pesan:
        row = UmpanBalik.objects.create(
            instansi=instansi, skp_id=skp, induk=induk, penulis_id=penulis, isi=isi, **target
        )
        UmpanBalik.objects.filter(pk=row.pk).update(created_at=at)
        induk = induk or row


# Umpan balik per bawahan (the demo pegawai first): a thread on an RHK as (author, text, days
# ago, time) with "p" the penilai and "b" the bawahan, and a note on one perilaku value
# (index in BerAKHLAK order).
UTAS_RHK = (
    (
        ("p", "Progres RHK ini sudah baik. Mohon lampirkan rekap bulanan sebagai bukti dukung "
         "realisasi periode ini.", 8, T(9, 15)),
        ("b", "Baik, Bu. Rekap bulan lalu sudah saya unggah; rekap bulan ini menyusul setelah "
         "tanggal 5.", 7, T(10, 2)),
        ("p", "Terima kasih, saya tunggu.", 7, T(13, 40)),
    ),
    (
        ("p", "Capaian RHK ini baru sekitar separuh target triwulan. Apa kendalanya?", 6,
         T(8, 50)),
        ("b", "Data dari sekolah terlambat masuk, Bu. Minggu ini saya kirim surat pengingat.", 6,
         T(11, 20)),
        ("p", "Baik, kabari saya bila perlu dukungan surat dari Kepala Dinas.", 5, T(7, 55)),
    ),
    (("p", "Uraian aktivitas untuk RHK ini sudah rinci dan jelas hasilnya. Pertahankan.", 4,
      T(14, 10)),),
)  # fmt: skip
UTAS_PERILAKU = (
    (0, "Pelayanan kepada pegawai yang mengurus kenaikan pangkat cepat dan ramah. Pertahankan."),
    (6, "Terima kasih sudah membantu subbagian keuangan menyusun laporan; contoh kolaborasi "
     "yang baik."),
    (1, "Laporan kegiatan disampaikan tepat waktu dan apa adanya. Terima kasih."),
)  # fmt: skip


def _umpan_balik(instansi: Instansi, o: _Orang, penilai: int, waktu: _Waktu, ke: int) -> None:
    assert o.skp is not None
    who = {"p": penilai, "b": o.id}
    if o.rhk:
        pesan = [(who[w], isi, _at(waktu, ago, jam)) for w, isi, ago, jam in UTAS_RHK[ke]]
        _thread(instansi, o.skp, pesan, rhk_id=o.rhk[min(ke, len(o.rhk) - 1)].id)
    urutan, isi = UTAS_PERILAKU[ke]
    perilaku = list(
        PerilakuKerja.objects.filter(instansi=instansi, skp_id=o.skp)
        .order_by("nilai__urutan")
        .values_list("id", flat=True)
    )
    if len(perilaku) > urutan:
        pesan = [(penilai, isi, _at(waktu, 3 + ke, T(15, 5)))]
        _thread(instansi, o.skp, pesan, perilaku_id=perilaku[urutan])
    if ke == 0 and waktu.lalu is not None:
        realisasi = (
            Realisasi.objects.filter(instansi=instansi, skp_id=o.skp, periode=waktu.lalu)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if realisasi is not None:
            pesan = [
                (penilai, f"Realisasi {waktu.lalu} sudah sesuai dengan bukti dukungnya.",
                 _at(waktu, 12, T(8, 30))),
                (o.id, "Terima kasih atas masukannya, Bu.", _at(waktu, 12, T(9, 10))),
            ]  # fmt: skip
            _thread(instansi, o.skp, pesan, realisasi_id=realisasi)


def _dialog(instansi: Instansi, o: _Orang, penilai: int, waktu: _Waktu) -> None:
    tanggal = max(_at(waktu, 9, T(10, 0)).date(), waktu.kini.mulai)
    dialog = DialogKinerja.objects.create(
        instansi=instansi,
        penilai_id=penilai,
        pegawai_id=o.id,
        periode=waktu.kini,
        tanggal=tanggal,
        agenda="Tinjauan capaian triwulan berjalan dan rencana pengembangan kompetensi.",
        hasil_kerja="Verifikasi berkas kenaikan pangkat sesuai target; pemutakhiran data SIASN "
        "masih tertinggal sekitar 20 data.",
        perilaku="Pelayanan kepada pegawai dinilai baik; perlu lebih tepat waktu dalam "
        "menyampaikan rekap kehadiran.",
        kompetensi="Perlu pelatihan pengelolaan data kepegawaian pada SIASN.",
        karier="Berminat pada jabatan fungsional Analis SDM Aparatur; dibahas syarat dan "
        "angka kreditnya.",
        dikonfirmasi_penilai_at=dt.datetime.combine(tanggal, T(11, 0), tzinfo=waktu.zona),
        dikonfirmasi_pegawai_at=dt.datetime.combine(tanggal, T(14, 30), tzinfo=waktu.zona),
    )
    TindakLanjutDialog.objects.bulk_create(
        [
            TindakLanjutDialog(
                instansi=instansi,
                dialog=dialog,
                uraian="Menyelesaikan pemutakhiran data SIASN yang tertinggal",
                jatuh_tempo=tanggal + dt.timedelta(days=7),
                selesai=True,
                selesai_at=dt.datetime.combine(
                    tanggal + dt.timedelta(days=6), T(15, 0), tzinfo=waktu.zona
                ),
            ),
            TindakLanjutDialog(
                instansi=instansi,
                dialog=dialog,
                uraian="Mengikuti pelatihan pengelolaan data kepegawaian pada SIASN",
                jatuh_tempo=tanggal + dt.timedelta(days=30),
            ),
            TindakLanjutDialog(
                instansi=instansi,
                dialog=dialog,
                uraian="Menyampaikan rekap kehadiran paling lambat tanggal 5 setiap bulan",
                jatuh_tempo=min(waktu.kini.selesai, tanggal + dt.timedelta(days=45)),
            ),
        ]
    )


def _briefing(instansi: Instansi, demo: _DemoPenilai, waktu: _Waktu) -> None:
    assert demo.penilai is not None
    me = Pegawai.objects.only("unor_id").get(pk=demo.penilai)
    if me.unor_id is None:
        return
    tanggal = waktu.senin - dt.timedelta(days=7)  # Monday of last week
    briefing = Briefing.objects.create(
        instansi=instansi,
        unor_id=me.unor_id,
        pemimpin_id=demo.penilai,
        tanggal=tanggal,
        topik=f"Persiapan pengisian realisasi {waktu.kini} dan tertib aktivitas harian",
        arahan="1. Aktivitas harian dicatat paling lambat pukul 16.00 setiap hari kerja.\n"
        "2. Realisasi dan bukti dukung triwulan berjalan diisi paling lambat akhir bulan "
        "berikutnya setelah triwulan berakhir.\n"
        "3. Berkas usulan kenaikan pangkat periode berikutnya diverifikasi sebelum tanggal 20.",
    )
    dibaca = dt.datetime.combine(tanggal, T(10, 30), tzinfo=waktu.zona)
    PesertaBriefing.objects.bulk_create(
        PesertaBriefing(
            instansi=instansi,
            briefing=briefing,
            pegawai_id=pid,
            dikonfirmasi_at=dibaca if i % 3 != 2 else None,  # a third have not read it yet
        )
        for i, pid in enumerate(demo.dibina)
    )
    LampiranBriefing.objects.create(
        instansi=instansi,
        briefing=briefing,
        tautan=f"https://arsip.{org_demo.KOTA.domain}/briefing/{tanggal:%Y%m%d}/notulen",
    )


# --- Removing (seed_demo --fresh) -------------------------------------------------------------


def hapus(instansi_ids: list[int]) -> None:
    """Delete every stage-2 row of these instansi, children first, without loading them."""
    from kinerja.notifikasi import demo as notifikasi_demo

    notifikasi_demo.hapus(instansi_ids)  # reminders point at the periods
    TindakLanjutDialog.objects.filter(instansi_id__in=instansi_ids).update(dibawa_dari=None)
    UmpanBalik.objects.filter(instansi_id__in=instansi_ids).update(induk=None)
    for model in (
        TindakLanjutDialog,
        DialogKinerja,
        LampiranBriefing,
        PesertaBriefing,
        Briefing,
        UmpanBalik,
        BuktiDukung,
        Realisasi,
        AktivitasHarian,
        RencanaAksi,
        PerpanjanganBatas,
        PeriodePenilaian,
        PengaturanPeriode,
    ):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(qs.db)
