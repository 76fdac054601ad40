"""Rules the integrations rely on: results imported from another system (`sumber`) are read-only
here, and every write path moves `updated_at`, which API clients pull changes by."""

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.core import bulk
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.penilaian import services as penilaian
from kinerja.perencanaan import services as perencanaan
from kinerja.perencanaan.models import Skp
from tests.penilaian.test_keberatan_services import KINI, final
from tests.perencanaan.test_services import add_rhk

pytestmark = pytest.mark.django_db

SUMBER = "Ruang GTK"


def test_imported_skp_refuses_every_edit(dunia):
    skp = dunia.skp["staf"]
    Skp.objects.filter(pk=skp.pk).update(sumber=SUMBER)
    skp.refresh_from_db()
    staf, kasi = dunia.users["staf"], dunia.users["kasi"]
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        perencanaan.buat_revisi(staf, skp)
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        perencanaan.simpan_rhk(staf, skp, rhk="Tersusunnya laporan")
    with pytest.raises(DomainError, match="bersumber dari Ruang GTK"):
        penilaian.nilai(kasi, skp, dunia.tw1, rating_hasil_kerja="Sesuai Ekspektasi", now=KINI)
    assert Skp.objects.filter(pegawai=skp.pegawai).count() == 1


def test_skp_made_here_still_editable(dunia):
    draft = perencanaan.buat_revisi(dunia.users["staf"], dunia.skp["staf"])
    assert add_rhk(dunia.users["staf"], draft).pk


def test_imported_result_refuses_keberatan(dunia):
    ev = final(dunia)
    type(ev).objects.filter(pk=ev.pk).update(sumber=SUMBER)
    ev.refresh_from_db()
    with pytest.raises(DomainError, match="keberatan diajukan di Ruang GTK"):
        penilaian.ajukan_keberatan(
            dunia.users["staf"], ev, "Alasan yang cukup panjang", now=KINI + dt.timedelta(days=1)
        )


def test_update_many_moves_updated_at(org):
    lama = timezone.now() - dt.timedelta(days=3)
    Pegawai.objects.filter(pk=org.staf.pk).update(updated_at=lama)
    UnitOrganisasi.objects.filter(pk=org.seksi.pk).update(updated_at=lama)
    bulk.update_many(Pegawai, ["nama"], [{"id": org.staf.pk, "nama": "Nama Baru"}])
    bulk.update_many(UnitOrganisasi, ["nama"], [{"id": org.seksi.pk, "nama": "Seksi Baru"}])
    staf = Pegawai.objects.get(pk=org.staf.pk)
    assert staf.nama == "Nama Baru" and staf.updated_at > lama
    assert UnitOrganisasi.objects.get(pk=org.seksi.pk).updated_at > lama


def test_approving_a_revision_moves_the_old_skp(dunia):
    staf = dunia.users["staf"]
    lama = dunia.skp["staf"]
    Skp.objects.filter(pk=lama.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    before = Skp.objects.get(pk=lama.pk).updated_at
    perencanaan.buat_revisi(staf, lama)
    assert Skp.objects.get(pk=lama.pk).updated_at > before  # terkini=False is a change too
