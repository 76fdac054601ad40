"""Every write of an instansi's application (SE Kepala BKN 11/2023 §5.b): submitted by its
PPK or JPT Pratama without an account, reviewed by the Admin Nasional. One function per step,
in a transaction, audited (instansi None until the instansi exists)."""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.links import absolute_url
from kinerja.core.permissions import DomainError, require_admin_nasional
from kinerja.org.models import JenisInstansi, ZonaWaktu
from kinerja.org.nip import NipError, parse_nip
from kinerja.org.services import KODE_INSTANSI, daftarkan_instansi
from kinerja.pelaksanaan.berkas import (
    hapus_berkas_nanti,
    hapus_berkas_sekarang,
    pasang,
    periksa_lampiran,
)
from kinerja.pendaftaran.models import (
    BERJALAN,
    MENUNGGU_TINJAUAN,
    JabatanPemohon,
    PermohonanInstansi,
    RiwayatPermohonan,
    StatusPermohonan,
    normalisasi_nama,
)
from kinerja.pendaftaran.selectors import admin_belum_masuk
from kinerja.pendaftaran.tasks import kirim_surel, kirim_surel_admin

# What the applicant fills in; pemohon_email is the applicant's key and is not corrected.
KOLOM = (
    "nama",
    "jenis",
    "zona_waktu",
    "kode_usulan",
    "pemohon_nama",
    "pemohon_jabatan",
    "pemohon_nip",
    "pemohon_email",
    "admin_nip",
    "admin_nama",
    "admin_email",
)
KOLOM_PERBAIKAN = tuple(k for k in KOLOM if k != "pemohon_email")
# What the audit log keeps of an application (the stored file's name is random: not kept).
DIREKAM = [*KOLOM, "nomor", "status", "catatan", "instansi", "nama_berkas", "ukuran_berkas"]
# No 0/O, 1/I/L: the number is read aloud and typed from a letter.
HURUF_NOMOR = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# --- Applicant (no account) ---------------------------------------------------------------------


@transaction.atomic
def ajukan_permohonan(data: dict[str, Any], surat: UploadedFile | None) -> PermohonanInstansi:
    """A new application. Every check runs before the letter is stored: a refusal leaves
    neither a row nor a file behind."""
    bersih = _periksa_isian(data)
    _periksa_tidak_ganda(bersih["nama_normal"], bersih["admin_nip"])
    permohonan = PermohonanInstansi(nomor=_nomor_baru(), **bersih)
    _simpan(permohonan, surat, wajib=True)
    _catat(permohonan, None, "pendaftaran.diajukan", after=_rekam(permohonan))
    _surel_pemohon(permohonan, "diajukan")
    return permohonan


@transaction.atomic
def perbaiki_permohonan(
    permohonan: PermohonanInstansi,
    email: str,
    data: dict[str, Any],
    surat: UploadedFile | None = None,
) -> PermohonanInstansi:
    """The applicant corrects a returned application (optionally with a new letter); it goes
    back to the Admin Nasional."""
    permohonan = _kunci(permohonan)
    if not email_cocok(permohonan, email):
        raise DomainError("E-mail pemohon tidak cocok dengan permohonan ini.")
    if permohonan.status != StatusPermohonan.PERLU_PERBAIKAN:
        raise DomainError("Permohonan ini tidak sedang menunggu perbaikan.")
    bersih = _periksa_isian({**data, "pemohon_email": permohonan.pemohon_email})
    _periksa_tidak_ganda(bersih["nama_normal"], bersih["admin_nip"], kecuali=permohonan.pk)
    before = _rekam(permohonan)
    if surat is not None:  # the old letter goes once the new one is committed
        hapus_berkas_nanti(permohonan)
    for key, value in bersih.items():
        setattr(permohonan, key, value)
    permohonan.status = StatusPermohonan.DIAJUKAN_ULANG
    _simpan(permohonan, surat, wajib=False)
    _catat(permohonan, None, "pendaftaran.diperbaiki", *audit.changed(before, _rekam(permohonan)))
    _surel_pemohon(permohonan, "diajukan_ulang")
    return permohonan


