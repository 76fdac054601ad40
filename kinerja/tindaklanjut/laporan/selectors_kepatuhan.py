"""Kepatuhan (compliance) per OPD over the periods of a year (issue 6, "Reports").

For each OPD and each period that has begun, the share of the OPD's aktif pegawai (by their
unit now) who:
- have an approved SKP in force during the period (perencanaan: Disetujui, berlaku),
- have filled the realisasi of the period: an SKP in force and no IKI of it without a
  Realisasi row for the period (the "belum mengisi realisasi" flag of pemantauan, inverted),
- have been evaluated: a final evaluation (Final or later) of the period,
- have a signed Dokumen Evaluasi Kinerja Pegawai of the period in force.

OPDs are the units right under the instansi's single root unit (the pemda), plus a row for the
pegawai placed in the root itself; with several roots, the roots. A unit leader sees the units
right under the unit they lead the same way. Every count is one GROUP BY per unit over the
whole instansi (a fixed number of queries, whatever the number of pegawai or periods), rolled
up to the OPDs in Python over the unit list.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from kinerja.org.atasan import chain_from_path
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian, Realisasi
from kinerja.pelaksanaan.selectors_pemantauan import CACHE_SECONDS, periode_pilihan
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.perencanaan.models import IndikatorKinerja, Skp, StatusSkp
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen, StatusDokumen
from kinerja.tindaklanjut.laporan.akses import Cakupan


@dataclass(frozen=True)
class Ukuran:
    kunci: str
    label: str
    warna: str  # the line's colour in the chart


UKURAN: tuple[Ukuran, ...] = (
    Ukuran("skp", "SKP disetujui dan berlaku", "#0b5cad"),
    Ukuran("realisasi", "Realisasi terisi", "#1e7d3a"),
    Ukuran("dinilai", "Sudah dinilai (final)", "#b26b00"),
    Ukuran("dokumen", "Dokumen evaluasi ditandatangani", "#6a3fa0"),
)
BY_KUNCI = {u.kunci: u for u in UKURAN}


@dataclass(frozen=True)
class Kelompok:
    """An OPD row: a unit's subtree, or (langsung) only the pegawai placed in the unit."""

    unit_id: int
    nama: str
    langsung: bool = False

    @property
    def label(self) -> str:
        return f"Langsung di {self.nama}" if self.langsung else self.nama


@dataclass
class Sel:
    jumlah: int
    pegawai: int

    @property
    def persen(self) -> float | None:
        return 100.0 * self.jumlah / self.pegawai if self.pegawai else None


@dataclass
class Baris:
    kelompok: Kelompok | None  # None: the total
    pegawai: int = 0
    # measure -> period id -> pegawai counted
    jumlah: dict[str, dict[int, int]] = field(
        default_factory=lambda: {u.kunci: defaultdict(int) for u in UKURAN}
    )

    @property
    def label(self) -> str:
        return self.kelompok.label if self.kelompok else "Total"

    def sel(self, ukuran: str, periode_id: int) -> Sel:
        return Sel(self.jumlah[ukuran][periode_id], self.pegawai)


@dataclass
class Kepatuhan:
    tahun: int
    periode: list[PeriodePenilaian]
    baris: list[Baris]
    total: Baris
    dihitung: dt.datetime = field(default_factory=timezone.now)


def periode_tahun(instansi_id: int, tahun: int, hari: dt.date) -> list[PeriodePenilaian]:
    """The year's periods that have begun (the granularity of the year, then Tahunan), among
    those pemantauan offers (this year and last year)."""
    rows = [p for p in periode_pilihan(instansi_id, hari) if p.tahun == tahun]
    return sorted(rows, key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor))


def kelompok_opd(cakupan: Cakupan) -> tuple[list[Kelompok], dict[int, Kelompok]]:
    """The OPD rows of the scope and unit id -> its row (units outside the scope absent).
    One query: the instansi's units."""
    units = list(
        UnitOrganisasi.objects.filter(instansi_id=cakupan.instansi_id)
        .order_by()
        .values_list("id", "path", "nama", "induk_id")
    )
    nama = {u[0]: u[2] for u in units}
    tops = (
        [u[0] for u in units if u[3] is None] if cakupan.seluruh else [u.pk for u in cakupan.units]
    )
    if len(tops) == 1:
        top = tops[0]
        rows = {top: Kelompok(top, nama.get(top, ""), langsung=True)}
        for unit_id, _path, unit_nama, induk in units:
            if induk == top:
                rows[unit_id] = Kelompok(unit_id, unit_nama)
    else:
        rows = {t: Kelompok(t, nama.get(t, "")) for t in tops}
    mapping: dict[int, Kelompok] = {}
    for unit_id, path, _nama, _induk in units:
        chain = chain_from_path(path)
        if len(tops) == 1 and unit_id == tops[0]:
            mapping[unit_id] = rows[unit_id]
            continue
        owner = next((u for u in reversed(chain) if u in rows and not rows[u].langsung), None)
        if owner is not None:
            mapping[unit_id] = rows[owner]
    ordered = sorted(rows.values(), key=lambda k: (not k.langsung, k.nama.lower(), k.unit_id))
    return ordered, mapping


