"""Writes of the pembinaan (domain.md §4): dialog kinerja between a penilai and one bawahan, and
the briefing a leader holds for their unit. Every function runs in a transaction, checks who
may act, records an audit event and notifies the other side in-app. Refusals raise DomainError
(message for the user) or PermissionDenied; a refused write stores nothing.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.notifications import notify, notify_many
from kinerja.core.permissions import DomainError
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.org.selectors import atasan_id_of
from kinerja.pelaksanaan import berkas, jadwal, periode
from kinerja.pelaksanaan.models import (
    Briefing,
    DialogKinerja,
    LampiranBriefing,
    PesertaBriefing,
    TindakLanjutDialog,
    UntukBatas,
)
from kinerja.pelaksanaan.selectors_pembinaan import calon_peserta_ids, pemimpin_unit

ASPEK = ("hasil_kerja", "perilaku", "kompetensi", "karier")
ISI_DIALOG = ("tanggal", "agenda", *ASPEK, "periode")
MAKS_LAMPIRAN = 10


@dataclass(frozen=True)
class ButirTindakLanjut:
    """One agreed follow-up as typed in the form (jatuh_tempo None when left empty)."""

    uraian: str
    jatuh_tempo: dt.date | None


def _me(actor: Any) -> Pegawai:
    if not getattr(actor, "pegawai_id", None):
        raise PermissionDenied("Hanya pegawai yang dapat melakukannya.")
    return Pegawai.objects.select_related("unor").get(pk=actor.pegawai_id)


def _today(instansi_id: int, now: dt.datetime) -> dt.date:
    """Today in the instansi's own zone (WIB/WITA/WIT), not the server's."""
    return now.astimezone(ZoneInfo(periode.zona_of(instansi_id))).date()


def _not_future(tanggal: dt.date | None, instansi_id: int, now: dt.datetime, what: str) -> None:
    if tanggal is None:
        raise DomainError(f"Tanggal {what} wajib diisi.")
    if tanggal > _today(instansi_id, now):
        raise DomainError(f"Tanggal {what} tidak boleh setelah hari ini.")


# --- Dialog kinerja --------------------------------------------------------------------------


def _dialog_url(dialog: DialogKinerja) -> str:
    return reverse("pelaksanaan:dialog_detail", args=[dialog.pk])


def _check_isi(
    tanggal: dt.date | None,
    agenda: str,
    aspek: dict[str, str],
    butir: Sequence[ButirTindakLanjut],
    instansi_id: int,
    now: dt.datetime,
) -> list[tuple[str, dt.date]]:
    """The content rules shared by recording and editing; returns the follow-ups to store."""
    _not_future(tanggal, instansi_id, now, "dialog")
    assert tanggal is not None
    if not agenda.strip():
        raise DomainError("Agenda dialog wajib diisi.")
    if not any(v.strip() for v in aspek.values()):
        raise DomainError(
            "Isi sekurang-kurangnya satu aspek yang dibahas: hasil kerja, perilaku, "
            "kompetensi/pengembangan, atau karier."
        )
    rows = []
    for nomor, b in enumerate(butir, start=1):
        uraian = b.uraian.strip()
        if not uraian and b.jatuh_tempo is None:
            continue  # an empty row of the form
        if not uraian:
            raise DomainError(f"Tindak lanjut ke-{nomor}: uraian wajib diisi.")
        if b.jatuh_tempo is None:
            raise DomainError(f"Tindak lanjut ke-{nomor}: jatuh tempo wajib diisi.")
        if b.jatuh_tempo < tanggal:
            raise DomainError(
                f"Tindak lanjut ke-{nomor}: jatuh tempo tidak boleh sebelum tanggal dialog."
            )
        rows.append((uraian, b.jatuh_tempo))
    return rows


def _add_butir(dialog: DialogKinerja, rows: Iterable[tuple[str, dt.date]]) -> None:
    TindakLanjutDialog.objects.bulk_create(
        TindakLanjutDialog(
            instansi_id=dialog.instansi_id, dialog=dialog, uraian=uraian, jatuh_tempo=tempo
        )
        for uraian, tempo in rows
    )


def _bawa_tindak_lanjut(dialog: DialogKinerja) -> int:
    """Copy the pair's unfinished, not yet carried follow-ups of earlier dialogs into this one
    and mark the originals carried. Only the latest dialog holds such rows (each recording
    empties the ones before), so this is "the previous dialog's" unfinished follow-ups."""
    pending = list(
        TindakLanjutDialog.objects.filter(
            instansi_id=dialog.instansi_id,
            dialog__instansi_id=dialog.instansi_id,
            dialog__penilai_id=dialog.penilai_id,
            dialog__pegawai_id=dialog.pegawai_id,
            dialog__tanggal__lte=dialog.tanggal,
            selesai=False,
            dibawa=False,
        )
        .exclude(dialog_id=dialog.pk)
        .order_by("jatuh_tempo", "id")
    )
    TindakLanjutDialog.objects.bulk_create(
        TindakLanjutDialog(
            instansi_id=dialog.instansi_id,
            dialog=dialog,
            uraian=item.uraian,
            jatuh_tempo=item.jatuh_tempo,
            dibawa_dari=item,
        )
        for item in pending
    )
    TindakLanjutDialog.objects.filter(
        instansi_id=dialog.instansi_id, pk__in=[i.pk for i in pending]
    ).update(dibawa=True)
    return len(pending)


def _snapshot(dialog: DialogKinerja) -> dict[str, Any]:
    data = audit.snapshot(dialog, ["pegawai", "penilai", *ISI_DIALOG])
    data["tindak_lanjut"] = [
        {
            "uraian": t.uraian,
            "jatuh_tempo": t.jatuh_tempo.isoformat(),
            "dibawa_dari": t.dibawa_dari_id,
        }
        for t in TindakLanjutDialog.objects.filter(instansi_id=dialog.instansi_id, dialog=dialog)
    ]
    return data


@transaction.atomic
def catat_dialog(
    actor: Any,
    pegawai: Pegawai,
    *,
    tanggal: dt.date | None,
    agenda: str,
    hasil_kerja: str = "",
    perilaku: str = "",
    kompetensi: str = "",
    karier: str = "",
    tindak_lanjut: Sequence[ButirTindakLanjut] = (),
    now: dt.datetime | None = None,
) -> DialogKinerja:
    """The penilai records a 1:1 held with one of their bawahan. Recording it is the penilai's
    confirmation; the pegawai is asked to confirm. Unfinished follow-ups of the pair's earlier
    dialog are carried over."""
    now = now or timezone.now()
    me = _me(actor)
    if pegawai.instansi_id != me.instansi_id or pegawai.pk == me.pk:
        raise DomainError("Pilih salah satu pegawai yang Anda nilai.")
    aspek = {
        "hasil_kerja": hasil_kerja,
        "perilaku": perilaku,
        "kompetensi": kompetensi,
        "karier": karier,
    }
    rows = _check_isi(tanggal, agenda, aspek, tindak_lanjut, me.instansi_id, now)
    assert tanggal is not None
    # The same rule as the SKP's penilai (org.selectors): the atasan on the day of the dialog.
    if atasan_id_of(pegawai, tanggal) != me.pk:
        raise DomainError(
            f"{pegawai.nama_lengkap} bukan pegawai yang Anda nilai pada "
            f"{jadwal.format_tanggal(tanggal)}; dialog kinerja dicatat oleh pejabat penilainya."
        )
    dalam = periode.periode_pada(me.instansi_id, tanggal)
    periode.pastikan_terbuka(dalam, UntukBatas.PENILAIAN, pegawai, now)
    dialog = DialogKinerja.objects.create(
        instansi_id=me.instansi_id,
        penilai=me,
        pegawai=pegawai,
        periode=dalam,
        tanggal=tanggal,
        agenda=agenda.strip(),
        **{k: v.strip() for k, v in aspek.items()},
        dikonfirmasi_penilai_at=now,
    )
    _add_butir(dialog, rows)
    dibawa = _bawa_tindak_lanjut(dialog)
    audit.record(actor, "dialog.dicatat", dialog, after={**_snapshot(dialog), "dibawa": dibawa})
    notify(
        pegawai,
        "Dialog kinerja perlu Anda konfirmasi",
        f"{me.nama_lengkap} mencatat dialog kinerja tanggal {jadwal.format_tanggal(tanggal)}.",
        _dialog_url(dialog),
        jenis="dialog",
    )
    return dialog


def _as_penilai(actor: Any, dialog: DialogKinerja) -> None:
    if not actor.pegawai_id or actor.pegawai_id != dialog.penilai_id:
        raise PermissionDenied(
            "Hanya pejabat penilai yang mencatat dialog ini yang dapat mengubahnya."
        )


@transaction.atomic
def ubah_dialog(
    actor: Any,
    dialog: DialogKinerja,
    *,
    tanggal: dt.date | None,
    agenda: str,
    hasil_kerja: str = "",
    perilaku: str = "",
    kompetensi: str = "",
    karier: str = "",
    tindak_lanjut: Sequence[ButirTindakLanjut] = (),
    now: dt.datetime | None = None,
) -> DialogKinerja:
    """The penilai corrects a dialog the pegawai has not confirmed yet. `tindak_lanjut` replaces
    the dialog's own follow-ups; the ones carried from an earlier dialog stay as they are."""
    now = now or timezone.now()
    _as_penilai(actor, dialog)
    dialog = DialogKinerja.objects.select_for_update().get(
        instansi_id=dialog.instansi_id, pk=dialog.pk
    )
    if dialog.dikonfirmasi_pegawai_at is not None:
        raise DomainError("Dialog sudah dikonfirmasi kedua pihak; isinya tidak dapat diubah lagi.")
    own = TindakLanjutDialog.objects.filter(
        instansi_id=dialog.instansi_id, dialog=dialog, dibawa_dari__isnull=True
    )
    if own.filter(dibawa=True).exists():
        raise DomainError(
            "Tindak lanjut dialog ini sudah dibawa ke dialog berikutnya; dialog tidak dapat diubah."
        )
    aspek = {
        "hasil_kerja": hasil_kerja,
        "perilaku": perilaku,
        "kompetensi": kompetensi,
        "karier": karier,
    }
    rows = _check_isi(tanggal, agenda, aspek, tindak_lanjut, dialog.instansi_id, now)
    assert tanggal is not None
    if atasan_id_of(dialog.pegawai, tanggal) != dialog.penilai_id:
        raise DomainError(
            f"Pada {jadwal.format_tanggal(tanggal)} Anda bukan pejabat penilai "
            f"{dialog.pegawai.nama_lengkap}."
        )
    # Both the period it leaves and the one it moves to must still be open.
    periode.pastikan_terbuka(dialog.periode, UntukBatas.PENILAIAN, dialog.pegawai, now)
    dalam = periode.periode_pada(dialog.instansi_id, tanggal)
    if dalam.pk != dialog.periode_id:
        periode.pastikan_terbuka(dalam, UntukBatas.PENILAIAN, dialog.pegawai, now)
    before = _snapshot(dialog)
    dialog.tanggal, dialog.agenda, dialog.periode = tanggal, agenda.strip(), dalam
    for name, value in aspek.items():
        setattr(dialog, name, value.strip())
    dialog.save(update_fields=["tanggal", "agenda", "periode", *ASPEK])
    own.delete()
    _add_butir(dialog, rows)
    after = _snapshot(dialog)
    audit.record(actor, "dialog.diubah", dialog, before=before, after=after)
    notify(
        dialog.pegawai,
        "Catatan dialog kinerja diubah",
        f"{dialog.penilai.nama_lengkap} mengubah catatan dialog kinerja tanggal "
        f"{jadwal.format_tanggal(tanggal)}. Periksa lalu konfirmasi.",
        _dialog_url(dialog),
        jenis="dialog",
    )
    return dialog


