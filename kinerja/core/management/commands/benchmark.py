"""`manage.py benchmark [--pegawai N] [--only seed,import,pages,tindaklanjut,integrasi,latar]`:
figures.

Each figure is printed on its own line as `name: value unit` (progress goes to stderr). The
benchmark never touches the user's data: it re-executes itself in a child process whose
DATABASE_URL points at a throwaway database (a temporary SQLite file, or a PostgreSQL database
named kinerja_bench on the same server, created and dropped here), so the settings are right
before anything connects. docs/performance.md explains the figures.
"""

import argparse
import csv
import datetime as dt
import io
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.api import benchmark as api_bench
from kinerja.integrasi import demo as integrasi_demo
from kinerja.integrasi.ekinerjabkn import benchmark as ekinerjabkn_bench
from kinerja.integrasi.siasn import benchmark as siasn_bench
from kinerja.notifikasi import benchmark as latar_bench
from kinerja.org import demo
from kinerja.org.atasan import chain_from_path
from kinerja.org.imports import KOLOM, pratinjau_impor, terapkan_impor
from kinerja.org.models import Instansi, JenisImpor, Pegawai, StatusImpor, UnitOrganisasi
from kinerja.pelaksanaan import demo as kerja_demo
from kinerja.pelaksanaan import selectors_aktivitas, selectors_pemantauan
from kinerja.pelaksanaan.models import AktivitasHarian, BuktiDukung, PeriodePenilaian, Realisasi
from kinerja.pelaksanaan.periode import periode_pada
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian import kurva as penilaian_kurva
from kinerja.penilaian.models import Evaluasi, KinerjaOrganisasi, RiwayatEvaluasi
from kinerja.perencanaan import demo as skp_demo
from kinerja.perencanaan.models import Skp
from kinerja.tindaklanjut import demo as tindak_lanjut_demo
from kinerja.tindaklanjut.angkakredit import benchmark as angkakredit_bench
from kinerja.tindaklanjut.dokumen import benchmark as dokumen_bench
from kinerja.tindaklanjut.laporan import benchmark as laporan_bench
from kinerja.tindaklanjut.tpp import benchmark as tpp_bench

PARTS = ("seed", "import", "pages", "tindaklanjut", "integrasi", "latar")
# Stage 4 and the integrations: each app measures itself (`ukur(figure, label)` in its
# benchmark.py) on the seed.
TINDAK_LANJUT = (dokumen_bench, angkakredit_bench, tpp_bench, laporan_bench)
INTEGRASI = (api_bench, siasn_bench, ekinerjabkn_bench)
PG_NAME = "kinerja_bench"
CHILD_ENV = "KINERJA_BENCHMARK_CHILD"
WARMUP = 10
BENCH = demo.Profil(
    kode="BENCH",
    nama="Pemerintah Kota Uji Beban",
    kota="Uji Beban",
    zona_waktu=demo.ZonaWaktu.WIB,
    domain="ujibeban.example",
    seed=99,
    sekda="Sekretaris Daerah",
    opd=demo.OPD_KOTA,
    kecamatan=True,
    tokoh=(),
    admin=demo.ADMIN_INSTANSI,  # unused: the benchmark imports these pegawai, it does not seed
)
CSV_HEADER = tuple(kolom.nama for kolom in KOLOM[JenisImpor.PEGAWAI])
SEARCH_NAMES = ("sri", "wijaya", "siregar", "made", "budi", "rahma", "nur", "santoso")


