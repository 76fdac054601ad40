"""Take the user guide's screenshots (docs/panduan/img/*.png) from a fresh demo instance.

    .venv/bin/python scripts/screenshots.py [dasar] [pelaksanaan] [penilaian] [tindaklanjut]
        [integrasi] [notifikasi] [bantuan]

Runs migrate + seed_demo in a temporary var dir (SQLite), serves it with granian on
127.0.0.1:8765 and drives Debian's chromium with Playwright. Nothing outside the temp dir changes
except the PNG files; the temp dir is removed at the end. Without arguments every part is taken;
name parts to retake only those (dasar: stage 1 and the master data; pelaksanaan: stage 2;
penilaian: stage 3; tindaklanjut: stage 4, files tl_*.png). The stage-2, stage-3 and stage-4
shots act through the UI first (see `pelaksanaan`, `penilaian` and `tindaklanjut`), so they
always start from a fresh seed. The stage-4 part also needs poppler's `pdftoppm`. The integrasi
part (files int_*.png) runs the project's fake OIDC provider on 127.0.0.1:8766 and logs in
through it. The notifikasi part (files ntf_*.png) pictures what the seed's reminder demo sent.
The bantuan part (files bt_*.png) pictures instansi onboarding and the helpdesk.
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
    top(page, "aktivitas-periksa", 1100)
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


def top(page: Any, name: str, height: int) -> None:
    """The top `height` pixels of a long page (its width is the viewport's)."""
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": 0, "width": width, "height": height}
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True, clip=clip)
    print("wrote", OUT / f"{name}.png")


def sampai(page: Any, name: str, last: Any) -> None:
    """The page from its top down to the bottom of the element `last` (a table row)."""
    page.evaluate("window.scrollTo(0, 0)")
    box = last.bounding_box()
    top(page, name, int(box["y"] + box["height"]) + 16)


@dataclass(frozen=True)
class DemoPenilaian:
    """What the stage-3 shots need from the seeded data (kinerja/penilaian/demo.py), read
    before Playwright starts like `Demo`."""

    periode_id: int  # the last period that is over, where the demo penilai is mid-way
    skp_id: int  # the demo pegawai's SKP in force, for the evaluation screen
    unit_id: int  # the unit whose predikat organisasi covers the demo pegawai
    hasil_id: int  # the demo pegawai's final result whose keberatan window is open
    keberatan_id: int | None  # the demo's keberatan waiting for a decision
    pemutus: str | None  # NIP of its decider (the atasan penilai) when they have an account
    pengaju: str  # NIP of the pegawai who filed it


def demo_penilaian(penilai: str, pegawai: str) -> DemoPenilaian | None:
    from kinerja.accounts.models import User
    from kinerja.org.models import Pegawai
    from kinerja.penilaian import kurva, services
    from kinerja.penilaian.models import Evaluasi, Keberatan, StatusEvaluasi, StatusKeberatan
    from kinerja.perencanaan.models import Skp, StatusSkp

    draft = (
        Evaluasi.objects.filter(penilai__nip=penilai, status=StatusEvaluasi.DRAFT)
        .select_related("periode")
        .order_by("-periode__selesai")
        .first()
    )
    if draft is None:  # no period over yet: the demo has no evaluations
        return None
    periode = draft.periode
    orang = Pegawai.objects.get(nip=pegawai)
    skp = Skp.objects.get(
        pegawai=orang, tahun=periode.tahun, status=StatusSkp.DISETUJUI, berlaku=True
    )
    org = kurva.organisasi_untuk(orang.instansi_id, orang.unor_id, periode)
    if org is None:
        raise SystemExit(f"no predikat organisasi covers {pegawai} in {periode}: see demo.py")
    finals = Evaluasi.objects.filter(pegawai=orang, status=StatusEvaluasi.FINAL).order_by(
        "-periode__selesai"
    )
    hasil = next(ev for ev in finals if services.keberatan_terbuka(ev))
    k = (
        Keberatan.objects.filter(instansi_id=orang.instansi_id, status=StatusKeberatan.DIAJUKAN)
        .select_related("pegawai", "diputus_oleh_pegawai")
        .first()
    )
    # The atasan penilai decides; without an account of theirs the Admin Instansi reads it.
    atasan = k.diputus_oleh_pegawai if k is not None else None
    punya_akun = User.objects.filter(pegawai=atasan, is_active=True).exists() if atasan else False
    pemutus = atasan.nip if atasan is not None and punya_akun else None
    return DemoPenilaian(
        periode_id=periode.pk,
        skp_id=skp.pk,
        unit_id=org.unor_id,
        hasil_id=hasil.pk,
        keberatan_id=k.pk if k else None,
        pemutus=pemutus,
        pengaju=k.pegawai.nip if k else "",
    )


