import datetime as dt

from kinerja.integrasi.ekinerjabkn import impor
from kinerja.integrasi.ekinerjabkn.fake import BarisBkn, laporan_xlsx
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from tests.conftest import Org

AKHIR = dt.date(2025, 12, 31)


def baris_org(org: Org, **over: object) -> list[BarisBkn]:
    """One report row per pegawai of the org (kepala, kabid, kasi, staf, staf_bidang)."""
    hasil = {"kepala": "SANGAT BAIK", "kabid": "Baik", "kasi": "baik", "staf": "Butuh Perbaikan"}
    return [
        BarisBkn(
            nip=getattr(org, name).nip,
            nama=getattr(org, name).nama,
            hasil_akhir=hasil.get(name, "Kurang/Misconduct"),
            **over,  # type: ignore[arg-type]
        )
        for name in ("kepala", "kabid", "kasi", "staf", "staf_bidang")
    ]


def impor_diterapkan(org: Org, baris: list[BarisBkn] | None = None) -> ImporEkinerjaBkn:
    data = laporan_xlsx(baris if baris is not None else baris_org(org))
    batch = impor.pratinjau(org.admin, org.instansi.pk, "laporan.xlsx", data)
    return impor.terapkan(org.admin, batch)


__all__ = ["AKHIR", "HasilEkinerjaBkn", "baris_org", "impor_diterapkan"]
