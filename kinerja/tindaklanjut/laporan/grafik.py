"""Geometry of the reports' charts, drawn as inline SVG by the templates (no JavaScript).

Pure functions from numbers to coordinates, so the templates only place what is computed here
and the tests can check a chart without parsing SVG. Every chart has a text summary for its
<desc>, and its numbers are also in a table on the page (accessibility: people who do not see
the chart read the same thing).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kinerja.penilaian import aturan

WARNA_PREDIKAT: dict[str, str] = {
    aturan.Predikat.SANGAT_BAIK: "#1e7d3a",
    aturan.Predikat.BAIK: "#0b5cad",
    aturan.Predikat.BUTUH_PERBAIKAN: "#b26b00",
    aturan.Predikat.KURANG: "#c2410c",
    aturan.Predikat.SANGAT_KURANG: "#b3261e",
}


def _persen(n: float) -> str:
    return f"{n:.0f}%"


# --- A kurva unit: stacked bar of the five predikat, and a gauge per rule --------------------


@dataclass(frozen=True)
class Segmen:
    predikat: str
    jumlah: int
    persen: float
    x: float
    lebar: float
    warna: str


@dataclass(frozen=True)
class Pita:
    """One rule as a track 0..100%: the allowed band and where the unit is."""

    teks: str
    terpenuhi: bool
    y: float
    x_mulai: float
    x_akhir: float
    x_nilai: float
    persen: float


@dataclass(frozen=True)
class BatangKurva:
    lebar: int
    tinggi: int
    x0: int
    panjang: int
    tinggi_batang: int
    segmen: list[Segmen]
    pita: list[Pita]
    ringkasan: str


def batang_kurva(hasil: aturan.HasilKurva, rules: Sequence[aturan.AturanKurva]) -> BatangKurva:
    """The unit's distribution as one 100% bar, and under it each rule's allowed band
    (from AturanKurva.rentang: exact people bounds) with the unit's share marked."""
    x0, panjang, batang, baris = 4, 300, 16, 12
    n = hasil.n
    segmen, x = [], float(x0)
    for predikat in aturan.Predikat.values:
        jumlah = hasil.jumlah.get(predikat, 0)
        lebar = panjang * jumlah / n if n else 0.0
        persen = 100.0 * jumlah / n if n else 0.0
        segmen.append(Segmen(predikat, jumlah, persen, x, lebar, WARNA_PREDIKAT[predikat]))
        x += lebar
    broken = {p.aturan for p in hasil.pelanggaran}
    pita = []
    for k, rule in enumerate(rules):
        least, most = rule.rentang(n)
        count = aturan.hitung_kelompok(hasil.jumlah, rule.kelompok)
        share = count / n if n else 0.0
        pita.append(
            Pita(
                teks=rule.teks,
                terpenuhi=rule not in broken,
                y=batang + 8 + k * baris,
                x_mulai=x0 + panjang * (least / n if n else 0.0),
                x_akhir=x0 + panjang * (most / n if n else 1.0),
                x_nilai=x0 + panjang * share,
                persen=100.0 * share,
            )
        )
    parts = [f"{s.predikat} {s.jumlah} ({_persen(s.persen)})" for s in segmen]
    verdict = "memenuhi kurva" if not hasil.pelanggaran else "belum memenuhi kurva"
    ringkasan = f"{n} pegawai dinilai: " + ", ".join(parts) + f"; {verdict}."
    tinggi = batang + 8 + len(rules) * baris + 2
    return BatangKurva(x0 * 2 + panjang, tinggi, x0, panjang, batang, segmen, pita, ringkasan)


# --- Small multiples: the distribution of each period ----------------------------------------


@dataclass(frozen=True)
class Kolom:
    predikat: str
    singkat: str
    jumlah: int
    persen: float
    x: float
    y: float
    tinggi: float
    warna: str