def penilaian(
    session: Callable[[str], Any],
    shot: Callable[[Any, str], None],
    demo: DemoPenilaian,
    admin: str,
    penilai: str,
    pegawai: str,
) -> None:
    """Stage 3 (penilaian). The penilai rates one more bawahan from the grid first (the row
    saves itself), so the picture shows rated rows next to unrated ones; the keberatan shots
    walk the demo's waiting keberatan up to the decision form (explanations asked and given,
    the decision chosen but not sent)."""
    periode = demo.periode_id

    # Pejabat penilai: the grid, one unrated row rated through the selects (saved by htmx).
    page = session(penilai)
    page.goto(f"{BASE}/penilaian/nilai/?periode={periode}")
    baris = page.locator("tbody.penilai-baris").filter(has_text="Belum dinilai").first
    row_id = baris.get_attribute("id")
    baris.get_by_label("Rating Hasil Kerja").select_option("Sesuai Ekspektasi")
    page.locator(f"#{row_id} .tersimpan-label").wait_for()
    page.locator(f"#{row_id}").get_by_label("Rating Perilaku Kerja").select_option(
        "Di Atas Ekspektasi"
    )
    page.locator(f"#{row_id} .tersimpan-label").wait_for()
    page.locator(f"#{row_id} td.predikat strong").wait_for()
    page.reload()  # the counts above the grid are drawn by the page, not by the row swap
    shot(page, "penilaian-nilai")
    # The evaluation screen is long (every RHK, seven BerAKHLAK values): its top, and the
    # rating section with the guidance texts.
    page.goto(f"{BASE}/penilaian/nilai/{demo.skp_id}/{periode}/")
    top(page, "penilaian-evaluasi", 1500)
    page.locator("#rating").screenshot(path=str(OUT / "penilaian-evaluasi-rating.png"))
    print("wrote", OUT / "penilaian-evaluasi-rating.png")

    # Admin Instansi: predikat organisasi, calibration of one unit, the whole instansi, settings.
    page = session(admin)
    page.goto(f"{BASE}/penilaian/organisasi/?periode={periode}")
    top(page, "penilaian-organisasi", 1100)  # 50 units a page: the top rows
    page.goto(f"{BASE}/penilaian/kurva/{demo.unit_id}/{periode}/")
    top(page, "penilaian-kurva", 1450)  # the panel and the first names of "Siapa di mana"
    page.goto(f"{BASE}/penilaian/distribusi/?periode={periode}")
    shot(page, "penilaian-distribusi")
    page.goto(f"{BASE}/penilaian/pengaturan/")
    shot(page, "penilaian-pengaturan")

    # Pegawai: the year's results, then a final result with its keberatan window open.
    page = session(pegawai)
    page.goto(f"{BASE}/penilaian/saya/")
    shot(page, "penilaian-hasil-saya")
    page.goto(f"{BASE}/penilaian/evaluasi/{demo.hasil_id}/")
    page.get_by_label("Alasan keberatan").fill(
        "Target pemutakhiran data kepegawaian triwulan ini terlampaui (112%) dan bukti "
        "dukungnya sudah diunggah; mohon Rating Hasil Kerja ditinjau kembali."
    )
    shot(page, "penilaian-hasil")

    if demo.keberatan_id is None:
        print("no keberatan in the demo: keberatan shots skipped")
        return
    url = f"{BASE}/penilaian/keberatan/{demo.keberatan_id}/"
    page = session(demo.pemutus or admin)
    page.goto(f"{BASE}/penilaian/keberatan/")
    shot(page, "keberatan-daftar")
    if demo.pemutus is None:  # the Admin Instansi only reads another's keberatan
        page.goto(url)
        shot(page, "keberatan-detail")
        return
    # The decider asks both sides, they answer, the decider prepares the decision.
    page.goto(url)
    page.get_by_label("Permintaan penjelasan kepada pejabat penilai kinerja").fill(
        "Mohon jelaskan dasar Rating Hasil Kerja triwulan ini, dengan realisasi dan bukti yang "
        "Saudara pertimbangkan."
    )
    page.get_by_label("Permintaan penjelasan kepada pegawai").fill(
        "Mohon sebutkan target mana yang menurut Saudara terlampaui beserta buktinya."
    )
    page.get_by_role("button", name="Minta penjelasan").click()
    page.get_by_role("status").filter(has_text="Permintaan penjelasan dikirim").wait_for()
    for nip, jawaban in (
        (
            penilai,
            "Rating saya berikan atas realisasi seluruh RHK triwulan ini dan bukti dukung yang "
            "diunggah, mengikuti panduan rating.",
        ),
        (
            demo.pengaju,
            "Target dan bukti yang saya maksud tercantum pada realisasi triwulan ini; mohon "
            "seluruhnya dipertimbangkan.",
        ),
    ):
        other = session(nip)
        other.goto(url)
        other.get_by_label("Penjelasan Anda").fill(jawaban)
        other.get_by_role("button", name="Berikan penjelasan").click()
        other.get_by_role("status").filter(has_text="Penjelasan Anda disimpan").wait_for()
    page.goto(url)
    form = page.locator("#form-putuskan")
    form.get_by_label("Tetap (hasil penilaian tidak berubah)").check()
    form.get_by_label("Alasan keputusan").fill(
        "Rating sudah sesuai dengan realisasi dan bukti dukung yang dilaporkan; penjelasan "
        "kedua pihak tidak menunjukkan hasil kerja yang belum dipertimbangkan."
    )
    shot(page, "keberatan-detail")


