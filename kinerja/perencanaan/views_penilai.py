"""Overviews of stage 1: the penilai's bawahan with their SKP status, the Matriks Peran Hasil,
the cascade tree of a unit, the Admin Instansi's status counts per unit, and tim kerja."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from kinerja.core.pagination import paginate
from kinerja.core.params import tahun_param
from kinerja.core.permissions import DomainError, admin_instansi_required
from kinerja.org import selectors as org_selectors
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.perencanaan import overview, services
from kinerja.perencanaan.models import AnggotaTim

logged_in = login_required


def pegawai_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; an account without a pegawai gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).pegawai_id:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> Any:
    return request.user


def _me(request: HttpRequest) -> Pegawai:
    return Pegawai.objects.select_related("jabatan", "unor").get(pk=_user(request).pegawai_id)


# --- Penilai: bawahan ------------------------------------------------------------------------


@pegawai_required
def bawahan(request: HttpRequest) -> HttpResponse:
    tahun, status, q = tahun_param(request), request.GET.get("status", ""), request.GET.get("q", "")
    qs, counts = overview.bawahan_status(_me(request), tahun, status, q)
    return render(
        request,
        "perencanaan/penilai_bawahan.html",
        {
            "page": paginate(request, qs),
            "counts": counts,
            "total": sum(counts.values()),
            "tahun": tahun,
            "status": status,
            "q": q,
        },
    )


# --- Matriks Peran Hasil ---------------------------------------------------------------------


@pegawai_required
def mph(request: HttpRequest) -> HttpResponse:
    return _render_mph(request, _me(request))


@admin_instansi_required
def mph_pegawai(request: HttpRequest, pk: int) -> HttpResponse:
    leader = (
        Pegawai.objects.select_related("jabatan", "unor")
        .filter(instansi_id=_user(request).instansi_id, pk=pk)
        .first()
    )
    if leader is None:
        raise Http404
    return _render_mph(request, leader)


def _render_mph(request: HttpRequest, leader: Pegawai) -> HttpResponse:
    tahun = tahun_param(request)
    context = {"leader": leader, "tahun": tahun, **overview.mph(leader, tahun)}
    return render(request, "perencanaan/mph.html", context)


# --- Cascade tree ----------------------------------------------------------------------------


@pegawai_required
def cascade(request: HttpRequest) -> HttpResponse:
    """The leader's own unit (the highest they lead)."""
    units = overview.units_led_by(_me(request))
    if not units:
        raise Http404
    return _render_cascade(request, units[0])


