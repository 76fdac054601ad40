"""The reports of stage 4 (issue 6, "Reports"; domain.md §5-§6). Read-only.

- `index`: the list of reports.
- `distribusi`: the kurva units of a period as stacked bars against their rules (violations
  first; each drills to penilaian's calibration page) and the year's periods side by side.
- `kepatuhan`: per OPD and period, the share of pegawai with an SKP in force, realisasi
  filled, evaluated and a signed evaluation document: lines over the periods and the table.
- `perbaikan` / `sangat_baik`: the follow-up lists of PP 30/2019 (below Baik: six months to
  improve; Sangat Baik two years running), with XLSX/CSV exports.
- `layanan`: the last two annual predikat per pegawai (kenaikan pangkat), with exports.

Who sees what: akses.cakupan_of (the Admin Instansi: the instansi; a unit leader: the units
they lead; anyone else 404; anonymous to the login page).
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.core import ekspor
from kinerja.core.pagination import paginate
from kinerja.core.permissions import role_required
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import jadwal, selectors_pemantauan
from kinerja.pelaksanaan.models import JenisPeriode
from kinerja.penilaian import aturan, kurva
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.laporan import grafik
from kinerja.tindaklanjut.laporan import selectors_distribusi as sel_distribusi
from kinerja.tindaklanjut.laporan import selectors_hasil as sel_hasil
from kinerja.tindaklanjut.laporan import selectors_kepatuhan as sel_kepatuhan
from kinerja.tindaklanjut.laporan.akses import Cakupan, cakupan_of, hari_ini

PER_HALAMAN = 25
UNIT_PER_HALAMAN = 20
logged_in = role_required(lambda u: True)  # anonymous → login; the scope decides the rest


def _cakupan(request: HttpRequest) -> Cakupan:
    return cakupan_of(request.user)


def _opd_pilihan(cakupan: Cakupan) -> list[sel_kepatuhan.Kelompok]:
    """The units offered in the unit filter: the OPD rows of the scope (subtrees only)."""
    rows, _ = sel_kepatuhan.kelompok_opd(cakupan)
    return [k for k in rows if not k.langsung]


@require_GET
@logged_in
def index(request: HttpRequest) -> HttpResponse:
    cakupan = _cakupan(request)
    return render(request, "laporan/index.html", {"cakupan": cakupan})


# --- Distribusi predikat against the kurva --------------------------------------------------


@require_GET
@logged_in
def distribusi(request: HttpRequest) -> HttpResponse:
    cakupan = _cakupan(request)
    periode, pilihan = selectors_pemantauan.pilih_periode(
        cakupan.instansi_id, hari_ini(), request.GET.get("periode")
    )
    units = sel_distribusi.kurva_units(cakupan, periode)
    konfig = kurva.konfigurasi(cakupan.instansi_id)
    page = Paginator(units, UNIT_PER_HALAMAN).get_page(request.GET.get("page"))
    rows = [
        (k, grafik.batang_kurva(k.hasil, konfig.aturan_untuk(k.organisasi.predikat)))
        for k in page.object_list
    ]
    tahun = sorted(
        (p for p in pilihan if p.tahun == periode.tahun),
        key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor),
    )
    sebaran = sel_distribusi.sebaran_periode(cakupan, tahun)
    kecil = [(p, grafik.kecil(str(p), sebaran[p.pk])) for p in tahun]
    return render(
        request,
        "laporan/distribusi.html",
        {
            "cakupan": cakupan,
            "periode": periode,
            "pilihan": pilihan,
            "page": page,
            "rows": rows,
            "gagal": sum(1 for k in units if k.hasil.pelanggaran),
            "jumlah_unit": len(units),
            "kecil": kecil,
            "konfig": konfig,
            "mode_label": aturan.ModeKurva(konfig.mode).label,
            "predikat_list": aturan.Predikat.values,
            "singkatan": list(grafik.SINGKAT.items()),
            "warna": grafik.WARNA_PREDIKAT,
        },
    )


# --- Kepatuhan per OPD ----------------------------------------------------------------------


def _kepatuhan(request: HttpRequest) -> tuple[Cakupan, sel_kepatuhan.Kepatuhan, list[int]]:
    cakupan = _cakupan(request)
    hari = hari_ini()
    tahun_list = [hari.year, hari.year - 1]
    raw = request.GET.get("tahun", "")
    tahun = int(raw) if raw.isdigit() and int(raw) in tahun_list else hari.year
    return cakupan, sel_kepatuhan.kepatuhan(cakupan, tahun, hari), tahun_list


@require_GET
@logged_in
def kepatuhan(request: HttpRequest) -> HttpResponse:
    cakupan, data, tahun_list = _kepatuhan(request)
    ukuran = sel_kepatuhan.BY_KUNCI.get(request.GET.get("ukuran", ""), sel_kepatuhan.UKURAN[0])
    labels = [str(p) for p in data.periode]
    seri = [
        (u.label, u.warna, [data.total.sel(u.kunci, p.pk).persen for p in data.periode])
        for u in sel_kepatuhan.UKURAN
    ]
    return render(
        request,
        "laporan/kepatuhan.html",
        {
            "cakupan": cakupan,
            "data": data,
            "tahun_list": tahun_list,
            "ukuran": ukuran,
            "ukuran_list": sel_kepatuhan.UKURAN,
            "cache_menit": max(1, sel_kepatuhan.CACHE_SECONDS // 60),
            "grafik": grafik.grafik_garis(labels, seri),
            "tabel": [
                (row, [row.sel(ukuran.kunci, p.pk) for p in data.periode])
                for row in [*data.baris, data.total]
            ],
            "ringkas": [
                (u, [data.total.sel(u.kunci, p.pk) for p in data.periode])
                for u in sel_kepatuhan.UKURAN
            ],
        },
    )


def _persen(s: sel_kepatuhan.Sel) -> str:
    return "" if s.persen is None else f"{s.persen:.1f}".replace(".", ",")


@require_GET
@logged_in
def kepatuhan_ekspor(request: HttpRequest) -> HttpResponseBase:
    """One row per OPD and period: pegawai, then count and % of each measure."""
    cakupan, data, _ = _kepatuhan(request)
    kolom = [("Unit", 40), ("Periode", 20), ("Pegawai", 10)]
    for u in sel_kepatuhan.UKURAN:
        kolom += [(u.label, 14), (f"{u.label} (%)", 14)]

    def rows() -> Iterator[list[str]]:
        for row in [*data.baris, data.total]:
            for p in data.periode:
                cells = [row.label, str(p), str(row.pegawai)]
                for u in sel_kepatuhan.UKURAN:
                    s = row.sel(u.kunci, p.pk)
                    cells += [str(s.jumlah), _persen(s)]
                yield cells

    info = [("Laporan", "Kepatuhan per OPD"), ("Tahun", str(data.tahun))]
    info.append(("Cakupan", cakupan.label))
    return ekspor.unduh(request, f"kepatuhan-{data.tahun}", kolom, rows(), info)


# --- Follow-up lists (PP 30/2019) ------------------------------------------------------------


def _tahun_hasil(request: HttpRequest, cakupan: Cakupan) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and 2000 <= int(raw) <= hari_ini().year:
        return int(raw)
    return sel_hasil.tahun_terakhir(cakupan.instansi_id, hari_ini().year - 1)


def _tanggal_final(ev: Evaluasi) -> str:
    at = getattr(ev, "final_pada", None) or ev.difinalkan_at
    return jadwal.format_tanggal(_lokal(at)) if at else ""


def _lokal(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def _batas_perbaikan(ev: Evaluasi) -> str:
    at = getattr(ev, "final_pada", None) or ev.difinalkan_at
    if not at:
        return ""
    return jadwal.format_tanggal(sel_hasil.tambah_bulan(_lokal(at), sel_hasil.BULAN_PERBAIKAN))


JENIS = {
    "perbaikan": (
        "Predikat di bawah Baik",
        "Pegawai dengan predikat kinerja tahunan (final, setelah keberatan) Butuh Perbaikan, "
        "Kurang/Misconduct, atau Sangat Kurang diberi kesempatan paling lama 6 bulan untuk "
        "memperbaiki kinerjanya (PP 30/2019). Batas dihitung dari tanggal hasil menjadi final "
        "(atau tanggal keputusan keberatan). Ini laporan tindak lanjut, bukan sanksi otomatis.",
    ),
    "sangat_baik": (
        "Sangat Baik dua tahun berturut-turut",
        "Pegawai dengan predikat kinerja tahunan Sangat Baik pada tahun ini dan tahun "
        "sebelumnya: kandidat pengembangan karier dan suksesi (PP 30/2019). Ini laporan, "
        "bukan penghargaan otomatis.",
    ),
}


def _tindak_lanjut(request: HttpRequest, jenis: str) -> tuple[Any, ...]:
    cakupan = _cakupan(request)
    tahun = _tahun_hasil(request, cakupan)
    unit_path = sel_hasil.unit_pilihan(cakupan, request.GET.get("unit", ""))
    if jenis == "perbaikan":
        qs = sel_hasil.perlu_perbaikan(cakupan, tahun, unit_path)
    else:
        qs = sel_hasil.sangat_baik_berturut(cakupan, tahun, unit_path)
    return cakupan, tahun, qs


def _daftar(request: HttpRequest, jenis: str) -> HttpResponse:
    cakupan, tahun, qs = _tindak_lanjut(request, jenis)
    page = paginate(request, qs, PER_HALAMAN)
    judul, keterangan = JENIS[jenis]
    rows = [
        (ev, _tanggal_final(ev), _batas_perbaikan(ev) if jenis == "perbaikan" else "")
        for ev in page.object_list
    ]
    return render(
        request,
        "laporan/tindak_lanjut.html",
        {
            "cakupan": cakupan,
            "jenis": jenis,
            "judul": judul,
            "keterangan": keterangan,
            "tahun": tahun,
            "tahun_lalu": tahun - 1,
            "page": page,
            "rows": rows,
            "unit": request.GET.get("unit", ""),
            "units": _opd_pilihan(cakupan),
            "ekspor_url": f"laporan:{jenis}_ekspor",
        },
    )


def _pegawai_cells(p: Pegawai) -> list[str]:
    return [
        p.nip,
        p.nama_lengkap,
        p.jabatan.nama if p.jabatan else "",
        str(p.golongan) if p.golongan else "",
        p.unor.nama if p.unor else "",
    ]


PEGAWAI_KOLOM: list[ekspor.Kolom] = [
    ("NIP", 20),
    ("Nama", 36),
    ("Jabatan", 36),
    ("Pangkat/golongan", 24),
    ("Unit", 36),
]


def _ekspor_daftar(request: HttpRequest, jenis: str) -> HttpResponseBase:
    cakupan, tahun, qs = _tindak_lanjut(request, jenis)
    judul, keterangan = JENIS[jenis]
    kolom = [*PEGAWAI_KOLOM]
    if jenis == "perbaikan":
        kolom += [
            (f"Predikat {tahun}", 20),
            ("Status", 14),
            ("Final pada", 18),
            ("Batas perbaikan", 18),
        ]
    else:
        kolom += [(f"Predikat {tahun - 1}", 16), (f"Predikat {tahun}", 16)]

    def rows() -> Iterator[list[str]]:
        for ev in qs.iterator(chunk_size=2000):
            cells = _pegawai_cells(ev.pegawai)
            if jenis == "perbaikan":
                cells += [ev.predikat, ev.status, _tanggal_final(ev), _batas_perbaikan(ev)]
            else:
                cells += [aturan.Predikat.SANGAT_BAIK, ev.predikat]
            yield cells

    info = [("Laporan", judul), ("Tahun", str(tahun)), ("Cakupan", cakupan.label)]
    info.append(("Keterangan", keterangan))
    return ekspor.unduh(request, f"{jenis.replace('_', '-')}-{tahun}", kolom, rows(), info)


@require_GET
@logged_in
def perbaikan(request: HttpRequest) -> HttpResponse:
    return _daftar(request, "perbaikan")


@require_GET
@logged_in
def perbaikan_ekspor(request: HttpRequest) -> HttpResponseBase:
    return _ekspor_daftar(request, "perbaikan")


@require_GET
@logged_in
def sangat_baik(request: HttpRequest) -> HttpResponse:
    return _daftar(request, "sangat_baik")


@require_GET
@logged_in
def sangat_baik_ekspor(request: HttpRequest) -> HttpResponseBase:
    return _ekspor_daftar(request, "sangat_baik")


# --- Syarat layanan: the last two annual predikat --------------------------------------------


def _layanan_qs(request: HttpRequest) -> tuple[Cakupan, str, Any]:
    cakupan = _cakupan(request)
    q = request.GET.get("q", "").strip()
    unit_path = sel_hasil.unit_pilihan(cakupan, request.GET.get("unit", ""))
    return cakupan, q, sel_hasil.pegawai_layanan(cakupan, q, unit_path)


@require_GET
@logged_in
def layanan(request: HttpRequest) -> HttpResponse:
    cakupan, q, qs = _layanan_qs(request)
    page = paginate(request, qs, PER_HALAMAN)
    people = list(page.object_list)
    hasil = sel_hasil.predikat_tahunan_terakhir(cakupan.instansi_id, [p.pk for p in people])
    rows = [(p, ([*hasil.get(p.pk, []), None, None])[:2]) for p in people]
    return render(
        request,
        "laporan/layanan.html",
        {
            "cakupan": cakupan,
            "page": page,
            "rows": rows,
            "q": q,
            "unit": request.GET.get("unit", ""),
            "units": _opd_pilihan(cakupan),
        },
    )


EKSPOR_CHUNK = 2000


@require_GET
@logged_in
def layanan_ekspor(request: HttpRequest) -> HttpResponseBase:
    """Every pegawai of the list, a chunk of pegawai and one read of their results at a
    time."""
    cakupan, _q, qs = _layanan_qs(request)
    kolom = [
        *PEGAWAI_KOLOM,
        ("Tahun terakhir", 14),
        ("Predikat terakhir", 20),
        ("Tahun sebelumnya", 16),
        ("Predikat sebelumnya", 20),
    ]

    def rows() -> Iterator[list[str]]:
        chunk: list[Pegawai] = []
        for p in qs.iterator(chunk_size=EKSPOR_CHUNK):
            chunk.append(p)
            if len(chunk) == EKSPOR_CHUNK:
                yield from _layanan_rows(cakupan, chunk)
                chunk = []
        yield from _layanan_rows(cakupan, chunk)

    info = [("Laporan", "Predikat kinerja tahunan terakhir (syarat layanan kepegawaian)")]
    info.append(("Cakupan", cakupan.label))
    return ekspor.unduh(request, "predikat-tahunan-terakhir", kolom, rows(), info)


def _layanan_rows(cakupan: Cakupan, people: list[Pegawai]) -> Iterator[list[str]]:
    if not people:
        return
    hasil = sel_hasil.predikat_tahunan_terakhir(cakupan.instansi_id, [p.pk for p in people])
    for p in people:
        cells = _pegawai_cells(p)
        for h in ([*hasil.get(p.pk, []), None, None])[:2]:
            cells += [str(h.tahun), h.predikat] if h else ["", ""]
        yield cells


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("distribusi/", distribusi, name="distribusi"),
    path("kepatuhan/", kepatuhan, name="kepatuhan"),
    path("kepatuhan/ekspor/", kepatuhan_ekspor, name="kepatuhan_ekspor"),
    path("tindak-lanjut/perbaikan/", perbaikan, name="perbaikan"),
    path("tindak-lanjut/perbaikan/ekspor/", perbaikan_ekspor, name="perbaikan_ekspor"),
    path("tindak-lanjut/sangat-baik/", sangat_baik, name="sangat_baik"),
    path("tindak-lanjut/sangat-baik/ekspor/", sangat_baik_ekspor, name="sangat_baik_ekspor"),
    path("layanan/", layanan, name="layanan"),
    path("layanan/ekspor/", layanan_ekspor, name="layanan_ekspor"),
]
