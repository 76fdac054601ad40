"""Angka kredit pages (Bahasa Indonesia).

- "Angka kredit saya": the pegawai's ledger, total and progress (a non-JF pegawai is told why
  there is nothing); the same page for a bawahan (their penilai) and for the Admin Instansi.
- The penilai's list of their JF bawahan.
- The Admin Instansi's list of the instansi's JF pegawai (unit filter, NIP/nama search,
  paginated, CSV/XLSX export), the saldo awal form, and the bulk recompute.

Objects come through selectors (instansi-scoped; 404 for what the user may not see); every
write goes through services.py.
"""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core import ekspor as ekspor_berkas
from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    pegawai_required,
    role_required,
)
from kinerja.tindaklanjut.angkakredit import aturan, services
from kinerja.tindaklanjut.angkakredit import selectors as sel
from kinerja.tindaklanjut.angkakredit.forms import SaldoForm, errors_of

logged_in = role_required(lambda u: True)  # the selectors decide who sees what (404 else)
KOLOM = (
    ("NIP", 20),
    ("Nama", 36),
    ("Jabatan", 40),
    ("Jenjang", 14),
    ("Unit organisasi", 40),
    ("AK awal", 12),
    ("Total AK", 12),
    ("AK kenaikan pangkat", 12),
    ("Kurang untuk kenaikan pangkat", 14),
    ("AK kenaikan jenjang", 12),
    ("Kurang untuk kenaikan jenjang", 14),
)


def _user(request: HttpRequest) -> Any:
    return request.user


# --- One pegawai -------------------------------------------------------------------------


def _halaman(request: HttpRequest, pegawai: Any, *, milik_sendiri: bool) -> HttpResponse:
    user = _user(request)
    r = sel.ringkasan(pegawai)
    return render(
        request,
        "angkakredit/pegawai.html",
        {
            "r": r,
            "milik_sendiri": milik_sendiri,
            "is_admin": bool(user.is_admin_instansi) and user.instansi_id == pegawai.instansi_id,
        },
    )


