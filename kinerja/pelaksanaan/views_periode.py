"""Periods and deadlines: the Admin Instansi's "Periode & Batas Waktu" page (the year's
setting, fixed dates, extensions) and every pegawai's read-only "Jadwal periode" with their own
effective deadlines. Writes go through services_periode; a refusal re-renders the page with the
message and the typed input, nothing written."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.pagination import paginate
from kinerja.core.params import tahun_param
from kinerja.core.permissions import DomainError, admin_instansi_required, pegawai_required
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import jadwal, services_periode
from kinerja.pelaksanaan.forms_periode import BatasForm, PengaturanForm, PerpanjanganForm
from kinerja.pelaksanaan.models import (
    AturanBatas,
    CakupanPerpanjangan,
    JenisPeriode,
    PengaturanPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.pelaksanaan.periode import (
    batas_efektif_semua,
    daftar_periode,
    pastikan_periode,
    zona_of,
)
from kinerja.perencanaan.forms import errors_of

PER_PAGE = 25


def _user(request: HttpRequest) -> Any:
    return request.user


def _admin_url(tahun: int) -> str:
    return f"{reverse('pelaksanaan:periode_admin')}?tahun={tahun}"


# --- Admin Instansi: Periode & Batas Waktu ---------------------------------------------------


@require_GET
@admin_instansi_required
def periode_admin(request: HttpRequest) -> HttpResponse:
    return _render_admin(request, tahun_param(request))


def _render_admin(
    request: HttpRequest,
    tahun: int,
    pengaturan_form: PengaturanForm | None = None,
    perpanjangan_form: PerpanjanganForm | None = None,
) -> HttpResponse:
    instansi_id = _user(request).instansi_id
    pengaturan = pastikan_periode(instansi_id, tahun)
    periods = _periods_of(pengaturan)
    zona = zona_of(instansi_id)
    if pengaturan_form is None:
        pengaturan_form = PengaturanForm(initial=_initial(pengaturan))
    if perpanjangan_form is None:
        perpanjangan_form = PerpanjanganForm(instansi_id=instansi_id)
    perpanjangan_form.fields["periode"].widget = forms.Select(
        choices=[(p.pk, str(p)) for p in periods]
    )
    perpanjangan = (
        PerpanjanganBatas.objects.filter(
            instansi_id=instansi_id, periode_id__in=[p.pk for p in periods]
        )
        .select_related("periode", "unor", "pegawai", "dibuat_oleh")
        .order_by("-created_at", "-id")
    )
    tetap = {
        UntukBatas.PENGISIAN: pengaturan.aturan_pengisian == AturanBatas.TANGGAL_TETAP,
        UntukBatas.PENILAIAN: pengaturan.aturan_penilaian == AturanBatas.TANGGAL_TETAP,
    }
    return render(
        request,
        "pelaksanaan/periode_admin.html",
        {
            "tahun": tahun,
            "pengaturan": pengaturan,
            "rows": _admin_rows(periods, zona),
            "zona": jadwal.ZONA_LABEL.get(zona, zona),
            "tetap": tetap,
            "ada_tetap": any(tetap.values()),
            "pengaturan_form": pengaturan_form,
            "perpanjangan_form": perpanjangan_form,
            "page": paginate(request, perpanjangan, PER_PAGE),
        },
    )


def _periods_of(pengaturan: PengaturanPeriode) -> list[PeriodePenilaian]:
    """The year's periods in order: the periodic ones, then Tahunan."""
    rows = PeriodePenilaian.objects.filter(
        instansi_id=pengaturan.instansi_id, tahun=pengaturan.tahun
    )
    return sorted(rows, key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor))


def _initial(pengaturan: PengaturanPeriode) -> dict[str, Any]:
    return {
        "granularitas": pengaturan.granularitas,
        "aturan_pengisian": pengaturan.aturan_pengisian,
        "hari_pengisian": pengaturan.hari_pengisian,
        "aturan_penilaian": pengaturan.aturan_penilaian,
        "hari_penilaian": pengaturan.hari_penilaian,
    }


def _admin_rows(periods: list[PeriodePenilaian], zona: str) -> list[dict[str, Any]]:
    """Each period with its deadlines for the whole instansi (the period's own, raised by an
    instansi-wide extension) and whether it is open now."""
    extended: dict[tuple[int, str], dt.date] = {
        (periode_id, untuk): batas
        for periode_id, untuk, batas in PerpanjanganBatas.objects.filter(
            instansi_id=periods[0].instansi_id if periods else 0,
            periode_id__in=[p.pk for p in periods],
            cakupan=CakupanPerpanjangan.INSTANSI,
        )
        .values_list("periode_id", "untuk")
        .annotate(m=Max("batas_baru"))
        .order_by()
    }
    now = timezone.now()
    rows = []
    for p in periods:
        row: dict[str, Any] = {"periode": p, "form": BatasForm(initial=_batas_initial(p))}
        for untuk in UntukBatas.values:
            dasar = getattr(p, f"batas_{untuk}")
            batas = max(dasar, extended.get((p.pk, untuk), dasar))
            row[untuk] = _cell(batas, dasar, zona, now)
        rows.append(row)
    return rows


