"""The SIASN push queue: what to send and when (ADR 0007 "Push queue").

One `KirimanSiasn` per (evaluasi, versi, jenis), ever: queueing is get_or_create, so a
repeated event, a backfill or a resend click cannot add a row. Finalised results wait for
the end of the keberatan window; a keberatan decided Tetap makes them due at once; Diubah
(versi + 1) cancels the old version's row if it was never sent, otherwise the new version
corrects the sent record. Results imported from another system (`Evaluasi.sumber`) are not
sent: their source reports them."""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.integrasi.siasn import kode, payload
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn, StatusKiriman
from kinerja.org.models import Instansi
from kinerja.penilaian import services as penilaian
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi, StatusEvaluasi

logger = logging.getLogger(__name__)

DALAM_KEBERATAN = (StatusEvaluasi.KEBERATAN, StatusEvaluasi.DIPERIKSA)
BELUM_TERKIRIM = (StatusKiriman.MENUNGGU, StatusKiriman.GAGAL)
_BATCH = 1000


def akhir_jendela(batas: dt.date | None, zona: str, now: dt.datetime) -> dt.datetime:
    """The first moment after the keberatan window (the day after `batas`, 00.00 local)."""
    if batas is None:
        return now
    return dt.datetime.combine(batas + dt.timedelta(days=1), dt.time(0), tzinfo=ZoneInfo(zona))


def _evaluasi(instansi_id: int, pk: int) -> Evaluasi | None:
    return (
        Evaluasi.objects.select_related("periode", "pegawai__jabatan__jenjang")
        .filter(instansi_id=instansi_id, pk=pk)
        .first()
    )


def hasil_dari(ev: Evaluasi, pns_id: str = "") -> payload.Hasil:
    jabatan = ev.pegawai.jabatan if ev.pegawai.jabatan_id else None
    jenjang = jabatan.jenjang if jabatan is not None and jabatan.jenjang_id else None
    nama_jenjang = jenjang.nama if jenjang is not None else None
    return payload.Hasil(
        jenis_periode=ev.periode.jenis,
        tahun=ev.periode.tahun,
        mulai=ev.periode.mulai,
        selesai=ev.periode.selesai,
        rating_hasil_kerja=ev.rating_hasil_kerja,
        rating_perilaku=ev.rating_perilaku,
        predikat=ev.predikat,
        penilai=dict(ev.snapshot.get("penilai") or {}),
        jenjang=nama_jenjang,
        pns_id=pns_id,
    )


def _baris_baru(
    ev: Evaluasi, pns_id: str, tidak_sebelum: dt.datetime, aktor: Any
) -> KirimanSiasn | None:
    """An unsaved row for the evaluation's current version; None if it is not sent."""
    if ev.sumber or not payload.bisa_dikirim(ev.periode.jenis):
        return None
    try:
        jenis, data = payload.buat(hasil_dari(ev, pns_id))
    except kode.KodeTidakDikenal as exc:
        logger.warning("Evaluasi %s tidak dapat dikirim ke SIASN: %s", ev.pk, exc)
        return None
    pegawai = ev.snapshot.get("pegawai") or {}
    return KirimanSiasn(
        instansi_id=ev.instansi_id,
        evaluasi_id=ev.pk,
        versi=ev.versi,
        jenis=jenis,
        status=StatusKiriman.MENUNGGU,
        tidak_sebelum=tidak_sebelum,
        berikutnya_at=tidak_sebelum,
        nip=str(pegawai.get("nip") or ev.pegawai.nip)[:18],
        nama=str(pegawai.get("nama") or ev.pegawai.nama)[:255],
        judul=str(ev.periode)[:100],
        payload=data,
        aktor=aktor if getattr(aktor, "pk", None) else None,
    )


