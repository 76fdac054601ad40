"""Token screens of the Admin Instansi under /token-api/ (namespace api_token): the list, the
create form (the token string is shown once, in the response to the POST, never stored), and
revoking with a confirmation. Another instansi's token is 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.api import services
from kinerja.api.forms import TokenForm
from kinerja.api.models import TokenApi
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required


def _user(request: HttpRequest) -> Any:
    return request.user


@require_GET
@admin_instansi_required
def daftar(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = TokenApi.objects.filter(instansi_id=user.instansi_id).select_related("dibuat_oleh")
    page = paginate(request, qs.order_by("-dibuat_at", "-id"))
    return render(request, "api/token_daftar.html", {"page": page})


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def baru(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, teks = services.buat_token(user, user.instansi_id, **form.data_token())
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            response = render(request, "api/token_dibuat.html", {"token": token, "teks": teks})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


def _token(request: HttpRequest, pk: int) -> TokenApi:
    token = TokenApi.objects.filter(instansi_id=_user(request).instansi_id, pk=pk).first()
    if token is None:
        raise Http404
    return token


@require_http_methods(["GET", "POST"])
@admin_instansi_required
def cabut(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.cabut_token(_user(request), token, request.POST.get("alasan", "")[:500])
        except (DomainError, PermissionDenied) as exc:
            error = str(exc)
        else:
            messages.success(request, f"Token '{token.nama}' dicabut; aplikasi pemakainya ditolak.")
            return redirect("api_token:daftar")
    return render(request, "api/token_cabut.html", {"token": token, "error": error})