@dataclass(frozen=True)
class DemoTindakLanjut:
    """What the stage-4 shots need from the seeded data (the demo parts of kinerja/tindaklanjut),
    read before Playwright starts like `Demo`."""

    evaluasi_id: int  # the demo pegawai's newest evaluation with a document not yet received
    kode: str  # verification code of the document the pegawai has received (two signatures)
    pdf: Path  # that document's current file, copied out of the storage
    periode_id: int  # the last periodic period with final results (distribusi report)
    disiplin: tuple[tuple[str, str], ...]  # (NIP, nama) of a few pegawai for a sample import


def demo_tindaklanjut(pegawai: str, tmp: Path) -> DemoTindakLanjut | None:
    from kinerja.org.models import Pegawai
    from kinerja.pelaksanaan.models import JenisPeriode
    from kinerja.penilaian.models import SUDAH_FINAL, Evaluasi
    from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen, StatusDokumen

    orang = Pegawai.objects.get(nip=pegawai)
    docs = Dokumen.objects.filter(
        instansi_id=orang.instansi_id,
        pegawai=orang,
        jenis=JenisDokumen.EVALUASI,
        status=StatusDokumen.BERLAKU,
    )
    diterima = docs.filter(diterima_at__isnull=False).order_by("created_at", "id").first()
    baru = docs.filter(diterima_at__isnull=True).order_by("-periode__selesai", "-id").first()
    if diterima is None or baru is None:  # no period is over yet: no documents in the demo
        return None
    pdf = tmp / f"{diterima.kode}.pdf"
    with diterima.berkas.open("rb") as handle:
        pdf.write_bytes(handle.read())
    final = (
        Evaluasi.objects.filter(instansi_id=orang.instansi_id, status__in=SUDAH_FINAL)
        .exclude(periode__jenis=JenisPeriode.TAHUNAN)
        .order_by("-periode__selesai")
        .values_list("periode_id", flat=True)
        .first()
    )
    contoh = Pegawai.objects.filter(instansi_id=orang.instansi_id, aktif=True).order_by("nip")
    return DemoTindakLanjut(
        evaluasi_id=baru.evaluasi_id or 0,
        kode=diterima.kode,
        pdf=pdf,
        periode_id=final or 0,
        disiplin=tuple((p.nip, p.nama_lengkap) for p in contoh[:3]),
    )


