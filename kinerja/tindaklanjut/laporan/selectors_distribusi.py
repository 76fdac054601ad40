"""The distribution of predikat against the kurva (domain.md §5), as a report over periods.

The kurva rules and the unit populations are penilaian.kurva's (distribusi_instansi: a unit
holding a predikat organisasi counts its subtree minus sub-units holding their own); this
module only chooses, orders and compares. A leader sees the kurva units inside the subtrees
they lead.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count

from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import aturan, kurva
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.laporan.akses import Cakupan


def _urutan(k: kurva.KurvaUnit) -> tuple[int, int, str, int]:
    h = k.hasil
    # Broken rules first (enforceable units before small ones), then nobody rated yet, then
    # the units meeting their kurva; in tree order within each.
    rank = (1 if h.unit_kecil else 0) if h.pelanggaran else 3 if h.n else 2
    return (rank, -len(h.pelanggaran), k.organisasi.unor.path, k.organisasi.pk)


def kurva_units(cakupan: Cakupan, periode: PeriodePenilaian) -> list[kurva.KurvaUnit]:
    """The units holding a predikat organisasi for the period in the scope, violations
    first. kurva.distribusi_instansi's four queries."""
    rows = kurva.distribusi_instansi(cakupan.instansi_id, periode)
    return sorted((r for r in rows if cakupan.memuat(r.organisasi.unor.path)), key=_urutan)


def sebaran_periode(
    cakupan: Cakupan, periode: Sequence[PeriodePenilaian]
) -> dict[int, dict[str, int]]:
    """period id -> predikat -> pegawai rated (draft or final, as the kurva counts) in the
    scope, by the unit they were rated in. One GROUP BY over the periods."""
    result: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(aturan.Predikat.values, 0)
    )
    if not periode:
        return result
    rows = (
        Evaluasi.objects.filter(
            cakupan.filter(),
            instansi_id=cakupan.instansi_id,
            periode_id__in=[p.pk for p in periode],
        )
        .exclude(predikat="")
        .values_list("periode_id", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    for periode_id, predikat, n in rows:
        result[periode_id][predikat] += n
    return result
