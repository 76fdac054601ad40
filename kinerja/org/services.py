"""Every write to master data: one function per use case, in a transaction, audited."""

import datetime as dt
import re
import secrets
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from kinerja.core import audit
from kinerja.core.permissions import DomainError, require_admin_instansi, require_admin_nasional
from kinerja.org import selectors
from kinerja.org.models import (
    Instansi,
    Jabatan,
    JenisInstansi,
    JenisPenugasan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
    ZonaWaktu,
)
from kinerja.org.nip import NipError, parse_nip

# An instansi's code: 2-16 letters or digits, stored upper case.
KODE_INSTANSI = re.compile(r"^[A-Z0-9]{2,16}$")


def temporary_password() -> str:
    """A readable one-time password the admin passes on; it must be changed at first login."""
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


@transaction.atomic
def daftarkan_instansi(
    actor: Any,
    *,
    kode: str,
    nama: str,
    jenis: str,
    zona_waktu: str,
    admin_nip: str,
    admin_nama: str,
    admin_email: str = "",
) -> tuple[Instansi, Any, str]:
    """Admin Nasional registers an instansi and appoints its admin (SE BKN 11/2023 §5.b).

    Returns the instansi, the admin account and the admin's temporary password (shown once).
    """
    from kinerja.accounts.models import User

    require_admin_nasional(actor)
    kode = (kode or "").strip().upper()
    if not KODE_INSTANSI.match(kode):
        raise DomainError("Kode instansi 2-16 huruf/angka tanpa spasi.")
    if jenis not in JenisInstansi.values:
        raise DomainError("Jenis instansi harus Instansi Pusat atau Instansi Daerah.")
    if zona_waktu not in ZonaWaktu.values:
        raise DomainError("Zona waktu harus WIB, WITA, atau WIT.")
    try:
        nip = parse_nip(admin_nip).nip
    except NipError as exc:
        raise DomainError(f"NIP admin tidak valid: {exc}") from exc
    if Instansi.objects.filter(kode=kode).exists():
        raise DomainError(f"Kode instansi {kode} sudah dipakai.")
    if User.objects.filter(nip=nip).exists():
        raise DomainError(f"NIP {nip} sudah memiliki akun; satu NIP hanya untuk satu akun.")
    instansi = Instansi.objects.create(kode=kode, nama=nama, jenis=jenis, zona_waktu=zona_waktu)
    password = temporary_password()
    admin = User.objects.create_user(
        nip,
        password,
        nama=admin_nama,
        email=admin_email,
        instansi=instansi,
        is_admin_instansi=True,
        must_change_password=True,
    )
    audit.record(
        actor,
        "instansi.didaftarkan",
        instansi,
        instansi=instansi,  # so the new instansi's own audit log starts with its registration
        after=audit.snapshot(instansi),
    )
    audit.record(
        actor,
        "akun.admin_instansi_ditunjuk",
        admin,
        instansi=instansi,
        after={"nip": nip, "nama": admin_nama},
    )
    return instansi, admin, password


@transaction.atomic
def ubah_atasan(actor: Any, pegawai: Pegawai, atasan: Pegawai | None, alasan: str) -> Pegawai:
    """Override (or clear, with None) the atasan that the unor tree would give."""
    require_admin_instansi(actor, pegawai.instansi_id)
    if atasan is not None:
        _check_atasan(pegawai, atasan)
    if not alasan.strip():
        raise DomainError("Alasan perubahan atasan wajib diisi.")
    before = {"atasan_override_id": pegawai.atasan_override_id}
    pegawai.atasan_override = atasan
    pegawai.save(update_fields=["atasan_override", "updated_at"])
    audit.record(
        actor,
        "pegawai.atasan_diubah",
        pegawai,
        before=before,
        after={"atasan_override_id": pegawai.atasan_override_id},
        reason=alasan,
    )
    return pegawai


def _check_atasan(pegawai: Pegawai, atasan: Pegawai) -> None:
    if atasan.instansi_id != pegawai.instansi_id:
        raise DomainError("Atasan harus pegawai dari instansi yang sama.")
    if atasan.pk == pegawai.pk:
        raise DomainError("Pegawai tidak dapat menjadi atasan dirinya sendiri.")
    if not atasan.aktif:
        raise DomainError(f"{atasan.nama_lengkap} tidak aktif, sehingga tidak dapat jadi atasan.")
    if selectors.atasan_id_of(atasan) == pegawai.pk:
        # Each would rate the other: refuse the loop rather than leave both without a penilai.
        raise DomainError(
            f"{atasan.nama_lengkap} adalah bawahan langsung {pegawai.nama_lengkap}; "
            "keduanya tidak dapat saling menjadi atasan."
        )


@transaction.atomic
def tetapkan_penugasan_pimpinan(
    actor: Any,
    pegawai: Pegawai,
    unor: UnitOrganisasi,
    jenis_penugasan: str,
    mulai: dt.date,
    sampai: dt.date | None = None,
    nomor_sk: str = "",
) -> RiwayatJabatan:
    """Appoint a PLT or PLH to the leader position of a unit for a period."""
    require_admin_instansi(actor, pegawai.instansi_id)
    if jenis_penugasan not in (JenisPenugasan.PLT, JenisPenugasan.PLH):
        raise DomainError("Penugasan sementara harus PLT atau PLH.")
    if unor.instansi_id != pegawai.instansi_id:
        raise DomainError("Unit harus dari instansi yang sama.")
    if unor.jabatan_pimpinan_id is None:
        raise DomainError(f"Unit {unor.nama} belum memiliki jabatan pimpinan.")
    if sampai is not None and sampai < mulai:
        raise DomainError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if not pegawai.aktif:
        raise DomainError(f"{pegawai.nama_lengkap} tidak aktif, sehingga tidak dapat ditugaskan.")
    _check_no_overlap(unor, jenis_penugasan, mulai, sampai)
    riwayat = RiwayatJabatan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        jabatan_id=unor.jabatan_pimpinan_id,
        unor=unor,
        jenis_penugasan=jenis_penugasan,
        berlaku_mulai=mulai,
        berlaku_sampai=sampai,
        nomor_sk=nomor_sk,
    )
    audit.record(actor, "pegawai.penugasan_pimpinan", riwayat, after=audit.snapshot(riwayat))
    return riwayat


