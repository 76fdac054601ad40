"""Annual results read by other personnel services and the follow-up lists (domain.md §6).

- `predikat_tahunan_terakhir`: the last n annual predikat per pegawai (syarat layanan, e.g.
  kenaikan pangkat; the API reuses it).
- `perlu_perbaikan`: pegawai whose final annual predikat of a year is below Baik: they get six
  months to improve (PP 30/2019), counted from the day the result became final.
- `sangat_baik_berturut`: Sangat Baik in the annual results of the year and the year before
  (succession candidates). A report, not a sanction or an award.

"The annual predikat" of a pegawai for a year is their final (post-keberatan) Tahunan
evaluation; a pegawai who changed penilai mid-year has one per SKP, and the latest SKP's counts
(the result at the end of the year). Every read filters by instansi first.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.aturan import Predikat
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, Keberatan
from kinerja.tindaklanjut.laporan.akses import Cakupan

DI_BAWAH_BAIK = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
BULAN_PERBAIKAN = 6


@dataclass(frozen=True)
class PredikatTahunan:
    tahun: int
    predikat: str
    status: str  # Final, Tetap, Diubah, ... (SUDAH_FINAL)
    evaluasi_id: int


def _tahunan_final(instansi_id: int) -> QuerySet[Evaluasi]:
    return Evaluasi.objects.filter(
        instansi_id=instansi_id,
        status__in=SUDAH_FINAL,
        periode__instansi_id=instansi_id,
        periode__jenis=JenisPeriode.TAHUNAN,
    )


def predikat_tahunan_terakhir(
    instansi_id: int, pegawai_ids: Iterable[int] | None = None, n: int = 2
) -> dict[int, list[PredikatTahunan]]:
    """pegawai id -> their last `n` annual predikat, newest year first (pegawai without any
    final annual result are absent). One query; one pass over its rows."""
    qs = _tahunan_final(instansi_id)
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=list(pegawai_ids))
    rows = qs.order_by("pegawai_id", "-periode__tahun", "-skp_mulai").values_list(
        "pegawai_id", "periode__tahun", "predikat", "status", "pk"
    )
    result: dict[int, list[PredikatTahunan]] = {}
    for pegawai_id, tahun, predikat, status, pk in rows:
        found = result.setdefault(pegawai_id, [])
        if len(found) < n and (not found or found[-1].tahun != tahun):
            found.append(PredikatTahunan(tahun, predikat, status, pk))
    return result


def tahun_terakhir(instansi_id: int, default: int) -> int:
    """The newest year with a final annual result (`default` when there is none)."""
    found = (
        _tahunan_final(instansi_id)
        .order_by("-periode__tahun")
        .values_list("periode__tahun", flat=True)[:1]
    )
    return next(iter(found), default)


def hasil_tahunan(instansi_id: int, tahun: int) -> QuerySet[Evaluasi]:
    """The annual results of the year that count: final, and of the pegawai's latest SKP of
    the year (no final annual result on a later SKP). The year's Tahunan period is read first
    (one small query), so neither the list nor its NOT EXISTS probe joins the periods."""
    periode = list(
        PeriodePenilaian.objects.filter(
            instansi_id=instansi_id, tahun=tahun, jenis=JenisPeriode.TAHUNAN
        ).values_list("pk", flat=True)
    )
    final = Evaluasi.objects.filter(
        instansi_id=instansi_id, status__in=SUDAH_FINAL, periode_id__in=periode
    )
    later = final.filter(
        pegawai_id=OuterRef("pegawai_id"),
        periode_id=OuterRef("periode_id"),
        skp_mulai__gt=OuterRef("skp_mulai"),
    )
    return final.filter(~Exists(later))


def _daftar(qs: QuerySet[Evaluasi], cakupan: Cakupan, unit_path: str) -> QuerySet[Evaluasi]:
    """Aktif pegawai in the scope (by their unit now; `unit_path`: one subtree of it)."""
    qs = qs.filter(cakupan.filter("pegawai__unor__path"), pegawai__aktif=True)
    if unit_path:
        qs = qs.filter(pegawai__unor__path__startswith=unit_path)
    return qs.select_related(
        "pegawai", "pegawai__jabatan", "pegawai__unor", "pegawai__golongan", "periode"
    ).order_by("pegawai__nama", "pegawai_id")


def perlu_perbaikan(cakupan: Cakupan, tahun: int, unit_path: str = "") -> QuerySet[Evaluasi]:
    """Final annual predikat of `tahun` below Baik, annotated `final_pada`: when the result
    became final (the keberatan decision when there was one, else the finalisation)."""
    keputusan = Keberatan.objects.filter(
        instansi_id=cakupan.instansi_id, evaluasi_id=OuterRef("pk"), diputuskan_at__isnull=False
    ).values("diputuskan_at")[:1]
    qs = hasil_tahunan(cakupan.instansi_id, tahun).filter(predikat__in=DI_BAWAH_BAIK)
    qs = qs.annotate(final_pada=Coalesce(Subquery(keputusan), "difinalkan_at"))
    return _daftar(qs, cakupan, unit_path)


def sangat_baik_berturut(cakupan: Cakupan, tahun: int, unit_path: str = "") -> QuerySet[Evaluasi]:
    """Sangat Baik as the annual result of `tahun` and of the year before (a gap year does
    not count: the year before must have its own Sangat Baik result)."""
    i = cakupan.instansi_id
    before = hasil_tahunan(i, tahun - 1).filter(
        pegawai_id=OuterRef("pegawai_id"), predikat=Predikat.SANGAT_BAIK
    )
    qs = hasil_tahunan(i, tahun).filter(Exists(before), predikat=Predikat.SANGAT_BAIK)
    return _daftar(qs, cakupan, unit_path)


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """The same day `bulan` months later (the month's last day when it has fewer days)."""
    month = tanggal.month - 1 + bulan
    year, month = tanggal.year + month // 12, month % 12 + 1
    days = [31, 29 if _kabisat(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(tanggal.day, days[month - 1]))


def _kabisat(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def pegawai_layanan(cakupan: Cakupan, q: str = "", unit_path: str = "") -> QuerySet[Pegawai]:
    """Aktif pegawai in the scope for the syarat layanan list: NIP prefix (an index range, as
    org.selectors.search_pegawai) or part of the name, and one unit's subtree."""
    qs = Pegawai.objects.filter(cakupan.filter(), instansi_id=cakupan.instansi_id, aktif=True)
    digits = q.replace(" ", "")
    if digits.isdigit():
        qs = qs.filter(nip__gte=digits, nip__lt=digits + "a")
    elif q:
        qs = qs.filter(nama__icontains=q)
    if unit_path:
        qs = qs.filter(unor__path__startswith=unit_path)
    return qs.select_related("jabatan", "unor", "golongan").order_by("nama", "id")


def unit_pilihan(cakupan: Cakupan, pk: str) -> str:
    """?unit= as the path of a unit in the scope ("" for none given); 404 otherwise."""
    if not pk:
        return ""
    if not pk.isdigit():
        raise Http404
    path = (
        UnitOrganisasi.objects.filter(instansi_id=cakupan.instansi_id, pk=pk)
        .values_list("path", flat=True)
        .first()
    )
    if path is None or not cakupan.memuat(path):
        raise Http404
    return path
