"""Integration demo data, after stage 4: an API token for the payroll example, an e-Kinerja BKN
import, guru results from Ruang GTK, and a SIASN queue in every state."""

from typing import Any

from kinerja.api import demo as api
from kinerja.integrasi.ekinerjabkn import demo as ekinerjabkn
from kinerja.integrasi.models import LogSinkron
from kinerja.integrasi.ruanggtk import demo as ruanggtk
from kinerja.integrasi.siasn import demo as siasn

URUTAN = (api, ekinerjabkn, ruanggtk, siasn)


def seed() -> list[Any]:
    return [app.seed() for app in URUTAN]


def hapus(instansi_ids: list[int]) -> None:
    for app in reversed(URUTAN):
        app.hapus(instansi_ids)  # each its own rows and its own part of the sync log
    # The rest of the log (SSO, API), and before the users go: other instansi's log rows
    # whose actor was one of these instansi's users keep the row without the actor.
    LogSinkron.objects.filter(aktor__instansi_id__in=instansi_ids).exclude(
        instansi_id__in=instansi_ids
    ).update(aktor=None)
    LogSinkron.objects.filter(instansi_id__in=instansi_ids).delete()
