"""Every write of stage 3: configuration, predikat kinerja organisasi, ratings, finalisation and
keberatan. Each function checks who may act and what the law allows, in the order a user
understands, then writes inside one transaction with an audit event, a history row and the
notification of the other side. A refused action raises before anything is written.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit, events
from kinerja.core.notifications import notify, notify_admin_instansi
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.jadwal import format_batas
from kinerja.pelaksanaan.models import PeriodePenilaian, UntukBatas
from kinerja.pelaksanaan.services_realisasi import dalam_masa_skp
from kinerja.penilaian import aturan, kurva
from kinerja.penilaian.aturan import ModeKurva, PredikatOrganisasi, Rating
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    KinerjaOrganisasi,
    PengaturanPenilaian,
    PenjelasanKeberatan,
    PihakPenjelasan,
    RiwayatEvaluasi,
    StatusEvaluasi,
    StatusKeberatan,
)
from kinerja.perencanaan.models import Skp, StatusSkp
from kinerja.perencanaan.services import snapshot_of

EVALUASI_FIELDS = ["rating_hasil_kerja", "rating_perilaku", "predikat", "status", "versi"]
ORANG = ("instansi", "jabatan", "unor", "golongan")


# --- Configuration ---------------------------------------------------------------------------


def pengaturan_of(instansi_id: int) -> PengaturanPenilaian:
    """The instansi's configuration, or the unsaved defaults of domain.md."""
    found = PengaturanPenilaian.objects.filter(instansi_id=instansi_id).first()
    return found or PengaturanPenilaian(instansi_id=instansi_id)


def konfigurasi_of(pengaturan: PengaturanPenilaian) -> aturan.KonfigurasiKurva:
    return aturan.KonfigurasiKurva(
        aturan=aturan.aturan_dari_json(pengaturan.aturan_kurva),
        ukuran_unit_kecil=pengaturan.ukuran_unit_kecil,
        mode=pengaturan.mode_kurva,
    )


@transaction.atomic
def simpan_pengaturan(
    actor: Any,
    instansi_id: int,
    *,
    mode_kurva: str,
    ukuran_unit_kecil: int,
    jendela_keberatan_hari: int,
    aturan_kurva: Mapping[str, list[dict[str, Any]]],
    pemetaan_jpt: Mapping[str, str],
) -> PengaturanPenilaian:
    require_admin_instansi(actor, instansi_id)
    if mode_kurva not in ModeKurva.values:
        raise DomainError("Mode kurva harus 'peringatan' atau 'wajib'.")
    if not 1 <= ukuran_unit_kecil <= 1000:
        raise DomainError("Ukuran unit kecil harus antara 1 dan 1000 pegawai.")
    if not 1 <= jendela_keberatan_hari <= 90:
        raise DomainError("Jangka waktu keberatan harus antara 1 dan 90 hari.")
    for predikat, rating in pemetaan_jpt.items():
        if predikat not in PredikatOrganisasi.values or rating not in Rating.values:
            raise DomainError(f"Pemetaan JPT tidak valid untuk predikat organisasi {predikat}.")
    parsed = aturan.aturan_dari_json(dict(aturan_kurva))
    for predikat, rows in aturan_kurva.items():
        # aturan_dari_json skips what it cannot read; here that is a mistake to report.
        if predikat not in PredikatOrganisasi.values:
            raise DomainError(f"Aturan kurva untuk predikat organisasi tidak dikenal: {predikat}.")
        if not isinstance(rows, list) or len(rows) != len(parsed[predikat]):
            raise DomainError(
                f"Aturan kurva {predikat} tidak valid: setiap aturan memerlukan kelompok "
                "predikat pegawai, batas 'maks' atau 'min', dan persentase 0 sampai 100."
            )
    row = pengaturan_of(instansi_id)
    fields = ["mode_kurva", "ukuran_unit_kecil", "jendela_keberatan_hari"]
    fields += ["aturan_kurva", "pemetaan_jpt"]
    before = audit.snapshot(row, fields) if row.pk else None
    row.mode_kurva = mode_kurva
    row.ukuran_unit_kecil = ukuran_unit_kecil
    row.jendela_keberatan_hari = jendela_keberatan_hari
    row.aturan_kurva = aturan.aturan_ke_json(parsed)
    row.pemetaan_jpt = dict(pemetaan_jpt)
    row.save()
    audit.record(
        actor,
        "penilaian.pengaturan_diubah",
        row,
        instansi=row.instansi,
        before=before,
        after=audit.snapshot(row, fields),
        object_repr="Pengaturan penilaian",
    )
    # A new JPT map applies to the drafts at once, as a new predikat organisasi does.
    drafts = Evaluasi.objects.filter(
        instansi_id=instansi_id, is_jpt=True, status=StatusEvaluasi.DRAFT
    ).select_related("periode")
    _ikuti_jpt(actor, instansi_id, drafts)
    return row


