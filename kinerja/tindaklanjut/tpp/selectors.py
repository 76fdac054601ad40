"""Reads of TPP, always by instansi: the version in force for a month, and the recap rows.

The recap is computed in bulk, whatever the number of pegawai: one query each for the
version (and its amounts), the periods containing the month, the evaluations of those periods,
the month's effective minutes (pelaksanaan.selectors_aktivitas.rekap_menit_bulanan), the
month's disiplin rows, and the pegawai themselves (streamed with .iterator()). Rows are then
yielded one at a time, so a writer can stream them to a file with flat memory.

Which predikat pays a month: the evaluation of the periodic period containing the whole month
(Bulanan, Triwulanan or Semesteran; never the annual one). If several contain it (the
granularity changed during the year), the shortest period the pegawai has an evaluation in
wins. A pegawai with two evaluations in that period (a new penilai mid-year: one per SKP)
is paid by the latest SKP's. Only a final result counts (SUDAH_FINAL), with its
post-keberatan predikat (Evaluasi.predikat is replaced when a keberatan is decided Diubah).
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DateField, Q, QuerySet

from kinerja.core.kueri import Disiapkan, Param
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.jadwal import BULAN, nama_periode
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.pelaksanaan.selectors_aktivitas import KOSONG, bulan_range, rekap_menit_bulanan
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.tindaklanjut.tpp import aturan
from kinerja.tindaklanjut.tpp.models import BesaranTpp, Disiplin, KonfigurasiTpp

CHUNK = 5000


def _konfigurasi_qs(instansi: Any, bulan: Any) -> QuerySet[KonfigurasiTpp]:
    qs = KonfigurasiTpp.objects.filter(instansi_id=instansi, berlaku_mulai__lte=bulan)
    return qs.order_by("-berlaku_mulai")[:1]


# Read on every page of the API's recap (with the amounts and the periods): compiled once.
_KONFIGURASI = Disiapkan(
    _konfigurasi_qs, instansi=Param("instansi"), bulan=Param("bulan", DateField())
)


def konfigurasi_berlaku(instansi_id: int, bulan: dt.date) -> KonfigurasiTpp | None:
    """The version in force for the month starting `bulan`: the latest starting on or before."""
    found = _KONFIGURASI.objek(instansi=instansi_id, bulan=bulan)
    return found[0] if found else None


def daftar_konfigurasi(instansi_id: int) -> list[KonfigurasiTpp]:
    """Every version, newest first, with its amounts (two queries)."""
    return list(
        KonfigurasiTpp.objects.filter(instansi_id=instansi_id)
        .select_related("dibuat_oleh")
        .prefetch_related("besaran")
        .order_by("-berlaku_mulai")
    )


def konfigurasi_of(user: Any, pk: int) -> KonfigurasiTpp | None:
    return KonfigurasiTpp.objects.filter(instansi_id=user.instansi_id, pk=pk).first()


_BESARAN = Disiapkan(
    lambda instansi, konfigurasi: BesaranTpp.objects.filter(
        instansi_id=instansi, konfigurasi_id=konfigurasi
    ).values_list("kelas_jabatan", "jumlah"),
    instansi=Param("instansi"),
    konfigurasi=Param("konfigurasi"),
)


def besaran_of(konfig: KonfigurasiTpp) -> dict[int, int]:
    return dict(_BESARAN.rows(instansi=konfig.instansi_id, konfigurasi=konfig.pk))


def aturan_of(konfig: KonfigurasiTpp | None) -> aturan.Aturan | None:
    if konfig is None:
        return None
    return aturan.Aturan(
        bobot_kinerja=konfig.bobot_kinerja,
        bobot_disiplin=konfig.bobot_disiplin,
        persen_predikat={k: Decimal(str(v)) for k, v in konfig.persen_predikat.items()},
        dasar=konfig.dasar_kinerja,
        menit_wajib=konfig.menit_wajib,
        besaran=besaran_of(konfig),
    )


def unit_pilihan(instansi_id: int) -> list[tuple[int, str, int]]:
    """(id, nama, kedalaman) of the active units in tree order, for the unit picker."""
    return list(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, aktif=True)
        .order_by("path")
        .values_list("id", "nama", "kedalaman")
    )


def unit_of(instansi_id: int, pk: str | int | None) -> UnitOrganisasi | None:
    if not pk or not str(pk).isdigit():
        return None
    return UnitOrganisasi.objects.filter(instansi_id=instansi_id, pk=int(pk)).first()


# --- The recap -------------------------------------------------------------------------------


KOLOM_REKAP: tuple[tuple[str, int], ...] = (
    # (header, width in the XLSX)
    ("Bulan", 9),
    ("NIP", 20),
    ("Nama", 32),
    ("Jabatan", 32),
    ("Kelas Jabatan", 8),
    ("Unit Organisasi", 32),
    ("Periode", 18),
    ("Rating Hasil Kerja", 20),
    ("Rating Perilaku Kerja", 20),
    ("Predikat", 16),
    ("Menit Efektif", 10),
    ("Persentase Kinerja (%)", 11),
    ("Persentase Disiplin (%)", 11),
    ("Besaran TPP (Rp)", 14),
    ("Komponen Kinerja (Rp)", 14),
    ("Komponen Disiplin (Rp)", 14),
    ("Jumlah TPP (Rp)", 14),
    ("Keterangan", 48),
)


@dataclass(frozen=True, slots=True)
class Baris:
    pegawai_id: int
    nip: str
    nama: str
    jabatan: str
    kelas_jabatan: int | None
    unit: str
    periode: str
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    menit_efektif: int
    hitungan: aturan.Hitungan

    @property
    def keterangan(self) -> str:
        return "; ".join(self.hitungan.keterangan)


@dataclass
class Lingkup:
    """What a recap covers: a month of an instansi, optionally a unit and its sub-units."""

    instansi_id: int
    tahun: int
    bulan: int
    unor: UnitOrganisasi | None = None

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, self.bulan, 1)

    @property
    def nama_bulan(self) -> str:
        return f"{BULAN[self.bulan - 1]} {self.tahun}"

    def pegawai(self) -> QuerySet[Pegawai]:
        """The active pegawai covered, in unit then name order."""
        qs = _pegawai_aktif(self.instansi_id)
        if self.unor is not None:
            qs = qs.filter(
                Q(unor__path__startswith=self.unor.path) if self.unor.path else Q(unor=self.unor)
            )
        return qs.order_by("unor__path", "nama", "id")


def _pegawai_aktif(instansi: Any) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(instansi_id=instansi, aktif=True)


def periode_bulan(instansi_id: int, tahun: int, bulan: int) -> list[PeriodePenilaian]:
    """The periodic periods containing the whole month, shortest first (no writes: a year
    never configured has none)."""
    mulai, selesai = bulan_range(tahun, bulan)
    rows = _PERIODE_BULAN.objek(instansi=instansi_id, mulai=mulai, selesai=selesai)
    return sorted(rows, key=lambda p: (p.selesai - p.mulai, p.pk))


_PERIODE_BULAN = Disiapkan(
    lambda instansi, mulai, selesai: PeriodePenilaian.objects.filter(
        instansi_id=instansi, mulai__lte=mulai, selesai__gte=selesai
    ).exclude(jenis=JenisPeriode.TAHUNAN),
    instansi=Param("instansi"),
    mulai=Param("mulai", DateField()),
    selesai=Param("selesai", DateField()),
)


def _pegawai_dalam(pegawai_ids: Any) -> Q:
    """A subquery as IN (SELECT ...); a page's list of ids, or its Param, as one parameter."""
    if isinstance(pegawai_ids, QuerySet):
        return Q(pegawai_id__in=pegawai_ids)
    return Q(pegawai_id__dalam=pegawai_ids)


