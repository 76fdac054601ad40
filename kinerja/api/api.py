"""The NinjaAPI instance mounted at /api/v1/ (ADR 0007): OpenAPI 3.1 at /api/v1/openapi.json,
docs at /api/v1/docs (ninja's vendored Swagger UI, no CDN: "ninja" is in INSTALLED_APPS)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from kinerja.api import errors
from kinerja.api.auth import AUTH
from kinerja.api.routers import angkakredit, org, penilaian, skp, tpp

DESKRIPSI = """API publik e-Kinerja; setiap token melihat satu instansi.

* Autentikasi: `Authorization: Bearer knj_<awalan>_<rahasia>` (token dibuat Admin Instansi di
  menu Token API), atau sesi login aplikasi (untuk halaman aplikasi sendiri).
* Daftar memakai keyset pagination: ikuti `next` sampai null; simpan `sync_token` halaman
  terakhir dan kirim sebagai `updated_since` pada sinkronisasi berikutnya.
* Setiap galat 4xx berbentuk `application/problem+json` dengan `code` yang stabil.
* Panduan lengkap: docs/api.md.
"""


def _problem_405(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ninja answers a wrong method with a plain-text 405: make it a problem document too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            errors.PROBLEM
        ):
            allow = response.get("Allow", "")
            return errors.problem(
                405,
                "method_not_allowed",
                f"Metode {request.method} tidak didukung di alamat ini; yang didukung: {allow}.",
                headers={"Allow": allow},
            )
        return response

    return wrapper


def _tidak_ada(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    return errors.problem(404, "not_found", "Alamat API ini tidak ada. Lihat /api/v1/docs.")


class KinerjaApi(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        """Every answer of /api/v1/... is JSON: 405 as a problem, and unknown paths under the
        prefix a 404 problem (not the HTML page)."""
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and getattr(pattern.callback, "csrf_exempt", False):
                callback = _problem_405(pattern.callback)
                callback.csrf_exempt = True  # type: ignore[attr-defined]
                pattern.callback = callback
        urls.append(re_path(r"^(?P<rest>.+)$", _tidak_ada, name="tidak-ada"))
        return urls

    _skema: dict[str, OpenAPISchema]

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """Error responses are documented as application/problem+json (what is sent). Built
        once per process (ninja rebuilds it on every request: about 0.2 s)."""
        kunci = repr(sorted(kwargs.items()))
        cache = self.__dict__.setdefault("_skema", {})
        if kunci not in cache:
            cache[kunci] = self._buat_skema(**kwargs)
        return cache[kunci]

    def _buat_skema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if str(status).startswith("4") and content and "application/json" in content:
                        response["content"] = {errors.PROBLEM: content["application/json"]}
        return schema


api = KinerjaApi(
    title="Kinerja API",
    version="1",
    description=DESKRIPSI,
    urls_namespace="api-v1",
    auth=AUTH,
)
errors.install(api)
for modul in (org, skp, penilaian, angkakredit, tpp):
    api.add_router("", modul.router)