@logged_in
def cascade_unit(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_cascade(request, overview.cascade_unit_for(_user(request), pk))


def _render_cascade(request: HttpRequest, unit: UnitOrganisasi) -> HttpResponse:
    tahun = tahun_param(request)
    return render(
        request,
        "perencanaan/cascade.html",
        {
            "unit": unit,
            "tahun": tahun,
            "ancestors": org_selectors.unit_ancestors(unit),
            **overview.cascade_tree(unit, tahun),
        },
    )


# --- Admin Instansi: status per unit ---------------------------------------------------------


@admin_instansi_required
def admin_status(request: HttpRequest) -> HttpResponse:
    user, tahun = _user(request), tahun_param(request)
    root = None
    unor = request.GET.get("unor", "")
    if unor.isdigit():
        root = org_selectors.unit_for_user(user, int(unor))
    units, counts, total = overview.status_per_unit(user.instansi_id, tahun, root)
    page = paginate(request, units, 50)
    empty = {**dict.fromkeys(overview.STATUS_LABELS, 0), "pegawai": 0, "persen": 0}
    labels = overview.STATUS_LABELS
    rows = [
        {"unit": u, **c, "cells": [c[label] for label in labels]}
        for u in page.object_list
        for c in [counts.get(u.pk, empty)]
    ]
    total["cells"] = [total[label] for label in labels]
    return render(
        request,
        "perencanaan/admin_status.html",
        {
            "page": page,
            "rows": rows,
            "total": total,
            "root": root,
            "tahun": tahun,
            "labels": labels,
        },
    )


# --- Tim kerja -------------------------------------------------------------------------------


@pegawai_required
def tim_list(request: HttpRequest) -> HttpResponse:
    tahun = tahun_param(request)
    dipimpin, diikuti = overview.tim_of(_me(request), tahun)
    return render(
        request,
        "perencanaan/tim_list.html",
        {"dipimpin": dipimpin, "diikuti": diikuti, "tahun": tahun},
    )


@require_POST
@pegawai_required
def tim_buat(request: HttpRequest) -> HttpResponse:
    try:
        tim = services.bentuk_tim(
            _user(request), request.POST.get("nama", ""), tahun_param(request)
        )
    except DomainError as e:
        messages.error(request, str(e))
        return redirect("perencanaan:tim_list")
    messages.success(request, f"Tim kerja {tim.nama} dibentuk. Tambahkan anggotanya.")
    return redirect("perencanaan:tim_detail", tim.pk)


@logged_in
def tim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    tim = overview.tim_for_user(user, pk)
    return render(
        request,
        "perencanaan/tim_detail.html",
        {
            "tim": tim,
            "anggota": list(overview.anggota_of(tim)),
            "is_ketua": user.pegawai_id == tim.ketua_id,
        },
    )


def _tim_of_ketua(request: HttpRequest, pk: int) -> Any:
    """The team, for its ketua only: 404 for anyone else (a member, another instansi)."""
    tim = overview.tim_for_user(_user(request), pk)
    if tim.ketua_id != _user(request).pegawai_id:
        raise Http404
    return tim


@require_POST
@pegawai_required
def tim_anggota_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    tim = _tim_of_ketua(request, pk)
    nip = request.POST.get("nip", "").strip()
    pegawai = Pegawai.objects.filter(instansi_id=tim.instansi_id, nip=nip, aktif=True).first()
    if pegawai is None:
        messages.error(request, f"Pegawai dengan NIP {nip or '(kosong)'} tidak ditemukan.")
        return redirect("perencanaan:tim_detail", tim.pk)
    try:
        services.tambah_anggota(_user(request), tim, pegawai)
    except (DomainError, PermissionDenied) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{pegawai.nama_lengkap} ditambahkan ke tim.")
    return redirect("perencanaan:tim_detail", tim.pk)


@require_POST
@pegawai_required
def tim_anggota_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a member (pk: the AnggotaTim row); 404 for anyone but the ketua."""
    anggota = (
        AnggotaTim.objects.select_related("tim", "pegawai")
        .filter(instansi_id=_user(request).instansi_id, pk=pk)
        .first()
    )
    if anggota is None or anggota.tim.ketua_id != _user(request).pegawai_id:
        raise Http404
    services.hapus_anggota(_user(request), anggota)
    messages.success(request, f"{anggota.pegawai.nama_lengkap} dikeluarkan dari tim.")
    return redirect("perencanaan:tim_detail", anggota.tim_id)


urlpatterns: list[URLPattern] = [
    path("bawahan/", bawahan, name="bawahan"),
    path("mph/", mph, name="mph"),
    path("mph/<int:pk>/", mph_pegawai, name="mph_pegawai"),
    path("cascade/", cascade, name="cascade"),
    path("cascade/<int:pk>/", cascade_unit, name="cascade_unit"),
    path("admin/status/", admin_status, name="admin_status"),
    path("tim/", tim_list, name="tim_list"),
    path("tim/buat/", tim_buat, name="tim_buat"),
    path("tim/<int:pk>/", tim_detail, name="tim_detail"),
    path("tim/<int:pk>/anggota/", tim_anggota_tambah, name="tim_anggota_tambah"),
    path("tim/anggota/<int:pk>/hapus/", tim_anggota_hapus, name="tim_anggota_hapus"),
]