@transaction.atomic
def konfirmasi_dialog(
    actor: Any, dialog: DialogKinerja, now: dt.datetime | None = None
) -> DialogKinerja:
    """The pegawai confirms the record; with the penilai's recording it is now frozen."""
    now = now or timezone.now()
    if not actor.pegawai_id or actor.pegawai_id != dialog.pegawai_id:
        raise PermissionDenied("Hanya pegawai yang berdialog yang dapat mengonfirmasinya.")
    dialog = DialogKinerja.objects.select_for_update().get(
        instansi_id=dialog.instansi_id, pk=dialog.pk
    )
    if dialog.dikonfirmasi_pegawai_at is not None:
        raise DomainError("Dialog ini sudah Anda konfirmasi.")
    periode.pastikan_terbuka(dialog.periode, UntukBatas.PENGISIAN, dialog.pegawai, now)
    dialog.dikonfirmasi_pegawai_at = now
    dialog.save(update_fields=["dikonfirmasi_pegawai_at"])
    audit.record(
        actor, "dialog.dikonfirmasi", dialog, after={"dikonfirmasi_pegawai_at": now.isoformat()}
    )
    notify(
        dialog.penilai,
        f"Dialog kinerja dikonfirmasi {dialog.pegawai.nama_lengkap}",
        f"Dialog tanggal {jadwal.format_tanggal(dialog.tanggal)} sudah dikonfirmasi kedua pihak.",
        _dialog_url(dialog),
        jenis="dialog",
    )
    return dialog