@require_GET
@pegawai_required
def saya(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _halaman(request, sel.pegawai_untuk_user(user, user.pegawai_id), milik_sendiri=True)


@require_GET
@logged_in
def pegawai(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    obj = sel.pegawai_untuk_user(user, pk)
    return _halaman(request, obj, milik_sendiri=obj.pk == user.pegawai_id)


@require_GET
@pegawai_required
def bawahan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = paginate(request, sel.bawahan_jf(user), sel.PER_HALAMAN)
    rows = sel.baris_daftar(user.instansi_id, page.object_list)
    return render(request, "angkakredit/bawahan.html", {"page": page, "rows": rows})


# --- The Admin Instansi ------------------------------------------------------------------


def _filter(request: HttpRequest) -> tuple[str, Any]:
    user = _user(request)
    return request.GET.get("q", "").strip(), sel.unit_of(user, request.GET.get("unor", ""))


@require_GET
@admin_instansi_required
def daftar(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    q, unit = _filter(request)
    page = paginate(request, sel.daftar_jf(user.instansi_id, q, unit), sel.PER_HALAMAN)
    rows = sel.baris_daftar(user.instansi_id, page.object_list)
    units = sel.pilihan_unit(user.instansi_id)
    if unit is not None and unit.pk not in dict(units):
        units.append((unit.pk, unit.nama))
    return render(
        request,
        "angkakredit/daftar.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "unit": unit,
            "units": units,
            "query": _query(q, unit),
        },
    )


def _query(q: str, unit: Any) -> str:
    parts = [("q", q)] if q else []
    if unit is not None:
        parts.append(("unor", str(unit.pk)))
    return urlencode(parts)


@require_GET
@admin_instansi_required
def ekspor(request: HttpRequest) -> HttpResponseBase:
    """Every JF pegawai of the filter (not just the page), CSV (default: semicolons, since the
    numbers carry a decimal comma) or XLSX (number cells); the NIP always as text."""
    user = _user(request)
    q, unit = _filter(request)
    qs = sel.daftar_jf(user.instansi_id, q, unit)
    rows = _chunks(user.instansi_id, qs)
    cells = _angka if request.GET.get("format") == "xlsx" else _cells
    return ekspor_berkas.unduh(
        request,
        f"angka-kredit-{timezone.localdate().isoformat()}",
        KOLOM,
        (cells(b) for b in rows),
        lembar="Angka kredit",
        bawaan="csv",
        pemisah=";",
        format_angka="#,##0.000",
    )


def _chunks(instansi_id: int, qs: Any) -> Iterator[sel.Baris]:
    """The rows in chunks: two total queries per chunk, not per pegawai."""
    batch: list[Any] = []
    for p in qs.iterator(chunk_size=sel.EXPORT_CHUNK):
        batch.append(p)
        if len(batch) == sel.EXPORT_CHUNK:
            yield from sel.baris_daftar(instansi_id, batch)
            batch = []
    if batch:
        yield from sel.baris_daftar(instansi_id, batch)


def _cells(b: sel.Baris) -> list[str]:
    p = b.pegawai
    pangkat, jenjang = b.kemajuan
    return [
        p.nip,
        p.nama_lengkap,
        str(p.jabatan) if p.jabatan_id else "",
        str(p.jabatan.jenjang) if p.jabatan and p.jabatan.jenjang_id else "",
        str(p.unor) if p.unor_id else "",
        aturan.format_ak(b.ak_awal) if b.ak_awal is not None else "",
        aturan.format_ak(b.total),
        aturan.format_koefisien(pangkat.dibutuhkan),
        aturan.format_ak(pangkat.kurang) if pangkat.ada else "—",
        aturan.format_koefisien(jenjang.dibutuhkan),
        aturan.format_ak(jenjang.kurang) if jenjang.ada else "—",
    ]


def _angka(b: sel.Baris) -> list[ekspor_berkas.Sel]:
    """The XLSX row: the text columns, then the numbers as number cells ("—": no next step)."""
    pangkat, jenjang = b.kemajuan
    return [
        *_cells(b)[:5],
        b.ak_awal,
        b.total,
        pangkat.dibutuhkan,
        pangkat.kurang if pangkat.ada else "—",
        jenjang.dibutuhkan if jenjang.dibutuhkan is not None else "—",
        jenjang.kurang if jenjang.ada else "—",
    ]


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def saldo(request: HttpRequest, pk: int) -> HttpResponse:
    """The saldo awal form; a refusal is shown with what was typed, nothing stored."""
    user = _user(request)
    obj = sel.pegawai_admin(user, pk)
    r = sel.ringkasan(obj)
    error = ""
    if request.method == "POST":
        form = SaldoForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(errors_of(form))
            data = form.cleaned_data
            services.atur_saldo(
                user,
                obj,
                ak_awal=data["ak_awal"],
                tanggal_mulai=data["tanggal_mulai"],
                keterangan=data["keterangan"],
            )
        except (DomainError, PermissionDenied) as exc:
            error = str(exc)
        else:
            messages.success(request, f"Saldo angka kredit {obj.nama_lengkap} disimpan.")
            return redirect(reverse("angkakredit:pegawai", args=[obj.pk]))
    else:
        initial = {}
        if r.saldo:
            initial = {
                "ak_awal": aturan.format_ak(r.saldo.ak_awal),
                "tanggal_mulai": r.saldo.tanggal_mulai,
                "keterangan": r.saldo.keterangan,
            }
        form = SaldoForm(initial=initial)
    return render(request, "angkakredit/saldo.html", {"r": r, "form": form, "error": error})


@require_POST
@admin_instansi_required
def hitung_ulang(request: HttpRequest) -> HttpResponse:
    """Rebuild the instansi's ledger from the final results (after an import or a fix), as a
    background job: about 13 s for 100,000 pegawai. The job page shows the outcome."""
    pekerjaan = services.mulai_hitung_ulang(_user(request))
    return redirect(reverse("pekerjaan:detail", args=[pekerjaan.pk]))


urlpatterns: list[URLPattern] = [
    path("saya/", saya, name="saya"),
    path("bawahan/", bawahan, name="bawahan"),
    path("pegawai/<int:pk>/", pegawai, name="pegawai"),
    path("pegawai/<int:pk>/saldo/", saldo, name="saldo"),
    path("daftar/", daftar, name="daftar"),
    path("daftar/ekspor/", ekspor, name="ekspor"),
    path("daftar/hitung-ulang/", hitung_ulang, name="hitung_ulang"),
]
