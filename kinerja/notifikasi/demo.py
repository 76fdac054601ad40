"""Notification demo data, after everything else: e-mail addresses for the demo accounts (their
e-mails appear on the worker's console), and a real reminder situation. The filling deadline
of the last closed period is extended for the demo pegawai's OPD to three days from today, so
the people of that OPD still behind get the extension notice and their reminder, and their
penilai a digest, through the same code as the hourly planner. Idempotent."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import Notifikasi
from kinerja.notifikasi import aturan, pengingat
from kinerja.notifikasi.models import (
    PengaturanPengingat,
    PengingatTerkirim,
    PreferensiNotifikasi,
    PutaranPengingat,
    SuratKeluar,
)
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import (
    CakupanPerpanjangan,
    JenisPeriode,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.pelaksanaan.services_periode import perpanjang_batas

ALASAN = "Gangguan jaringan di sekolah-sekolah saat batas pengisian; diperpanjang untuk OPD ini."
HARI_LAGI = 3


def seed(now: dt.datetime | None = None) -> int:
    """Returns how many reminder notifications the demo planner sent (0 when run again)."""
    instansi = Instansi.objects.filter(kode=org_demo.KOTA.kode).first()
    if instansi is None:
        return 0
    _alamat_email(instansi)
    now = now or timezone.now()
    ext = _perpanjangan(instansi, now)
    if ext is not None:  # just made: tell them now (the queued task then finds it sent)
        pengingat.beri_tahu_perpanjangan(ext.pk, now)
    rounds = pengingat.rencanakan(instansi.pk, now)
    return sum(r.jumlah_pegawai + r.jumlah_penilai + r.jumlah_ringkasan for r in rounds)


def _alamat_email(instansi: Instansi) -> None:
    nips = [nip for _, nip in org_demo.AKUN_DEMO]
    for user in User.objects.filter(instansi=instansi, nip__in=nips, email=""):
        user.email = f"{user.nip}@sukamaju.example"  # .example: never a real mailbox
        user.save(update_fields=["email"])


def _perpanjangan(instansi: Instansi, now: dt.datetime) -> PerpanjanganBatas | None:
    """The extension for the demo pegawai's OPD (the unit under the root holding them)."""
    zona = periode_mod.zona_of(instansi.pk)
    hari_ini = aturan.hari_ini(zona, now)
    tutup = [
        p
        for p in periode_mod.daftar_periode(instansi.pk, hari_ini.year)
        if p.jenis != JenisPeriode.TAHUNAN and p.batas_pengisian < hari_ini
    ]
    pegawai = Pegawai.objects.filter(instansi=instansi, nip=org_demo.PEGAWAI.nip).first()
    if not tutup or pegawai is None or pegawai.unor_id is None:
        return None
    periode = max(tutup, key=lambda p: p.batas_pengisian)
    opd = _opd_of(instansi, pegawai.unor_id)
    if PerpanjanganBatas.objects.filter(
        instansi=instansi, periode=periode, untuk=UntukBatas.PENGISIAN, unor=opd
    ).exists():
        return None  # seeded before
    admin = User.objects.get(nip=org_demo.ADMIN_INSTANSI.nip)
    return perpanjang_batas(
        admin,
        periode,
        UntukBatas.PENGISIAN,
        CakupanPerpanjangan.UNIT,
        opd,
        None,
        hari_ini + dt.timedelta(days=HARI_LAGI),
        ALASAN,
        now=now,
    )


def _opd_of(instansi: Instansi, unor_id: int) -> UnitOrganisasi:
    unit = UnitOrganisasi.objects.get(instansi=instansi, pk=unor_id)
    while unit.induk_id is not None:
        induk = UnitOrganisasi.objects.get(instansi=instansi, pk=unit.induk_id)
        if induk.induk_id is None:
            return unit
        unit = induk
    return unit


def hapus(instansi_ids: list[int]) -> None:
    """Before the stage rows, the users and the periods they point at (raw deletes: these
    tables may hold 100,000 rows after a benchmark seed)."""
    for model in (
        SuratKeluar,
        PengingatTerkirim,
        PutaranPengingat,
        PengaturanPengingat,
        PreferensiNotifikasi,
        Notifikasi,
    ):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(connection.alias)