def tindaklanjut(
    browser: Any,
    session: Callable[..., Any],
    shot: Callable[[Any, str], None],
    tmp: Path,
    demo: DemoTindakLanjut,
    admin: str,
    pegawai: str,
) -> None:
    """Stage 4 (tindak lanjut): signed documents and their public verification, angka kredit,
    TPP and the reports. The verification page is opened without a login and checks the
    downloaded PDF; the TPP recap is exported (the job page is pictured once it is done), after
    the configuration page is pictured, since the export freezes the version it uses."""
    # Pegawai: Dokumen saya, the document box of an evaluation result, the PDF itself.
    page = session(pegawai)
    page.goto(f"{BASE}/dokumen/")
    shot(page, "tl_dokumen_saya")
    page.goto(f"{BASE}/penilaian/evaluasi/{demo.evaluasi_id}/")
    kotak = page.locator("section.dokumen-tautan")
    box = kotak.bounding_box()
    assert box is not None, "no document box on the evaluation page"
    top(page, "tl_dokumen_hasil", int(box["y"] + box["height"] + 24))
    halaman = tmp / "tl_dokumen_pdf"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(demo.pdf),
            str(halaman),
        ],
        check=True,
    )
    shutil.copyfile(halaman.with_suffix(".png"), OUT / "tl_dokumen_pdf.png")
    print("wrote", OUT / "tl_dokumen_pdf.png")

    # Anyone, not logged in: the verification page, then the same PDF checked.
    page = browser.new_page(viewport={"width": 1000, "height": 800}, locale="id-ID")
    page.goto(f"{BASE}/v/{demo.kode}/")
    shot(page, "tl_verifikasi")
    page.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(str(demo.pdf))
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.get_by_role("status").filter(has_text="Asli").wait_for()
    shot(page, "tl_verifikasi_hasil")

    # Admin Instansi: his own angka kredit (a JF Analis SDM Aparatur), the instansi's list.
    page = session(admin)
    page.goto(f"{BASE}/angka-kredit/saya/")
    shot(page, "tl_ak_saya")
    page.goto(f"{BASE}/angka-kredit/daftar/")
    sampai(page, "tl_ak_daftar", page.locator("table.ak-daftar tbody tr").nth(9))

    # TPP: the configuration (before the export freezes it), disiplin import and a pratinjau.
    page.goto(f"{BASE}/tpp/konfigurasi/")
    shot(page, "tl_tpp_konfigurasi")
    page.goto(f"{BASE}/tpp/disiplin/")
    shot(page, "tl_tpp_disiplin")
    contoh = tmp / "disiplin-contoh.csv"
    rows = ["nip,nama,persen_disiplin,hari_kerja,hadir,terlambat_menit,keterangan"]
    for n, (nip, nama) in enumerate(demo.disiplin):
        persen = ("100", '"97,5"', "93")[n % 3]  # a decimal comma is quoted in a CSV
        rows.append(f'{nip},"{nama}",{persen},21,{21 - n},{n * 45},')
    contoh.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.get_by_label("Berkas").set_input_files(str(contoh))
    page.get_by_role("button", name="Pratinjau").click()
    page.get_by_role("heading", name=re.compile("Pratinjau impor disiplin")).wait_for()
    shot(page, "tl_tpp_disiplin_pratinjau")
    page.goto(f"{BASE}/tpp/rekap/")
    baris = page.locator("table.tpp-rekap tbody tr")
    sampai(page, "tl_tpp_rekap", baris.nth(2))
    # Fourteen columns scroll sideways inside the page: the amounts, scrolled into view.
    wrap = page.locator(".table-wrap", has=page.locator("table.tpp-rekap"))
    wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    kotak, akhir = wrap.bounding_box(), baris.nth(4).bounding_box()
    clip = {
        "x": kotak["x"],
        "y": kotak["y"],
        "width": kotak["width"],
        "height": akhir["y"] + akhir["height"] - kotak["y"],
    }
    page.screenshot(path=str(OUT / "tl_tpp_rekap_kanan.png"), full_page=True, clip=clip)
    print("wrote", OUT / "tl_tpp_rekap_kanan.png")
    page.get_by_role("button", name="Ekspor XLSX").click()
    page.locator(".pekerjaan-status .badge", has_text="Selesai").wait_for(timeout=120_000)
    page.set_viewport_size({"width": 1200, "height": 500})
    shot(page, "tl_tpp_pekerjaan")

    # Reports, for the whole instansi.
    page = session(admin)
    page.goto(f"{BASE}/laporan/")
    shot(page, "tl_laporan")
    page.goto(f"{BASE}/laporan/distribusi/?periode={demo.periode_id}")
    sampai(page, "tl_laporan_distribusi", page.locator("#kurva-unit tbody tr").nth(3))
    page.goto(f"{BASE}/laporan/kepatuhan/")
    shot(page, "tl_laporan_kepatuhan")
    page.goto(f"{BASE}/laporan/tindak-lanjut/perbaikan/")
    sampai(page, "tl_laporan_perbaikan", page.locator("#tindak-lanjut tbody tr").nth(7))
    page.goto(f"{BASE}/laporan/layanan/")
    sampai(page, "tl_laporan_layanan", page.locator("#layanan tbody tr").nth(7))


