"""Reads of the results and the keberatan pages, scoped to the user's instansi and role (404 for
anything else). Pages read in a fixed number of queries, whatever the number of rows.

Who sees an evaluation: the pegawai (only once final: a draft does not exist for them), the
penilai, the atasan penilai, the Admin Instansi. Who sees a keberatan: the pegawai, the penilai,
the one who decides it (the atasan penilai; the Admin Instansi when there is none), the Admin
Instansi.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    PenjelasanKeberatan,
    PihakPenjelasan,
    RiwayatEvaluasi,
    StatusEvaluasi,
    StatusKeberatan,
)
from kinerja.perencanaan.models import PerilakuKerja, RencanaHasilKerja

TERBUKA = (StatusKeberatan.DIAJUKAN, StatusKeberatan.DIPERIKSA)
FILTER_TERBUKA = "terbuka"  # ?status= value for both open states

AKSI = {
    "dinilai": "Dinilai",
    "difinalkan": "Difinalkan",
    "keberatan_diajukan": "Keberatan diajukan",
    "penjelasan_diminta": "Penjelasan diminta",
    "keberatan_diputuskan": "Keberatan diputuskan",
}


def label_aksi(aksi: str) -> str:
    return AKSI.get(aksi, aksi.replace("_", " ").capitalize())


def _is_admin_of(user: Any, instansi_id: int) -> bool:
    return bool(user.is_admin_instansi) and user.instansi_id == instansi_id


# --- The pegawai's results of a year ---------------------------------------------------------


@dataclass(frozen=True)
class HasilPeriode:
    periode: PeriodePenilaian
    evaluasi: list[Evaluasi]  # final or later only (a draft is not shown to the pegawai)


def hasil_tahun(user: Any, tahun: int) -> list[HasilPeriode]:
    """Every period of the year with the pegawai's final results in it (a pegawai who changed
    penilai has one per SKP); each evaluation carries `keberatan_id` (or None)."""
    periods = periode_mod.daftar_periode(user.instansi_id, tahun)
    keberatan = Keberatan.objects.filter(
        instansi_id=OuterRef("instansi_id"), evaluasi_id=OuterRef("pk")
    ).values("pk")[:1]
    rows = (
        Evaluasi.objects.filter(
            instansi_id=user.instansi_id,
            pegawai_id=user.pegawai_id,
            periode_id__in=[p.pk for p in periods],
        )
        .exclude(status=StatusEvaluasi.DRAFT)
        .annotate(keberatan_id=Subquery(keberatan))
        .order_by("skp_mulai", "id")
    )
    by_periode: dict[int, list[Evaluasi]] = defaultdict(list)
    for ev in rows:
        by_periode[ev.periode_id].append(ev)
    return [HasilPeriode(p, by_periode.get(p.pk, [])) for p in periods]


# --- One evaluation --------------------------------------------------------------------------


def boleh_lihat_evaluasi(user: Any, ev: Evaluasi) -> bool:
    if user.instansi_id != ev.instansi_id:
        return False
    me = user.pegawai_id
    if me and me == ev.pegawai_id:
        return ev.sudah_final  # one's own draft is not shown, not even to an admin
    if _is_admin_of(user, ev.instansi_id):
        return True
    return bool(me) and me in (ev.penilai_id, ev.atasan_penilai_id)


def evaluasi_untuk_user(user: Any, pk: int) -> Evaluasi:
    ev = (
        Evaluasi.objects.select_related("periode", "dinilai_oleh", "difinalkan_oleh")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if ev is None or not boleh_lihat_evaluasi(user, ev):
        raise Http404
    return ev


def keberatan_atas(ev: Evaluasi) -> Keberatan | None:
    return Keberatan.objects.filter(instansi_id=ev.instansi_id, evaluasi_id=ev.pk).first()


def riwayat_of(ev: Evaluasi, *, tanpa_draft: bool = False) -> list[RiwayatEvaluasi]:
    """The history; for the pegawai without the draft ratings before finalisation."""
    qs = RiwayatEvaluasi.objects.filter(instansi_id=ev.instansi_id, evaluasi_id=ev.pk)
    if tanpa_draft:
        qs = qs.exclude(status=StatusEvaluasi.DRAFT)
    rows = list(qs.order_by("created_at", "id"))
    for row in rows:
        row.label_aksi = label_aksi(row.aksi)  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class UmpanBalik:
    judul: str
    keterangan: str  # e.g. "Utama" for an RHK, the Ekspektasi Khusus Pimpinan for a value
    teks: str


def umpan_balik_rhk(ev: Evaluasi) -> list[UmpanBalik]:
    """Every RHK of the evaluated SKP revision with the penilai's feedback (keys: RHK kunci)."""
    given = ev.umpan_balik_rhk or {}
    rows = RencanaHasilKerja.objects.filter(instansi_id=ev.instansi_id, skp_id=ev.skp_id).order_by(
        "jenis", "urutan", "id"
    )
    return [UmpanBalik(r.rhk, r.jenis, str(given.get(str(r.kunci), ""))) for r in rows]


