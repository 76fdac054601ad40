"""Reads of the penilai's screens: the rating grid of one period (the bawahan's SKP in force with
their evaluation, predikat organisasi and lock), the kurva panels of the units those bawahan
are counted in, and one pegawai's evaluation screen.

Everything is found within the user's instansi; what the user may not see is a 404. The grid
reads in a fixed number of queries whatever the number of bawahan, the evaluation screen
whatever the number of RHK (tests/penilaian/test_penilai_views.py pins both).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.org.atasan import chain_from_path
from kinerja.org.models import PanduanPerilaku, Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import jadwal, selectors_realisasi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import (
    BuktiDukung,
    CakupanPerpanjangan,
    JenisPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    Realisasi,
    UmpanBalik,
    UntukBatas,
)
from kinerja.pelaksanaan.selectors_realisasi import BarisIki, BarisRhk, Utas
from kinerja.pelaksanaan.services_realisasi import dalam_masa_skp
from kinerja.penilaian import aturan, kurva, services
from kinerja.penilaian.models import Evaluasi, KinerjaOrganisasi, PengaturanPenilaian
from kinerja.perencanaan.models import JenisRhk, PerilakuKerja, Skp, StatusSkp

BELUM_DINILAI = "Belum dinilai"

# --- Periods ---------------------------------------------------------------------------------


def periode_dipilih(
    user: Any, pilihan: str, tahun: int, today: dt.date
) -> tuple[list[PeriodePenilaian], PeriodePenilaian]:
    """The period asked for (?periode=id, 404 outside the user's instansi) with its year's
    periods; by default the latest periodic period that has ended or contains today."""
    if pilihan:
        return _periode_dan_tahunnya(user, pilihan)
    periods = periode_mod.daftar_periode(user.instansi_id, tahun)
    berkala = [p for p in periods if p.jenis != JenisPeriode.TAHUNAN] or periods
    started = [p for p in berkala if p.mulai <= today]
    return periods, started[-1] if started else berkala[0]


def _periode_dan_tahunnya(
    user: Any, pilihan: str
) -> tuple[list[PeriodePenilaian], PeriodePenilaian]:
    periode = periode_atau_404(user, pilihan)
    return periode_mod.daftar_periode(user.instansi_id, periode.tahun), periode


def periode_atau_404(user: Any, pk: Any) -> PeriodePenilaian:
    value = str(pk or "")
    found = (
        PeriodePenilaian.objects.filter(instansi_id=user.instansi_id, pk=int(value)).first()
        if value.isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


# --- The penilaian lock, for many pegawai at once --------------------------------------------


@dataclass(frozen=True)
class Kunci:
    """The period's penilaian deadline and its extensions: `periode.batas_efektif` for every
    row of a grid from one query (same rule: instansi-wide, the pegawai's unit or a parent,
    the pegawai)."""

    zona: str
    batas_periode: dt.date
    perpanjangan: tuple[tuple[str, int | None, int | None, dt.date], ...]
    now: dt.datetime

    def batas(self, pegawai: Pegawai) -> dt.date:
        units = chain_from_path(pegawai.unor.path) if pegawai.unor_id and pegawai.unor else []
        units = units or ([pegawai.unor_id] if pegawai.unor_id else [])
        covering = [
            batas
            for cakupan, unor_id, pegawai_id, batas in self.perpanjangan
            if cakupan == CakupanPerpanjangan.INSTANSI
            or (cakupan == CakupanPerpanjangan.PEGAWAI and pegawai_id == pegawai.pk)
            or (cakupan == CakupanPerpanjangan.UNIT and unor_id in units)
        ]
        return max([self.batas_periode, *covering])

    def lewat(self, batas: dt.date) -> bool:
        return jadwal.sudah_lewat(batas, self.zona, self.now)

    def teks(self, batas: dt.date) -> str:
        return jadwal.format_batas(batas, self.zona)

    @property
    def batas_instansi(self) -> dt.date:
        """The deadline for everyone: the period's, or a later instansi-wide extension."""
        seluruh = [
            batas
            for cakupan, _unor, _pegawai, batas in self.perpanjangan
            if cakupan == CakupanPerpanjangan.INSTANSI
        ]
        return max([self.batas_periode, *seluruh])

    @property
    def periode_terkunci(self) -> bool:
        return self.lewat(self.batas_instansi)

    @property
    def teks_periode(self) -> str:
        return self.teks(self.batas_instansi)


def kunci_penilaian(
    periode: PeriodePenilaian, zona: str | None = None, now: dt.datetime | None = None
) -> Kunci:
    rows = PerpanjanganBatas.objects.filter(
        instansi_id=periode.instansi_id, periode_id=periode.pk, untuk=UntukBatas.PENILAIAN
    ).values_list("cakupan", "unor_id", "pegawai_id", "batas_baru")
    return Kunci(
        zona=zona or periode_mod.zona_of(periode.instansi_id),
        batas_periode=periode.batas_penilaian,
        perpanjangan=tuple(rows),
        now=now or timezone.now(),
    )


# --- Predikat organisasi of many units at once ------------------------------------------------


# --- The grid --------------------------------------------------------------------------------


@dataclass
class BarisNilai:
    """One bawahan's row of the grid: their SKP in force, the evaluation of the period if any,
    the predikat organisasi of the unit they are counted in and their lock."""

    skp: Skp
    evaluasi: Evaluasi | None
    unit: UnitOrganisasi | None
    organisasi: KinerjaOrganisasi | None
    hasil_jpt: str  # a JPT's Rating Hasil Kerja from the predikat organisasi ("" without one)
    batas: dt.date
    terkunci: bool
    pesan: str = ""  # why the last save was refused, shown in the row
    tersimpan: bool = False

    @property
    def pegawai(self) -> Pegawai:
        return self.skp.pegawai

    @property
    def rating_hasil_kerja(self) -> str:
        if self.evaluasi is not None:
            return self.evaluasi.rating_hasil_kerja
        return self.hasil_jpt if self.skp.is_jpt else ""

    @property
    def rating_perilaku(self) -> str:
        return self.evaluasi.rating_perilaku if self.evaluasi else ""

    @property
    def predikat(self) -> str:
        return self.evaluasi.predikat if self.evaluasi else ""

    @property
    def status(self) -> str:
        return self.evaluasi.status if self.evaluasi else BELUM_DINILAI

    @property
    def final(self) -> bool:
        return self.evaluasi is not None and self.evaluasi.sudah_final

    @property
    def boleh_ubah(self) -> bool:
        return not self.terkunci and not self.final

    @property
    def boleh_finalkan(self) -> bool:
        return self.boleh_ubah and self.evaluasi is not None and bool(self.predikat)


def skp_bawahan(user: Any, periode: PeriodePenilaian) -> QuerySet[Skp]:
    """The SKPs the user rates in this period: approved and in force (perencanaan.selectors.
    in_force), penilai = the user, of the period's year and overlapping it (dalam_masa_skp)."""
    return (
        Skp.objects.filter(
            instansi_id=user.instansi_id,
            penilai_id=user.pegawai_id,
            tahun=periode.tahun,
            status=StatusSkp.DISETUJUI,
            berlaku=True,
            periode_mulai__lte=periode.selesai,
            periode_selesai__gte=periode.mulai,
        )
        .exclude(pegawai_id=user.pegawai_id)
        .select_related("pegawai__jabatan", "pegawai__unor")
        .order_by("pegawai__nama", "pegawai_id", "periode_mulai")
    )


def evaluasi_per_skp(
    periode: PeriodePenilaian, skps: list[Skp]
) -> dict[tuple[int, dt.date], Evaluasi]:
    """The period's evaluations of these SKPs in one query, keyed (pegawai id, skp_mulai)."""
    if not skps:
        return {}
    rows = Evaluasi.objects.filter(
        instansi_id=periode.instansi_id,
        periode=periode,
        pegawai_id__in={s.pegawai_id for s in skps},
    ).select_related("unor")
    result = {}
    for ev in rows:
        ev.periode = periode  # the services read it; spare a query per row
        result[ev.pegawai_id, ev.skp_mulai] = ev
    return result


def baris_nilai(
    skps: list[Skp], periode: PeriodePenilaian, kunci: Kunci, pengaturan: PengaturanPenilaian
) -> list[BarisNilai]:
    """A row per SKP: two queries (evaluations, predikat organisasi) whatever their number."""
    evs = evaluasi_per_skp(periode, skps)
    units: dict[int, UnitOrganisasi | None] = {}
    for skp in skps:
        ev = evs.get((skp.pegawai_id, skp.periode_mulai))
        # The kurva counts a rated pegawai in the unit they had when rated.
        units[skp.pk] = ev.unor if ev is not None and ev.unor_id else skp.pegawai.unor
    orgs = kurva.organisasi_per_unit(periode, {u.pk: u for u in units.values() if u}.values())
    rows = []
    for skp in skps:
        unit = units[skp.pk]
        org = orgs.get(unit.pk) if unit else None
        batas = kunci.batas(skp.pegawai)
        hasil_jpt = (
            aturan.rating_hasil_kerja_jpt(org.predikat, pengaturan.pemetaan_jpt) if org else ""
        )
        rows.append(
            BarisNilai(
                skp=skp,
                evaluasi=evs.get((skp.pegawai_id, skp.periode_mulai)),
                unit=unit,
                organisasi=org,
                hasil_jpt=hasil_jpt,
                batas=batas,
                terkunci=kunci.lewat(batas),
            )
        )
    return rows


@dataclass
class GridNilai:
    periode: PeriodePenilaian
    rows: list[BarisNilai]
    panels: list[dict[str, Any]]  # penilai_kurva_panel.html contexts (konteks_panel)
    tanpa_organisasi: list[UnitOrganisasi]  # units of rows with no predikat organisasi yet
    kunci: Kunci
    pengaturan: PengaturanPenilaian
    konfigurasi: aturan.KonfigurasiKurva

    def baris(self, skp_id: int) -> BarisNilai | None:
        return next((b for b in self.rows if b.skp.pk == skp_id), None)

    def saya(self, organisasi: KinerjaOrganisasi) -> dict[int, str]:
        """{pegawai id: predikat} of the user's rated bawahan counted in this unit."""
        return {
            b.pegawai.pk: b.predikat
            for b in self.rows
            if b.predikat and b.organisasi is not None and b.organisasi.pk == organisasi.pk
        }

    def panel(self, organisasi: KinerjaOrganisasi) -> dict[str, Any]:
        """The kurva panel of one unit (two queries), the user's ratings drawn darker."""
        hasil = kurva.panel_kurva(organisasi, self.konfigurasi)
        return konteks_panel(hasil, self.konfigurasi, self.saya(organisasi))

    @property
    def jumlah_dinilai(self) -> int:
        return sum(1 for b in self.rows if b.predikat)

    @property
    def jumlah_final(self) -> int:
        return sum(1 for b in self.rows if b.final)

    @property
    def ada_yang_terbuka(self) -> bool:
        return any(not b.terkunci for b in self.rows)


def grid_nilai(user: Any, periode: PeriodePenilaian, panels: bool = True) -> GridNilai:
    """The user's rating grid for the period with the kurva panel of each unit their bawahan
    are counted in (none with `panels=False`, e.g. to re-render one row). Fixed queries: the
    SKPs, evaluations, predikat organisasi, configuration, the lock (2), two per kurva unit."""
    skps = list(skp_bawahan(user, periode))
    pengaturan = services.pengaturan_of(periode.instansi_id)
    kunci = kunci_penilaian(periode)
    grid = GridNilai(
        periode=periode,
        rows=baris_nilai(skps, periode, kunci, pengaturan),
        panels=[],
        tanpa_organisasi=[],
        kunci=kunci,
        pengaturan=pengaturan,
        konfigurasi=services.konfigurasi_of(pengaturan),
    )
    orgs = {b.organisasi.pk: b.organisasi for b in grid.rows if b.organisasi is not None}
    tanpa = {b.unit.pk: b.unit for b in grid.rows if b.organisasi is None and b.unit is not None}
    grid.tanpa_organisasi = sorted(tanpa.values(), key=lambda u: u.path)
    if panels:
        ordered = sorted(orgs.values(), key=lambda o: (o.unor.path, o.pk))
        grid.panels = [grid.panel(o) for o in ordered]
    return grid


# --- The kurva panel: what penilai_kurva_panel.html draws -------------------------------------

# The SVG's coordinate box: a plot area above the predikat labels, counts on the left.
LEBAR, TINGGI = 440, 210
KIRI, KANAN, ATAS, BAWAH = 30, 8, 18, 44
LABEL_BATANG = {
    aturan.SB: ("Sangat", "Baik"),
    aturan.B: ("Baik",),
    aturan.BP: ("Butuh", "Perbaikan"),
    aturan.K: ("Kurang/", "Misconduct"),
    aturan.SK: ("Sangat", "Kurang"),
}


@dataclass(frozen=True)
class Pita:
    """The allowed count of one predikat under the rules on it alone (AturanKurva.rentang)."""

    paling_sedikit: int
    paling_banyak: int
    y_atas: float
    y_bawah: float
    garis_atas: bool  # a "maks" rule bounds it from above
    garis_bawah: bool  # a "min" rule bounds it from below

    @property
    def tinggi(self) -> float:
        return max(self.y_bawah - self.y_atas, 1.0)


@dataclass(frozen=True)
class Batang:
    predikat: str
    jumlah: int
    persen: float
    milik_saya: int
    x: float
    lebar: float
    y: float
    tinggi: float
    y_saya: float
    tinggi_saya: float
    label: tuple[str, ...]
    pita: Pita | None

    @property
    def sesuai(self) -> bool:
        if self.pita is None:
            return True
        return self.pita.paling_sedikit <= self.jumlah <= self.pita.paling_banyak

    @property
    def x_tengah(self) -> float:
        return round(self.x + self.lebar / 2, 1)

    @property
    def x_pita(self) -> float:
        return round(self.x - 5, 1)

    @property
    def x_pita_akhir(self) -> float:
        return round(self.x + self.lebar + 5, 1)

    @property
    def lebar_pita(self) -> float:
        return round(self.lebar + 10, 1)

    @property
    def y_jumlah(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class BarisAturan:
    aturan_kurva: aturan.AturanKurva
    pelanggaran: aturan.Pelanggaran | None

    @property
    def terpenuhi(self) -> bool:
        return self.pelanggaran is None


@dataclass(frozen=True)
class EfekBerikut:
    """What one more rating of `predikat` would do to the unit's kurva."""

    predikat: str
    tetap_memenuhi: bool  # the rules hold after it
    teks: str


@dataclass(frozen=True)
class TampilanKurva:
    """The drawing of one unit's panel (SVG coordinates, see LEBAR/TINGGI) and its texts."""

    id: str
    lencana: str
    lencana_kelas: str
    batang: list[Batang]
    daftar_aturan: list[BarisAturan]
    efek: list[EfekBerikut]
    skala: int
    y_nol: float
    y_skala: float
    milik_saya: int
    lebar: int = LEBAR
    tinggi: int = TINGGI
    x_kiri: int = KIRI
    x_kanan: int = LEBAR - KANAN
    y_label: float = TINGGI - BAWAH + 14
    ringkasan: str = ""


def konteks_panel(
    panel: kurva.PanelKurva,
    konfigurasi: aturan.KonfigurasiKurva | None = None,
    saya: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The context of penilai_kurva_panel.html for one unit: `panel` (the PanelKurva),
    `nama_saya` (ids of the viewer's own rated pegawai in the unit, {pegawai id: predikat}
    in `saya`, drawn darker in the bars) and `kurva` (the drawing and the rule list)."""
    konfigurasi = konfigurasi or kurva.konfigurasi(panel.organisasi.instansi_id)
    saya = dict(saya or {})
    return {
        "panel": panel,
        "nama_saya": set(saya),
        "kurva": tampilan_kurva(panel, konfigurasi, saya),
    }


def _y(nilai: float, skala: int) -> float:
    tinggi_plot = TINGGI - ATAS - BAWAH
    return round(ATAS + tinggi_plot * (1 - nilai / skala), 1)


def _pita(predikat: str, rules: tuple[aturan.AturanKurva, ...], n: int, skala: int) -> Pita | None:
    own = [r for r in rules if r.kelompok == (predikat,)]
    if not own or n == 0:
        return None
    least = max(r.rentang(n)[0] for r in own)
    most = min(r.rentang(n)[1] for r in own)
    return Pita(
        paling_sedikit=least,
        paling_banyak=most,
        y_atas=_y(most, skala),
        y_bawah=_y(least, skala),
        garis_atas=any(r.batas == "maks" for r in own),
        garis_bawah=any(r.batas == "min" for r in own),
    )


def _batang(
    hasil: aturan.HasilKurva, rules: tuple[aturan.AturanKurva, ...], saya: Mapping[int, str]
) -> tuple[list[Batang], int]:
    skala = max(hasil.n, 1)
    slot = (LEBAR - KIRI - KANAN) / len(aturan.Predikat.values)
    lebar = round(slot * 0.56, 1)
    mine = {p: sum(1 for v in saya.values() if v == p) for p in aturan.Predikat.values}
    bars = []
    for i, p in enumerate(aturan.Predikat.values):
        jumlah, milik = hasil.jumlah.get(p, 0), min(mine[p], hasil.jumlah.get(p, 0))
        y, y_saya = _y(jumlah, skala), _y(milik, skala)
        bars.append(
            Batang(
                predikat=p,
                jumlah=jumlah,
                persen=round(hasil.persen(p), 1),
                milik_saya=milik,
                x=round(KIRI + i * slot + (slot - lebar) / 2, 1),
                lebar=lebar,
                y=y,
                tinggi=round(_y(0, skala) - y, 1),
                y_saya=y_saya,
                tinggi_saya=round(_y(0, skala) - y_saya, 1),
                label=LABEL_BATANG[p],
                pita=_pita(p, rules, hasil.n, skala),
            )
        )
    return bars, skala


def _selisih(hasil: aturan.HasilKurva) -> int:
    return sum(p.selisih for p in hasil.pelanggaran)


def _efek(panel: kurva.PanelKurva) -> list[EfekBerikut]:
    """Keep or break, per predikat, for one more rating; said the way a penilai decides."""
    now = panel.hasil
    result = []
    for p in aturan.Predikat.values:
        after = panel.efek[p]
        if after.terpenuhi:
            teks = "kurva tetap terpenuhi" if now.terpenuhi else "kurva menjadi terpenuhi"
        elif now.terpenuhi:
            teks = "melanggar: " + "; ".join(x.aturan.teks for x in after.pelanggaran)
        elif _selisih(after) < _selisih(now):
            teks = "mendekatkan ke kurva, tetapi belum terpenuhi"
        elif _selisih(after) > _selisih(now):
            teks = "menjauhkan dari kurva: " + "; ".join(x.aturan.teks for x in after.pelanggaran)
        else:
            teks = "kurva tetap belum terpenuhi"
        result.append(EfekBerikut(p, after.terpenuhi, teks))
    return result


def _lencana(hasil: aturan.HasilKurva) -> tuple[str, str]:
    if hasil.unit_kecil:
        return "Unit kecil: saran saja", "kecil"
    if hasil.mode == aturan.ModeKurva.WAJIB:
        return "Wajib", "wajib"
    return "Peringatan", "peringatan"


def tampilan_kurva(
    panel: kurva.PanelKurva, konfigurasi: aturan.KonfigurasiKurva, saya: Mapping[int, str]
) -> TampilanKurva:
    hasil = panel.hasil
    rules = konfigurasi.aturan_untuk(panel.organisasi.predikat)
    broken = {p.aturan: p for p in hasil.pelanggaran}
    bars, skala = _batang(hasil, rules, saya)
    lencana, kelas = _lencana(hasil)
    ringkasan = ", ".join(f"{b.predikat} {b.jumlah}" for b in bars)
    return TampilanKurva(
        id=f"kurva-{panel.organisasi.unor_id}",
        lencana=lencana,
        lencana_kelas=kelas,
        batang=bars,
        daftar_aturan=[BarisAturan(r, broken.get(r)) for r in rules],
        efek=_efek(panel),
        skala=skala,
        y_nol=_y(0, skala),
        y_skala=_y(skala, skala),
        milik_saya=len(saya),
        ringkasan=f"{hasil.n} pegawai dinilai: {ringkasan}.",
    )


# --- One pegawai's evaluation screen ---------------------------------------------------------


def skp_untuk_penilai(user: Any, skp_id: int, ubah: bool = False) -> tuple[Skp, bool]:
    """The SKP and whether the user may rate it: its penilai (services.may_rate) may; its
    atasan penilai and the Admin Instansi read. Anyone else, or another instansi: 404 (also
    for a reader when `ubah` asks for the right to rate)."""
    skp = (
        Skp.objects.select_related("pegawai__unor", "pegawai__jabatan", "instansi")
        .filter(instansi_id=user.instansi_id, pk=skp_id)
        .first()
    )
    if skp is None:
        raise Http404
    boleh_ubah = services.may_rate(user, skp)
    pembaca = (bool(user.pegawai_id) and user.pegawai_id == skp.atasan_penilai_id) or bool(
        user.is_admin_instansi
    )
    if not boleh_ubah and (ubah or not pembaca):
        raise Http404
    return skp, boleh_ubah


def periode_skp_atau_404(user: Any, skp: Skp, periode_id: int) -> PeriodePenilaian:
    periode = periode_atau_404(user, periode_id)
    if not dalam_masa_skp(skp, periode):
        raise Http404
    return periode


def revisi_berlaku(skp: Skp) -> Skp | None:
    """The revision in force of this SKP's series (same pegawai and periode SKP)."""
    return (
        Skp.objects.filter(
            instansi_id=skp.instansi_id,
            pegawai_id=skp.pegawai_id,
            periode_mulai=skp.periode_mulai,
            status=StatusSkp.DISETUJUI,
            berlaku=True,
        )
        .only("pk")
        .first()
    )


@dataclass
class PerilakuDinilai:
    perilaku: PerilakuKerja
    utas: list[Utas]
    panduan: list[str]


@dataclass
class KontenEvaluasi:
    rhk_utama: list[BarisRhk]
    rhk_tambahan: list[BarisRhk]
    perilaku: list[PerilakuDinilai]
    dari_revisi_lain: int  # realisasi shown from another revision of the same SKP


def konten_evaluasi(skp: Skp, periode: PeriodePenilaian) -> KontenEvaluasi:
    """The SKP's RHK (Utama, then Tambahan) with IKI, target and this period's realisasi with
    bukti and threads (selectors_realisasi.konten); an IKI with no realisasi on this revision
    shows the one filled on another revision of the series, matched by RHK kunci and IKI
    urutan; the BerAKHLAK values with their threads, panduan and ekspektasi khusus."""
    content = selectors_realisasi.konten(skp, periode)
    rows: list[BarisRhk] = content["rhk_rows"]
    dari_lain = _lengkapi_dari_revisi_lain(skp, periode, rows)
    perilaku = selectors_realisasi.perilaku_rows(skp, content["utas"])
    panduan = _panduan([b.perilaku.nilai_id for b in perilaku])
    return KontenEvaluasi(
        rhk_utama=[r for r in rows if r.rhk.jenis == JenisRhk.UTAMA],
        rhk_tambahan=[r for r in rows if r.rhk.jenis != JenisRhk.UTAMA],
        perilaku=[
            PerilakuDinilai(b.perilaku, b.utas, panduan.get(b.perilaku.nilai_id, []))
            for b in perilaku
        ],
        dari_revisi_lain=dari_lain,
    )


def _lengkapi_dari_revisi_lain(skp: Skp, periode: PeriodePenilaian, rows: list[BarisRhk]) -> int:
    kosong = {
        (str(row.rhk.kunci), baris.iki.urutan): (row, i)
        for row in rows
        for i, baris in enumerate(row.iki)
        if baris.realisasi is None
    }
    if not kosong:
        return 0
    tenant = {"instansi_id": skp.instansi_id}
    lain = (
        Realisasi.objects.filter(
            periode=periode,
            skp__pegawai_id=skp.pegawai_id,
            skp__periode_mulai=skp.periode_mulai,
            **tenant,
        )
        .exclude(skp_id=skp.pk)
        .select_related("skp", "iki__rhk")
        .prefetch_related(
            Prefetch("bukti", queryset=BuktiDukung.objects.filter(**tenant).order_by("id"))
        )
        .order_by("skp__revisi", "id")  # a later revision's wins
    )
    chosen = {
        key: real for real in lain if (key := (str(real.iki.rhk.kunci), real.iki.urutan)) in kosong
    }
    if not chosen:
        return 0
    utas = _utas_realisasi(skp.instansi_id, [r.pk for r in chosen.values()])
    for key, real in chosen.items():
        row, i = kosong[key]
        row.iki[i] = BarisIki(
            iki=row.iki[i].iki,
            realisasi=real,
            bukti=list(real.bukti.all()),
            utas=utas.get(real.pk, []),
        )
    return len(chosen)


def _utas_realisasi(instansi_id: int, realisasi_ids: list[int]) -> dict[int, list[Utas]]:
    """Threads on these realisasi (of any revision), by realisasi id, in one query."""
    rows = list(
        UmpanBalik.objects.filter(instansi_id=instansi_id, realisasi_id__in=realisasi_ids)
        .select_related("penulis")
        .order_by("created_at", "id")
    )
    roots = {r.pk: Utas(r) for r in rows if r.induk_id is None}
    for r in rows:
        if r.induk_id in roots:
            roots[r.induk_id].balasan.append(r)
    result: dict[int, list[Utas]] = {}
    for utas in roots.values():
        result.setdefault(utas.induk.realisasi_id or 0, []).append(utas)
    return result


def _panduan(nilai_ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for nilai_id, teks in PanduanPerilaku.objects.filter(nilai_id__in=nilai_ids).values_list(
        "nilai_id", "teks"
    ):
        result.setdefault(nilai_id, []).append(teks)
    return result
