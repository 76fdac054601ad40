"""Reads of pemantauan (domain.md §4): who is behind in a period, by four flags.

- Belum merencanakan: no approved SKP in force for the period's year.
- Belum mengisi realisasi: an IKI of the SKP in force during the period has no Realisasi row
  for the period.
- Tidak ada aktivitas minggu ini: no aktivitas harian from Monday of this week up to today
  (for a period that is over: the week of its last day).
- Belum dinilai: the period is over, the pegawai has an SKP in force, and their penilai has not
  finalised an evaluation of the period (penilaian.Evaluasi, Final or later).

The penilai sees their bawahan (org.selectors.bawahan_of), computed live: a few small queries.
The Admin Instansi sees counts per unit over the whole instansi (100,000 pegawai and millions of
activities): a snapshot of every pegawai's flags built in five queries, rolled up the unit tree
by `path` in Python, and kept in the cache for a few minutes (CACHE_SECONDS), so
every page, list and export of the admin reads the same numbers (docs/performance.md).
"""

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from kinerja.org.atasan import chain_from_path
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.org.selectors import bawahan_of
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan.models import (
    AktivitasHarian,
    JenisPeriode,
    PengaturanPeriode,
    PeriodePenilaian,
    Realisasi,
)
from kinerja.pelaksanaan.periode import pastikan_periode, periode_pada
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.perencanaan.models import IndikatorKinerja, Skp, StatusSkp

CACHE_SECONDS = getattr(settings, "PEMANTAUAN_CACHE_SECONDS", 300)
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class Tanda:
    """One flag: its key in URLs and annotations, its label, its bit in the snapshot."""

    kunci: str
    label: str
    bit: int


TANDA: tuple[Tanda, ...] = (
    Tanda("belum_rencana", "Belum merencanakan", 1),
    Tanda("belum_realisasi", "Belum mengisi realisasi", 2),
    Tanda("tanpa_aktivitas", "Tidak ada aktivitas minggu ini", 4),
    Tanda("belum_dinilai", "Belum dinilai", 8),
)
KUNCI = tuple(t.kunci for t in TANDA)
BY_KUNCI = {t.kunci: t for t in TANDA}
SEMUA = "semua"  # the list of every pegawai in scope, whatever their flags


# --- Scope: the period and the days ---------------------------------------------------------


@dataclass(frozen=True)
class Lingkup:
    """What the flags are measured against. `hari` is today, or the period's last day when
    the period is over; the week is Monday..hari of that week."""

    instansi_id: int
    periode: PeriodePenilaian
    hari_ini: dt.date

    @property
    def tahun(self) -> int:
        return self.periode.tahun

    @property
    def hari(self) -> dt.date:
        return min(self.hari_ini, self.periode.selesai)

    @property
    def senin(self) -> dt.date:
        return self.hari - dt.timedelta(days=self.hari.weekday())

    @property
    def berakhir(self) -> bool:
        """The period is over, so its evaluation is due."""
        return self.hari_ini > self.periode.selesai

    @property
    def kunci_cache(self) -> str:
        return f"pemantauan:{self.instansi_id}:{self.periode.pk}:{self.hari_ini.isoformat()}"

    def keterangan(self) -> dict[str, str]:
        """How each flag is measured, with the dates, for the page and the export."""
        f = jadwal.format_tanggal
        return {
            "belum_rencana": f"Belum memiliki SKP {self.tahun} yang disetujui dan berlaku.",
            "belum_realisasi": f"Ada IKI pada SKP yang berlaku tanpa realisasi {self.periode}.",
            "tanpa_aktivitas": f"Tidak mencatat aktivitas harian {f(self.senin)} sampai "
            f"{f(self.hari)}.",
            "belum_dinilai": f"Periode {self.periode} sudah berakhir, SKP berlaku, tetapi "
            "penilaian kinerja periode ini belum difinalkan pejabat penilai (dihitung setelah "
            f"periode berakhir pada {f(self.periode.selesai)}).",
        }


def hari_ini() -> dt.date:
    """Today in the user's instansi zone (the middleware activates it); tests replace it."""
    return timezone.localdate()