# --- Predikat Kinerja Organisasi -------------------------------------------------------------


def boleh_tetapkan_organisasi(actor: Any, unit: UnitOrganisasi, hari: dt.date) -> bool:
    """The Admin Instansi, or the leader (on that day) of the unit above."""
    if actor.is_admin_instansi and actor.instansi_id == unit.instansi_id:
        return True
    if not actor.pegawai_id or actor.instansi_id != unit.instansi_id or not unit.induk_id:
        return False
    from kinerja.org.selectors import leaders_of_units

    return leaders_of_units(unit.instansi_id, [unit.induk_id], hari).get(unit.induk_id) == (
        actor.pegawai_id
    )


@transaction.atomic
def tetapkan_kinerja_organisasi(
    actor: Any,
    unit: UnitOrganisasi,
    periode: PeriodePenilaian,
    predikat: str,
    catatan: str = "",
    now: dt.datetime | None = None,
) -> KinerjaOrganisasi:
    """Set (or change, while none of the unit's results is final) a unit's predikat for a
    period. Draft evaluations of JPT in the unit follow the new predikat at once."""
    now = now or timezone.now()
    if unit.instansi_id != periode.instansi_id:
        raise DomainError("Unit dan periode tidak berasal dari instansi yang sama.")
    if not boleh_tetapkan_organisasi(actor, unit, timezone.localdate(now)):
        raise PermissionDenied(
            "Predikat kinerja organisasi ditetapkan oleh pimpinan unit di atasnya atau Admin "
            "Instansi."
        )
    if predikat not in PredikatOrganisasi.values:
        raise DomainError(
            "Pilih predikat kinerja organisasi: Istimewa, Baik, Butuh Perbaikan, Kurang, "
            "atau Sangat Kurang."
        )
    row = KinerjaOrganisasi.objects.filter(
        instansi_id=unit.instansi_id, periode=periode, unor=unit
    ).first()
    # A new row takes over the unit's results from the predikat above it, so it is a change
    # for them too.
    if row is None or row.predikat != predikat:
        final = kurva.evaluasi_populasi(unit, periode).filter(
            status__in=[s for s in StatusEvaluasi.values if s != StatusEvaluasi.DRAFT]
        )
        if final.exists():
            tindakan = "diubah" if row is not None else "ditetapkan"
            raise DomainError(
                f"Predikat kinerja organisasi {unit.nama} untuk {periode} tidak dapat "
                f"{tindakan} karena sudah ada penilaian pegawai unit ini yang difinalkan."
            )
    before = audit.snapshot(row, ["predikat", "catatan"]) if row else None
    if row is None:
        row = KinerjaOrganisasi(instansi_id=unit.instansi_id, unor=unit, periode=periode)
    row.predikat, row.catatan = predikat, (catatan or "").strip()
    row.ditetapkan_oleh, row.ditetapkan_at = actor, now
    row.save()
    audit.record(
        actor,
        "penilaian.kinerja_organisasi_ditetapkan",
        row,
        instansi=unit.instansi,
        before=before,
        after=audit.snapshot(row, ["predikat", "catatan"]),
        object_repr=f"{unit.nama}: {predikat} ({periode})",
    )
    _ikuti_organisasi_jpt(actor, unit, periode)
    return row


def _ikuti_organisasi_jpt(actor: Any, unit: UnitOrganisasi, periode: PeriodePenilaian) -> None:
    drafts = kurva.evaluasi_populasi(unit, periode).filter(is_jpt=True, status=StatusEvaluasi.DRAFT)
    _ikuti_jpt(actor, unit.instansi_id, drafts)


