"""Take the user guide's screenshots (docs/panduan/img/*.png) from a fresh demo instance.

    .venv/bin/python scripts/screenshots.py

Runs migrate + seed_demo in a temporary var dir (SQLite), serves it with gunicorn on
127.0.0.1:8765 and drives Debian's chromium with Playwright. Nothing outside the temp dir changes
except the PNG files; the temp dir is removed at the end. The stage-2 shots act through the UI
first (see `pelaksanaan`), so they always start from a fresh seed.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Demo:
    """What the stage-2 shots need from the seeded data (read before Playwright starts: the
    ORM refuses to run inside its event loop)."""

    pegawai_id: int
    terakhir: dt.date  # the demo pegawai's last day with activities
    periode: str  # the period containing it
    batas_pengisian: dt.date


def demo_of(pegawai: str) -> Demo:
    from django.db.models import Max

    from kinerja.org.models import Pegawai
    from kinerja.pelaksanaan.models import AktivitasHarian
    from kinerja.pelaksanaan.periode import periode_pada

    orang = Pegawai.objects.get(nip=pegawai)
    terakhir = AktivitasHarian.objects.filter(pegawai=orang).aggregate(m=Max("tanggal"))["m"]
    periode = periode_pada(orang.instansi_id, terakhir)
    return Demo(orang.pk, terakhir, str(periode), periode.batas_pengisian)


def pelaksanaan(
    session: Callable[[str], Any],
    shot: Callable[[Any, str], None],
    tmp: Path,
    demo: Demo,
    admin: str,
    penilai: str,
    pegawai: str,
) -> None:
    """Stage 2 (pelaksanaan, pemantauan, pembinaan). Some shots act first, through the UI, so
    the pictures show what the guide describes: the admin extends a deadline for the demo
    pegawai, the penilai accepts and returns entries and records a second dialog (whose
    unfinished follow-ups are carried over), the pegawai uploads a PDF as bukti dukung. Dates
    come from the seeded data, not the clock."""
    terakhir = demo.terakhir
    senin = terakhir - dt.timedelta(days=terakhir.weekday())

    # Admin Instansi: Periode & Batas Waktu, after extending the demo pegawai's deadline.
    page = session(admin)
    page.goto(f"{BASE}/kinerja/periode/")
    form = page.locator("#perpanjang")
    form.get_by_label("Periode").select_option(label=demo.periode)
    form.get_by_label("Batas yang diperpanjang").select_option(label="Pengisian (pegawai)")
    form.get_by_label("Berlaku untuk").select_option(label="Satu pegawai")
    form.get_by_label("NIP pegawai").fill(pegawai)
    batas_baru = demo.batas_pengisian + dt.timedelta(days=14)
    form.get_by_label("Batas baru").fill(batas_baru.isoformat())
    form.get_by_label("Alasan").fill(
        "Cuti sakit menjelang batas waktu; surat keterangan dokter sudah diterima Subbagian "
        "Umum dan Kepegawaian."
    )
    form.get_by_role("button", name="Perpanjang").click()
    page.get_by_role("status").filter(has_text="diperpanjang").wait_for()
    shot(page, "periode-admin")

    # Pejabat penilai: the review list (two entries ticked, one being returned), then act.
    page = session(penilai)
    page.goto(f"{BASE}/kinerja/aktivitas/periksa/")
    rows = page.locator("table.periksa tbody tr").filter(has_text=pegawai)
    rows.nth(0).get_by_role("checkbox").check()
    page.locator("table.periksa tbody tr").filter(has_not_text=pegawai).first.get_by_role(
        "checkbox"
    ).check()
    kembali = rows.nth(1).locator("details")
    kembali.locator("summary").click()
    catatan = "Sebutkan hasilnya: berapa berkas yang disiapkan dan untuk rapat apa."
    kembali.get_by_label("Catatan untuk pegawai").fill(catatan)
    # 25 rows a page: only the top, where the ticked rows and the open note are.
    page.screenshot(
        path=str(OUT / "aktivitas-periksa.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1200, "height": 1100},
    )
    print("wrote", OUT / "aktivitas-periksa.png")
    kembali.get_by_role("button", name="Kembalikan").click()
    page.get_by_role("status").filter(has_text="dikembalikan kepada").wait_for()
    rows = page.locator("table.periksa tbody tr").filter(has_text=pegawai)
    rows.nth(0).get_by_role("checkbox").check()
    rows.nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Terima yang dipilih").click()
    page.get_by_role("status").filter(has_text="aktivitas diterima").wait_for()

    # A second dialog with the demo pegawai: the first one's open follow-ups come along.
    page.goto(f"{BASE}/kinerja/dialog/baru/?pegawai={demo.pegawai_id}")
    tanggal = dt.date.fromisoformat(page.get_by_label("Tanggal dialog").input_value())
    page.get_by_label("Agenda").fill("Tindak lanjut dialog sebelumnya dan rencana akhir tahun.")
    page.get_by_label("Hasil kerja").fill(
        "Pemutakhiran data SIASN selesai; rekapitulasi kehadiran bulan ini belum disusun."
    )
    page.get_by_label("Kompetensi/pengembangan").fill(
        "Pelatihan SIASN dijadwalkan BKPSDM bulan depan."
    )
    page.get_by_label("Uraian 1").fill("Menyusun rekapitulasi kehadiran bulan ini")
    page.locator("#tl_jatuh_tempo_1").fill((tanggal + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("status").filter(has_text="menunggu konfirmasinya").wait_for()
    page.goto(f"{BASE}/kinerja/dialog/bawahan/")
    shot(page, "dialog-bawahan")
    page.goto(f"{BASE}/kinerja/briefing/")
    page.get_by_role("link", name="Lihat").first.click()
    shot(page, "briefing-detail")
    page.goto(f"{BASE}/kinerja/pemantauan/bawahan/")
    shot(page, "pemantauan-bawahan")

    # Pegawai: schedule, week, the add form refusing an overlap, monthly recap, realisasi.
    page = session(pegawai)
    page.goto(f"{BASE}/kinerja/periode/jadwal/")
    shot(page, "periode-jadwal")
    page.goto(f"{BASE}/kinerja/aktivitas/?minggu={senin.isoformat()}")
    shot(page, "aktivitas-kalender")
    # The form opens above the week (htmx); only the form is pictured.
    hari = page.locator(f"#hari-{terakhir.isoformat()}")
    hari.get_by_role("link", name=re.compile(r"^\+ Tambah")).click()
    form = page.locator("#aktivitas-form")
    form.get_by_label("Jam mulai").fill("10:00")
    form.get_by_label("Jam selesai").fill("11:30")
    form.get_by_label("Uraian aktivitas").fill("Menyusun notula rapat koordinasi kepegawaian")
    form.get_by_label("RHK yang didukung").select_option(index=1)
    form.get_by_label("Kuantitas").fill("1")
    form.get_by_label("Satuan").fill("Dokumen")
    form.get_by_role("button", name="Simpan").click()
    form.get_by_role("alert").wait_for()
    form.screenshot(path=str(OUT / "aktivitas-form.png"))
    print("wrote", OUT / "aktivitas-form.png")
    page.goto(f"{BASE}/kinerja/aktivitas/rekap/?bulan={terakhir:%Y-%m}")
    shot(page, "aktivitas-rekap")

    pdf = tmp / "rekap-kehadiran.pdf"
    # Any bytes after the header: the upload is checked by its first bytes, not parsed.
    pdf.write_bytes(b"%PDF-1.4\n" + b"% rekap kehadiran\n" * 4000 + b"%%EOF\n")
    page.goto(f"{BASE}/kinerja/realisasi/")
    blok = page.locator("article.realisasi-rhk").first
    blok.locator("summary", has_text="Tambah bukti dukung").click()
    blok.get_by_label("Unggah berkas").set_input_files(str(pdf))
    blok.get_by_role("button", name="Tambah bukti").click()
    page.get_by_role("status").filter(has_text="Bukti dukung ditambahkan.").wait_for()
    shot(page, "realisasi")
    page.goto(f"{BASE}/kinerja/dialog/")
    page.get_by_role("link", name="Periksa & konfirmasi").first.click()
    shot(page, "dialog-detail")

    # Admin Instansi: pemantauan per unit, the list behind one number, the minutes recap.
    page = session(admin)
    page.goto(f"{BASE}/kinerja/pemantauan/unit/")
    shot(page, "pemantauan-unit")
    unit = page.locator("#pemantauan-unit tbody tr").filter(
        has=page.get_by_role("link", name="Dinas Pendidikan", exact=True)
    )
    unit.locator('a[data-n="tanpa_aktivitas"]').click()
    shot(page, "pemantauan-daftar")
    page.goto(f"{BASE}/kinerja/aktivitas/rekap/instansi/?bulan={terakhir:%Y-%m}&q=sari")
    shot(page, "aktivitas-rekap-instansi")


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
    demo = demo_of(next(v for k, v in AKUN_DEMO if k.startswith("Pegawai")))
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

            tmp = Path(env["KINERJA_VAR_DIR"])
            pelaksanaan(session, shot, tmp, demo, admin, penilai, pegawai)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(env["KINERJA_VAR_DIR"], ignore_errors=True)  # the demo db and uploads


if __name__ == "__main__":
    main()
