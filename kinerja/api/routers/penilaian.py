"""Final evaluations: ratings and predikat after any keberatan (a keberatan decided Diubah
replaces them on the row and raises `versi`). Drafts are internal and never served."""

from typing import Any

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
    PERIODE,
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
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi

router = Router(tags=["Penilaian"])

EVALUASI_FIELDS: dict[str, Any] = {
    "id": None,
    "pegawai_id": None,
    "skp_id": None,
    "periode_id": None,
    "unor_id": None,
    "penilai_id": None,
    "atasan_penilai_id": None,
    "is_jpt": None,
    "rating_hasil_kerja": None,
    "rating_perilaku": None,
    "predikat": None,
    "status": None,
    "versi": None,
    "sumber": None,
    "difinalkan_at": None,
    "updated_at": None,
    "nip": F("pegawai__nip"),
    "periode_jenis": F("periode__jenis"),
    "periode_tahun": F("periode__tahun"),
    "periode_nomor": F("periode__nomor"),
}


def _final(instansi_id: int) -> Any:
    return Evaluasi.objects.filter(instansi_id=instansi_id, status__in=SUDAH_FINAL)


@router.get(
    "/evaluasi", response=responses(schemas.HalamanEvaluasi), summary="Hasil evaluasi final"
)
def daftar_evaluasi(
    request: HttpRequest,
    unor: int | None = UNOR,
    periode: int | None = PERIODE,
    tahun: int | None = TAHUN,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Evaluasi yang sudah final (Final, Keberatan Diajukan, Diperiksa, Tetap, Diubah) dengan
    rating dan predikat setelah keberatan; `versi` naik bila keberatan mengubahnya. `unor`
    menyaring menurut unit pegawai pada evaluasi itu."""
    a = akses(request, Cakupan.BACA_PENILAIAN)
    path = unor_path(a.instansi_id, unor)

    def build(v: dict[str, Any]) -> QuerySet[Evaluasi]:
        q = filter_unor(v.get("path"), v.get("unor"))
        qs = _final(v["instansi"]).filter(a.filter_dinilai(), q)
        if v.get("periode") is not None:
            qs = qs.filter(periode_id=v["periode"])
        if v.get("tahun") is not None:
            qs = qs.filter(periode__tahun=v["tahun"])
        return qs

    return daftar(
        request,
        schemas.HalamanEvaluasi,
        None,
        EVALUASI_FIELDS,
        **cepat("evaluasi", build, a, path, unor, periode=periode, tahun=tahun),
        filters={"unor": unor, "periode": periode, "tahun": tahun, "updated_since": updated_since},
        cursor=cursor,
        limit=limit,
        updated_since=updated_since,
    )


@router.get(
    "/evaluasi/{evaluasi_id}", response=responses(schemas.Evaluasi), summary="Satu evaluasi final"
)
def satu_evaluasi(request: HttpRequest, evaluasi_id: int) -> HttpResponse:
    a = akses(request, Cakupan.BACA_PENILAIAN)
    exprs = {k: v for k, v in EVALUASI_FIELDS.items() if v is not None}
    row = (
        _final(a.instansi_id)
        .filter(a.filter_dinilai(), pk=evaluasi_id)
        .annotate(**exprs)
        .values(*EVALUASI_FIELDS)
        .first()
    )
    if row is None:
        raise tidak_ditemukan("Evaluasi final tidak ditemukan.")
    (row,) = serialisasi.urut(schemas.Evaluasi, [row])
    return etag.jawab(request, schemas.Evaluasi, row, last_modified=row["updated_at"])
