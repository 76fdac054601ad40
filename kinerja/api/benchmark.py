"""API v1 figures for `manage.py benchmark`: throughput and latency of the list endpoints as a
payroll client reads them, over real HTTP.

granian (the production server, README step 6: 2 worker processes of one thread, on
127.0.0.1 at a free port, the child's own DATABASE_URL) serves the benchmark database; Debian's
`wrk` loads one URL at a time with a token of the demo pemkot (a Lua script sets the
Authorization header and prints requests/s and the 95th percentile in its done() hook). Goal on
2 cores: >= 500 req/s and p95 < 100 ms per endpoint at limit=100.

Figures per endpoint: api_<name>_<label>_rps (req/s) and api_<name>_<label>_p95 (ms). The
endpoints: pegawai, skp (with RHK and IKI), evaluasi, angka-kredit, tpp/rekap of the month with
the most activity, and pegawai at a deep keyset cursor (the middle of the instansi); skp and
tpp/rekap also at limit=20.

Environment: KINERJA_BENCH_API_DETIK (seconds per endpoint, default 10),
KINERJA_BENCH_API_KONEKSI (wrk connections, default 8).
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from kinerja.api import pagination, services
from kinerja.api.models import SEMUA_CAKUPAN
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai

Figure = Callable[[str, float, str], None]
WORKERS = 2

LUA = """
wrk.headers["Authorization"] = "Bearer %(token)s"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "HASIL {\\"rps\\": %%.2f, \\"p95_ms\\": %%.3f, \\"p50_ms\\": %%.3f, "
    .. "\\"n\\": %%d, \\"errors\\": %%d, \\"status\\": %%d}\\n",
    summary.requests / (summary.duration / 1000000),
    latency:percentile(95) / 1000, latency:percentile(50) / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _log(pesan: str) -> None:
    print(pesan, file=sys.stderr, flush=True)


def port_bebas() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def perintah_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError(
            "wrk tidak ditemukan; pasang dengan: bash -c '. scripts/lib.sh; apt_install wrk'"
        )
    return found


@contextlib.contextmanager
def server(port: int) -> Iterator[str]:
    """granian serving this project on 127.0.0.1:port; yields the base URL."""
    cmd = [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "wsgi",
        "kinerja.wsgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--blocking-threads",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinerja.settings", "DEBUG": "False"}
    # Our interpreter's granian, our fixed arguments.
    proc = subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        batas = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v1/openapi.json", timeout=5):  # noqa: S310
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > batas:
                    raise RuntimeError("granian tidak dapat dijalankan.") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def muat(url: str, token: str, detik: int, koneksi: int) -> dict[str, Any]:
    """One wrk run against `url`: {"rps", "p95_ms", "p50_ms", "n", "errors", "status"}."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "token.lua"
        script.write_text(LUA % {"token": token})
        out = subprocess.run(  # noqa: S603
            [
                perintah_wrk(),
                "-t1",
                f"-c{koneksi}",
                f"-d{detik}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    return baca_hasil(out.stdout)


def baca_hasil(stdout: str) -> dict[str, Any]:
    line = next(x for x in stdout.splitlines() if x.startswith("HASIL "))
    return dict(json.loads(line.removeprefix("HASIL ")))


def periksa(url: str, token: str) -> None:
    """One request first: the endpoint answers 200 (and the token's last-used is written)."""
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310
        if r.status != 200:
            raise RuntimeError(f"{url} menjawab {r.status}.")


def cursor_dalam(instansi_id: int) -> str:
    """The /pegawai cursor at the middle of the instansi (as if a client had paged there)."""
    qs = Pegawai.objects.filter(instansi_id=instansi_id).order_by("updated_at", "id")
    n = qs.count()
    row = qs.values("updated_at", "id")[n // 2]
    h = pagination.hash_filter({"unor": None, "updated_since": None})
    return pagination.buat_cursor(row["updated_at"], row["id"], h)


def jalur(instansi: Instansi) -> dict[str, str]:
    from kinerja.tindaklanjut.tpp import benchmark as tpp_bench

    bulan = tpp_bench.bulan_ukur(instansi)
    return {
        "pegawai": "/api/v1/pegawai",
        "skp": "/api/v1/skp",
        "evaluasi": "/api/v1/evaluasi",
        "angka_kredit": "/api/v1/angka-kredit",
        "tpp_rekap": f"/api/v1/tpp/rekap?tahun={bulan.year}&bulan={bulan.month}",
        "pegawai_dalam": f"/api/v1/pegawai?cursor={cursor_dalam(instansi.pk)}",
        # the two lists whose rows are heavy (nested RHK/IKI; the recap computed per page) at
        # a smaller page, as a client that wants short answers would ask
        "skp_20": "/api/v1/skp?limit=20",
        "tpp_rekap_20": f"/api/v1/tpp/rekap?tahun={bulan.year}&bulan={bulan.month}&limit=20",
    }


def ukur(figure: Figure, label: str) -> None:
    if connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", lambda: False)():
        raise RuntimeError("Benchmark API butuh basis data berkas atau PostgreSQL.")
    instansi = Instansi.objects.get(kode=org_demo.KOTA.kode)
    detik = int(os.environ.get("KINERJA_BENCH_API_DETIK", "10"))
    koneksi = int(os.environ.get("KINERJA_BENCH_API_KONEKSI", "8"))
    _, token = services.buat_token(None, instansi.pk, "Benchmark", list(SEMUA_CAKUPAN))
    paths = jalur(instansi)
    connection.close()  # committed; the servers open their own connections
    _log(f"API: granian, {WORKERS} proses, {koneksi} koneksi, {detik} s per jalur")
    with server(port_bebas()) as base:
        for nama, path in paths.items():
            periksa(base + path, token)
            hasil = muat(base + path, token, detik, koneksi)
            _log(f"API {nama}: {hasil}")
            if hasil["errors"] or hasil["status"]:
                raise RuntimeError(f"{path}: {hasil['errors']} galat, {hasil['status']} non-2xx.")
            figure(f"api_{nama}_{label}_rps", hasil["rps"], "req/s")
            figure(f"api_{nama}_{label}_p95", hasil["p95_ms"], "ms")
