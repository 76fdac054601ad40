"""At most one reminder per key, whatever happens (ADR 0008, "Idempotency"): the planner run
twice, a crash in the middle of a round and its rerun, a round enqueued twice, an expired
lease, two planners at once (threads with their own connections)."""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, connections
from django.db.models import Count
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.notifikasi import pengingat, tasks
from kinerja.notifikasi.models import PengingatTerkirim, PutaranPengingat, SuratKeluar
from kinerja.pelaksanaan.periode import periode_pada
from tests.notifikasi.test_pengingat_sasaran import TAHUN, WIB, bangun, lokal

NOW = lokal(WIB, TAHUN, 4, 27, 7, 30)
KUNCI = ("periode", "untuk", "batas", "hari_sebelum", "jenis", "pegawai")


def _dunia():
    cache.clear()
    w = bangun("I", WIB)
    for user in User.objects.filter(instansi=w.org.instansi):
        user.email = f"u{user.pk}@contoh.go.id"
        user.save(update_fields=["email"])
    return w


def jejak(w) -> tuple[int, int, int, int]:
    """(PengingatTerkirim, Notifikasi, SuratKeluar, audit events of rounds) of the instansi."""
    i = w.org.instansi
    return (
        PengingatTerkirim.objects.filter(instansi=i).count(),
        Notifikasi.objects.filter(instansi=i).count(),
        SuratKeluar.objects.filter(instansi=i).count(),
        AuditEvent.objects.filter(instansi=i, action="pengingat.dikirim").count(),
    )


