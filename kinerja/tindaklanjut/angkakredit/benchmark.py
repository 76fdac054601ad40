"""Benchmark figures of the angka kredit ledger on the benchmark database (after the demo seed
of the 100,000-pegawai instansi, kode demo.KOTA.kode):

- angka_kredit_hitung_ulang_<label>: the bulk recompute of the whole instansi from scratch
  (every JF pegawai's final results booked), in seconds;
- angka_kredit_hitung_ulang_tetap_<label>: the same when nothing changed (the nightly repair
  or a second click), in seconds;
- angka_kredit_daftar_p50/p95: the Admin Instansi's list page (random pages and searches).
"""

import math
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.tindaklanjut.angkakredit import services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit

Figure = Callable[[str, float, str], None]
REQUESTS = 100
WARMUP = 10
SEARCHES = ("sri", "wijaya", "made", "budi", "nur", "1980", "1990")


def ukur(figure: Figure, label: str) -> None:
    instansi = Instansi.objects.get(kode=demo.KOTA.kode)
    AngkaKredit.objects.filter(instansi=instansi).delete()
    started = time.perf_counter()
    hasil = services.hitung_ulang_instansi(instansi.pk)
    figure(f"angka_kredit_hitung_ulang_{label}", time.perf_counter() - started, "s")
    figure(f"angka_kredit_baris_{label}", hasil.baru, "baris")
    started = time.perf_counter()
    services.hitung_ulang_instansi(instansi.pk)
    figure(f"angka_kredit_hitung_ulang_tetap_{label}", time.perf_counter() - started, "s")
    times = _daftar(instansi)
    if times:
        figure("angka_kredit_daftar_p50", _percentile(times, 50) * 1000, "ms")
        figure("angka_kredit_daftar_p95", _percentile(times, 95) * 1000, "ms")


def _daftar(instansi: Instansi, requests: int = REQUESTS) -> list[float]:
    admin = User.objects.filter(instansi=instansi, is_admin_instansi=True).first()
    if admin is None:
        return []
    client = Client()
    client.force_login(admin, backend="kinerja.accounts.backends.NipBackend")
    url, rng = reverse("angkakredit:daftar"), random.Random(3)

    def url_of(i: int) -> str:
        if i % 3 == 2:
            return f"{url}?q={SEARCHES[i % len(SEARCHES)]}"
        return f"{url}?page={1 + rng.randrange(40)}"

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    times = []
    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": static},
    ):
        for i in range(WARMUP + requests):
            target = url_of(i)
            started = time.perf_counter()
            response = client.get(target)
            if response.status_code != 200:
                raise RuntimeError(f"{target} menjawab {response.status_code}.")
            if i >= WARMUP:
                times.append(time.perf_counter() - started)
    return times


def _percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
