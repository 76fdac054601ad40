"""Every write of the documents: issuing (render + first signature), the pegawai's
acknowledgement (an incremental second signature), re-issuing after a failure, and the bulk
backfill of an instansi.

Rendering and signing take a few hundred milliseconds, so `terbitkan_*` render outside any
transaction and only then, in a short one, lock the subject, check that no current document
appeared meanwhile, store the file and the rows and record the audit event. A document is
current for its subject when it is `berlaku` and was rendered from the subject's present
version (Evaluasi.versi); a newer subject gets a new document and the old one is marked
`digantikan` (the verification page says it was replaced).
"""

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan.periode import zona_of
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.perencanaan.models import Skp, StatusSkp
from kinerja.tindaklanjut.dokumen import render
from kinerja.tindaklanjut.dokumen.models import (
    Dokumen,
    JenisDokumen,
    PeranPenandatangan,
    StatusDokumen,
    TandaTangan,
)
from kinerja.tindaklanjut.dokumen.signer import Penandatangan, get_signer

logger = logging.getLogger(__name__)

ALFABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
PANJANG_KODE = 12  # 32^12 = 2^60 codes: not guessable, short enough to type


def buat_kode() -> str:
    while True:
        kode = "".join(secrets.choice(ALFABET) for _ in range(PANJANG_KODE))
        if not Dokumen.objects.filter(kode=kode).exists():
            return kode


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_admin_of(actor: Any, instansi_id: int) -> bool:
    return bool(actor.is_admin_instansi) and actor.instansi_id == instansi_id


def _orang(snap: dict[str, Any], instansi: str, peran: str) -> Penandatangan:
    return Penandatangan(
        nama=str(snap.get("nama", "")),
        nip=str(snap.get("nip", "")),
        jabatan=str(snap.get("jabatan", "")),
        instansi=instansi,
        peran=peran,
    )


def _admin(actor: Any, instansi: str) -> Penandatangan:
    return Penandatangan(
        nama=actor.nama,
        nip=actor.nip if len(actor.nip or "") == 18 else "",
        jabatan="Admin Instansi",
        instansi=instansi,
        peran=PeranPenandatangan.ADMIN,
    )


# --- Who signs -------------------------------------------------------------------------------


def penerbit_evaluasi(actor: Any, ev: Evaluasi) -> Penandatangan:
    """The penilai (as frozen in the evaluation), the atasan penilai who decided a keberatan,
    or the Admin Instansi; anyone else may not issue it."""
    snap, instansi = ev.snapshot or {}, (ev.snapshot or {}).get("instansi", "")
    if actor is None:  # the backfill: the penilai of record
        if not ev.penilai_id or not snap.get("penilai"):
            raise DomainError("Evaluasi ini tidak memiliki pejabat penilai untuk menandatangani.")
        return _orang(snap["penilai"], instansi, PeranPenandatangan.PENILAI)
    if actor.instansi_id != ev.instansi_id:
        raise PermissionDenied("Dokumen ini milik instansi lain.")
    me = actor.pegawai_id
    if me and me == ev.penilai_id and me != ev.pegawai_id:
        return _orang(snap.get("penilai") or {}, instansi, PeranPenandatangan.PENILAI)
    if me and me == ev.atasan_penilai_id and me != ev.pegawai_id:
        return _orang(snap.get("atasan_penilai") or {}, instansi, PeranPenandatangan.ATASAN_PENILAI)
    if _is_admin_of(actor, ev.instansi_id):
        return _admin(actor, instansi)
    raise PermissionDenied(
        "Hanya pejabat penilai, atasannya, atau Admin Instansi yang menerbitkan."
    )


def penerbit_skp(actor: Any, skp: Skp) -> Penandatangan:
    snap, instansi = skp.snapshot or {}, (skp.snapshot or {}).get("instansi", "")
    if actor is None:
        if not skp.penilai_id or not snap.get("penilai"):
            raise DomainError("SKP ini tidak memiliki pejabat penilai untuk menandatangani.")
        return _orang(snap["penilai"], instansi, PeranPenandatangan.PENILAI)
    if actor.instansi_id != skp.instansi_id:
        raise PermissionDenied("Dokumen ini milik instansi lain.")
    me = actor.pegawai_id
    if me and me == skp.penilai_id and me != skp.pegawai_id:
        return _orang(snap.get("penilai") or {}, instansi, PeranPenandatangan.PENILAI)
    if _is_admin_of(actor, skp.instansi_id):
        return _admin(actor, instansi)
    raise PermissionDenied("Hanya pejabat penilai atau Admin Instansi yang menerbitkan SKP.")


