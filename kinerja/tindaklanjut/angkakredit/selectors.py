"""Reads of the angka kredit pages, scoped to the user's instansi (404 for anything else).
Each page reads in a fixed number of queries, whatever the number of rows.

Who sees a pegawai's angka kredit: the pegawai, their penilai (a pegawai whose SKP of this year
or last year names the user as pejabat penilai: the people they evaluate, the annual result of
last year included), and the Admin Instansi.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kinerja.org.models import JenisJabatan, JenjangFungsional, Pegawai, UnitOrganisasi
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut.angkakredit import aturan
from kinerja.tindaklanjut.angkakredit.aturan import Kemajuan
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit

PER_HALAMAN = 25
EXPORT_CHUNK = 2000
NOL = aturan.NOL
_PEGAWAI = ("jabatan", "jabatan__jenjang", "unor", "golongan")


def _is_admin_of(user: Any, instansi_id: int) -> bool:
    return bool(user.is_admin_instansi) and user.instansi_id == instansi_id


def is_jf(pegawai: Pegawai) -> bool:
    jabatan = pegawai.jabatan
    return (
        jabatan is not None
        and jabatan.jenis == JenisJabatan.FUNGSIONAL
        and jabatan.jenjang_id is not None
    )


def _skp_dinilai(user: Any) -> QuerySet[Skp]:
    """SKPs of this year and last year on which the user is the pejabat penilai."""
    tahun = timezone.localdate().year
    return Skp.objects.filter(
        instansi_id=user.instansi_id, penilai_id=user.pegawai_id, tahun__gte=tahun - 1
    )


def boleh_lihat(user: Any, pegawai: Pegawai) -> bool:
    if user.instansi_id != pegawai.instansi_id:
        return False
    if _is_admin_of(user, pegawai.instansi_id):
        return True
    me = user.pegawai_id
    if not me:
        return False
    return me == pegawai.pk or _skp_dinilai(user).filter(pegawai_id=pegawai.pk).exists()


def pegawai_untuk_user(user: Any, pk: int) -> Pegawai:
    pegawai = (
        Pegawai.objects.select_related(*_PEGAWAI)
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if pegawai is None or not boleh_lihat(user, pegawai):
        raise Http404
    return pegawai


def pegawai_admin(user: Any, pk: int) -> Pegawai:
    """A pegawai of the Admin Instansi's own instansi (404 otherwise)."""
    pegawai = (
        Pegawai.objects.select_related(*_PEGAWAI)
        .filter(instansi_id=user.instansi_id, pk=pk)
        .first()
    )
    if pegawai is None or not _is_admin_of(user, pegawai.instansi_id):
        raise Http404
    return pegawai


# --- One pegawai -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ringkasan:
    pegawai: Pegawai
    jenjang: JenjangFungsional | None  # the current one (progress is toward its next steps)
    saldo: SaldoAngkaKredit | None
    baris: list[AngkaKredit]
    total_ledger: Decimal
    total: Decimal
    kemajuan: tuple[Kemajuan, Kemajuan]

    @property
    def is_jf(self) -> bool:
        return self.jenjang is not None


def ringkasan(pegawai: Pegawai) -> Ringkasan:
    """The ledger (oldest first), the saldo awal and the totals: two queries."""
    jenjang = pegawai.jabatan.jenjang if is_jf(pegawai) and pegawai.jabatan else None
    baris = list(
        AngkaKredit.objects.filter(instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk)
        .select_related("periode", "jenjang")
        .order_by("mulai", "-selesai", "id")
    )
    saldo = SaldoAngkaKredit.objects.filter(
        instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk
    ).first()
    total_ledger = sum((b.nilai for b in baris), NOL)
    total = total_ledger + (saldo.ak_awal if saldo else NOL)
    return Ringkasan(
        pegawai=pegawai,
        jenjang=jenjang,
        saldo=saldo,
        baris=baris,
        total_ledger=total_ledger,
        total=total,
        kemajuan=_kemajuan(jenjang, total),
    )


