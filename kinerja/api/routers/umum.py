"""Helpers shared by the routers: query parameters, the unor subtree filter, list answers."""

import datetime as dt
import re
import typing
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query
from pydantic import AwareDatetime, BeforeValidator

from kinerja.api import etag, pagination, serialisasi
from kinerja.api.errors import RESPONSES, ApiError
from kinerja.org.models import UnitOrganisasi

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")


def _iso(value: Any) -> Any:
    """Only an ISO 8601 date-time text (pydantic would also take a Unix timestamp)."""
    if not isinstance(value, str) or not _ISO.fullmatch(value.strip()):
        raise ValueError(
            "Harus tanggal-waktu ISO 8601 dengan zona, mis. 2026-11-01T00:00:00+07:00."
        )
    return value.strip()


# ISO 8601 with an offset (Z or +07:00): a naive time would be ambiguous across WIB/WITA/WIT.
Waktu = Annotated[AwareDatetime, BeforeValidator(_iso)]

LIMIT = Query(
    pagination.BATAS_BAWAAN,
    ge=1,
    le=pagination.BATAS_MAKS,
    description="Jumlah baris per halaman (1-500, bawaan 100).",
)
CURSOR = Query(None, max_length=512, description="Cursor dari `next` halaman sebelumnya.")
UPDATED_SINCE = Query(
    None,
    description="Hanya baris yang berubah sejak waktu ini (ISO 8601 dengan zona, "
    "mis. sync_token sebelumnya).",
)
UNOR = Query(None, ge=1, description="Id unit organisasi: unit itu dan seluruh sub-unitnya.")
TAHUN = Query(None, ge=2000, le=2100)
PERIODE = Query(None, ge=1, description="Id periode penilaian.")


def responses(ok: Any, *, cacheable: bool = True) -> dict[int, Any]:
    out: dict[int, Any] = {200: ok, **RESPONSES}
    if cacheable:
        out[304] = None
    return out


def unor_path(instansi_id: int, unor_id: int | None) -> str | None:
    """The path of a unit of the instansi (404 when it is not one); None when not asked."""
    if unor_id is None:
        return None
    path = (
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, pk=unor_id)
        .values_list("path", flat=True)
        .first()
    )
    if path is None:
        raise ApiError(
            404,
            "not_found",
            "Unit organisasi tidak ditemukan.",
            [{"loc": ["query", "unor"], "msg": "Unit organisasi tidak ditemukan."}],
        )
    return path


def filter_unor(path: str | None, unor_id: int | None, field: str = "unor") -> Q:
    """The unit and its sub-units (materialised path prefix)."""
    if path is None:
        return Q()
    if not path:
        return Q(**{f"{field}_id": unor_id})
    return Q(**{f"{field}__path__startswith": path})


def tz_aware(value: dt.datetime | None) -> dt.datetime | None:
    """`updated_since` in UTC (a naive value is taken as UTC). In UTC because PostgreSQL refuses
    offsets beyond ±15:59 that ISO 8601 and Python accept (schemathesis sent +17:24)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ApiError(
            422,
            "validation_error",
            "updated_since di luar rentang waktu yang dapat diproses.",
            [{"loc": ["query", "updated_since"], "msg": "Tanggal di luar rentang."}],
        ) from None


def daftar(
    request: HttpRequest,
    tipe: Any,
    qs: QuerySet[Any] | None,
    fields: tuple[str, ...] | dict[str, Any],
    *,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
    updated_since: dt.datetime | None = None,
    pakai_updated_at: bool = True,
    olah: Any = None,
    build: Any = None,
    nilai: dict[str, Any] | None = None,
    kunci: str = "",
) -> HttpResponse:
    """A keyset page answered with an ETag: of `qs`, or of `build(nilai)` (compiled once per
    shape, pagination.halaman_cepat; `build` may only use `nilai` and constants). `fields`:
    names, or {output: expression} for .values(); `olah(rows)` may add nested data."""
    mulai = timezone.now()
    updated_since = tz_aware(updated_since)
    exprs: dict[str, Any] = {}
    if isinstance(fields, dict):
        exprs = {k: v for k, v in fields.items() if v is not None}
    # in the schema's order (the compiled path gives its rows so; serialisasi.urut the others)
    (model,) = typing.get_args(tipe.model_fields["data"].annotation)
    urutan = {name: n for n, name in enumerate(model.model_fields)}
    names = tuple(sorted(fields, key=lambda f: urutan.get(f, len(urutan))))

    def siapkan(q: QuerySet[Any]) -> QuerySet[Any]:
        return q.annotate(**exprs) if exprs else q

    opsi: dict[str, Any] = {
        "filters": filters,
        "cursor": cursor,
        "limit": limit,
        "mulai": mulai,
        "updated_since": updated_since,
        "pakai_updated_at": pakai_updated_at,
    }
    if build is not None and kunci:
        page = pagination.halaman_cepat(
            kunci, lambda v: siapkan(build(v)), nilai or {}, names, **opsi
        )
    elif build is not None:
        page = pagination.halaman(siapkan(build(nilai or {})), names, **opsi)
    else:
        assert qs is not None
        page = pagination.halaman(siapkan(qs), names, **opsi)
    rows = olah(page.rows) if olah is not None else page.rows
    return etag.jawab(
        request,
        tipe,
        {"sync_token": page.sync_token, "next": page.next, "data": serialisasi.urut(model, rows)},
        tanpa_anggota_pertama=True,
    )


def cepat(
    kunci: str, build: Any, a: Any, path: str | None, unor: int | None, **lain: Any
) -> dict[str, Any]:
    """daftar()'s keyword arguments for `build(nilai)`. The query is compiled once per shape
    only for callers seeing the whole instansi (a user's own visibility filter depends on more
    than these values) and units with a path."""
    # A unit with a path filters on the path alone (filter_unor): its id is not a parameter.
    nilai = {"instansi": a.instansi_id, "path": path, "unor": None if path else unor, **lain}
    boleh = a.seluruh and path != ""
    return {"build": build, "nilai": nilai, "kunci": kunci if boleh else ""}
