"""Role checks shared by services and views. Services call these before any write."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse


class DomainError(Exception):
    """A rule of the domain refused the action; the message is for the user (Bahasa Indonesia)."""


def require_admin_instansi(actor: Any, instansi_id: int) -> None:
    if actor.is_admin_nasional:
        return
    if not (actor.is_admin_instansi and actor.instansi_id == instansi_id):
        raise PermissionDenied("Hanya Admin Instansi dari instansi ini yang boleh melakukannya.")


def require_admin_nasional(actor: Any) -> None:
    if not actor.is_admin_nasional:
        raise PermissionDenied("Hanya Admin Nasional yang boleh melakukannya.")


def _to_login(request: HttpRequest) -> HttpResponse:
    """The login page; for an htmx request (session expired mid-page) a full-page redirect, so
    the login form is not swapped into a fragment."""
    response = redirect_to_login(request.get_full_path())
    if request.headers.get("HX-Request"):
        hx = HttpResponse(status=204)
        hx["HX-Redirect"] = response["Location"]
        return hx
    return response


def role_required(check: Callable[[Any], bool]) -> Callable[..., Any]:
    """View decorator: anonymous users go to the login page; users without the role get 404
    (a 403 would confirm that the page exists)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not user.is_authenticated:
                return _to_login(request)
            if not check(user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


admin_instansi_required = role_required(lambda u: u.is_admin_instansi and u.instansi_id)
admin_nasional_required = role_required(lambda u: u.is_admin_nasional)
pegawai_required = role_required(lambda u: bool(u.pegawai_id))
