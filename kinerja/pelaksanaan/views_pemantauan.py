"""Views of pemantauan: who is behind in a period (belum merencanakan, belum mengisi realisasi,
tidak ada aktivitas minggu ini, aktivitas belum dinilai), with counts, a bar per unit and flag,
the list behind each number, and its export (XLSX and CSV).

- The penilai: their bawahan (any pegawai; one without bawahan is told so).
- The Admin Instansi: per unit, from the top units down (counts include sub-units), from the
  cached snapshot of selectors_pemantauan, so lists and exports match the counts shown.
Read-only: nothing here writes.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from kinerja.core import ekspor as ekspor_berkas
from kinerja.core.pagination import paginate
from kinerja.core.permissions import admin_instansi_required, pegawai_required
from kinerja.org import selectors as org_selectors
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan import selectors_pemantauan as sel

PER_HALAMAN = 25
UNIT_PER_HALAMAN = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def _lingkup(request: HttpRequest, instansi_id: int) -> tuple[sel.Lingkup, list[Any]]:
    """The scope from ?periode= (404 for a period not offered) and today in the user's zone."""
    hari_ini = sel.hari_ini()
    periode, choices = sel.pilih_periode(instansi_id, hari_ini, request.GET.get("periode"))
    return sel.Lingkup(instansi_id, periode, hari_ini), choices


def _context(lingkup: sel.Lingkup, choices: list[Any]) -> dict[str, Any]:
    keterangan = lingkup.keterangan()
    return {
        "lingkup": lingkup,
        "periode": lingkup.periode,
        "pilihan": choices,
        "tanda_list": [(t, keterangan[t.kunci]) for t in sel.TANDA],
        "batas": jadwal.format_tanggal(lingkup.periode.batas_pengisian),
    }


@dataclass
class Baris:
    """A pegawai in a list or an export, with their flags in TANDA order."""

    pegawai: Pegawai
    tanda: list[bool]


# --- The penilai: bawahan --------------------------------------------------------------------


@dataclass
class _BawahanData:
    me: Pegawai
    data: sel.Bawahan
    lingkup: sel.Lingkup
    choices: list[Any]
    tanda: str  # a flag of TANDA, or "" for every bawahan

    @property
    def judul(self) -> str:
        return sel.BY_KUNCI[self.tanda].label if self.tanda else "Semua bawahan"


def _bawahan_data(request: HttpRequest) -> _BawahanData:
    user = _user(request)
    me = Pegawai.objects.select_related("unor").get(
        instansi_id=user.instansi_id, pk=user.pegawai_id
    )
    lingkup, choices = _lingkup(request, me.instansi_id)
    tanda = request.GET.get("tanda", "")
    tanda = tanda if tanda in sel.BY_KUNCI else ""  # an unknown flag shows everyone
    return _BawahanData(me, sel.bawahan(me, lingkup, tanda), lingkup, choices, tanda)


@require_GET
@pegawai_required
def bawahan(request: HttpRequest) -> HttpResponse:
    b = _bawahan_data(request)
    page = paginate(request, b.data.daftar, PER_HALAMAN)
    rows = [Baris(p, [getattr(p, k) for k in sel.KUNCI]) for p in page.object_list]
    return render(
        request,
        "pelaksanaan/pemantauan_bawahan.html",
        {
            **_context(b.lingkup, b.choices),
            "page": page,
            "rows": rows,
            "counts": [(t, b.data.counts[t.kunci]) for t in sel.TANDA],
            "total": b.data.total,
            "tanda": b.tanda,
            "tanda_label": b.judul,
        },
    )


@require_GET
@pegawai_required
def bawahan_ekspor(request: HttpRequest) -> HttpResponseBase:
    b = _bawahan_data(request)
    rows = (
        Baris(p, [getattr(p, k) for k in sel.KUNCI])
        for p in b.data.daftar.iterator(chunk_size=sel.EXPORT_CHUNK)
    )
    cakupan = f"Bawahan {b.me.nama_lengkap}"
    return _ekspor(request, rows, b.lingkup, b.judul, cakupan, b.tanda or sel.SEMUA)


