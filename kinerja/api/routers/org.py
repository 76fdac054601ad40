"""Unit organisasi, pegawai (and their annual predikat) and periods."""

import datetime as dt
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
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.tindaklanjut.laporan.selectors_hasil import predikat_tahunan_terakhir

router = Router(tags=["Organisasi"])

UNOR_FIELDS = ("id", "kode", "nama", "induk_id", "path", "kedalaman", "aktif", "updated_at")
PEGAWAI_FIELDS = {
    "id": None,
    "nip": None,
    "nama": None,
    "gelar_depan": None,
    "gelar_belakang": None,
    "jenis_asn": None,
    "jabatan_id": None,
    "unor_id": None,
    "is_guru": None,
    "aktif": None,
    "updated_at": None,
    "golongan_kode": F("golongan__kode"),
    "jabatan_nama": F("jabatan__nama"),
    "jenis_jabatan": F("jabatan__jenis"),
    "kelas_jabatan": F("jabatan__kelas_jabatan"),
    "unor_kode": F("unor__kode"),
    "unor_nama": F("unor__nama"),
}
PERIODE_FIELDS = (
    "id",
    "tahun",
    "jenis",
    "nomor",
    "mulai",
    "selesai",
    "batas_pengisian",
    "batas_penilaian",
)


@router.get("/unor", response=responses(schemas.HalamanUnor), summary="Daftar unit organisasi")
def daftar_unor(
    request: HttpRequest,
    unor: int | None = UNOR,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    a = akses(request, Cakupan.BACA_ORG)
    path = unor_path(a.instansi_id, unor)

    def build(v: dict[str, Any]) -> QuerySet[UnitOrganisasi]:
        qs = UnitOrganisasi.objects.filter(instansi_id=v["instansi"])
        if v.get("path") is not None:
            qs = qs.filter(path__startswith=v["path"]) if v["path"] else qs.filter(pk=v["unor"])
        return qs

    return daftar(
        request,
        schemas.HalamanUnor,
        None,
        UNOR_FIELDS,
        filters={"unor": unor, "updated_since": updated_since},
        cursor=cursor,
        limit=limit,
        updated_since=updated_since,
        **cepat("unor", build, a, path, unor),
    )


@router.get("/pegawai", response=responses(schemas.HalamanPegawai), summary="Daftar pegawai")
def daftar_pegawai(
    request: HttpRequest,
    unor: int | None = UNOR,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Pegawai aktif dan nonaktif (`aktif=false` menandai pegawai yang keluar)."""
    a = akses(request, Cakupan.BACA_ORG)
    path = unor_path(a.instansi_id, unor)

    def build(v: dict[str, Any]) -> QuerySet[Pegawai]:
        q = filter_unor(v.get("path"), v.get("unor"))
        return Pegawai.objects.filter(a.filter_pegawai(), q, instansi_id=v["instansi"])

    return daftar(
        request,
        schemas.HalamanPegawai,
        None,
        PEGAWAI_FIELDS,
        filters={"unor": unor, "updated_since": updated_since},
        cursor=cursor,
        limit=limit,
        updated_since=updated_since,
        **cepat("pegawai", build, a, path, unor),
    )


def _pegawai(request: HttpRequest, nip: str) -> tuple[int, dict[str, object]]:
    a = akses(request, Cakupan.BACA_ORG)
    exprs = {k: v for k, v in PEGAWAI_FIELDS.items() if v is not None}
    row = (
        Pegawai.objects.filter(a.filter_pegawai(), instansi_id=a.instansi_id, nip=nip)
        .annotate(**exprs)
        .values(*PEGAWAI_FIELDS)
        .first()
    )
    if row is None:
        raise tidak_ditemukan("Pegawai dengan NIP ini tidak ditemukan.")
    (row,) = serialisasi.urut(schemas.Pegawai, [row])
    return a.instansi_id, row


@router.get("/pegawai/{nip}", response=responses(schemas.Pegawai), summary="Satu pegawai")
def satu_pegawai(request: HttpRequest, nip: str) -> HttpResponse:
    _, row = _pegawai(request, nip)
    updated = row["updated_at"]
    return etag.jawab(
        request,
        schemas.Pegawai,
        row,
        last_modified=updated if isinstance(updated, dt.datetime) else None,
    )


@router.get(
    "/pegawai/{nip}/predikat-tahunan",
    response=responses(schemas.DaftarPredikatTahunan),
    summary="Predikat tahunan terakhir seorang pegawai",
)
def predikat_tahunan(request: HttpRequest, nip: str) -> HttpResponse:
    """Predikat kinerja tahunan final (setelah keberatan) tahun-tahun terakhir, terbaru dulu:
    syarat layanan kepegawaian seperti kenaikan pangkat. Butuh cakupan baca:org dan
    baca:penilaian."""
    akses(request, Cakupan.BACA_PENILAIAN)
    instansi_id, row = _pegawai(request, nip)
    found = predikat_tahunan_terakhir(instansi_id, [int(str(row["id"]))], n=3)
    data = [
        {"tahun": p.tahun, "predikat": p.predikat, "status": p.status, "evaluasi_id": p.evaluasi_id}
        for p in found.get(int(str(row["id"])), [])
    ]
    return etag.jawab(request, schemas.DaftarPredikatTahunan, {"nip": nip, "data": data})


@router.get("/periode", response=responses(schemas.HalamanPeriode), summary="Periode penilaian")
def daftar_periode(
    request: HttpRequest,
    tahun: int | None = TAHUN,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Periode penilaian instansi (bulanan, triwulanan, semesteran, tahunan), urut id.
    Tanpa `updated_at`: `sync_token` selalu null."""
    a = akses(request, Cakupan.BACA_ORG)

    def build(v: dict[str, Any]) -> QuerySet[PeriodePenilaian]:
        qs = PeriodePenilaian.objects.filter(instansi_id=v["instansi"])
        return qs.filter(tahun=v["tahun"]) if v.get("tahun") is not None else qs

    return daftar(
        request,
        schemas.HalamanPeriode,
        None,
        PERIODE_FIELDS,
        filters={"tahun": tahun},
        cursor=cursor,
        limit=limit,
        pakai_updated_at=False,
        **cepat("periode", build, a, None, None, tahun=tahun),
    )