def cari_permohonan(nomor: str, email: str) -> PermohonanInstansi | None:
    """The application with this number, only for the applicant's e-mail (the number alone
    shows nothing)."""
    nomor = (nomor or "").strip().upper()
    permohonan = PermohonanInstansi.objects.filter(nomor=nomor).first() if nomor else None
    return permohonan if permohonan is not None and email_cocok(permohonan, email) else None


# --- Admin Nasional ----------------------------------------------------------------------------


@transaction.atomic
def minta_perbaikan(actor: Any, permohonan: PermohonanInstansi, catatan: str) -> PermohonanInstansi:
    require_admin_nasional(actor)
    permohonan = _kunci(permohonan)
    _harus_menunggu_tinjauan(permohonan)
    catatan = _wajib(
        catatan, "Catatan perbaikan wajib diisi agar pemohon tahu yang harus diperbaiki."
    )
    _ubah_status(
        actor, permohonan, StatusPermohonan.PERLU_PERBAIKAN, catatan, "pendaftaran.perlu_perbaikan"
    )
    _surel_pemohon(permohonan, "perlu_perbaikan")
    return permohonan


@transaction.atomic
def tolak_permohonan(actor: Any, permohonan: PermohonanInstansi, alasan: str) -> PermohonanInstansi:
    require_admin_nasional(actor)
    permohonan = _kunci(permohonan)
    if permohonan.status not in BERJALAN:
        raise DomainError(f"Permohonan ini sudah {permohonan.get_status_display().lower()}.")
    alasan = _wajib(alasan, "Alasan penolakan wajib diisi.")
    _ubah_status(actor, permohonan, StatusPermohonan.DITOLAK, alasan, "pendaftaran.ditolak")
    _surel_pemohon(permohonan, "ditolak")
    return permohonan


@transaction.atomic
def setujui_permohonan(
    actor: Any, permohonan: PermohonanInstansi, kode: str
) -> tuple[PermohonanInstansi, Any, str]:
    """Approve: the instansi and its admin account are made by `daftarkan_instansi` (same
    checks as a registration by hand). Returns the application, the admin account and its
    temporary password, shown once to the Admin Nasional as a fallback; the admin's e-mail
    holds no password, only a one-time link to set their own."""
    require_admin_nasional(actor)
    permohonan = _kunci(permohonan)
    _harus_menunggu_tinjauan(permohonan)
    instansi, admin, password = daftarkan_instansi(
        actor,
        kode=kode,
        nama=permohonan.nama,
        jenis=permohonan.jenis,
        zona_waktu=permohonan.zona_waktu,
        admin_nip=permohonan.admin_nip,
        admin_nama=permohonan.admin_nama,
        admin_email=permohonan.admin_email,
    )
    permohonan.instansi = instansi
    _ubah_status(actor, permohonan, StatusPermohonan.DISETUJUI, "", "pendaftaran.disetujui")
    kirim_surel_admin.enqueue(permohonan.pk, admin.pk)
    _surel_pemohon(permohonan, "disetujui")
    return permohonan, admin, password


@transaction.atomic
def kirim_ulang_petunjuk_admin(actor: Any, permohonan: PermohonanInstansi) -> Any:
    """The appointed admin's first-login e-mail again, with a new one-time link made at send
    time: for when the first did not arrive or its link expired (3 days). Only while the admin
    has never logged in; returns the admin account."""
    require_admin_nasional(actor)
    permohonan = _kunci(permohonan)
    if permohonan.status != StatusPermohonan.DISETUJUI:
        raise DomainError("Petunjuk masuk hanya dikirim untuk permohonan yang disetujui.")
    admin = admin_belum_masuk(permohonan)
    if admin is None:
        raise DomainError(
            "Admin Instansi permohonan ini sudah pernah masuk atau akunnya nonaktif; "
            "petunjuk masuk pertama tidak dikirim lagi."
        )
    if not admin.email:
        raise DomainError("Akun Admin Instansi ini tidak mempunyai alamat e-mail.")
    kirim_surel_admin.enqueue(permohonan.pk, admin.pk)
    audit.record(
        actor,
        "pendaftaran.petunjuk_admin_dikirim_ulang",
        permohonan,
        instansi=permohonan.instansi,
        after={"kepada": admin.email},
    )
    return admin


