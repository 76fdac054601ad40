"""Response and request shapes of API v1 (pydantic 2, JSON Schema 2020-12 in OpenAPI 3.1).
Decimals are exact: serialised as strings ("97.50")."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field


class Schema(BaseModel):
    """Plain pydantic models: handlers pass dicts of .values() rows, so ninja's Schema (which
    wraps every model in a validator reading attributes of ORM objects) would only add cost,
    about 0.1 ms per row."""


class Unor(Schema):
    id: int
    kode: str
    nama: str
    induk_id: int | None
    path: str
    kedalaman: int
    aktif: bool
    updated_at: dt.datetime


class Pegawai(Schema):
    id: int
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    jenis_asn: str
    golongan_kode: str | None
    jabatan_id: int | None
    jabatan_nama: str | None
    jenis_jabatan: str | None
    kelas_jabatan: int | None
    unor_id: int | None
    unor_kode: str | None
    unor_nama: str | None
    is_guru: bool
    aktif: bool
    updated_at: dt.datetime


class Iki(Schema):
    id: int
    urutan: int
    indikator: str
    aspek: str
    target_min: Decimal | None
    target_max: Decimal | None
    satuan: str


class Rhk(Schema):
    id: int
    kunci: str
    jenis: str
    urutan: int
    rhk: str
    klasifikasi: str
    perspektif: str
    iki: list[Iki]


class Skp(Schema):
    id: int
    pegawai_id: int
    nip: str
    tahun: int
    periode_mulai: dt.date
    periode_selesai: dt.date
    revisi: int
    berlaku: bool
    terkini: bool
    pendekatan: str
    status: str
    penilai_id: int | None
    atasan_penilai_id: int | None
    sumber: str
    disetujui_at: dt.datetime | None
    updated_at: dt.datetime
    rhk: list[Rhk]


class Periode(Schema):
    id: int
    tahun: int
    jenis: str
    nomor: int
    mulai: dt.date
    selesai: dt.date
    batas_pengisian: dt.date
    batas_penilaian: dt.date


class Evaluasi(Schema):
    id: int
    pegawai_id: int
    nip: str
    skp_id: int
    periode_id: int
    periode_jenis: str
    periode_tahun: int
    periode_nomor: int
    unor_id: int | None
    penilai_id: int | None
    atasan_penilai_id: int | None
    is_jpt: bool
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    status: str
    versi: int
    sumber: str
    difinalkan_at: dt.datetime | None
    updated_at: dt.datetime


class AngkaKredit(Schema):
    id: int
    pegawai_id: int
    nip: str
    evaluasi_id: int
    periode_id: int
    jenis_periode: str
    mulai: dt.date
    selesai: dt.date
    jenjang_nama: str
    koefisien: Decimal
    bulan_cakupan: int
    bulan: int
    predikat: str
    persentase: Decimal
    nilai: Decimal
    versi: int
    updated_at: dt.datetime


class PredikatTahunan(Schema):
    tahun: int
    predikat: str
    status: str
    evaluasi_id: int


class RekapTpp(Schema):
    pegawai_id: int
    nip: str
    nama: str
    jabatan: str
    kelas_jabatan: int | None
    unor_nama: str
    periode: str
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    menit_efektif: int
    besaran: int | None
    persen_kinerja: Decimal | None
    persen_disiplin: Decimal | None
    komponen_kinerja: int | None
    komponen_disiplin: int | None
    jumlah: int | None
    keterangan: list[str]


class _Page(Schema):
    # sync_token FIRST: the ETag hashes the body after it (etag.jawab(tanpa_anggota_pertama)),
    # since it moves with the clock while the data stay the same.
    sync_token: dt.datetime | None = Field(
        description="Kirim sebagai updated_since pada sinkronisasi berikutnya."
    )
    next: str | None = Field(description="Cursor halaman berikutnya; null di halaman terakhir.")


class HalamanUnor(_Page):
    data: list[Unor]


class HalamanPegawai(_Page):
    data: list[Pegawai]


class HalamanSkp(_Page):
    data: list[Skp]


class HalamanPeriode(_Page):
    data: list[Periode]


class HalamanEvaluasi(_Page):
    data: list[Evaluasi]


class HalamanAngkaKredit(_Page):
    data: list[AngkaKredit]


class HalamanRekapTpp(_Page):
    tahun: int
    bulan: int
    data: list[RekapTpp]


class DaftarPredikatTahunan(Schema):
    nip: str
    data: list[PredikatTahunan]


Persen = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
BilanganBulat = Annotated[int, Field(ge=0, le=100_000)]


class BarisDisiplin(Schema):
    nip: Annotated[str, Field(min_length=1, max_length=32)]
    persen_disiplin: Persen
    hari_kerja: BilanganBulat | None = None
    hadir: BilanganBulat | None = None
    terlambat_menit: BilanganBulat | None = None
    pulang_cepat_menit: BilanganBulat | None = None
    keterangan: Annotated[str, Field(max_length=500)] = ""


class KirimDisiplin(Schema):
    tahun: Annotated[int, Field(ge=2000, le=2100)]
    bulan: Annotated[int, Field(ge=1, le=12)]
    baris: Annotated[list[BarisDisiplin], Field(min_length=1, max_length=1000)]


class HasilDisiplin(Schema):
    tahun: int
    bulan: int
    disimpan: int
    baru: int
    diganti: int
