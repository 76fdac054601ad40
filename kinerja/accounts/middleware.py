from collections.abc import Callable
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

SESSION_TIMEZONE = "zona_waktu"
# What a user holding a temporary password may still open; the one-time link sets the password
# too (and logs this session out).
BEBAS = {"accounts:password_change", "accounts:logout", "accounts:atur_sandi"}
OIDC_BACKEND = "kinerja.accounts.oidc.NipOidcBackend"


class PasswordChangeRequiredMiddleware:
    """A user holding a temporary password must set their own before anything else, unless
    they came in through SSO: their password lives at the provider, not here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        sso = request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
        if (
            user.is_authenticated
            and user.must_change_password
            and not sso
            and not request.path.startswith("/static/")
            and not _bebas(request.path_info)
        ):
            if request.headers.get("HX-Request"):
                # A fragment the page loads by itself (the bell): nothing to show. A redirect
                # would paste the whole password page into it, whose bell loads it again.
                return HttpResponse(status=204)
            return redirect("accounts:password_change")
        return self.get_response(request)


def _bebas(path: str) -> bool:
    try:
        return resolve(path).view_name in BEBAS
    except Resolver404:
        return False


@receiver(user_logged_in)
def remember_timezone(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At login (any way: password, SSO, tests' force_login) keep the instansi's zone in the
    session, so no later request pays a query for it."""
    if request is not None and user.instansi is not None:
        request.session[SESSION_TIMEZONE] = user.instansi.zona_waktu


class InstansiTimezoneMiddleware:
    """Times and "today" in the logged-in user's instansi zone (WIB/WITA/WIT); WIB otherwise.
    `timezone.localdate()` in any view is therefore the instansi's date."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = request.session.get(SESSION_TIMEZONE)
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
