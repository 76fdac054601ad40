from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja.accounts import services as account_services
from kinerja.accounts.models import User
from kinerja.core.pagination import paginate
from kinerja.core.permissions import (
    DomainError,
    admin_instansi_required,
    admin_nasional_required,
)
from kinerja.org import selectors, services
from kinerja.org.forms import AtasanForm, InstansiForm, PenugasanForm


def _user(request: HttpRequest) -> Any:
    return request.user


@admin_instansi_required
def unor_tree(request: HttpRequest) -> HttpResponse:
    instansi = _user(request).instansi
    return render(
        request,
        "org/unor_tree.html",
        {"nodes": selectors.unit_children(instansi.pk, None), "instansi": instansi},
    )


@admin_instansi_required
def unor_children(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_for_user(_user(request), pk)
    return render(
        request,
        "org/_unor_nodes.html",
        {"nodes": selectors.unit_children(unit.instansi_id, unit.pk)},
    )


@admin_instansi_required
def unor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    unit = selectors.unit_for_user(user, pk)
    q = request.GET.get("q", "")
    pegawai = selectors.search_pegawai(unit.instansi_id, q, unor_id=unit.pk)
    page = paginate(request, pegawai, selectors.PAGE_SIZE)
    return render(
        request,
        "org/unor_detail.html",
        {
            "unit": unit,
            "leader": selectors.leader_of_unit(unit),
            "ancestors": selectors.unit_ancestors(unit),
            "nodes": selectors.unit_children(unit.instansi_id, unit.pk),
            "page": page,
            "q": q,
        },
    )


@admin_instansi_required
def pegawai_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    q = request.GET.get("q", "")
    page = paginate(request, selectors.search_pegawai(user.instansi_id, q), selectors.PAGE_SIZE)
    template = (
        "org/_pegawai_rows.html" if request.headers.get("HX-Request") else "org/pegawai_list.html"
    )
    return render(request, template, {"page": page, "q": q})


@login_required
def pegawai_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pegawai = selectors.pegawai_for_user(user, pk)
    # The forms post to Admin Instansi views; an Admin Nasional reads the page only.
    is_admin = bool(user.is_admin_instansi and user.instansi_id)
    context: dict[str, Any] = {
        "pegawai": pegawai,
        "riwayat": selectors.riwayat_of(pegawai),
        "atasan": selectors.atasan_of(pegawai),
        "is_admin": is_admin,
    }
    if is_admin:
        context["akun"] = _akun_of(pegawai)
        context["atasan_form"] = AtasanForm(pegawai=pegawai)
        context["penugasan_form"] = PenugasanForm(instansi_id=pegawai.instansi_id)
    return render(request, "org/pegawai_detail.html", context)


def _akun_of(pegawai: Any) -> User | None:
    """The pegawai's account: same NIP in the same instansi (the page and the reset agree)."""
    return User.objects.filter(nip=pegawai.nip, instansi_id=pegawai.instansi_id).first()


def _admin_pegawai(request: HttpRequest, pk: int) -> Any:
    user = _user(request)
    pegawai = selectors.pegawai_for_user(user, pk)
    if not (user.is_admin_instansi or user.is_admin_nasional):
        raise Http404
    return pegawai


@require_POST
@admin_instansi_required
def pegawai_atasan(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = _admin_pegawai(request, pk)
    form = AtasanForm(request.POST, pegawai=pegawai)
    if form.is_valid():
        try:
            services.ubah_atasan(_user(request), pegawai, form.atasan, form.cleaned_data["alasan"])
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Atasan pegawai telah diperbarui.")
    else:
        messages.error(request, _form_errors(form))
    return redirect("org:pegawai_detail", pk=pegawai.pk)


@require_POST
@admin_instansi_required
def pegawai_penugasan(request: HttpRequest, pk: int) -> HttpResponse:
    pegawai = _admin_pegawai(request, pk)
    form = PenugasanForm(request.POST, instansi_id=pegawai.instansi_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tetapkan_penugasan_pimpinan(
                _user(request),
                pegawai,
                data["unor"],
                data["jenis_penugasan"],
                data["berlaku_mulai"],
                data["berlaku_sampai"],
                data["nomor_sk"],
            )
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Penugasan {data['jenis_penugasan']} telah dicatat.")
    else:
        messages.error(request, _form_errors(form))
    return redirect("org:pegawai_detail", pk=pegawai.pk)


@require_POST
@admin_instansi_required
def pegawai_akun(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the pegawai's account, or reset its password; the temporary password shows once."""
    pegawai = _admin_pegawai(request, pk)
    akun = _akun_of(pegawai)
    try:
        if akun is None:
            akun, password = account_services.buat_akun_pegawai(_user(request), pegawai)
        else:
            password = account_services.reset_password(_user(request), akun)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Kata sandi sementara untuk {akun.nip}: {password} — sampaikan kepada pegawai; "
            "kata sandi ini wajib diganti saat pertama masuk dan tidak ditampilkan lagi.",
        )
    return redirect("org:pegawai_detail", pk=pegawai.pk)


@admin_nasional_required
def instansi_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.instansi_with_counts(), 50)
    return render(request, "org/instansi_list.html", {"page": page})


@admin_nasional_required
def instansi_create(request: HttpRequest) -> HttpResponse:
    form = InstansiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instansi, admin, password = services.daftarkan_instansi(
                _user(request), **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request,
                "org/instansi_created.html",
                {"instansi": instansi, "admin": admin, "password": password},
            )
    return render(request, "org/instansi_form.html", {"form": form})


def _form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