class Command(BaseCommand):
    help = (
        "Mengukur kinerja (pembuatan data, impor pegawai, halaman daftar dan detail pegawai) "
        "pada basis data sementara yang terpisah dari data Anda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pegawai", type=int, default=100_000, help="Bawaan 100000.")
        parser.add_argument(
            "--only",
            default=",".join(PARTS),
            help="Bagian yang diukur: seed,import,pages,tindaklanjut,integrasi,latar.",
        )
        parser.add_argument(
            "--requests", type=int, default=200, help="Permintaan per halaman (bawaan 200)."
        )
        parser.add_argument(
            "--keep", action="store_true", help="Jangan hapus basis data benchmark sesudahnya."
        )
        # Internal: run in this process on the current database (the child, and tests).
        parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        only = [p.strip() for p in options["only"].split(",") if p.strip()]
        unknown = set(only) - set(PARTS)
        if unknown or not only:
            raise CommandError(f"--only hanya boleh berisi {', '.join(PARTS)}.")
        if options["pegawai"] < demo.MIN_PEGAWAI:
            raise CommandError(f"--pegawai minimal {demo.MIN_PEGAWAI}.")
        if options["here"]:
            Run(self, options["pegawai"], options["requests"]).all(only)
        else:
            self._spawn(options, only)

    # --- the parent: a throwaway database and a child process --------------------------

    def _spawn(self, options: dict[str, Any], only: list[str]) -> None:
        workdir = Path(tempfile.mkdtemp(prefix="kinerja_bench_"))
        env = {**os.environ, CHILD_ENV: "1", "MEDIA_ROOT": str(workdir / "media")}
        env.pop("DATABASE_URL_FILE", None)  # would win over the DATABASE_URL set below
        cmd = [sys.executable, "-u", str(settings.BASE_DIR / "manage.py"), "benchmark", "--here"]
        cmd += ["--pegawai", str(options["pegawai"]), "--only", ",".join(only)]
        cmd += ["--requests", str(options["requests"])]
        try:
            with _throwaway_database(workdir, keep=options["keep"]) as url:
                env["DATABASE_URL"] = url
                _progress(f"Basis data benchmark: {url.split('@')[-1]}")
                # Our own interpreter and manage.py with our own arguments: nothing untrusted.
                with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True) as child:  # noqa: S603
                    assert child.stdout is not None
                    for line in child.stdout:
                        self.stdout.write(line.rstrip("\n"))
                if child.returncode:
                    raise CommandError(f"Benchmark gagal (kode keluar {child.returncode}).")
        finally:
            if not options["keep"]:
                shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _throwaway_database(workdir: Path, keep: bool) -> Iterator[str]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{workdir / 'kinerja_bench.sqlite3'}"
        return
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(f"Benchmark hanya untuk SQLite dan PostgreSQL, bukan {db['ENGINE']}.")
    if db["NAME"] == PG_NAME:
        raise CommandError(f"Basis data utama bernama {PG_NAME}; benchmark tidak akan menimpanya.")
    name = connection.ops.quote_name(PG_NAME)
    # Through the server's maintenance database, as Django does for test databases: the
    # user's own database need not even exist.
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db.get('HOST') or ''}:{db['PORT']}" if db.get("PORT") else db.get("HOST") or ""
    try:
        yield f"postgres://{auth}@{host}/{PG_NAME}"
    finally:
        if not keep:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # stdout is for figures only


# --- the measurements -----------------------------------------------------------------------


