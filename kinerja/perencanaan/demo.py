"""Demo SKPs: an approved SKP for every pegawai of the demo pemkot, cascaded from the top.

The Sekda's RHK are the sasaran of a Perjanjian Kinerja; every kepala OPD's RHK intervene them,
every bidang head's RHK intervene their kepala's, and so on down to pelaksana and fungsional,
with RHK and IKI texts chosen by kind of unit (demo_teks.py). A few bawahan of the demo penilai
are left in other states (Draft, Diajukan, Dikembalikan, none yet) so every screen shows
something, and one tim kerja has members from two units.

Built like the organisation (kinerja.org.demo): everything is computed in memory from one read
of the pegawai (the atasan rule applied to the whole tree at once, no per-pegawai queries) with
a seeded RNG, then written with insert_many (COPY on PostgreSQL). Idempotent: nothing is
written when the instansi already has SKPs of the year.
"""

import datetime as dt
import random
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.core.models import Notifikasi
from kinerja.org import demo as org_demo
from kinerja.org.atasan import chain_from_path, resolve_atasan
from kinerja.org.models import Instansi, JenisJabatan, NilaiBerakhlak, Pegawai
from kinerja.org.selectors import leaders_of_units
from kinerja.perencanaan import demo_teks as teks
from kinerja.perencanaan.models import (
    AnggotaTim,
    IndikatorKinerja,
    Intervensi,
    JenisCascading,
    JenisRhk,
    Klasifikasi,
    Lampiran,
    Pendekatan,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
    TimKerja,
)
from kinerja.perencanaan.services import BERAKHLAK_VERSI, snapshot_of

TAHUN = org_demo.TAHUN_ACUAN
# The atasan rule is applied on a fixed day, not the clock, so the data never drifts: the end
# of the year, when the PLT of the demo's vacant bidang is in office (as the app shows it).
HARI = dt.date(TAHUN, 12, 31)
# The demo penilai's bawahan (by NIP, after the demo pegawai) left in these states.
STATUS_LAIN = (StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN, None)
NAMA_TIM = "Tim Kerja Digitalisasi Layanan Kepegawaian"
# Which Sekda RHK a unit kind supports when its RHK templates do not say.
INDUK_TEMA = {"kecamatan": teks.LAYANAN, "keuangan": teks.KEUANGAN, "kepegawaian": teks.ASN}


@dataclass
class _Rhk:
    kunci: uuid.UUID
    jenis: str
    text: str
    tema: str
    iki: tuple[teks.Iki, ...]
    perspektif: str = ""
    links: list[tuple[uuid.UUID, str]] = field(default_factory=list)


@dataclass
class _Orang:
    pegawai: Pegawai
    penilai: int | None
    level: str  # daerah, jpt, administrator, pengawas, staf
    tema: str
    depth: int = 0
    status: str | None = StatusSkp.DISETUJUI  # None: no SKP yet
    rhk: list[_Rhk] = field(default_factory=list)


@dataclass
class Hasil:
    tahun: int
    skp: int  # SKPs written in this run (0: already there)


@transaction.atomic
def seed(profil: org_demo.Profil = org_demo.KOTA) -> Hasil:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or Skp.objects.filter(instansi=instansi, tahun=TAHUN).exists():
        return Hasil(TAHUN, 0)
    orang = _people(instansi)
    rng = random.Random(TAHUN * 1_000_003 + len(orang))
    order = _cascade_order(orang)
    _set_states(orang)
    for pid in order:
        _plan_rhk(rng, orang, pid)
    tim = _tim(orang)
    written = _write(instansi, orang, order, rng)
    if tim:
        _write_tim(instansi, *tim)
    analyze(Skp, RencanaHasilKerja, Intervensi, IndikatorKinerja, PerilakuKerja, Lampiran)
    audit.record(
        None,
        "demo.skp_dibuat",
        instansi,
        after={"tahun": TAHUN, "skp": written},
        reason="Data demo dari perintah seed_demo",
    )
    return Hasil(TAHUN, written)


# --- Who: the atasan rule over the whole tree -------------------------------------------------


