"""Reads of the realisasi page: an SKP's RHK with their rencana aksi for a period, each IKI with
its realisasi and bukti, the umpan balik threads, and the rows the endpoints act on.

Everything is scoped: rows are found within the user's instansi and through an SKP the user
may see (perencanaan.rules.may_view), otherwise 404. The page reads in a fixed number of
queries whatever the number of RHK, IKI, bukti and comments.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import (
    BuktiDukung,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
    UmpanBalik,
)
from kinerja.pelaksanaan.services_realisasi import dalam_masa_skp
from kinerja.perencanaan import rules
from kinerja.perencanaan.models import (
    IndikatorKinerja,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
)
from kinerja.perencanaan.selectors import in_force

SKP_RELATED = ("pegawai__unor", "penilai", "instansi")


# --- Which SKP and which period --------------------------------------------------------------


def skp_berlaku(instansi_id: int, pegawai_id: int, tahun: int) -> Skp | None:
    """The pegawai's approved SKP in force for the year (the latest one after a mutasi)."""
    return (
        in_force(instansi_id, [pegawai_id], tahun)
        .select_related(*SKP_RELATED)
        .order_by("-periode_mulai")
        .first()
    )


def skp_for_user(user: Any, pk: int) -> Skp:
    """An SKP of the user's instansi that the user may see, or 404."""
    skp = (
        Skp.objects.select_related(*SKP_RELATED).filter(instansi_id=user.instansi_id, pk=pk).first()
    )
    if skp is None or not rules.may_view(user, skp):
        raise Http404
    return skp


def periode_skp(skp: Skp) -> list[PeriodePenilaian]:
    """The year's periods that fall within the SKP (periodic ones, then Tahunan)."""
    return [
        p for p in periode_mod.daftar_periode(skp.instansi_id, skp.tahun) if dalam_masa_skp(skp, p)
    ]


def pilih_periode(
    periods: list[PeriodePenilaian], pilihan: str, today: dt.date
) -> PeriodePenilaian | None:
    """The period asked for (?periode=id), else the periodic one containing today, else the
    last one already started, else the first."""
    if pilihan.isdigit():
        for p in periods:
            if p.pk == int(pilihan):
                return p
    berkala = [p for p in periods if p.jenis != "Tahunan"] or periods
    for p in berkala:
        if p.mulai <= today <= p.selesai:
            return p
    started = [p for p in berkala if p.mulai <= today]
    if started:
        return started[-1]
    return periods[0] if periods else None


# --- Rows acted on by the endpoints ----------------------------------------------------------


def _row(user: Any, qs: QuerySet[Any], pk: int, skp_path: str) -> Any:
    row = qs.filter(instansi_id=user.instansi_id, pk=pk).first()
    if row is None:
        raise Http404
    skp = row
    for part in skp_path.split("__"):
        skp = getattr(skp, part)
    if not rules.may_view(user, skp):
        raise Http404
    return row


def _related(prefix: str) -> list[str]:
    return [f"{prefix}__{f}" for f in SKP_RELATED]


def rhk_for_user(user: Any, pk: int) -> RencanaHasilKerja:
    qs = RencanaHasilKerja.objects.select_related(*_related("skp"))
    return _row(user, qs, pk, "skp")


def iki_for_user(user: Any, pk: int) -> IndikatorKinerja:
    qs = IndikatorKinerja.objects.select_related(*_related("rhk__skp"))
    return _row(user, qs, pk, "rhk__skp")


def perilaku_for_user(user: Any, pk: int) -> PerilakuKerja:
    qs = PerilakuKerja.objects.select_related("nilai", *_related("skp"))
    return _row(user, qs, pk, "skp")


def rencana_aksi_for_user(user: Any, pk: int) -> RencanaAksi:
    qs = RencanaAksi.objects.select_related("periode", *_related("rhk__skp"))
    return _row(user, qs, pk, "rhk__skp")


def realisasi_for_user(user: Any, pk: int) -> Realisasi:
    qs = Realisasi.objects.select_related("periode", "iki", *_related("skp"))
    return _row(user, qs, pk, "skp")


def bukti_for_user(user: Any, pk: int) -> BuktiDukung:
    """A bukti of an SKP the user may see (the download checks exactly this), or 404."""
    qs = BuktiDukung.objects.select_related(
        "realisasi__periode", "realisasi__iki", *_related("realisasi__skp")
    )
    return _row(user, qs, pk, "realisasi__skp")


def umpan_balik_for_user(user: Any, pk: int) -> UmpanBalik:
    qs = UmpanBalik.objects.select_related(
        "induk", "rhk", "realisasi__periode", "realisasi__iki", "perilaku__nilai", *_related("skp")
    )
    return _row(user, qs, pk, "skp")