def dasar(
    browser: Any,
    session: Callable[..., Any],
    shot: Callable[[Any, str], None],
    admin_nasional: str,
    admin: str,
    penilai: str,
    pegawai: str,
    kepala: str,
) -> None:
    """Login, home pages, master data and stage 1 (the SKP)."""
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
    page = session(kepala)
    page.goto(f"{BASE}/skp/cascade/")
    shot(page, "skp-cascade")

    page = session(admin)
    page.goto(f"{BASE}/skp/admin/status/")
    shot(page, "skp-status-unit")

    page = session(admin_nasional)
    page.goto(f"{BASE}/org/instansi/")
    shot(page, "instansi-list")


def integrasi(
    browser: Any,
    session: Callable[..., Any],
    shot: Callable[[Any, str], None],
    admin: str,
    pegawai: str,
) -> None:
    """The integrations: the Integrasi page and its sync log, API tokens (one created, shown
    once), the API docs, SIASN, Ruang GTK (the batch with errors), e-Kinerja BKN, and a login
    through SSO at the fake provider."""
    page = session(admin)
    page.goto(f"{BASE}/integrasi/")
    shot(page, "int_integrasi")
    page.goto(f"{BASE}/token-api/baru/")
    page.get_by_label("Nama token").fill("Aplikasi gaji BPKAD")
    page.locator("fieldset input[type=checkbox]").first.check()
    shot(page, "int_token_baru")
    page.get_by_role("button", name=re.compile("Buat")).click()
    shot(page, "int_token_sekali")
    page.goto(f"{BASE}/token-api/")
    shot(page, "int_token_daftar")
    page.goto(f"{BASE}/integrasi/siasn/")
    shot(page, "int_siasn")
    page.goto(f"{BASE}/integrasi/ruang-gtk/")
    shot(page, "int_ruanggtk")
    salah = page.locator("a[href*='/integrasi/ruang-gtk/impor/']").first
    if salah.count():
        salah.click()
        shot(page, "int_ruanggtk_pratinjau")
    page.goto(f"{BASE}/integrasi/ekinerja-bkn/")
    shot(page, "int_ekinerjabkn")
    page.goto(f"{BASE}/api/v1/docs")
    page.wait_for_timeout(1500)
    top(page, "int_api_docs", 900)
    page.close()
    # SSO: the login page with its button, the provider's page, and the home page after it.
    page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="id-ID")
    page.goto(f"{BASE}/akun/masuk/")
    shot(page, "int_sso_masuk")
    page.get_by_role("button", name=re.compile("SSO")).click()
    page.get_by_label(re.compile("NIP")).fill(pegawai)
    shot(page, "int_sso_penyedia")
    page.get_by_role("button").first.click()
    page.wait_for_url(f"{BASE}/**")
    shot(page, "int_sso_beranda")
    page.close()


