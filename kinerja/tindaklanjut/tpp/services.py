"""Writes of TPP: configuration versions and the start of a recap export (the disiplin import
is in impor.py). Each is atomic, checks the Admin Instansi, and is audited.

Versions and past months: the rule of a month is the latest version with berlaku_mulai on or
before it. Once a recap of month M was made with a version, that version is frozen (edit →
make a new version), and no new version may start on or before M: the recap of M, and every
month before it, keeps the rules it was made with.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from kinerja.core import audit, jobs
from kinerja.core.models import Pekerjaan
from kinerja.core.permissions import DomainError, require_admin_instansi
from kinerja.org.models import UnitOrganisasi
from kinerja.pelaksanaan.jadwal import BULAN
from kinerja.tindaklanjut.tpp import aturan
from kinerja.tindaklanjut.tpp.models import BesaranTpp, KonfigurasiTpp

FORMAT_REKAP = ("xlsx", "csv")


def nama_bulan(tanggal: dt.date) -> str:
    return f"{BULAN[tanggal.month - 1]} {tanggal.year}"


def _bersihkan(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a version's values (DomainError with every reason); persen as strings."""
    persen = dict(data.get("persen_predikat") or {})
    besaran = {int(k): v for k, v in (data.get("besaran") or {}).items() if v is not None}
    errors = aturan.periksa(
        data["bobot_kinerja"],
        data["bobot_disiplin"],
        persen,
        data["dasar_kinerja"],
        data.get("menit_wajib"),
        besaran,
    )
    berlaku = data["berlaku_mulai"]
    if berlaku.day != 1:
        errors.insert(0, "Tanggal berlaku harus tanggal 1 suatu bulan.")
    if errors:
        raise DomainError(" ".join(errors))
    return {
        "berlaku_mulai": berlaku,
        "bobot_kinerja": data["bobot_kinerja"],
        "bobot_disiplin": data["bobot_disiplin"],
        "persen_predikat": {k: aturan.teks_persen(v) for k, v in persen.items()},
        "dasar_kinerja": data["dasar_kinerja"],
        "menit_wajib": data.get("menit_wajib"),
        "catatan": data.get("catatan", ""),
        "besaran": besaran,
    }


