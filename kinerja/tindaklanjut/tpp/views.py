"""TPP pages of the Admin Instansi (everyone else: 404; anonymous: login):

- `konfigurasi`: the versions, the one in force this month; `konfigurasi_baru` makes a new
  version (prefilled from the latest), `konfigurasi_ubah` edits one no recap used yet.
- `disiplin`: upload a month's attendance file (pratinjau), `disiplin_impor` shows the check,
  `disiplin_terapkan`/`disiplin_batal` apply or cancel it, `disiplin_templat` the templates.
- `rekap`: pick month and unit, see the first rows (paginated) and a summary, start the
  XLSX/CSV export (`rekap_ekspor`), which runs as a background job (core/jobs.py) whose page
  shows progress and gives the file.
"""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core import jobs
from kinerja.core.models import Pekerjaan
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.core.views import PESAN_DIBATALKAN, jalankan_impor
from kinerja.org.models import StatusImpor
from kinerja.pelaksanaan.jadwal import BULAN
from kinerja.tindaklanjut.tpp import impor, selectors, services
from kinerja.tindaklanjut.tpp.forms import (
    ImporDisiplinForm,
    KonfigurasiForm,
    nilai_awal,
    parse_bulan,
)
from kinerja.tindaklanjut.tpp.models import Disiplin, ImporDisiplin, KonfigurasiTpp

PER_HALAMAN = 25
RIWAYAT = 10


def _user(request: HttpRequest) -> Any:
    return request.user


def _bulan_ini() -> dt.date:
    return timezone.localdate().replace(day=1)