def notifikasi(
    session: Callable[..., Any], shot: Callable[[Any, str], None], admin: str, penilai: str
) -> None:
    """Notifications and deadline reminders: the bell's panel, the list and the e-mail
    preferences of the demo penilai (who got the demo's digest "Ringkasan bawahan…", see
    kinerja/notifikasi/demo.py), and the Admin Instansi's reminder settings with the rounds."""
    page = session(penilai)
    page.locator("#notif-badge").wait_for(state="attached")  # the count, loaded by htmx
    page.locator("a.bell").click()
    page.locator("#notif-panel .notif-panel-isi").wait_for()
    top(page, "ntf_lonceng", 420)  # the top bar and the panel below the bell
    page.goto(f"{BASE}/notifikasi/")
    sampai(page, "ntf_daftar", page.locator("ul.notif li").last)
    page.goto(f"{BASE}/notifikasi/preferensi/")
    shot(page, "ntf_preferensi")

    page = session(admin)
    page.goto(f"{BASE}/notifikasi/pengaturan/")
    shot(page, "ntf_pengaturan")


def bantuan(
    browser: Any,
    session: Callable[..., Any],
    shot: Callable[[Any, str], None],
    admin_nasional: str,
    admin: str,
    pegawai: str,
) -> None:
    """Onboarding and the helpdesk: the public application form and status page, the Admin
    Nasional's review of the demo application (kinerja/pendaftaran/demo.py), the pegawai's
    Bantuan page, the ticket form suggesting articles while they type and the demo ticket the
    Admin Instansi answered (kinerja/bantuan/demo.py), and the Admin Instansi's queue and report.
    Nothing is submitted."""
    page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="id-ID")
    page.goto(f"{BASE}/pendaftaran-instansi/")
    top(page, "bt_pendaftaran_formulir", 905)  # a long form: down to the e-mail field
    page.goto(f"{BASE}/pendaftaran-instansi/status/")
    shot(page, "bt_pendaftaran_status")
    page.close()

    page = session(admin_nasional)
    page.goto(f"{BASE}/org/instansi/")
    page.get_by_role("link", name="Permohonan instansi").click()
    shot(page, "bt_pendaftaran_antrean")
    baris = page.locator("tbody tr").filter(has_text="Kabupaten Sukamakmur")
    baris.get_by_role("link").first.click()
    shot(page, "bt_pendaftaran_detail")

    page = session(pegawai)
    page.goto(f"{BASE}/bantuan/")
    shot(page, "bt_bantuan")
    # The top bar's Bantuan link opens the form and passes the page the user was on.
    page.goto(f"{BASE}/skp/")
    page.locator("a.bantuan-link").click()
    page.get_by_label("Kategori").select_option(label="Akun dan login")
    page.get_by_label("Judul").fill("Akun terkunci setelah lupa kata sandi")
    # Suggestions follow keyup (htmx), which fill() does not send: type the text.
    page.get_by_label("Uraian masalah").press_sequentially(
        "Saya lupa kata sandi; setelah tiga kali mencoba, akun saya terkunci.", delay=10
    )
    page.locator("#saran-artikel .saran-artikel li").first.wait_for()
    shot(page, "bt_tiket_baru")
    page.goto(f"{BASE}/bantuan/")
    page.get_by_role("link", name=re.compile("Bukti dukung PDF ditolak")).click()
    shot(page, "bt_tiket_pegawai")

    page = session(admin)
    page.get_by_role("link", name="Tiket Bantuan").click()
    shot(page, "bt_antrean")
    page.goto(f"{BASE}/bantuan/laporan/")
    shot(page, "bt_laporan")


