from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kinerja.core import selectors
from kinerja.core.pagination import paginate
from kinerja.core.permissions import admin_instansi_required


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