def _ikuti_jpt(actor: Any, instansi_id: int, drafts: Iterable[Evaluasi]) -> None:
    """Draft JPT ratings follow the predikat organisasi covering them under the current map."""
    pemetaan = pengaturan_of(instansi_id).pemetaan_jpt
    for ev in drafts:
        org = kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, ev.periode)
        if org is None:
            continue
        hasil = aturan.rating_hasil_kerja_jpt(org.predikat, pemetaan)
        if hasil != ev.rating_hasil_kerja:
            before = audit.snapshot(ev, EVALUASI_FIELDS)
            ev.rating_hasil_kerja = hasil
            _hitung_predikat(ev)
            ev.save(update_fields=["rating_hasil_kerja", "predikat", "updated_at"])
            keterangan = f"Mengikuti predikat organisasi {org.predikat}."
            _riwayat(ev, actor, "dinilai", keterangan)
            audit.record(
                actor,
                "penilaian.dinilai",
                ev,
                before=before,
                after=audit.snapshot(ev, EVALUASI_FIELDS),
                reason=keterangan,
            )


# --- Rating ----------------------------------------------------------------------------------


def may_rate(actor: Any, skp: Skp) -> bool:
    """The SKP's penilai; for the top of the instansi (no penilai in the system), the Admin
    Instansi on the kepala daerah's behalf."""
    if actor.instansi_id != skp.instansi_id or actor.pegawai_id == skp.pegawai_id:
        return False
    if skp.penilai_id is None:
        return bool(actor.is_admin_instansi)
    return bool(actor.pegawai_id) and actor.pegawai_id == skp.penilai_id


def _hitung_predikat(ev: Evaluasi) -> None:
    if ev.rating_hasil_kerja and ev.rating_perilaku:
        ev.predikat = aturan.predikat_pegawai(ev.rating_hasil_kerja, ev.rating_perilaku)
    else:
        ev.predikat = ""


def _nama(actor: Any) -> str:
    pegawai = getattr(actor, "pegawai", None) if getattr(actor, "pegawai_id", None) else None
    return pegawai.nama_lengkap if pegawai else str(getattr(actor, "username", "") or "")


def _riwayat(ev: Evaluasi, actor: Any, aksi: str, keterangan: str = "") -> None:
    RiwayatEvaluasi.objects.create(
        instansi_id=ev.instansi_id,
        evaluasi=ev,
        aksi=aksi,
        keterangan=keterangan,
        oleh=actor if getattr(actor, "pk", None) else None,
        oleh_nama=_nama(actor)[:255],
        rating_hasil_kerja=ev.rating_hasil_kerja,
        rating_perilaku=ev.rating_perilaku,
        predikat=ev.predikat,
        status=ev.status,
        versi=ev.versi,
    )


def _snapshot(skp: Skp) -> dict[str, Any]:
    ids = [i for i in (skp.pegawai_id, skp.penilai_id, skp.atasan_penilai_id) if i]
    people = Pegawai.objects.select_related(*ORANG).in_bulk(ids)
    return {
        "pegawai": snapshot_of(people.get(skp.pegawai_id)),
        "penilai": snapshot_of(people.get(skp.penilai_id)) if skp.penilai_id else {},
        "atasan_penilai": (
            snapshot_of(people.get(skp.atasan_penilai_id)) if skp.atasan_penilai_id else {}
        ),
        "instansi": skp.snapshot.get("instansi", ""),
        "skp": {"id": skp.pk, "revisi": skp.revisi, "tahun": skp.tahun},
    }