BAGIAN = (
    "dasar",
    "pelaksanaan",
    "penilaian",
    "tindaklanjut",
    "integrasi",
    "notifikasi",
    "bantuan",
)


def main() -> None:
    bagian = set(sys.argv[1:]) or set(BAGIAN)
    if not bagian <= set(BAGIAN):
        raise SystemExit(f"usage: scripts/screenshots.py [{'] ['.join(BAGIAN)}]")
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
    pegawai = next(v for k, v in AKUN_DEMO if k.startswith("Pegawai"))
    kepala = next(v for k, v in AKUN_DEMO if k.startswith("Kepala OPD"))
    demo = demo_of(pegawai)
    demo3 = demo_penilaian(penilai, pegawai)
    demo4 = demo_tindaklanjut(pegawai, Path(env["KINERJA_VAR_DIR"]))
    OUT.mkdir(parents=True, exist_ok=True)
    oidc = subprocess.Popen([PY, "manage.py", "fake_oidc", "--port", "8766"], cwd=ROOT, env=env)
    env.update(
        OIDC_RP_CLIENT_ID="kinerja",
        OIDC_RP_CLIENT_SECRET="rahasia-klien-uji",  # noqa: S106 (the fake provider's own)
        OIDC_OP_ISSUER="http://127.0.0.1:8766/realms/public-siasn",
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/granian"),
            "--interface",
            "wsgi",
            "kinerja.wsgi:application",
            "--port",
            str(PORT),
            "--no-ws",
        ],
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
                page.get_by_role("button", name="Masuk", exact=True).click()
                return page

            def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print("wrote", OUT / f"{name}.png")

            if "dasar" in bagian:
                dasar(browser, session, shot, admin_nasional, admin, penilai, pegawai, kepala)
            if "pelaksanaan" in bagian:
                tmp = Path(env["KINERJA_VAR_DIR"])
                pelaksanaan(session, shot, tmp, demo, admin, penilai, pegawai)
            if "penilaian" in bagian:
                if demo3 is None:
                    print("no period is over yet: the demo has no penilaian, shots skipped")
                else:
                    penilaian(session, shot, demo3, admin, penilai, pegawai)
            if "tindaklanjut" in bagian:
                if demo4 is None:
                    print("no signed documents in the demo: tindak lanjut shots skipped")
                else:
                    tmp = Path(env["KINERJA_VAR_DIR"])
                    tindaklanjut(browser, session, shot, tmp, demo4, admin, pegawai)
            if "integrasi" in bagian:
                integrasi(browser, session, shot, admin, pegawai)
            if "notifikasi" in bagian:
                notifikasi(session, shot, admin, penilai)
            if "bantuan" in bagian:
                bantuan(browser, session, shot, admin_nasional, admin, pegawai)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        oidc.terminate()
        oidc.wait(timeout=10)
        shutil.rmtree(env["KINERJA_VAR_DIR"], ignore_errors=True)  # the demo db and uploads


if __name__ == "__main__":
    main()
