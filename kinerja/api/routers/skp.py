"""SKP with their RHK and IKI nested (three queries per page: SKP, RHK, IKI)."""

from collections import defaultdict
from typing import Any

from django.db import connection, models
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router

from kinerja.api import etag, schemas, serialisasi
from kinerja.api.auth import akses
from kinerja.api.errors import tidak_ditemukan
from kinerja.api.models import Cakupan
from kinerja.api.routers.umum import (
    CURSOR,
    LIMIT,
    TAHUN,
    UNOR,
    UPDATED_SINCE,
    Waktu,
    cepat,
    daftar,
    filter_unor,
    responses,
    unor_path,
)
from kinerja.core.kueri import daftar_id, dalam_sql
from kinerja.perencanaan.models import IndikatorKinerja, RencanaHasilKerja, Skp

router = Router(tags=["SKP"])

SKP_FIELDS: dict[str, Any] = {
    "id": None,
    "pegawai_id": None,
    "tahun": None,
    "periode_mulai": None,
    "periode_selesai": None,
    "revisi": None,
    "berlaku": None,
    "terkini": None,
    "pendekatan": None,
    "status": None,
    "penilai_id": None,
    "atasan_penilai_id": None,
    "sumber": None,
    "disetujui_at": None,
    "updated_at": None,
    "nip": F("pegawai__nip"),
}
RHK_FIELDS = ("id", "skp_id", "kunci", "jenis", "urutan", "rhk", "klasifikasi", "perspektif")
IKI_FIELDS = ("id", "rhk_id", "urutan", "indikator", "aspek", "target_min", "target_max", "satuan")


_SQL_ANAK: dict[tuple[str, Any], str] = {}


def _kolom(field: Any, vendor: str) -> str:
    """A column as the API sends it, converted by the database (no per-value Python): a UUID as
    its dashed text (SQLite stores 32 hex digits), a decimal as its text with its scale (SQLite
    stores a float), which is what the API writes for a Decimal."""
    col = connection.ops.quote_name(field.column)
    if isinstance(field, models.UUIDField):
        if vendor == "postgresql":
            return f"{col}::text"
        parts = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        return " || '-' || ".join(f"substr({col}, {a}, {n})" for a, n in parts)
    if isinstance(field, models.DecimalField):
        if vendor == "postgresql":
            return f"{col}::text"  # numeric's text is str(Decimal): "97.50"
        # %% is a literal % in a statement with parameters
        return f"iif({col} IS NULL, NULL, printf('%%.{field.decimal_places}f', {col}))"
    return col


def _sql_anak(model: Any, fields: tuple[str, ...], induk: str) -> str:
    """One SQL text per child model and database, whatever the page size: the ids are ONE
    parameter (an array on PostgreSQL, a JSON list on SQLite)."""
    vendor = connection.vendor
    key = (vendor, model)
    if key not in _SQL_ANAK:
        meta = model._meta
        qn = connection.ops.quote_name
        order = ("jenis", "urutan", "id") if model is RencanaHasilKerja else ("urutan", "id")
        cols = ", ".join(_kolom(meta.get_field(f), vendor) + " AS " + qn(f) for f in fields)
        induk_col = qn(meta.get_field(induk.removesuffix("_id")).column)
        urut = ", ".join([induk_col, *(qn(meta.get_field(f).column) for f in order)])
        _SQL_ANAK[key] = (
            f"SELECT {cols} FROM {qn(meta.db_table)} "  # noqa: S608 (quoted model metadata only)
            f"WHERE {qn('instansi_id')} = %s AND {induk_col} {dalam_sql(vendor)} ORDER BY {urut}"
        )
    return _SQL_ANAK[key]


def _anak(
    model: Any, fields: tuple[str, ...], instansi_id: int, induk: str, ids: list[int]
) -> list[dict[str, Any]]:
    """Rows of `model` whose `induk` column is one of `ids`, ordered by (induk, urutan, id)
    (RHK also by jenis first, as the model orders them); no ORM compilation per request."""
    with connection.cursor() as c:
        c.execute(_sql_anak(model, fields, induk), [instansi_id, daftar_id(ids, connection)])
        return [dict(zip(fields, r, strict=True)) for r in c.fetchall()]


def sisipkan_rhk(instansi_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest each SKP's RHK and each RHK's IKI (two queries, whatever the page size)."""
    if not rows:
        return rows
    rhk = _anak(RencanaHasilKerja, RHK_FIELDS, instansi_id, "skp_id", [r["id"] for r in rows])
    # The link columns are popped: the rows are then the schema's fields in its order.
    iki: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if rhk:
        ids = [r["id"] for r in rhk]
        for row in _anak(IndikatorKinerja, IKI_FIELDS, instansi_id, "rhk_id", ids):
            iki[row.pop("rhk_id")].append(row)
    per_skp: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rhk:
        r["iki"] = iki.get(r["id"], [])
        per_skp[r.pop("skp_id")].append(r)
    for row in rows:
        row["rhk"] = per_skp.get(row["id"], [])
    return rows


@router.get("/skp", response=responses(schemas.HalamanSkp), summary="Daftar SKP")
def daftar_skp(
    request: HttpRequest,
    unor: int | None = UNOR,
    tahun: int | None = TAHUN,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Setiap revisi SKP dengan statusnya; `berlaku=true` menandai revisi yang disetujui dan
    berlaku, `terkini=true` revisi terbaru. `unor` menyaring menurut unit pegawai saat ini."""
    a = akses(request, Cakupan.BACA_SKP)
    path = unor_path(a.instansi_id, unor)

    def build(v: dict[str, Any]) -> QuerySet[Skp]:
        q = filter_unor(v.get("path"), v.get("unor"), "pegawai__unor")
        qs = Skp.objects.filter(a.filter_dinilai(), q, instansi_id=v["instansi"])
        return qs.filter(tahun=v["tahun"]) if v.get("tahun") is not None else qs

    return daftar(
        request,
        schemas.HalamanSkp,
        None,
        SKP_FIELDS,
        **cepat("skp", build, a, path, unor, tahun=tahun),
        filters={"unor": unor, "tahun": tahun, "updated_since": updated_since},
        cursor=cursor,
        limit=limit,
        updated_since=updated_since,
        olah=lambda rows: sisipkan_rhk(a.instansi_id, rows),
    )


@router.get("/skp/{skp_id}", response=responses(schemas.Skp), summary="Satu SKP")
def satu_skp(request: HttpRequest, skp_id: int) -> HttpResponse:
    a = akses(request, Cakupan.BACA_SKP)
    exprs = {k: v for k, v in SKP_FIELDS.items() if v is not None}
    row = (
        Skp.objects.filter(a.filter_dinilai(), instansi_id=a.instansi_id, pk=skp_id)
        .annotate(**exprs)
        .values(*SKP_FIELDS)
        .first()
    )
    if row is None:
        raise tidak_ditemukan("SKP tidak ditemukan.")
    (row,) = serialisasi.urut(schemas.Skp, sisipkan_rhk(a.instansi_id, [row]))
    return etag.jawab(request, schemas.Skp, row, last_modified=row["updated_at"])
