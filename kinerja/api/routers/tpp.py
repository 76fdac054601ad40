"""The monthly TPP recap for payroll, and the one write: monthly disiplin (attendance)."""

import datetime as dt
from functools import partial
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from kinerja.api import etag, pagination, schemas, serialisasi
from kinerja.api.auth import akses
from kinerja.api.errors import RESPONSES, ApiError
from kinerja.api.models import Cakupan
from kinerja.api.routers.umum import CURSOR, LIMIT, UNOR, UPDATED_SINCE, Waktu, responses, tz_aware
from kinerja.org.models import UnitOrganisasi
from kinerja.pelaksanaan.models import AktivitasHarian
from kinerja.pelaksanaan.selectors_aktivitas import bulan_range
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.tpp import impor, selectors
from kinerja.tindaklanjut.tpp.models import Disiplin

router = Router(tags=["TPP"])


def _berubah(lingkup: selectors.Lingkup, sejak: dt.datetime) -> Q | None:
    """Pegawai whose recap row of the month may have changed since `sejak` (None: all of
    them, because the month's TPP configuration changed): the pegawai row (jabatan, unit),
    their evaluation of a period containing the month, their disiplin or aktivitas harian of
    the month. Subqueries over indexed columns; no extra round trip."""
    i = lingkup.instansi_id
    konfig = selectors.konfigurasi_berlaku(i, lingkup.awal)
    if konfig is not None and konfig.updated_at >= sejak:
        return None
    mulai, selesai = bulan_range(lingkup.tahun, lingkup.bulan)
    evaluasi = Evaluasi.objects.filter(
        instansi_id=i,
        updated_at__gte=sejak,
        periode__instansi_id=i,
        periode__mulai__lte=mulai,
        periode__selesai__gte=selesai,
    ).values("pegawai_id")
    disiplin = Disiplin.objects.filter(
        instansi_id=i, tahun=lingkup.tahun, bulan=lingkup.bulan, updated_at__gte=sejak
    ).values("pegawai_id")
    aktivitas = AktivitasHarian.objects.filter(
        instansi_id=i, tanggal__gte=mulai, tanggal__lte=selesai, updated_at__gte=sejak
    ).values("pegawai_id")
    return Q(updated_at__gte=sejak) | Q(id__in=evaluasi) | Q(id__in=disiplin) | Q(id__in=aktivitas)


def _baris(b: selectors.Baris) -> dict[str, Any]:
    h = b.hitungan
    return {
        "pegawai_id": b.pegawai_id,
        "nip": b.nip,
        "nama": b.nama,
        "jabatan": b.jabatan,
        "kelas_jabatan": b.kelas_jabatan,
        "unor_nama": b.unit,
        "periode": b.periode,
        "rating_hasil_kerja": b.rating_hasil_kerja,
        "rating_perilaku": b.rating_perilaku,
        "predikat": b.predikat,
        "menit_efektif": b.menit_efektif,
        "besaran": h.besaran,
        "persen_kinerja": h.persen_kinerja,
        "persen_disiplin": h.persen_disiplin,
        "komponen_kinerja": h.komponen_kinerja,
        "komponen_disiplin": h.komponen_disiplin,
        "jumlah": h.jumlah,
        "keterangan": list(h.keterangan),
    }


@router.get("/tpp/rekap", response=responses(schemas.HalamanRekapTpp), summary="Rekap TPP bulanan")
def rekap_tpp(
    request: HttpRequest,
    tahun: int = Query(..., ge=2000, le=2100),
    bulan: int = Query(..., ge=1, le=12),
    unor: int | None = UNOR,
    updated_since: Waktu | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    """Rekap TPP sebulan per pegawai aktif (urut id pegawai), dihitung seperti berkas rekap:
    yang belum diketahui (predikat belum final, disiplin belum ada) dibiarkan null, bukan nol.
    Dengan `updated_since`: hanya pegawai yang evaluasi, disiplin, aktivitas harian bulan itu
    atau datanya berubah (seluruh bulan bila konfigurasi TPP bulan itu berubah)."""
    a = akses(request, Cakupan.BACA_TPP)
    mulai = timezone.now()
    updated_since = tz_aware(updated_since)
    unit = None
    if unor is not None:
        unit = UnitOrganisasi.objects.filter(instansi_id=a.instansi_id, pk=unor).first()
        if unit is None:
            raise ApiError(404, "not_found", "Unit organisasi tidak ditemukan.")
    lingkup = selectors.Lingkup(a.instansi_id, tahun, bulan, unit)
    berubah = _berubah(lingkup, updated_since) if updated_since is not None else None
    qs: Any
    if berubah is None and unit is None:  # the whole instansi: the compiled page
        qs = partial(selectors.halaman_pegawai_id, a.instansi_id)
    else:
        qs = selectors.halaman_pegawai(lingkup)
        qs = qs.filter(berubah) if berubah is not None else qs
    filters = {"tahun": tahun, "bulan": bulan, "unor": unor, "updated_since": updated_since}
    rows, nxt = pagination.halaman_id(qs, filters=filters, cursor=cursor, limit=limit)
    data = [_baris(b) for b in selectors.halaman_rekap(lingkup, rows)] if rows else []
    batas = mulai - pagination.TUMPANG_TINDIH
    return etag.jawab(
        request,
        schemas.HalamanRekapTpp,
        {"sync_token": batas, "next": nxt, "tahun": tahun, "bulan": bulan, "data": data},
        tanpa_anggota_pertama=True,
    )


@router.post(
    "/disiplin",
    response={200: schemas.HasilDisiplin, **RESPONSES},
    summary="Kirim data disiplin bulanan",
)
def kirim_disiplin(request: HttpRequest, payload: schemas.KirimDisiplin) -> HttpResponse:
    """Persentase disiplin (kehadiran) sebulan dari sistem absensi, paling banyak 1.000 baris per
    permintaan. Diperiksa dengan aturan yang sama dengan impor berkas; satu baris salah dan
    tidak ada yang disimpan (422 dengan letak tiap kesalahan). Baris pegawai yang dikirim
    menggantikan baris bulan itu; pegawai lain tidak berubah. Mengirim ulang aman (idempoten).
    Butuh cakupan tulis:disiplin."""
    a = akses(request, Cakupan.TULIS_DISIPLIN)
    baris = [b.model_dump() for b in payload.baris]
    if a.token_id is not None:
        sumber, reason = f"API {a.token_label}", f"Dikirim lewat API dengan token {a.token_label}"
    else:
        sumber, reason = "API (sesi)", "Dikirim lewat API dengan sesi pengguna"
    try:
        hasil = impor.simpan_baris(
            a.user,
            a.instansi_id,
            payload.tahun,
            payload.bulan,
            baris,
            sumber=sumber,
            reason=reason,
        )
    except impor.BarisDitolak as exc:
        errors = [
            {
                "loc": ["body", "baris", max(0, int(e["baris"]) - 1)]
                + ([e["kolom"]] if e["kolom"] else []),
                "msg": e["pesan"],
            }
            for e in exc.kesalahan
        ]
        raise ApiError(422, "validation_error", str(exc), errors) from None
    body = {"tahun": payload.tahun, "bulan": payload.bulan, **hasil}
    return HttpResponse(
        serialisasi.json_bytes(schemas.HasilDisiplin, body), content_type=etag.JSON, status=200
    )