# --- Helpers -----------------------------------------------------------------------------------


def _periksa_isian(data: dict[str, Any]) -> dict[str, Any]:
    """The applicant's fields, checked again here (the form is not the only caller)."""
    isian = {k: str(data.get(k) or "").strip() for k in KOLOM}
    isian["kode_usulan"] = isian["kode_usulan"].upper()
    for key, label in [
        ("nama", "Nama instansi"),
        ("pemohon_nama", "Nama pemohon"),
        ("admin_nama", "Nama admin yang ditunjuk"),
    ]:
        _wajib(isian[key], f"{label} wajib diisi.")
    if isian["jenis"] not in JenisInstansi.values:
        raise DomainError("Jenis instansi harus Instansi Pusat atau Instansi Daerah.")
    if isian["zona_waktu"] not in ZonaWaktu.values:
        raise DomainError("Zona waktu harus WIB, WITA, atau WIT.")
    if isian["pemohon_jabatan"] not in JabatanPemohon.values:
        raise DomainError(
            "Permohonan diajukan oleh PPK atau Pejabat Pimpinan Tinggi Pratama yang "
            "membidangi kepegawaian (SE Kepala BKN 11/2023)."
        )
    if isian["kode_usulan"] and not KODE_INSTANSI.match(isian["kode_usulan"]):
        raise DomainError("Kode instansi yang diusulkan 2-16 huruf/angka tanpa spasi.")
    isian["admin_nip"] = _nip(isian["admin_nip"], "NIP admin yang ditunjuk")
    if isian["pemohon_nip"]:
        isian["pemohon_nip"] = _nip(isian["pemohon_nip"], "NIP pemohon")
    for key, label in [("pemohon_email", "E-mail pemohon"), ("admin_email", "E-mail admin")]:
        try:
            validate_email(isian[key])
        except ValidationError:
            raise DomainError(f"{label} tidak valid.") from None
    isian["nama_normal"] = normalisasi_nama(isian["nama"])
    _wajib(isian["nama_normal"], "Nama instansi wajib diisi.")
    return isian


def _rekam(permohonan: PermohonanInstansi) -> dict[str, Any]:
    return audit.snapshot(permohonan, DIREKAM)


def _nip(raw: str, label: str) -> str:
    try:
        return parse_nip(raw).nip
    except NipError as exc:
        raise DomainError(f"{label} tidak valid: {exc}") from exc


def _periksa_tidak_ganda(nama_normal: str, admin_nip: str, kecuali: int | None = None) -> None:
    berjalan = PermohonanInstansi.objects.filter(status__in=BERJALAN)
    if kecuali is not None:
        berjalan = berjalan.exclude(pk=kecuali)
    lain = berjalan.filter(nama_normal=nama_normal).first()
    if lain is not None:
        raise DomainError(
            f"Permohonan untuk instansi ini sudah ada dan sedang diproses (nomor {lain.nomor}). "
            "Pantau statusnya dengan nomor tersebut; jangan mengajukan dua kali."
        )
    if berjalan.filter(admin_nip=admin_nip).exists():
        raise DomainError(
            f"NIP {admin_nip} sudah ditunjuk sebagai admin pada permohonan lain yang sedang "
            "diproses."
        )
    if User.objects.filter(nip=admin_nip).exists():
        raise DomainError(
            f"NIP {admin_nip} sudah memiliki akun; satu NIP hanya untuk satu akun. Tunjuk "
            "pegawai lain atau hubungi Admin Nasional."
        )