@transaction.atomic
def tandai_tindak_lanjut(
    actor: Any, item: TindakLanjutDialog, selesai: bool, now: dt.datetime | None = None
) -> TindakLanjutDialog:
    """Either side marks an agreed follow-up done (or not done yet), also after both confirmed.
    Not locked by the period: follow-ups fall due after the dialog's period has closed."""
    now = now or timezone.now()
    dialog = item.dialog
    if not actor.pegawai_id or actor.pegawai_id not in (dialog.penilai_id, dialog.pegawai_id):
        raise PermissionDenied("Hanya penilai dan pegawai yang berdialog yang dapat menandainya.")
    item = TindakLanjutDialog.objects.select_for_update().get(
        instansi_id=item.instansi_id, pk=item.pk
    )
    if item.dibawa:
        raise DomainError(
            "Tindak lanjut ini sudah dibawa ke dialog berikutnya; tandai di dialog tersebut."
        )
    if item.selesai == selesai:
        return item
    before = audit.snapshot(item, ["selesai", "selesai_at"])
    item.selesai, item.selesai_at = selesai, (now if selesai else None)
    item.save(update_fields=["selesai", "selesai_at"])
    audit.record(
        actor,
        "dialog.tindak_lanjut_selesai" if selesai else "dialog.tindak_lanjut_dibuka",
        item,
        before=before,
        after=audit.snapshot(item, ["selesai", "selesai_at"]),
    )
    return item


