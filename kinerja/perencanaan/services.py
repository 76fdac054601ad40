"""Every write of stage 1: one function per use case, in a transaction, audited, notifying the
other side. Refusals raise DomainError (message for the user) or PermissionDenied."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit, events
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError
from kinerja.org.models import JenisJabatan, NilaiBerakhlak, Pegawai
from kinerja.org.selectors import atasan_of
from kinerja.perencanaan import rules
from kinerja.perencanaan.models import (
    AnggotaTim,
    AspekIki,
    IndikatorKinerja,
    Intervensi,
    JenisCascading,
    JenisLampiran,
    JenisRhk,
    Lampiran,
    Pendekatan,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
    TimKerja,
)
from kinerja.perencanaan.selectors import allowed_rhk_atasan_ids, rhk_atasan_choices

BERAKHLAK_VERSI = "SE MenPANRB 20/2021"


# --- Snapshots -------------------------------------------------------------------------------


def snapshot_of(pegawai: Pegawai | None) -> dict[str, str]:
    """Who someone was at this moment: what the SKP and its documents print."""
    if pegawai is None:
        return {}
    return {
        "nama": pegawai.nama_lengkap,
        "nip": pegawai.nip,
        "pangkat_golongan": str(pegawai.golongan) if pegawai.golongan_id else "",
        "jabatan": str(pegawai.jabatan) if pegawai.jabatan_id else "",
        "unit": str(pegawai.unor) if pegawai.unor_id else "",
    }


def _people(pegawai: Pegawai) -> tuple[Pegawai | None, Pegawai | None]:
    penilai = atasan_of(pegawai)
    return penilai, atasan_of(penilai) if penilai else None


def _fill_header(skp: Skp, pegawai: Pegawai) -> None:
    penilai, atasan_penilai = _people(pegawai)
    skp.penilai, skp.atasan_penilai = penilai, atasan_penilai
    skp.is_jpt = pegawai.jabatan is not None and pegawai.jabatan.jenis == JenisJabatan.JPT
    skp.snapshot = {
        "pegawai": snapshot_of(pegawai),
        "penilai": snapshot_of(penilai),
        "atasan_penilai": snapshot_of(atasan_penilai),
        "instansi": pegawai.instansi.nama,
    }


def _url(skp: Skp) -> str:
    return reverse("perencanaan:skp_detail", args=[skp.pk])


# --- Creating an SKP -------------------------------------------------------------------------


@transaction.atomic
def buat_skp(actor: Any, tahun: int, today: dt.date | None = None) -> Skp:
    """The actor's own SKP for `tahun`. If an earlier SKP of that year has another penilai now
    (mutasi, new atasan), it is closed the day before and the new one starts today."""
    pegawai = _own_pegawai(actor)
    today = today or timezone.localdate()
    mulai, selesai = dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)
    latest = _latest_of_year(pegawai, tahun)
    if latest is not None:
        penilai, _ = _people(pegawai)
        same_penilai = latest.penilai_id == (penilai.pk if penilai else None)
        if latest.periode_selesai >= today and same_penilai:
            raise DomainError(f"SKP tahun {tahun} Anda sudah ada.")
        if latest.editable and latest.periode_selesai >= today:
            raise DomainError(
                "SKP Anda masih berupa draft; penilainya diperbarui otomatis saat Anda membukanya."
            )
        if not (mulai < today <= selesai):
            raise DomainError(f"SKP tahun {tahun} Anda sudah ada.")
        _close_series(actor, latest, today - dt.timedelta(days=1))
        mulai = today
    skp = Skp(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        periode_mulai=mulai,
        periode_selesai=selesai,
        pendekatan=pegawai.instansi.pendekatan_skp or Pendekatan.KUANTITATIF,
    )
    _fill_header(skp, pegawai)
    skp.save()
    _add_perilaku(skp)
    audit.record(actor, "skp.dibuat", skp, after=audit.snapshot(skp, ["tahun", "periode_mulai"]))
    return skp


def _own_pegawai(actor: Any) -> Pegawai:
    if not actor.pegawai_id:
        raise PermissionDenied("Hanya pegawai yang dapat membuat SKP-nya sendiri.")
    return Pegawai.objects.select_related("instansi", "jabatan", "unor", "golongan").get(
        pk=actor.pegawai_id
    )


def _latest_of_year(pegawai: Pegawai, tahun: int) -> Skp | None:
    return (
        Skp.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai, tahun=tahun)
        .order_by("-periode_mulai", "-revisi")
        .first()
    )


def _close_series(actor: Any, skp: Skp, tanggal: dt.date) -> None:
    """End every revision of this SKP's periode at `tanggal` (mutasi / new penilai)."""
    Skp.objects.filter(
        instansi_id=skp.instansi_id, pegawai_id=skp.pegawai_id, periode_mulai=skp.periode_mulai
    ).update(periode_selesai=tanggal, updated_at=timezone.now())
    audit.record(
        actor,
        "skp.ditutup",
        skp,
        after={"periode_selesai": tanggal.isoformat()},
        reason="Penilai berubah (mutasi atau pergantian atasan)",
    )


