"""Demo data of the angka kredit ledger for the demo pemkot, after the penilaian demo: the
ledger of every JF pegawai is built from the final results (the demo writes evaluations in
bulk, without the events that book rows), and a few JF pegawai, the demo Admin Instansi (an
Analis SDM Aparatur Ahli Muda) first, get a saldo awal as of 1 January so their progress toward
kenaikan pangkat shows.

Idempotent: the recompute changes nothing on a second run and a saldo is only added where
the instansi has none. Bulk: a fixed number of queries whatever the size of the instansi.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.tindaklanjut.angkakredit import services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit

TAHUN = org_demo.TAHUN_ACUAN
JUMLAH_SALDO = 12  # JF pegawai with a saldo awal, besides the demo admin
PORSI = (Decimal("0.35"), Decimal("0.55"), Decimal("0.8"))  # of the AK for kenaikan pangkat


@dataclass(frozen=True)
class Hasil:
    baris: int
    saldo: int


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or AngkaKredit.objects.filter(instansi=instansi).exists():
        return Hasil(0, 0)  # seeded already: a second seed_demo changes nothing
    saldo = _saldo(instansi, profil)
    hasil = services.hitung_ulang_instansi(instansi.pk)
    analyze(AngkaKredit, SaldoAngkaKredit)
    if saldo:
        audit.record(
            None,
            "demo.angka_kredit_dibuat",
            instansi,
            instansi=instansi,
            after={"baris": hasil.baru, "saldo": saldo},
            reason="Data demo dari perintah seed_demo",
        )
    return Hasil(hasil.baru, saldo)


def _saldo(instansi: Instansi, profil: org_demo.Profil) -> int:
    """A saldo awal for the demo admin and a few other JF pegawai (once: none when the
    instansi has any)."""
    if SaldoAngkaKredit.objects.filter(instansi=instansi).exists():
        return 0
    jf = Pegawai.objects.filter(
        instansi=instansi, aktif=True, jabatan__jenjang__isnull=False
    ).values_list("id", "nip", "jabatan__jenjang__ak_kenaikan_pangkat")
    admin = list(jf.filter(nip=profil.admin.nip))
    others = list(jf.exclude(nip=profil.admin.nip).order_by("nip")[:JUMLAH_SALDO])
    rows = [
        {
            "instansi_id": instansi.pk,
            "pegawai_id": pid,
            "ak_awal": (Decimal(butuh) * PORSI[i % len(PORSI)]).quantize(Decimal("0.001")),
            "tanggal_mulai": dt.date(TAHUN, 1, 1),
            "keterangan": "PAK konversi tahun sebelumnya (data demo)",
            "updated_at": timezone.now(),
        }
        for i, (pid, _, butuh) in enumerate(admin + others)
    ]
    insert_many(SaldoAngkaKredit, rows)
    return len(rows)


def hapus(instansi_ids: list[int]) -> None:
    """Delete the ledger and the saldo of these instansi without loading them (before the
    penilaian and org demo data they point at)."""
    for model in (AngkaKredit, SaldoAngkaKredit):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(qs.db)