# --- The page --------------------------------------------------------------------------------


@dataclass
class Utas:
    """A thread: the penilai's comment and the replies to it, oldest first."""

    induk: UmpanBalik
    balasan: list[UmpanBalik] = field(default_factory=list)


@dataclass
class BarisIki:
    iki: IndikatorKinerja
    realisasi: Realisasi | None
    bukti: list[BuktiDukung]
    utas: list[Utas]


@dataclass
class BarisRhk:
    rhk: RencanaHasilKerja
    nomor: int
    rencana_aksi: list[RencanaAksi]
    iki: list[BarisIki]
    utas: list[Utas]


@dataclass
class BarisPerilaku:
    perilaku: PerilakuKerja
    utas: list[Utas]


def _utas(rows: list[UmpanBalik]) -> dict[tuple[str, int], list[Utas]]:
    """Threads keyed by what they are about: ("rhk"|"realisasi"|"perilaku", id)."""
    roots: dict[int, Utas] = {}
    for row in rows:
        if row.induk_id is None:
            roots[row.pk] = Utas(row)
    for row in rows:
        if row.induk_id in roots:
            roots[row.induk_id].balasan.append(row)
    result: dict[tuple[str, int], list[Utas]] = {}
    for utas in roots.values():
        u = utas.induk
        key = (
            ("realisasi", u.realisasi_id)
            if u.realisasi_id
            else ("perilaku", u.perilaku_id)
            if u.perilaku_id
            else ("rhk", u.rhk_id)
        )
        result.setdefault(key, []).append(utas)  # type: ignore[arg-type]
    return result


def muat_utas(skp: Skp, where: Q) -> dict[tuple[str, int], list[Utas]]:
    """The SKP's threads matching `where`, with their authors, in one query."""
    rows = (
        UmpanBalik.objects.filter(where, instansi_id=skp.instansi_id, skp=skp)
        .select_related("penulis")
        .order_by("created_at", "id")
    )
    return _utas(list(rows))


def konten(skp: Skp, periode: PeriodePenilaian, rhk_id: int | None = None) -> dict[str, Any]:
    """The page's rows for one period (or the rows of one RHK, for an htmx swap). Every query
    names the instansi: the indexes lead with it."""
    tenant = {"instansi_id": skp.instansi_id}
    rhk_qs = RencanaHasilKerja.objects.filter(skp=skp, **tenant).order_by("jenis", "urutan", "id")
    all_rhk = list(
        rhk_qs.prefetch_related(Prefetch("iki", queryset=IndikatorKinerja.objects.filter(**tenant)))
    )
    nomor = {r.pk: i for i, r in enumerate(all_rhk, 1)}
    rhk = [r for r in all_rhk if rhk_id is None or r.pk == rhk_id]
    rencana: dict[int, list[RencanaAksi]] = {}
    for ra in RencanaAksi.objects.filter(
        rhk_id__in=[r.pk for r in rhk], periode=periode, **tenant
    ).order_by("urutan", "id"):
        rencana.setdefault(ra.rhk_id, []).append(ra)
    realisasi = {
        r.iki_id: r
        for r in Realisasi.objects.filter(skp=skp, periode=periode, **tenant).prefetch_related(
            Prefetch("bukti", queryset=BuktiDukung.objects.filter(**tenant).order_by("id"))
        )
    }
    utas = muat_utas(
        skp, Q(realisasi_id__isnull=True) | Q(realisasi_id__in=[r.pk for r in realisasi.values()])
    )
    rows = []
    for r in rhk:
        iki_rows = []
        for iki in r.iki.all():
            real = realisasi.get(iki.pk)
            iki_rows.append(
                BarisIki(
                    iki=iki,
                    realisasi=real,
                    bukti=list(real.bukti.all()) if real else [],
                    utas=utas.get(("realisasi", real.pk), []) if real else [],
                )
            )
        rows.append(
            BarisRhk(
                rhk=r,
                nomor=nomor[r.pk],
                rencana_aksi=rencana.get(r.pk, []),
                iki=iki_rows,
                utas=utas.get(("rhk", r.pk), []),
            )
        )
    return {"rhk_rows": rows, "utas": utas}


def perilaku_rows(
    skp: Skp, utas: dict[tuple[str, int], list[Utas]] | None = None
) -> list[BarisPerilaku]:
    """The SKP's seven BerAKHLAK values with their threads (loaded here unless given)."""
    if utas is None:
        utas = muat_utas(skp, Q(perilaku_id__isnull=False))
    perilaku = PerilakuKerja.objects.filter(instansi_id=skp.instansi_id, skp=skp)
    return [
        BarisPerilaku(p, utas.get(("perilaku", p.pk), []))
        for p in perilaku.select_related("nilai").order_by("nilai__urutan")
    ]
