"""The SIASN tests run against FakeSiasn over real HTTP on 127.0.0.1: one server per module,
reset per test; settings point the adapter at it with small timeouts and a credentials file
in the test's tmp_path.

`siap(org)` gives a queued result ready to send: the staf's Triwulan I result finalised by
the kasi (tests/penilaian helpers), its SIASN identity, a stored "signed" PDF as its
Dokumen (a real render costs ~0.5 s and is not what these tests check), queued due now."""

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from kinerja.integrasi.siasn import services
from kinerja.integrasi.siasn.fake import BASE, SSO, TOKEN, FakeSiasn
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen
from tests.conftest import Org
from tests.penilaian.conftest import Dunia, buat_dunia, periode
from tests.penilaian.test_keberatan_services import final

PDF = b"%PDF-1.7\n% dokumen uji\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KREDENSIAL = {
    "consumer_key": "kunci",
    "consumer_secret": "rahasia",
    "username": "operator",
    "password": "sandi",
}


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeSiasn]:
    fake = FakeSiasn()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def siasn(fake_server: FakeSiasn, settings: Any, tmp_path: Any) -> Iterator[FakeSiasn]:
    fake_server.reset()
    fake_server.tunda_timeout = 0.8
    berkas = tmp_path / "kredensial.json"
    berkas.write_text(json.dumps({"ORGA": KREDENSIAL, "ORGB": KREDENSIAL}))
    settings.KINERJA_SIASN_URL = fake_server.url + BASE
    settings.KINERJA_SIASN_TOKEN_URL = fake_server.url + TOKEN
    settings.KINERJA_SIASN_SSO_URL = fake_server.url + SSO
    settings.KINERJA_SIASN_KREDENSIAL_FILE = str(berkas)
    settings.KINERJA_HTTP_TIMEOUT = (0.5, 0.3)
    cache.clear()
    yield fake_server
    cache.clear()


def dokumen_untuk(ev: Evaluasi, isi: bytes = PDF) -> Dokumen:
    name = default_storage.save(
        f"dokumen/{ev.instansi_id}/uji-{ev.pk}-{ev.versi}.pdf", ContentFile(isi)
    )
    return Dokumen.objects.create(
        instansi_id=ev.instansi_id,
        pegawai_id=ev.pegawai_id,
        jenis=JenisDokumen.EVALUASI,
        evaluasi=ev,
        periode_id=ev.periode_id,
        versi=ev.versi,
        versi_sumber=ev.versi,
        kode=f"U{ev.pk:06d}{ev.versi}",
        judul_periode=str(ev.periode),
        berkas=name,
        sha256="0" * 64,
        ditandatangani_at=timezone.now(),
    )


@dataclass
class Siap:
    dunia: Dunia
    ev: Evaluasi
    row: KirimanSiasn

    @property
    def org(self) -> Org:
        return self.dunia.org


def antre(ev: Evaluasi, now: dt.datetime | None = None) -> KirimanSiasn:
    ev = Evaluasi.objects.select_related("periode", "pegawai__jabatan__jenjang").get(pk=ev.pk)
    row = services.antrekan(ev, None, tidak_sebelum=now or timezone.now())
    assert row is not None
    return row


def siap(
    org: Org, name: str = "staf", dunia: Dunia | None = None, jenis: str = "Triwulanan"
) -> Siap:
    d = dunia or buat_dunia(org)
    if jenis == "Tahunan":
        ev = final_tahunan(d, name)
    else:
        penilai = {"staf": "kasi", "staf_bidang": "kabid", "kasi": "kabid"}[name]
        ev = final(d, name, penilai=d.users[penilai])
    IdentitasSiasn.objects.create(
        instansi_id=ev.instansi_id,
        pegawai_id=ev.pegawai_id,
        pns_id=f"pns-{ev.pegawai.nip}",
        diambil_at=timezone.now(),
    )
    dokumen_untuk(ev)
    return Siap(d, ev, antre(ev))


def final_tahunan(d: Dunia, name: str = "staf") -> Evaluasi:
    from kinerja.penilaian import kurva
    from kinerja.penilaian import services as penilaian
    from tests.penilaian.conftest import saat

    now = saat(1, 15, tahun=d.tahunan.tahun + 1)
    ev = penilaian.nilai(
        d.users["kasi"],
        d.skp[name],
        d.tahunan,
        rating_hasil_kerja="Di Atas Ekspektasi",
        rating_perilaku="Di Atas Ekspektasi",
        now=now,
    )
    if not kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, d.tahunan):
        penilaian.tetapkan_kinerja_organisasi(d.org.admin, d.org.dinas, d.tahunan, "Baik", now=now)
    penilaian.finalkan(d.users["kasi"], [ev], now=now)
    ev.refresh_from_db()
    return ev


__all__ = ["PDF", "Siap", "antre", "dokumen_untuk", "periode", "siap"]
