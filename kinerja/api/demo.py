"""The demo API token of the demo pemkot: every read scope and tulis:disiplin, with a FIXED
secret so that scripts/start can print a working curl example. Only for the demo: real tokens
are random (services.buat_token). Idempotent: the same token is returned when it exists."""

from django.db import transaction

from kinerja.api import services
from kinerja.api.models import SEMUA_CAKUPAN, TokenApi
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi

NAMA = "Token demo (aplikasi gaji)"
AWALAN = "demo0001"
RAHASIA = "demo-rahasia-hanya-untuk-data-demo-jangan-dipakai"
TOKEN = services.susun_token(AWALAN, RAHASIA)


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA) -> str | None:
    """The demo token string (None when the demo instansi does not exist)."""
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None:
        return None
    if TokenApi.objects.filter(hash=services.hash_token(TOKEN)).exists():
        return TOKEN
    services.buat_token(
        None,
        instansi.pk,
        NAMA,
        list(SEMUA_CAKUPAN),
        rahasia=RAHASIA,
        awalan=AWALAN,
    )
    return TOKEN


def hapus(instansi_ids: list[int]) -> None:
    qs = TokenApi.objects.filter(instansi_id__in=instansi_ids)
    qs._raw_delete(qs.db)
