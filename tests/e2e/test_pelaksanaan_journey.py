"""Issue 4's browser journey: a pegawai logs today's activity with a PDF as bukti and fills the
period's realisasi with a bukti dukung; the penilai reads both and comments on the realisasi;
the pegawai is notified, reads the comment and replies in the thread."""

import re
import struct
import zlib
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from kinerja.core.models import Notifikasi
from kinerja.core.notifications import tandai_dibaca
from kinerja.pelaksanaan.models import AktivitasHarian, BuktiDukung, Realisasi, UmpanBalik
from tests.e2e.test_skp_journey import _approved, _login, _logout
from tests.factories import user_for

RHK_STAF = "Tersusunnya rekapitulasi data layanan bulanan"
URAIAN = "Menyusun rekap data layanan minggu ini"
KOMENTAR = "Rekap sudah baik; lampirkan juga daftar hadir petugas layanan."
BALASAN = "Baik, daftar hadir saya unggah besok pagi."


def _pdf() -> bytes:
    """A small valid one-page PDF (objects, xref table with exact offsets, trailer)."""
    stream = b"BT /F1 18 Tf 72 720 Td (Bukti aktivitas) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png() -> bytes:
    """A valid 2×2 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80\x80" * 2)  # filter byte + 2 pixels, per row
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_activity_realisasi_and_umpan_balik(page: Page, live_server, org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tahun = timezone.localdate().year
    kepala, kabid, kasi = user_for(org.kepala), user_for(org.kabid), user_for(org.kasi)
    staf = user_for(org.staf)
    rhk_kepala = _approved(kepala, org.admin, "Meningkatnya kualitas layanan dinas", tahun)
    rhk_kabid = _approved(kabid, kepala, "Meningkatnya mutu layanan bidang", tahun, rhk_kepala)
    rhk_kasi = _approved(kasi, kabid, "Tersusunnya laporan evaluasi pelayanan", tahun, rhk_kabid)
    rhk = _approved(staf, kasi, RHK_STAF, tahun, rhk_kasi)
    iki = rhk.iki.get()
    tandai_dibaca(staf)  # the SKP's own notifications: the bell then counts only the journey's
    pdf, png = tmp_path / "notulen-rapat.pdf", tmp_path / "rekap-layanan.png"
    pdf.write_bytes(_pdf())
    png.write_bytes(_png())
    base = live_server.url

    # The pegawai logs today's activity, linked to the RHK, with a PDF as bukti.
    _login(page, base, staf.nip)
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_role("link", name="Aktivitas", exact=True).click()
    expect(page.get_by_role("heading", name="Aktivitas harian")).to_be_visible()
    hari_ini = page.locator("section.hari[aria-current='date']")
    hari_ini.get_by_role("link", name=re.compile(r"^\+ Tambah")).click()
    form = page.locator("#aktivitas-form")
    expect(form.get_by_role("heading", name="Catat aktivitas")).to_be_visible()
    form.get_by_label("Jam mulai").fill("08:00")
    form.get_by_label("Jam selesai").fill("09:30")
    form.get_by_label("Uraian aktivitas").fill(URAIAN)
    form.get_by_label("RHK yang didukung").select_option(value=str(rhk.pk))
    form.get_by_label("Kuantitas").fill("1")
    form.get_by_label("Satuan").fill("Dokumen")
    form.get_by_label("Berkas bukti").set_input_files(pdf)
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").filter(has_text="(90 menit) dicatat")).to_be_visible()
    entri = hari_ini.locator("li.aktivitas").filter(has_text=URAIAN)
    expect(entri).to_contain_text("08.00–09.30")
    expect(entri).to_contain_text("90 mnt")
    expect(entri).to_contain_text(f"RHK: {RHK_STAF}")
    expect(hari_ini.locator("[data-total-hari='90']")).to_be_visible()
    bukti = entri.get_by_role("link", name="Bukti: notulen-rapat.pdf")
    response = page.request.get(base + (bukti.get_attribute("href") or ""))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body() == pdf.read_bytes()

    # The pegawai fills the current period's realisasi and adds a PNG as bukti dukung.
    menu.get_by_role("link", name="Realisasi", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Realisasi "))).to_be_visible()
    blok = page.locator(f"#iki-{iki.pk}")
    blok.get_by_label("Nilai realisasi").fill("3")
    blok.get_by_label("Keterangan").fill("Tiga rekap bulanan tersusun.")
    blok.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_role("status").filter(has_text="Realisasi disimpan.")).to_be_visible()
    expect(blok.locator(".realisasi-nilai")).to_contain_text("3 Dokumen")
    blok.locator("summary", has_text="Tambah bukti dukung").click()
    blok.get_by_label("Unggah berkas").set_input_files(png)
    blok.get_by_role("button", name="Tambah bukti").click()
    expect(page.get_by_role("status").filter(has_text="Bukti dukung ditambahkan.")).to_be_visible()
    expect(
        blok.locator(".bukti-list").get_by_role("link", name="rekap-layanan.png")
    ).to_be_visible()
    realisasi = Realisasi.objects.get(iki=iki)
    _logout(page)

    # The penilai finds the realisasi among the bawahan, opens the bukti and comments.
    _login(page, base, kasi.nip)
    page.get_by_role("link", name="Status SKP bawahan").click()
    page.get_by_role("row").filter(has_text=org.staf.nama).get_by_role(
        "link", name="Realisasi"
    ).click()
    expect(page.get_by_role("heading", name=re.compile(org.staf.nama))).to_be_visible()
    blok = page.locator(f"#iki-{iki.pk}")
    expect(blok.locator(".realisasi-nilai")).to_contain_text("3 Dokumen")
    expect(blok.get_by_role("button", name="Simpan realisasi")).to_have_count(0)  # read-only
    file_link = blok.locator(".bukti-list").get_by_role("link", name="rekap-layanan.png")
    response = page.request.get(base + (file_link.get_attribute("href") or ""))
    assert response.ok and response.headers["content-type"] == "image/png"
    assert response.body() == png.read_bytes()
    umpan = page.locator(f"#umpan-balik-realisasi-{realisasi.pk}")
    umpan.locator("summary", has_text="Beri umpan balik").click()
    umpan.get_by_label("Umpan balik").fill(KOMENTAR)
    umpan.get_by_role("button", name="Kirim umpan balik").click()
    expect(page.get_by_role("status").filter(has_text="Umpan balik dikirim")).to_be_visible()
    expect(umpan.locator(".utas")).to_contain_text(KOMENTAR)
    _logout(page)

    # The pegawai sees the notification, opens it, reads the comment and replies.
    _login(page, base, staf.nip)
    expect(page.locator("#notif-badge")).to_have_text("1")
    page.get_by_role("link", name=re.compile("^Notifikasi")).click()
    page.get_by_role("button", name=re.compile("^Umpan balik dari pejabat penilai")).click()
    expect(page).to_have_url(re.compile(rf"/realisasi/skp/{realisasi.skp_id}/\?periode="))
    utas = page.locator(f"#umpan-balik-realisasi-{realisasi.pk} .utas")
    expect(utas).to_contain_text(KOMENTAR)
    expect(utas.locator(".badge", has_text="Pejabat penilai")).to_be_visible()
    utas.locator("summary", has_text="Balas").click()
    utas.get_by_label("Balasan").fill(BALASAN)
    utas.get_by_role("button", name="Kirim balasan").click()
    expect(page.get_by_role("status").filter(has_text="Balasan dikirim.")).to_be_visible()
    expect(utas.locator(".balasan")).to_contain_text(BALASAN)

    # What the journey stored.
    root = UmpanBalik.objects.get(induk__isnull=True)
    reply = UmpanBalik.objects.get(induk__isnull=False)
    assert (root.penulis_id, root.realisasi_id, root.isi) == (org.kasi.pk, realisasi.pk, KOMENTAR)
    assert (reply.penulis_id, reply.induk_id, reply.isi) == (org.staf.pk, root.pk, BALASAN)
    aktivitas = AktivitasHarian.objects.get(pegawai=org.staf)
    assert (aktivitas.menit, aktivitas.rhk_id) == (90, rhk.pk)
    assert aktivitas.tanggal == timezone.localdate()
    with aktivitas.berkas.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert realisasi.nilai == 3
    bukti_dukung = BuktiDukung.objects.get(realisasi=realisasi)
    assert (bukti_dukung.nama_berkas, bukti_dukung.jenis_berkas) == (
        "rekap-layanan.png",
        "image/png",
    )
    assert Notifikasi.objects.filter(penerima=kasi, judul__startswith="Balasan").exists()