def _kemajuan(jenjang: JenjangFungsional | None, total: Decimal) -> tuple[Kemajuan, Kemajuan]:
    if jenjang is None:
        return aturan.kemajuan(total, None, None)
    return aturan.kemajuan(total, jenjang.ak_kenaikan_pangkat, jenjang.ak_kenaikan_jenjang)


# --- Lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baris:
    pegawai: Pegawai
    ak_awal: Decimal | None
    total: Decimal
    kemajuan: tuple[Kemajuan, Kemajuan]


def daftar_jf(
    instansi_id: int, q: str = "", unit: UnitOrganisasi | None = None
) -> QuerySet[Pegawai]:
    """Aktif JF pegawai of the instansi by name; `q` an NIP prefix or part of the name; `unit`
    the unit and its sub-units."""
    qs = Pegawai.objects.filter(
        instansi_id=instansi_id, aktif=True, jabatan__jenjang__isnull=False
    ).select_related(*_PEGAWAI)
    q = q.strip()
    if q.replace(" ", "").isdigit():
        digits = q.replace(" ", "")
        qs = qs.filter(nip__gte=digits, nip__lt=digits + "a")  # the index, not LIKE
    elif q:
        qs = qs.filter(nama__icontains=q)
    if unit is not None:
        qs = qs.filter(unor__in=_subtree(unit))
    return qs.order_by("nama", "id")


def _subtree(unit: UnitOrganisasi) -> QuerySet[UnitOrganisasi, int]:
    return UnitOrganisasi.objects.filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path) if unit.path else Q(pk=unit.pk),
        instansi_id=unit.instansi_id,
    ).values_list("id", flat=True)


def bawahan_jf(user: Any) -> QuerySet[Pegawai]:
    """The JF pegawai the user evaluates (SKP of this year or last year)."""
    return (
        Pegawai.objects.filter(
            instansi_id=user.instansi_id,
            pk__in=_skp_dinilai(user).values("pegawai_id"),
            jabatan__jenjang__isnull=False,
        )
        .select_related(*_PEGAWAI)
        .order_by("nama", "id")
    )


def baris_daftar(instansi_id: int, pegawai: Iterable[Pegawai]) -> list[Baris]:
    """Totals and progress of a page of pegawai: two queries for the whole page."""
    rows = list(pegawai)
    ids = [p.pk for p in rows]
    ledger = dict(
        AngkaKredit.objects.filter(instansi_id=instansi_id, pegawai_id__in=ids)
        .values_list("pegawai_id")
        .annotate(jumlah=Sum("nilai"))
        .order_by()
    )
    awal = dict(
        SaldoAngkaKredit.objects.filter(instansi_id=instansi_id, pegawai_id__in=ids).values_list(
            "pegawai_id", "ak_awal"
        )
    )
    out = []
    for p in rows:
        total = Decimal(ledger.get(p.pk) or 0) + (awal.get(p.pk) or NOL)
        total = total.quantize(aturan.TIGA_DESIMAL)
        jenjang = p.jabatan.jenjang if p.jabatan else None
        out.append(Baris(p, awal.get(p.pk), total, _kemajuan(jenjang, total)))
    return out


def unit_of(user: Any, unit_id: str) -> UnitOrganisasi | None:
    """The ?unor= filter: a unit of the user's instansi, None for "all", 404 for another's."""
    if not unit_id:
        return None
    if not unit_id.isdigit():
        raise Http404
    unit = UnitOrganisasi.objects.filter(instansi_id=user.instansi_id, pk=int(unit_id)).first()
    if unit is None:
        raise Http404
    return unit


def pilihan_unit(instansi_id: int, kedalaman: int = 1) -> list[tuple[int, str]]:
    """The units offered in the filter: the top levels of the tree (their sub-units included)."""
    return list(
        UnitOrganisasi.objects.filter(instansi_id=instansi_id, aktif=True, kedalaman__lte=kedalaman)
        .order_by("path", "nama")
        .values_list("id", "nama")
    )
