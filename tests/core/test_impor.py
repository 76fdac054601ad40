"""core.impor: the status rules every import batch shares, and the uploaded file's name."""

from types import SimpleNamespace

import pytest

from kinerja.core.impor import nama_berkas, pastikan_boleh_dibatalkan, pastikan_boleh_diterapkan
from kinerja.core.permissions import DomainError
from kinerja.org.models import StatusImpor


@pytest.mark.parametrize(
    ("dikirim", "nama"),
    [
        ("C:\\Users\\admin\\Desktop\\pegawai.xlsx", "pegawai.xlsx"),
        ("/home/admin/disiplin.csv", "disiplin.csv"),
        ("laporan.xlsx", "laporan.xlsx"),
        ("", "bawaan.csv"),
    ],
)
def test_nama_berkas_tanpa_jalur_klien(dikirim: str, nama: str) -> None:
    assert nama_berkas(dikirim, "bawaan.csv") == nama


@pytest.mark.parametrize(
    ("status", "boleh_diterapkan", "boleh_dibatalkan"),
    [
        (StatusImpor.PRATINJAU, True, True),
        (StatusImpor.GAGAL_VALIDASI, False, True),
        (StatusImpor.DITERAPKAN, False, False),
        (StatusImpor.DIBATALKAN, False, False),
    ],
)
def test_aturan_status(status: str, boleh_diterapkan: bool, boleh_dibatalkan: bool) -> None:
    batch = SimpleNamespace(status=status)
    for aturan, boleh in (
        (pastikan_boleh_diterapkan, boleh_diterapkan),
        (pastikan_boleh_dibatalkan, boleh_dibatalkan),
    ):
        if boleh:
            aturan(batch)
        else:
            with pytest.raises(DomainError):
                aturan(batch)