def periode_pilihan(instansi_id: int, hari_ini: dt.date) -> list[PeriodePenilaian]:
    """The periods one may look at: those of this year and last year that have begun (the
    granularity set for each year, and Tahunan), newest first. Creates this year's default
    periods on first need, never last year's (that is the admin's choice)."""
    pastikan_periode(instansi_id, hari_ini.year)
    tahun = [hari_ini.year - 1, hari_ini.year]
    granularitas = dict(
        PengaturanPeriode.objects.filter(instansi_id=instansi_id, tahun__in=tahun).values_list(
            "tahun", "granularitas"
        )
    )
    rows = PeriodePenilaian.objects.filter(
        instansi_id=instansi_id, tahun__in=tahun, mulai__lte=hari_ini
    )
    chosen = [p for p in rows if p.jenis in (granularitas.get(p.tahun), JenisPeriode.TAHUNAN)]
    return sorted(chosen, key=lambda p: (-p.tahun, p.jenis == JenisPeriode.TAHUNAN, -p.nomor))


def pilih_periode(
    instansi_id: int, hari_ini: dt.date, pk: str | None
) -> tuple[PeriodePenilaian, list[PeriodePenilaian]]:
    """The requested period (?periode=pk; 404 when not one of the choices) or the current
    periodic one (periode.periode_pada), and the choices."""
    choices = periode_pilihan(instansi_id, hari_ini)
    if pk:
        found = next((p for p in choices if str(p.pk) == pk), None)
        if found is None:
            raise Http404
        return found, choices
    periodic = [p for p in choices if p.jenis != JenisPeriode.TAHUNAN]
    current = next((p for p in periodic if p.mulai <= hari_ini <= p.selesai), None)
    return current or periode_pada(instansi_id, hari_ini), choices


# --- The flags as SQL, per pegawai (OuterRef "pk") ----------------------------------------


def _skp_berlaku(lingkup: Lingkup, pegawai: Any) -> QuerySet[Skp]:
    """perencanaan.selectors.in_force, for one pegawai given as an expression."""
    return Skp.objects.filter(
        instansi_id=lingkup.instansi_id,
        pegawai_id=pegawai,
        tahun=lingkup.tahun,
        status=StatusSkp.DISETUJUI,
        berlaku=True,
    )


def _iki_tanpa_realisasi(lingkup: Lingkup) -> QuerySet[IndikatorKinerja]:
    """IKI of SKPs in force during the period with no Realisasi for it. Every joined table is
    filtered by instansi too, so each join uses the tenant-led indexes."""
    i, p = lingkup.instansi_id, lingkup.periode
    realisasi = Realisasi.objects.filter(instansi_id=i, periode_id=p.pk, iki_id=OuterRef("pk"))
    return IndikatorKinerja.objects.filter(
        ~Exists(realisasi),
        instansi_id=i,
        rhk__instansi_id=i,
        rhk__skp__instansi_id=i,
        rhk__skp__tahun=lingkup.tahun,
        rhk__skp__status=StatusSkp.DISETUJUI,
        rhk__skp__berlaku=True,
        rhk__skp__periode_mulai__lte=p.selesai,
        rhk__skp__periode_selesai__gte=p.mulai,
    )


def _aktivitas_minggu(lingkup: Lingkup) -> QuerySet[AktivitasHarian]:
    return AktivitasHarian.objects.filter(
        instansi_id=lingkup.instansi_id, tanggal__gte=lingkup.senin, tanggal__lte=lingkup.hari
    )


def _evaluasi_final(lingkup: Lingkup) -> QuerySet[Evaluasi]:
    return Evaluasi.objects.filter(
        instansi_id=lingkup.instansi_id, periode_id=lingkup.periode.pk, status__in=SUDAH_FINAL
    )


def _belum_dinilai(lingkup: Lingkup, me: Any) -> Any:
    if not lingkup.berakhir:
        return Value(False)
    return Exists(_skp_berlaku(lingkup, me)) & ~Exists(
        _evaluasi_final(lingkup).filter(pegawai_id=me)
    )


def tanda_sql(lingkup: Lingkup) -> dict[str, Any]:
    """The four flags of a pegawai (OuterRef "pk") as EXISTS expressions, by KUNCI."""
    me = OuterRef("pk")
    return {
        "belum_rencana": ~Exists(_skp_berlaku(lingkup, me)),
        "belum_realisasi": Exists(_iki_tanpa_realisasi(lingkup).filter(rhk__skp__pegawai_id=me)),
        "tanpa_aktivitas": ~Exists(_aktivitas_minggu(lingkup).filter(pegawai_id=me)),
        "belum_dinilai": _belum_dinilai(lingkup, me),
    }


