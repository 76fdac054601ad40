"""Queries compiled once and run again with new values, for the few lookups on a hot request
path (an API page) where building and compiling the ORM query costs more than running it:
about 1.5 ms of Python each, more than half of a TPP recap page.

`Disiapkan(qs, name=Param(name), ...)` takes a function building the QuerySet from those names;
`.rows(name=value, ...)` gives its value rows, `.objek(...)` its model instances, `.baris(...)`
falls back to the ORM for other shapes (see tindaklanjut.tpp.selectors).

The QuerySet is built with `Param` placeholders and compiled once per database vendor; each
call binds the values through the placeholder's field (as the ORM adapts them: a date is text
on SQLite) and runs the SQL through Django's cursor (logged, counted in tests). The rows go
through the ORM's own converters, so they equal what the QuerySet itself would return.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Expression, Field, IntegerField, QuerySet


@dataclass(frozen=True)
class _Slot:
    name: str
    field: Any  # None: a list of ids (core.lookups.Dalam)


class Param(Expression):
    """A named placeholder for a value given at run time (an integer unless `output_field`)."""

    def __init__(self, name: str, output_field: Field[Any, Any] | None = None) -> None:
        super().__init__(output_field=output_field or IntegerField())
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [_Slot(self.name, self.output_field)]


def daftar_id(ids: list[int], conn: Any) -> str:
    """A list of ids as ONE text parameter: an array literal on PostgreSQL (psycopg would quote
    a list element by element on Django's client-side binding cursor: 0.35 ms for a page's 300
    ids), JSON for json_each on SQLite."""
    if conn.vendor == "postgresql":
        return "{" + ",".join(map(str, map(int, ids))) + "}"
    return json.dumps(ids)


def dalam_sql(vendor: str) -> str:
    """ "Is one of the list parameter", after a column: the SQL for daftar_id's parameter."""
    if vendor == "postgresql":
        return "= ANY(%s::bigint[])"
    return "IN (SELECT value FROM json_each(%s))"


def slot_daftar(param: Param) -> _Slot:
    return _Slot(param.name, None)


@dataclass(frozen=True)
class _Siap:
    sql: str
    params: tuple[Any, ...]
    order: tuple[int, ...] | None  # values_list's field order, when it differs from SELECT's
    konversi: tuple[tuple[int, tuple[Any, ...], Any], ...]
    # a QuerySet of model instances: the model, its attnames, their columns' slice
    model: Any = None
    attnames: tuple[str, ...] = ()
    kolom: slice | None = None


def _waktu_sqlite(values: list[Any]) -> list[Any]:
    """SQLite's DateTimeField converter for a column: the naive UTC value (parsed by the
    driver's registered converter, or still text) made aware, without the per-value settings
    lookups of Django's."""
    out = []
    for v in values:
        if isinstance(v, str):
            v = dt.datetime.fromisoformat(v)
        if v is not None and v.tzinfo is None:
            v = v.replace(tzinfo=dt.UTC)
        out.append(v)
    return out


def _percepat(conv: Any) -> Any:
    """A whole-column equivalent of a converter, or None."""
    if connection.vendor != "sqlite":
        return None
    ops: Any = connection.ops  # the SQLite backend's, which has the converter
    sqlite_waktu = getattr(conv, "__func__", None) is type(ops).convert_datetimefield_value
    # Django makes the value aware in the connection's zone: UTC unless DATABASES sets one
    if sqlite_waktu and settings.USE_TZ and ops.connection.timezone_name == "UTC":
        return _waktu_sqlite
    return None


def _loader_waktu() -> Any:
    """psycopg's own timestamptz loader (C, from psycopg_binary): Django's connection loads
    through a Python subclass that sets its zone, 0.7 ms of a PostgreSQL page of 100 rows.
    Used only while the database zone is UTC, the session's zone, so the values are equal."""
    from psycopg import adapters, pq
    from psycopg.postgres import types

    return adapters.get_loader(types["timestamptz"].oid, pq.Format.TEXT)


