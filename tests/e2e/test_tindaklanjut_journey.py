"""Issue 6's browser journey (stage 4, "Tindak lanjut"): the penilai's finalisation issues the
Dokumen Evaluasi Kinerja Pegawai signed by the penilai; the pegawai downloads it, acknowledges
it (their signature is added) and downloads it again; anyone without an account checks the
copy on the public verification page, which tells the signed file from a tampered one and
shows nothing of the content; the Admin Instansi exports the month's TPP recap as XLSX through
a background job and finds the pegawai's NIP as 18-digit text."""

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from kinerja.core.models import Pekerjaan, StatusPekerjaan
from kinerja.pelaksanaan.jadwal import BULAN
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import services
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.dokumen.models import Dokumen, JenisDokumen, PeranPenandatangan
from tests.e2e.test_skp_journey import _login, _logout
from tests.penilaian.conftest import buat_dunia, saat

DI_ATAS = "Di Atas Ekspektasi"
PREDIKAT = "Sangat Baik"  # Di Atas / Di Atas in a unit rated Baik
JENIS = "Dokumen Evaluasi Kinerja Pegawai"


def _hari_setelah(p: PeriodePenilaian) -> dt.datetime:
    """10.00 WIB on the day after the period: its penilaian is open then, whatever today is."""
    hari = p.selesai + dt.timedelta(days=1)
    return saat(hari.month, hari.day, tahun=hari.year)