def _daftar(pegawai_ids: Any) -> Any:
    """None, a subquery, or the ids as a list."""
    if pegawai_ids is None or isinstance(pegawai_ids, QuerySet):
        return pegawai_ids
    return list(pegawai_ids)


# (periode rank, skp_mulai, status, predikat, rating hasil, rating perilaku, periode id)
_Ev = tuple[int, dt.date, str, str, str, str, int]


def _evaluasi_qs(instansi: Any, periode: Any, pegawai: Any) -> QuerySet[Evaluasi, Any]:
    qs = Evaluasi.objects.filter(instansi_id=instansi, periode_id__dalam=periode)
    if pegawai is not None:
        qs = qs.filter(_pegawai_dalam(pegawai))
    return qs.order_by().values_list(
        "pegawai_id",
        "periode_id",
        "skp_mulai",
        "status",
        "predikat",
        "rating_hasil_kerja",
        "rating_perilaku",
    )


# the API's recap page: building these queries cost more than running them
_EVALUASI = Disiapkan(
    _evaluasi_qs, instansi=Param("instansi"), periode=Param("periode"), pegawai=Param("pegawai")
)


def evaluasi_bulan(
    instansi_id: int, periods: list[PeriodePenilaian], pegawai_ids: Any = None
) -> dict[int, _Ev]:
    """pegawai id -> the evaluation that pays the month (see the module docstring); one
    query over the (instansi, periode, unor) index."""
    if not periods:
        return {}
    rank = {p.pk: i for i, p in enumerate(periods)}
    rows = _EVALUASI.baris(
        CHUNK, instansi=instansi_id, periode=list(rank), pegawai=_daftar(pegawai_ids)
    )
    found: dict[int, _Ev] = {}
    for pegawai_id, periode_id, skp_mulai, status, predikat, hasil, perilaku in rows:
        row = (rank[periode_id], skp_mulai, status, predikat, hasil, perilaku, periode_id)
        old = found.get(pegawai_id)
        # Shortest period first, then the latest SKP.
        if old is None or (row[0], -row[1].toordinal()) < (old[0], -old[1].toordinal()):
            found[pegawai_id] = row
    return found


