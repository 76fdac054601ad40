"""Writing many rows fast (imports, demo data).

One prepared statement run by executemany (COPY on PostgreSQL): at 100,000 rows several times
faster than bulk_create/bulk_update, which build SQL per batch (and a CASE per row and column for
updates). Dates and other non-plain values still go through the field's get_db_prep_save, and
columns a row leaves out take the field's default, so a field added to a model later needs no
change here. Callers hold the transaction.
"""

import itertools
from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

_PLAIN = (str, int, bool, type(None))  # what every driver takes as is


def _db(field: "models.Field[Any, Any]", value: Any, conn: Any) -> Any:
    return value if type(value) in _PLAIN else field.get_db_prep_save(value, conn)


def insert_many(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """INSERT rows given as {attname: value}."""
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    sql, table, columns, values = _insert(model, rows, conn)
    if conn.vendor == "postgresql":  # COPY: one stream instead of a round trip per row
        with (
            conn.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in values:
                copy.write_row(row)
        return
    _executemany(sql, values)


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, ignore_conflicts: bool = False
) -> None:
    """INSERT rows given as {attname: value} through Django's cursor (one logged query on both
    databases, unlike COPY), optionally skipping rows that break a unique constraint: for
    writes on a request or task path whose query counts are pinned, at bulk_create's job
    without its per-value SQL compilation (most of its time at 100,000 rows)."""
    conn = connections[DEFAULT_DB_ALIAS]
    sql, _table, _columns, values = _insert(model, rows, conn)
    _executemany(sql + (" ON CONFLICT DO NOTHING" if ignore_conflicts else ""), values)


def _insert(
    model: type[models.Model], rows: Iterable[dict[str, Any]], conn: Any
) -> tuple[str, str, str, Iterable[list[Any]]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: _db(f, _default(f), conn) for f in fields}  # prepared once
    qn = conn.ops.quote_name
    # Only model metadata, quoted, goes into the SQL text; values are parameters.
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    values = (
        [_db(f, row[f.attname], conn) if f.attname in row else defaults[f.attname] for f in fields]
        for row in rows
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    return sql, table, columns, values


def _default(field: "models.Field[Any, Any]") -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def update_many(
    model: type[models.Model], attnames: list[str], rows: Iterable[dict[str, Any]]
) -> None:
    """UPDATE each row {"id": pk, attname: value, ...} by primary key. A model with an
    `updated_at` gets it set too, as save() would: API clients pull changes by it."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    if "updated_at" in by_attname and "updated_at" not in attnames:
        now = timezone.now()
        attnames = [*attnames, "updated_at"]
        rows = ({**row, "updated_at": now} for row in rows)
    fields = [by_attname["id"], *(by_attname[name] for name in attnames)]
    conn = connections[DEFAULT_DB_ALIAS]
    qn = conn.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(fields[0].column)
    values = ([_db(f, row[f.attname], conn) for f in fields] for row in rows)
    if conn.vendor == "postgresql":
        _perbarui_pg(conn, table, [qn(f.column) for f in fields], values)
        return
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields[1:])
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    _executemany(sql, (row[1:] + row[:1] for row in values))


def _perbarui_pg(conn: Any, table: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
    """COPY the new values into a temporary table, then one UPDATE ... FROM: an UPDATE per row
    is several times slower at 100,000 rows. columns[0] is the primary key."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    names = ", ".join(columns)
    assignments = ", ".join(f"{c} = baru.{c}" for c in columns[1:])
    with conn.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE bulk_new AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.cursor.copy(f"COPY bulk_new ({names}) FROM STDIN") as copy:
            for row in itertools.chain([first], rows):
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM bulk_new AS baru "  # noqa: S608
            f"WHERE {table}.{columns[0]} = baru.{columns[0]}"
        )
        cursor.execute("DROP TABLE bulk_new")


def _executemany(sql: str, params: Iterable[list[Any]]) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        batch: list[list[Any]] = []
        for row in params:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def analyze(*models: type[models.Model]) -> None:
    """Fresh planner statistics after a bulk load. Without them PostgreSQL takes a 100,000-row
    instansi for a few dozen rows and sorts all of it to show a 25-row page (170 ms, not 20)."""
    conn = connections[DEFAULT_DB_ALIAS]
    with conn.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {conn.ops.quote_name(model._meta.db_table)}")
