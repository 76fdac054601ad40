"""SIASN demo data for the demo pemkot: a few queued pushes in each status (menunggu,
terkirim, gagal with reason and penanggung jawab, dibatalkan) and their sync-log rows, so the
admin screen shows something before any real SIASN connection; and `data_fake`, the demo org
as FakeSiasn serves it (`manage.py fake_siasn`).

Idempotent: nothing is written when the instansi already has SIASN pushes."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.models import Pekerjaan
from kinerja.integrasi.models import Arah, LogSinkron, PenanggungJawab, Sistem, StatusSinkron
from kinerja.integrasi.siasn import services
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn, StatusKiriman
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi

PER_STATUS = 3


def _contoh(instansi_id: int, now: dt.datetime) -> list[KirimanSiasn]:
    evs = (
        Evaluasi.objects.filter(instansi_id=instansi_id, status__in=SUDAH_FINAL, sumber="")
        .select_related("periode", "pegawai__jabatan__jenjang")
        .order_by("-difinalkan_at", "-id")[: PER_STATUS * 5]
    )
    rows = []
    for ev in evs:
        row = services._baris_baru(ev, f"pns-{ev.pegawai.nip}", now, None)
        if row is not None:
            rows.append(row)
    return rows


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA) -> int:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or KirimanSiasn.objects.filter(instansi=instansi).exists():
        return 0
    now = timezone.now()
    rows = _contoh(instansi.pk, now)
    for i, row in enumerate(rows):
        kind = i % 4
        if kind == 0:  # waiting for the end of the keberatan window
            row.tidak_sebelum = row.berikutnya_at = now + dt.timedelta(days=7)
            row.pesan = "Menunggu masa keberatan berakhir."
        elif kind == 1:
            row.status = StatusKiriman.TERKIRIM
            row.percobaan = 1
            row.siasn_id = f"demo-{row.evaluasi_id}"
            row.terkirim_at = now - dt.timedelta(hours=i)
            row.dok_path = {"dok_id": "890", "dok_uri": f"peremajaan/dokumen/demo-{i}.pdf"}
            row.pesan = "Terkirim ke SIASN."
        elif kind == 2:
            row.status = StatusKiriman.GAGAL
            row.percobaan = 1
            row.kode_galat = "http_400"
            row.pesan = (
                "SIASN menolak permintaan (HTTP 400): pnsDinilaiOrang tidak ditemukan (data demo)."
            )
            row.penanggung_jawab = PenanggungJawab.ADMIN_INSTANSI
        else:
            row.percobaan = 2
            row.kode_galat = "http_503"
            row.berikutnya_at = now + dt.timedelta(minutes=5)
            row.pesan = (
                "Percobaan ke-2 gagal: SIASN menolak permintaan (HTTP 503). Akan dicoba lagi."
            )
            row.penanggung_jawab = PenanggungJawab.BKN
    KirimanSiasn.objects.bulk_create(rows)
    LogSinkron.objects.bulk_create(
        LogSinkron(
            instansi=instansi,
            sistem=Sistem.SIASN,
            arah=Arah.KIRIM,
            operasi=f"kirim_{r.jenis}",
            status=StatusSinkron.BERHASIL
            if r.status == StatusKiriman.TERKIRIM
            else StatusSinkron.GAGAL,
            mulai_at=now - dt.timedelta(minutes=n),
            selesai_at=now - dt.timedelta(minutes=n),
            jumlah=1 if r.status == StatusKiriman.TERKIRIM else 0,
            kode_galat=r.kode_galat,
            pesan=r.pesan,
            penanggung_jawab=r.penanggung_jawab,
            ref=f"evaluasi:{r.evaluasi_id} versi {r.versi}",
        )
        for n, r in enumerate(rows)
        if r.percobaan
    )
    audit.record(
        None,
        "siasn.demo_dibuat",
        None,
        instansi=instansi,
        after={"kiriman": len(rows)},
        object_type="siasn.KirimanSiasn",
        object_repr=f"{len(rows)} kiriman demo",
        reason="Data demo dari perintah seed_demo",
    )
    return len(rows)


def hapus(instansi_ids: list[int]) -> None:
    """Delete every SIASN row of these instansi (queue, identities, SIASN log, jobs)."""
    KirimanSiasn.objects.filter(instansi_id__in=instansi_ids).update(mengoreksi=None)
    for qs in (
        KirimanSiasn.objects.filter(instansi_id__in=instansi_ids),
        IdentitasSiasn.objects.filter(instansi_id__in=instansi_ids),
        LogSinkron.objects.filter(instansi_id__in=instansi_ids, sistem=Sistem.SIASN),
        Pekerjaan.objects.filter(instansi_id__in=instansi_ids, jenis__startswith="siasn."),
    ):
        qs._raw_delete(qs.db)


def data_fake(instansi_id: int, batas: int = 2000) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The instansi's units and (up to `batas`) pegawai in SIASN's shapes, for FakeSiasn."""
    unor = [
        {
            "Id": kode,
            "DiatasanId": induk_kode or "",
            "NamaUnor": nama,
            "NamaJabatan": jabatan or "",
        }
        for kode, induk_kode, nama, jabatan in UnitOrganisasi.objects.filter(
            instansi_id=instansi_id, aktif=True
        ).values_list("kode", "induk__kode", "nama", "jabatan_pimpinan__nama")
    ]
    pegawai: dict[str, Any] = {}
    rows = (
        Pegawai.objects.filter(instansi_id=instansi_id, aktif=True)
        .select_related("golongan", "jabatan__jenjang", "unor")
        .order_by("id")[:batas]
    )
    for p in rows:
        jabatan = p.jabatan
        jenis = {"JPT": "1", "Administrator": "1", "Pengawas": "1", "Fungsional": "2"}.get(
            jabatan.jenis if jabatan else "", "4"
        )
        eselon = {"JPT": "II.b", "Administrator": "III.a", "Pengawas": "IV.a"}.get(
            jabatan.jenis if jabatan else "", ""
        )
        pegawai[p.nip] = {
            "utama": {
                "id": f"pns-{p.nip}",
                "nipBaru": p.nip,
                "nama": p.nama,
                "gelarDepan": p.gelar_depan,
                "gelarBelakang": p.gelar_belakang,
                "statusPegawai": p.jenis_asn,
                "golRuangAkhir": p.golongan.kode if p.golongan else "",
                "jabatanNama": jabatan.nama if jabatan else "",
                "jenisJabatan": jenis,
                "eselon": eselon,
                "unorId": p.unor.kode if p.unor else "",
                "email": p.email,
            },
            "jabatan": [],
            "golongan": [{"golongan": p.golongan.kode, "tmtGolongan": "01-04-2020"}]
            if p.golongan
            else [],
        }
    return unor, pegawai