def _pastikan_bisa_nilai(actor: Any, skp: Skp, periode: PeriodePenilaian, now: Any) -> None:
    if skp.sumber:
        raise DomainError(
            f"Penilaian pegawai ini bersumber dari {skp.sumber} dan hanya dapat dibaca di sini."
        )
    if not may_rate(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai kinerja pegawai ini yang dapat menilai.")
    if skp.status != StatusSkp.DISETUJUI or not skp.berlaku:
        raise DomainError(
            "Penilaian hanya untuk SKP yang sudah disetujui dan berlaku; SKP ini belum atau "
            "tidak lagi berlaku."
        )
    if not dalam_masa_skp(skp, periode):
        raise DomainError(f"Periode {periode} berada di luar masa SKP ini.")
    periode_mod.pastikan_terbuka(periode, UntukBatas.PENILAIAN, skp.pegawai, now)


def _rating(value: str | None, label: str) -> str:
    if value in (None, ""):
        return ""
    if value not in Rating.values:
        raise DomainError(
            f"{label} harus salah satu dari: Di Atas Ekspektasi, Sesuai Ekspektasi, "
            "Di Bawah Ekspektasi."
        )
    return str(value)


def _kunci(obj: Evaluasi | Keberatan, fields: list[str]) -> None:
    """Lock the row and reread `fields`: a stale object (a second tab, a double submit) must
    not finalise, object or decide twice."""
    model: Any = type(obj)
    list(
        model.objects.select_for_update()
        .filter(instansi_id=obj.instansi_id, pk=obj.pk)
        .values_list("pk", flat=True)
    )
    obj.refresh_from_db(fields=fields)


def evaluasi_untuk(skp: Skp, periode: PeriodePenilaian) -> Evaluasi | None:
    return Evaluasi.objects.filter(
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
        skp_mulai=skp.periode_mulai,
        periode=periode,
    ).first()


@transaction.atomic
def nilai(
    actor: Any,
    skp: Skp,
    periode: PeriodePenilaian,
    *,
    rating_hasil_kerja: str | None = None,
    rating_perilaku: str | None = None,
    umpan_balik_rhk: Mapping[str, str] | None = None,
    umpan_balik_perilaku: Mapping[str, str] | None = None,
    catatan: str | None = None,
    now: dt.datetime | None = None,
) -> Evaluasi:
    """Set the penilai's ratings (and umpan balik) of one pegawai for one period, as a draft
    until finalised. None leaves a field as it is; "" clears a rating. A JPT's Rating Hasil
    Kerja is not chosen: it follows the unit's predikat organisasi."""
    _pastikan_bisa_nilai(actor, skp, periode, now)
    ev = evaluasi_untuk(skp, periode)
    if ev is not None and ev.sudah_final:
        raise DomainError(
            f"Penilaian {periode} sudah difinalkan; perubahan hanya melalui keberatan."
        )
    pegawai = Pegawai.objects.select_related("jabatan").get(pk=skp.pegawai_id)
    if ev is None:
        ev = Evaluasi(
            instansi_id=skp.instansi_id,
            pegawai_id=skp.pegawai_id,
            skp_mulai=skp.periode_mulai,
            periode=periode,
        )
    before = audit.snapshot(ev, EVALUASI_FIELDS) if ev.pk else None
    ev.skp, ev.penilai_id, ev.atasan_penilai_id = skp, skp.penilai_id, skp.atasan_penilai_id
    ev.unor_id, ev.is_jpt = pegawai.unor_id, skp.is_jpt
    if rating_perilaku is not None:
        ev.rating_perilaku = _rating(rating_perilaku, "Rating Perilaku Kerja")
    if ev.is_jpt:
        org = kurva.organisasi_untuk(skp.instansi_id, pegawai.unor_id, periode)
        pemetaan = pengaturan_of(skp.instansi_id).pemetaan_jpt
        ev.rating_hasil_kerja = aturan.rating_hasil_kerja_jpt(org.predikat, pemetaan) if org else ""
    elif rating_hasil_kerja is not None:
        ev.rating_hasil_kerja = _rating(rating_hasil_kerja, "Rating Hasil Kerja")
    if umpan_balik_rhk is not None:
        ev.umpan_balik_rhk = {str(k): v.strip() for k, v in umpan_balik_rhk.items() if v.strip()}
    if umpan_balik_perilaku is not None:
        ev.umpan_balik_perilaku = {
            str(k): v.strip() for k, v in umpan_balik_perilaku.items() if v.strip()
        }
    if catatan is not None:
        ev.catatan = catatan.strip()
    _hitung_predikat(ev)
    ev.snapshot = _snapshot(skp)
    ev.dinilai_oleh, ev.dinilai_at = actor, now or timezone.now()
    ev.save()
    after = audit.snapshot(ev, EVALUASI_FIELDS)
    if before is None or before != after:
        _riwayat(ev, actor, "dinilai")
    audit.record(actor, "penilaian.dinilai", ev, instansi=skp.instansi, before=before, after=after)
    return ev


# --- Finalisation ----------------------------------------------------------------------------


def masalah_finalisasi(ev: Evaluasi) -> str:
    """Why this evaluation cannot be finalised yet ("" when it can), kurva aside."""
    if ev.sudah_final:
        return f"Penilaian {ev.periode} sudah difinalkan."
    if ev.is_jpt and not ev.rating_hasil_kerja:
        return (
            "Rating Hasil Kerja JPT mengikuti predikat kinerja organisasi, yang belum ditetapkan."
        )
    if not ev.rating_hasil_kerja or not ev.rating_perilaku:
        return "Isi Rating Hasil Kerja dan Rating Perilaku Kerja sebelum finalisasi."
    if kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, ev.periode) is None:
        return (
            f"Predikat kinerja organisasi unit pegawai ini untuk {ev.periode} belum ditetapkan; "
            "mintalah pimpinan unit di atasnya atau Admin Instansi menetapkannya lebih dulu."
        )
    return ""