def _pastikan_bulan_bebas(instansi_id: int, berlaku: dt.date, kecuali: int | None = None) -> None:
    """No recap was made for this month or a later one with another version."""
    qs = KonfigurasiTpp.objects.filter(instansi_id=instansi_id)
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali)
    terakhir = qs.aggregate(m=Max("terakhir_dipakai"))["m"]
    if terakhir is not None and terakhir >= berlaku:
        berikut = (terakhir.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        raise DomainError(
            f"Rekap TPP {nama_bulan(terakhir)} sudah dibuat dengan konfigurasi yang berlaku "
            f"saat itu; versi baru paling awal berlaku mulai {nama_bulan(berikut)}."
        )


def _simpan_besaran(konfig: KonfigurasiTpp, besaran: dict[int, int]) -> None:
    BesaranTpp.objects.filter(instansi_id=konfig.instansi_id, konfigurasi=konfig).delete()
    BesaranTpp.objects.bulk_create(
        [
            BesaranTpp(
                instansi_id=konfig.instansi_id, konfigurasi=konfig, kelas_jabatan=k, jumlah=v
            )
            for k, v in sorted(besaran.items())
        ]
    )


def _isi(konfig: KonfigurasiTpp, bersih: dict[str, Any]) -> None:
    for field in (
        "berlaku_mulai",
        "bobot_kinerja",
        "bobot_disiplin",
        "persen_predikat",
        "dasar_kinerja",
        "menit_wajib",
        "catatan",
    ):
        setattr(konfig, field, bersih[field])


def _jejak(konfig: KonfigurasiTpp, besaran: dict[int, int]) -> dict[str, Any]:
    data = audit.snapshot(
        konfig,
        [
            "berlaku_mulai",
            "bobot_kinerja",
            "bobot_disiplin",
            "persen_predikat",
            "dasar_kinerja",
            "menit_wajib",
            "catatan",
        ],
    )
    return {**data, "besaran": {str(k): v for k, v in sorted(besaran.items())}}


@transaction.atomic
def buat_konfigurasi(actor: Any, instansi_id: int, **data: Any) -> KonfigurasiTpp:
    """A new version from `berlaku_mulai` (refused for a month that already has one, or a month
    whose recap was made)."""
    require_admin_instansi(actor, instansi_id)
    bersih = _bersihkan(data)
    berlaku = bersih["berlaku_mulai"]
    if KonfigurasiTpp.objects.filter(instansi_id=instansi_id, berlaku_mulai=berlaku).exists():
        raise DomainError(
            f"Sudah ada konfigurasi TPP yang berlaku mulai {nama_bulan(berlaku)}; ubah versi "
            "itu atau pilih bulan lain."
        )
    _pastikan_bulan_bebas(instansi_id, berlaku)
    konfig = KonfigurasiTpp(instansi_id=instansi_id, dibuat_oleh=_user(actor))
    _isi(konfig, bersih)
    konfig.save()
    _simpan_besaran(konfig, bersih["besaran"])
    audit.record(actor, "tpp.konfigurasi_dibuat", konfig, after=_jejak(konfig, bersih["besaran"]))
    return konfig


@transaction.atomic
def ubah_konfigurasi(actor: Any, konfig: KonfigurasiTpp, **data: Any) -> KonfigurasiTpp:
    """Change a version no recap used yet; a used one is refused (make a new version)."""
    require_admin_instansi(actor, konfig.instansi_id)
    konfig = KonfigurasiTpp.objects.select_for_update().get(pk=konfig.pk)
    if konfig.terakhir_dipakai is not None:
        raise DomainError(
            f"Konfigurasi ini sudah dipakai untuk rekap TPP {nama_bulan(konfig.terakhir_dipakai)}"
            " sehingga tidak dapat diubah. Buat versi baru yang berlaku mulai bulan "
            "berikutnya."
        )
    bersih = _bersihkan(data)
    berlaku = bersih["berlaku_mulai"]
    other = KonfigurasiTpp.objects.filter(instansi_id=konfig.instansi_id, berlaku_mulai=berlaku)
    if other.exclude(pk=konfig.pk).exists():
        raise DomainError(
            f"Sudah ada konfigurasi TPP lain yang berlaku mulai {nama_bulan(berlaku)}."
        )
    _pastikan_bulan_bebas(konfig.instansi_id, min(berlaku, konfig.berlaku_mulai), konfig.pk)
    lama_besaran = dict(
        BesaranTpp.objects.filter(instansi_id=konfig.instansi_id, konfigurasi=konfig).values_list(
            "kelas_jabatan", "jumlah"
        )
    )
    before = _jejak(konfig, lama_besaran)
    _isi(konfig, bersih)
    konfig.save()
    _simpan_besaran(konfig, bersih["besaran"])
    after = _jejak(konfig, bersih["besaran"])
    before, after = audit.changed(before, after)
    audit.record(actor, "tpp.konfigurasi_diubah", konfig, before=before, after=after)
    return konfig


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- The recap export ------------------------------------------------------------------------


@transaction.atomic
def mulai_rekap(
    actor: Any,
    instansi_id: int,
    tahun: int,
    bulan: int,
    format_: str,
    unor: UnitOrganisasi | None = None,
) -> Pekerjaan:
    """Start the background export of a month's recap; the version in force is frozen."""
    from kinerja.tindaklanjut.tpp import selectors

    require_admin_instansi(actor, instansi_id)
    if format_ not in FORMAT_REKAP:
        raise DomainError("Format rekap harus XLSX atau CSV.")
    if unor is not None and unor.instansi_id != instansi_id:
        raise DomainError("Unit organisasi tidak ditemukan.")
    awal = dt.date(tahun, bulan, 1)
    konfig = selectors.konfigurasi_berlaku(instansi_id, awal)
    if konfig is not None and (konfig.terakhir_dipakai is None or konfig.terakhir_dipakai < awal):
        KonfigurasiTpp.objects.filter(pk=konfig.pk).update(terakhir_dipakai=awal)
    lingkup = f" — {unor.nama}" if unor is not None else ""
    judul = f"Rekap TPP {nama_bulan(awal)}{lingkup} ({format_.upper()})"
    parameter = {
        "instansi_id": instansi_id,
        "tahun": tahun,
        "bulan": bulan,
        "format_": format_,
        "unor_id": unor.pk if unor is not None else None,
    }
    pekerjaan = jobs.buat(actor, "tpp.rekap", judul, parameter=parameter)
    audit.record(
        actor,
        "tpp.rekap_diekspor",
        pekerjaan,
        after={**parameter, "konfigurasi_id": konfig.pk if konfig else None},
    )
    jobs.jalankan(pekerjaan, "kinerja.tindaklanjut.tpp.rekap.tugas_rekap", **parameter)
    return pekerjaan