def jalankan_sql(sql: str, params: list[Any]) -> list[Any]:
    """Rows of `sql` through Django's cursor (logged, counted in tests)."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql" and connection.timezone_name == "UTC":
            c.cursor.adapters.register_loader("timestamptz", _loader_waktu())
        c.execute(sql, params)
        return c.fetchall()


def terapkan_konversi(rows: list[Any], konversi: tuple[Any, ...]) -> list[Any]:
    """The ORM's converters (SQLite's dates, decimals, booleans...), column by column: a third
    of the cost of converting row by row."""
    if not konversi or not rows:
        return rows
    cols: list[Any] = list(zip(*rows, strict=True))
    for i, convs, expr in konversi:
        for conv in convs:
            cepat = _percepat(conv)
            if cepat is not None:
                cols[i] = cepat(cols[i])
            else:
                cols[i] = [conv(v, expr, connection) for v in cols[i]]
    return list(zip(*cols, strict=True))


class Disiapkan:
    """`qs(**nilai)`, compiled once with a Param for each name in `params`."""

    def __init__(
        self, qs: Callable[..., QuerySet[Any, Any]], batas: str = "", **params: Param
    ) -> None:
        """`batas`: the name of a value given at run time as the LIMIT (the ORM writes a slice
        as a literal; `qs` is then not sliced)."""
        self.qs = qs
        self.params = params
        self.batas = batas
        self._siap: dict[str, _Siap] = {}

    def _susun(self) -> _Siap:
        qs = self.qs(**self.params)
        query = qs.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if self.batas:
            sql, params = f"{sql} LIMIT %s", (*params, _Slot(self.batas, IntegerField()))
        select = [c[0] for c in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(select)
        konversi = tuple((i, tuple(convs), expr) for i, (convs, expr) in converters.items())
        if compiler.klass_info is not None:  # model instances, read as ModelIterable does
            idx = compiler.klass_info["select_fields"]
            kolom = slice(idx[0], idx[-1] + 1)
            attnames = tuple(c[0].target.attname for c in compiler.select[kolom])
            return _Siap(sql, tuple(params), None, konversi, query.model, attnames, kolom)
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = list(qs._fields or names)  # type: ignore[attr-defined]
        order = None if fields == names else tuple(names.index(f) for f in fields)
        return _Siap(sql, tuple(params), order, konversi)

    def _siapkan(self) -> _Siap:
        siap = self._siap.get(connection.vendor)
        if siap is None:
            siap = self._siap[connection.vendor] = self._susun()
        return siap

    def objek(self, **values: Any) -> list[Any]:
        """The model instances of a QuerySet of a model (no select_related, no deferral)."""
        siap = self._siapkan()
        model, attnames, kolom = siap.model, siap.attnames, siap.kolom
        rows = self._jalankan(siap, values)
        return [model.from_db(connection.alias, attnames, r[kolom]) for r in rows]

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        siap = self._siapkan()
        rows = self._jalankan(siap, values)
        if siap.order is not None:
            rows = [tuple(r[i] for i in siap.order) for r in rows]
        return rows

    def _jalankan(self, siap: _Siap, values: dict[str, Any]) -> list[Any]:
        params = [_ikat(p, values) for p in siap.params]
        return terapkan_konversi(jalankan_sql(siap.sql, params), siap.konversi)

    def baris(self, chunk_size: int = 2000, **values: Any) -> Any:
        """The compiled query when every value is a plain one (the shape it was compiled
        for); otherwise (None, a subquery) the ORM's, streamed."""
        plain = all(v is not None and not isinstance(v, QuerySet) for v in values.values())
        if plain:
            return self.rows(**values)
        return self.qs(**values).iterator(chunk_size=chunk_size)


def _ikat(param: Any, values: dict[str, Any]) -> Any:
    if not isinstance(param, _Slot):
        return param
    value = values[param.name]
    if param.field is None:
        return daftar_id(value, connection)
    return param.field.get_db_prep_value(value, connection, prepared=False)