def _people(instansi: Instansi) -> dict[int, _Orang]:
    """pegawai id -> person with their penilai, level and kind of unit: two queries."""
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .select_related("jabatan", "unor", "golongan")
        .order_by("nip")
    )
    leaders = leaders_of_units(instansi.pk, None, HARI)
    held: dict[int, set[int]] = {}
    for unit_id, leader in leaders.items():
        held.setdefault(leader, set()).add(unit_id)
    orang: dict[int, _Orang] = {}
    for p in pegawai:
        chain = chain_from_path(p.unor.path) if p.unor else []
        penilai = resolve_atasan(p.pk, chain, leaders, p.atasan_override_id, held.get(p.pk, ()))
        orang[p.pk] = _Orang(p, penilai, _level(p, penilai, p.pk in held), _tema(p))
    return orang


def _level(p: Pegawai, penilai: int | None, leads: bool) -> str:
    if penilai is None:
        return "daerah"
    if not leads:
        return "staf"
    jenis = p.jabatan.jenis if p.jabatan else ""
    levels = {str(JenisJabatan.JPT): "jpt", str(JenisJabatan.ADMINISTRATOR): "administrator"}
    return levels.get(jenis, "pengawas")


def _tema(p: Pegawai) -> str:
    """The kind of unit from its code: "DISDIK.SEK.UMPEG", "DINKES.PKM001", "KEC01.KEL02"."""
    opd, *rest = (p.unor.kode if p.unor else "").split(".")
    if "UMPEG" in rest:
        return "kepegawaian"
    if "KEU" in rest:
        return "keuangan"
    if rest and rest[-1] == "SEK":
        return "umum"
    if rest and opd == "DISDIK" and rest[0].startswith(("SD", "SMP")):
        return "sekolah"
    if rest and rest[0].startswith("PKM"):
        return "puskesmas"
    if opd.startswith("KEC"):
        return "kecamatan"
    kinds = {"DISDIK": "pendidikan", "DINKES": "kesehatan", "BPKAD": "keuangan"}
    return kinds.get(opd, "kepegawaian" if opd == "BKPSDM" else "umum")


def _cascade_order(orang: dict[int, _Orang]) -> list[int]:
    """Top first (breadth-first down the atasan tree), so a penilai's RHK exist before their
    bawahan's; anyone outside the tree (a loop of overrides) comes last, unlinked."""
    bawahan: dict[int | None, list[int]] = {}
    for pid, o in orang.items():
        key = o.penilai if o.penilai in orang else None
        bawahan.setdefault(key, []).append(pid)
    order: list[int] = []
    queue = deque((pid, 0) for pid in bawahan.get(None, []))
    while queue:
        pid, depth = queue.popleft()
        orang[pid].depth = depth
        order.append(pid)
        queue.extend((b, depth + 1) for b in bawahan.get(pid, []))
    seen = set(order)
    return order + [pid for pid in orang if pid not in seen]


def _set_states(orang: dict[int, _Orang]) -> None:
    """The demo penilai's plain bawahan (not the demo pegawai) in Draft, Diajukan,
    Dikembalikan and without an SKP: what the penilai's screens are for."""
    by_nip = {o.pegawai.nip: pid for pid, o in orang.items()}
    penilai = by_nip.get(org_demo.PENILAI.nip)
    leads = {o.penilai for o in orang.values()}
    candidates = [
        pid
        for pid, o in orang.items()
        if o.penilai == penilai
        and penilai is not None
        and pid not in leads
        and o.pegawai.nip != org_demo.PEGAWAI.nip
    ]
    for pid, status in zip(candidates, STATUS_LAIN, strict=False):
        orang[pid].status = status


# --- What: RHK and IKI cascaded from the penilai's ------------------------------------------


def _templates(tema: str, level: str) -> tuple[teks.Rhk, ...]:
    if level == "daerah":
        return teks.SEKDA
    return teks.TEMA.get(tema, {}).get(level) or teks.TEMA["umum"][level]