# --- The Admin Instansi: per unit ------------------------------------------------------------


def _unit_page(
    request: HttpRequest,
    unit: UnitOrganisasi | None,
    lingkup: sel.Lingkup,
    choices: list[Any],
    atas: bool = False,
) -> HttpResponse:
    """One level of the tree: the units below `unit` (the top units when None) with their
    subtree counts, the pegawai placed in `unit` itself, and the total of the level. `atas`:
    the first page (also when it shows the children of an instansi's single root unit)."""
    snap = sel.snapshot(lingkup)
    user = _user(request)
    units = UnitOrganisasi.objects.filter(
        instansi_id=user.instansi_id, induk_id=unit.pk if unit else None
    ).order_by("nama", "id")
    page = paginate(request, units, UNIT_PER_HALAMAN)
    rows = sel.baris_unit(snap, list(page.object_list))
    extra = []
    if unit is not None and unit.pk in snap.langsung:
        langsung = snap.langsung[unit.pk]
        extra.append(sel.Baris(f"Langsung di {unit.nama}", unit, langsung, True, str(unit.pk)))
    if atas and snap.tanpa_unit[0]:
        extra.append(sel.Baris("Tanpa unit", None, snap.tanpa_unit, unor_param="0"))
    total = snap.subtree.get(unit.pk, sel.KOSONG) if unit and not atas else snap.total
    param = str(unit.pk) if unit and not atas else ""
    return render(
        request,
        "pelaksanaan/pemantauan_unit.html",
        {
            **_context(lingkup, choices),
            "unit": unit,
            "atas": atas,
            "ancestors": org_selectors.unit_ancestors(unit) if unit and not atas else [],
            "page": page,
            "rows": rows,
            "extra": extra,
            "total": sel.Baris("Total", unit, total, unor_param=param),
            "dihitung": snap.dihitung,
            "cache_menit": max(1, sel.CACHE_SECONDS // 60),
        },
    )


@require_GET
@admin_instansi_required
def unit_atas(request: HttpRequest) -> HttpResponse:
    """The top units; with a single root (the pemda itself) its children, the OPDs."""
    instansi_id = _user(request).instansi_id
    lingkup, choices = _lingkup(request, instansi_id)
    roots = list(UnitOrganisasi.objects.filter(instansi_id=instansi_id, induk=None)[:2])
    return _unit_page(request, roots[0] if len(roots) == 1 else None, lingkup, choices, True)


@require_GET
@admin_instansi_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = org_selectors.unit_for_user(_user(request), pk)
    lingkup, choices = _lingkup(request, unit.instansi_id)
    return _unit_page(request, unit, lingkup, choices)


@dataclass
class _Daftar:
    """The list behind one number of the admin's table."""

    ids: list[int]  # pegawai, name order
    snap: sel.Snapshot
    lingkup: sel.Lingkup
    choices: list[Any]
    tanda: str
    unor: str
    unit: UnitOrganisasi | None
    langsung: bool

    @property
    def judul(self) -> str:
        return sel.BY_KUNCI[self.tanda].label if self.tanda in sel.BY_KUNCI else "Semua pegawai"

    @property
    def cakupan(self) -> str:
        if self.unit is None:
            return "Tanpa unit" if self.unor == "0" else "Seluruh instansi"
        return self.unit.nama + (" (tanpa sub-unit)" if self.langsung else " dan sub-unitnya")

    def baris(self, pegawai: Iterable[Pegawai], flags: dict[int, int]) -> Iterator[Baris]:
        for p in pegawai:
            yield Baris(p, [bool(flags.get(p.pk, 0) & t.bit) for t in sel.TANDA])


def _daftar(request: HttpRequest) -> _Daftar:
    """?tanda= (a flag, or semua) in ?unor= (a unit and its sub-units, or only the unit with
    ?langsung=1; "0" for pegawai without a unit; the whole instansi when absent)."""
    user = _user(request)
    tanda = request.GET.get("tanda", "")
    if tanda not in (*sel.KUNCI, sel.SEMUA):
        raise Http404
    lingkup, choices = _lingkup(request, user.instansi_id)
    unor = request.GET.get("unor", "")
    unit: UnitOrganisasi | None = None
    units: set[int] | None = None
    langsung = False
    if unor == "0":
        units = {0}
    elif unor:
        if not unor.isdigit():
            raise Http404
        unit = org_selectors.unit_for_user(user, int(unor))
        langsung = request.GET.get("langsung") == "1"
        units = {unit.pk} if langsung else sel.subtree_ids(unit)
    snap = sel.snapshot(lingkup)
    return _Daftar(snap.ids(tanda, units), snap, lingkup, choices, tanda, unor, unit, langsung)


@require_GET
@admin_instansi_required
def daftar(request: HttpRequest) -> HttpResponse:
    d = _daftar(request)
    page = Paginator(d.ids, PER_HALAMAN).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = list(d.baris(sel.pegawai_rows(d.lingkup.instansi_id, ids), d.snap.tanda_of(ids)))
    return render(
        request,
        "pelaksanaan/pemantauan_daftar.html",
        {
            **_context(d.lingkup, d.choices),
            "page": page,
            "rows": rows,
            "tanda": d.tanda,
            "tanda_label": d.judul,
            "cakupan": d.cakupan,
            "unit": d.unit,
            "dihitung": d.snap.dihitung,
        },
    )


@require_GET
@admin_instansi_required
def ekspor(request: HttpRequest) -> HttpResponseBase:
    d = _daftar(request)
    flags = dict(zip(d.snap.pegawai, d.snap.tanda, strict=True))
    rows = d.baris(sel.pegawai_stream(d.lingkup.instansi_id, d.ids), flags)
    return _ekspor(request, rows, d.lingkup, d.judul, d.cakupan, d.tanda)


# --- Export ----------------------------------------------------------------------------------

KOLOM = (
    ("NIP", 20),
    ("Nama", 36),
    ("Jabatan", 36),
    ("Unit", 36),
    *((t.label, 16) for t in sel.TANDA),
)


def _cells(row: Baris) -> list[str]:
    p = row.pegawai
    jabatan = p.jabatan.nama if p.jabatan else ""
    unit = p.unor.nama if p.unor else ""
    return [p.nip, p.nama_lengkap, jabatan, unit, *("Ya" if f else "Tidak" for f in row.tanda)]


def _ekspor(
    request: HttpRequest,
    rows: Iterable[Baris],
    lingkup: sel.Lingkup,
    judul: str,
    cakupan: str,
    tanda: str,
) -> HttpResponseBase:
    """?format=xlsx (default) or csv; the file name says the period and the flag."""
    periode = lingkup.periode
    nama = f"pemantauan-{periode.tahun}-{periode.jenis.lower()}-{periode.nomor}-{tanda}"
    keterangan = lingkup.keterangan()
    info = [("Periode", str(periode)), ("Daftar", judul), ("Cakupan", cakupan)]
    info += [(t.label, keterangan[t.kunci]) for t in sel.TANDA]
    cells = (_cells(row) for row in rows)
    return ekspor_berkas.unduh(request, nama, KOLOM, cells, info, lembar="Pemantauan")


urlpatterns: list[URLPattern] = [
    path("pemantauan/bawahan/", bawahan, name="pemantauan_bawahan"),
    path("pemantauan/bawahan/ekspor/", bawahan_ekspor, name="pemantauan_bawahan_ekspor"),
    path("pemantauan/unit/", unit_atas, name="pemantauan_unit"),
    path("pemantauan/unit/<int:pk>/", unit_detail, name="pemantauan_unit_detail"),
    path("pemantauan/daftar/", daftar, name="pemantauan_daftar"),
    path("pemantauan/daftar/ekspor/", ekspor, name="pemantauan_ekspor"),
]
