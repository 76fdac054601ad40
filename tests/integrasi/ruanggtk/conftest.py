"""Builders of the Ruang GTK tests: the org of tests/conftest.py where the Seksi is a school,
its head (kasi) the kepala sekolah with an approved SKP of the year, and `staf` a guru; the
default Triwulanan periods; records in the exchange format; the fake feed over real HTTP."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings

from kinerja.accounts.models import User
from kinerja.integrasi.ruanggtk.fake import FakeRuangGtk
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.perencanaan.models import Skp
from tests.conftest import Org
from tests.perencanaan.test_services import TAHUN, add_rhk, approve_directly, users_of

RHK_KEPSEK = "Meningkatnya mutu pembelajaran di satuan pendidikan"
TOKEN = "token-uji-ruanggtk"


@dataclass
class Sekolah:
    org: Org
    users: dict[str, User]
    guru: Pegawai
    kepsek: Pegawai
    skp_kepsek: Skp
    admin: User


def buat_sekolah(org: Org) -> Sekolah:
    users = users_of(org)
    Pegawai.objects.filter(pk=org.staf.pk).update(is_guru=True)
    org.staf.refresh_from_db()
    from kinerja.perencanaan import services

    skp = services.buat_skp(users["kasi"], TAHUN)
    add_rhk(users["kasi"], skp, RHK_KEPSEK)
    skp = approve_directly(skp)
    periode_mod.pastikan_periode(org.instansi.pk, TAHUN)
    return Sekolah(org, users, org.staf, org.kasi, skp, org.admin)


@pytest.fixture
def sekolah(org: Org) -> Sekolah:
    return buat_sekolah(org)


def rec_skp(s: Sekolah, **over: Any) -> dict[str, Any]:
    return {
        "jenis": "skp",
        "id": "skp-1",
        "nip": s.guru.nip,
        "tahun": TAHUN,
        "periode_mulai": f"{TAHUN}-01-01",
        "periode_selesai": f"{TAHUN}-12-31",
        "nip_penilai": s.kepsek.nip,
        "rhk": [
            {
                "jenis": "Utama",
                "rhk": "Terlaksananya pembelajaran yang berpusat pada murid",
                "rhk_pimpinan": RHK_KEPSEK,
                "iki": [
                    {
                        "indikator": "Jumlah modul ajar",
                        "aspek": "Kuantitas",
                        "target_min": 4,
                        "target_max": 4,
                        "satuan": "Modul",
                    },
                    {
                        "indikator": "Persentase murid tuntas",
                        "aspek": "Kualitas",
                        "target_min": "75",
                        "target_max": 85.5,
                        "satuan": "%",
                    },
                ],
            },
            {
                "jenis": "Tambahan",
                "rhk": "Terlaksananya komunitas belajar",
                "iki": [
                    {
                        "indikator": "Pertemuan komunitas",
                        "aspek": "Kuantitas",
                        "target_min": 6,
                        "target_max": 6,
                        "satuan": "Pertemuan",
                    }
                ],
            },
        ],
        **over,
    }


TW = {1: ("01-01", "03-31"), 2: ("04-01", "06-30"), 3: ("07-01", "09-30"), 4: ("10-01", "12-31")}


def rec_hasil(
    s: Sekolah,
    nomor: int = 1,
    hasil: str = "Sesuai Ekspektasi",
    perilaku: str = "Di Atas Ekspektasi",
    **over: Any,
) -> dict[str, Any]:
    mulai, selesai = TW[nomor]
    return {
        "jenis": "hasil_periodik",
        "nip": s.guru.nip,
        "tahun": TAHUN,
        "periode_mulai": f"{TAHUN}-{mulai}",
        "periode_selesai": f"{TAHUN}-{selesai}",
        "rating_hasil_kerja": hasil,
        "rating_perilaku": perilaku,
        **over,
    }


def rec_tahunan(s: Sekolah, **over: Any) -> dict[str, Any]:
    return {
        "jenis": "hasil_tahunan",
        "nip": s.guru.nip,
        "tahun": TAHUN,
        "rating_hasil_kerja": "Di Atas Ekspektasi",
        "rating_perilaku": "Di Atas Ekspektasi",
        "predikat": "Sangat Baik",
        "difinalkan_at": f"{TAHUN}-12-20T10:00:00+07:00",
        **over,
    }


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeRuangGtk]:
    fake = FakeRuangGtk(token=TOKEN).start()
    fake.tunda_timeout = 1.0
    yield fake
    fake.stop()


@pytest.fixture
def fake(_server: FakeRuangGtk) -> Iterator[FakeRuangGtk]:
    _server.reset()
    with override_settings(
        KINERJA_RUANGGTK_URL=_server.url,
        KINERJA_RUANGGTK_TOKEN=TOKEN,
        KINERJA_HTTP_TIMEOUT=(1.0, 0.5),
    ):
        yield _server


__all__ = ["TAHUN", "dt"]