@transaction.atomic
def finalkan(
    actor: Any, evaluasi: Iterable[Evaluasi], now: dt.datetime | None = None
) -> list[Evaluasi]:
    """Finalise one or more evaluations of the actor's bawahan (all or nothing): each must be
    complete, its unit must have a predikat organisasi, the period must be open for
    penilaian, and in mode `wajib` the kurva of each unit concerned must hold."""
    now = now or timezone.now()
    rows = list(evaluasi)
    if not rows:
        raise DomainError("Tidak ada penilaian yang dipilih untuk difinalkan.")
    for ev in rows:
        _kunci(ev, [*EVALUASI_FIELDS, "skp", "unor", "is_jpt", "difinalkan_at"])
        # The revision in force of the SKP series now (a revision may have been approved
        # since the rating); the evaluation then points at it.
        skp = (
            Skp.objects.select_related("pegawai__unor", "instansi")
            .filter(
                instansi_id=ev.instansi_id,
                pegawai_id=ev.pegawai_id,
                periode_mulai=ev.skp_mulai,
                berlaku=True,
            )
            .first()
        ) or Skp.objects.select_related("pegawai__unor", "instansi").get(
            instansi_id=ev.instansi_id, pk=ev.skp_id
        )
        _pastikan_bisa_nilai(actor, skp, ev.periode, now)
        if ev.skp_id != skp.pk:
            ev.skp = skp
            ev.save(update_fields=["skp", "updated_at"])
        masalah = masalah_finalisasi(ev)
        if masalah:
            raise DomainError(f"{ev.snapshot.get('pegawai', {}).get('nama', '')}: {masalah}")
    kurva.pastikan_kurva(rows)
    for ev in rows:
        before = audit.snapshot(ev, EVALUASI_FIELDS)
        ev.status = StatusEvaluasi.FINAL
        ev.difinalkan_oleh, ev.difinalkan_at = actor, now
        ev.save(update_fields=["status", "difinalkan_oleh", "difinalkan_at", "updated_at"])
        _riwayat(ev, actor, "difinalkan")
        audit.record(
            actor,
            "penilaian.difinalkan",
            ev,
            before=before,
            after=audit.snapshot(ev, EVALUASI_FIELDS),
        )
        notify(
            ev.pegawai,
            f"Hasil penilaian kinerja {ev.periode} telah difinalkan",
            f"Predikat Kinerja Pegawai: {ev.predikat}.",
            reverse("penilaian:evaluasi", args=[ev.pk]),
            jenis="penilaian.final",
        )
        events.evaluasi_final.send(Evaluasi, evaluasi=ev, actor=actor, aksi="difinalkan")
    return rows


# --- Keberatan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Jendela:
    """The instansi's keberatan window (days) and zone, read once, so a page listing many
    results applies the rule without a query per row."""

    hari: int
    zona: str

    def batas(self, ev: Evaluasi) -> dt.date | None:
        if ev.difinalkan_at is None:
            return None
        return aturan.batas_keberatan(ev.difinalkan_at, self.hari, self.zona)

    def terbuka(self, ev: Evaluasi, now: dt.datetime) -> bool:
        if ev.status != StatusEvaluasi.FINAL or ev.difinalkan_at is None:
            return False
        return aturan.keberatan_terbuka(ev.difinalkan_at, self.hari, self.zona, now)

    def teks_batas(self, ev: Evaluasi) -> str:
        batas = self.batas(ev)
        return format_batas(batas, self.zona) if batas else ""


def jendela_of(instansi_id: int) -> Jendela:
    hari = pengaturan_of(instansi_id).jendela_keberatan_hari
    return Jendela(hari, periode_mod.zona_of(instansi_id))


