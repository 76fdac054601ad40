from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kinerja.accounts import services
from kinerja.accounts.forms import LoginForm, PasswordChangeForm
from kinerja.core.permissions import DomainError


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend="kinerja.accounts.backends.NipBackend")
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            target = ""
        return redirect(target or "home")
    context = {
        "form": form,
        "sso_aktif": settings.OIDC_ENABLED,
        "sso_label": settings.OIDC_LABEL,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "Anda telah keluar.")
    return redirect("accounts:login")


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ganti_password(
                user, form.cleaned_data["old_password"], form.cleaned_data["new_password"]
            )
        except DomainError as exc:
            form.add_error("old_password", str(exc))
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Kata sandi berhasil diganti.")
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
