"""Demo data of TPP for the demo pemkot: a configuration from January of the demo year
(60% kinerja + 40% disiplin, the default predikat table, an amount for every kelas jabatan)
and one month of disiplin for every active pegawai: the month of the demo's aktivitas harian
(today, kept inside the demo year), so that the recap has minutes, attendance and amounts.

Bulk writes (insert_many), no per-pegawai query: fine for the 100,000-pegawai benchmark.
Idempotent: nothing is written when the instansi already has a TPP configuration.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.bulk import insert_many
from kinerja.core.models import Pekerjaan
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from kinerja.tindaklanjut.tpp import aturan
from kinerja.tindaklanjut.tpp.models import (
    BesaranTpp,
    Disiplin,
    ImporDisiplin,
    KonfigurasiTpp,
)

TAHUN = org_demo.TAHUN_ACUAN
# Rupiah per month by kelas jabatan 1..17: the shape of typical Perkada TPP tables.
BESARAN_DEMO = {
    1: 1_750_000,
    2: 1_900_000,
    3: 2_100_000,
    4: 2_300_000,
    5: 2_550_000,
    6: 2_800_000,
    7: 3_100_000,
    8: 3_500_000,
    9: 4_000_000,
    10: 4_750_000,
    11: 5_600_000,
    12: 6_750_000,
    13: 8_250_000,
    14: 10_500_000,
    15: 13_500_000,
    16: 17_500_000,
    17: 23_000_000,
}


@dataclass(frozen=True)
class Hasil:
    konfigurasi: int
    disiplin: int
    bulan: dt.date | None = None


def bulan_demo(instansi: Instansi, hari_ini: dt.date | None = None) -> dt.date:
    """The first day of the demo month (today in the instansi's zone, inside TAHUN)."""
    from zoneinfo import ZoneInfo

    hari = hari_ini or timezone.localdate(timezone=ZoneInfo(instansi.zona_waktu))
    hari = min(max(hari, dt.date(TAHUN, 1, 1)), dt.date(TAHUN, 12, 31))
    return hari.replace(day=1)


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA, hari_ini: dt.date | None = None) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or KonfigurasiTpp.objects.filter(instansi=instansi).exists():
        return Hasil(0, 0)
    konfig = KonfigurasiTpp.objects.create(
        instansi=instansi,
        berlaku_mulai=dt.date(TAHUN, 1, 1),
        bobot_kinerja=aturan.BOBOT_KINERJA_BAWAAN,
        bobot_disiplin=aturan.BOBOT_DISIPLIN_BAWAAN,
        persen_predikat={k: str(v) for k, v in aturan.PERSEN_PREDIKAT_BAWAAN.items()},
        catatan="Data demo: besaran contoh, bukan Perkada sungguhan.",
    )
    BesaranTpp.objects.bulk_create(
        BesaranTpp(instansi=instansi, konfigurasi=konfig, kelas_jabatan=k, jumlah=v)
        for k, v in BESARAN_DEMO.items()
    )
    bulan = bulan_demo(instansi, hari_ini)
    n = isi_disiplin(instansi.pk, bulan, sumber="Data demo")
    # Also the last month of the latest fully final period, so that the demo recap shows
    # complete amounts (the current month has no final predikat yet).
    lengkap = _bulan_final(instansi.pk)
    if lengkap is not None and lengkap != bulan:
        n += isi_disiplin(instansi.pk, lengkap, sumber="Data demo")
    audit.record(
        None,
        "tpp.demo_dibuat",
        konfig,
        after={"bulan_disiplin": bulan.isoformat(), "disiplin": n},
        reason="Data demo dari perintah seed_demo",
    )
    return Hasil(1, n, bulan)


def _bulan_final(instansi_id: int) -> dt.date | None:
    """The first day of the last month of the latest periodic period whose evaluations are
    all final (none left as Draft)."""
    draft = Evaluasi.objects.filter(instansi_id=instansi_id, status=StatusEvaluasi.DRAFT)
    periode = (
        PeriodePenilaian.objects.filter(instansi_id=instansi_id)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .filter(Exists(Evaluasi.objects.filter(periode_id=OuterRef("pk"), instansi_id=instansi_id)))
        .exclude(Exists(draft.filter(periode_id=OuterRef("pk"))))
        .order_by("-selesai")
        .first()
    )
    return periode.selesai.replace(day=1) if periode is not None else None


def isi_disiplin(instansi_id: int, bulan: dt.date, sumber: str) -> int:
    """Disiplin of every active pegawai for the month (mostly 90-100%), in bulk; the month's
    existing rows are replaced. Also used by the benchmark."""
    Disiplin.objects.filter(instansi_id=instansi_id, tahun=bulan.year, bulan=bulan.month).delete()
    rng = random.Random(instansi_id * 7919 + bulan.month)
    # A list, not a streamed query: no other query may run on the connection during a COPY.
    ids = list(
        Pegawai.objects.filter(instansi_id=instansi_id, aktif=True)
        .order_by("id")
        .values_list("id", flat=True)
    )

    def rows():  # type: ignore[no-untyped-def]
        for pegawai_id in ids:
            terlambat = rng.choice((0, 0, 0, 15, 30, 45, 90, 180))
            persen = Decimal(100) - Decimal(terlambat) / Decimal(30)
            yield {
                "instansi_id": instansi_id,
                "pegawai_id": pegawai_id,
                "tahun": bulan.year,
                "bulan": bulan.month,
                "persen": persen.quantize(Decimal("0.01")),
                "details": {"hari_kerja": 21, "hadir": 21, "terlambat_menit": terlambat},
                "sumber": sumber,
            }

    insert_many(Disiplin, rows())
    return len(ids)


def hapus(instansi_ids: list[int]) -> None:
    """Delete every TPP row of these instansi (and their background jobs), children first."""
    for model in (Disiplin, ImporDisiplin, BesaranTpp, KonfigurasiTpp, Pekerjaan):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(qs.db)
