"""The daily clean-up: old read notifications (with their e-mails) and the task result records
of the embedded queue."""

import datetime as dt

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from kinerja.core import jobs, notifications
from kinerja.core.models import Notifikasi
from kinerja.notifikasi.models import SuratKeluar


@pytest.mark.django_db
def test_read_notifications_older_than_a_year_go_with_their_emails(org) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    user = org.admin

    def notif(judul: str, dibaca: dt.datetime | None) -> Notifikasi:
        return Notifikasi.objects.create(
            instansi=org.instansi, penerima=user, judul=judul, dibaca_at=dibaca
        )

    lama = notif("lama", now - dt.timedelta(days=400))
    SuratKeluar.objects.create(
        instansi=org.instansi,
        notifikasi=lama,
        kepada="a@b.go.id",
        subjek="s",
        isi="i",
        berikutnya_at=now,
    )
    notif("baru dibaca", now - dt.timedelta(days=10))
    notif("belum dibaca, lama", None)

    assert notifications.bersihkan(now, partai=1) == 1
    assert set(Notifikasi.objects.values_list("judul", flat=True)) == {
        "baru dibaca",
        "belum dibaca, lama",
    }
    assert not SuratKeluar.objects.exists()


def test_task_result_records_are_pruned_from_the_sqlite_queue_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = SqliteStorage(name="uji-bersih", filename=str(tmp_path / "q.sqlite3"))
    asli, HUEY.storage = HUEY.storage, storage
    try:
        storage.put_data("djt.1", b"rekaman", is_result=True)
        storage.put_data("djt.2", b"rekaman", is_result=True)
        storage.put_data(jobs.KUNCI_PENJADWAL, b"detak", is_result=True)
        assert jobs.bersihkan_catatan_tugas() == 2
        assert storage.result_store_size() == 1
        assert storage.peek_data(jobs.KUNCI_PENJADWAL) == b"detak"
    finally:
        HUEY.storage = asli
