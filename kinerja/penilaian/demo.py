"""Demo data of stage 3 for the demo pemkot: predikat kinerja organisasi and evaluations of the
periods that are over, so every screen of penilaian has something to show.

- Predikat kinerja organisasi for every OPD (the units right under the pemkot) in each period
  that is over: mostly Baik, some Istimewa, a few Butuh Perbaikan.
- Every pegawai with an SKP in force has a final evaluation of each such period, with ratings
  drawn so that the OPDs' distributions look like real ones (the matrix gives the predikat; a
  JPT's Rating Hasil Kerja follows the OPD's predikat); each has its history rows.
- In the last period that is over, the demo penilai is mid-way: some bawahan rated (Draft),
  the others not yet; the demo pegawai's result of the period before is final since a few days,
  so the keberatan window is open; another bawahan has a keberatan waiting for the atasan
  penilai. When that period's penilaian deadline has passed, the demo extends it instansi-wide
  (as an Admin Instansi would), so the demo penilai can still rate.

Written with insert_many like the other demo stages (no per-pegawai queries), so it scales to
the 100,000-pegawai benchmark. Idempotent: nothing is written when evaluations exist.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi
from kinerja.org.selectors import bawahan_of
from kinerja.pelaksanaan.models import (
    CakupanPerpanjangan,
    JenisPeriode,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.pelaksanaan.periode import daftar_periode
from kinerja.penilaian import aturan
from kinerja.penilaian.aturan import Predikat, PredikatOrganisasi
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    KinerjaOrganisasi,
    PengaturanPenilaian,
    PenjelasanKeberatan,
    RiwayatEvaluasi,
    StatusEvaluasi,
)
from kinerja.perencanaan.models import Skp, StatusSkp

TAHUN = org_demo.TAHUN_ACUAN
ORGANISASI = (
    (PredikatOrganisasi.BAIK, 0.7),
    (PredikatOrganisasi.ISTIMEWA, 0.2),
    (PredikatOrganisasi.BUTUH_PERBAIKAN, 0.1),
)
# Predikat drawn per predikat organisasi so that the OPDs' distributions keep their kurva
# (most Baik, the share of Sangat Baik following the organisation), then ratings that give it.
SEBARAN: dict[str, tuple[tuple[str, float], ...]] = {
    PredikatOrganisasi.ISTIMEWA: (
        (Predikat.SANGAT_BAIK, 0.45),
        (Predikat.BAIK, 0.53),
        (Predikat.BUTUH_PERBAIKAN, 0.02),
    ),
    PredikatOrganisasi.BAIK: (
        (Predikat.SANGAT_BAIK, 0.2),
        (Predikat.BAIK, 0.62),
        (Predikat.BUTUH_PERBAIKAN, 0.12),
        (Predikat.KURANG, 0.06),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        (Predikat.BUTUH_PERBAIKAN, 0.72),
        (Predikat.BAIK, 0.26),
        (Predikat.SANGAT_BAIK, 0.02),
    ),
}
PASANGAN = {
    predikat: [pair for pair, value in aturan.MATRIKS.items() if value == predikat]
    for predikat in Predikat.values
}


@dataclass(frozen=True)
class Hasil:
    evaluasi: int
    organisasi: int


@dataclass(frozen=True)
class _Skp:
    id: int
    pegawai_id: int
    mulai: dt.date
    selesai: dt.date
    penilai_id: int | None
    atasan_penilai_id: int | None
    is_jpt: bool
    snapshot: dict
    unor_id: int | None


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA, hari_ini: dt.date | None = None) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or Evaluasi.objects.filter(instansi=instansi).exists():
        return Hasil(0, 0)
    zona = ZoneInfo(instansi.zona_waktu)
    hari = min(hari_ini or timezone.localdate(timezone=zona), dt.date(TAHUN, 12, 31))
    periodic = [p for p in daftar_periode(instansi.pk, TAHUN) if p.jenis != JenisPeriode.TAHUNAN]
    over = [p for p in periodic if p.selesai < hari]
    skps = _skps(instansi)
    if not over or not skps:
        return Hasil(0, 0)
    rng = random.Random(TAHUN * 104729 + len(skps))
    admin = User.objects.filter(instansi=instansi, is_admin_instansi=True).first()
    opd, org_rows = _organisasi(instansi, over, admin, rng)
    demo = _demo_people(instansi)
    rows = _evaluasi_rows(instansi, over, skps, opd, org_rows, demo, hari, zona, rng)
    insert_many(Evaluasi, rows)
    _oleh_penilai(instansi, admin)
    _riwayat(instansi)
    _keberatan(instansi, over, demo, hari, zona)
    _perpanjang(instansi, over[-1], hari, admin)
    analyze(Evaluasi, RiwayatEvaluasi, KinerjaOrganisasi)
    audit.record(
        None,
        "demo.penilaian_dibuat",
        instansi,
        instansi=instansi,
        after={"evaluasi": len(rows), "organisasi": len(org_rows)},
        reason="Data demo dari perintah seed_demo",
    )
    return Hasil(len(rows), len(org_rows))


def _skps(instansi: Instansi) -> list[_Skp]:
    rows = Skp.objects.filter(
        instansi=instansi, tahun=TAHUN, status=StatusSkp.DISETUJUI, berlaku=True
    ).values_list(
        "id",
        "pegawai_id",
        "periode_mulai",
        "periode_selesai",
        "penilai_id",
        "atasan_penilai_id",
        "is_jpt",
        "snapshot",
        "pegawai__unor_id",
    )
    return [_Skp(*row) for row in rows]


def _organisasi(
    instansi: Instansi, over: list[PeriodePenilaian], admin: User | None, rng: random.Random
) -> tuple[dict[int, int], dict[tuple[int, int], str]]:
    """Predikat organisasi per OPD and period; returns (unit -> its OPD, (OPD, period) ->
    predikat)."""
    units = list(UnitOrganisasi.objects.filter(instansi=instansi).values_list("id", "path"))
    by_depth = {uid: [int(x) for x in path.strip("/").split("/") if x] for uid, path in units}
    opd = {uid: chain[1] for uid, chain in by_depth.items() if len(chain) > 1}
    predikat = {
        (unit, p.pk): _pick(rng, ORGANISASI) for unit in sorted(set(opd.values())) for p in over
    }
    insert_many(
        KinerjaOrganisasi,
        (
            {
                "instansi_id": instansi.pk,
                "unor_id": unit,
                "periode_id": periode_id,
                "predikat": value,
                "ditetapkan_oleh_id": admin.pk if admin else None,
                "ditetapkan_at": dt.datetime.combine(
                    next(p.selesai for p in over if p.pk == periode_id) + dt.timedelta(days=3),
                    dt.time(9),
                    tzinfo=ZoneInfo(instansi.zona_waktu),
                ),
                "catatan": "",
            }
            for (unit, periode_id), value in predikat.items()
        ),
    )
    return opd, predikat


@dataclass(frozen=True)
class _Demo:
    penilai: int | None
    pegawai: int | None
    bawahan: list[int]


def _demo_people(instansi: Instansi) -> _Demo:
    by_nip = dict(
        Pegawai.objects.filter(
            instansi=instansi, nip__in=[org_demo.PENILAI.nip, org_demo.PEGAWAI.nip]
        ).values_list("nip", "id")
    )
    penilai = by_nip.get(org_demo.PENILAI.nip)
    bawahan = []
    if penilai is not None:
        bawahan = sorted(bawahan_of(Pegawai.objects.get(pk=penilai)).values_list("id", flat=True))
    return _Demo(penilai, by_nip.get(org_demo.PEGAWAI.nip), bawahan)


def _evaluasi_rows(
    instansi: Instansi,
    over: list[PeriodePenilaian],
    skps: list[_Skp],
    opd: dict[int, int],
    org_rows: dict[tuple[int, int], str],
    demo: _Demo,
    hari: dt.date,
    zona: ZoneInfo,
    rng: random.Random,
) -> list[dict]:
    last = over[-1]
    rows = []
    for periode in over:
        for skp in skps:
            if not (skp.mulai <= periode.selesai and skp.selesai >= periode.mulai):
                continue
            org = org_rows.get((opd.get(skp.unor_id or 0, 0), periode.pk))
            predikat = _pick(rng, SEBARAN[org or PredikatOrganisasi.BAIK])
            hasil, perilaku = rng.choice(PASANGAN[predikat])
            if skp.is_jpt and org:
                hasil = aturan.rating_hasil_kerja_jpt(org, None)
            status = StatusEvaluasi.FINAL
            final_on = min(
                hari - dt.timedelta(days=1),
                periode.batas_penilaian - dt.timedelta(days=rng.randint(1, 20)),
            )
            if periode.pk == last.pk and skp.penilai_id == demo.penilai:
                position = (
                    demo.bawahan.index(skp.pegawai_id) if skp.pegawai_id in demo.bawahan else 0
                )
                if position % 2:
                    continue  # not rated yet
                status = StatusEvaluasi.DRAFT
            if (
                periode.pk == over[-2 if len(over) > 1 else -1].pk
                and skp.pegawai_id in demo.bawahan
            ):
                final_on = hari - dt.timedelta(days=3)  # recent: the keberatan window is open
            at = dt.datetime.combine(final_on, dt.time(10), tzinfo=zona)
            rows.append(
                {
                    "instansi_id": instansi.pk,
                    "pegawai_id": skp.pegawai_id,
                    "skp_id": skp.id,
                    "skp_mulai": skp.mulai,
                    "periode_id": periode.pk,
                    "penilai_id": skp.penilai_id,
                    "atasan_penilai_id": skp.atasan_penilai_id,
                    "unor_id": skp.unor_id,
                    "is_jpt": skp.is_jpt,
                    "rating_hasil_kerja": hasil,
                    "rating_perilaku": perilaku,
                    "predikat": aturan.predikat_pegawai(hasil, perilaku),
                    "status": status,
                    "snapshot": {**skp.snapshot, "skp": {"id": skp.id, "tahun": TAHUN}},
                    "dinilai_at": at - dt.timedelta(days=2),
                    "difinalkan_at": at if status == StatusEvaluasi.FINAL else None,
                    "umpan_balik_rhk": {},
                    "umpan_balik_perilaku": {},
                }
            )
    return rows


def _oleh_penilai(instansi: Instansi, admin: User | None) -> None:
    """The results were rated (and the final ones finalised) by the penilai's own account, the
    top of the instansi by the Admin Instansi: an UPDATE each, on the unique User.pegawai
    index, instead of a lookup per row."""
    akun = User.objects.filter(pegawai_id=OuterRef("penilai_id")).values("id")[:1]
    rows = Evaluasi.objects.filter(instansi=instansi, penilai__isnull=False)
    rows.update(dinilai_oleh_id=Subquery(akun))
    rows.filter(status=StatusEvaluasi.FINAL).update(difinalkan_oleh_id=Subquery(akun))
    puncak = Evaluasi.objects.filter(instansi=instansi, penilai__isnull=True)
    puncak.update(dinilai_oleh=admin)
    puncak.filter(status=StatusEvaluasi.FINAL).update(difinalkan_oleh=admin)


def _riwayat(instansi: Instansi) -> None:
    """A 'dinilai' row for every evaluation and a 'difinalkan' row for the final ones."""
    evaluasi = Evaluasi.objects.filter(instansi=instansi).values_list(
        "id",
        "rating_hasil_kerja",
        "rating_perilaku",
        "predikat",
        "status",
        "dinilai_at",
        "difinalkan_at",
    )

    def rows() -> Iterator[dict[str, Any]]:
        for pk, hasil, perilaku, predikat, status, dinilai_at, final_at in evaluasi.iterator(2000):
            common = {
                "instansi_id": instansi.pk,
                "evaluasi_id": pk,
                "rating_hasil_kerja": hasil,
                "rating_perilaku": perilaku,
                "predikat": predikat,
                "versi": 1,
                "oleh_nama": "",
                "keterangan": "",
            }
            yield {
                **common,
                "aksi": "dinilai",
                "status": StatusEvaluasi.DRAFT,
                "created_at": dinilai_at,
            }
            if final_at:
                yield {**common, "aksi": "difinalkan", "status": status, "created_at": final_at}

    insert_many(RiwayatEvaluasi, list(rows()))


def _keberatan(
    instansi: Instansi, over: list[PeriodePenilaian], demo: _Demo, hari: dt.date, zona: ZoneInfo
) -> None:
    """A keberatan of one of the demo penilai's bawahan (not the demo pegawai, who may file
    their own), waiting for the atasan penilai."""
    if len(over) < 2:
        return
    others = [pid for pid in demo.bawahan if pid != demo.pegawai]
    ev = (
        Evaluasi.objects.filter(
            instansi=instansi, periode=over[-2], pegawai_id__in=others, status=StatusEvaluasi.FINAL
        )
        .order_by("pegawai_id")
        .first()
    )
    if ev is None:
        return
    if ev.predikat == Predikat.SANGAT_BAIK:  # an objection asks for a better result
        baik = {"rating_hasil_kerja": "Sesuai Ekspektasi", "rating_perilaku": "Sesuai Ekspektasi"}
        Evaluasi.objects.filter(pk=ev.pk).update(**baik, predikat=Predikat.BAIK)
        RiwayatEvaluasi.objects.filter(evaluasi=ev).update(**baik, predikat=Predikat.BAIK)
        ev.refresh_from_db()
    at = dt.datetime.combine(hari - dt.timedelta(days=1), dt.time(8), tzinfo=zona)
    Keberatan.objects.create(
        instansi=instansi,
        evaluasi=ev,
        pegawai_id=ev.pegawai_id,
        diputus_oleh_pegawai_id=ev.atasan_penilai_id,
        alasan="Seluruh target triwulan ini tercapai dan didukung bukti; saya mohon rating hasil "
        "kerja ditinjau kembali.",
        rating_hasil_kerja_lama=ev.rating_hasil_kerja,
        rating_perilaku_lama=ev.rating_perilaku,
        predikat_lama=ev.predikat,
        diajukan_at=at,
    )
    Evaluasi.objects.filter(pk=ev.pk).update(status=StatusEvaluasi.KEBERATAN)
    RiwayatEvaluasi.objects.create(
        instansi=instansi,
        evaluasi=ev,
        aksi="keberatan_diajukan",
        rating_hasil_kerja=ev.rating_hasil_kerja,
        rating_perilaku=ev.rating_perilaku,
        predikat=ev.predikat,
        status=StatusEvaluasi.KEBERATAN,
        versi=1,
    )


def _perpanjang(
    instansi: Instansi, last: PeriodePenilaian, hari: dt.date, admin: User | None
) -> None:
    if last.batas_penilaian >= hari:
        return
    PerpanjanganBatas.objects.create(
        instansi=instansi,
        periode=last,
        untuk=UntukBatas.PENILAIAN,
        cakupan=CakupanPerpanjangan.INSTANSI,
        batas_baru=hari + dt.timedelta(days=30),
        alasan="Data demo: penilaian periode ini diperpanjang agar dapat dicoba.",
        dibuat_oleh=admin,
    )


def hapus(instansi_ids: list[int]) -> None:
    """Delete every stage-3 row of these instansi, children first, without loading them."""
    for model in (
        PenjelasanKeberatan,
        Keberatan,
        RiwayatEvaluasi,
        Evaluasi,
        KinerjaOrganisasi,
        PengaturanPenilaian,
    ):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(qs.db)