def _add_perilaku(skp: Skp) -> None:
    nilai = NilaiBerakhlak.objects.filter(versi=BERAKHLAK_VERSI).order_by("urutan")
    PerilakuKerja.objects.bulk_create(
        [PerilakuKerja(instansi_id=skp.instansi_id, skp=skp, nilai=n) for n in nilai]
    )


@transaction.atomic
def segarkan_header(skp: Skp) -> Skp:
    """While a draft, the header follows the current positions (snapshots are taken again)."""
    if skp.status != StatusSkp.DRAFT:
        return skp
    pegawai = Pegawai.objects.select_related("instansi", "jabatan", "unor", "golongan").get(
        pk=skp.pegawai_id
    )
    before = (skp.penilai_id, skp.snapshot)
    _fill_header(skp, pegawai)
    if (skp.penilai_id, skp.snapshot) != before:
        skp.save(update_fields=["penilai", "atasan_penilai", "is_jpt", "snapshot", "updated_at"])
    return skp


@transaction.atomic
def salin_skp(actor: Any, sumber: Skp, tahun: int) -> Skp:
    """A new draft for `tahun` with the RHK, IKI and lampiran of an earlier SKP. Intervensi are
    not copied: the leader's RHK of the new year are new rows that staff must link again."""
    if not rules.is_pemilik(actor, sumber):
        raise PermissionDenied("Anda hanya dapat menyalin SKP Anda sendiri.")
    skp = buat_skp(actor, tahun)
    _copy_content(sumber, skp, keep_keys=False, with_links=False)
    audit.record(actor, "skp.disalin", skp, after={"dari_skp": sumber.pk})
    return skp


def _copy_content(src: Skp, dst: Skp, *, keep_keys: bool, with_links: bool) -> None:
    """Copy RHK (with IKI, and intervensi when asked) and lampiran from one SKP to another.
    A revision keeps each RHK's `kunci`; a copy into a new year gets new ones."""
    tenant = {"instansi_id": src.instansi_id}  # every read names it: the indexes lead with it
    rows = RencanaHasilKerja.objects.filter(skp=src, **tenant).prefetch_related(
        Prefetch("iki", queryset=IndikatorKinerja.objects.filter(**tenant)),
        Prefetch("intervensi", queryset=Intervensi.objects.filter(**tenant)),
    )
    for rhk in rows.order_by("id"):
        iki, links = list(rhk.iki.all()), list(rhk.intervensi.all())
        rhk.pk = rhk.id = None
        rhk.skp = dst
        if not keep_keys:
            rhk.kunci = uuid.uuid4()
        rhk.save()
        for row in iki:
            row.pk = row.id = None
            row.rhk = rhk
        IndikatorKinerja.objects.bulk_create(iki)
        if with_links:
            for link in links:
                link.pk = link.id = None
                link.rhk = rhk
            Intervensi.objects.bulk_create(links)
    lampiran = list(Lampiran.objects.filter(skp=src, **tenant))
    for item in lampiran:
        item.pk = item.id = None
        item.skp = dst
    Lampiran.objects.bulk_create(lampiran)


