"""Reads of the helpdesk. Who sees a ticket: its pelapor, the Admin Instansi of its instansi,
and the Admin Nasional only once it is escalated. Anything else is a 404 (no existence oracle),
attachments included. Knowledge base: national articles for every logged-in user, an
instansi's articles for that instansi only."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.bantuan.models import Artikel, KategoriTiket, LampiranTiket, StatusTiket, Tiket
from kinerja.org.models import Instansi

UMUR = (  # age buckets of open tickets: (key, label, lower bound in days, upper bound)
    ("u1", "< 1 hari", 0, 1),
    ("u3", "1–3 hari", 1, 3),
    ("u7", "3–7 hari", 3, 7),
    ("ulama", "> 7 hari", 7, None),
)
SARAN_MAKS = 5


def _terlihat(user: Any, prefix: str = "") -> Q:
    """The tickets the user may read, as a filter (prefix "tiket__" for related rows)."""
    q = Q(pk__in=[])
    if user.instansi_id:
        q |= Q(**{f"{prefix}instansi_id": user.instansi_id, f"{prefix}pelapor_id": user.pk})
        if user.is_admin_instansi:
            q |= Q(**{f"{prefix}instansi_id": user.instansi_id})
    if user.is_admin_nasional:
        q |= Q(**{f"{prefix}dieskalasi_at__isnull": False})
    return q


def boleh_menangani(user: Any, tiket: Tiket) -> bool:
    """Handlers: the Admin Instansi of the ticket's instansi; the Admin Nasional once escalated."""
    if user.is_admin_instansi and user.instansi_id == tiket.instansi_id:
        return True
    return bool(user.is_admin_nasional and tiket.dieskalasi_at)


def tiket_for_user(user: Any, pk: int) -> Tiket:
    tiket = (
        Tiket.objects.filter(_terlihat(user), pk=pk)
        .select_related("instansi", "pelapor", "dieskalasi_oleh")
        .first()
    )
    if tiket is None:
        raise Http404
    return tiket


def lampiran_for_user(user: Any, pk: int) -> LampiranTiket:
    row = LampiranTiket.objects.filter(_terlihat(user, "tiket__"), pk=pk).first()
    if row is None:
        raise Http404
    return row


def utas(tiket: Tiket) -> tuple[list[Any], list[LampiranTiket]]:
    """The replies (with their attachments) and the ticket's own attachments: two queries."""
    balasan = list(
        tiket.balasan.filter(instansi_id=tiket.instansi_id)
        .select_related("penulis")
        .order_by("created_at", "id")
    )
    lampiran = list(LampiranTiket.objects.filter(instansi_id=tiket.instansi_id, tiket=tiket))
    per_balasan: dict[int | None, list[LampiranTiket]] = defaultdict(list)
    for row in lampiran:
        per_balasan[row.balasan_id].append(row)
    for b in balasan:
        b.lampiran_list = per_balasan.get(b.pk, [])  # type: ignore[attr-defined]
    return balasan, per_balasan.get(None, [])


def tiket_saya(user: Any) -> QuerySet[Tiket]:
    if not user.instansi_id:
        return Tiket.objects.none()
    return Tiket.objects.filter(instansi_id=user.instansi_id, pelapor_id=user.pk).order_by(
        "-created_at", "-id"
    )


def antrean_instansi(instansi_id: int, status: str = "", kategori: str = "") -> QuerySet[Tiket]:
    """The Admin Instansi's queue: open tickets first by default (status "" = open, "semua")."""
    rows = Tiket.objects.filter(instansi_id=instansi_id).select_related("pelapor")
    return _saring(rows, status, kategori).order_by("-diperbarui_at", "-id")


def antrean_nasional(status: str = "", kategori: str = "") -> QuerySet[Tiket]:
    rows = Tiket.objects.filter(dieskalasi_at__isnull=False).select_related("pelapor", "instansi")
    return _saring(rows, status, kategori).order_by("-dieskalasi_at", "-id")


def _saring(rows: QuerySet[Tiket], status: str, kategori: str) -> QuerySet[Tiket]:
    if status in StatusTiket.values:
        rows = rows.filter(status=status)
    elif status != "semua":
        rows = rows.exclude(status=StatusTiket.SELESAI)
    if kategori in KategoriTiket.values:
        rows = rows.filter(kategori=kategori)
    return rows


# --- Knowledge base ------------------------------------------------------------------------------


def _cakupan(user: Any) -> Q:
    q = Q(instansi__isnull=True)
    if user.instansi_id:
        q |= Q(instansi_id=user.instansi_id)
    return q


def cari_artikel(user: Any, q: str = "", kategori: str = "") -> QuerySet[Artikel]:
    """Published articles of the user's scope matching every word of q (title or text); titles
    that match rank first."""
    rows = Artikel.objects.filter(_cakupan(user), diterbitkan=True)
    kata = q.split()[:8]
    for k in kata:
        rows = rows.filter(Q(judul__icontains=k) | Q(isi__icontains=k))
    if kategori in KategoriTiket.values:
        rows = rows.filter(kategori=kategori)
    if kata:
        judul = Q()
        for k in kata:
            judul &= Q(judul__icontains=k)
        rows = rows.annotate(di_judul=Count("pk", filter=judul))
        return rows.order_by("-di_judul", "-diperbarui_at", "-id")
    return rows.order_by("-diperbarui_at", "-id")


