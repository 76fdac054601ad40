"""The user's in-app notifications: the list, opening one, "mark all read", the unread badge of
the top bar and its panel of the newest ones (both loaded by htmx after the page, so ordinary
pages pay no query for them; without JavaScript the bell is a plain link to the list)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import tandai_dibaca
from kinerja.core.pagination import paginate
from kinerja.core.permissions import role_required
from kinerja.notifikasi.jenis import label_of

logged_in = role_required(lambda u: True)
app_name = "notifikasi"
BADGE_BATAS = 99  # above it the badge says "99+": the count stops at 100 rows
TERBARU = 8


def _user(request: HttpRequest) -> Any:
    return request.user


def _milik(user: Any) -> Any:
    return Notifikasi.objects.filter(instansi_id=user.instansi_id, penerima=user).order_by(
        "-created_at", "-id"
    )


def _berlabel(rows: Any) -> Any:
    for n in rows:
        n.kategori_label = label_of(n.jenis)
    return rows


@logged_in
def daftar(request: HttpRequest) -> HttpResponse:
    rows = _milik(_user(request))
    belum = request.GET.get("belum") == "1"
    if belum:
        rows = rows.filter(dibaca_at__isnull=True)
    page = paginate(request, rows)
    _berlabel(page.object_list)
    return render(request, "core/notifikasi_list.html", {"page": page, "belum": belum})


@never_cache
@logged_in
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count, capped (a range of the (instansi, penerima, dibaca_at) index):
    polled by every open tab, so one small query and no session write."""
    user = _user(request)
    n = (
        Notifikasi.objects.filter(
            instansi_id=user.instansi_id, penerima=user, dibaca_at__isnull=True
        )
        .values("pk")[: BADGE_BATAS + 1]
        .count()
    )
    teks = f"{BADGE_BATAS}+" if n > BADGE_BATAS else str(n)
    return render(request, "core/notifikasi_badge.html", {"n": n, "teks": teks})


@never_cache
@logged_in
def terbaru(request: HttpRequest) -> HttpResponse:
    """The bell's panel: the newest notifications, unread ones marked."""
    rows = _berlabel(list(_milik(_user(request))[:TERBARU]))
    return render(request, "notifikasi/terbaru.html", {"rows": rows})


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
    return _dibaca(redirect(row.url if row.url and safe else "notifikasi:daftar"))


@require_POST
@logged_in
def tandai_semua(request: HttpRequest) -> HttpResponse:
    tandai_dibaca(_user(request))
    if request.headers.get("HX-Request"):  # from the bell's panel: show it again, all read
        return _dibaca(terbaru(request))
    return _dibaca(redirect("notifikasi:daftar"))


def _dibaca(response: HttpResponse) -> HttpResponse:
    """The badge (base.html) listens for this event and reloads."""
    response["HX-Trigger"] = "notifikasi-dibaca"
    return response


urlpatterns: list[URLPattern] = [
    path("", daftar, name="daftar"),
    path("badge/", badge, name="badge"),
    path("terbaru/", terbaru, name="terbaru"),
    path("<int:pk>/buka/", buka, name="buka"),
    path("tandai-semua/", tandai_semua, name="tandai_semua"),
]