def _check_no_overlap(
    unor: UnitOrganisasi, jenis_penugasan: str, mulai: dt.date, sampai: dt.date | None
) -> None:
    """Two PLTs (or two PLHs) of one unit at the same time would leave the atasan ambiguous."""
    overlap = (
        RiwayatJabatan.objects.filter(
            instansi_id=unor.instansi_id,
            unor=unor,
            jenis_penugasan=jenis_penugasan,
            jabatan_id=F("unor__jabatan_pimpinan_id"),
        )
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=mulai))
        .select_related("pegawai")
    )
    if sampai is not None:
        overlap = overlap.filter(berlaku_mulai__lte=sampai)
    other = overlap.first()
    if other is not None:
        sampai_text = f"{other.berlaku_sampai:%d-%m-%Y}" if other.berlaku_sampai else "sekarang"
        raise DomainError(
            f"{unor.nama} sudah memiliki {jenis_penugasan} {other.pegawai.nama_lengkap} "
            f"({other.berlaku_mulai:%d-%m-%Y} s.d. {sampai_text}) pada periode itu."
        )


@transaction.atomic
def mutasi_pegawai(
    actor: Any,
    pegawai: Pegawai,
    jabatan: Jabatan,
    unor: UnitOrganisasi,
    tanggal: dt.date,
    nomor_sk: str = "",
) -> RiwayatJabatan:
    """Move a pegawai to a new definitif position: the open history row closes the day before."""
    require_admin_instansi(actor, pegawai.instansi_id)
    if jabatan.instansi_id != pegawai.instansi_id or unor.instansi_id != pegawai.instansi_id:
        raise DomainError("Jabatan dan unit harus dari instansi yang sama.")
    if (pegawai.jabatan_id, pegawai.unor_id) == (jabatan.pk, unor.pk):
        raise DomainError(f"{pegawai.nama_lengkap} sudah menduduki {jabatan.nama} di {unor.nama}.")
    before = audit.snapshot(pegawai, ["jabatan", "unor"])
    riwayat = open_position(pegawai, jabatan.pk, unor.pk, tanggal, nomor_sk)
    pegawai.jabatan, pegawai.unor = jabatan, unor
    pegawai.save(update_fields=["jabatan", "unor", "updated_at"])
    audit.record(
        actor,
        "pegawai.mutasi",
        pegawai,
        before=before,
        after=audit.snapshot(pegawai, ["jabatan", "unor"]),
    )
    return riwayat


def open_position(
    pegawai: Pegawai, jabatan_id: int, unor_id: int, tanggal: dt.date, nomor_sk: str = ""
) -> RiwayatJabatan:
    """Close the open definitif row (if any) and open a new one. Caller holds the transaction."""
    open_rows = RiwayatJabatan.objects.filter(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        jenis_penugasan=JenisPenugasan.DEFINITIF,
        berlaku_sampai__isnull=True,
    )
    for row in open_rows:
        if row.berlaku_mulai >= tanggal:
            raise DomainError(
                f"Tanggal mutasi ({tanggal:%d-%m-%Y}) harus setelah awal jabatan sekarang "
                f"({row.berlaku_mulai:%d-%m-%Y})."
            )
    open_rows.update(berlaku_sampai=tanggal - dt.timedelta(days=1))
    return RiwayatJabatan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        jabatan_id=jabatan_id,
        unor_id=unor_id,
        jenis_penugasan=JenisPenugasan.DEFINITIF,
        berlaku_mulai=tanggal,
        nomor_sk=nomor_sk,
    )


def rebuild_paths(instansi_id: int) -> int:
    """Recompute the materialized paths of an instansi's unor tree; returns rows changed.

    Caller holds the transaction. Raises DomainError on a cycle.
    """
    rows = list(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id).only(
            "id", "induk_id", "path", "kedalaman"
        )
    )
    by_id = {u.pk: u for u in rows}
    computed: dict[int, tuple[str, int]] = {}

    def path_of(unit: UnitOrganisasi, seen: frozenset[int] = frozenset()) -> tuple[str, int]:
        if unit.pk in computed:
            return computed[unit.pk]
        if unit.pk in seen:
            raise DomainError(f"Pohon unit organisasi melingkar di unit {unit.pk}.")
        parent = by_id.get(unit.induk_id) if unit.induk_id else None
        if parent is None:
            result = (f"/{unit.pk}/", 0)
        else:
            parent_path, depth = path_of(parent, seen | {unit.pk})
            result = (f"{parent_path}{unit.pk}/", depth + 1)
        computed[unit.pk] = result
        return result

    changed = []
    for unit in rows:
        path, depth = path_of(unit)
        if (unit.path, unit.kedalaman) != (path, depth):
            unit.path, unit.kedalaman = path, depth
            changed.append(unit)
    UnitOrganisasi.objects.bulk_update(changed, ["path", "kedalaman"], batch_size=500)
    return len(changed)
