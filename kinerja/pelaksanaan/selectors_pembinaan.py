"""Reads of the pembinaan: dialog kinerja and briefing, always scoped to the user's instansi and
to what their role lets them see (404 otherwise). Lists read in a fixed number of queries.

Who sees a dialog: its penilai and pegawai, the atasan of the penilai (on the dialog's day, as
the SKP's atasan penilai), the Admin Instansi. Who sees a briefing and its attachments: its
leader, its attendees, the Admin Instansi.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kinerja.org import selectors as org_selectors
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import (
    Briefing,
    DialogKinerja,
    JenisPeriode,
    LampiranBriefing,
    PeriodePenilaian,
    PesertaBriefing,
    TindakLanjutDialog,
)

SUDAH, BELUM = "sudah", "belum"


def _is_admin_of(user: Any, instansi_id: int) -> bool:
    return bool(user.is_admin_instansi) and user.instansi_id == instansi_id


# --- Periods ---------------------------------------------------------------------------------


def periode_dipilih(user: Any, pk: str, today: dt.date) -> PeriodePenilaian:
    """The period named by ?periode= (of the user's instansi), else the one containing today."""
    if pk.isdigit():
        found = PeriodePenilaian.objects.filter(instansi_id=user.instansi_id, pk=int(pk)).first()
        if found is not None and found.jenis != JenisPeriode.TAHUNAN:
            return found
    return periode_mod.periode_pada(user.instansi_id, today)


def pilihan_periode(instansi_id: int, tahun: int) -> list[PeriodePenilaian]:
    """The periodic periods of a year (dialogs fall in those, not in the annual one)."""
    return [
        p for p in periode_mod.daftar_periode(instansi_id, tahun) if p.jenis != JenisPeriode.TAHUNAN
    ]


# --- Dialog kinerja --------------------------------------------------------------------------


def boleh_lihat_dialog(user: Any, dialog: DialogKinerja) -> bool:
    if user.instansi_id != dialog.instansi_id:
        return False
    if _is_admin_of(user, dialog.instansi_id):
        return True
    me = user.pegawai_id
    if not me:
        return False
    if me in (dialog.penilai_id, dialog.pegawai_id):
        return True
    return org_selectors.atasan_id_of(dialog.penilai, dialog.tanggal) == me


def dialog_for_user(user: Any, pk: int) -> DialogKinerja:
    dialog = (
        DialogKinerja.objects.select_related(
            "pegawai", "pegawai__jabatan", "penilai", "penilai__unor", "penilai__jabatan", "periode"
        )
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if dialog is None or not boleh_lihat_dialog(user, dialog):
        raise Http404
    return dialog


def tindak_lanjut_of(dialog: DialogKinerja) -> list[TindakLanjutDialog]:
    return list(
        TindakLanjutDialog.objects.filter(instansi_id=dialog.instansi_id, dialog=dialog)
        .select_related("dibawa_dari__dialog")
        .order_by("jatuh_tempo", "id")
    )


def tindak_lanjut_for_user(user: Any, pk: int) -> TindakLanjutDialog:
    item = (
        TindakLanjutDialog.objects.select_related(
            "dialog", "dialog__penilai", "dibawa_dari__dialog"
        )
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if item is None or not boleh_lihat_dialog(user, item.dialog):
        raise Http404
    return item


def _dialog_list(qs: QuerySet[DialogKinerja]) -> QuerySet[DialogKinerja]:
    terbuka = TindakLanjutDialog.objects.filter(
        instansi_id=OuterRef("instansi_id"), dialog_id=OuterRef("pk"), selesai=False, dibawa=False
    )
    return qs.select_related("pegawai", "penilai", "periode").annotate(ada_terbuka=Exists(terbuka))


def dialog_pegawai(user: Any) -> QuerySet[DialogKinerja]:
    """The dialogs the user had as pegawai, newest first."""
    return _dialog_list(
        DialogKinerja.objects.filter(instansi_id=user.instansi_id, pegawai_id=user.pegawai_id)
    ).order_by("-tanggal", "-id")


def dialog_instansi(
    instansi_id: int, periode: PeriodePenilaian, unit: UnitOrganisasi | None
) -> QuerySet[DialogKinerja]:
    """The Admin Instansi's list: the period's dialogs, of pegawai in `unit` and below."""
    qs = DialogKinerja.objects.filter(instansi_id=instansi_id, periode=periode)
    if unit is not None:
        qs = qs.filter(pegawai__unor__path__startswith=unit.path)
    return _dialog_list(qs.select_related("pegawai__unor")).order_by("-tanggal", "-id")


def bawahan_dialog(
    penilai: Pegawai, periode: PeriodePenilaian, today: dt.date, status: str = "", q: str = ""
) -> tuple[QuerySet[Pegawai], dict[str, int]]:
    """The penilai's bawahan (on the period's last day, or today while it runs) with their
    latest dialog of the period with this penilai, and the counts sudah/belum (before the
    filter and the search)."""
    day = min(today, periode.selesai)
    dialogs = DialogKinerja.objects.filter(
        instansi_id=penilai.instansi_id,
        penilai_id=penilai.pk,
        periode_id=periode.pk,
        pegawai_id=OuterRef("pk"),
    ).order_by("-tanggal", "-id")
    base = org_selectors.bawahan_of(penilai, day).annotate(
        dialog_id=Subquery(dialogs.values("id")[:1]),
        dialog_tanggal=Subquery(dialogs.values("tanggal")[:1]),
        dialog_konfirmasi=Subquery(dialogs.values("dikonfirmasi_pegawai_at")[:1]),
        jumlah_dialog=Subquery(
            dialogs.order_by().values("pegawai_id").annotate(n=Count("id")).values("n")
        ),
    )
    sudah = Q(dialog_id__isnull=False)
    totals = base.aggregate(semua=Count("pk"), sudah=Count("pk", filter=sudah))
    counts = {SUDAH: totals["sudah"], BELUM: totals["semua"] - totals["sudah"]}
    qs = base.select_related("jabatan", "unor")
    if status == SUDAH:
        qs = qs.filter(sudah)
    elif status == BELUM:
        qs = qs.filter(dialog_id__isnull=True)
    q = q.strip()
    if q.isdigit():
        qs = qs.filter(nip__startswith=q)
    elif q:
        qs = qs.filter(nama__icontains=q)
    return qs.order_by("nama", "id"), counts


def bawahan_pilihan(penilai: Pegawai, day: dt.date) -> QuerySet[Pegawai]:
    """Whom the penilai can record a dialog with: their bawahan on the day."""
    return org_selectors.bawahan_of(penilai, day).select_related("jabatan").order_by("nama", "id")


# --- Briefing --------------------------------------------------------------------------------


def pemimpin_unit(unit: UnitOrganisasi, day: dt.date) -> int | None:
    """The pegawai leading the unit on the day: the same rule as the atasan (definitif, or the
    PLT/PLH standing in, who takes precedence during their window)."""
    return org_selectors.leaders_of_units(unit.instansi_id, [unit.pk], day).get(unit.pk)


def unit_dipimpin(pegawai: Pegawai, day: dt.date) -> list[UnitOrganisasi]:
    """The units the pegawai leads on the day, top first."""
    held = list(
        org_selectors.leader_rows(pegawai.instansi_id, day)
        .filter(pegawai_id=pegawai.pk)
        .values_list("unor_id", flat=True)
    )
    if not held:
        return []
    leaders = org_selectors.leaders_of_units(pegawai.instansi_id, held, day)
    mine = [u for u, p in leaders.items() if p == pegawai.pk]
    units = UnitOrganisasi.objects.filter(instansi_id=pegawai.instansi_id, pk__in=mine)
    return sorted(units, key=lambda u: (u.kedalaman, u.nama))


def calon_peserta(unit: UnitOrganisasi, pemimpin_id: int, day: dt.date) -> QuerySet[Pegawai]:
    """Who may attend the unit's briefing: its own aktif pegawai and the leaders of its direct
    sub-units (who brief their own staff in turn), not the leader themself. Two queries to find
    the sub-unit leaders; the result is one more."""
    sub_units = list(
        UnitOrganisasi.objects.filter(instansi_id=unit.instansi_id, induk_id=unit.pk).values_list(
            "id", flat=True
        )
    )
    sub_leaders = (
        list(org_selectors.leaders_of_units(unit.instansi_id, sub_units, day).values())
        if sub_units
        else []
    )
    return (
        Pegawai.objects.filter(instansi_id=unit.instansi_id, aktif=True)
        .filter(Q(unor_id=unit.pk) | Q(pk__in=sub_leaders))
        .exclude(pk=pemimpin_id)
        .select_related("jabatan", "unor")
        .order_by("nama", "id")
    )


def calon_peserta_ids(unit: UnitOrganisasi, pemimpin_id: int, day: dt.date) -> set[int]:
    return set(calon_peserta(unit, pemimpin_id, day).values_list("pk", flat=True))


def boleh_lihat_briefing(user: Any, briefing: Briefing) -> bool:
    if user.instansi_id != briefing.instansi_id:
        return False
    if _is_admin_of(user, briefing.instansi_id):
        return True
    if not user.pegawai_id:
        return False
    if user.pegawai_id == briefing.pemimpin_id:
        return True
    return PesertaBriefing.objects.filter(
        instansi_id=briefing.instansi_id, briefing=briefing, pegawai_id=user.pegawai_id
    ).exists()


def briefing_for_user(user: Any, pk: int) -> Briefing:
    briefing = (
        Briefing.objects.select_related("unor", "pemimpin", "pemimpin__jabatan")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if briefing is None or not boleh_lihat_briefing(user, briefing):
        raise Http404
    return briefing


def peserta_of(briefing: Briefing) -> list[PesertaBriefing]:
    return list(
        PesertaBriefing.objects.filter(instansi_id=briefing.instansi_id, briefing=briefing)
        .select_related("pegawai", "pegawai__jabatan")
        .order_by("pegawai__nama", "pegawai_id")
    )


def lampiran_of(briefing: Briefing) -> list[LampiranBriefing]:
    return list(
        LampiranBriefing.objects.filter(
            instansi_id=briefing.instansi_id, briefing=briefing
        ).order_by("created_at", "id")
    )


def lampiran_for_user(user: Any, pk: int) -> LampiranBriefing:
    """An attachment, for the briefing's leader, attendees and the Admin Instansi; 404 for
    anyone else, also for a link (nothing to download)."""
    row = (
        LampiranBriefing.objects.select_related("briefing")
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if row is None or not row.berkas or not boleh_lihat_briefing(user, row.briefing):
        raise Http404
    return row


def _with_counts(qs: QuerySet[Briefing]) -> QuerySet[Briefing]:
    """Attendee and acknowledgement counts as correlated subqueries: the paginator's COUNT stays
    a plain count of briefings."""
    peserta = PesertaBriefing.objects.filter(
        instansi_id=OuterRef("instansi_id"), briefing_id=OuterRef("pk")
    ).order_by()
    jumlah = peserta.values("briefing_id").annotate(n=Count("id")).values("n")
    dikonfirmasi = (
        peserta.filter(dikonfirmasi_at__isnull=False)
        .values("briefing_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.select_related("unor", "pemimpin").annotate(
        jumlah_peserta=Subquery(jumlah), jumlah_konfirmasi=Subquery(dikonfirmasi)
    )


def briefing_dipimpin(user: Any) -> QuerySet[Briefing]:
    return _with_counts(
        Briefing.objects.filter(instansi_id=user.instansi_id, pemimpin_id=user.pegawai_id)
    ).order_by("-tanggal", "-id")


def briefing_diikuti(user: Any) -> QuerySet[PesertaBriefing]:
    return (
        PesertaBriefing.objects.filter(instansi_id=user.instansi_id, pegawai_id=user.pegawai_id)
        .select_related("briefing", "briefing__unor", "briefing__pemimpin")
        .order_by("-briefing__tanggal", "-briefing_id")
    )


def briefing_instansi(instansi_id: int, unit: UnitOrganisasi | None) -> QuerySet[Briefing]:
    """The Admin Instansi's list: the briefings of `unit` and the units below it."""
    qs = Briefing.objects.filter(instansi_id=instansi_id)
    if unit is not None:
        qs = qs.filter(unor__path__startswith=unit.path)
    return _with_counts(qs).order_by("-tanggal", "-id")


def pilihan_unit(instansi_id: int) -> list[tuple[int, str]]:
    """(id, label indented by depth) of every unit in tree order, for the admin's unit filter."""
    rows = (
        UnitOrganisasi.objects.filter(instansi_id=instansi_id)
        .order_by("path")
        .values_list("id", "nama", "kedalaman")
    )
    return [(pk, "\u00a0\u00a0" * depth + nama) for pk, nama, depth in rows]


def unit_filter(user: Any, value: str) -> UnitOrganisasi | None:
    if not value.isdigit():
        return None
    unit = UnitOrganisasi.objects.filter(instansi_id=user.instansi_id, pk=int(value)).first()
    if unit is None:
        raise Http404
    return unit