def _batas_initial(p: PeriodePenilaian) -> dict[str, dt.date]:
    return {"batas_pengisian": p.batas_pengisian, "batas_penilaian": p.batas_penilaian}


def _cell(batas: dt.date, dasar: dt.date, zona: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "batas": jadwal.format_batas(batas, zona),
        "diperpanjang": batas > dasar,
        "terbuka": not jadwal.sudah_lewat(batas, zona, now),
    }


@require_POST
@admin_instansi_required
def periode_atur(request: HttpRequest) -> HttpResponse:
    user, tahun = _user(request), tahun_param(request)
    form = PengaturanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_periode.atur_periode(
                user,
                user.instansi_id,
                tahun,
                data["granularitas"],
                data["aturan_pengisian"],
                data["hari_pengisian"],
                data["aturan_penilaian"],
                data["hari_penilaian"],
            )
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Pengaturan periode {tahun} disimpan.")
            return redirect(_admin_url(tahun))
    return _render_admin(request, tahun, pengaturan_form=form)


@require_POST
@admin_instansi_required
def periode_batas(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _periode_or_404(request, pk)
    form = BatasForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_of(form))
        return redirect(_admin_url(periode.tahun))
    try:
        services_periode.ubah_batas(
            _user(request),
            periode,
            form.cleaned_data["batas_pengisian"],
            form.cleaned_data["batas_penilaian"],
        )
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Batas waktu {periode} disimpan.")
    return redirect(_admin_url(periode.tahun))


@require_POST
@admin_instansi_required
def periode_perpanjang(request: HttpRequest) -> HttpResponse:
    user, tahun = _user(request), tahun_param(request)
    form = PerpanjanganForm(request.POST, instansi_id=user.instansi_id)
    valid = form.is_valid()
    # Another instansi's period is 404 whatever else is wrong with the form.
    pk = form.cleaned_data.get("periode")
    periode = _periode_or_404(request, pk) if pk else None
    if valid and periode is not None:
        data = form.cleaned_data
        tahun = periode.tahun
        try:
            services_periode.perpanjang_batas(
                user,
                periode,
                data["untuk"],
                data["cakupan"],
                form.unor,
                form.pegawai,
                data["batas_baru"],
                data["alasan"],
            )
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Batas waktu {periode} diperpanjang.")
            return redirect(_admin_url(tahun))
    return _render_admin(request, tahun, perpanjangan_form=form)


def _periode_or_404(request: HttpRequest, pk: int) -> PeriodePenilaian:
    periode = PeriodePenilaian.objects.filter(instansi_id=_user(request).instansi_id, pk=pk).first()
    if periode is None:
        raise Http404
    return periode


# --- Every pegawai: Jadwal periode -----------------------------------------------------------


@require_GET
@pegawai_required
def periode_jadwal(request: HttpRequest) -> HttpResponse:
    user, tahun = _user(request), tahun_param(request)
    pegawai = Pegawai.objects.select_related("unor").get(
        instansi_id=user.instansi_id, pk=user.pegawai_id
    )
    periods = daftar_periode(user.instansi_id, tahun)
    batas = batas_efektif_semua(periods, pegawai)
    zona, now, today = zona_of(user.instansi_id), timezone.now(), timezone.localdate()
    rows = [
        {
            "periode": p,
            "sekarang": p.jenis != JenisPeriode.TAHUNAN and p.mulai <= today <= p.selesai,
            **{
                untuk: _cell(batas[p.pk, untuk], getattr(p, f"batas_{untuk}"), zona, now)
                for untuk in UntukBatas.values
            },
        }
        for p in periods
    ]
    return render(
        request,
        "pelaksanaan/periode_jadwal.html",
        {"tahun": tahun, "rows": rows, "zona": jadwal.ZONA_LABEL.get(zona, zona)},
    )


urlpatterns: list[URLPattern] = [
    path("periode/", periode_admin, name="periode_admin"),
    path("periode/atur/", periode_atur, name="periode_atur"),
    path("periode/<int:pk>/batas/", periode_batas, name="periode_batas"),
    path("periode/perpanjang/", periode_perpanjang, name="periode_perpanjang"),
    path("periode/jadwal/", periode_jadwal, name="periode_jadwal"),
]