def _next_urutan(rows: Any) -> int:
    """The next position in a list (rows filtered by instansi, so the index serves it)."""
    return int(rows.aggregate(m=Max("urutan"))["m"] or 0) + 1


# --- Editing (owner, Draft/Dikembalikan) -----------------------------------------------------


def _sentuh(skp: Skp) -> None:
    """The SKP changed with its RHK or IKI: API v1 nests them in the SKP, so a client reading
    `updated_since` must see the SKP again."""
    Skp.objects.filter(instansi_id=skp.instansi_id, pk=skp.pk).update(updated_at=timezone.now())


def pastikan_bukan_impor(skp: Skp) -> None:
    """An SKP imported from another system (Ruang GTK) is changed there, never here."""
    if skp.sumber:
        raise DomainError(
            f"SKP ini bersumber dari {skp.sumber} dan hanya dapat dibaca; ubah di {skp.sumber}."
        )


def _editable_by(actor: Any, skp: Skp) -> None:
    pastikan_bukan_impor(skp)
    if not rules.is_pemilik(actor, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengubahnya.")
    if not skp.editable:
        raise DomainError(
            f"SKP berstatus {skp.status} tidak dapat diubah. Untuk mengubah SKP yang sudah "
            "disetujui, buat revisi."
        )


@transaction.atomic
def simpan_rhk(
    actor: Any,
    skp: Skp,
    *,
    rhk: str,
    jenis: str = JenisRhk.UTAMA,
    klasifikasi: str = "",
    perspektif: str = "",
    penugasan_dari: str = "",
    obj: RencanaHasilKerja | None = None,
) -> RencanaHasilKerja:
    """Add an RHK (obj None) or change one."""
    _editable_by(actor, skp)
    if not rhk.strip():
        raise DomainError("Rencana hasil kerja wajib diisi.")
    if jenis not in JenisRhk.values:
        raise DomainError("Jenis RHK harus Utama atau Tambahan.")
    if not skp.is_jpt and (klasifikasi or perspektif or penugasan_dari):
        raise DomainError("Klasifikasi, perspektif dan penugasan hanya untuk RHK JPT.")
    before = audit.snapshot(obj) if obj else None
    if obj is None:
        urutan = _next_urutan(
            RencanaHasilKerja.objects.filter(instansi_id=skp.instansi_id, skp=skp)
        )
        obj = RencanaHasilKerja(instansi_id=skp.instansi_id, skp=skp, urutan=urutan)
    elif obj.skp_id != skp.pk:
        raise DomainError("RHK ini bukan bagian dari SKP tersebut.")
    obj.rhk, obj.jenis = rhk.strip(), jenis
    obj.klasifikasi, obj.perspektif, obj.penugasan_dari = klasifikasi, perspektif, penugasan_dari
    obj.save()
    _sentuh(skp)
    audit.record(
        actor,
        "skp.rhk_disimpan",
        obj,
        instansi=skp.instansi,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def hapus_rhk(actor: Any, rhk: RencanaHasilKerja) -> None:
    skp = rhk.skp
    _editable_by(actor, skp)
    # By kunci: in a revision, staff still link to the same RHK of the revision in force.
    relied_on = Intervensi.objects.filter(
        instansi_id=skp.instansi_id, rhk_atasan__kunci=rhk.kunci, rhk__skp__terkini=True
    ).exclude(rhk__skp__pegawai_id=skp.pegawai_id)
    if relied_on.exists():
        raise DomainError("RHK ini sudah diintervensi oleh RHK bawahan; tidak dapat dihapus.")
    audit.record(actor, "skp.rhk_dihapus", rhk, instansi=skp.instansi, before=audit.snapshot(rhk))
    rhk.delete()
    _sentuh(skp)


@transaction.atomic
def simpan_iki(
    actor: Any,
    rhk: RencanaHasilKerja,
    *,
    indikator: str,
    aspek: str = "",
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    satuan: str = "",
    obj: IndikatorKinerja | None = None,
) -> IndikatorKinerja:
    skp = rhk.skp
    _editable_by(actor, skp)
    if not indikator.strip():
        raise DomainError("Indikator kinerja wajib diisi.")
    if skp.pendekatan == Pendekatan.KUANTITATIF:
        _check_kuantitatif(aspek, target_min, target_max, satuan)
    else:
        aspek, target_min, target_max, satuan = "", None, None, ""
    before = audit.snapshot(obj) if obj else None
    if obj is None:
        urutan = _next_urutan(IndikatorKinerja.objects.filter(instansi_id=skp.instansi_id, rhk=rhk))
        obj = IndikatorKinerja(instansi_id=skp.instansi_id, rhk=rhk, urutan=urutan)
    elif obj.rhk_id != rhk.pk:
        raise DomainError("Indikator ini bukan bagian dari RHK tersebut.")
    obj.indikator, obj.aspek, obj.satuan = indikator.strip(), aspek, satuan.strip()
    obj.target_min, obj.target_max = target_min, target_max
    obj.save()
    _sentuh(skp)
    audit.record(
        actor,
        "skp.iki_disimpan",
        obj,
        instansi=skp.instansi,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


def _check_kuantitatif(
    aspek: str, target_min: Decimal | None, target_max: Decimal | None, satuan: str
) -> None:
    if aspek not in AspekIki.values:
        raise DomainError("Aspek wajib dipilih: Kuantitas, Kualitas, Waktu, atau Biaya.")
    if target_min is None or target_max is None:
        raise DomainError("Target minimum dan maksimum wajib diisi (sama bila target tunggal).")
    if target_min < 0:
        raise DomainError("Target tidak boleh negatif.")
    if target_min > target_max:
        raise DomainError(
            f"Target minimum ({target_min}) tidak boleh lebih besar dari maksimum ({target_max})."
        )
    if not satuan.strip():
        raise DomainError("Satuan target wajib diisi, misalnya Dokumen, %, atau Bulan.")


@transaction.atomic
def hapus_iki(actor: Any, iki: IndikatorKinerja) -> None:
    skp = iki.rhk.skp
    _editable_by(actor, skp)
    audit.record(actor, "skp.iki_dihapus", iki, instansi=skp.instansi, before=audit.snapshot(iki))
    iki.delete()
    _sentuh(skp)


@transaction.atomic
def intervensi_rhk(
    actor: Any, rhk: RencanaHasilKerja, rhk_atasan: RencanaHasilKerja, jenis_cascading: str
) -> Intervensi:
    """Link an RHK to an approved RHK of the penilai (or of a team leader)."""
    skp = rhk.skp
    _editable_by(actor, skp)
    if jenis_cascading not in JenisCascading.values:
        raise DomainError("Jenis cascading harus langsung atau tidak langsung.")
    if rhk_atasan.pk not in allowed_rhk_atasan_ids(skp):
        raise DomainError(
            "RHK yang dipilih bukan RHK yang sudah disetujui dari SKP penilai Anda atau ketua "
            "tim kerja Anda."
        )
    link, created = Intervensi.objects.get_or_create(
        instansi_id=skp.instansi_id,
        rhk=rhk,
        rhk_atasan=rhk_atasan,
        defaults={"jenis_cascading": jenis_cascading},
    )
    if not created and link.jenis_cascading != jenis_cascading:
        link.jenis_cascading = jenis_cascading
        link.save(update_fields=["jenis_cascading"])
    audit.record(
        actor,
        "skp.intervensi_disimpan",
        rhk,
        instansi=skp.instansi,
        after={"rhk_atasan": rhk_atasan.pk, "jenis_cascading": jenis_cascading},
    )
    return link


@transaction.atomic
def hapus_intervensi(actor: Any, link: Intervensi) -> None:
    skp = link.rhk.skp
    _editable_by(actor, skp)
    audit.record(
        actor,
        "skp.intervensi_dihapus",
        link.rhk,
        instansi=skp.instansi,
        before={"rhk_atasan": link.rhk_atasan_id},
    )
    link.delete()


@transaction.atomic
def simpan_lampiran(actor: Any, skp: Skp, jenis: str, teks: str) -> Lampiran:
    _editable_by(actor, skp)
    if jenis not in JenisLampiran.values:
        raise DomainError("Jenis lampiran tidak dikenal.")
    if not teks.strip():
        raise DomainError("Isi lampiran wajib diisi.")
    urutan = _next_urutan(
        Lampiran.objects.filter(instansi_id=skp.instansi_id, skp=skp, jenis=jenis)
    )
    row = Lampiran.objects.create(
        instansi_id=skp.instansi_id, skp=skp, jenis=jenis, urutan=urutan, teks=teks.strip()
    )
    audit.record(
        actor, "skp.lampiran_disimpan", row, instansi=skp.instansi, after=audit.snapshot(row)
    )
    return row


@transaction.atomic
def hapus_lampiran(actor: Any, row: Lampiran) -> None:
    _editable_by(actor, row.skp)
    audit.record(
        actor, "skp.lampiran_dihapus", row, instansi=row.skp.instansi, before=audit.snapshot(row)
    )
    row.delete()


@transaction.atomic
def isi_ekspektasi(actor: Any, perilaku: PerilakuKerja, teks: str) -> PerilakuKerja:
    """Ekspektasi Khusus Pimpinan: written by the penilai only, while the SKP is not approved."""
    skp = perilaku.skp
    pastikan_bukan_impor(skp)
    if not rules.may_decide(actor, skp):
        raise PermissionDenied("Ekspektasi khusus hanya diisi oleh pejabat penilai.")
    if skp.status == StatusSkp.DISETUJUI:
        raise DomainError("SKP sudah disetujui; ekspektasi khusus diubah melalui revisi SKP.")
    before = {"ekspektasi_khusus": perilaku.ekspektasi_khusus}
    perilaku.ekspektasi_khusus = teks.strip()
    perilaku.save(update_fields=["ekspektasi_khusus"])
    audit.record(
        actor,
        "skp.ekspektasi_diisi",
        skp,
        before=before,
        after={"nilai": perilaku.nilai_id, "ekspektasi_khusus": perilaku.ekspektasi_khusus},
    )
    return perilaku


# --- Workflow --------------------------------------------------------------------------------


def masalah_pengajuan(skp: Skp) -> list[str]:
    """What still stops this SKP from being submitted (empty when it can be)."""
    problems: list[str] = []
    tenant = {"instansi_id": skp.instansi_id}  # the indexes lead with it: no table scans
    rhks = list(
        RencanaHasilKerja.objects.filter(skp=skp, **tenant).prefetch_related(
            Prefetch("iki", queryset=IndikatorKinerja.objects.filter(**tenant)),
            Prefetch("intervensi", queryset=Intervensi.objects.filter(**tenant)),
            "intervensi__rhk_atasan",
        )
    )
    if skp.penilai_id is None and not skp.is_jpt:
        problems.append("Pejabat penilai Anda belum tercatat; hubungi Admin Instansi.")
    if not any(r.jenis == JenisRhk.UTAMA for r in rhks):
        problems.append("SKP harus memiliki sedikitnya satu RHK Utama.")
    # Links match on `kunci`: a link to a leader's earlier revision still counts.
    allowed = (
        set(rhk_atasan_choices(skp).values_list("kunci", flat=True)) if not skp.is_jpt else set()
    )
    for number, rhk in enumerate(rhks, 1):
        label = f"RHK {number} ({_short(rhk.rhk)})"
        iki = list(rhk.iki.all())
        if not iki:
            problems.append(f"{label} belum memiliki indikator kinerja.")
        if skp.pendekatan == Pendekatan.KUANTITATIF:
            for row in iki:
                if not (row.aspek and row.target_min is not None and row.satuan):
                    problems.append(
                        f"{label}: indikator '{_short(row.indikator)}' belum lengkap "
                        "(aspek, target, satuan)."
                    )
        if not skp.is_jpt:
            links = list(rhk.intervensi.all())
            if not links:
                problems.append(f"{label} belum mengintervensi RHK pimpinan.")
            elif any(link.rhk_atasan.kunci not in allowed for link in links):
                problems.append(
                    f"{label} mengintervensi RHK yang bukan RHK disetujui dari penilai Anda "
                    "sekarang; pilih ulang."
                )
    return problems


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@transaction.atomic
def ajukan_skp(actor: Any, skp: Skp) -> Skp:
    _editable_by(actor, skp)
    segarkan_header(skp)
    problems = masalah_pengajuan(skp)
    if problems:
        raise DomainError("SKP belum dapat diajukan: " + " ".join(problems))
    before = skp.status
    skp.status, skp.diajukan_at = StatusSkp.DIAJUKAN, timezone.now()
    skp.save(update_fields=["status", "diajukan_at", "updated_at"])
    audit.record(
        actor, "skp.diajukan", skp, before={"status": before}, after={"status": skp.status}
    )
    if skp.penilai_id:
        notify(
            skp.penilai,
            f"SKP {skp.snapshot['pegawai']['nama']} diajukan",
            "Periksa lalu setujui atau kembalikan dengan catatan.",
            _url(skp),
            jenis="skp.diajukan",
        )
    return skp


@transaction.atomic
def setujui_skp(actor: Any, skp: Skp) -> Skp:
    _decidable_by(actor, skp)
    previous = Skp.objects.filter(
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
        periode_mulai=skp.periode_mulai,
        berlaku=True,
    )
    previous.update(berlaku=False, updated_at=timezone.now())
    skp.status, skp.disetujui_at, skp.berlaku = StatusSkp.DISETUJUI, timezone.now(), True
    skp.catatan_pengembalian = ""
    skp.save(
        update_fields=["status", "disetujui_at", "berlaku", "catatan_pengembalian", "updated_at"]
    )
    audit.record(
        actor,
        "skp.disetujui",
        skp,
        before={"status": StatusSkp.DIAJUKAN},
        after={"status": skp.status, "revisi": skp.revisi},
    )
    notify(skp.pegawai, f"SKP {skp.tahun} Anda disetujui", "", _url(skp), jenis="skp.disetujui")
    events.skp_disetujui.send(Skp, skp=skp, actor=actor)
    return skp


@transaction.atomic
def kembalikan_skp(actor: Any, skp: Skp, catatan: str) -> Skp:
    _decidable_by(actor, skp)
    if not catatan.strip():
        raise DomainError("Catatan pengembalian wajib diisi agar pegawai tahu apa yang diperbaiki.")
    skp.status, skp.catatan_pengembalian = StatusSkp.DIKEMBALIKAN, catatan.strip()
    skp.save(update_fields=["status", "catatan_pengembalian", "updated_at"])
    audit.record(
        actor,
        "skp.dikembalikan",
        skp,
        before={"status": StatusSkp.DIAJUKAN},
        after={"status": skp.status},
        reason=skp.catatan_pengembalian,
    )
    notify(
        skp.pegawai,
        f"SKP {skp.tahun} Anda dikembalikan",
        skp.catatan_pengembalian,
        _url(skp),
        jenis="skp.dikembalikan",
    )
    return skp


def _decidable_by(actor: Any, skp: Skp) -> None:
    pastikan_bukan_impor(skp)
    if rules.is_pemilik(actor, skp):
        raise PermissionDenied("Anda tidak dapat menyetujui atau mengembalikan SKP Anda sendiri.")
    if not rules.may_decide(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai yang dapat menyetujui atau mengembalikan.")
    if skp.status != StatusSkp.DIAJUKAN:
        raise DomainError(f"SKP berstatus {skp.status}; hanya SKP yang diajukan dapat diputuskan.")


@transaction.atomic
def buat_revisi(actor: Any, skp: Skp) -> Skp:
    """A new draft revision of an approved SKP; the approved one stays in force until the
    revision is approved."""
    pastikan_bukan_impor(skp)
    if not rules.is_pemilik(actor, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat merevisinya.")
    if skp.status != StatusSkp.DISETUJUI or not skp.berlaku:
        raise DomainError("Revisi hanya dibuat dari SKP yang disetujui dan sedang berlaku.")
    pending = Skp.objects.filter(
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
        periode_mulai=skp.periode_mulai,
        revisi__gt=skp.revisi,
    ).first()
    if pending is not None:
        raise DomainError(f"Revisi {pending.revisi} SKP ini sudah ada ({pending.status}).")
    perilaku = list(PerilakuKerja.objects.filter(instansi_id=skp.instansi_id, skp=skp))
    src_pk = skp.pk
    new = Skp.objects.get(pk=src_pk)
    new.pk = new.id = None
    Skp.objects.filter(pk=src_pk).update(terkini=False, updated_at=timezone.now())
    new.revisi, new.revisi_dari_id, new.berlaku, new.terkini = skp.revisi + 1, src_pk, False, True
    new.status, new.diajukan_at, new.disetujui_at = StatusSkp.DRAFT, None, None
    new.catatan_pengembalian = ""
    new.save()
    for row in perilaku:
        row.pk, row.id, row.skp = None, None, new
    PerilakuKerja.objects.bulk_create(perilaku)
    _copy_content(skp, new, keep_keys=True, with_links=True)
    segarkan_header(new)
    audit.record(actor, "skp.revisi_dibuat", new, after={"revisi": new.revisi, "dari": src_pk})
    return new


# --- Tim kerja -------------------------------------------------------------------------------


@transaction.atomic
def bentuk_tim(actor: Any, nama: str, tahun: int) -> TimKerja:
    ketua = _own_pegawai(actor)
    if not nama.strip():
        raise DomainError("Nama tim kerja wajib diisi.")
    tim = TimKerja.objects.create(
        instansi_id=ketua.instansi_id, nama=nama.strip(), ketua=ketua, tahun=tahun
    )
    audit.record(actor, "tim.dibentuk", tim, after=audit.snapshot(tim))
    return tim


@transaction.atomic
def tambah_anggota(actor: Any, tim: TimKerja, pegawai: Pegawai) -> AnggotaTim:
    if actor.pegawai_id != tim.ketua_id:
        raise PermissionDenied("Hanya ketua tim yang dapat mengatur anggota.")
    if pegawai.instansi_id != tim.instansi_id:
        raise DomainError("Anggota tim harus pegawai instansi yang sama.")
    if pegawai.pk == tim.ketua_id:
        raise DomainError("Ketua tim tidak perlu ditambahkan sebagai anggota.")
    anggota, created = AnggotaTim.objects.get_or_create(
        instansi_id=tim.instansi_id, tim=tim, pegawai=pegawai
    )
    if not created:
        raise DomainError(f"{pegawai.nama_lengkap} sudah menjadi anggota tim ini.")
    audit.record(actor, "tim.anggota_ditambah", tim, after={"pegawai": pegawai.pk})
    notify(
        pegawai,
        f"Anda ditambahkan ke tim kerja {tim.nama}",
        "RHK Anda dapat mengintervensi RHK ketua tim.",
        jenis="skp.tim",
    )
    return anggota


@transaction.atomic
def hapus_anggota(actor: Any, anggota: AnggotaTim) -> None:
    tim = anggota.tim
    if actor.pegawai_id != tim.ketua_id:
        raise PermissionDenied("Hanya ketua tim yang dapat mengatur anggota.")
    audit.record(actor, "tim.anggota_dihapus", tim, before={"pegawai": anggota.pegawai_id})
    anggota.delete()