class Run:
    def __init__(self, command: BaseCommand, n: int, requests: int) -> None:
        self.command, self.n, self.requests = command, n, requests
        self.label = f"{n // 1000}k" if n % 1000 == 0 else str(n)

    def figure(self, name: str, value: float, unit: str) -> None:
        self.command.stdout.write(f"{name}: {value:.1f} {unit}")

    def all(self, only: list[str]) -> None:
        _require_throwaway_database()
        if os.environ.get(CHILD_ENV):
            _progress("Migrasi basis data benchmark...")
            call_command("migrate", verbosity=0, interactive=False)
        if Instansi.objects.filter(kode__in=[demo.KOTA.kode, BENCH.kode]).exists():
            raise CommandError("Basis data benchmark tidak kosong.")
        if {"seed", "pages", "tindaklanjut", "integrasi", "latar"} & set(only):
            self.seed(print_figure="seed" in only)
        if "import" in only:
            self.imports()
        if "pages" in only:
            self.pages()
        if "tindaklanjut" in only:
            self.tindak_lanjut()
        if "integrasi" in only:
            self.integrasi()
        if "latar" in only:  # last: it empties a period's realisasi (the worst case)
            _progress("Latar: pengingat batas waktu...")
            latar_bench.ukur(self.figure, self.label)

    def seed(self, print_figure: bool) -> None:
        _progress(f"Membuat data demo dengan {self.n} pegawai...")
        started = time.perf_counter()
        demo.seed(self.n)
        org_done = time.perf_counter()
        skp_demo.seed()  # what `seed_demo` does after the organisation
        skp_done = time.perf_counter()
        kerja_demo.seed()  # then stage 2: four weeks of activities, realisasi, pembinaan
        kerja_done = time.perf_counter()
        penilaian_demo.seed()  # then stage 3: evaluations of the periods that are over
        penilaian_done = time.perf_counter()
        tindak_lanjut_demo.seed()  # then stage 4: angka kredit, TPP, last year, documents
        integrasi_demo.seed()  # then the integrations: token, imports, SIASN queue
        if print_figure:
            self.figure(f"seed_demo_{self.label}", time.perf_counter() - started, "s")
            self.figure(f"seed_skp_{self.label}", skp_done - org_done, "s")
            self.figure(f"seed_pelaksanaan_{self.label}", kerja_done - skp_done, "s")
            self.figure(f"seed_penilaian_{self.label}", penilaian_done - kerja_done, "s")
            self.figure(
                f"seed_tindaklanjut_{self.label}", time.perf_counter() - penilaian_done, "s"
            )
        _vacuum(AktivitasHarian, Realisasi, BuktiDukung, Evaluasi, RiwayatEvaluasi)

    def tindak_lanjut(self) -> None:
        for app in TINDAK_LANJUT:
            _progress(f"Tindak lanjut: {app.__name__.split('.')[-2]}...")
            app.ukur(self.figure, self.label)

    def integrasi(self) -> None:
        for app in INTEGRASI:
            _progress(f"Integrasi: {app.__name__.split('.')[-2]}...")
            app.ukur(self.figure, self.label)

    def imports(self) -> None:
        _progress(f"Menyiapkan berkas impor {self.n} pegawai...")
        reserved = set(User.objects.values_list("nip", flat=True))
        plan = demo.build_plan(BENCH, self.n, reserved)
        with transaction.atomic():  # the unit tree and jabatan exist; the pegawai are imported
            instansi = demo.write_plan(plan, "", pegawai=False)
            admin = User.objects.create(
                nip=plan.pegawai[0].nip,
                nama="Admin Uji Beban",
                instansi=instansi,
                is_admin_instansi=True,
                password=make_password(None),  # unusable: nobody logs in with it
            )
        data = _pegawai_csv(plan)
        name = f"import_pegawai_{self.label}_csv"
        preview, apply = self._import(admin, instansi, data, expect="baru")
        self.figure(f"{name}_preview", preview, "s")
        self.figure(f"{name}_apply", apply, "s")
        self.figure(name, preview + apply, "s")
        count = Pegawai.objects.filter(instansi=instansi).count()
        if count != self.n:
            raise CommandError(f"Impor menghasilkan {count} pegawai, bukan {self.n}.")

        # The same file again with 1% of the pegawai moved: the monthly update from SIMPEG.
        preview, apply = self._import(admin, instansi, _mutasi(plan), expect="pindah")
        self.figure(f"reimport_pegawai_{self.label}_csv_preview", preview, "s")
        self.figure(f"reimport_pegawai_{self.label}_csv_apply", apply, "s")

    def _import(
        self, admin: User, instansi: Instansi, data: bytes, expect: str
    ) -> tuple[float, float]:
        _progress(f"Impor pegawai ({len(data) // 1024} KiB): pratinjau...")
        started = time.perf_counter()
        batch = pratinjau_impor(admin, instansi, "pegawai", f"pegawai_{self.label}.csv", data)
        preview = time.perf_counter() - started
        if batch.status != StatusImpor.PRATINJAU or not batch.ringkasan.get(expect):
            raise CommandError(f"Pratinjau impor gagal: {batch.ringkasan} {batch.kesalahan[:5]}")
        _progress("Impor pegawai: terapkan...")
        started = time.perf_counter()
        terapkan_impor(admin, batch)
        return preview, time.perf_counter() - started

    def pages(self) -> None:
        admin = User.objects.select_related("instansi").get(nip=demo.ADMIN_INSTANSI.nip)
        ids = list(Pegawai.objects.filter(instansi=admin.instansi).values_list("id", flat=True))
        nips = list(Pegawai.objects.filter(instansi=admin.instansi).values_list("nip", flat=True))
        rng = random.Random(1)
        daftar = reverse("org:pegawai_list")
        urls: dict[str, Callable[[int], str]] = {
            "pegawai_list": lambda i: f"{daftar}?page={1 + i % 20}",
            "pegawai_search_nama": lambda i: f"{daftar}?q={SEARCH_NAMES[i % len(SEARCH_NAMES)]}",
            "pegawai_search_nip": lambda i: f"{daftar}?q={rng.choice(nips)[: 8 + i % 7]}",
            "pegawai_detail": lambda i: reverse("org:pegawai_detail", args=[rng.choice(ids)]),
        }
        client = Client()
        client.force_login(admin, backend="kinerja.accounts.backends.NipBackend")
        static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": static},  # no collectstatic needed
        ):
            for name, url_of in urls.items():
                _progress(f"Halaman {name}: {self.requests} permintaan...")
                times = _timed_gets(_as(client, url_of), self.requests)
                self.figure(f"{name}_p50", _percentile(times, 50) * 1000, "ms")
                self.figure(f"{name}_p95", _percentile(times, 95) * 1000, "ms")
            for name, request_of in self._skp_pages(rng).items():
                _progress(f"Halaman {name}: {self.requests} permintaan...")
                times = _timed_gets(request_of, self.requests)
                self.figure(f"{name}_p50", _percentile(times, 50) * 1000, "ms")
                self.figure(f"{name}_p95", _percentile(times, 95) * 1000, "ms")
            for name, request_of in {
                **self._pelaksanaan_pages(rng, admin),
                **self._penilaian_pages(rng, admin),
            }.items():
                _progress(f"Halaman {name}: {self.requests} permintaan...")
                times = _timed_gets(request_of, self.requests)
                self.figure(f"{name}_p50", _percentile(times, 50) * 1000, "ms")
                self.figure(f"{name}_p95", _percentile(times, 95) * 1000, "ms")
        self._pelaksanaan_reads()
        self._penilaian_reads()

    def _skp_pages(self, rng: random.Random) -> dict[str, Callable[[int], tuple[Client, str]]]:
        """Stage 1 pages as their users see them: the SKP of a random pegawai as its owner, and
        the bawahan list of a random penilai (50 accounts of each, logged in once)."""
        instansi = Instansi.objects.get(kode=demo.KOTA.kode)
        skps = Skp.objects.filter(instansi=instansi, tahun=skp_demo.TAHUN)
        pairs = list(skps.values_list("pegawai_id", "id"))
        owners = dict(rng.sample(pairs, min(50, len(pairs))))
        leaders = sorted(set(skps.values_list("penilai_id", flat=True)) - {None})
        penilai = rng.sample(leaders, min(50, len(leaders)))

        def clients(pegawai_ids: Iterable[int]) -> list[tuple[Client, int]]:
            users = User.objects.filter(pegawai_id__in=list(pegawai_ids)).order_by("pegawai_id")
            out = []
            for user in users:
                c = Client()
                c.force_login(user, backend="kinerja.accounts.backends.NipBackend")
                out.append((c, user.pegawai_id or 0))
            return out

        pemilik, penilai_clients = clients(owners), clients(penilai)
        detail = "perencanaan:skp_detail"
        bawahan = reverse("perencanaan:bawahan")
        return {
            "skp_page": lambda i: (
                pemilik[i % len(pemilik)][0],
                reverse(detail, args=[owners[pemilik[i % len(pemilik)][1]]]),
            ),
            "penilai_bawahan": lambda i: (penilai_clients[i % len(penilai_clients)][0], bawahan),
        }

    def _pelaksanaan_pages(
        self, rng: random.Random, admin: User
    ) -> dict[str, Callable[[int], tuple[Client, str]]]:
        """Stage 2 pages: the week calendar of a random pegawai as its owner (last week, a full
        one, and this week in turn), the pemantauan of a random penilai's bawahan, and the
        Admin Instansi's pemantauan per unit: the top level, a drill-down into a random unit
        two levels down, and the list behind a random number. The admin pages read a cached
        snapshot: the warm-up requests build it, `pemantauan_hitung` measures that."""
        instansi = Instansi.objects.get(kode=demo.KOTA.kode)
        skps = Skp.objects.filter(instansi=instansi, tahun=skp_demo.TAHUN)
        pegawai = rng.sample(list(skps.values_list("pegawai_id", flat=True)), 50)
        leaders = sorted(set(skps.values_list("penilai_id", flat=True)) - {None})
        pemilik = _clients_of(pegawai)
        penilai = _clients_of(rng.sample(leaders, min(50, len(leaders))))
        senin = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
        minggu = [senin - dt.timedelta(weeks=1), senin]
        kalender = reverse("pelaksanaan:aktivitas_kalender")
        units = list(
            UnitOrganisasi.objects.filter(instansi=instansi, kedalaman__in=(1, 2)).values_list(
                "id", flat=True
            )
        )
        admin_client = Client()
        admin_client.force_login(admin, backend="kinerja.accounts.backends.NipBackend")
        daftar = reverse("pelaksanaan:pemantauan_daftar")
        return {
            "aktivitas_kalender": lambda i: (
                pemilik[i % len(pemilik)],
                f"{kalender}?minggu={minggu[i % 2].isoformat()}",
            ),
            "pemantauan_bawahan": lambda i: (
                penilai[i % len(penilai)],
                reverse("pelaksanaan:pemantauan_bawahan"),
            ),
            "pemantauan_unit": lambda i: (admin_client, reverse("pelaksanaan:pemantauan_unit")),
            "pemantauan_unit_detail": lambda i: (
                admin_client,
                reverse("pelaksanaan:pemantauan_unit_detail", args=[rng.choice(units)]),
            ),
            "pemantauan_daftar": lambda i: (
                admin_client,
                f"{daftar}?tanda={selectors_pemantauan.KUNCI[i % 4]}&unor={rng.choice(units)}"
                f"&page={1 + i % 3}",
            ),
        }

    def _pelaksanaan_reads(self) -> None:
        """What is no page: the admin's pemantauan snapshot computed from scratch (the cost
        of a cache miss, median of three), and the monthly minutes recap of every pegawai
        for the month of the demo's activities with the most days."""
        instansi = Instansi.objects.get(kode=demo.KOTA.kode)
        hari = timezone.localdate()
        lingkup = selectors_pemantauan.Lingkup(instansi.pk, periode_pada(instansi.pk, hari), hari)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            selectors_pemantauan.hitung_snapshot(lingkup)
            times.append(time.perf_counter() - started)
        self.figure(f"pemantauan_hitung_{self.label}", sorted(times)[1] * 1000, "ms")
        days = AktivitasHarian.objects.filter(instansi=instansi).dates("tanggal", "day")
        months = Counter((d.year, d.month) for d in days)
        tahun, bulan = max(months, key=lambda m: (months[m], m)) if months else (hari.year, 1)
        _progress(f"Rekap menit bulanan {bulan:02d}-{tahun}...")
        started = time.perf_counter()
        rekap = selectors_aktivitas.rekap_menit_bulanan(instansi.pk, tahun, bulan)
        self.figure(f"rekap_menit_bulanan_{self.label}", time.perf_counter() - started, "s")
        if len(rekap) < self.n * 0.9:
            raise CommandError(f"Rekap menit hanya berisi {len(rekap)} pegawai.")

    def _periode_penilaian(self) -> PeriodePenilaian:
        """The last period the demo evaluated (the one with evaluations still in progress)."""
        instansi = Instansi.objects.get(kode=demo.KOTA.kode)
        periode_id = (
            Evaluasi.objects.filter(instansi=instansi)
            .order_by("-periode__mulai")
            .values_list("periode_id", flat=True)
            .first()
        )
        if periode_id is None:
            raise CommandError(
                "Data demo tidak memiliki evaluasi; periode belum ada yang berakhir."
            )
        return PeriodePenilaian.objects.get(pk=periode_id)

    def _penilaian_pages(
        self, rng: random.Random, admin: User
    ) -> dict[str, Callable[[int], tuple[Client, str]]]:
        """Stage 3 pages: the rating grid of a random penilai for the last evaluated period,
        and the calibration view of a unit of about 500 rated pegawai (given its own predikat
        organisasi, as an OPD does for a big bidang or UPT)."""
        periode = self._periode_penilaian()
        instansi = periode.instansi
        leaders = sorted(
            set(
                Evaluasi.objects.filter(instansi=instansi, periode=periode).values_list(
                    "penilai_id", flat=True
                )
            )
            - {None}
        )
        penilai = _clients_of(rng.sample(leaders, min(50, len(leaders))))
        unit = _unit_of_about(instansi, periode, 500)
        # Set as if before the rating began (the service refuses it once results are final).
        KinerjaOrganisasi.objects.get_or_create(
            instansi=instansi,
            periode=periode,
            unor=unit,
            defaults={"predikat": "Baik", "ditetapkan_at": timezone.now()},
        )
        rated = penilaian_kurva.distribusi(unit, periode)
        _progress(f"Unit kalibrasi: {unit.nama}, {sum(rated.values())} pegawai dinilai")
        admin_client = Client()
        admin_client.force_login(admin, backend="kinerja.accounts.backends.NipBackend")
        nilai = reverse("penilaian:nilai")
        kurva_url = reverse("penilaian:kurva", args=[unit.pk, periode.pk])
        return {
            "penilaian_nilai": lambda i: (
                penilai[i % len(penilai)],
                f"{nilai}?periode={periode.pk}",
            ),
            f"penilaian_kurva_{sum(rated.values())}": lambda i: (admin_client, kurva_url),
        }

    def _penilaian_reads(self) -> None:
        """The full-instansi distribution check (every unit holding a predikat organisasi
        against its kurva), median of three."""
        periode = self._periode_penilaian()
        times = []
        for _ in range(3):
            started = time.perf_counter()
            units = penilaian_kurva.distribusi_instansi(periode.instansi_id, periode)
            times.append(time.perf_counter() - started)
        rated = sum(u.hasil.n for u in units)
        _progress(f"Distribusi instansi: {len(units)} unit, {rated} pegawai dinilai")
        self.figure(f"distribusi_instansi_{self.label}", sorted(times)[1] * 1000, "ms")