def batas_keberatan(ev: Evaluasi) -> dt.date | None:
    return jendela_of(ev.instansi_id).batas(ev)


def keberatan_terbuka(ev: Evaluasi, now: dt.datetime | None = None) -> bool:
    if ev.status != StatusEvaluasi.FINAL or ev.difinalkan_at is None:
        return False  # no need to read the window
    return jendela_of(ev.instansi_id).terbuka(ev, now or timezone.now())


def _pemutus(keberatan: Keberatan, actor: Any) -> bool:
    """The atasan penilai decides; at the top of the instansi the Admin Instansi does."""
    if actor.instansi_id != keberatan.instansi_id:
        return False
    if keberatan.diputus_oleh_pegawai_id is None:
        return bool(actor.is_admin_instansi)
    return bool(actor.pegawai_id) and actor.pegawai_id == keberatan.diputus_oleh_pegawai_id


def _url_keberatan(k: Keberatan) -> str:
    return reverse("penilaian:keberatan", args=[k.pk])


@transaction.atomic
def ajukan_keberatan(
    actor: Any, ev: Evaluasi, alasan: str, now: dt.datetime | None = None
) -> Keberatan:
    now = now or timezone.now()
    if not actor.pegawai_id or actor.pegawai_id != ev.pegawai_id:
        raise PermissionDenied("Keberatan hanya dapat diajukan oleh pegawai yang dinilai.")
    if ev.sumber:
        raise DomainError(
            f"Hasil penilaian ini bersumber dari {ev.sumber}; keberatan diajukan di {ev.sumber}."
        )
    _kunci(ev, ["status", "difinalkan_at"])
    if ev.status != StatusEvaluasi.FINAL:
        if ev.status == StatusEvaluasi.DRAFT:
            raise DomainError("Penilaian ini belum difinalkan; keberatan belum dapat diajukan.")
        raise DomainError("Keberatan atas penilaian ini sudah pernah diajukan.")
    if not keberatan_terbuka(ev, now):
        batas = batas_keberatan(ev)
        zona = periode_mod.zona_of(ev.instansi_id)
        raise DomainError(
            "Jangka waktu pengajuan keberatan sudah berakhir pada "
            f"{format_batas(batas, zona) if batas else '-'}; hasil penilaian sudah final."
        )
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise DomainError("Tuliskan alasan keberatan dengan jelas (paling sedikit 10 karakter).")
    k = Keberatan.objects.create(
        instansi_id=ev.instansi_id,
        evaluasi=ev,
        pegawai_id=ev.pegawai_id,
        diputus_oleh_pegawai_id=ev.atasan_penilai_id,
        alasan=alasan,
        rating_hasil_kerja_lama=ev.rating_hasil_kerja,
        rating_perilaku_lama=ev.rating_perilaku,
        predikat_lama=ev.predikat,
        diajukan_at=now,
    )
    _ubah_status(ev, actor, StatusEvaluasi.KEBERATAN, "keberatan_diajukan", alasan)
    audit.record(actor, "penilaian.keberatan_diajukan", k, after={"alasan": alasan})
    judul = f"Keberatan atas hasil penilaian {ev.periode}"
    pesan = f"{ev.snapshot.get('pegawai', {}).get('nama', '')} mengajukan keberatan."
    _beritahu_pemutus(k, judul, pesan)
    if ev.penilai_id:
        notify(
            Pegawai(pk=ev.penilai_id, instansi_id=ev.instansi_id),
            judul,
            pesan,
            _url_keberatan(k),
            jenis="keberatan.diajukan",
        )
    return k


def _ubah_status(ev: Evaluasi, actor: Any, status: str, aksi: str, keterangan: str) -> None:
    before = audit.snapshot(ev, EVALUASI_FIELDS)
    ev.status = status
    ev.save(update_fields=["status", "updated_at"])
    _riwayat(ev, actor, aksi, keterangan)
    audit.record(
        actor, f"penilaian.{aksi}", ev, before=before, after=audit.snapshot(ev, EVALUASI_FIELDS)
    )