def _disiplin_qs(instansi: Any, tahun: Any, bulan: Any, pegawai: Any) -> QuerySet[Disiplin, Any]:
    qs = Disiplin.objects.filter(instansi_id=instansi, tahun=tahun, bulan=bulan)
    if pegawai is not None:
        qs = qs.filter(_pegawai_dalam(pegawai))
    return qs.order_by().values_list("pegawai_id", "persen")


_DISIPLIN = Disiapkan(
    _disiplin_qs,
    instansi=Param("instansi"),
    tahun=Param("tahun"),
    bulan=Param("bulan"),
    pegawai=Param("pegawai"),
)


def disiplin_bulan(instansi_id: int, tahun: int, bulan: int, pegawai_ids: Any = None) -> dict:
    return dict(
        _DISIPLIN.baris(
            CHUNK, instansi=instansi_id, tahun=tahun, bulan=bulan, pegawai=_daftar(pegawai_ids)
        )
    )


_PEGAWAI_FIELDS = (
    "id",
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jabatan__nama",
    "jabatan__kelas_jabatan",
    "unor__nama",
)


def baris_rekap(
    lingkup: Lingkup, pegawai: Iterable[tuple[Any, ...]] | None = None, ids: Any = None
) -> Iterator[Baris]:
    """The recap rows of `lingkup` (every pegawai covered, streamed), or of the given
    `pegawai` value rows (a page; `ids` narrows the lookups to them)."""
    i = lingkup.instansi_id
    konfig = konfigurasi_berlaku(i, lingkup.awal)
    rule = aturan_of(konfig)
    periods = periode_bulan(i, lingkup.tahun, lingkup.bulan)
    if ids is None and lingkup.unor is not None:
        ids = lingkup.pegawai().order_by().values("id")
    evaluasi = evaluasi_bulan(i, periods, ids)
    menit = rekap_menit_bulanan(i, lingkup.tahun, lingkup.bulan, ids)
    disiplin = disiplin_bulan(i, lingkup.tahun, lingkup.bulan, ids)
    nama_p = {p.pk: nama_periode(p.jenis, p.nomor, p.tahun) for p in periods}
    if pegawai is None:
        pegawai = lingkup.pegawai().values_list(*_PEGAWAI_FIELDS).iterator(chunk_size=CHUNK)
    hitung = aturan.hitung
    for pk, nip, nama, depan, belakang, jabatan, kelas, unit in pegawai:
        ev = evaluasi.get(pk)
        final = ev is not None and ev[2] in SUDAH_FINAL
        predikat = ev[3] if ev is not None else ""
        periode = ""
        if ev is not None:
            periode = nama_p[ev[6]] + ("" if final else " (belum final)")
        menit_efektif = menit.get(pk, KOSONG).diterima
        masukan = aturan.Masukan(kelas, predikat, final, menit_efektif, disiplin.get(pk))
        yield Baris(
            pegawai_id=pk,
            nip=nip,
            nama=(f"{depan} {nama}".strip() + (f", {belakang}" if belakang else "")),
            jabatan=jabatan or "",
            kelas_jabatan=kelas,
            unit=unit or "",
            periode=periode,
            rating_hasil_kerja=ev[4] if ev is not None and final else "",
            rating_perilaku=ev[5] if ev is not None and final else "",
            predikat=predikat if final else ("Belum final" if ev is not None else ""),
            menit_efektif=menit_efektif,
            hitungan=hitung(rule, masukan),
        )