def _unit_of_about(instansi: Instansi, periode: PeriodePenilaian, size: int) -> UnitOrganisasi:
    """The unit below the OPD level whose subtree holds the number of evaluations of the
    period closest to `size`."""
    paths = dict(UnitOrganisasi.objects.filter(instansi=instansi).values_list("id", "path"))
    direct = Counter(
        dict(
            Evaluasi.objects.filter(instansi=instansi, periode=periode)
            .values_list("unor_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    subtree: Counter[int] = Counter()
    for unor_id, n in direct.items():
        for unit_id in chain_from_path(paths.get(unor_id, "")):
            subtree[unit_id] += n
    deep = [u for u in subtree if len(chain_from_path(paths[u])) >= 3]
    best = min(deep or list(subtree), key=lambda u: abs(subtree[u] - size))
    return UnitOrganisasi.objects.get(pk=best)


def _clients_of(pegawai_ids: Iterable[int]) -> list[Client]:
    """A logged-in client per account of these pegawai."""
    out = []
    for user in User.objects.filter(pegawai_id__in=list(pegawai_ids)).order_by("pegawai_id"):
        client = Client()
        client.force_login(user, backend="kinerja.accounts.backends.NipBackend")
        out.append(client)
    return out


def _vacuum(*models: type[Any]) -> None:
    """PostgreSQL: VACUUM ANALYZE the big stage-2 tables after the load, as autovacuum would
    soon after (index-only scans need the visibility map it sets), so the figures do not
    depend on whether autovacuum happened to run before the pages are measured."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _as(client: Client, url_of: Callable[[int], str]) -> Callable[[int], tuple[Client, str]]:
    return lambda i: (client, url_of(i))


def _timed_gets(request_of: Callable[[int], tuple[Client, str]], count: int) -> list[float]:
    for i in range(WARMUP):
        client, url = request_of(i)
        client.get(url)
    times = []
    for i in range(count):
        client, url = request_of(i)
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise CommandError(f"{url} menjawab {response.status_code}.")
    return times


def _percentile(values: list[float], p: int) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _pegawai_csv(plan: demo.Plan, moved: dict[str, tuple[str, str]] | None = None) -> bytes:
    """The plan's pegawai as an import file; `moved` maps NIP -> (kode_unor, tmt)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for p in plan.pegawai:
        jabatan = plan.jabatan[p.jabatan]
        current = next(r for r in p.riwayat if r.jenis == "Definitif" and r.sampai is None)
        unor, tmt = (moved or {}).get(p.nip, (p.unor, f"{current.mulai:%d-%m-%Y}"))
        writer.writerow(
            [
                p.nip,
                p.nama,
                p.gelar_depan,
                p.gelar_belakang,
                p.jenis_asn,
                p.golongan,
                p.jabatan,
                jabatan.jenis,
                jabatan.jenjang if jabatan.jenis == demo.FUNGSIONAL else "",
                unor,
                tmt,
                p.email,
                "ya" if p.is_guru else "tidak",
            ]
        )
    return out.getvalue().encode()


def _mutasi(plan: demo.Plan) -> bytes:
    """The same file with every 100th staff member (not a leader) moved to another unit."""
    leaders = {u.pimpinan for u in plan.units if u.pimpinan}
    units = [u.kode for u in plan.units]
    next_unit = dict(zip(units, units[1:] + units[:1], strict=True))
    staff = [p for p in plan.pegawai if p.jabatan not in leaders]
    moved = {p.nip: (next_unit[p.unor], f"01-10-{demo.TAHUN_ACUAN}") for p in staff[::100]}
    return _pegawai_csv(plan, moved)


def _require_throwaway_database() -> None:
    """Refuse to write benchmark data anywhere but a benchmark or test database."""
    name = str(connection.settings_dict["NAME"])
    base = Path(name).name
    if "bench" in base or base.startswith("test_") or "memorydb" in name or "mode=memory" in name:
        return
    raise CommandError(
        f"Basis data {base} bukan basis data benchmark; jalankan `manage.py benchmark` tanpa "
        "--here agar benchmark memakai basis data sementara."
    )
