"""The e-mail outbox (ADR 0008 "E-mail"): a notification queues one e-mail when its recipient
has an address and wants that kategori, in the event's transaction; the sender claims due
rows, retries refusals with back-off, and never resends a row whose sender died mid-send."""

import ast
import datetime as dt
import smtplib
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import notify, notify_many
from kinerja.notifikasi import jenis, surat, surat_tasks
from kinerja.notifikasi.models import PreferensiNotifikasi, StatusSurat, SuratKeluar
from tests.conftest import user_for

KINERJA = Path(__file__).resolve().parents[2] / "kinerja"
NOTIFY = {"notify", "notify_many", "notify_admin_instansi", "_notify_many", "Notifikasi"}


class GagalSekali(EmailBackend):
    """The relay refuses the first message (a 4xx, say), then accepts."""

    gagal = 1

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if GagalSekali.gagal:
            GagalSekali.gagal -= 1
            raise smtplib.SMTPServerDisconnected("relay sibuk")
        return super().send_messages(messages)


class SelaluGagal(EmailBackend):
    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPServerDisconnected("relay mati")


def _jenis_literals() -> set[tuple[str, str]]:
    """Every jenis="…" given to a notify function (or Notifikasi) in kinerja/."""
    found = set()
    for path in KINERJA.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in NOTIFY:
                continue
            for kw in node.keywords:
                if kw.arg == "jenis" and isinstance(kw.value, ast.Constant):
                    found.add((str(kw.value.value), f"{path.relative_to(KINERJA)}:{node.lineno}"))
    return found


def test_every_jenis_given_to_notify_is_in_the_table():
    literals = _jenis_literals()
    assert len({j for j, _ in literals}) >= 12  # the scan does find the call sites
    assert [(j, where) for j, where in literals if j not in jenis.JENIS] == []
    assert {k for k, _ in jenis.JENIS.values()} <= set(jenis.KATEGORI)


def test_kategori_of_groups_the_kinds():
    assert jenis.kategori_of("dialog") == "umpan_balik"
    assert jenis.kategori_of("aktivitas.dikembalikan") == "umpan_balik"
    assert jenis.kategori_of("pengingat.ringkasan") == "pengingat"
    assert jenis.kategori_of("tak.dikenal") == "lainnya"
    assert jenis.label_of("skp.tim") == "SKP"


@pytest.fixture
def staf(org, settings):
    settings.KINERJA_SITE_URL = "https://kinerja.contoh.go.id"
    return user_for(org.staf, email="staf@contoh.go.id")


