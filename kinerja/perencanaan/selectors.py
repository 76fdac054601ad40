"""Reads of stage 1, scoped to what the user may see. One read path per screen."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kinerja.perencanaan import rules
from kinerja.perencanaan.models import (
    AnggotaTim,
    IndikatorKinerja,
    Intervensi,
    Lampiran,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)


def in_force(instansi_id: int, pegawai_ids: list[int] | set[int], tahun: int) -> QuerySet[Skp]:
    """The approved SKP revisions in force for these pegawai in a year."""
    return Skp.objects.filter(
        instansi_id=instansi_id,
        pegawai_id__in=pegawai_ids,
        tahun=tahun,
        status=StatusSkp.DISETUJUI,
        berlaku=True,
    )


def leaders_for(skp: Skp) -> set[int]:
    """Whose RHK this SKP may intervene: the penilai, and the ketua of every tim kerja of the
    year the pegawai belongs to."""
    ids = set(
        AnggotaTim.objects.filter(
            instansi_id=skp.instansi_id, pegawai_id=skp.pegawai_id, tim__tahun=skp.tahun
        ).values_list("tim__ketua_id", flat=True)
    )
    if skp.penilai_id:
        ids.add(skp.penilai_id)
    ids.discard(skp.pegawai_id)
    return ids


def rhk_atasan_choices(skp: Skp) -> QuerySet[RencanaHasilKerja]:
    """Approved RHK this SKP may intervene, with their SKP (for the owner's name)."""
    skp_ids = in_force(skp.instansi_id, leaders_for(skp), skp.tahun).values("id")
    return (
        RencanaHasilKerja.objects.filter(instansi_id=skp.instansi_id, skp_id__in=skp_ids)
        .select_related("skp")
        .order_by("skp__pegawai_id", "jenis", "urutan", "id")
    )


def allowed_rhk_atasan_ids(skp: Skp) -> set[int]:
    return set(rhk_atasan_choices(skp).values_list("id", flat=True))


def skp_for_user(user: Any, pk: int) -> Skp:
    """An SKP the user may see (owner, penilai, atasan penilai, admin of the instansi) or 404."""
    qs = Skp.objects.select_related("pegawai", "penilai", "instansi")
    if not user.is_admin_nasional:
        qs = qs.filter(instansi_id=user.instansi_id)
    skp = qs.filter(pk=pk).first()
    if skp is None or not rules.may_view(user, skp):
        raise Http404
    return skp


def _row_for_user(user: Any, qs: QuerySet[Any], pk: int, skp_path: str) -> Any:
    """A row of an SKP the user may see, found within the user's instansi, or 404."""
    row = qs.filter(instansi_id=user.instansi_id, pk=pk).first()
    if row is None:
        raise Http404
    skp = row
    for part in skp_path.split("__"):
        skp = getattr(skp, part)
    if not rules.may_view(user, skp):
        raise Http404
    return row


_SKP = ("pegawai", "penilai", "instansi")


def rhk_for_user(user: Any, pk: int) -> RencanaHasilKerja:
    qs = RencanaHasilKerja.objects.select_related(*[f"skp__{f}" for f in _SKP])
    return _row_for_user(user, qs, pk, "skp")


def iki_for_user(user: Any, pk: int) -> IndikatorKinerja:
    qs = IndikatorKinerja.objects.select_related(*[f"rhk__skp__{f}" for f in _SKP])
    return _row_for_user(user, qs, pk, "rhk__skp")


def intervensi_for_user(user: Any, pk: int) -> Intervensi:
    qs = Intervensi.objects.select_related(*[f"rhk__skp__{f}" for f in _SKP])
    return _row_for_user(user, qs, pk, "rhk__skp")


def lampiran_for_user(user: Any, pk: int) -> Lampiran:
    qs = Lampiran.objects.select_related(*[f"skp__{f}" for f in _SKP])
    return _row_for_user(user, qs, pk, "skp")


def perilaku_for_user(user: Any, pk: int) -> PerilakuKerja:
    qs = PerilakuKerja.objects.select_related("nilai", *[f"skp__{f}" for f in _SKP])
    return _row_for_user(user, qs, pk, "skp")


def revisions_of(skp: Skp) -> list[Skp]:
    """Every revision of this SKP's periode, newest first (old ones stay readable)."""
    return list(
        Skp.objects.filter(
            instansi_id=skp.instansi_id, pegawai_id=skp.pegawai_id, periode_mulai=skp.periode_mulai
        ).order_by("-revisi")
    )


def skp_content(skp: Skp) -> dict[str, Any]:
    """Everything the SKP page shows, in a fixed number of queries whatever the row counts.
    Every read names the instansi: the indexes lead with it, and without it PostgreSQL scans
    the whole table (20 ms each at 100,000 SKPs)."""
    tenant = {"instansi_id": skp.instansi_id}
    rhk = list(
        RencanaHasilKerja.objects.filter(skp=skp, **tenant)
        .prefetch_related(
            Prefetch(
                "iki", queryset=IndikatorKinerja.objects.filter(**tenant).order_by("urutan", "id")
            ),
            Prefetch(
                "intervensi",
                queryset=Intervensi.objects.filter(**tenant)
                .select_related("rhk_atasan__skp")
                .order_by("id"),
            ),
        )
        .order_by("jenis", "urutan", "id")
    )
    perilaku = list(
        PerilakuKerja.objects.filter(instansi_id=skp.instansi_id, skp=skp)
        .select_related("nilai")
        .prefetch_related("nilai__panduan")
        .order_by("nilai__urutan")
    )
    return {
        "rhk_utama": [r for r in rhk if r.jenis == "Utama"],
        "rhk_tambahan": [r for r in rhk if r.jenis == "Tambahan"],
        "perilaku": perilaku,
        "lampiran": list(
            Lampiran.objects.filter(skp=skp, **tenant).order_by("jenis", "urutan", "id")
        ),
    }


def own_skps(user: Any) -> QuerySet[Skp]:
    if not user.pegawai_id:
        return Skp.objects.none()
    return Skp.objects.filter(instansi_id=user.instansi_id, pegawai_id=user.pegawai_id).order_by(
        "-tahun", "-periode_mulai", "-revisi"
    )


def current_skp(pegawai_id: int, instansi_id: int, tahun: int) -> Skp | None:
    """The newest revision of the latest SKP of the year (what the pegawai works on)."""
    return (
        Skp.objects.filter(
            Q(terkini=True), instansi_id=instansi_id, pegawai_id=pegawai_id, tahun=tahun
        )
        .order_by("-periode_mulai")
        .first()
    )