def halaman_rekap(lingkup: Lingkup, pegawai_page: Iterable[Any]) -> list[Baris]:
    """The rows of one page of pegawai (a page of `lingkup.pegawai()` value rows)."""
    rows = list(pegawai_page)
    ids = [r[0] for r in rows]
    return list(baris_rekap(lingkup, rows, ids))


def halaman_pegawai(lingkup: Lingkup) -> QuerySet[Pegawai, tuple[Any, ...]]:
    return lingkup.pegawai().values_list(*_PEGAWAI_FIELDS)


# The API's pages of a whole instansi's recap, by id: compiled once (building and compiling
# the ORM query cost 0.4 ms of a page's 3).
_HALAMAN_ID = Disiapkan(
    lambda instansi, setelah: (
        _pegawai_aktif(instansi).filter(id__gt=setelah).order_by("id").values_list(*_PEGAWAI_FIELDS)
    ),
    instansi=Param("instansi"),
    setelah=Param("setelah"),
    batas="batas",
)


def halaman_pegawai_id(instansi_id: int, setelah: int, batas: int) -> list[tuple[Any, ...]]:
    """halaman_pegawai() of a whole instansi, after the id `setelah` (0: the first page), by id,
    at most `batas` rows."""
    return _HALAMAN_ID.rows(instansi=instansi_id, setelah=setelah, batas=batas)


@dataclass(frozen=True)
class Ringkasan:
    konfigurasi: KonfigurasiTpp | None
    periode: list[PeriodePenilaian]
    disiplin: int
    evaluasi_final: int


def ringkasan(lingkup: Lingkup) -> Ringkasan:
    """Cheap facts for the recap page (a few counts; the full totals come with the export)."""
    i = lingkup.instansi_id
    periods = periode_bulan(i, lingkup.tahun, lingkup.bulan)
    disiplin = Disiplin.objects.filter(instansi_id=i, tahun=lingkup.tahun, bulan=lingkup.bulan)
    final = Evaluasi.objects.filter(
        instansi_id=i, periode_id__in=[p.pk for p in periods[:1]], status__in=SUDAH_FINAL
    )
    if lingkup.unor is not None:
        ids = lingkup.pegawai().order_by().values("id")
        disiplin = disiplin.filter(pegawai_id__in=ids)
        final = final.filter(pegawai_id__in=ids)
    return Ringkasan(
        konfigurasi=konfigurasi_berlaku(i, lingkup.awal),
        periode=periods,
        disiplin=disiplin.count(),
        evaluasi_final=final.count() if periods else 0,
    )
