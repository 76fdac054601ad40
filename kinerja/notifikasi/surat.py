"""E-mail outbox (ADR 0008 "E-mail").

`antrekan` adds a SuratKeluar row for each new notification whose recipient has an e-mail
address and has not turned its kategori off, in the caller's transaction (an e-mail is never
lost, nor sent for a rolled-back event), and on commit enqueues the sending tasks.

`kirim_partai` claims due rows (as the SIASN sweep does: locked with SKIP LOCKED on
PostgreSQL, SQLite's IMMEDIATE transaction, then an UPDATE to `mengirim` with a 5-minute
lease), sends them over one connection and writes each outcome. A failure goes back with
back-off 1, 5, 30, 120 min, then `gagal`. A row still `mengirim` after its lease is `ragu`
and never sent again: SMTP has no idempotency key; the stable Message-ID lets relays and mail
clients drop the rare duplicate instead."""

import datetime as dt
import logging
import math
import smtplib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kinerja.core import bulk
from kinerja.core.links import site_url
from kinerja.core.models import Notifikasi
from kinerja.notifikasi.jenis import kategori_of
from kinerja.notifikasi.models import StatusSurat, SuratKeluar

logger = logging.getLogger(__name__)

BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
SEWA = dt.timedelta(minutes=5)
# Stop starting sends this long before the lease ends: a send still running at its end would
# turn the row `ragu`.
SISA_SEWA_MINIMUM = dt.timedelta(seconds=60)
PARTAI = 200  # rows one claim takes
PER_TUGAS = 500  # rows one kirim_surat_partai task sends (in claims of PARTAI)
MENIT = dt.timedelta(minutes=1)


def antrekan(rows: Sequence[Notifikasi], penerima: Mapping[int, Mapping[str, Any]]) -> int:
    """Queue the e-mails of these new notifications, in the caller's transaction. `penerima`
    maps each user id to its values `id`, `email`, `preferensi__email_mati` (None: no
    preference row, everything on). Returns how many e-mails were queued."""
    now = timezone.now()
    teks: dict[tuple[str, str, str], str] = {}  # one render per distinct text, not per row
    surat: list[dict[str, Any]] = []
    for n in rows:
        p = penerima.get(n.penerima_id)
        if not p or not (p["email"] or "").strip():
            continue
        if kategori_of(n.jenis) in (p["preferensi__email_mati"] or ()):
            continue
        kunci = (n.judul, n.pesan, n.url)
        if kunci not in teks:
            teks[kunci] = _isi(n)
        surat.append(
            {
                "instansi_id": n.instansi_id,
                "notifikasi_id": n.pk,
                "kepada": p["email"].strip(),
                "subjek": subjek(n.judul),
                "isi": teks[kunci],
                "berikutnya_at": now,
                "created_at": now,
            }
        )
    if not surat:
        return 0
    bulk.insert_rows(SuratKeluar, surat)  # a reminder round queues 100,000 of them
    # robust: the event has committed; a broker outage must not turn it into an error page.
    # The minute sweep (surat_tasks.sapu_surat) sends what no task was enqueued for.
    transaction.on_commit(lambda: enqueue_kirim(len(surat)), robust=True)
    return len(surat)


def subjek(judul: str) -> str:
    return f"[e-Kinerja] {' '.join(judul.split())}"[:250]  # no newline may reach a header


def _isi(n: Notifikasi) -> str:
    site = site_url()
    with translation.override("id"):
        return (
            render_to_string(
                "notifikasi/email.txt",
                {
                    "judul": n.judul,
                    "pesan": n.pesan,
                    "tautan": site + n.url if n.url.startswith("/") else n.url,
                    "preferensi": site + reverse("notifikasi:preferensi"),
                },
            ).strip()
            + "\n"
        )


def enqueue_kirim(jumlah: int) -> int:
    """Enqueue enough sending tasks for `jumlah` rows; returns how many."""
    from kinerja.notifikasi.surat_tasks import kirim_surat_partai

    tugas = math.ceil(jumlah / PER_TUGAS)
    for _ in range(tugas):
        kirim_surat_partai.enqueue()
    return tugas


def tandai_ragu(now: dt.datetime) -> int:
    """Rows still `mengirim` after their lease: the sender died mid-send. Never resent."""
    return SuratKeluar.objects.filter(status=StatusSurat.MENGIRIM, sewa_sampai__lt=now).update(
        status=StatusSurat.RAGU,
        galat="Pengirim terhenti saat mengirim; surat mungkin sudah terkirim, tidak dikirim ulang.",
    )


