"""Keyset pagination on (updated_at, id), ADR 0007.

The cursor is opaque base64url JSON `{"u": updated_at ISO or null, "i": id, "h": filter hash}`.
A cursor reused with other filters is 400 `invalid_cursor`. The next page is read in two parts,

    updated_at = u AND id > i ORDER BY id LIMIT n + 1          -- the rest of u's block
    updated_at > u ORDER BY updated_at, id LIMIT n + 1 - found  -- only when that falls short

each an index range of at most n + 1 rows on (instansi, updated_at, id), on SQLite and
PostgreSQL alike. One condition `updated_at >= u AND (updated_at > u OR id > i)` (or the row
value `(updated_at, id) > (u, i)`, which SQLite cannot seek on) walks the whole block of rows
sharing u up to the cursor: a bulk import gives 100,000 pegawai one updated_at. No total
count. `sync_token` = min(largest updated_at served, request start - 120 s): commits are not
ordered by updated_at (a transaction that started earlier can commit an earlier updated_at
after a client read past it), so clients pass it back as `updated_since` and re-read a
two-minute overlap, idempotently by id/updated_at/versi.
Tables without updated_at (periods) page on id alone and give no sync_token.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from kinerja.api.errors import ApiError
from kinerja.core import kueri

BATAS_BAWAAN = 100
BATAS_MAKS = 500
TUMPANG_TINDIH = dt.timedelta(seconds=120)


@dataclass(frozen=True)
class Halaman:
    rows: list[dict[str, Any]]
    next: str | None
    sync_token: dt.datetime | None


def hash_filter(filters: dict[str, Any]) -> str:
    teks = json.dumps(filters, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(teks.encode()).hexdigest()[:16]


def buat_cursor(u: dt.datetime | None, i: int, h: str) -> str:
    data = {"u": u.isoformat() if u is not None else None, "i": i, "h": h}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _salah(detail: str = "Cursor tidak valid.") -> ApiError:
    return ApiError(400, "invalid_cursor", detail, [{"loc": ["query", "cursor"], "msg": detail}])


def baca_cursor(cursor: str, h: str) -> tuple[dt.datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        u, i, hh = data["u"], data["i"], data["h"]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise _salah() from None
    if not isinstance(i, int) or isinstance(i, bool) or not isinstance(hh, str):
        raise _salah()
    if hh != h:
        raise _salah("Cursor dibuat dengan filter lain; mulai lagi tanpa cursor.")
    if u is None:
        return None, i
    waktu = parse_datetime(u) if isinstance(u, str) else None
    if waktu is None:
        raise _salah()
    return waktu, i


# The parts of a page (see the module docstring): "awal" without a cursor, "id" for tables
# paged on id alone, "sama" then "sesudah" after a (updated_at, id) cursor.
AWAL, ID, SAMA, SESUDAH = "awal", "id", "sama", "sesudah"


def bagian_halaman(i: int | None, pakai_updated_at: bool) -> tuple[str, ...]:
    if i is None:
        return (AWAL,)
    return (SAMA, SESUDAH) if pakai_updated_at else (ID,)


def _saring(
    qs: QuerySet[Any],
    updated_since: dt.datetime | None,
    u: dt.datetime | None,
    i: int | None,
    pakai_updated_at: bool,
    bagian: str,
) -> QuerySet[Any]:
    """One part of a page, ordered: an index range on (instansi, updated_at, id)."""
    if updated_since is not None and pakai_updated_at:
        qs = qs.filter(updated_at__gte=updated_since)
    if bagian == SAMA:
        return qs.filter(updated_at=u, id__gt=i).order_by("id")
    if bagian == SESUDAH:
        qs = qs.filter(updated_at__gt=u)
    elif bagian == ID:
        qs = qs.filter(id__gt=i)
    return qs.order_by(*(("updated_at", "id") if pakai_updated_at else ("id",)))


def _posisi(cursor: str | None, h: str, pakai_updated_at: bool) -> tuple[Any, Any]:
    if not cursor:
        return None, None
    u, i = baca_cursor(cursor, h)
    if pakai_updated_at and u is None:
        raise _salah()
    return u, i


def _selesai(
    rows: list[dict[str, Any]],
    *,
    limit: int,
    h: str,
    mulai: dt.datetime,
    updated_since: dt.datetime | None,
    pakai_updated_at: bool,
) -> Halaman:
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = None
    if more:
        last = rows[-1]
        nxt = buat_cursor(last["updated_at"] if pakai_updated_at else None, last["id"], h)
    sync = None
    if pakai_updated_at:
        batas = mulai - TUMPANG_TINDIH
        served = max((r["updated_at"] for r in rows), default=None)
        if served is None:
            served = updated_since if updated_since is not None else batas
        sync = min(served, batas)
    return Halaman(rows, nxt, sync)


def halaman(
    qs: QuerySet[Any],
    fields: Iterable[str],
    *,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
    mulai: dt.datetime,
    updated_since: dt.datetime | None = None,
    pakai_updated_at: bool = True,
) -> Halaman:
    """One page of `qs` (already filtered by instansi and visibility) as value dicts."""
    h = hash_filter(filters)
    u, i = _posisi(cursor, h, pakai_updated_at)
    rows: list[dict[str, Any]] = []
    for bagian in bagian_halaman(i, pakai_updated_at):
        part = _saring(qs, updated_since, u, i, pakai_updated_at, bagian)
        rows += part.values(*fields)[: limit + 1 - len(rows)]
        if len(rows) > limit:
            break
    return _selesai(
        rows,
        limit=limit,
        h=h,
        mulai=mulai,
        updated_since=updated_since,
        pakai_updated_at=pakai_updated_at,
    )


# --- Compiled page queries --------------------------------------------------------------------
#
# Building and compiling a page query costs the ORM about 1.2 ms of Python per request, a
# quarter of what a list request may cost at 500 req/s on 2 cores. A page query depends only on
# a few scalar values (instansi, unit path, periode, tahun, updated_since, the cursor) and on
# which of them are given (its "shape") and the limit; so it is compiled once per shape with
# sentinel values, each parameter is traced back to the value it came from, and later requests
# only fill the parameters in. The rows go through the ORM's own converters for each column
# (SQLite's datetimes, decimals and booleans), so both paths give the same Python values.

CEPAT = True  # tests switch it off to compare both paths


@dataclass(frozen=True)
class _Resep:
    sql: str
    # per parameter: ("nilai", name, before, after, wrap) for a traced value (before and
    # after: a LIKE pattern around it; wrap: None, psycopg's integer type, or WAKTU for a
    # datetime the backend adapts, as SQLite's text), ("tetap", value) for a constant,
    # ("batas",) for the LIMIT (the page size + 1)
    slots: tuple[tuple[Any, ...], ...]
    names: tuple[str, ...]
    # the ORM's converters: (column index, converters, expression)
    konversi: tuple[tuple[int, tuple[Any, ...], Any], ...]


_RESEP: dict[tuple[Any, ...], _Resep] = {}
_CACAT: set[tuple[Any, ...]] = set()
_DASAR_WAKTU = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)


def _sentinel(n: int, contoh: Any) -> Any:
    if isinstance(contoh, dt.datetime):
        return _DASAR_WAKTU + dt.timedelta(minutes=n + 1)
    if isinstance(contoh, str):
        return f"qzsentinel{n}qz"
    # Inside every integer column's range (Django turns an out-of-range lookup into an empty
    # result before writing SQL): 32000 + n fits even a PositiveSmallIntegerField.
    return _INT_SENTINEL + n


_INT_SENTINEL = 32_000
WAKTU = "waktu"


def _susun(
    build: Any, nilai: dict[str, Any], fields: tuple[str, ...], pakai: bool, bagian: str
) -> _Resep:
    names = sorted(nilai)
    sentinels = {k: _sentinel(n, nilai[k]) for n, k in enumerate(names)}
    v = dict(sentinels)
    try:
        qs = _saring(build(v), v.get("_since"), v.get("_u"), v.get("_i"), pakai, bagian)
        query = qs.values(*fields).query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        raise _TakTerlacak(names) from None
    # ValuesIterable's names (values() keeps the order of `fields`: the response schema's),
    # and the converters results_iter would apply
    kolom = tuple(query.selected or ())
    if kolom != fields:
        raise _TakTerlacak(names)
    converters = compiler.get_converters([c[0] for c in compiler.select[: compiler.col_count]])
    konversi = tuple((i, tuple(convs), expr) for i, (convs, expr) in converters.items())
    # Django writes a slice as a literal LIMIT: the query is compiled unsliced and the LIMIT
    # added as a parameter (as kueri.Disiapkan does), so one SQL text serves every limit.
    sql += " LIMIT %s"
    by_value = {repr(s): k for k, s in sentinels.items() if not isinstance(s, str)}
    # a datetime the backend turns into text (SQLite) before it is a parameter
    by_text = {
        teks: k
        for k, s in sentinels.items()
        if isinstance(s, dt.datetime)
        and isinstance(teks := connection.ops.adapt_datetimefield_value(s), str)
    }
    slots: list[tuple[Any, ...]] = []
    for p in params:
        found = None
        if isinstance(p, int) and not isinstance(p, bool):
            found = by_value.get(repr(int(p)))  # psycopg's Int2(...) for small integers
        elif not isinstance(p, bool):
            found = by_value.get(repr(p))
        if found is not None:
            wrap = type(p) if isinstance(p, int) and type(p) is not int else None
            slots.append(("nilai", found, "", "", wrap))
            continue
        if isinstance(p, str) and p in by_text:
            slots.append(("nilai", by_text[p], "", "", WAKTU))
            continue
        if isinstance(p, str):
            k = next((k for k, s in sentinels.items() if isinstance(s, str) and s in p), None)
            if k is not None:
                before, _, after = p.partition(sentinels[k])
                slots.append(("nilai", k, before, after, None))
                continue
        slots.append(("tetap", p))
    slots.append(("batas",))
    traced = {slot[1] for slot in slots if slot[0] == "nilai"}
    # Every value must reach the SQL, and no constant may look like a sentinel (a sentinel
    # adapted by the backend, e.g. SQLite's datetimes as text, would be baked in).
    mirip = ("qzsentinel", "1901-01-01")
    for slot in slots:
        if slot[0] != "tetap":
            continue
        value = slot[1]
        kembar = isinstance(value, int) and not isinstance(value, bool)
        if any(m in str(value) for m in mirip) or (
            kembar and _INT_SENTINEL <= value < _INT_SENTINEL + 1000
        ):
            raise _TakTerlacak(names)
    if traced != set(nilai):
        raise _TakTerlacak(sorted(set(nilai) - traced))
    return _Resep(sql, tuple(slots), kolom, konversi)


class _TakTerlacak(Exception):
    """A parameter could not be traced back to its value: the ORM serves that shape."""


def _resep(
    kunci: str, build: Any, given: dict[str, Any], fields: tuple[str, ...], pakai: bool, bagian: str
) -> _Resep | None:
    """The compiled query of this shape, or None when the ORM must serve it."""
    key = (kunci, tuple(sorted(given)), pakai, fields, bagian)
    resep = _RESEP.get(key)
    if resep is None and key not in _CACAT:
        try:
            resep = _RESEP[key] = _susun(build, given, fields, pakai, bagian)
        except _TakTerlacak:
            _CACAT.add(key)
    return resep


def _jalankan(resep: _Resep, given: dict[str, Any], batas: int) -> list[dict[str, Any]]:
    ops = connection.ops
    params = []
    for slot in resep.slots:
        if slot[0] == "tetap":
            params.append(slot[1])
            continue
        if slot[0] == "batas":
            params.append(batas)
            continue
        _, name, before, after, wrap = slot
        value = given[name]
        if before or after:  # a LIKE pattern around the value
            value = before + ops.prep_for_like_query(value) + after
        if wrap == WAKTU:
            value = ops.adapt_datetimefield_value(value)
        elif wrap is not None:
            value = wrap(value)
        params.append(value)
    rows = kueri.terapkan_konversi(kueri.jalankan_sql(resep.sql, params), resep.konversi)
    names = resep.names
    return [dict(zip(names, r, strict=True)) for r in rows]


def halaman_cepat(
    kunci: str,
    build: Any,
    nilai: dict[str, Any],
    fields: tuple[str, ...],
    *,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
    mulai: dt.datetime,
    updated_since: dt.datetime | None = None,
    pakai_updated_at: bool = True,
) -> Halaman:
    """halaman() of `build(nilai)` (a QuerySet with its annotations), compiled once per
    shape. `nilai`: the scalars the query depends on (None = not given); `build` must
    only use them (and constants), never other request state."""

    def lewat_orm() -> Halaman:
        return halaman(
            build(nilai),
            fields,
            filters=filters,
            cursor=cursor,
            limit=limit,
            mulai=mulai,
            updated_since=updated_since,
            pakai_updated_at=pakai_updated_at,
        )

    if not CEPAT:
        return lewat_orm()
    h = hash_filter(filters)
    u, i = _posisi(cursor, h, pakai_updated_at)
    semua = {**nilai, "_since": updated_since if pakai_updated_at else None, "_u": u, "_i": i}
    rows: list[dict[str, Any]] = []
    for bagian in bagian_halaman(i, pakai_updated_at):
        # The part after u's block does not use the id: it must not be a parameter there.
        given = {
            k: val
            for k, val in semua.items()
            if val is not None and not (bagian == SESUDAH and k == "_i")
        }
        resep = _resep(kunci, build, given, fields, pakai_updated_at, bagian)
        if resep is None:  # a shape that cannot be traced
            return lewat_orm()
        rows += _jalankan(resep, given, limit + 1 - len(rows))
        if len(rows) > limit:
            break
    return _selesai(
        rows,
        limit=limit,
        h=h,
        mulai=mulai,
        updated_since=updated_since,
        pakai_updated_at=pakai_updated_at,
    )


def halaman_id(
    qs: QuerySet[Any] | Callable[[int, int], list[Any]],
    *,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """A page of value rows (tuples, id first) ordered by id: the TPP recap's pegawai. `qs`
    may also be a compiled query: `qs(after_id, n)` gives the first n rows after that id."""
    h = hash_filter(filters)
    i = baca_cursor(cursor, h)[1] if cursor else None
    if callable(qs):
        rows = qs(i or 0, limit + 1)
    else:
        if i is not None:
            qs = qs.filter(id__gt=i)
        rows = list(qs.order_by("id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (buat_cursor(None, rows[-1][0], h) if more else None)