@transaction.atomic
def minta_penjelasan(
    actor: Any,
    k: Keberatan,
    *,
    pertanyaan_penilai: str,
    pertanyaan_pegawai: str,
    now: dt.datetime | None = None,
) -> list[PenjelasanKeberatan]:
    """The atasan penilai asks the penilai and the pegawai for explanations (both, as Pasal 59
    requires before a decision); the keberatan is then `Diperiksa`."""
    now = now or timezone.now()
    if not _pemutus(k, actor):
        raise PermissionDenied("Hanya atasan pejabat penilai yang memeriksa keberatan ini.")
    _kunci(k, ["status"])
    if k.selesai:
        raise DomainError("Keberatan ini sudah diputuskan.")
    ev = k.evaluasi
    pertanyaan_penilai = (pertanyaan_penilai or "").strip()
    pertanyaan_pegawai = (pertanyaan_pegawai or "").strip()
    # At the top of the instansi the Admin Instansi rated and also decides: no penilai to ask.
    if (ev.penilai_id and not pertanyaan_penilai) or not pertanyaan_pegawai:
        raise DomainError("Tuliskan permintaan penjelasan untuk pejabat penilai dan untuk pegawai.")
    dijawab = {
        row.pihak: row.pertanyaan
        for row in PenjelasanKeberatan.objects.filter(
            instansi_id=k.instansi_id, keberatan=k
        ).exclude(jawaban="")
    }
    asked = []
    pihak_ditanya = [(PihakPenjelasan.PEGAWAI, pertanyaan_pegawai, ev.pegawai_id)]
    if ev.penilai_id:
        pihak_ditanya.insert(0, (PihakPenjelasan.PENILAI, pertanyaan_penilai, ev.penilai_id))
    for pihak, pertanyaan, penjawab in pihak_ditanya:
        if dijawab.get(pihak, pertanyaan) != pertanyaan:
            # The answer belongs to the question it was given to.
            raise DomainError(
                f"Penjelasan {PihakPenjelasan(pihak).label} sudah diberikan; pertanyaannya "
                "tidak dapat diubah lagi."
            )
        row, _ = PenjelasanKeberatan.objects.update_or_create(
            instansi_id=k.instansi_id,
            keberatan=k,
            pihak=pihak,
            defaults={"pertanyaan": pertanyaan, "penjawab_id": penjawab, "diminta_at": now},
        )
        asked.append(row)
        if penjawab:
            notify(
                Pegawai(pk=penjawab, instansi_id=k.instansi_id),
                f"Permintaan penjelasan atas keberatan {ev.periode}",
                pertanyaan[:200],
                _url_keberatan(k),
                jenis="keberatan.penjelasan",
            )
    if k.status != StatusKeberatan.DIPERIKSA:
        k.status = StatusKeberatan.DIPERIKSA
        k.save(update_fields=["status"])
        _ubah_status(ev, actor, StatusEvaluasi.DIPERIKSA, "penjelasan_diminta", "")
    audit.record(
        actor,
        "penilaian.penjelasan_diminta",
        k,
        after={"penilai": pertanyaan_penilai, "pegawai": pertanyaan_pegawai},
    )
    return asked


@transaction.atomic
def jawab_penjelasan(
    actor: Any, row: PenjelasanKeberatan, jawaban: str, now: dt.datetime | None = None
) -> PenjelasanKeberatan:
    if not actor.pegawai_id or actor.pegawai_id != row.penjawab_id:
        raise PermissionDenied("Penjelasan ini diminta dari orang lain.")
    if row.keberatan.selesai:
        raise DomainError("Keberatan ini sudah diputuskan; penjelasan tidak dapat diubah.")
    jawaban = (jawaban or "").strip()
    if not jawaban:
        raise DomainError("Penjelasan wajib diisi.")
    before = audit.snapshot(row, ["jawaban"])
    row.jawaban, row.dijawab_at = jawaban, now or timezone.now()
    row.save(update_fields=["jawaban", "dijawab_at"])
    audit.record(
        actor,
        "penilaian.penjelasan_dijawab",
        row,
        before=before,
        after={"pihak": row.pihak, "jawaban": jawaban},
        object_repr=f"Penjelasan {row.get_pihak_display()} atas keberatan",
    )
    _beritahu_pemutus(
        row.keberatan,
        "Penjelasan keberatan telah diberikan",
        f"{row.get_pihak_display()} memberikan penjelasan.",
    )
    return row