# --- Current documents -----------------------------------------------------------------------


def dokumen_terkini_evaluasi(ev: Evaluasi) -> Dokumen | None:
    return Dokumen.objects.filter(
        instansi_id=ev.instansi_id,
        evaluasi_id=ev.pk,
        status=StatusDokumen.BERLAKU,
        versi_sumber=ev.versi,
    ).first()


def dokumen_terkini_skp(skp: Skp) -> Dokumen | None:
    return Dokumen.objects.filter(
        instansi_id=skp.instansi_id,
        jenis=JenisDokumen.SKP,
        skp_id=skp.pk,
        status=StatusDokumen.BERLAKU,
    ).first()


# --- Issuing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terbitan:
    """A rendered and signed PDF waiting to be stored."""

    kode: str
    pdf: bytes
    penerbit: Penandatangan
    waktu: dt.datetime
    field_name: str


def _tandatangani(
    pdf: bytes, penerbit: Penandatangan, tempat: str, alasan: str, field_name: str
) -> bytes:
    return get_signer().sign(
        pdf, penerbit, field_name=field_name, reason=alasan, location=tempat or penerbit.instansi
    )


def _nama_berkas(instansi_id: int, kode: str, urutan: int) -> str:
    return f"dokumen/{instansi_id}/{kode}-{urutan}.pdf"


def _simpan(
    actor: Any,
    *,
    instansi_id: int,
    pegawai_id: int,
    jenis: str,
    lama: list[Dokumen],
    terbitan: Terbitan,
    judul_periode: str,
    subjek: dict[str, Any],
    versi_sumber: int,
) -> Dokumen:
    """Store a signed PDF as the subject's new current document; older ones are replaced."""
    versi = (max((d.versi for d in lama), default=0)) + 1
    name = default_storage.save(
        _nama_berkas(instansi_id, terbitan.kode, 1), ContentFile(terbitan.pdf)
    )
    try:
        dok = Dokumen.objects.create(
            instansi_id=instansi_id,
            pegawai_id=pegawai_id,
            jenis=jenis,
            versi=versi,
            versi_sumber=versi_sumber,
            kode=terbitan.kode,
            judul_periode=judul_periode,
            berkas=name,
            sha256=sha256(terbitan.pdf),
            ditandatangani_at=terbitan.waktu,
            **subjek,
        )
        TandaTangan.objects.create(
            instansi_id=instansi_id,
            dokumen=dok,
            urutan=1,
            peran=terbitan.penerbit.peran,
            nama=terbitan.penerbit.nama,
            nip=terbitan.penerbit.nip,
            jabatan=terbitan.penerbit.jabatan,
            field_name=terbitan.field_name,
            waktu=terbitan.waktu,
            sha256=dok.sha256,
        )
        diganti = [d for d in lama if d.status == StatusDokumen.BERLAKU]
        Dokumen.objects.filter(instansi_id=instansi_id, pk__in=[d.pk for d in diganti]).update(
            status=StatusDokumen.DIGANTIKAN, diganti_oleh=dok
        )
        audit.record(
            actor,
            "dokumen.diterbitkan",
            dok,
            after={
                "kode": dok.kode,
                "jenis": jenis,
                "versi": versi,
                "sha256": dok.sha256,
                "menggantikan": [d.kode for d in diganti],
            },
        )
    except BaseException:
        default_storage.delete(name)
        raise
    return dok


def _buat_terbitan(
    instansi_id: int, penerbit: Penandatangan, make: Any, tempat: str, alasan: str
) -> Terbitan:
    kode, waktu = buat_kode(), timezone.now()
    # The date printed above the signature is the instansi's wall clock (WIB/WITA/WIT).
    pdf = make(kode, timezone.localtime(waktu, ZoneInfo(zona_of(instansi_id))))
    field_name = "TTD1"
    return Terbitan(
        kode, _tandatangani(pdf, penerbit, tempat, alasan, field_name), penerbit, waktu, field_name
    )


