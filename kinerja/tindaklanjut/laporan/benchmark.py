"""Figures of the reports on the benchmark database (the demo pemkot at 100,000 pegawai, after
the demo seed, this app's demo included): p50/p95 of the pages as the Admin Instansi reads
them. `ukur(figure, label)` is called by the `benchmark` command; `figure(name, value, unit)`
prints one figure.

- laporan_kepatuhan: the compliance table of the year (six GROUP BY over the instansi).
- laporan_distribusi: the kurva units of the last period with evaluations and the year's
  periods side by side.
- laporan_perbaikan: the first page of the below-Baik list of TAHUN-1 (and a later page).
- laporan_layanan: the first pages of the last-two-annual-predikat list.
"""

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.org import demo as org_demo
from kinerja.penilaian.models import Evaluasi

Figure = Callable[[str, float, str], None]
PERMINTAAN = 15
PEMANASAN = 2


def _persentil(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _ukur_url(client: Client, urls: Callable[[int], str]) -> list[float]:
    for i in range(PEMANASAN):
        client.get(urls(i))
    times = []
    for i in range(PERMINTAAN):
        started = time.perf_counter()
        response = client.get(urls(i))
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{urls(i)} menjawab {response.status_code}.")
    return times


def ukur(figure: Figure, label: str) -> None:
    admin = User.objects.get(nip=org_demo.ADMIN_INSTANSI.nip)
    instansi_id = int(admin.instansi_id or 0)
    periode_id = (
        Evaluasi.objects.filter(instansi_id=instansi_id, periode__jenis="Triwulanan")
        .order_by("-periode__mulai")
        .values_list("periode_id", flat=True)
        .first()
    )
    tahun = org_demo.TAHUN_ACUAN - 1
    client = Client()
    client.force_login(admin, backend="kinerja.accounts.backends.NipBackend")
    distribusi = reverse("laporan:distribusi") + (f"?periode={periode_id}" if periode_id else "")
    perbaikan = reverse("laporan:perbaikan")
    layanan = reverse("laporan:layanan")
    pages: dict[str, Callable[[int], str]] = {
        "laporan_kepatuhan": lambda i: reverse("laporan:kepatuhan"),
        "laporan_distribusi": lambda i: distribusi,
        "laporan_perbaikan": lambda i: f"{perbaikan}?tahun={tahun}&page={1 + i % 3 * 10}",
        "laporan_layanan": lambda i: f"{layanan}?page={1 + i % 3 * 10}",
    }
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": static},
    ):
        for name, urls in pages.items():
            times = _ukur_url(client, urls)
            figure(f"{name}_{label}_p50", _persentil(times, 50) * 1000, "ms")
            figure(f"{name}_{label}_p95", _persentil(times, 95) * 1000, "ms")
