from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kinerja.accounts import services
from kinerja.accounts.forms import AturSandiForm, LoginForm, PasswordChangeForm
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


# The link's token moves into the session and the address keeps this word instead (as Django's
# PasswordResetConfirmView does): the token then never appears in the form's address, in the
# Referer of the page's own requests, or in the access log of the form's POSTs.
SESI_TOKEN = "_atur_sandi_token"  # noqa: S105 (a session key, not a secret)
TOKEN_DI_SESI = "atur"  # noqa: S105


@never_cache
@sensitive_post_parameters()
def atur_sandi_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The one-time link of a new account (Admin Instansi approved through pendaftaran): set
    one's own password, then log in with it."""
    user = services.pemilik_tautan(uidb64)
    if token != TOKEN_DI_SESI:
        if not services.token_berlaku(user, token):
            return _tautan_tidak_berlaku(request)
        request.session[SESI_TOKEN] = token
        return redirect("accounts:atur_sandi", uidb64=uidb64, token=TOKEN_DI_SESI)
    token = request.session.get(SESI_TOKEN, "")
    if user is None or not services.token_berlaku(user, token):
        return _tautan_tidak_berlaku(request)
    form = AturSandiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.atur_sandi(user, token, form.cleaned_data["new_password"])
        except DomainError:  # used by another submission meanwhile
            return _tautan_tidak_berlaku(request)
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            # Whoever was logged in on this browser is logged out; the session (and the token
            # in it) goes. Logging in with the new password confirms the NIP and the password.
            logout(request)
            messages.success(
                request, "Kata sandi tersimpan. Silakan masuk dengan NIP dan kata sandi baru Anda."
            )
            return redirect("accounts:login")
    return render(request, "accounts/atur_sandi.html", {"form": form, "akun": user})


def _tautan_tidak_berlaku(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESI_TOKEN, None)
    return render(
        request, "accounts/atur_sandi_tidak_berlaku.html", {"pesan": services.TAUTAN_TIDAK_BERLAKU}
    )
