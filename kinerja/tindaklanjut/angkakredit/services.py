"""Writes of the angka kredit ledger, each in a transaction with its audit event.

- `hitung_ulang_pegawai`: rebuild one pegawai's rows; called by the receiver of
  `events.evaluasi_final` inside the finalising (or keberatan-deciding) transaction, so the
  ledger never disagrees with a committed result. Each row created, changed or removed is
  audited with its before/after.
- `hitung_ulang_instansi`: the same for every JF pegawai of an instansi in bulk (demo data and
  the benchmark write evaluations without events; also a repair tool). One summary audit event.
- `atur_saldo`: the Admin Instansi sets a pegawai's AK awal and its start date.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core import audit, jobs
from kinerja.core.bulk import insert_many, update_many
from kinerja.core.models import Pekerjaan
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import Instansi, Pegawai
from kinerja.tindaklanjut.angkakredit import hitung
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit

AK_MAKS = Decimal("999999.999")  # what the column holds
SALDO_FIELDS = ["ak_awal", "tanggal_mulai", "keterangan"]
BATCH = 5000


@dataclass(frozen=True)
class Hasil:
    baru: int
    diubah: int
    dihapus: int


def _json(row: dict[str, Any]) -> dict[str, Any]:
    """A ledger row for the audit log (dates as ISO text, decimals as text)."""
    return {
        k: v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, Decimal) else v
        for k, v in row.items()
    }


@transaction.atomic
def hitung_ulang_pegawai(
    instansi_id: int,
    pegawai_id: int,
    actor: Any = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Hasil:
    """Rebuild one pegawai's ledger (a few queries); every change is audited."""
    now = now or timezone.now()
    data = hitung.muat(instansi_id, pegawai_id)
    diff = hitung.selisih(data, hitung.rencana(data))
    for row in diff.baru:
        obj = AngkaKredit.objects.create(instansi_id=instansi_id, computed_at=now, **row)
        audit.record(
            actor,
            "angkakredit.dibukukan",
            obj,
            instansi=Instansi(pk=instansi_id),
            after=_json(row),
            reason=reason,
        )
    for stored, row in diff.ubah:
        AngkaKredit.objects.filter(instansi_id=instansi_id, pk=row["id"]).update(
            computed_at=now, updated_at=now, **{k: row[k] for k in hitung.KOLOM}
        )
        before, after = audit.changed(_json(stored), _json(row))
        audit.record(
            actor,
            "angkakredit.diubah",
            AngkaKredit(pk=row["id"], instansi_id=instansi_id),
            instansi=Instansi(pk=instansi_id),
            before=before,
            after=after,
            reason=reason,
            object_repr=f"Angka kredit evaluasi {row['evaluasi_id']}",
        )
    if diff.hapus:
        AngkaKredit.objects.filter(
            instansi_id=instansi_id, pk__in=[r["id"] for r in diff.hapus]
        ).delete()
        for stored in diff.hapus:
            audit.record(
                actor,
                "angkakredit.dihapus",
                AngkaKredit(pk=stored["id"], instansi_id=instansi_id),
                instansi=Instansi(pk=instansi_id),
                before=_json(stored),
                reason=reason,
                object_repr=f"Angka kredit evaluasi {stored['evaluasi_id']}",
            )
    return Hasil(len(diff.baru), len(diff.ubah), len(diff.hapus))


@transaction.atomic
def mulai_hitung_ulang(actor: Any) -> Pekerjaan:
    """Start `hitung_ulang_instansi` of the actor's instansi as a background job."""
    require_admin_instansi(actor, actor.instansi_id)
    pekerjaan = jobs.buat(actor, "angkakredit.hitung_ulang", "Hitung ulang angka kredit")
    jobs.jalankan(
        pekerjaan,
        "kinerja.tindaklanjut.angkakredit.services.tugas_hitung_ulang",
        instansi_id=actor.instansi_id,
        actor_id=actor.pk,
    )
    return pekerjaan


def tugas_hitung_ulang(progress: Any, instansi_id: int, actor_id: int) -> jobs.Hasil:
    actor = User.objects.get(pk=actor_id)
    progress(0, 1)
    hasil = hitung_ulang_instansi(instansi_id, actor=actor)
    progress(1, 1)
    return jobs.Hasil(
        pesan=f"Angka kredit dihitung ulang: {hasil.baru} baris baru, {hasil.diubah} diubah, "
        f"{hasil.dihapus} dihapus."
    )