def terbitkan_evaluasi(actor: Any, ev: Evaluasi) -> Dokumen:
    """Issue the Dokumen Evaluasi Kinerja Pegawai of a final evaluation, signed by the issuer
    (penerbit_evaluasi). Idempotent: an existing current document is returned as is."""
    if ev.status not in SUDAH_FINAL:
        raise DomainError("Dokumen evaluasi hanya diterbitkan untuk hasil penilaian yang final.")
    penerbit = penerbit_evaluasi(actor, ev)
    found = dokumen_terkini_evaluasi(ev)
    if found is not None:
        return found
    instansi = (ev.snapshot or {}).get("instansi", "")
    terbitan = _buat_terbitan(
        ev.instansi_id,
        penerbit,
        lambda kode, waktu: render.render_evaluasi(ev, kode, waktu, penerbit),
        render.tempat(instansi),
        f"Menetapkan Dokumen Evaluasi Kinerja Pegawai {ev.periode}",
    )
    with transaction.atomic():
        locked = Evaluasi.objects.select_for_update().get(instansi_id=ev.instansi_id, pk=ev.pk)
        found = dokumen_terkini_evaluasi(locked)
        if found is not None or locked.versi != ev.versi:
            return found or terbitkan_evaluasi(actor, locked)
        lama = list(Dokumen.objects.filter(instansi_id=ev.instansi_id, evaluasi_id=ev.pk))
        dok = _simpan(
            actor,
            instansi_id=ev.instansi_id,
            pegawai_id=ev.pegawai_id,
            jenis=JenisDokumen.EVALUASI,
            lama=lama,
            terbitan=terbitan,
            judul_periode=str(ev.periode),
            subjek={"evaluasi": ev, "periode_id": ev.periode_id},
            versi_sumber=ev.versi,
        )
        notify(
            ev.pegawai,
            f"Dokumen Evaluasi Kinerja Pegawai {ev.periode} telah terbit",
            "Periksa dan nyatakan telah menerima dokumen ini.",
            reverse("dokumen:daftar"),
            jenis="dokumen.terbit",
        )
    return dok


def terbitkan_skp(actor: Any, skp: Skp) -> Dokumen:
    """Issue the SKP document of an approved revision, signed by the penilai (or the Admin
    Instansi); the documents of earlier revisions of the series are replaced."""
    if skp.status != StatusSkp.DISETUJUI:
        raise DomainError("Dokumen SKP hanya diterbitkan untuk SKP yang sudah disetujui.")
    penerbit = penerbit_skp(actor, skp)
    found = dokumen_terkini_skp(skp)
    if found is not None:
        return found
    instansi = (skp.snapshot or {}).get("instansi", "")
    terbitan = _buat_terbitan(
        skp.instansi_id,
        penerbit,
        lambda kode, waktu: render.render_skp(skp, kode, waktu, penerbit),
        render.tempat(instansi),
        f"Menyetujui Sasaran Kinerja Pegawai {skp.tahun}",
    )
    with transaction.atomic():
        Skp.objects.select_for_update().filter(instansi_id=skp.instansi_id, pk=skp.pk).first()
        found = dokumen_terkini_skp(skp)
        if found is not None:
            return found
        series = Skp.objects.filter(
            instansi_id=skp.instansi_id,
            pegawai_id=skp.pegawai_id,
            periode_mulai=skp.periode_mulai,
        ).values("pk")
        lama = list(
            Dokumen.objects.filter(
                instansi_id=skp.instansi_id, jenis=JenisDokumen.SKP, skp_id__in=series
            )
        )
        dok = _simpan(
            actor,
            instansi_id=skp.instansi_id,
            pegawai_id=skp.pegawai_id,
            jenis=JenisDokumen.SKP,
            lama=lama,
            terbitan=terbitan,
            judul_periode=f"SKP {skp.tahun}" + (f" revisi {skp.revisi}" if skp.revisi > 1 else ""),
            subjek={"skp": skp},
            versi_sumber=skp.revisi,
        )
    return dok


def terbitkan_ulang(actor: Any, dok_atau_subjek: Evaluasi | Skp) -> Dokumen:
    """ "Terbitkan ulang": issue the missing current document of a subject (after a signing
    failure, or an evaluation changed by a keberatan). Refused when one is current."""
    if isinstance(dok_atau_subjek, Evaluasi):
        ev = dok_atau_subjek
        penerbit_evaluasi(actor, ev)  # permission first: a refusal tells nothing else
        if dokumen_terkini_evaluasi(ev) is not None:
            raise DomainError(
                "Dokumen evaluasi yang berlaku sudah ada; tidak perlu diterbitkan ulang."
            )
        return terbitkan_evaluasi(actor, ev)
    skp = dok_atau_subjek
    penerbit_skp(actor, skp)
    if dokumen_terkini_skp(skp) is not None:
        raise DomainError("Dokumen SKP yang berlaku sudah ada; tidak perlu diterbitkan ulang.")
    return terbitkan_skp(actor, skp)


# --- The pegawai acknowledges ----------------------------------------------------------------


