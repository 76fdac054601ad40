from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kinerja.core import selectors
from kinerja.core.pagination import paginate
from kinerja.core.permissions import DomainError, admin_instansi_required

B = TypeVar("B")
PESAN_DIBATALKAN = "Impor dibatalkan; tidak ada data yang diubah."


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a real round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            database_ok = cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "the database does not answer"
        database_ok = False
    return JsonResponse(
        {"status": "ok" if database_ok else "error", "database": database_ok},
        status=200 if database_ok else 503,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "core/home.html", selectors.home_context(user))


@admin_instansi_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    events = selectors.audit_events(user.instansi_id, request.GET.get("q", ""))
    page = paginate(request, events, 50)
    return render(request, "core/audit_log.html", {"page": page, "q": request.GET.get("q", "")})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def jalankan_impor(
    request: HttpRequest,
    layanan: Callable[[Any, B], object],
    batch: B,
    pesan: str | Callable[[B], str],
) -> bool:
    """Apply or cancel an import batch as the request's user: a refusal (DomainError,
    PermissionDenied) becomes an error message, success the message `pesan` (a callable gets
    the batch after the service ran, to show its new counts). Returns whether it succeeded."""
    try:
        layanan(request.user, batch)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, pesan if isinstance(pesan, str) else pesan(batch))
    return True
