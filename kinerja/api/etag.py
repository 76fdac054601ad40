"""JSON responses with a weak ETag (SHA-256 of the body) and 304 on If-None-Match; single
objects also carry Last-Modified (and answer If-Modified-Since). API-scoped, so HTML pages are
not touched (no global ConditionalGetMiddleware)."""

import datetime as dt
import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from kinerja.api.serialisasi import json_bytes

JSON = "application/json"


def jawab(
    request: HttpRequest,
    tipe: Any,
    data: Any,
    last_modified: dt.datetime | None = None,
    status: int = 200,
    tanpa_anggota_pertama: bool = False,
) -> HttpResponse:
    """`tanpa_anggota_pertama`: the ETag ignores the body's first member (a list page's
    sync_token, which moves with the clock): a 304 then means "same rows, same cursor", and the
    client keeps its earlier, smaller sync_token, which is safe."""
    body = json_bytes(tipe, data)
    hashed = body
    if tanpa_anggota_pertama:
        hashed = body[body.index(b",") + 1 :]  # a timestamp or null holds no comma
    etag = f'W/"{hashlib.sha256(hashed).hexdigest()[:32]}"'
    ts = int(last_modified.timestamp()) if last_modified is not None else None
    if status == 200:
        not_modified = get_conditional_response(request, etag=etag, last_modified=ts)
        if not_modified is not None:
            not_modified["Vary"] = "Authorization, Cookie"
            if not_modified.status_code == 304:
                not_modified["ETag"] = etag
            return not_modified
    response = HttpResponse(body, content_type=JSON, status=status)
    response["ETag"] = etag
    response["Vary"] = "Authorization, Cookie"
    response["Cache-Control"] = "private, no-cache"
    if ts is not None:
        response["Last-Modified"] = http_date(ts)
    return response