def umpan_balik_perilaku(ev: Evaluasi) -> list[UmpanBalik]:
    """Every BerAKHLAK value of the evaluated SKP with the feedback (keys: NilaiBerakhlak id)."""
    given = ev.umpan_balik_perilaku or {}
    rows = (
        PerilakuKerja.objects.filter(instansi_id=ev.instansi_id, skp_id=ev.skp_id)
        .select_related("nilai")
        .order_by("nilai__urutan")
    )
    return [
        UmpanBalik(r.nilai.nama, r.ekspektasi_khusus, str(given.get(str(r.nilai_id), "")))
        for r in rows
    ]


# --- Keberatan -------------------------------------------------------------------------------


def pemutus(user: Any, k: Keberatan) -> bool:
    """Decides this keberatan: the atasan penilai; the Admin Instansi when there is none."""
    if user.instansi_id != k.instansi_id:
        return False
    if k.diputus_oleh_pegawai_id is None:
        return _is_admin_of(user, k.instansi_id)
    return bool(user.pegawai_id) and user.pegawai_id == k.diputus_oleh_pegawai_id


def boleh_lihat_keberatan(user: Any, k: Keberatan, ev: Evaluasi) -> bool:
    if user.instansi_id != k.instansi_id:
        return False
    if _is_admin_of(user, k.instansi_id) or pemutus(user, k):
        return True
    me = user.pegawai_id
    return bool(me) and me in (k.pegawai_id, ev.penilai_id)


def keberatan_untuk_user(user: Any, pk: int) -> Keberatan:
    k = (
        Keberatan.objects.select_related("evaluasi", "evaluasi__periode", "diputuskan_oleh")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if k is None or not boleh_lihat_keberatan(user, k, k.evaluasi):
        raise Http404
    return k


def penjelasan_of(k: Keberatan) -> list[PenjelasanKeberatan]:
    """The explanations asked for, the penilai's first."""
    rows = PenjelasanKeberatan.objects.filter(instansi_id=k.instansi_id, keberatan_id=k.pk)
    return sorted(rows, key=lambda row: (row.pihak != PihakPenjelasan.PENILAI, row.pk))


def penjelasan_untuk_user(user: Any, pk: int) -> PenjelasanKeberatan:
    """A requested explanation, for whoever may see its keberatan (the service then checks that
    the user is the one asked)."""
    row = (
        PenjelasanKeberatan.objects.select_related("keberatan", "keberatan__evaluasi")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if row is None or not boleh_lihat_keberatan(user, row.keberatan, row.keberatan.evaluasi):
        raise Http404
    return row


def _terlihat(user: Any) -> Q:
    """The keberatan a user sees in the list: all of the instansi for its Admin Instansi; else
    those they decide, filed, or that concern an evaluation they rated."""
    if user.is_admin_instansi:
        return Q()
    me = user.pegawai_id
    if not me:
        return Q(pk__in=[])  # never match the rows without atasan (a null pegawai id)
    return Q(diputus_oleh_pegawai_id=me) | Q(pegawai_id=me) | Q(evaluasi__penilai_id=me)


def daftar_keberatan(user: Any, status: str = "") -> QuerySet[Keberatan]:
    """The user's keberatan list, open ones first, newest first within each group."""
    qs = Keberatan.objects.filter(_terlihat(user), instansi_id=user.instansi_id)
    if status == FILTER_TERBUKA:
        qs = qs.filter(status__in=TERBUKA)
    elif status in StatusKeberatan.values:
        qs = qs.filter(status=status)
    urutan = Case(
        When(status__in=TERBUKA, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        qs.select_related("evaluasi", "evaluasi__periode")
        .annotate(urutan_terbuka=urutan)
        .order_by("urutan_terbuka", "-diajukan_at", "-id")
    )


def jumlah_per_status(user: Any) -> dict[str, int]:
    """Status -> keberatan the user sees (for the filter chips), in one GROUP BY."""
    counts = dict(
        Keberatan.objects.filter(_terlihat(user), instansi_id=user.instansi_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {s: int(counts.get(s, 0)) for s in StatusKeberatan.values}
