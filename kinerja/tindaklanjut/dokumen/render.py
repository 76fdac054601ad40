"""The PDF of a document: a Django template (templates/dokumen/*.html, print CSS inside)
rendered by WeasyPrint on A4, with the QR code and the short URL of its verification page.

The people are printed from the snapshots (the SKP's and the evaluation's, frozen when it was
finalised), never from today's master data (domain.md §8.5). The evaluation reuses the reads
of the penilai's evaluation screen (selectors_penilai.konten_evaluasi) and the kurva's
organisation lookup.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kinerja.core.links import absolute_url
from kinerja.penilaian import kurva, selectors_penilai
from kinerja.penilaian.models import Evaluasi, Keberatan, StatusEvaluasi
from kinerja.perencanaan import selectors as skp_selectors
from kinerja.perencanaan.models import JenisLampiran, JenisRhk, Pendekatan, Skp
from kinerja.tindaklanjut.dokumen.signer import Penandatangan


def url_verifikasi(kode: str) -> str:
    return absolute_url(reverse("verifikasi:dokumen", args=[kode]))


def qr_data_uri(url: str) -> str:
    """The QR code of the URL as an SVG data URI (vector: sharp when printed)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=0))


def tempat(instansi: str) -> str:
    """The place printed above the signatures: the city or regency of a local government."""
    match = re.match(r"Pemerintah (?:Kota|Kabupaten|Provinsi) (.+)", instansi or "")
    return match.group(1) if match else ""


def _html(template: str, konteks: dict[str, Any], tanggal: Any) -> str:
    """The template rendered in the zone of `tanggal` (the instansi's), whatever the zone of
    the request or the worker."""
    zona = getattr(tanggal, "tzinfo", None)
    if zona is None:
        return render_to_string(template, konteks)
    with timezone.override(zona):
        return render_to_string(template, konteks)


def pdf_dari_html(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only where a PDF is made

    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


# --- The evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisHasil:
    nomor: int
    rhk: str
    jenis: str
    iki: list[dict[str, str]]  # indikator, aspek, target, realisasi
    umpan_balik: str


def _angka(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return text.removesuffix(",00")


def teks_target(iki: Any) -> str:
    if iki.target_min is None:
        return "-"
    if iki.target_max is None or iki.target_min == iki.target_max:
        return f"{_angka(iki.target_min)} {iki.satuan}".strip()
    return f"{_angka(iki.target_min)} – {_angka(iki.target_max)} {iki.satuan}".strip()


def _teks_realisasi(baris: Any) -> str:
    real = baris.realisasi
    if real is None:
        return "-"
    parts = []
    if real.nilai is not None:
        parts.append(f"{_angka(real.nilai)} {baris.iki.satuan}".strip())
    if real.uraian:
        parts.append(real.uraian)
    return "; ".join(parts) or "-"


def _hasil_kerja(ev: Evaluasi, konten: selectors_penilai.KontenEvaluasi) -> list[BarisHasil]:
    umpan = ev.umpan_balik_rhk or {}
    rows = []
    for nomor, baris in enumerate([*konten.rhk_utama, *konten.rhk_tambahan], 1):
        rhk = baris.rhk
        rows.append(
            BarisHasil(
                nomor=nomor,
                rhk=rhk.rhk,
                jenis=rhk.jenis,
                iki=[
                    {
                        "indikator": b.iki.indikator,
                        "aspek": b.iki.aspek,
                        "target": teks_target(b.iki),
                        "realisasi": _teks_realisasi(b),
                    }
                    for b in baris.iki
                ],
                umpan_balik=str(umpan.get(str(rhk.kunci), "")),
            )
        )
    return rows


def konteks_evaluasi(
    ev: Evaluasi, kode: str, tanggal: Any, penerbit: Penandatangan
) -> dict[str, Any]:
    """Everything the Dokumen Evaluasi Kinerja Pegawai prints."""
    snap = ev.snapshot or {}
    konten = selectors_penilai.konten_evaluasi(ev.skp, ev.periode)
    umpan_perilaku = ev.umpan_balik_perilaku or {}
    organisasi = kurva.organisasi_untuk(ev.instansi_id, ev.unor_id, ev.periode)
    keberatan = None
    if ev.status in (StatusEvaluasi.TETAP, StatusEvaluasi.DIUBAH):
        keberatan = Keberatan.objects.filter(instansi_id=ev.instansi_id, evaluasi_id=ev.pk).first()
    url = url_verifikasi(kode)
    instansi = snap.get("instansi", "") or ev.skp.snapshot.get("instansi", "")
    return {
        "ev": ev,
        "periode": ev.periode,
        "instansi": instansi,
        "pegawai": snap.get("pegawai") or {},
        "penilai": snap.get("penilai") or {},
        "atasan_penilai": snap.get("atasan_penilai") or {},
        "hasil_kerja": _hasil_kerja(ev, konten),
        "pendekatan": ev.skp.pendekatan,
        "perilaku": [
            {
                "nama": p.perilaku.nilai.nama,
                "panduan": p.panduan,
                "ekspektasi": p.perilaku.ekspektasi_khusus,
                "umpan_balik": str(umpan_perilaku.get(str(p.perilaku.nilai_id), "")),
            }
            for p in konten.perilaku
        ],
        "organisasi": organisasi,
        "keberatan": keberatan,
        "tempat": tempat(instansi),
        "tanggal": tanggal,
        "penerbit": penerbit,
        "kode": kode,
        "url_verifikasi": url,
        "qr": qr_data_uri(url),
    }


def render_evaluasi(ev: Evaluasi, kode: str, tanggal: Any, penerbit: Penandatangan) -> bytes:
    konteks = konteks_evaluasi(ev, kode, tanggal, penerbit)
    html = _html("dokumen/evaluasi.html", konteks, tanggal)
    return pdf_dari_html(html)


# --- The SKP --------------------------------------------------------------------------------


def konteks_skp(skp: Skp, kode: str, tanggal: Any, penerbit: Penandatangan) -> dict[str, Any]:
    """What the SKP document prints: the page's content (perencanaan.selectors.skp_content)."""
    content = skp_selectors.skp_content(skp)
    url = url_verifikasi(kode)
    instansi = skp.snapshot.get("instansi", "")
    return {
        "skp": skp,
        "kuantitatif": skp.pendekatan == Pendekatan.KUANTITATIF,
        "instansi": instansi,
        "pegawai": skp.snapshot.get("pegawai") or {},
        "penilai": skp.snapshot.get("penilai") or {},
        "atasan_penilai": skp.snapshot.get("atasan_penilai") or {},
        "hasil_groups": [
            (JenisRhk.UTAMA.label, content["rhk_utama"]),
            (JenisRhk.TAMBAHAN.label, content["rhk_tambahan"]),
        ],
        "perilaku": content["perilaku"],
        "lampiran_groups": [
            (jenis, [r for r in content["lampiran"] if r.jenis == jenis])
            for jenis in JenisLampiran.values
        ],
        "tempat": tempat(instansi),
        "tanggal": tanggal,
        "penerbit": penerbit,
        "kode": kode,
        "url_verifikasi": url,
        "qr": qr_data_uri(url),
    }


def render_skp(skp: Skp, kode: str, tanggal: Any, penerbit: Penandatangan) -> bytes:
    html = _html("dokumen/skp.html", konteks_skp(skp, kode, tanggal, penerbit), tanggal)
    return pdf_dari_html(html)