def with_tanda(qs: QuerySet[Pegawai], lingkup: Lingkup) -> QuerySet[Pegawai]:
    """Annotate the four flags (booleans named by KUNCI)."""
    return qs.annotate(**tanda_sql(lingkup))


# --- The penilai: their bawahan, live ------------------------------------------------------


@dataclass
class Bawahan:
    counts: dict[str, int]  # flag -> number of bawahan with it
    total: int
    daftar: QuerySet[Pegawai]  # the list behind the chosen number, annotated, ordered


def bawahan(penilai: Pegawai, lingkup: Lingkup, tanda: str = "") -> Bawahan:
    """The penilai's bawahan with their flags: one aggregate for the counts, and the list (all,
    or those with `tanda`) for a paginator. Bawahan are a handful to a few hundred people, so
    the EXISTS probes per person cost little."""
    # The ids first, unordered: bawahan_of's OR of tree and overrides scans the instansi's
    # pegawai once (27 ms at 100,000 on SQLite; in name order, along the name index, 110 ms).
    ids = list(bawahan_of(penilai).order_by().values_list("id", flat=True))
    base = Pegawai.objects.filter(instansi_id=penilai.instansi_id, pk__in=ids)
    flags = tanda_sql(lingkup)
    # The expressions themselves in the FILTER clauses: an aggregate over annotations would be
    # wrapped in a subquery that drops them.
    counts = base.aggregate(
        total=Count("pk"), **{k: Count("pk", filter=Q(e)) for k, e in flags.items()}
    )
    daftar = base.annotate(**flags).select_related("jabatan", "unor")
    if tanda in BY_KUNCI:
        daftar = daftar.filter(**{tanda: True})
    return Bawahan({k: counts[k] for k in KUNCI}, counts["total"], daftar.order_by("nama", "id"))


# --- The Admin Instansi: a snapshot of the whole instansi -----------------------------------


@dataclass
class Snapshot:
    """Every aktif pegawai of the instansi with their flags, and the counts per unit.

    `pegawai`, `unor` and `tanda` are parallel arrays in name order (unor 0: no unit): compact
    to cache. Counts are tuples (pegawai, one per flag in TANDA order): `subtree` per unit
    includes its sub-units, `langsung` only the pegawai placed in the unit itself."""

    dihitung: dt.datetime
    pegawai: "array[int]"
    unor: "array[int]"
    tanda: bytes
    subtree: dict[int, tuple[int, ...]] = field(default_factory=dict)
    langsung: dict[int, tuple[int, ...]] = field(default_factory=dict)
    total: tuple[int, ...] = (0, 0, 0, 0, 0)
    tanpa_unit: tuple[int, ...] = (0, 0, 0, 0, 0)

    def ids(self, tanda: str, units: set[int] | None = None) -> list[int]:
        """Pegawai ids (name order) with the flag (SEMUA: any), in `units` when given."""
        bit = BY_KUNCI[tanda].bit if tanda in BY_KUNCI else 0
        rows = zip(self.pegawai, self.unor, self.tanda, strict=True)
        return [
            pid
            for pid, unor, flags in rows
            if (not bit or flags & bit) and (units is None or unor in units)
        ]

    def tanda_of(self, pegawai_ids: Iterable[int]) -> dict[int, int]:
        wanted = set(pegawai_ids)
        return {
            pid: flags for pid, flags in zip(self.pegawai, self.tanda, strict=True) if pid in wanted
        }


def snapshot(lingkup: Lingkup) -> Snapshot:
    """The cached snapshot of the instansi for this scope, computed on a miss."""
    found: Snapshot | None = cache.get(lingkup.kunci_cache)
    if found is None:
        found = hitung_snapshot(lingkup)
        cache.set(lingkup.kunci_cache, found, CACHE_SECONDS)
    return found