def _beritahu_pemutus(k: Keberatan, judul: str, pesan: str) -> None:
    """Notify whoever decides: the atasan penilai, or every Admin Instansi of the instansi
    when there is none (the top of the instansi)."""
    if k.diputus_oleh_pegawai_id:
        notify(
            Pegawai(pk=k.diputus_oleh_pegawai_id, instansi_id=k.instansi_id),
            judul,
            pesan,
            _url_keberatan(k),
            jenis="keberatan.diajukan",
        )
        return
    notify_admin_instansi(
        k.instansi_id, judul, pesan, _url_keberatan(k), jenis="keberatan.diajukan"
    )


@transaction.atomic
def putuskan_keberatan(
    actor: Any,
    k: Keberatan,
    keputusan: str,
    alasan: str,
    *,
    rating_hasil_kerja: str | None = None,
    rating_perilaku: str | None = None,
    now: dt.datetime | None = None,
) -> Keberatan:
    """`Tetap` keeps the result; `Diubah` sets new ratings, whose predikat replaces the old one
    (the evaluation's version goes up). Final and audited."""
    now = now or timezone.now()
    if not _pemutus(k, actor):
        raise PermissionDenied("Hanya atasan pejabat penilai yang memutuskan keberatan ini.")
    _kunci(k, ["status"])
    if k.selesai:
        raise DomainError("Keberatan ini sudah diputuskan; keputusan bersifat final.")
    if k.status != StatusKeberatan.DIPERIKSA:
        raise DomainError(
            "Mintalah penjelasan pejabat penilai dan pegawai lebih dulu sebelum memutuskan."
        )
    alasan = (alasan or "").strip()
    if not alasan:
        raise DomainError("Alasan keputusan wajib diisi.")
    ev = Evaluasi.objects.select_for_update().get(instansi_id=k.instansi_id, pk=k.evaluasi_id)
    before = audit.snapshot(ev, EVALUASI_FIELDS)
    if keputusan == StatusKeberatan.TETAP:
        k.status = StatusKeberatan.TETAP
        ev.status = StatusEvaluasi.TETAP
    elif keputusan == StatusKeberatan.DIUBAH:
        hasil = _rating(rating_hasil_kerja, "Rating Hasil Kerja")
        perilaku = _rating(rating_perilaku, "Rating Perilaku Kerja")
        if not hasil or not perilaku:
            raise DomainError("Keputusan Diubah memerlukan Rating Hasil Kerja dan Perilaku baru.")
        if (hasil, perilaku) == (ev.rating_hasil_kerja, ev.rating_perilaku):
            raise DomainError(
                "Rating baru sama dengan rating semula; pilih keputusan Tetap bila hasil "
                "penilaian tidak berubah."
            )
        ev.rating_hasil_kerja, ev.rating_perilaku = hasil, perilaku
        _hitung_predikat(ev)
        ev.versi += 1
        ev.status = StatusEvaluasi.DIUBAH
        k.status = StatusKeberatan.DIUBAH
        k.rating_hasil_kerja_baru, k.rating_perilaku_baru = hasil, perilaku
        k.predikat_baru = ev.predikat
    else:
        raise DomainError("Keputusan harus Tetap atau Diubah.")
    k.alasan_keputusan, k.diputuskan_at, k.diputuskan_oleh = alasan, now, actor
    k.save()
    ev.save()
    _riwayat(ev, actor, "keberatan_diputuskan", f"{k.status}: {alasan}")
    audit.record(
        actor,
        "penilaian.keberatan_diputuskan",
        ev,
        before=before,
        after=audit.snapshot(ev, EVALUASI_FIELDS),
        reason=f"{k.status}: {alasan}",
    )
    pesan = f"Keputusan: {k.status}. Predikat Kinerja Pegawai: {ev.predikat}."
    notify(
        ev.pegawai,
        f"Keberatan atas penilaian {ev.periode} telah diputuskan",
        pesan,
        reverse("penilaian:evaluasi", args=[ev.pk]),
        jenis="keberatan.diputuskan",
    )
    if ev.penilai_id:
        notify(
            Pegawai(pk=ev.penilai_id, instansi_id=ev.instansi_id),
            f"Keberatan atas penilaian {ev.periode} telah diputuskan",
            pesan,
            _url_keberatan(k),
            jenis="keberatan.diputuskan",
        )
    events.evaluasi_final.send(Evaluasi, evaluasi=ev, actor=actor, aksi="keberatan_diputuskan")
    return k