def hitung_ulang_instansi(
    instansi_id: int, actor: Any = None, now: dt.datetime | None = None
) -> Hasil:
    """Rebuild the ledger of every JF pegawai of an instansi in bulk: a fixed number of
    queries, bulk inserts and updates; rows of pegawai never in a JF position go too."""
    if actor is not None:
        require_admin_instansi(actor, instansi_id)
    now = now or timezone.now()
    data = hitung.muat(instansi_id)
    diff = hitung.selisih(data, hitung.rencana(data))
    insert_many(
        AngkaKredit,
        ({**row, "instansi_id": instansi_id, "computed_at": now} for row in diff.baru),
    )
    update_many(
        AngkaKredit,
        [*hitung.KOLOM, "computed_at"],
        ({**row, "computed_at": now} for _, row in diff.ubah),
    )
    ids = [r["id"] for r in diff.hapus]
    for start in range(0, len(ids), BATCH):
        AngkaKredit.objects.filter(
            instansi_id=instansi_id, pk__in=ids[start : start + BATCH]
        ).delete()
    lain, _ = (
        AngkaKredit.objects.filter(instansi_id=instansi_id)
        .exclude(hitung.lingkup(instansi_id, None))
        .delete()
    )
    hasil = Hasil(len(diff.baru), len(diff.ubah), len(ids) + lain)
    audit.record(
        actor,
        "angkakredit.dihitung_ulang",
        Instansi(pk=instansi_id),
        instansi=Instansi(pk=instansi_id),
        after={"baru": hasil.baru, "diubah": hasil.diubah, "dihapus": hasil.dihapus},
        object_repr="Hitung ulang angka kredit instansi",
    )
    return hasil


# --- Saldo awal --------------------------------------------------------------------------


def _hari_ini(instansi: Instansi) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(instansi.zona_waktu))


def _ak_awal(value: Any) -> Decimal:
    try:
        ak = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError("Angka kredit awal harus berupa angka, misalnya 12,5.") from None
    if not ak.is_finite():
        raise DomainError("Angka kredit awal harus berupa angka, misalnya 12,5.")
    if ak < 0:
        raise DomainError("Angka kredit awal tidak boleh negatif.")
    if ak > AK_MAKS:
        raise DomainError("Angka kredit awal terlalu besar.")
    if ak != ak.quantize(Decimal("0.001")):
        raise DomainError("Angka kredit awal paling banyak tiga angka di belakang koma.")
    return ak.quantize(Decimal("0.001"))


@transaction.atomic
def atur_saldo(
    actor: Any,
    pegawai: Pegawai,
    *,
    ak_awal: Any,
    tanggal_mulai: dt.date | None,
    keterangan: str = "",
    hari_ini: dt.date | None = None,
) -> SaldoAngkaKredit:
    """Set (or replace) the pegawai's AK awal as of a start date (TMT), then rebuild their
    ledger: the months before that date count no more. Refusals store nothing."""
    require_admin_instansi(actor, pegawai.instansi_id)
    pegawai = Pegawai.objects.select_related("instansi", "jabatan").get(
        instansi_id=pegawai.instansi_id, pk=pegawai.pk
    )
    if pegawai.jabatan is None or pegawai.jabatan.jenjang_id is None:
        raise DomainError(
            f"{pegawai.nama_lengkap} bukan pejabat fungsional; angka kredit hanya untuk "
            "pegawai dalam jabatan fungsional yang berjenjang."
        )
    ak = _ak_awal(ak_awal)
    if tanggal_mulai is None:
        raise DomainError("Tanggal mulai (TMT) angka kredit awal wajib diisi.")
    if tanggal_mulai > (hari_ini or _hari_ini(pegawai.instansi)):
        raise DomainError("Tanggal mulai tidak boleh di masa depan.")
    keterangan = (keterangan or "").strip()[:255]
    row = SaldoAngkaKredit.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai).first()
    before = audit.snapshot(row, SALDO_FIELDS) if row else None
    if row is None:
        row = SaldoAngkaKredit(instansi_id=pegawai.instansi_id, pegawai=pegawai)
    row.ak_awal, row.tanggal_mulai, row.keterangan = ak, tanggal_mulai, keterangan
    row.diubah_oleh = actor
    row.save()
    audit.record(
        actor,
        "angkakredit.saldo_diatur",
        row,
        before=before,
        after=audit.snapshot(row, SALDO_FIELDS),
        object_repr=f"Saldo angka kredit {pegawai.nama_lengkap}",
    )
    hitung_ulang_pegawai(
        pegawai.instansi_id, pegawai.pk, actor=actor, reason="Saldo angka kredit diatur"
    )
    return row