def hitung_snapshot(lingkup: Lingkup) -> Snapshot:
    """Every pegawai's flags, then the counts per unit rolled up the tree: five queries
    whatever the size of the instansi. The activity flags are probes per pegawai on the
    (instansi, pegawai, tanggal) index: their cost follows the number of pegawai, not the
    millions of activities (a DISTINCT over the week's or the period's rows read them all);
    the SKP flags are sets of pegawai ids from one grouped read each."""
    i, me = lingkup.instansi_id, OuterRef("pk")
    rows = list(
        Pegawai.objects.filter(instansi_id=i, aktif=True)
        .annotate(
            aktif_minggu=Exists(_aktivitas_minggu(lingkup).filter(pegawai_id=me)),
        )
        .order_by("nama", "id")
        .values_list("id", "unor_id", "aktif_minggu")
    )
    planned = set(
        Skp.objects.filter(
            instansi_id=i, tahun=lingkup.tahun, status=StatusSkp.DISETUJUI, berlaku=True
        ).values_list("pegawai_id", flat=True)
    )
    missing = set(
        _iki_tanpa_realisasi(lingkup)
        .order_by()
        .values_list("rhk__skp__pegawai_id", flat=True)
        .distinct()
    )
    dinilai = (
        set(_evaluasi_final(lingkup).values_list("pegawai_id", flat=True))
        if lingkup.berakhir
        else planned
    )
    flags = bytes(
        (pid not in planned) * 1
        | (pid in missing) * 2
        | (not active) * 4
        | (pid in planned and pid not in dinilai) * 8
        for pid, _unor, active in rows
    )
    snap = Snapshot(
        timezone.now(),
        array("q", (row[0] for row in rows)),
        array("q", (row[1] or 0 for row in rows)),
        flags,
    )
    _roll_up(snap, dict(UnitOrganisasi.objects.filter(instansi_id=i).values_list("id", "path")))
    return snap


def _counts(flags: int) -> list[int]:
    return [1, *((flags & t.bit) and 1 for t in TANDA)]


def _roll_up(snap: Snapshot, paths: dict[int, str]) -> None:
    """Direct counts per unit, then each unit's added to itself and its ancestors."""
    direct: dict[int, list[int]] = {}
    for unor, flags in zip(snap.unor, snap.tanda, strict=True):
        row = direct.setdefault(unor, [0] * (1 + len(TANDA)))
        for n, value in enumerate(_counts(flags)):
            row[n] += value
    subtree: dict[int, list[int]] = {}
    for unor, row in direct.items():
        for unit in chain_from_path(paths.get(unor, "")) if unor else []:
            total = subtree.setdefault(unit, [0] * len(row))
            for n, value in enumerate(row):
                total[n] += value
    snap.langsung = {u: tuple(r) for u, r in direct.items() if u}
    snap.subtree = {u: tuple(r) for u, r in subtree.items()}
    snap.tanpa_unit = tuple(direct.get(0, [0] * (1 + len(TANDA))))
    snap.total = tuple(sum(r[n] for r in direct.values()) for n in range(1 + len(TANDA)))


@dataclass
class Baris:
    """A row of the admin's table: a unit (or the pegawai directly in the current unit, or
    those without a unit) with its counts and the percentages for the bars."""

    label: str
    unit: UnitOrganisasi | None
    counts: tuple[int, ...]
    langsung: bool = False  # the current unit's own pegawai, not a sub-unit
    # ?unor= of the list behind the row's numbers: a unit id, "0" (no unit), "" (everyone)
    unor_param: str = ""

    @property
    def pegawai(self) -> int:
        return self.counts[0]

    @property
    def sel(self) -> list[tuple[Tanda, int, int]]:
        """(flag, count, percent of pegawai) per flag."""
        n = self.counts[0]
        return [
            (t, c, round(100 * c / n) if n else 0)
            for t, c in zip(TANDA, self.counts[1:], strict=True)
        ]


KOSONG = (0, 0, 0, 0, 0)


def baris_unit(snap: Snapshot, units: Sequence[UnitOrganisasi]) -> list[Baris]:
    return [Baris(u.nama, u, snap.subtree.get(u.pk, KOSONG), unor_param=str(u.pk)) for u in units]


def subtree_ids(unit: UnitOrganisasi) -> set[int]:
    """The unit and every unit below it (one range read on the (instansi, path) index)."""
    return set(
        UnitOrganisasi.objects.filter(
            instansi_id=unit.instansi_id, path__startswith=unit.path
        ).values_list("id", flat=True)
    )


def pegawai_rows(instansi_id: int, ids: Sequence[int]) -> list[Pegawai]:
    """Pegawai (with jabatan and unit) in the order of `ids`: one query."""
    by_id = (
        Pegawai.objects.filter(instansi_id=instansi_id, pk__in=list(ids))
        .select_related("jabatan", "unor")
        .in_bulk()
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def pegawai_stream(instansi_id: int, ids: Sequence[int]) -> Iterator[Pegawai]:
    """pegawai_rows over a long list (an export), a query per EXPORT_CHUNK ids."""
    for start in range(0, len(ids), EXPORT_CHUNK):
        yield from pegawai_rows(instansi_id, ids[start : start + EXPORT_CHUNK])