def _teks_pdf(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_dokumen_verifikasi_and_tpp_export(  # type: ignore[no-untyped-def]
    page: Page, browser: Browser, live_server, org, tmp_path: Path
) -> None:
    d = buat_dunia(org)  # approved SKPs for the year (directly: no SKP documents)
    kasi, staf, admin, tw1 = d.users["kasi"], d.users["staf"], org.admin, d.tw1
    now = _hari_setelah(tw1)

    def finalkan() -> Evaluasi:
        services.tetapkan_kinerja_organisasi(admin, org.dinas, tw1, "Baik", now=now)
        ev = services.nilai(
            kasi,
            d.skp["staf"],
            tw1,
            rating_hasil_kerja=DI_ATAS,
            rating_perilaku=DI_ATAS,
            catatan="Pertahankan ketelitian.",
            now=now,
        )
        services.finalkan(kasi, [ev], now=now)
        return ev

    # live_server tests are transactional: finalkan's on_commit issues and signs the document,
    # here in the test's thread, where Playwright keeps an event loop running (pyHanko's own
    # loop then runs in a thread of the service's).
    ev = finalkan()
    dok = Dokumen.objects.get(evaluasi=ev, jenis=JenisDokumen.EVALUASI)
    assert list(dok.tanda_tangan.values_list("peran", "nama")) == [
        (PeranPenandatangan.PENILAI, org.kasi.nama_lengkap)
    ]
    assert dok.diterima_at is None
    base = live_server.url

    # 1. The pegawai opens "Dokumen", downloads the PDF, acknowledges it, downloads it again.
    _login(page, base, staf.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Dokumen", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokumen saya")
    baris = page.get_by_role("row").filter(has_text=JENIS)
    expect(baris).to_have_count(1)
    expect(baris).to_contain_text(dok.judul_periode)
    expect(baris.locator(".badge")).to_have_text("Berlaku")
    # The view serves the PDF inline (Chromium would show it in its viewer): Alt+click is
    # Chromium's "download the link", which is what a user does to keep the file.
    with page.expect_download() as info:
        baris.get_by_role("link", name="Unduh PDF").click(modifiers=["Alt"])
    assert info.value.suggested_filename == f"{JENIS} {dok.judul_periode} {dok.kode}.pdf"
    pertama = tmp_path / "ditandatangani-penilai.pdf"
    info.value.save_as(pertama)
    assert pertama.read_bytes()[:5] == b"%PDF-"
    baris.get_by_role("button", name="Saya telah menerima dokumen ini").click()
    expect(page.get_by_role("status")).to_have_text(
        "Tanda tangan elektronik Anda telah ditambahkan pada dokumen."
    )
    expect(baris.get_by_role("button", name="Saya telah menerima dokumen ini")).to_have_count(0)
    expect(baris).to_contain_text(re.compile(r"Diterima \d{1,2} \w+ \d{4}"))
    with page.expect_download() as info:
        baris.get_by_role("link", name="Unduh PDF").click(modifiers=["Alt"])
    diterima = tmp_path / "ditandatangani-keduanya.pdf"
    info.value.save_as(diterima)
    assert diterima.read_bytes() != pertama.read_bytes()
    teks = _teks_pdf(diterima)
    assert org.staf.nama_lengkap.upper() in teks.upper()
    assert PREDIKAT.upper() in teks.upper()
    kode = re.search(r"/v/([A-Z0-9]+)/", teks)
    assert kode is not None and kode[1] == dok.kode
    dok.refresh_from_db()
    assert dok.diterima_at is not None
    assert list(dok.tanda_tangan.values_list("peran", flat=True)) == [
        PeranPenandatangan.PENILAI,
        PeranPenandatangan.PEGAWAI,
    ]
    assert dok.sha256 == hashlib.sha256(diterima.read_bytes()).hexdigest()
    _logout(page)

    # 2. Someone without an account checks the copies on the verification page.
    tamu = browser.new_context(locale="id-ID")
    try:
        publik = tamu.new_page()
        publik.set_default_timeout(15_000)
        publik.goto(f"{base}/v/{kode[1]}/")
        expect(publik.get_by_role("heading", level=1)).to_have_text("Verifikasi dokumen elektronik")
        expect(publik.locator(".verifikasi-dokumen")).to_contain_text(
            f"Kode {dok.kode} adalah dokumen yang diterbitkan"
        )
        penanda = publik.locator(".verifikasi-dokumen tbody tr")
        expect(penanda).to_have_count(2)
        expect(penanda.nth(0)).to_contain_text(org.kasi.nama_lengkap)
        expect(penanda.nth(0)).to_contain_text(PeranPenandatangan.PENILAI)
        expect(penanda.nth(1)).to_contain_text(org.staf.nama_lengkap)
        expect(penanda.nth(1)).to_contain_text(PeranPenandatangan.PEGAWAI)
        expect(publik.get_by_text(staf.nip)).to_have_count(0)  # masked
        expect(publik.locator(".verifikasi-rincian code.hash")).to_have_text(
            hashlib.sha256(diterima.read_bytes()).hexdigest()
        )

        hasil = publik.get_by_role("status")
        publik.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(diterima)
        publik.get_by_role("button", name="Periksa", exact=True).click()
        expect(hasil).to_contain_text(
            "Asli: berkas ini identik dengan dokumen yang diterbitkan dan tanda tangan "
            "elektroniknya valid."
        )

        # The copy downloaded before the acknowledgement: an earlier state, still authentic.
        publik.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(pertama)
        publik.get_by_role("button", name="Periksa", exact=True).click()
        expect(hasil).to_contain_text(
            "Asli: berkas ini identik dengan versi dokumen yang tercatat sebelum tanda tangan "
            "berikutnya ditambahkan"
        )

        data = bytearray(diterima.read_bytes())
        tengah = len(data) // 2
        data[tengah : tengah + 8] = bytes(b ^ 0xFF for b in data[tengah : tengah + 8])
        palsu = tmp_path / "diubah.pdf"
        palsu.write_bytes(bytes(data))
        publik.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(palsu)
        publik.get_by_role("button", name="Periksa", exact=True).click()
        expect(hasil).to_contain_text(re.compile(r"^\s*(Tidak asli|Tidak dapat diverifikasi)"))
        expect(hasil).not_to_contain_text("Asli:")
        # Nothing of the content: no predikat (not even the unit's "Baik"), no rating, no note.
        isi = publik.locator("main").inner_text()
        assert not re.search(r"Baik|Ekspektasi|Pertahankan ketelitian", isi, re.IGNORECASE), isi
    finally:
        tamu.close()

    # 3. The Admin Instansi exports the TPP recap of a month of the triwulan as XLSX.
    bulan = tw1.mulai.replace(day=1) + dt.timedelta(days=40)  # the triwulan's second month
    bulan_nama = f"{BULAN[bulan.month - 1]} {bulan.year}"
    _login(page, base, admin.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="TPP", exact=True
    ).click()
    page.get_by_label("Bulan", exact=True).fill(f"{bulan:%Y-%m}")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rekap TPP {bulan_nama}")
    pratinjau = page.locator("table.tpp-rekap").get_by_role("row").filter(has_text=org.staf.nip)
    expect(pratinjau).to_contain_text(PREDIKAT)
    page.get_by_role("button", name="Ekspor XLSX").click()
    expect(page).to_have_url(re.compile(r"/pekerjaan/\d+/$"))
    status = page.locator(".pekerjaan-status")
    expect(status).to_be_visible()
    unduh = status.get_by_role("link", name=re.compile(r"^Unduh .+\.xlsx$"))
    expect(unduh).to_be_visible()
    expect(status.locator(".badge")).to_have_text("Selesai")
    expect(status).to_contain_text(re.compile(r"(\d+) dari \1 baris \(100%\)"))
    with page.expect_download() as info:
        unduh.click()
    xlsx = tmp_path / "rekap.xlsx"
    info.value.save_as(xlsx)

    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows())
    kepala = [c.value for c in rows[0]]
    kolom = kepala.index("NIP")
    sel = next(r[kolom] for r in rows[1:] if r[kolom].value == org.staf.nip)
    assert sel.data_type == "s" and len(sel.value) == 18 and sel.value.isdigit()
    pekerjaan = Pekerjaan.objects.get(jenis="tpp.rekap")
    assert (pekerjaan.status, pekerjaan.dibuat_oleh_id) == (StatusPekerjaan.SELESAI, admin.pk)
    assert timezone.now() - pekerjaan.created_at < dt.timedelta(minutes=5)