def assert_one_per_key(w) -> None:
    i = w.org.instansi
    dup = (
        PengingatTerkirim.objects.filter(instansi=i)
        .values(*KUNCI)
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not dup.exists()
    per_user = Counter(Notifikasi.objects.filter(instansi=i).values_list("penerima_id", "jenis"))
    assert per_user and max(per_user.values()) == 1
    assert (
        SuratKeluar.objects.filter(instansi=i).count()
        == Notifikasi.objects.filter(instansi=i).count()
    )


# Expected in this world at NOW: A and C (pengisian), the kasi (penilaian), the kasi and the
# kabid (digests): 5 keys, 5 notifications, 5 e-mails, 2 rounds.
EXPECTED = (5, 5, 5, 2)


@pytest.mark.django_db
def test_planner_twice_gives_the_same_rows(django_capture_on_commit_callbacks):
    w = _dunia()
    first = pengingat.rencanakan(w.org.instansi.pk, NOW)
    assert len(first) == 2 and jejak(w) == EXPECTED
    rows = set(PengingatTerkirim.objects.values_list("pk", "token"))
    assert pengingat.rencanakan(w.org.instansi.pk, NOW) == []
    # Every hourly tick until the next bucket: nothing more.
    for hours in (1, 24, 47):
        assert pengingat.rencanakan(w.org.instansi.pk, NOW + dt.timedelta(hours=hours)) == []
    assert jejak(w) == EXPECTED
    assert set(PengingatTerkirim.objects.values_list("pk", "token")) == rows
    # Even a round forgotten as waiting (status lost) finds its keys and sends nothing.
    PutaranPengingat.objects.update(status="menunggu")
    again = pengingat.rencanakan(w.org.instansi.pk, NOW)
    assert len(again) == 2
    assert jejak(w)[:3] == EXPECTED[:3]  # the keys held: no new reminder
    assert sorted((r.jumlah_pegawai, r.jumlah_penilai) for r in again) == [(0, 1), (2, 0)]
    assert_one_per_key(w)


@pytest.mark.django_db
def test_crash_in_chunk_two_then_rerun(monkeypatch):
    w = _dunia()
    monkeypatch.setattr(pengingat, "CHUNK", 1)
    real = pengingat._kirim_potongan
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("pekerja mati di tengah putaran")
        return real(*args, **kwargs)

    monkeypatch.setattr(pengingat, "_kirim_potongan", flaky)
    with pytest.raises(RuntimeError):
        pengingat.rencanakan(w.org.instansi.pk, NOW)
    # Chunk 1 committed (one pegawai), chunk 2 rolled back, the round is free again.
    assert jejak(w)[:3] == (1, 1, 1)
    putaran = PutaranPengingat.objects.get(instansi=w.org.instansi, untuk="pengisian")
    assert (putaran.status, putaran.jumlah_pegawai) == ("menunggu", 1)
    done = pengingat.rencanakan(w.org.instansi.pk, NOW)
    assert {r.untuk for r in done} == {"pengisian", "penilaian"}
    assert jejak(w) == EXPECTED
    putaran.refresh_from_db()
    assert (putaran.status, putaran.jumlah_pegawai, putaran.jumlah_ringkasan) == ("selesai", 2, 2)
    assert putaran.jumlah_email == 4
    assert_one_per_key(w)


@pytest.mark.django_db
def test_killed_planner_lease_expires():
    w = _dunia()
    putaran = PutaranPengingat.objects.create(
        instansi=w.org.instansi,
        periode=periode_pada(w.org.instansi.pk, dt.date(TAHUN, 2, 1)),
        untuk="pengisian",
        batas=dt.date(TAHUN, 4, 30),
        hari_sebelum=3,
        status="berjalan",
        sewa_sampai=timezone.now() + dt.timedelta(minutes=5),
    )
    assert putaran.periode.nomor == 1 and putaran.periode.jenis == "Triwulanan"
    done = pengingat.rencanakan(w.org.instansi.pk, NOW)
    assert [r.untuk for r in done] == ["penilaian"]  # the leased round is someone else's
    PutaranPengingat.objects.filter(pk=putaran.pk).update(
        sewa_sampai=timezone.now() - dt.timedelta(seconds=1)
    )
    assert [r.untuk for r in pengingat.rencanakan(w.org.instansi.pk, NOW)] == ["pengisian"]
    assert jejak(w) == EXPECTED


@pytest.mark.django_db
def test_round_enqueued_twice_gives_one_set(django_capture_on_commit_callbacks, monkeypatch):
    w = _dunia()
    monkeypatch.setattr(tasks, "sekarang", lambda: NOW)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.rencanakan_instansi.enqueue(w.org.instansi.pk)
        tasks.rencanakan_instansi.enqueue(w.org.instansi.pk)
    assert jejak(w) == EXPECTED
    # The hourly tick enqueues one per active instansi (and none for an inactive one).
    with django_capture_on_commit_callbacks(execute=True):
        tasks.tik_pengingat.call_local()
    assert jejak(w) == EXPECTED
    assert_one_per_key(w)


def _bersamaan(target, n: int = 2) -> list[BaseException]:
    """Run `target` in n threads at once. The SQLite test database is shared-cache in-memory,
    whose table locks fail at once instead of waiting like a database file's busy timeout:
    there a locked planner is simply run again, as the next tick would (its chunk rolled back,
    its round released). PostgreSQL waits on the row and unique-index locks instead."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(50):
                try:
                    target()
                    return
                except OperationalError as exc:
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.02)
            raise AssertionError("still locked after 50 attempts")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _tik_sesudah_sewa(w) -> None:
    """SQLite: a planner whose release of its round was itself refused by a table lock left
    the round leased; the tick after the lease finishes it (sending only what is missing)."""
    PutaranPengingat.objects.filter(instansi=w.org.instansi, status="berjalan").update(
        sewa_sampai=timezone.now() - dt.timedelta(seconds=1)
    )
    pengingat.rencanakan(w.org.instansi.pk, NOW)
    assert not PutaranPengingat.objects.exclude(status="selesai").exists()


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_send_once():
    w = _dunia()
    done: list[PutaranPengingat] = []
    errors = _bersamaan(lambda: done.extend(pengingat.rencanakan(w.org.instansi.pk, NOW)))
    assert errors == []
    if connection.vendor == "postgresql":
        assert sorted(r.untuk for r in done) == ["pengisian", "penilaian"]  # each round once
        assert jejak(w) == EXPECTED
    else:
        _tik_sesudah_sewa(w)
    assert jejak(w)[:3] == EXPECTED[:3]
    assert_one_per_key(w)


@pytest.mark.django_db(transaction=True)
def test_two_planners_past_the_claim_still_send_once(monkeypatch):
    """Even if both planners got past the round's claim (a lease expired under a slow one),
    the unique key lets each reminder through once."""
    w = _dunia()
    real = pengingat._klaim

    def always(k, periode, untuk, batas, n):
        real(k, periode, untuk, batas, n)
        return PutaranPengingat.objects.get(
            instansi_id=k.instansi_id, periode=periode, untuk=untuk, batas=batas, hari_sebelum=n
        )

    monkeypatch.setattr(pengingat, "_klaim", always)
    monkeypatch.setattr(pengingat, "CHUNK", 1)
    errors = _bersamaan(lambda: pengingat.rencanakan(w.org.instansi.pk, NOW))
    assert errors == []
    if connection.vendor == "sqlite":
        _tik_sesudah_sewa(w)
    assert jejak(w)[:3] == EXPECTED[:3]
    assert_one_per_key(w)