def test_notify_queues_and_sends_one_email(org, staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify(
            org.staf,
            "SKP 2026 Anda disetujui",
            "Nilai > 100 & baik.",
            "/skp/7/",
            jenis="skp.disetujui",
        )
    assert row is not None
    s = SuratKeluar.objects.get()
    assert (s.notifikasi_id, s.instansi_id, s.kepada) == (row.pk, org.instansi.pk, staf.email)
    assert s.status == StatusSurat.TERKIRIM and s.terkirim_at is not None
    [m] = mail.outbox
    assert m.subject == "[e-Kinerja] SKP 2026 Anda disetujui"
    assert m.to == ["staf@contoh.go.id"]
    assert "Nilai > 100 & baik." in m.body  # plain text: not HTML-escaped
    assert "https://kinerja.contoh.go.id/skp/7/" in m.body
    assert (
        "Atur pemberitahuan e-mail: https://kinerja.contoh.go.id/notifikasi/preferensi/" in m.body
    )
    assert m.extra_headers["Message-ID"] == f"<surat-{s.pk}@kinerja.contoh.go.id>"


def test_notify_without_email_address_queues_nothing(org, django_capture_on_commit_callbacks):
    user_for(org.staf, email="  ")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(org.staf, "Judul", jenis="umum") is not None
    assert not SuratKeluar.objects.exists() and callbacks == [] and mail.outbox == []


def test_a_kategori_turned_off_keeps_the_in_app_notification_only(org, staf):
    PreferensiNotifikasi.objects.create(
        instansi=org.instansi, user=staf, email_mati=["umpan_balik", "keberatan"]
    )
    notify(org.staf, "Dialog kinerja", jenis="dialog")
    notify(org.staf, "SKP disetujui", jenis="skp.disetujui")
    assert Notifikasi.objects.filter(penerima=staf).count() == 2
    assert list(SuratKeluar.objects.values_list("subjek", flat=True)) == [
        "[e-Kinerja] SKP disetujui"
    ]


def test_a_rolled_back_event_leaves_no_email(org, staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(org.staf, "Akan dibatalkan", jenis="umum")
        assert SuratKeluar.objects.count() == 1
        transaction.set_rollback(True)
    assert not SuratKeluar.objects.exists() and not Notifikasi.objects.exists()
    assert mail.outbox == []


def test_notify_queries_pinned(org, staf, django_assert_num_queries):
    with django_assert_num_queries(3):  # the account, the Notifikasi, the SuratKeluar
        notify(org.staf, "Satu", jenis="umum")
    staf.email = ""
    staf.save()
    with django_assert_num_queries(2):  # no address: no outbox insert
        notify(org.staf, "Dua", jenis="umum")


def test_notify_many_renders_each_distinct_text_once(org, staf):
    user_for(org.kasi, email="kasi@contoh.go.id")
    user_for(org.staf_bidang, email="bidang@contoh.go.id")
    ids = [org.staf.pk, org.kasi.pk, org.staf_bidang.pk]
    with mock.patch.object(surat, "render_to_string", wraps=surat.render_to_string) as render:
        rows = notify_many(org.instansi.pk, ids, "Briefing", "Besok.", "/b/", jenis="briefing")
    assert len(rows) == 3 and SuratKeluar.objects.count() == 3
    assert render.call_count == 1


def test_a_thousand_notifications_with_one_text_render_once(org, staf, django_assert_num_queries):
    rows = Notifikasi.objects.bulk_create(
        Notifikasi(instansi=org.instansi, penerima=staf, judul="Pengingat", url="/r/")
        for _ in range(1000)
    )
    penerima = {staf.pk: {"id": staf.pk, "email": staf.email, "preferensi__email_mati": None}}
    with mock.patch.object(surat, "render_to_string", wraps=surat.render_to_string) as render:
        assert surat.antrekan(rows, penerima) == 1000
    assert render.call_count == 1
    assert SuratKeluar.objects.filter(isi__contains="/r/").count() == 1000


def test_enqueues_one_task_per_500_emails(org, staf, django_capture_on_commit_callbacks):
    rows = Notifikasi.objects.bulk_create(
        Notifikasi(instansi=org.instansi, penerima=staf, judul="X") for _ in range(501)
    )
    penerima = {staf.pk: {"id": staf.pk, "email": staf.email, "preferensi__email_mati": []}}
    with (
        mock.patch.object(surat_tasks, "kirim_surat_partai") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        surat.antrekan(rows, penerima)
        assert task.enqueue.call_count == 0  # not before the commit
    assert task.enqueue.call_count == 2


def test_a_temporary_failure_is_retried_after_back_off(
    org, staf, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifikasi.test_surat.GagalSekali"
    GagalSekali.gagal = 1
    with django_capture_on_commit_callbacks(execute=True):
        notify(org.staf, "Coba lagi", jenis="umum")
    s = SuratKeluar.objects.get()
    assert (s.status, s.percobaan, mail.outbox) == (StatusSurat.MENUNGGU, 1, [])
    assert "relay sibuk" in s.galat
    assert s.berikutnya_at > timezone.now() + dt.timedelta(seconds=50)
    assert surat.kirim_partai(now=timezone.now()) == 0  # not due yet
    assert surat.kirim_partai(now=s.berikutnya_at) == 1
    s.refresh_from_db()
    assert s.status == StatusSurat.TERKIRIM and len(mail.outbox) == 1


def test_back_off_then_gagal(org, staf, settings):
    settings.EMAIL_BACKEND = "tests.notifikasi.test_surat.SelaluGagal"
    notify(org.staf, "Tak sampai", jenis="umum")
    s = SuratKeluar.objects.get()
    jeda = []
    for _ in range(5):
        mulai = s.berikutnya_at
        assert surat.kirim_partai(now=mulai) == 1
        s.refresh_from_db()
        jeda.append(round((s.berikutnya_at - mulai).total_seconds() / 60))
    assert jeda[:4] == [1, 5, 30, 120]
    assert (s.status, s.percobaan) == (StatusSurat.GAGAL, 5)
    assert surat.kirim_partai(now=s.berikutnya_at + dt.timedelta(days=1)) == 0


def test_an_expired_lease_is_ragu_and_never_resent(org, staf):
    notify(org.staf, "Pengirim mati", jenis="umum")
    now = timezone.now()
    [s] = surat.klaim(now, 10)  # a sender claims it, then dies before writing the outcome
    assert surat.kirim_partai(now=now + dt.timedelta(minutes=1)) == 0  # lease still held
    assert surat.kirim_partai(now=now + dt.timedelta(minutes=6)) == 0
    s.refresh_from_db()
    assert s.status == StatusSurat.RAGU and mail.outbox == []
    assert surat_tasks.sapu_surat.call_local() == 0  # a second sweep sends nothing
    assert surat.kirim_partai(now=now + dt.timedelta(hours=3)) == 0
    assert mail.outbox == [] and SuratKeluar.objects.get().status == StatusSurat.RAGU


def test_throttle_per_minute(org, staf, settings):
    settings.KINERJA_EMAIL_PER_MENIT = 2
    for i in range(3):
        notify(org.staf, f"Surat {i}", jenis="umum")
    now = timezone.now()
    assert surat.kirim_partai(now=now) == 2
    assert surat.kirim_partai(now=now + dt.timedelta(seconds=30)) == 0  # quota used
    assert surat.kirim_partai(now=now + dt.timedelta(seconds=61)) == 1
    assert len(mail.outbox) == 3


def test_the_minute_sweep_sends_leftovers(org, staf, django_capture_on_commit_callbacks):
    notify(org.staf, "Tertinggal", jenis="umum")  # its task was never enqueued (no commit)
    with django_capture_on_commit_callbacks(execute=True):
        assert surat_tasks.sapu_surat.call_local() == 1
    assert [m.subject for m in mail.outbox] == ["[e-Kinerja] Tertinggal"]
    assert SuratKeluar.objects.get().status == StatusSurat.TERKIRIM


def test_two_claims_never_share_a_row(org, staf):
    for i in range(3):
        notify(org.staf, f"Surat {i}", jenis="umum")
    now = timezone.now()
    first, second = surat.klaim(now, 2), surat.klaim(now, 2)
    assert len(first) == 2 and len(second) == 1
    assert not {s.pk for s in first} & {s.pk for s in second}
    assert surat.klaim(now, 2) == []
    assert set(SuratKeluar.objects.values_list("status", flat=True)) == {StatusSurat.MENGIRIM}


def test_the_tasks_are_declared_for_the_worker():
    assert surat_tasks.kirim_surat_partai.priority == 10
    tick = surat_tasks.sapu_surat.s()  # a PeriodicTask: due every minute
    assert tick.validate_datetime(dt.datetime(2026, 4, 23, 7, 13))
