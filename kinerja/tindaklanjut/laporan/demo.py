"""Demo data for the reports: final annual results of the two years before the demo year.

The stage-3 demo evaluates the periods of the demo year (TAHUN) that are over, so no annual
result is final yet and the follow-up lists (below Baik in a year; Sangat Baik two years
running) and the syarat layanan list (the last two annual predikat) would be empty. This seeds,
for every pegawai with an SKP in force in TAHUN, an approved SKP (no RHK: an archive) and a
final Tahunan evaluation for each of TAHUN-2 and TAHUN-1, rated like the stage-3 demo (per the
OPD's predikat organisasi, which it sets for those Tahunan periods), finalised in January after
the year, with their history rows.

Bulk writes (insert_many), no per-pegawai queries: fine at 100,000 pegawai. Idempotent: nothing
is written when the instansi already has an annual evaluation of TAHUN-1. `hapus` removes what
this module wrote (evaluations and their history first, then the SKPs and predikat
organisasi of those years); dokumen rows of these evaluations must be removed before.
"""

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.pelaksanaan.periode import pastikan_periode
from kinerja.penilaian import aturan
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian.aturan import PredikatOrganisasi
from kinerja.penilaian.models import (
    Evaluasi,
    KinerjaOrganisasi,
    RiwayatEvaluasi,
    StatusEvaluasi,
)
from kinerja.perencanaan.models import Skp, StatusSkp

TAHUN = org_demo.TAHUN_ACUAN
TAHUN_DEMO = (TAHUN - 2, TAHUN - 1)


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA) -> int:
    """The annual results of TAHUN_DEMO; returns the evaluations written."""
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or _tahunan(instansi.pk).filter(periode__tahun=TAHUN - 1).exists():
        return 0
    orang = list(
        Skp.objects.filter(instansi=instansi, tahun=TAHUN, status=StatusSkp.DISETUJUI, berlaku=True)
        .order_by("pegawai_id", "periode_mulai")
        .values_list(
            "pegawai_id",
            "penilai_id",
            "atasan_penilai_id",
            "is_jpt",
            "pendekatan",
            "snapshot",
            "pegawai__unor_id",
        )
    )
    orang = list({row[0]: row for row in orang}.values())  # the latest SKP per pegawai
    if not orang:
        return 0
    admin = User.objects.filter(instansi=instansi, is_admin_instansi=True).first()
    zona = ZoneInfo(instansi.zona_waktu)
    rng = random.Random(TAHUN * 7919 + len(orang))
    total = 0
    for tahun in TAHUN_DEMO:
        pastikan_periode(instansi.pk, tahun)
        periode = PeriodePenilaian.objects.get(
            instansi=instansi, tahun=tahun, jenis=JenisPeriode.TAHUNAN, nomor=1
        )
        opd, org_rows = penilaian_demo._organisasi(instansi, [periode], admin, rng)
        skp_ids = _skp(instansi, tahun, orang)
        rows = list(_evaluasi(instansi, periode, orang, skp_ids, opd, org_rows, zona, rng))
        insert_many(Evaluasi, rows)
        _riwayat(instansi.pk, periode)
        total += len(rows)
    analyze(Skp, Evaluasi, RiwayatEvaluasi, KinerjaOrganisasi)
    audit.record(
        None,
        "demo.laporan_dibuat",
        instansi,
        instansi=instansi,
        after={"evaluasi_tahunan": total, "tahun": list(TAHUN_DEMO)},
        reason="Data demo dari perintah seed_demo",
    )
    return total


def _tahunan(instansi_id: int) -> Any:
    return Evaluasi.objects.filter(
        instansi_id=instansi_id,
        periode__instansi_id=instansi_id,
        periode__jenis=JenisPeriode.TAHUNAN,
    )


def _skp(instansi: Instansi, tahun: int, orang: list[tuple[Any, ...]]) -> dict[int, int]:
    """An approved SKP in force for the whole year per pegawai; pegawai id -> SKP id."""
    disetujui = dt.datetime(tahun, 1, 20, 10, tzinfo=ZoneInfo(instansi.zona_waktu))
    insert_many(
        Skp,
        (
            {
                "instansi_id": instansi.pk,
                "pegawai_id": pegawai_id,
                "penilai_id": penilai_id,
                "atasan_penilai_id": atasan_id,
                "tahun": tahun,
                "periode_mulai": dt.date(tahun, 1, 1),
                "periode_selesai": dt.date(tahun, 12, 31),
                "revisi": 1,
                "berlaku": True,
                "terkini": True,
                "pendekatan": pendekatan,
                "is_jpt": is_jpt,
                "status": StatusSkp.DISETUJUI,
                "snapshot": snapshot,
                "diajukan_at": disetujui - dt.timedelta(days=5),
                "disetujui_at": disetujui,
            }
            for pegawai_id, penilai_id, atasan_id, is_jpt, pendekatan, snapshot, _u in orang
        ),
    )
    return dict(Skp.objects.filter(instansi=instansi, tahun=tahun).values_list("pegawai_id", "id"))