def kuota(now: dt.datetime) -> int:
    """How many more may be sent this minute (KINERJA_EMAIL_PER_MENIT). A claim sets
    berikutnya_at to the claim time, so the rows claimed in the last minute, sent or still
    being sent, are a range of the (status, berikutnya_at) index."""
    per_menit: int = settings.KINERJA_EMAIL_PER_MENIT
    baru = SuratKeluar.objects.filter(
        status__in=[StatusSurat.MENGIRIM, StatusSurat.TERKIRIM], berikutnya_at__gt=now - MENIT
    )
    return max(0, per_menit - baru.values("pk")[:per_menit].count())


@transaction.atomic
def klaim(now: dt.datetime, n: int) -> list[SuratKeluar]:
    """Take up to n due rows of every instansi, each with a lease until now + SEWA."""
    # Locked until the commit: a concurrent claim skips them (PostgreSQL) or waits for the
    # commit (SQLite's IMMEDIATE transaction) and then finds them taken.
    rows = list(
        SuratKeluar.objects.filter(status=StatusSurat.MENUNGGU, berikutnya_at__lte=now)
        .order_by("berikutnya_at", "id")
        .select_for_update(skip_locked=True)[:n]
    )
    if rows:
        SuratKeluar.objects.filter(pk__in=[r.pk for r in rows], status=StatusSurat.MENUNGGU).update(
            status=StatusSurat.MENGIRIM, sewa_sampai=now + SEWA, berikutnya_at=now
        )
    for row in rows:
        row.status, row.sewa_sampai, row.berikutnya_at = StatusSurat.MENGIRIM, now + SEWA, now
    return rows


def kirim_partai(n: int = PARTAI, now: dt.datetime | None = None) -> int:
    """Send up to n due e-mails (fewer under the per-minute throttle); returns how many were
    claimed. `now` is for tests; real time moves on from it for the lease check."""
    now = now or timezone.now()
    mulai = timezone.now()
    tandai_ragu(now)
    rows = klaim(now, min(n, kuota(now)))
    if not rows:
        return 0
    host = urlsplit(settings.KINERJA_SITE_URL).hostname or "localhost"
    sisa = list(rows)
    conn = get_connection()
    try:
        conn.open()
        while sisa and timezone.now() - mulai < SEWA - SISA_SEWA_MINIMUM:
            row = sisa.pop(0)
            try:
                EmailMessage(
                    row.subjek,
                    row.isi,
                    settings.DEFAULT_FROM_EMAIL,
                    [row.kepada],
                    connection=conn,
                    headers={"Message-ID": f"<surat-{row.pk}@{host}>"},
                ).send()
            except Exception as exc:  # noqa: BLE001 - every refusal is recorded on its row
                _gagal(row, exc, now)
            else:
                _terkirim(row)
    except Exception as exc:  # noqa: BLE001 - no connection: every row goes back
        for row in sisa:
            _gagal(row, exc, now)
        sisa = []
    finally:
        try:
            conn.close()
        except Exception:
            logger.exception("Menutup koneksi e-mail gagal")
    _kembalikan(sisa)
    return len(rows)


def _milik(row: SuratKeluar) -> Any:
    """The row while this sender still holds it (its lease not taken over)."""
    return SuratKeluar.objects.filter(
        pk=row.pk, status=StatusSurat.MENGIRIM, sewa_sampai=row.sewa_sampai
    )


def _terkirim(row: SuratKeluar) -> None:
    # Also from ragu: it was sent, whatever a sweep concluded meanwhile.
    SuratKeluar.objects.filter(
        pk=row.pk, status__in=[StatusSurat.MENGIRIM, StatusSurat.RAGU]
    ).update(status=StatusSurat.TERKIRIM, terkirim_at=timezone.now(), galat="")


def _gagal(row: SuratKeluar, exc: Exception, now: dt.datetime) -> None:
    percobaan = row.percobaan + 1
    galat = f"{type(exc).__name__}: {exc}"[:2000]
    if percobaan > len(BACKOFF) or _permanen(exc):
        _milik(row).update(status=StatusSurat.GAGAL, percobaan=percobaan, galat=galat)
        return
    _milik(row).update(
        status=StatusSurat.MENUNGGU,
        percobaan=percobaan,
        berikutnya_at=now + BACKOFF[percobaan - 1],
        sewa_sampai=None,
        galat=galat,
    )


def _permanen(exc: Exception) -> bool:
    """The relay refused every recipient with a 5xx code: retrying cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return False


def _kembalikan(rows: list[SuratKeluar]) -> None:
    """Rows claimed but not attempted (the lease ran short): due again, no attempt counted."""
    if rows:
        SuratKeluar.objects.filter(pk__in=[r.pk for r in rows], status=StatusSurat.MENGIRIM).update(
            status=StatusSurat.MENUNGGU, sewa_sampai=None
        )


def jatuh_tempo(now: dt.datetime, batas: int) -> int:
    """Due rows (at most `batas` counted), for the minute sweep."""
    return (
        SuratKeluar.objects.filter(status=StatusSurat.MENUNGGU, berikutnya_at__lte=now)
        .values("pk")[:batas]
        .count()
    )