@dataclass(frozen=True)
class Kecil:
    judul: str
    n: int
    kolom: list[Kolom]
    ringkasan: str
    lebar: int = 170
    tinggi: int = 110
    y_dasar: int = 90


SINGKAT: dict[str, str] = {
    aturan.Predikat.SANGAT_BAIK: "SB",
    aturan.Predikat.BAIK: "B",
    aturan.Predikat.BUTUH_PERBAIKAN: "BP",
    aturan.Predikat.KURANG: "K/M",
    aturan.Predikat.SANGAT_KURANG: "SK",
}


def kecil(judul: str, jumlah: Mapping[str, int]) -> Kecil:
    """Five columns (share of the rated, 0..100% on a fixed scale so periods compare)."""
    n = sum(jumlah.get(p, 0) for p in aturan.Predikat.values)
    tinggi_maks, lebar, jarak, x = 70.0, 24, 8, 10.0
    kolom = []
    for predikat in aturan.Predikat.values:
        c = jumlah.get(predikat, 0)
        persen = 100.0 * c / n if n else 0.0
        h = tinggi_maks * persen / 100
        kolom.append(
            Kolom(predikat, SINGKAT[predikat], c, persen, x, 90 - h, h, WARNA_PREDIKAT[predikat])
        )
        x += lebar + jarak
    if n:
        isi = ", ".join(f"{k.predikat} {k.jumlah} ({_persen(k.persen)})" for k in kolom)
        ringkasan = f"{judul}: {n} pegawai dinilai; {isi}."
    else:
        ringkasan = f"{judul}: belum ada pegawai yang dinilai."
    return Kecil(judul, n, kolom, ringkasan)


# --- Lines over periods: a measure per line, 0..100% --------------------------------------


@dataclass(frozen=True)
class Titik:
    x: float
    y: float
    persen: float
    label: str


@dataclass(frozen=True)
class Garis:
    label: str
    warna: str
    titik: list[Titik]

    @property
    def points(self) -> str:
        return " ".join(f"{t.x:.1f},{t.y:.1f}" for t in self.titik)


@dataclass(frozen=True)
class SumbuX:
    x: float
    label: str


@dataclass(frozen=True)
class GrafikGaris:
    lebar: int
    tinggi: int
    x_kiri: int
    x_kanan: int
    y_atas: int
    y_bawah: int
    garis: list[Garis]
    sumbu_x: list[SumbuX]
    sumbu_y: list[tuple[float, str]]
    ringkasan: str


def grafik_garis(
    labels: Sequence[str], seri: Sequence[tuple[str, str, Sequence[float | None]]]
) -> GrafikGaris:
    """One line per (label, colour, value per period in % or None for no data)."""
    lebar, tinggi, kiri, kanan, atas, bawah = 640, 240, 60, 580, 14, 200
    step = (kanan - kiri) / max(1, len(labels) - 1) if len(labels) > 1 else 0
    xs = [kiri + step * k if len(labels) > 1 else (kiri + kanan) / 2 for k in range(len(labels))]

    def y_of(persen: float) -> float:
        return bawah - (bawah - atas) * persen / 100

    garis, teks = [], []
    for label, warna, values in seri:
        titik = [Titik(xs[k], y_of(v), v, labels[k]) for k, v in enumerate(values) if v is not None]
        garis.append(Garis(label, warna, titik))
        if titik:
            akhir = titik[-1]
            teks.append(f"{label} {_persen(akhir.persen)} pada {akhir.label}")
    sumbu_y = [(y_of(v), f"{v}%") for v in (0, 25, 50, 75, 100)]
    ringkasan = "; ".join(teks) + "." if teks else "Belum ada data."
    return GrafikGaris(
        lebar,
        tinggi,
        kiri,
        kanan,
        atas,
        bawah,
        garis,
        [SumbuX(x, label) for x, label in zip(xs, labels, strict=True)],
        sumbu_y,
        ringkasan,
    )
