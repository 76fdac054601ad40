"""RFC 9457 problem documents for every 4xx of the API, with a stable English `code`.

`{"type": "about:blank", "title", "status", "detail" (Bahasa Indonesia), "code",
"errors": [{"loc", "msg"}]}` served as `application/problem+json`. Handlers cover ninja's
HttpError, AuthenticationError, AuthorizationError and ValidationError, Django's Http404 and
PermissionDenied, and DomainError; handlers raise `ApiError` for anything else.
"""

import json
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from kinerja.core.permissions import DomainError

PROBLEM = "application/problem+json"


class LokasiGalat(Schema):
    loc: list[str | int]
    msg: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    errors: list[LokasiGalat] = []


# Declared on every operation (schemathesis checks the status codes against them).
RESPONSES: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    406: Problem,
    422: Problem,
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.headers = headers or {}


def problem(
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        "errors": errors or [],
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def tidak_ditemukan(detail: str = "Data tidak ditemukan.") -> ApiError:
    return ApiError(404, "not_found", detail)


def _loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in (loc or [])]


_PESAN = {
    "missing": "Wajib diisi.",
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "datetime_from_date_parsing": "Harus tanggal-waktu ISO 8601.",
    "datetime_parsing": "Harus tanggal-waktu ISO 8601.",
    "datetime_type": "Harus tanggal-waktu ISO 8601.",
    "greater_than_equal": "Nilai terlalu kecil.",
    "less_than_equal": "Nilai terlalu besar.",
    "string_too_long": "Teks terlalu panjang.",
    "string_too_short": "Teks terlalu pendek.",
    "json_invalid": "Badan permintaan bukan JSON yang sah.",
    "extra_forbidden": "Kolom tidak dikenal.",
    "timezone_aware": "Harus memakai zona waktu (Z atau +07:00).",
    "decimal_parsing": "Harus angka desimal.",
    "decimal_max_places": "Paling banyak dua angka di belakang koma.",
    "list_type": "Harus daftar (array).",
    "too_short": "Daftar terlalu pendek.",
    "too_long": "Daftar terlalu panjang.",
}


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for e in errors:
        loc = _loc(e.get("loc"))
        if loc[:2] == ["body", "payload"]:  # ninja's name of the body parameter
            loc = ["body", *loc[2:]]
        msg = _PESAN.get(str(e.get("type", "")), str(e.get("msg", "Nilai tidak valid.")))
        msg = msg.removeprefix("Value error, ")
        out.append({"loc": loc, "msg": msg})
    return out


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return problem(exc.status, exc.code, exc.detail, exc.errors, exc.headers)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(
            422,
            "validation_error",
            "Parameter atau isi permintaan tidak valid.",
            validation_errors(list(exc.errors)),
        )

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            401,
            "invalid_token",
            "Token tidak ada atau tidak valid. Kirim header 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="kinerja"'},
        )

    @api.exception_handler(AuthorizationError)
    def _authz(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return problem(403, "insufficient_scope", "Token tidak memiliki cakupan untuk data ini.")

    @api.exception_handler(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, "insufficient_scope", str(exc) or "Akses ditolak.")

    @api.exception_handler(Http404)
    def _404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "not_found", "Data tidak ditemukan.")

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem(422, "validation_error", str(exc))

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 403 and "CSRF" in str(exc):
            return problem(403, "csrf_failed", "Pemeriksaan CSRF gagal; muat ulang halaman.")
        if status == 400 and "parse request body" in str(exc):
            return problem(400, "invalid_json", "Isi permintaan bukan JSON yang sah.")
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(
            status, "error"
        )
        return problem(status, code, str(exc))