def _pns_id(instansi_id: int, pegawai_id: int) -> str:
    return (
        IdentitasSiasn.objects.filter(instansi_id=instansi_id, pegawai_id=pegawai_id)
        .values_list("pns_id", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def antrekan(
    ev: Evaluasi,
    aktor: Any,
    *,
    tidak_sebelum: dt.datetime,
    mengoreksi: KirimanSiasn | None = None,
) -> KirimanSiasn | None:
    """The row of the evaluation's current version (created if new; an existing one is
    returned as it is)."""
    baru = _baris_baru(ev, _pns_id(ev.instansi_id, ev.pegawai_id), tidak_sebelum, aktor)
    if baru is None:
        return None
    baru.mengoreksi = mengoreksi
    ada = KirimanSiasn.objects.filter(
        instansi_id=ev.instansi_id, evaluasi_id=ev.pk, versi=ev.versi, jenis=baru.jenis
    ).first()
    if ada is not None:
        return ada
    try:
        with transaction.atomic():
            baru.save()
    except IntegrityError:  # a concurrent event queued it first
        return KirimanSiasn.objects.get(
            instansi_id=ev.instansi_id, evaluasi_id=ev.pk, versi=ev.versi, jenis=baru.jenis
        )
    audit.record(
        aktor,
        "siasn.diantrekan",
        baru,
        after={
            "evaluasi": ev.pk,
            "versi": ev.versi,
            "jenis": baru.jenis,
            "tidak_sebelum": baru.tidak_sebelum.isoformat(),
            "mengoreksi": mengoreksi.pk if mengoreksi else None,
        },
    )
    return baru


# --- Reactions to evaluasi_final (receivers.py calls these after the commit) ----------------


def setelah_difinalkan(instansi_id: int, evaluasi_id: int, aktor: Any) -> KirimanSiasn | None:
    ev = _evaluasi(instansi_id, evaluasi_id)
    if ev is None or ev.sumber or ev.status not in SUDAH_FINAL:
        return None
    jendela = penilaian.jendela_of(instansi_id)
    now = timezone.now()
    return antrekan(ev, aktor, tidak_sebelum=akhir_jendela(jendela.batas(ev), jendela.zona, now))


@transaction.atomic
def setelah_keberatan(instansi_id: int, evaluasi_id: int, aktor: Any) -> KirimanSiasn | None:
    """Tetap: the queued row is due now. Diubah: the old version's unsent row is cancelled
    (or kept to be settled by the worker when its outcome is unknown) and the new version is
    queued, due now, correcting the old one when that was (or may have been) sent."""
    ev = _evaluasi(instansi_id, evaluasi_id)
    if ev is None or ev.sumber:
        return None
    now = timezone.now()
    if ev.status == StatusEvaluasi.TETAP:
        row = antrekan(ev, aktor, tidak_sebelum=now)
        if row is not None and row.status == StatusKiriman.MENUNGGU:
            KirimanSiasn.objects.filter(instansi_id=instansi_id, pk=row.pk).update(
                tidak_sebelum=now, berikutnya_at=now, updated_at=now
            )
            row.refresh_from_db()
        return row
    if ev.status != StatusEvaluasi.DIUBAH:
        return None
    lama_rows = list(
        KirimanSiasn.objects.select_for_update()
        .filter(instansi_id=instansi_id, evaluasi_id=ev.pk, versi__lt=ev.versi)
        .exclude(status=StatusKiriman.DIBATALKAN)
        .order_by("-versi")
    )
    dikoreksi = None
    for lama in lama_rows:
        if lama.status in BELUM_TERKIRIM and not lama.ragu and not lama.siasn_id:
            before = {"status": lama.status}
            KirimanSiasn.objects.filter(pk=lama.pk).update(
                status=StatusKiriman.DIBATALKAN,
                pesan=f"Dibatalkan: keberatan mengubah hasil menjadi versi {ev.versi}.",
                kode_galat="",
                penanggung_jawab="",
                updated_at=now,
            )
            audit.record(
                aktor,
                "siasn.dibatalkan",
                lama,
                before=before,
                after={"status": StatusKiriman.DIBATALKAN, "versi_baru": ev.versi},
            )
            continue
        if dikoreksi is None:
            dikoreksi = lama
        if lama.status in BELUM_TERKIRIM:
            # Maybe sent (unknown outcome): the worker settles it first, by reading back.
            KirimanSiasn.objects.filter(pk=lama.pk).update(
                status=StatusKiriman.MENUNGGU, berikutnya_at=now, updated_at=now
            )
    return antrekan(ev, aktor, tidak_sebelum=now, mengoreksi=dikoreksi)


# --- Backfill (bulk seeds, results finalised before SIASN was configured) --------------------


def antrekan_instansi(instansi_id: int, aktor: Any = None) -> int:
    """Queue every final result of the instansi that has no row for its current version.
    Bulk: a few queries per 1,000 results. Returns the number queued."""
    jendela = penilaian.jendela_of(instansi_id)
    now = timezone.now()
    pns = dict(
        IdentitasSiasn.objects.filter(instansi_id=instansi_id).values_list("pegawai_id", "pns_id")
    )
    qs = (
        Evaluasi.objects.filter(instansi_id=instansi_id, status__in=SUDAH_FINAL, sumber="")
        .exclude(status__in=DALAM_KEBERATAN)
        .select_related("periode", "pegawai__jabatan__jenjang")
        .order_by("pk")
    )
    total = 0
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:_BATCH])
        if not chunk:
            break
        last = chunk[-1].pk
        total += _antrekan_banyak(instansi_id, chunk, pns, jendela, now, aktor)
    if total:
        audit.record(
            aktor,
            "siasn.diantrekan_massal",
            None,
            instansi=Instansi(pk=instansi_id),
            after={"jumlah": total},
            object_type="siasn.KirimanSiasn",
            object_repr=f"{total} hasil penilaian",
        )
    return total


