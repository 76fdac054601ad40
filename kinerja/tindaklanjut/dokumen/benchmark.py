"""Benchmark figures of the signed documents on the benchmark database (after the demo seed of
the 100,000-pegawai instansi, kode demo.KOTA.kode):

- dokumen_render_sign_p50/p95: render the Dokumen Evaluasi Kinerja Pegawai of one final
  evaluation, sign it (local CA) and store it, per document, over DOKUMEN documents of
  different pegawai (goal < 500 ms), in ms; the first one (fonts, CA) is left out;
- dokumen_terima_p50: the pegawai's incremental second signature, in ms.
The documents made here are deleted again (rows and files).
"""

import math
import time
from collections.abc import Callable

from django.core.files.storage import default_storage

from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
from kinerja.tindaklanjut.dokumen import services
from kinerja.tindaklanjut.dokumen.models import Dokumen, TandaTangan

Figure = Callable[[str, float, str], None]
DOKUMEN = 20


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ukur(figure: Figure, label: str) -> None:
    instansi = Instansi.objects.filter(kode=demo.KOTA.kode).first()
    if instansi is None:
        return
    evs = list(
        services.evaluasi_tanpa_dokumen(instansi.pk)
        .filter(status__in=SUDAH_FINAL, penilai__isnull=False)
        .order_by("-id")[: DOKUMEN + 1]
    )
    made: list[Dokumen] = []
    times, terima = [], []
    try:
        for i, ev in enumerate(evs):
            started = time.perf_counter()
            dok = services.terbitkan_evaluasi(None, _fresh(ev))
            if i:
                times.append(time.perf_counter() - started)
            made.append(dok)
        for dok in made[1:6]:
            user = _akun(dok)
            if user is not None:
                started = time.perf_counter()
                services.terima_dokumen(user, dok)
                terima.append(time.perf_counter() - started)
    finally:
        _hapus(made)
    if times:
        figure("dokumen_render_sign_p50", _percentile(times, 50) * 1000, "ms")
        figure("dokumen_render_sign_p95", _percentile(times, 95) * 1000, "ms")
    if terima:
        figure("dokumen_terima_p50", _percentile(terima, 50) * 1000, "ms")
    figure(f"dokumen_jumlah_{label}", len(times), "dokumen")


def _fresh(ev: Evaluasi) -> Evaluasi:
    return Evaluasi.objects.select_related("periode", "skp", "pegawai").get(
        instansi_id=ev.instansi_id, pk=ev.pk
    )


def _akun(dok: Dokumen):  # type: ignore[no-untyped-def]
    from kinerja.accounts.models import User

    return User.objects.filter(pegawai_id=dok.pegawai_id).first()


def _hapus(made: list[Dokumen]) -> None:
    ids = [d.pk for d in made]
    names = list(Dokumen.objects.filter(pk__in=ids).values_list("berkas", flat=True))
    TandaTangan.objects.filter(dokumen_id__in=ids).delete()
    Dokumen.objects.filter(pk__in=ids).delete()
    for name in names:
        default_storage.delete(name)