def _kunci(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _plan_rhk(rng: random.Random, orang: dict[int, _Orang], pid: int) -> None:
    o = orang[pid]
    if o.status is None:
        return
    templates = _templates(o.tema, o.level)
    if o.level in ("daerah", "jpt"):
        chosen = list(templates)  # the whole Perjanjian Kinerja
    else:
        chosen = rng.sample(templates, min(len(templates), rng.choice((2, 2, 3))))
    unit = o.pegawai.unor.nama if o.pegawai.unor else ""
    for t in chosen:
        iki = t.iki if o.level in ("daerah", "jpt") else t.iki[: rng.randint(1, len(t.iki))]
        o.rhk.append(_from_template(rng, t, JenisRhk.UTAMA, o.tema, unit, iki))
    if o.level not in ("daerah", "jpt") and rng.random() < 0.3:
        t = rng.choice(teks.TAMBAHAN)
        o.rhk.append(_from_template(rng, t, JenisRhk.TAMBAHAN, o.tema, unit, t.iki[:1]))
    leader = orang.get(o.penilai) if o.penilai else None
    if leader is not None and leader.rhk:
        _link(rng, o, leader, chosen)


def _from_template(
    rng: random.Random, t: teks.Rhk, jenis: str, tema: str, unit: str, iki: tuple[teks.Iki, ...]
) -> _Rhk:
    def fill(text: str) -> str:
        return text.replace("{unit}", unit)

    rows = tuple(
        teks.Iki(fill(i.indikator), i.aspek, i.target_min, i.target_max, i.satuan) for i in iki
    )
    return _Rhk(_kunci(rng), jenis, fill(t.teks), tema, rows, t.perspektif)


def _link(rng: random.Random, o: _Orang, leader: _Orang, chosen: list[teks.Rhk]) -> None:
    """Each RHK intervenes one of the penilai's Utama RHK: for a kepala OPD the sasaran of the
    Perjanjian Kinerja it supports; below, preferably one of the same kind of unit."""
    utama = [r for r in leader.rhk if r.jenis == JenisRhk.UTAMA]
    pool = [r for r in utama if r.tema == o.tema] or utama
    offset = rng.randrange(len(pool))
    for i, r in enumerate(o.rhk):
        if r.jenis == JenisRhk.TAMBAHAN:
            r.links.append((rng.choice(utama).kunci, JenisCascading.TIDAK_LANGSUNG))
            continue
        cascading = JenisCascading.LANGSUNG if rng.random() < 0.8 else JenisCascading.TIDAK_LANGSUNG
        if leader.level == "daerah":
            induk = chosen[i].induk if chosen[i].induk >= 0 else INDUK_TEMA.get(o.tema, 0)
            parent, cascading = utama[min(induk, len(utama) - 1)], JenisCascading.LANGSUNG
        else:
            parent = pool[(offset + i) % len(pool)]
        r.links.append((parent.kunci, cascading))


def _tim(orang: dict[int, _Orang]) -> tuple[int, list[int]] | None:
    """The demo penilai leads a tim kerja with two of their staff and two pegawai of the Admin
    Instansi's unit; the latter get a Tambahan RHK intervening the ketua's RHK too."""
    by_nip = {o.pegawai.nip: pid for pid, o in orang.items()}
    ketua, admin = by_nip.get(org_demo.PENILAI.nip), by_nip.get(org_demo.ADMIN_INSTANSI.nip)
    if ketua is None or admin is None or not orang[ketua].rhk:
        return None
    leads = {o.penilai for o in orang.values()}

    def staff_of(unor_id: int | None, n: int) -> list[int]:
        return [
            pid
            for pid, o in orang.items()
            if o.pegawai.unor_id == unor_id
            and pid not in leads
            and pid != ketua
            and o.status == StatusSkp.DISETUJUI
        ][:n]

    sendiri = staff_of(orang[ketua].pegawai.unor_id, 2)
    lain = [admin, *[p for p in staff_of(orang[admin].pegawai.unor_id, 2) if p != admin][:1]]
    target = orang[ketua].rhk[0]
    for pid in lain:
        o = orang[pid]
        if o.status != StatusSkp.DISETUJUI or not o.rhk or not o.rhk[0].links:
            continue
        own_parent = o.rhk[0].links[0][0]
        o.rhk.append(
            _Rhk(
                uuid.uuid5(target.kunci, o.pegawai.nip),
                JenisRhk.TAMBAHAN,
                f"Terlaksananya dukungan analisis SDM aparatur pada {NAMA_TIM}",
                o.tema,
                (teks.Iki("Jumlah bahan analisis yang disampaikan", teks.KN, "4", "6", "Dokumen"),),
                links=[
                    (own_parent, JenisCascading.TIDAK_LANGSUNG),
                    (target.kunci, JenisCascading.LANGSUNG),
                ],
            )
        )
    return ketua, [*sendiri, *lain]


# --- Writing --------------------------------------------------------------------------------


def _write(
    instansi: Instansi, orang: dict[int, _Orang], order: list[int], rng: random.Random
) -> int:
    zone = ZoneInfo(instansi.zona_waktu)
    snaps = {pid: snapshot_of(o.pegawai) for pid, o in orang.items()}
    pendekatan = instansi.pendekatan_skp or Pendekatan.KUANTITATIF
    with_skp = [pid for pid in order if orang[pid].status is not None]

    def skp_row(pid: int) -> dict[str, object]:
        o = orang[pid]
        atasan_penilai = orang[o.penilai].penilai if o.penilai in orang else None
        decided = dt.datetime(TAHUN, 1, 5 + 2 * min(o.depth, 10), 10, 0, tzinfo=zone)
        approved = o.status == StatusSkp.DISETUJUI
        return {
            "instansi_id": instansi.pk,
            "pegawai_id": pid,
            "penilai_id": o.penilai,
            "atasan_penilai_id": atasan_penilai,
            "tahun": TAHUN,
            "periode_mulai": dt.date(TAHUN, 1, 1),
            "periode_selesai": dt.date(TAHUN, 12, 31),
            "berlaku": approved,
            "terkini": True,
            "pendekatan": pendekatan,
            "is_jpt": o.pegawai.jabatan is not None and o.pegawai.jabatan.jenis == JenisJabatan.JPT,
            "status": o.status,
            "catatan_pengembalian": (
                teks.CATATAN_PENGEMBALIAN if o.status == StatusSkp.DIKEMBALIKAN else ""
            ),
            "snapshot": {
                "pegawai": snaps[pid],
                "penilai": snaps.get(o.penilai or 0, {}),
                "atasan_penilai": snaps.get(atasan_penilai or 0, {}),
                "instansi": instansi.nama,
            },
            "diajukan_at": decided - dt.timedelta(days=1) if o.status != StatusSkp.DRAFT else None,
            "disetujui_at": decided if approved else None,
        }

    insert_many(Skp, (skp_row(pid) for pid in with_skp))
    skp_ids = dict(
        Skp.objects.filter(instansi=instansi, tahun=TAHUN).values_list("pegawai_id", "id")
    )
    _write_rhk(instansi, orang, with_skp, skp_ids, pendekatan)
    _write_perilaku_lampiran(instansi, orang, with_skp, skp_ids, rng)
    return len(with_skp)


def _write_rhk(
    instansi: Instansi,
    orang: dict[int, _Orang],
    with_skp: list[int],
    skp_ids: dict[int, int],
    pendekatan: str,
) -> None:
    iid = instansi.pk
    jpt_levels = ("daerah", "jpt")

    def rhk_rows() -> Iterator[dict[str, object]]:
        for pid in with_skp:
            o = orang[pid]
            jpt = o.level in jpt_levels
            for urutan, r in enumerate(o.rhk, 1):
                yield {
                    "instansi_id": iid,
                    "skp_id": skp_ids[pid],
                    "kunci": r.kunci,
                    "jenis": r.jenis,
                    "urutan": urutan,
                    "rhk": r.text,
                    "klasifikasi": Klasifikasi.ORGANISASI if jpt else "",
                    "perspektif": (r.perspektif or teks.PB) if jpt else "",
                    "penugasan_dari": "",
                }

    insert_many(RencanaHasilKerja, rhk_rows())
    ids = dict(RencanaHasilKerja.objects.filter(instansi=instansi).values_list("kunci", "id"))
    kuantitatif = pendekatan == Pendekatan.KUANTITATIF
    all_rhk = [r for pid in with_skp for r in orang[pid].rhk]
    insert_many(
        IndikatorKinerja,
        (
            {
                "instansi_id": iid,
                "rhk_id": ids[r.kunci],
                "urutan": urutan,
                "indikator": i.indikator,
                "aspek": i.aspek if kuantitatif else "",
                "target_min": Decimal(i.target_min) if kuantitatif else None,
                "target_max": Decimal(i.target_max) if kuantitatif else None,
                "satuan": i.satuan if kuantitatif else "",
            }
            for r in all_rhk
            for urutan, i in enumerate(r.iki, 1)
        ),
    )
    insert_many(
        Intervensi,
        (
            {
                "instansi_id": iid,
                "rhk_id": ids[r.kunci],
                "rhk_atasan_id": ids[parent],
                "jenis_cascading": cascading,
            }
            for r in all_rhk
            for parent, cascading in r.links
        ),
    )


def _write_perilaku_lampiran(
    instansi: Instansi,
    orang: dict[int, _Orang],
    with_skp: list[int],
    skp_ids: dict[int, int],
    rng: random.Random,
) -> None:
    iid = instansi.pk
    nilai = list(
        NilaiBerakhlak.objects.filter(versi=BERAKHLAK_VERSI)
        .order_by("urutan")
        .values_list("id", flat=True)
    )
    ekspektasi = {pid: set(rng.sample(range(len(nilai)), rng.randint(1, 3))) for pid in with_skp}
    insert_many(
        PerilakuKerja,
        (
            {
                "instansi_id": iid,
                "skp_id": skp_ids[pid],
                "nilai_id": nilai_id,
                "ekspektasi_khusus": teks.EKSPEKTASI[i] if i in ekspektasi[pid] else "",
            }
            for pid in with_skp
            for i, nilai_id in enumerate(nilai)
        ),
    )

    def lampiran_rows() -> Iterator[dict[str, object]]:
        for pid in with_skp:
            unor = orang[pid].pegawai.unor
            unit = unor.nama if unor else instansi.nama
            lines = teks.LAMPIRAN[:: 1 if rng.random() < 0.3 else 2]  # 2 or 4 lines
            urutan: dict[str, int] = {}
            for jenis, text in lines:
                urutan[jenis] = urutan.get(jenis, 0) + 1
                yield {
                    "instansi_id": iid,
                    "skp_id": skp_ids[pid],
                    "jenis": jenis,
                    "urutan": urutan[jenis],
                    "teks": text.replace("{unit}", unit).replace("{tahun}", str(TAHUN)),
                }

    insert_many(Lampiran, lampiran_rows())


def _write_tim(instansi: Instansi, ketua: int, anggota: list[int]) -> None:
    tim = TimKerja.objects.create(instansi=instansi, nama=NAMA_TIM, ketua_id=ketua, tahun=TAHUN)
    AnggotaTim.objects.bulk_create(
        [AnggotaTim(instansi=instansi, tim=tim, pegawai_id=pid) for pid in dict.fromkeys(anggota)]
    )


# --- Removing (seed_demo --fresh) -----------------------------------------------------------


def hapus(instansi_ids: list[int]) -> None:
    """Delete every stage-1 row of these instansi, children first, without loading them."""
    from kinerja.notifikasi import demo as notifikasi_demo

    notifikasi_demo.hapus(instansi_ids)  # e-mails and reminders point at the notifications
    Skp.objects.filter(instansi_id__in=instansi_ids).update(revisi_dari=None)
    for model in (
        AnggotaTim,
        TimKerja,
        Intervensi,
        IndikatorKinerja,
        PerilakuKerja,
        Lampiran,
        RencanaHasilKerja,
        Skp,
        Notifikasi,
    ):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(qs.db)