# --- Briefing --------------------------------------------------------------------------------


def _briefing_url(briefing: Briefing) -> str:
    return reverse("pelaksanaan:briefing_detail", args=[briefing.pk])


@transaction.atomic
def catat_briefing(
    actor: Any,
    unor: UnitOrganisasi,
    *,
    tanggal: dt.date | None,
    topik: str,
    arahan: str,
    peserta_ids: Iterable[int],
    lampiran: Sequence[UploadedFile] = (),
    tautan: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Briefing:
    """The leader of a unit (definitif, PLT or PLH, on the day) records a briefing held for it,
    with its attendees (the unit's own pegawai and the leaders of its direct sub-units) and
    attachments. Attendees are notified and asked to acknowledge."""
    now = now or timezone.now()
    me = _me(actor)
    if unor.instansi_id != me.instansi_id:
        raise DomainError("Unit tidak ditemukan.")
    _not_future(tanggal, me.instansi_id, now, "briefing")
    assert tanggal is not None
    if pemimpin_unit(unor, tanggal) != me.pk:
        raise DomainError(
            f"Anda bukan pimpinan {unor.nama} pada {jadwal.format_tanggal(tanggal)}; briefing "
            "unit dicatat oleh pimpinannya (definitif, PLT, atau PLH)."
        )
    topik, arahan = topik.strip(), arahan.strip()
    if not topik:
        raise DomainError("Topik briefing wajib diisi.")
    if len(topik) > 300:
        raise DomainError("Topik briefing paling panjang 300 karakter.")
    if not arahan:
        raise DomainError("Arahan yang diberikan wajib diisi.")
    dipilih = set(peserta_ids)
    if not dipilih:
        raise DomainError("Pilih sekurang-kurangnya satu peserta briefing.")
    asing = dipilih - calon_peserta_ids(unor, me.pk, tanggal)
    if asing:
        raise DomainError(
            f"{len(asing)} peserta yang dipilih bukan pegawai {unor.nama} atau pimpinan "
            "sub-unitnya."
        )
    links = [t for t in (t.strip() for t in tautan) if t]
    if len(lampiran) + len(links) > MAKS_LAMPIRAN:
        raise DomainError(f"Lampiran paling banyak {MAKS_LAMPIRAN} berkas atau tautan.")
    # Check every attachment before storing any, so a bad one leaves no file behind.
    diperiksa = [berkas.periksa_lampiran(upload) for upload in lampiran]
    diperiksa += [berkas.periksa_lampiran(None, link) for link in links]
    briefing = Briefing.objects.create(
        instansi_id=me.instansi_id,
        unor=unor,
        pemimpin=me,
        tanggal=tanggal,
        topik=topik,
        arahan=arahan,
    )
    PesertaBriefing.objects.bulk_create(
        PesertaBriefing(instansi_id=me.instansi_id, briefing=briefing, pegawai_id=pid)
        for pid in sorted(dipilih)
    )
    berkas.simpan_lampiran(
        lambda: LampiranBriefing(instansi_id=briefing.instansi_id, briefing=briefing), diperiksa
    )
    audit.record(
        actor,
        "briefing.dicatat",
        briefing,
        after={
            **audit.snapshot(briefing, ["unor", "pemimpin", "tanggal", "topik", "arahan"]),
            "peserta": sorted(dipilih),
            "lampiran": len(lampiran) + len(links),
        },
    )
    notify_many(
        me.instansi_id,
        dipilih,
        f"Briefing {unor.nama}: {topik}"[:200],
        f"{me.nama_lengkap} mencatat Anda sebagai peserta briefing tanggal "
        f"{jadwal.format_tanggal(tanggal)}. Baca arahannya lalu konfirmasi.",
        _briefing_url(briefing),
        jenis="briefing",
    )
    return briefing


@transaction.atomic
def konfirmasi_briefing(
    actor: Any, briefing: Briefing, now: dt.datetime | None = None
) -> PesertaBriefing:
    """An attendee acknowledges the briefing (once)."""
    now = now or timezone.now()
    row = (
        PesertaBriefing.objects.select_for_update()
        .filter(instansi_id=briefing.instansi_id, briefing=briefing, pegawai_id=actor.pegawai_id)
        .first()
        if actor.pegawai_id
        else None
    )
    if row is None:
        raise PermissionDenied("Hanya peserta briefing yang dapat mengonfirmasinya.")
    if row.dikonfirmasi_at is not None:
        raise DomainError("Briefing ini sudah Anda konfirmasi.")
    row.dikonfirmasi_at = now
    row.save(update_fields=["dikonfirmasi_at"])
    audit.record(
        actor,
        "briefing.dikonfirmasi",
        briefing,
        after={"peserta": actor.pegawai_id, "dikonfirmasi_at": now.isoformat()},
    )
    return row
