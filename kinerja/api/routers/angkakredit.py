"""The angka kredit ledger of pegawai in jabatan fungsional (one row per final evaluation)."""

from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router

from kinerja.api import schemas
from kinerja.api.auth import akses
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
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit

router = Router(tags=["Angka kredit"])

AK_FIELDS: dict[str, Any] = {
    "id": None,
    "pegawai_id": None,
    "evaluasi_id": None,
    "periode_id": None,
    "jenis_periode": None,
    "mulai": None,
    "selesai": None,
    "koefisien": None,
    "bulan_cakupan": None,
    "bulan": None,
    "predikat": None,
    "persentase": None,
    "nilai": None,
    "versi": None,
    "updated_at": None,
    "nip": F("pegawai__nip"),
    "jenjang_nama": F("jenjang__nama"),
}


@router.get("/angka-kredit", response=responses(schemas.HalamanAngkaKredit), summary="Angka kredit")
def daftar_angka_kredit(
    request: HttpRequest,
    unor: int | None = UNOR,
    periode: int | None = PERIODE,
    tahun: int | None = TAHUN,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Angka kredit per evaluasi final pegawai jabatan fungsional, dengan koefisien dan predikat
    (setelah keberatan) saat dihitung. `unor` menyaring menurut unit pegawai saat ini."""
    a = akses(request, Cakupan.BACA_ANGKAKREDIT)
    path = unor_path(a.instansi_id, unor)

    def build(v: dict[str, Any]) -> QuerySet[AngkaKredit]:
        q = filter_unor(v.get("path"), v.get("unor"), "pegawai__unor")
        qs = AngkaKredit.objects.filter(
            a.filter_pegawai("pegawai_id"), q, instansi_id=v["instansi"]
        )
        if v.get("periode") is not None:
            qs = qs.filter(periode_id=v["periode"])
        if v.get("tahun") is not None:
            qs = qs.filter(periode__tahun=v["tahun"])
        return qs

    return daftar(
        request,
        schemas.HalamanAngkaKredit,
        None,
        AK_FIELDS,
        **cepat("angka_kredit", build, a, path, unor, periode=periode, tahun=tahun),
        filters={"unor": unor, "periode": periode, "tahun": tahun, "updated_since": updated_since},
        cursor=cursor,
        limit=limit,
        updated_since=updated_since,
    )