@transaction.atomic
def terima_dokumen(actor: Any, dok: Dokumen, now: dt.datetime | None = None) -> Dokumen:
    """ "Saya telah menerima dokumen ini": the pegawai adds their own signature (incremental:
    the issuer's stays valid). Once, on a current document only."""
    if not actor.pegawai_id or actor.pegawai_id != dok.pegawai_id:
        raise PermissionDenied("Hanya pegawai yang dinilai yang menyatakan menerima dokumen ini.")
    dok = Dokumen.objects.select_for_update().get(instansi_id=dok.instansi_id, pk=dok.pk)
    if dok.diterima_at is not None:
        raise DomainError("Anda sudah menyatakan menerima dokumen ini.")
    if dok.status != StatusDokumen.BERLAKU:
        raise DomainError("Dokumen ini sudah digantikan oleh versi baru; terimalah versi terbaru.")
    now = now or timezone.now()
    snap = _snapshot_subjek(dok)
    orang = _orang(snap.get("pegawai") or {}, snap.get("instansi", ""), PeranPenandatangan.PEGAWAI)
    with dok.berkas.open("rb") as handle:
        pdf = handle.read()
    if sha256(pdf) != dok.sha256:
        raise DomainError("Berkas dokumen tidak cocok dengan catatannya; hubungi Admin Instansi.")
    urutan = dok.tanda_tangan.count() + 1
    field_name = f"TTD{urutan}"
    signed = _tandatangani(
        pdf,
        orang,
        render.tempat(snap.get("instansi", "")),
        "Saya telah menerima dokumen ini",
        field_name,
    )
    old_name = dok.berkas.name
    name = default_storage.save(
        _nama_berkas(dok.instansi_id, dok.kode, urutan), ContentFile(signed)
    )
    try:
        dok.berkas, dok.sha256, dok.diterima_at = name, sha256(signed), now
        dok.save(update_fields=["berkas", "sha256", "diterima_at"])
        TandaTangan.objects.create(
            instansi_id=dok.instansi_id,
            dokumen=dok,
            urutan=urutan,
            peran=orang.peran,
            nama=orang.nama,
            nip=orang.nip,
            jabatan=orang.jabatan,
            field_name=field_name,
            waktu=now,
            sha256=dok.sha256,
        )
        audit.record(
            actor,
            "dokumen.diterima",
            dok,
            before={"sha256": sha256(pdf)},
            after={"sha256": dok.sha256, "diterima_at": now.isoformat()},
        )
    except BaseException:
        default_storage.delete(name)
        raise
    # The earlier file is superseded by the one holding both signatures; its hash stays
    # recorded (TandaTangan.sha256), so a copy downloaded before is still recognised.
    transaction.on_commit(lambda: default_storage.delete(old_name))
    return dok


def _snapshot_subjek(dok: Dokumen) -> dict[str, Any]:
    if dok.evaluasi_id:
        return dict(
            Evaluasi.objects.filter(instansi_id=dok.instansi_id, pk=dok.evaluasi_id)
            .values_list("snapshot", flat=True)
            .get()
            or {}
        )
    return dict(
        Skp.objects.filter(instansi_id=dok.instansi_id, pk=dok.skp_id or 0)
        .values_list("snapshot", flat=True)
        .get()
        or {}
    )


# --- After the events (receivers.py) ---------------------------------------------------------


def terbitkan_aman(actor: Any, subjek: Evaluasi | Skp) -> Dokumen | None:
    """Issue after commit: a failure leaves the result final, is logged and audited, and the
    page offers "Terbitkan ulang" (the subject has no current document)."""
    try:
        if isinstance(subjek, Evaluasi):
            return terbitkan_evaluasi(actor, subjek)
        return terbitkan_skp(actor, subjek)
    except Exception as exc:
        logger.exception("Gagal menerbitkan dokumen untuk %s", subjek)
        with transaction.atomic():
            audit.record(
                actor,
                "dokumen.gagal_terbit",
                subjek,
                reason=f"{type(exc).__name__}: {exc}"[:500],
            )
        return None


# --- Backfill --------------------------------------------------------------------------------


@dataclass
class HasilMassal:
    evaluasi: int = 0
    skp: int = 0
    dilewati: int = 0
    gagal: int = 0


def evaluasi_tanpa_dokumen(instansi_id: int) -> Any:
    current = Dokumen.objects.filter(
        instansi_id=instansi_id,
        evaluasi_id=OuterRef("pk"),
        status=StatusDokumen.BERLAKU,
        versi_sumber=OuterRef("versi"),
    )
    return (
        Evaluasi.objects.filter(instansi_id=instansi_id, status__in=SUDAH_FINAL)
        .exclude(Exists(current))
        .select_related("periode", "skp", "pegawai")
        .order_by("id")
    )