def _overlap(p: PeriodePenilaian, prefix: str = "") -> Q:
    return Q(**{f"{prefix}periode_mulai__lte": p.selesai, f"{prefix}periode_selesai__gte": p.mulai})


def _skp_berlaku(instansi_id: int, tahun: int) -> Q:
    return Q(instansi_id=instansi_id, tahun=tahun, status=StatusSkp.DISETUJUI, berlaku=True)


def kepatuhan(cakupan: Cakupan, tahun: int, hari: dt.date) -> Kepatuhan:
    """`hitung` for the year's periods begun by `hari`, kept in the cache for CACHE_SECONDS
    (as pemantauan's snapshot): the numbers move slowly and the GROUP BYs over 100,000 pegawai
    take a second or more."""
    periode = periode_tahun(cakupan.instansi_id, tahun, hari)
    scope = "-".join(str(u.pk) for u in cakupan.units) or "semua"
    key = f"laporan:kepatuhan:{cakupan.instansi_id}:{scope}:{tahun}:{hari.isoformat()}"
    found: Kepatuhan | None = cache.get(key)
    if found is None:
        found = hitung(cakupan, tahun, periode)
        cache.set(key, found, CACHE_SECONDS)
    return found


def hitung(cakupan: Cakupan, tahun: int, periode: list[PeriodePenilaian]) -> Kepatuhan:
    """The table: six queries (units, pegawai, SKP, IKI without realisasi, evaluations,
    documents), whatever the number of pegawai, units or periods."""
    i = cakupan.instansi_id
    kelompok, of_unit = kelompok_opd(cakupan)
    rows = {k.unit_id: Baris(k) for k in kelompok}
    total = Baris(None)
    ids = [p.pk for p in periode]

    def add(unit_id: int | None, ukuran: str | None, periode_id: int, n: int) -> None:
        k = of_unit.get(unit_id or 0)
        if k is None:
            return
        targets = (rows[k.unit_id], total)
        for row in targets:
            if ukuran is None:
                row.pegawai += n
            else:
                row.jumlah[ukuran][periode_id] += n

    aktif = Pegawai.objects.filter(instansi_id=i, aktif=True)
    for unit_id, n in aktif.values_list("unor_id").annotate(n=Count("id")).order_by():
        add(unit_id, None, 0, n)
    if not periode:
        return Kepatuhan(tahun, periode, list(rows.values()), total)

    # SKP in force during each period: conditional counts, one row per unit.
    skp = Skp.objects.filter(_skp_berlaku(i, tahun), pegawai__aktif=True)
    counts = {f"p{p.pk}": Count("pegawai_id", distinct=True, filter=_overlap(p)) for p in periode}
    skp_rows = list(skp.values("pegawai__unor_id").annotate(**counts).order_by())
    for row in skp_rows:
        for p in periode:
            add(row["pegawai__unor_id"], "skp", p.pk, row[f"p{p.pk}"])

    # Pegawai with an IKI (of an SKP in force during the period) lacking the period's
    # realisasi: one scan of the IKI with a probe per period on the realisasi index.
    iki = IndikatorKinerja.objects.filter(
        instansi_id=i,
        rhk__instansi_id=i,
        rhk__skp__instansi_id=i,
        rhk__skp__tahun=tahun,
        rhk__skp__status=StatusSkp.DISETUJUI,
        rhk__skp__berlaku=True,
        rhk__skp__pegawai__aktif=True,
    )
    missing = {
        f"p{p.pk}": Count(
            "rhk__skp__pegawai_id",
            distinct=True,
            filter=_overlap(p, "rhk__skp__")
            & ~Q(
                Exists(
                    Realisasi.objects.filter(instansi_id=i, periode_id=p.pk, iki_id=OuterRef("pk"))
                )
            ),
        )
        for p in periode
    }
    kurang: dict[tuple[int | None, int], int] = {}
    for row in iki.values("rhk__skp__pegawai__unor_id").annotate(**missing).order_by():
        for p in periode:
            kurang[row["rhk__skp__pegawai__unor_id"], p.pk] = row[f"p{p.pk}"]

    evaluasi = (
        Evaluasi.objects.filter(
            instansi_id=i, periode_id__in=ids, status__in=SUDAH_FINAL, pegawai__aktif=True
        )
        .values_list("pegawai__unor_id", "periode_id")
        .annotate(n=Count("pegawai_id", distinct=True))
        .order_by()
    )
    for unit_id, periode_id, n in evaluasi:
        add(unit_id, "dinilai", periode_id, n)

    dokumen = (
        Dokumen.objects.filter(
            instansi_id=i,
            jenis=JenisDokumen.EVALUASI,
            periode_id__in=ids,
            status=StatusDokumen.BERLAKU,
            pegawai__aktif=True,
        )
        .values_list("pegawai__unor_id", "periode_id")
        .annotate(n=Count("pegawai_id", distinct=True))
        .order_by()
    )
    for unit_id, periode_id, n in dokumen:
        add(unit_id, "dokumen", periode_id, n)

    # Realisasi filled = SKP in force − those missing some: per unit, before the roll-up.
    for row in skp_rows:
        unit_id = row["pegawai__unor_id"]
        for p in periode:
            add(unit_id, "realisasi", p.pk, row[f"p{p.pk}"] - kurang.get((unit_id, p.pk), 0))
    return Kepatuhan(tahun, periode, list(rows.values()), total)
