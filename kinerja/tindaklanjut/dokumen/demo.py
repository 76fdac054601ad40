"""Demo documents: the signed SKP and evaluation documents of the demo year of the demo pegawai
only, so the screens and the public verification page have something real to show without
rendering thousands of PDFs (each costs ~0.3 s; seed_demo stays quick). The demo
pegawai has acknowledged their oldest evaluation document (two signatures) and not the others.

Idempotent (the backfill issues only what is missing); `hapus` removes rows and files."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.perencanaan import demo as skp_demo
from kinerja.tindaklanjut.dokumen import services
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen, TandaTangan


def orang_demo(instansi: Instansi) -> list[int]:
    """The demo pegawai (ids): their documents are signed by their penilai, so both demo
    accounts see signed documents."""
    return list(
        Pegawai.objects.filter(instansi=instansi, nip=org_demo.PEGAWAI.nip).values_list(
            "id", flat=True
        )
    )


def seed() -> dict[str, Any]:
    instansi = Instansi.objects.filter(kode=org_demo.KOTA.kode).first()
    if instansi is None:
        return {}
    ids = orang_demo(instansi)
    hasil = services.terbitkan_massal(instansi.pk, pegawai_ids=ids, tahun=skp_demo.TAHUN)
    _terima_satu(instansi)
    return {"evaluasi": hasil.evaluasi, "skp": hasil.skp, "gagal": hasil.gagal}


def _terima_satu(instansi: Instansi) -> None:
    user = User.objects.filter(instansi=instansi, nip=org_demo.PEGAWAI.nip).first()
    if user is None or not user.pegawai_id:
        return
    dok = (
        Dokumen.objects.filter(
            instansi=instansi,
            pegawai_id=user.pegawai_id,
            jenis=JenisDokumen.EVALUASI,
            status="berlaku",
        )
        .order_by("created_at", "id")
        .first()
    )
    if dok is not None and dok.diterima_at is None:
        services.terima_dokumen(user, dok)


def hapus(instansi_ids: list[int]) -> None:
    """Rows and files of these instansi's documents."""
    names = list(
        Dokumen.objects.filter(instansi_id__in=instansi_ids).values_list("berkas", flat=True)
    )
    with transaction.atomic():
        TandaTangan.objects.filter(instansi_id__in=instansi_ids).delete()
        Dokumen.objects.filter(instansi_id__in=instansi_ids).update(diganti_oleh=None)
        Dokumen.objects.filter(instansi_id__in=instansi_ids).delete()
    for name in names:
        if name:
            default_storage.delete(name)
