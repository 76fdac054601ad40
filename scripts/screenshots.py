"""Take the user guide's screenshots (docs/panduan/img/*.png) from a fresh demo instance.

    .venv/bin/python scripts/screenshots.py

Runs migrate + seed_demo in a temporary var dir (SQLite), serves it with gunicorn on
127.0.0.1:8765 and drives Debian's chromium with Playwright. Nothing outside the temp dir changes
except the PNG files.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "panduan" / "img"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"

env = {**os.environ, "KINERJA_VAR_DIR": tempfile.mkdtemp(prefix="kinerja-shots-")}
env.pop("DATABASE_URL", None)
os.environ.update(env)
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "kinerja.settings"
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python")


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for_server() -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def main() -> None:
    import django

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("seed_demo")
    django.setup()
    from playwright.sync_api import sync_playwright

    from kinerja.org.demo import AKUN_DEMO, DEMO_PASSWORD
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    nip = dict(AKUN_DEMO)
    admin_nasional = nip["Admin Nasional"]
    admin = next(v for k, v in AKUN_DEMO if k.startswith("Admin Instansi"))
    penilai = next(v for k, v in AKUN_DEMO if k.startswith("Pejabat Penilai"))
    OUT.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "kinerja.wsgi", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_server()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def session(user_nip: str, width: int = 1200):  # type: ignore[no-untyped-def]
                page = browser.new_page(viewport={"width": width, "height": 800}, locale="id-ID")
                page.goto(f"{BASE}/akun/masuk/")
                page.get_by_label("NIP").fill(user_nip)
                page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Masuk").click()
                return page

            def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print("wrote", OUT / f"{name}.png")

            page = browser.new_page(viewport={"width": 420, "height": 700}, locale="id-ID")
            page.goto(f"{BASE}/akun/masuk/")
            shot(page, "login")

            page = session(penilai, width=420)
            shot(page, "beranda-penilai")

            page = session(admin)
            shot(page, "beranda-admin")
            page.goto(f"{BASE}/org/unor/")
            page.locator("#unor-tree > li > details > summary").first.click()
            page.locator("#unor-tree details details").first.wait_for()
            shot(page, "unor-tree")
            page.locator("#unor-tree details details summary a").first.click()
            shot(page, "unor-detail")
            page.goto(f"{BASE}/org/pegawai/?q=sit")
            shot(page, "pegawai-list")
            page.goto(f"{BASE}/org/pegawai/?q={penilai}")
            page.locator("#pegawai-rows a").first.click()
            shot(page, "pegawai-detail")

            sample = Path(env["KINERJA_VAR_DIR"]) / "pegawai-contoh.csv"
            sample.write_text(
                "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,"
                "jenjang,kode_unor,tmt_jabatan,email,guru\n"
                "19900101 201501 2 001,Rina Marlina,,S.E.,PNS,III/b,Pengadministrasi Perkantoran,"
                "Pelaksana,,TIDAK-ADA,01-02-2025,,tidak\n"
                "1.99001E+17,Agus Salim,,,PNS,III/a,Pengadministrasi Perkantoran,Pelaksana,,"
                ",,,\n",
                encoding="utf-8",
            )
            page.goto(f"{BASE}/org/impor/")
            page.get_by_label("Jenis data").select_option("pegawai")
            page.get_by_label("Berkas").set_input_files(str(sample))
            page.get_by_role("button", name="Pratinjau").click()
            shot(page, "impor-pratinjau")
            page.goto(f"{BASE}/audit/")
            shot(page, "audit")

            pegawai = next(v for k, v in AKUN_DEMO if k.startswith("Pegawai"))
            page = session(pegawai)
            page.goto(f"{BASE}/skp/")
            shot(page, "skp-saya")
            page.get_by_role("link", name=re.compile(r"Buka SKP")).first.click()
            shot(page, "skp-detail")

            page = session(penilai)
            page.goto(f"{BASE}/skp/bawahan/")
            shot(page, "skp-bawahan")
            page.goto(f"{BASE}/skp/mph/")
            shot(page, "skp-mph")
            kepala = next(v for k, v in AKUN_DEMO if k.startswith("Kepala OPD"))
            page = session(kepala)
            page.goto(f"{BASE}/skp/cascade/")
            shot(page, "skp-cascade")

            page = session(admin)
            page.goto(f"{BASE}/skp/admin/status/")
            shot(page, "skp-status-unit")

            page = session(admin_nasional)
            page.goto(f"{BASE}/org/instansi/")
            shot(page, "instansi-list")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