def _evaluasi(
    instansi: Instansi,
    periode: PeriodePenilaian,
    orang: list[tuple[Any, ...]],
    skp_ids: dict[int, int],
    opd: dict[int, int],
    org_rows: dict[tuple[int, int], str],
    zona: ZoneInfo,
    rng: random.Random,
) -> Iterator[dict[str, Any]]:
    for pegawai_id, penilai_id, atasan_id, is_jpt, _p, snapshot, unor_id in orang:
        if penilai_id is None:
            continue  # the top of the instansi has no penilai
        org = org_rows.get((opd.get(unor_id or 0, 0), periode.pk))
        predikat = penilaian_demo._pick(rng, penilaian_demo.SEBARAN[org or PredikatOrganisasi.BAIK])
        hasil, perilaku = rng.choice(penilaian_demo.PASANGAN[predikat])
        if is_jpt and org:
            hasil = aturan.rating_hasil_kerja_jpt(org, None)
        final_on = periode.batas_penilaian - dt.timedelta(days=rng.randint(3, 25))
        at = dt.datetime.combine(final_on, dt.time(10), tzinfo=zona)
        yield {
            "instansi_id": instansi.pk,
            "pegawai_id": pegawai_id,
            "skp_id": skp_ids[pegawai_id],
            "skp_mulai": dt.date(periode.tahun, 1, 1),
            "periode_id": periode.pk,
            "penilai_id": penilai_id,
            "atasan_penilai_id": atasan_id,
            "unor_id": unor_id,
            "is_jpt": is_jpt,
            "rating_hasil_kerja": hasil,
            "rating_perilaku": perilaku,
            "predikat": aturan.predikat_pegawai(hasil, perilaku),
            "status": StatusEvaluasi.FINAL,
            "snapshot": {
                **snapshot,
                "skp": {"id": skp_ids[pegawai_id], "tahun": periode.tahun},
            },
            "dinilai_at": at - dt.timedelta(days=2),
            "difinalkan_at": at,
            "umpan_balik_rhk": {},
            "umpan_balik_perilaku": {},
        }


def _riwayat(instansi_id: int, periode: PeriodePenilaian) -> None:
    """The 'dinilai' and 'difinalkan' history rows of the period's evaluations."""
    evaluasi = Evaluasi.objects.filter(instansi_id=instansi_id, periode=periode).values_list(
        "id", "rating_hasil_kerja", "rating_perilaku", "predikat", "dinilai_at", "difinalkan_at"
    )

    def rows() -> Iterator[dict[str, Any]]:
        for pk, hasil, perilaku, predikat, dinilai_at, final_at in evaluasi.iterator(2000):
            common = {
                "instansi_id": instansi_id,
                "evaluasi_id": pk,
                "rating_hasil_kerja": hasil,
                "rating_perilaku": perilaku,
                "predikat": predikat,
                "versi": 1,
                "oleh_nama": "",
                "keterangan": "",
            }
            yield {**common, "aksi": "dinilai", "status": "Draft", "created_at": dinilai_at}
            yield {
                **common,
                "aksi": "difinalkan",
                "status": StatusEvaluasi.FINAL,
                "created_at": final_at,
            }

    insert_many(RiwayatEvaluasi, list(rows()))


def hapus(instansi_ids: list[int]) -> None:
    """Delete what seed wrote for these instansi, children first, without loading rows."""
    periode = PeriodePenilaian.objects.filter(
        instansi_id__in=instansi_ids, tahun__in=TAHUN_DEMO, jenis=JenisPeriode.TAHUNAN
    )
    evaluasi = Evaluasi.objects.filter(instansi_id__in=instansi_ids, periode__in=periode)
    for qs in (
        RiwayatEvaluasi.objects.filter(instansi_id__in=instansi_ids, evaluasi__in=evaluasi),
        evaluasi,
        KinerjaOrganisasi.objects.filter(instansi_id__in=instansi_ids, periode__in=periode),
        Skp.objects.filter(instansi_id__in=instansi_ids, tahun__in=TAHUN_DEMO),
    ):
        qs._raw_delete(qs.db)