def _simpan(permohonan: PermohonanInstansi, surat: UploadedFile | None, wajib: bool) -> None:
    """Check the letter (a PDF by its content, within BERKAS_MAX_BYTES), store it, save the
    row; the stored file is removed again if the row cannot be saved."""
    if surat is None:
        if wajib:
            raise DomainError("Unggah surat permohonan yang ditandatangani (PDF).")
        permohonan.save()
        return
    diperiksa = periksa_lampiran(surat)
    if diperiksa.jenis != "application/pdf":
        raise DomainError(f"Surat permohonan harus berkas PDF; {diperiksa.nama} bukan PDF.")
    pasang(permohonan, diperiksa)
    try:
        with transaction.atomic():
            permohonan.save()
    except IntegrityError:
        hapus_berkas_sekarang(permohonan)
        # Only the one-pending-per-name constraint can fail here: a submission raced ours.
        raise DomainError(
            "Permohonan untuk instansi ini sudah ada dan sedang diproses; jangan mengajukan "
            "dua kali."
        ) from None
    except BaseException:
        hapus_berkas_sekarang(permohonan)
        raise


def _nomor_baru() -> str:
    """PI-2026-7K3QX9: random, so that a number reveals nothing about the others."""
    while True:
        acak = "".join(secrets.choice(HURUF_NOMOR) for _ in range(6))
        nomor = f"PI-{timezone.localdate().year}-{acak}"
        if not PermohonanInstansi.objects.filter(nomor=nomor).exists():
            return nomor


def _kunci(permohonan: PermohonanInstansi) -> PermohonanInstansi:
    return PermohonanInstansi.objects.select_for_update().get(pk=permohonan.pk)


def _harus_menunggu_tinjauan(permohonan: PermohonanInstansi) -> None:
    if permohonan.status not in MENUNGGU_TINJAUAN:
        raise DomainError(
            f"Permohonan ini berstatus {permohonan.get_status_display()}, tidak menunggu tinjauan."
        )


def _wajib(text: str, pesan: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(pesan)
    return text


def email_cocok(permohonan: PermohonanInstansi, email: str) -> bool:
    return secrets.compare_digest(
        permohonan.pemohon_email.strip().casefold().encode(),
        (email or "").strip().casefold().encode(),
    )


def _ubah_status(
    actor: Any, permohonan: PermohonanInstansi, status: str, catatan: str, action: str
) -> None:
    before = audit.snapshot(permohonan, ["status", "catatan", "instansi"])
    permohonan.status, permohonan.catatan, permohonan.ditinjau_oleh = status, catatan, actor
    permohonan.save()
    after = audit.snapshot(permohonan, ["status", "catatan", "instansi"])
    _catat(permohonan, actor, action, before, after, catatan)


def _catat(
    permohonan: PermohonanInstansi,
    actor: Any,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    catatan: str = "",
) -> None:
    RiwayatPermohonan.objects.create(
        permohonan=permohonan,
        status=permohonan.status,
        catatan=catatan,
        oleh=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor,
        action,
        permohonan,
        instansi=permohonan.instansi,  # None until approved
        before=before,
        after=after,
        reason=catatan,
    )


def _tautan(name: str) -> str:
    return absolute_url(reverse(name))


SUBJEK = {
    "diajukan": "Permohonan {nomor} diterima",
    "diajukan_ulang": "Perbaikan permohonan {nomor} diterima",
    "perlu_perbaikan": "Permohonan {nomor} perlu diperbaiki",
    "disetujui": "Permohonan {nomor} disetujui",
    "ditolak": "Permohonan {nomor} ditolak",
}


def _surel_pemohon(permohonan: PermohonanInstansi, peristiwa: str) -> None:
    isi = render_to_string(
        "pendaftaran/surel/pemohon.txt",
        {"p": permohonan, "peristiwa": peristiwa, "tautan_status": _tautan("pendaftaran:status")},
    )
    subjek = "e-Kinerja: " + SUBJEK[peristiwa].format(nomor=permohonan.nomor)
    kirim_surel.enqueue([permohonan.pemohon_email], subjek, isi)
