"""Demo data of the e-Kinerja BKN import: one applied report for the demo pemkot (a couple of
dozen pegawai with last year's annual result, "Sumber: e-Kinerja BKN"), made through the same
preview → apply services an admin uses, so the demo also shows the batch and its sync-log row.

Idempotent: nothing is written when the instansi already has imported results.
"""

import datetime as dt
from dataclasses import dataclass

from kinerja.accounts.models import User
from kinerja.integrasi.ekinerjabkn import impor
from kinerja.integrasi.ekinerjabkn.fake import BarisBkn, laporan_xlsx
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from kinerja.integrasi.models import LogSinkron, Sistem
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai

JUMLAH = 24
PREDIKAT = ("Baik",) * 6 + ("Sangat Baik", "Baik", "Butuh Perbaikan", "Baik")


@dataclass(frozen=True)
class Hasil:
    batch: int
    hasil: int


def seed(profil: org_demo.Profil = org_demo.KOTA) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or HasilEkinerjaBkn.objects.filter(instansi=instansi).exists():
        return Hasil(0, 0)
    admin = (
        User.objects.filter(instansi=instansi, is_admin_instansi=True, is_active=True)
        .order_by("id")
        .first()
    )
    if admin is None:
        return Hasil(0, 0)
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .select_related("unor")
        .order_by("id")[:JUMLAH]
    )
    akhir = dt.date(org_demo.TAHUN_ACUAN - 1, 12, 31)
    baris = [
        BarisBkn(
            nip=p.nip,
            nama=p.nama_lengkap,
            periode_akhir=akhir,
            periode_awal=dt.date(akhir.year, 1, 1),
            hasil_akhir=PREDIKAT[i % len(PREDIKAT)].upper(),
            skp_status="Selesai" if i % 8 else "Menunggu Persetujuan",
            skp_unor_induk=p.unor.nama if p.unor else "",
        )
        for i, p in enumerate(pegawai)
    ]
    batch = impor.pratinjau(
        admin, instansi.pk, f"laporan-skp-{akhir.year}.xlsx", laporan_xlsx(baris)
    )
    impor.terapkan(admin, batch)
    return Hasil(1, len(baris))


def hapus(instansi_ids: list[int]) -> None:
    """Delete the imported results, the batches and their sync-log rows of these instansi."""
    for qs in (
        HasilEkinerjaBkn.objects.filter(instansi_id__in=instansi_ids),
        ImporEkinerjaBkn.objects.filter(instansi_id__in=instansi_ids),
        LogSinkron.objects.filter(instansi_id__in=instansi_ids, sistem=Sistem.EKINERJA_BKN),
    ):
        qs._raw_delete(qs.db)