def _antrekan_banyak(
    instansi_id: int,
    evs: Iterable[Evaluasi],
    pns: dict[int, str],
    jendela: penilaian.Jendela,
    now: dt.datetime,
    aktor: Any,
) -> int:
    rows = []
    for ev in evs:
        if ev.status == StatusEvaluasi.FINAL:
            mulai = max(now, akhir_jendela(jendela.batas(ev), jendela.zona, now))
        else:
            mulai = now
        row = _baris_baru(ev, pns.get(ev.pegawai_id, ""), mulai, aktor)
        if row is not None:
            rows.append(row)
    if not rows:
        return 0
    ada = set(
        KirimanSiasn.objects.filter(
            instansi_id=instansi_id, evaluasi_id__in=[r.evaluasi_id for r in rows]
        ).values_list("evaluasi_id", "versi", "jenis")
    )
    baru = [r for r in rows if (r.evaluasi_id, r.versi, r.jenis) not in ada]
    KirimanSiasn.objects.bulk_create(baru, batch_size=500, ignore_conflicts=True)
    return len(baru)


# --- Admin actions ------------------------------------------------------------------------


@transaction.atomic
def kirim_ulang(aktor: Any, row: KirimanSiasn, now: dt.datetime | None = None) -> KirimanSiasn:
    """Re-arm the same row (never a new one): due now, attempts counted afresh."""
    require_admin_instansi(aktor, row.instansi_id)
    now = now or timezone.now()
    row = KirimanSiasn.objects.select_for_update().get(instansi_id=row.instansi_id, pk=row.pk)
    if row.status == StatusKiriman.TERKIRIM:
        raise DomainError("Hasil ini sudah terkirim ke SIASN; tidak perlu dikirim ulang.")
    if row.status == StatusKiriman.DIBATALKAN:
        raise DomainError(
            "Kiriman ini dibatalkan karena hasilnya berubah; versi terbaru dikirim tersendiri."
        )
    if row.status == StatusKiriman.MENGIRIM:
        raise DomainError("Kiriman ini sedang diproses; tunggu beberapa menit.")
    before = audit.snapshot(row, ["status", "percobaan", "berikutnya_at", "kode_galat"])
    row.status = StatusKiriman.MENUNGGU
    row.percobaan = 0
    # Never before the end of the keberatan window: a resend does not skip it.
    row.berikutnya_at = max(now, row.tidak_sebelum)
    row.aktor = aktor
    row.save(update_fields=["status", "percobaan", "berikutnya_at", "aktor", "updated_at"])
    audit.record(
        aktor,
        "siasn.kirim_ulang",
        row,
        before=before,
        after=audit.snapshot(row, ["status", "percobaan", "berikutnya_at", "kode_galat"]),
    )
    return row


@transaction.atomic
def simpan_identitas(instansi_id: int, pns: dict[int, str], now: dt.datetime | None = None) -> int:
    """Store SIASN person ids {pegawai_id: pns_id} from a data-utama pull; queued payloads
    that lacked the id get it. Returns the number of changed identities."""
    now = now or timezone.now()
    ada = dict(
        IdentitasSiasn.objects.filter(
            instansi_id=instansi_id, pegawai_id__in=list(pns)
        ).values_list("pegawai_id", "pns_id")
    )
    baru = [
        IdentitasSiasn(instansi_id=instansi_id, pegawai_id=p, pns_id=i, diambil_at=now)
        for p, i in pns.items()
        if i and p not in ada
    ]
    IdentitasSiasn.objects.bulk_create(baru, batch_size=500, ignore_conflicts=True)
    berubah = 0
    for pegawai_id, pns_id in pns.items():
        if pns_id and pegawai_id in ada and ada[pegawai_id] != pns_id:
            IdentitasSiasn.objects.filter(instansi_id=instansi_id, pegawai_id=pegawai_id).update(
                pns_id=pns_id, diambil_at=now
            )
            berubah += 1
    return len(baru) + berubah