def saran_artikel(user: Any, teks: str) -> list[Artikel]:
    """Up to SARAN_MAKS published articles for what the user is typing: any word of three
    letters or more in the title or text, most matching words first."""
    kata = sorted({k.lower() for k in teks.split() if len(k) >= 3}, key=len, reverse=True)[:6]
    if not kata:
        return []
    cocok = Q()
    skor = {}
    for i, k in enumerate(kata):
        cocok |= Q(judul__icontains=k) | Q(isi__icontains=k)
        skor[f"s{i}"] = Count("pk", filter=Q(judul__icontains=k) | Q(isi__icontains=k))
    rows = (
        Artikel.objects.filter(_cakupan(user), cocok, diterbitkan=True)
        .annotate(**skor)
        .only("pk", "judul", "instansi_id")
    )
    hasil = sorted(rows[:50], key=lambda a: (-sum(getattr(a, s) for s in skor), -a.pk))
    return hasil[:SARAN_MAKS]


def artikel_for_user(user: Any, pk: int) -> Artikel:
    """A published article of the user's scope (its managers also see it unpublished)."""
    row = Artikel.objects.filter(_cakupan(user), pk=pk).first()
    if row is None or not (row.diterbitkan or boleh_kelola_artikel(user, row)):
        raise Http404
    return row


def boleh_kelola_artikel(user: Any, artikel: Artikel) -> bool:
    if artikel.instansi_id is None:
        return bool(user.is_admin_nasional)
    return bool(user.is_admin_instansi and user.instansi_id == artikel.instansi_id)


def artikel_kelolaan(user: Any) -> QuerySet[Artikel]:
    """The articles the user manages: the national ones for the Admin Nasional, the instansi's
    own for an Admin Instansi."""
    if user.is_admin_nasional:
        return Artikel.objects.filter(instansi__isnull=True)
    return Artikel.objects.filter(instansi_id=user.instansi_id)


def artikel_kelolaan_for_user(user: Any, pk: int) -> Artikel:
    row = artikel_kelolaan(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


# --- Reports -------------------------------------------------------------------------------------


@dataclass
class Laporan:
    instansi: Instansi | None
    umur: dict[str, int]  # open tickets by age bucket
    per_kategori: list[dict[str, Any]]  # kategori label + the buckets + total
    terbuka: int
    dieskalasi_terbuka: int
    dijawab: int  # tickets of the period with a first answer
    median_jam: float | None  # median hours to the first answer (tickets of the period)


def _umur_q(now: dt.datetime) -> dict[str, Any]:
    out = {}
    for key, _label, low, high in UMUR:
        q = Q(created_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            q &= Q(created_at__gt=now - dt.timedelta(days=high))
        out[key] = Count("pk", filter=q)
    return out


def laporan(
    instansi_ids: list[int] | None, hari: int, now: dt.datetime | None = None
) -> list[Laporan]:
    """Per instansi (None: every instansi with tickets): open tickets by age and kategori,
    counted in SQL; the median time to the first answer of the tickets opened in the last
    `hari` days, computed in Python over their (opened, answered) pairs (one row per ticket
    of the period: small at helpdesk scale)."""
    now = now or timezone.now()
    terbuka = Tiket.objects.exclude(status=StatusTiket.SELESAI)
    periode = Tiket.objects.filter(created_at__gt=now - dt.timedelta(days=hari))
    if instansi_ids is not None:
        terbuka = terbuka.filter(instansi_id__in=instansi_ids)
        periode = periode.filter(instansi_id__in=instansi_ids)
    counts = terbuka.values("instansi_id", "kategori").annotate(
        **_umur_q(now), eskalasi=Count("pk", filter=Q(dieskalasi_at__isnull=False))
    )
    jawab: dict[int, list[float]] = defaultdict(list)
    for iid, dibuka, dijawab in periode.filter(dijawab_at__isnull=False).values_list(
        "instansi_id", "created_at", "dijawab_at"
    ):
        if dijawab is not None:  # filtered above; for the type checker
            jawab[iid].append((dijawab - dibuka).total_seconds() / 3600)
    per: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in counts:
        per[row["instansi_id"]].append(row)
    ids = instansi_ids if instansi_ids is not None else sorted(set(per) | set(jawab))
    nama = Instansi.objects.in_bulk(ids)
    label = dict(KategoriTiket.choices)
    hasil = []
    for iid in ids:
        rows = sorted(per.get(iid, []), key=lambda r: list(label).index(r["kategori"]))
        umur = {key: sum(r[key] for r in rows) for key, *_ in UMUR}
        hasil.append(
            Laporan(
                instansi=nama.get(iid),
                umur=umur,
                per_kategori=[
                    {
                        "label": label[r["kategori"]],
                        "umur": [r[key] for key, *_ in UMUR],
                        "total": sum(r[key] for key, *_ in UMUR),
                    }
                    for r in rows
                ],
                terbuka=sum(umur.values()),
                dieskalasi_terbuka=sum(r["eskalasi"] for r in rows),
                dijawab=len(jawab.get(iid, [])),
                median_jam=statistics.median(jawab[iid]) if jawab.get(iid) else None,
            )
        )
    hasil.sort(key=lambda r: r.instansi.nama if r.instansi else "")
    return hasil
