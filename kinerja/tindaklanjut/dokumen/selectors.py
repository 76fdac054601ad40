"""Reads of the documents, scoped to the user's instansi and role (404 for anything else).

Who sees a document: its pegawai, the penilai and the atasan penilai of its subject (the
evaluation or the SKP), the Admin Instansi. The public verification page reads by `kode` only
and shows a fixed, small set of fields (views_publik.py).
"""

from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen, TandaTangan


def _is_admin_of(user: Any, instansi_id: int) -> bool:
    return bool(user.is_admin_instansi) and user.instansi_id == instansi_id


def boleh_lihat(user: Any, dok: Dokumen) -> bool:
    if user.instansi_id != dok.instansi_id:
        return False
    if _is_admin_of(user, dok.instansi_id):
        return True
    me = user.pegawai_id
    if not me:
        return False
    subjek: Evaluasi | Skp | None = dok.evaluasi if dok.evaluasi_id else dok.skp
    orang: set[int | None] = {dok.pegawai_id}
    if subjek is not None:
        orang |= {subjek.penilai_id, subjek.atasan_penilai_id}
    return me in orang


def dokumen_untuk_user(user: Any, pk: int) -> Dokumen:
    dok = (
        Dokumen.objects.select_related("evaluasi", "skp")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if dok is None or not boleh_lihat(user, dok):
        raise Http404
    return dok


def daftar_saya(user: Any) -> QuerySet[Dokumen]:
    """The pegawai's own documents, latest year first, and within a year the latest period
    first, then the SKP (one query per page)."""
    return (
        Dokumen.objects.filter(instansi_id=user.instansi_id, pegawai_id=user.pegawai_id)
        .annotate(tahun_urut=Coalesce("periode__tahun", "skp__tahun"))
        .order_by(
            F("tahun_urut").desc(nulls_last=True),
            F("periode__selesai").desc(nulls_last=True),
            "-created_at",
            "-id",
        )
    )


def dokumen_publik(kode: str) -> tuple[Dokumen, list[TandaTangan]]:
    """The document of a verification code and its signatures (two queries), or 404."""
    kode = (kode or "").strip().upper().replace("-", "")
    dok = Dokumen.objects.filter(kode=kode).first() if len(kode) <= 16 else None
    if dok is None:
        raise Http404
    return dok, tanda_tangan_of(dok)


def tanda_tangan_of(dok: Dokumen) -> list[TandaTangan]:
    return list(
        TandaTangan.objects.filter(instansi_id=dok.instansi_id, dokumen_id=dok.pk).order_by(
            "urutan"
        )
    )


def terakhir_untuk(
    instansi_id: int, *, evaluasi_id: int | None = None, skp_id: int | None = None
) -> Dokumen | None:
    """The latest document of a subject (the link on the evaluation and SKP pages)."""
    qs = Dokumen.objects.filter(instansi_id=instansi_id)
    if evaluasi_id:
        qs = qs.filter(jenis=JenisDokumen.EVALUASI, evaluasi_id=evaluasi_id)
    elif skp_id:
        qs = qs.filter(jenis=JenisDokumen.SKP, skp_id=skp_id)
    else:
        return None
    return qs.order_by("-versi", "-id").first()