def _bulan_depan(tanggal: dt.date) -> dt.date:
    return (tanggal.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def nama_bulan(tanggal: dt.date) -> str:
    return f"{BULAN[tanggal.month - 1]} {tanggal.year}"


# --- Konfigurasi ------------------------------------------------------------------------------


@require_GET
@admin_instansi_required
def konfigurasi(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    versi = selectors.daftar_konfigurasi(user.instansi_id)
    ini = _bulan_ini()
    berlaku = next((v for v in versi if v.berlaku_mulai <= ini), None)
    return render(
        request,
        "tpp/konfigurasi_daftar.html",
        {"versi": versi, "berlaku": berlaku, "bulan_ini": nama_bulan(ini)},
    )


def _render_form(
    request: HttpRequest, form: KonfigurasiForm, konfig: KonfigurasiTpp | None
) -> HttpResponse:
    return render(request, "tpp/konfigurasi_form.html", {"form": form, "konfig": konfig})


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def konfigurasi_baru(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = KonfigurasiForm(request.POST)
        if form.is_valid():
            try:
                konfig = services.buat_konfigurasi(user, user.instansi_id, **form.data_layanan())
            except (DomainError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{konfig} disimpan.")
                return redirect("tpp:konfigurasi")
        return _render_form(request, form, None)
    terakhir = selectors.daftar_konfigurasi(user.instansi_id)[:1]
    dasar = terakhir[0] if terakhir else None
    initial = nilai_awal(dasar, selectors.besaran_of(dasar) if dasar else {})
    ini = _bulan_ini()
    initial["berlaku_mulai"] = _bulan_depan(ini) if dasar and dasar.berlaku_mulai >= ini else ini
    return _render_form(request, KonfigurasiForm(initial=initial), None)


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def konfigurasi_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    konfig = selectors.konfigurasi_of(user, pk)
    if konfig is None:
        raise Http404
    if request.method == "POST":
        form = KonfigurasiForm(request.POST)
        if form.is_valid():
            try:
                konfig = services.ubah_konfigurasi(user, konfig, **form.data_layanan())
            except (DomainError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{konfig} diubah.")
                return redirect("tpp:konfigurasi")
        return _render_form(request, form, konfig)
    form = KonfigurasiForm(initial=nilai_awal(konfig, selectors.besaran_of(konfig)))
    return _render_form(request, form, konfig)


# --- Disiplin ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def disiplin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ImporDisiplinForm(
        request.POST or None, request.FILES or None, initial={"bulan": _bulan_ini()}
    )
    if request.method == "POST" and form.is_valid():
        bulan, berkas = form.cleaned_data["bulan"], form.cleaned_data["berkas"]
        try:
            batch = impor.pratinjau(
                user, user.instansi_id, bulan.year, bulan.month, berkas.name, berkas.read()
            )
        except (DomainError, PermissionDenied) as exc:
            form.add_error("berkas", str(exc))
        else:
            return redirect("tpp:disiplin_impor", pk=batch.pk)
    riwayat = ImporDisiplin.objects.filter(instansi_id=user.instansi_id).select_related(
        "dibuat_oleh"
    )[:RIWAYAT]
    return render(
        request,
        "tpp/disiplin.html",
        {"form": form, "riwayat": riwayat, "kolom": impor.KOLOM},
    )


def _batch(request: HttpRequest, pk: int) -> ImporDisiplin:
    user = _user(request)
    batch = (
        ImporDisiplin.objects.filter(instansi_id=user.instansi_id, pk=pk)
        .select_related("dibuat_oleh")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@require_GET
@admin_instansi_required
def disiplin_impor(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    ada = Disiplin.objects.filter(
        instansi_id=batch.instansi_id, tahun=batch.tahun, bulan=batch.bulan
    ).count()
    return render(
        request,
        "tpp/disiplin_impor.html",
        {
            "batch": batch,
            "bulan_nama": impor.nama_bulan(batch.tahun, batch.bulan),
            "ringkasan": batch.ringkasan or {},
            "bisa_diterapkan": batch.status == StatusImpor.PRATINJAU,
            "sudah_ada": ada,
        },
    )


@require_POST
@admin_instansi_required
def disiplin_terapkan(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    kembali = reverse("tpp:disiplin_impor", args=[batch.pk])
    if p := jobs.terapkan_di_latar(request.user, impor.terapkan, batch, _pesan_diterapkan, kembali):
        return redirect("pekerjaan:detail", pk=p.pk)
    jalankan_impor(request, impor.terapkan, batch, _pesan_diterapkan)
    return redirect("tpp:disiplin_impor", pk=batch.pk)


def _pesan_diterapkan(batch: ImporDisiplin) -> str:
    return (
        f"Data disiplin {impor.nama_bulan(batch.tahun, batch.bulan)} diterapkan: "
        f"{batch.ringkasan.get('baris_valid', 0)} pegawai."
    )


@require_POST
@admin_instansi_required
def disiplin_batal(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if jalankan_impor(request, impor.batalkan, batch, PESAN_DIBATALKAN):
        return redirect("tpp:disiplin")
    return redirect("tpp:disiplin_impor", pk=batch.pk)


@require_GET
@admin_instansi_required
def disiplin_templat(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        content, content_type, filename = impor.templat(fmt)
    except DomainError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Rekap ------------------------------------------------------------------------------------


def _lingkup(request: HttpRequest, data: Any) -> selectors.Lingkup:
    """?bulan=YYYY-MM (default: this month) and ?unit=<id> of the user's instansi (another
    instansi's unit: 404)."""
    user = _user(request)
    parsed = parse_bulan(data.get("bulan", ""))
    ini = _bulan_ini()
    tahun, bulan = parsed or (ini.year, ini.month)
    unit = None
    if data.get("unit"):
        unit = selectors.unit_of(user.instansi_id, data.get("unit"))
        if unit is None:
            raise Http404
    return selectors.Lingkup(user.instansi_id, tahun, bulan, unit)


@require_GET
@admin_instansi_required
def rekap(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    lingkup = _lingkup(request, request.GET)
    page = paginate(request, selectors.halaman_pegawai(lingkup), PER_HALAMAN)
    rows = selectors.halaman_rekap(lingkup, page.object_list)
    params = {"bulan": f"{lingkup.tahun}-{lingkup.bulan:02d}"}
    if lingkup.unor is not None:
        params["unit"] = str(lingkup.unor.pk)
    pekerjaan = Pekerjaan.objects.filter(
        instansi_id=user.instansi_id, jenis="tpp.rekap"
    ).select_related("dibuat_oleh")[:RIWAYAT]
    return render(
        request,
        "tpp/rekap.html",
        {
            "lingkup": lingkup,
            "bulan_param": params["bulan"],
            "query": urlencode(params),
            "units": selectors.unit_pilihan(user.instansi_id),
            "page": page,
            "rows": rows,
            "ringkasan": selectors.ringkasan(lingkup),
            "pekerjaan": pekerjaan,
        },
    )


@require_POST
@admin_instansi_required
def rekap_ekspor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    lingkup = _lingkup(request, request.POST)
    try:
        pekerjaan = services.mulai_rekap(
            user,
            user.instansi_id,
            lingkup.tahun,
            lingkup.bulan,
            request.POST.get("format", ""),
            lingkup.unor,
        )
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        keep = {k: request.POST[k] for k in ("bulan", "unit") if request.POST.get(k)}
        return redirect(f"{reverse('tpp:rekap')}?{urlencode(keep)}")
    return redirect("pekerjaan:detail", pk=pekerjaan.pk)


urlpatterns: list[URLPattern] = [
    path("konfigurasi/", konfigurasi, name="konfigurasi"),
    path("konfigurasi/baru/", konfigurasi_baru, name="konfigurasi_baru"),
    path("konfigurasi/<int:pk>/", konfigurasi_ubah, name="konfigurasi_ubah"),
    path("disiplin/", disiplin, name="disiplin"),
    path("disiplin/<int:pk>/", disiplin_impor, name="disiplin_impor"),
    path("disiplin/<int:pk>/terapkan/", disiplin_terapkan, name="disiplin_terapkan"),
    path("disiplin/<int:pk>/batal/", disiplin_batal, name="disiplin_batal"),
    path("disiplin/templat.<str:fmt>", disiplin_templat, name="disiplin_templat"),
    path("rekap/", rekap, name="rekap"),
    path("rekap/ekspor/", rekap_ekspor, name="rekap_ekspor"),
]
