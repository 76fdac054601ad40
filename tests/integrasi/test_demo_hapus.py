"""integrasi.demo.hapus: each system's demo removes its own rows and its part of the sync log;
the aggregator removes the rest of the log (SSO, API) and keeps other instansi's rows whose
actor was a user of the removed instansi, without that actor."""

import pytest
from django.utils import timezone

from kinerja.integrasi import demo
from kinerja.integrasi.models import Arah, LogSinkron, Sistem
from tests.factories import InstansiFactory, UserFactory

pytestmark = pytest.mark.django_db


def _log(instansi, sistem, aktor=None):  # type: ignore[no-untyped-def]
    return LogSinkron.objects.create(
        instansi=instansi,
        sistem=sistem,
        arah=Arah.MASUK,
        operasi="uji",
        mulai_at=timezone.now(),
        aktor=aktor,
    )


def test_hapus_removes_every_system_log_and_keeps_other_instansi() -> None:
    a, b = InstansiFactory(), InstansiFactory()
    user_a = UserFactory(instansi=a)
    for sistem in (Sistem.SSO, Sistem.RUANG_GTK, Sistem.EKINERJA_BKN, Sistem.SIASN):
        _log(a, sistem, user_a)
    lain = _log(b, Sistem.SSO, user_a)  # e.g. a login refused at B by A's user
    demo.hapus([a.pk])
    assert not LogSinkron.objects.filter(instansi=a).exists()
    lain.refresh_from_db()
    assert lain.aktor is None