def skp_tanpa_dokumen(instansi_id: int) -> Any:
    current = Dokumen.objects.filter(
        instansi_id=instansi_id, skp_id=OuterRef("pk"), status=StatusDokumen.BERLAKU
    )
    return (
        Skp.objects.filter(instansi_id=instansi_id, status=StatusSkp.DISETUJUI, berlaku=True)
        .exclude(Exists(current))
        .order_by("id")
    )


def terbitkan_massal(
    instansi_id: int,
    batas: int | None = None,
    *,
    pegawai_ids: list[int] | None = None,
    tahun: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> HasilMassal:
    """Issue the missing documents of an instansi (final evaluations, approved SKPs in force),
    signed by the penilai of record: for the demo, for data written in bulk without the
    events, and for the Admin Instansi's "Terbitkan semua" job. `batas` caps how many of each
    kind; `pegawai_ids` narrows to some people. One failure does not stop the batch; `tahun`
    keeps one year's."""
    hasil = HasilMassal()
    evs, skps = belum_terbit(instansi_id)
    if pegawai_ids is not None:
        evs, skps = evs.filter(pegawai_id__in=pegawai_ids), skps.filter(pegawai_id__in=pegawai_ids)
    if tahun is not None:
        evs, skps = evs.filter(periode__tahun=tahun), skps.filter(tahun=tahun)
    daftar_skp = list(skps[:batas] if batas else skps)
    daftar_ev = list(evs[:batas] if batas else evs)
    total = len(daftar_skp) + len(daftar_ev)
    for i, skp in enumerate(daftar_skp):
        hasil.skp, hasil.dilewati, hasil.gagal = _satu(skp, hasil.skp, hasil.dilewati, hasil.gagal)
        if progress is not None:
            progress(i + 1, total)
    for i, ev in enumerate(daftar_ev, start=len(daftar_skp)):
        hasil.evaluasi, hasil.dilewati, hasil.gagal = _satu(
            ev, hasil.evaluasi, hasil.dilewati, hasil.gagal
        )
        if progress is not None:
            progress(i + 1, total)
    return hasil


def belum_terbit(instansi_id: int) -> tuple[Any, Any]:
    """The final evaluations and approved SKPs still without a document that the batch can
    issue. Without a penilai in the system (the top of the instansi) there is nobody of record
    to sign: those wait for "Terbitkan ulang" by the Admin Instansi."""
    return (
        evaluasi_tanpa_dokumen(instansi_id).filter(penilai__isnull=False),
        skp_tanpa_dokumen(instansi_id).filter(penilai__isnull=False),
    )


@transaction.atomic
def mulai_terbitkan_massal(actor: Any) -> Any:
    """The Admin Instansi starts issuing every missing document of the instansi as a
    background job (a signature each: minutes for thousands); returns the job."""
    from kinerja.core import jobs
    from kinerja.core.permissions import require_admin_instansi

    require_admin_instansi(actor, actor.instansi_id)
    pekerjaan = jobs.buat(
        actor, "dokumen.terbitkan_massal", "Terbitkan semua dokumen yang belum terbit"
    )
    audit.record(actor, "dokumen.terbitkan_massal", pekerjaan, object_repr=pekerjaan.judul)
    jobs.jalankan(
        pekerjaan,
        "kinerja.tindaklanjut.dokumen.services.tugas_terbitkan_massal",
        instansi_id=actor.instansi_id,
    )
    return pekerjaan


def tugas_terbitkan_massal(progress: Callable[[int, int], None], instansi_id: int) -> Any:
    """The job function of `mulai_terbitkan_massal` (run by the worker)."""
    from kinerja.core.jobs import Hasil

    hasil = terbitkan_massal(instansi_id, progress=progress)
    return Hasil(
        pesan=f"{hasil.evaluasi} dokumen evaluasi dan {hasil.skp} dokumen SKP diterbitkan; "
        f"{hasil.dilewati} dilewati, {hasil.gagal} gagal."
    )


def _satu(subjek: Evaluasi | Skp, ok: int, dilewati: int, gagal: int) -> tuple[int, int, int]:
    try:
        if isinstance(subjek, Evaluasi):
            terbitkan_evaluasi(None, subjek)
        else:
            terbitkan_skp(None, subjek)
    except DomainError:
        return ok, dilewati + 1, gagal
    except Exception:
        logger.exception("Gagal menerbitkan dokumen untuk %s", subjek)
        return ok, dilewati, gagal + 1
    return ok + 1, dilewati, gagal
