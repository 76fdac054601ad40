"""The user's in-app notifications: the list, opening one, "mark all read", and the unread
badge of the top bar (loaded by htmx after the page, so ordinary pages pay no query for it)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import belum_dibaca, tandai_dibaca
from kinerja.core.pagination import paginate
from kinerja.core.permissions import role_required

logged_in = role_required(lambda u: True)
app_name = "notifikasi"


def _user(request: HttpRequest) -> Any:
    return request.user


@logged_in
def daftar(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = Notifikasi.objects.filter(instansi_id=user.instansi_id, penerima=user).order_by(
        "-created_at", "-id"
    )
    return render(request, "core/notifikasi_list.html", {"page": paginate(request, rows)})


@never_cache
@logged_in
def badge(request: HttpRequest) -> HttpResponse:
    return render(request, "core/notifikasi_badge.html", {"n": belum_dibaca(_user(request))})


@require_POST
@logged_in
def buka(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (the list when it points nowhere)."""
    user = _user(request)
    row = Notifikasi.objects.filter(instansi_id=user.instansi_id, penerima=user, pk=pk).first()
    if row is None:
        raise Http404
    tandai_dibaca(user, [row.pk])
    safe = url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()})
    return redirect(row.url if row.url and safe else "notifikasi:daftar")


@require_POST
@logged_in
def tandai_semua(request: HttpRequest) -> HttpResponse:
    tandai_dibaca(_user(request))
    return redirect("notifikasi:daftar")


urlpatterns: list[URLPattern] = [
    path("", daftar, name="daftar"),
    path("badge/", badge, name="badge"),
    path("<int:pk>/buka/", buka, name="buka"),
    path("tandai-semua/", tandai_semua, name="tandai_semua"),
]
