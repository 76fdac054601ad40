"""berkas.py: uploads are checked by content, not by name or browser type.

Every accepted type is tried with a real minimal file built here (PDF, PNG, JPEG, GIF, WebP,
DOCX/PPTX/ODT/ODS/ODP as the ZIP packages Office and LibreOffice write, XLSX by openpyxl and
XlsxWriter, DOC/XLS/PPT as OLE compound files); a name that lies about the content is refused
naming what the content really is; programs, empty and oversized files and non-web links are
refused; a refusal stores nothing.
"""

import io
import struct
import zipfile
import zlib
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.http import Http404

from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import berkas
from kinerja.pelaksanaan.models import BuktiDukung

# --- Real minimal files ----------------------------------------------------------------------


def pdf_bytes(text: str = "Laporan") -> bytes:
    """A one-page PDF with a valid cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def png_bytes() -> bytes:
    """A 1x1 red PNG (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """An 8x8 grey baseline JPEG: one quantisation table, one DC and one AC Huffman table of
    a single code each; the scan is one block whose DC difference is 0 followed by EOB."""
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + b"\x01" * 64
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8, 1) + b"\x01\x11\x00"
    counts = b"\x01" + b"\x00" * 15  # one code of length 1
    dht_dc = b"\xff\xc4" + struct.pack(">H", 20) + b"\x00" + counts + b"\x00"
    dht_ac = b"\xff\xc4" + struct.pack(">H", 20) + b"\x10" + counts + b"\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    return b"\xff\xd8" + dqt + sof + dht_dc + dht_ac + sos + b"\x3f" + b"\xff\xd9"


def gif_bytes() -> bytes:
    """A 1x1 GIF89a with a two-colour palette."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
        b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
    )


def webp_bytes() -> bytes:
    """A 1x1 lossless WebP (RIFF container with a VP8L chunk)."""
    vp8l = bytes.fromhex("2f00000010071011118888fe0700")
    chunk = b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _zip(entries: dict[str, str], stored_first: tuple[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:  # OpenDocument: "mimetype" first and uncompressed
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        for name, text in entries.items():
            # A fixed timestamp: the same entries give the same bytes (tests compare them).
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 2, 3, 4, 6))
            archive.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_bytes() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        {
            "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
            "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{REL}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="word/document.xml"/>'
            "</Relationships>",
            "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Laporan'
            "</w:t></w:r></w:p></w:body></w:document>",
        }
    )


def pptx_bytes() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return _zip(
        {
            "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{CT}">'
            f'<Override PartName="/ppt/presentation.xml" ContentType="{main}"/></Types>',
            "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{REL}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="ppt/presentation.xml"/>'
            "</Relationships>",
            "ppt/presentation.xml": '<?xml version="1.0"?><p:presentation xmlns:p="http://'
            'schemas.openxmlformats.org/presentationml/2006/main"/>',
        }
    )


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Realisasi", 12])  # type: ignore[union-attr]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_xlsxwriter_bytes() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.add_worksheet().write(0, 0, "Realisasi")
    workbook.close()
    return out.getvalue()


def odf_bytes(ext: str) -> bytes:
    mimetype = berkas.JENIS[ext][0]
    manifest = (
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        f'manifest:full-path="/" manifest:media-type="{mimetype}"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    content = (
        '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" office:version="1.2"><office:body/>'
        "</office:document-content>"
    )
    return _zip(
        {"content.xml": content, "META-INF/manifest.xml": manifest},
        stored_first=("mimetype", mimetype),
    )


def ole_bytes() -> bytes:
    """An empty OLE2 compound file (the container of DOC/XLS/PPT): header, one FAT sector,
    one directory sector with the root entry."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = berkas.OLE
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, 2^9
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 0x1000)  # FAT sectors, dir start, -, cutoff
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT / DIFAT
    header[76:sector] = b"\xff" * (sector - 76)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0 = FAT, 1 = end of dir
    directory = bytearray(sector)
    name = "Root Entry".encode("utf-16-le") + b"\x00\x00"
    directory[0 : len(name)] = name
    struct.pack_into("<HBB", directory, 64, len(name), 5, 1)  # name length, root, black
    struct.pack_into("<III", directory, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    struct.pack_into("<II", directory, 116, 0xFFFFFFFE, 0)
    for i in range(1, 4):  # unused entries
        struct.pack_into("<III", directory, i * 128 + 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return bytes(header + fat + directory)


ACCEPTED: dict[str, Any] = {
    "laporan.pdf": pdf_bytes,
    "foto.png": png_bytes,
    "foto.jpg": jpeg_bytes,
    "foto.JPEG": jpeg_bytes,
    "animasi.gif": gif_bytes,
    "foto.webp": webp_bytes,
    "surat.docx": docx_bytes,
    "rekap.xlsx": xlsx_bytes,
    "rekap-xlsxwriter.xlsx": xlsx_xlsxwriter_bytes,
    "paparan.pptx": pptx_bytes,
    "nota.odt": lambda: odf_bytes("odt"),
    "tabel.ods": lambda: odf_bytes("ods"),
    "paparan.odp": lambda: odf_bytes("odp"),
    "lama.doc": ole_bytes,
    "lama.xls": ole_bytes,
    "lama.ppt": ole_bytes,
}


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- The builders make what they say (checked by an independent reader where we have one) --


def test_the_builders_make_real_files():
    assert zipfile.ZipFile(io.BytesIO(docx_bytes())).testzip() is None
    assert openpyxl.load_workbook(io.BytesIO(xlsx_bytes())).active["A1"].value == "Realisasi"  # type: ignore[index]
    loaded = openpyxl.load_workbook(io.BytesIO(xlsx_xlsxwriter_bytes()))
    assert loaded.active["A1"].value == "Realisasi"  # type: ignore[index]
    odt = zipfile.ZipFile(io.BytesIO(odf_bytes("odt")))
    assert odt.namelist()[0] == "mimetype"
    assert odt.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    png = png_bytes()
    length = struct.unpack(">I", png[33:37])[0]
    assert png[37:41] == b"IDAT" and zlib.decompress(png[41 : 41 + length]) == b"\x00\xff\x00\x00"
    assert pdf_bytes().rstrip().endswith(b"%%EOF")
    assert len(ole_bytes()) == 3 * 512


# --- Accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_every_accepted_type_passes_with_its_content_type(name):
    data = ACCEPTED[name]()
    jenis, nama = berkas.periksa_berkas(upload(name, data, "text/plain"))  # browser type ignored
    ext = name.rsplit(".", 1)[1].lower()
    assert (jenis, nama) == (berkas.JENIS[ext][0], name)


def test_a_large_upload_kept_on_disk_is_checked_the_same(tmp_path, settings):
    """Django keeps uploads above 2.5 MB in a temporary file: the same checks read it."""
    data = pdf_bytes() + b"%" + b"x" * 3_000_000
    f = TemporaryUploadedFile("besar.pdf", "application/pdf", len(data), None)
    f.write(data)
    f.seek(0)
    assert berkas.periksa_berkas(f)[0] == "application/pdf"
    f.close()


# --- Refused: the name lies about the content ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "really"),
    [
        ("laporan.pdf", png_bytes(), "gambar PNG"),
        ("foto.jpg", pdf_bytes(), "PDF"),
        ("foto.png", jpeg_bytes(), "gambar JPEG"),
        ("surat.docx", xlsx_bytes(), "Excel"),
        ("rekap.xlsx", docx_bytes(), "dokumen Word"),
        ("nota.odt", odf_bytes("ods"), "lembar kerja ODS"),
        ("surat.docx", odf_bytes("odt"), "dokumen ODT"),
        ("laporan.pdf", docx_bytes(), "dokumen Word"),
        ("surat.doc", docx_bytes(), "dokumen Word"),
        ("surat.docx", ole_bytes(), "dokumen Office lama (DOC/XLS/PPT)"),
        ("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 60, "program"),
        ("laporan.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 57, "program"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "halaman web/teks HTML atau XML"),
        ("arsip.xlsx", _zip({"a.txt": "isi"}), "arsip ZIP"),
        ("foto.gif", b"hello world, just text", "jenis yang tidak dikenali"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(name, data, really):
    with pytest.raises(DomainError) as exc:
        berkas.periksa_berkas(upload(name, data, berkas.JENIS[name.rsplit(".", 1)[1]][0]))
    message = str(exc.value)
    assert name in message and f"(isinya {really})" in message
    assert "bukan" in message


def test_a_broken_zip_is_refused_not_crashing():
    data = docx_bytes()[:200]  # the central directory is cut off
    with pytest.raises(DomainError, match="bukan dokumen Word"):
        berkas.periksa_berkas(upload("surat.docx", data))


def test_a_huge_mimetype_entry_is_not_read():
    """A ZIP bomb dressed as OpenDocument: the oversized `mimetype` entry is never inflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", berkas.JENIS["odt"][0] + " " * 10_000_000)
    with pytest.raises(DomainError, match="bukan dokumen ODT"):
        berkas.periksa_berkas(upload("nota.odt", out.getvalue()))


# --- Refused: type, size, emptiness ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["setup.exe", "skrip.js", "catatan.txt", "tanpa-ekstensi", "a.svg"]
)
def test_types_outside_the_list_are_refused_by_name(name):
    with pytest.raises(DomainError) as exc:
        berkas.periksa_berkas(upload(name, b"MZ\x90\x00 program"))
    assert f"Jenis berkas {name} tidak diterima" in str(exc.value)
    assert "PDF, gambar" in str(exc.value)


def test_an_exe_renamed_to_pdf_is_refused_as_a_program():
    with pytest.raises(DomainError, match=r"Isi berkas virus\.pdf bukan PDF .*isinya program"):
        berkas.periksa_berkas(upload("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100))


def test_oversized_files_are_refused_with_both_sizes(settings):
    settings.BERKAS_MAX_BYTES = 1024 * 1024
    data = pdf_bytes() + b"x" * (1024 * 1024)
    with pytest.raises(DomainError) as exc:
        berkas.periksa_berkas(upload("besar.pdf", data))
    assert str(exc.value) == "Berkas besar.pdf terlalu besar (1,0 MB); ukuran maksimum 1,0 MB."
    settings.BERKAS_MAX_BYTES = len(data)
    assert berkas.periksa_berkas(upload("besar.pdf", data))[0] == "application/pdf"


def test_the_default_limit_is_ten_megabytes():
    from django.conf import settings

    assert settings.BERKAS_MAX_BYTES == 10 * 1024 * 1024


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match=r"^Berkas kosong\.pdf kosong\.$"):
        berkas.periksa_berkas(upload("kosong.pdf", b""))


def test_names_lose_folders_and_control_characters_and_keep_their_extension():
    assert berkas.nama_bersih("C:\\Users\\a\\laporan.pdf") == "laporan.pdf"
    assert berkas.nama_bersih("../../etc/laporan.pdf") == "laporan.pdf"
    assert berkas.nama_bersih("lap\r\noran\x00.pdf") == "laporan.pdf"
    assert berkas.nama_bersih("") == "berkas"
    long = "a" * 300 + ".pdf"
    assert berkas.nama_bersih(long).endswith(".pdf") and len(berkas.nama_bersih(long)) == 200


# --- Links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tautan",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.com/a",
        "vbscript:msgbox",
        "//example.com/tanpa-skema",
        "drive.google.com/file/d/1",
        "https://",
    ],
)
def test_links_other_than_http_and_https_are_refused(tautan):
    with pytest.raises(DomainError, match="diawali http:// atau https://"):
        berkas.periksa_tautan(tautan)


def test_a_link_longer_than_the_column_is_refused():
    with pytest.raises(DomainError, match="Tautan terlalu panjang"):
        berkas.periksa_tautan("https://example.com/" + "a" * 500)


def test_good_links_are_kept_trimmed():
    assert berkas.periksa_tautan("  https://drive.google.com/file/d/1/view  ") == (
        "https://drive.google.com/file/d/1/view"
    )
    assert berkas.periksa_tautan("http://intranet.go.id/laporan?tw=1") == (
        "http://intranet.go.id/laporan?tw=1"
    )


# --- lampirkan: onto a row, nothing stored on refusal ----------------------------------------


def _row() -> BuktiDukung:
    return BuktiDukung(instansi_id=1)


def _files(root) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]


def test_lampirkan_stores_a_file_under_a_random_name(settings, tmp_path):
    row = _row()
    berkas.lampirkan(row, upload("laporan.pdf", pdf_bytes()))
    assert (row.nama_berkas, row.jenis_berkas) == ("laporan.pdf", "application/pdf")
    assert row.ukuran_berkas == len(pdf_bytes())
    assert row.berkas.name.startswith("berkas/1/") and "laporan" not in row.berkas.name
    assert _files(tmp_path) == [row.berkas.name]
    assert row.tautan == ""


def test_lampirkan_a_link_only_stores_no_file(tmp_path):
    row = _row()
    berkas.lampirkan(row, None, " https://example.com/bukti ")
    assert (row.tautan, row.berkas.name, row.nama_berkas) == ("https://example.com/bukti", "", "")
    assert _files(tmp_path) == []


def test_lampirkan_needs_a_file_or_a_link(tmp_path):
    with pytest.raises(DomainError, match="Unggah berkas atau isi tautan bukti"):
        berkas.lampirkan(_row(), None, "   ")


@pytest.mark.parametrize(
    ("name", "data", "tautan"),
    [
        ("laporan.pdf", png_bytes(), ""),
        ("setup.exe", b"MZ", ""),
        ("kosong.pdf", b"", ""),
        ("laporan.pdf", pdf_bytes(), "javascript:alert(1)"),  # good file, bad link
    ],
)
def test_a_refusal_stores_no_file(tmp_path, name, data, tautan):
    row = _row()
    with pytest.raises(DomainError):
        berkas.lampirkan(row, upload(name, data), tautan)
    assert _files(tmp_path) == []
    assert row.berkas.name in ("", None) and row.tautan == ""


def test_hapus_berkas_sekarang_removes_the_stored_file(tmp_path):
    row = _row()
    berkas.lampirkan(row, upload("laporan.pdf", pdf_bytes()))
    berkas.hapus_berkas_sekarang(row)
    assert _files(tmp_path) == []
    berkas.hapus_berkas_sekarang(_row())  # nothing stored: nothing to do


@pytest.mark.django_db(transaction=True)
def test_hapus_berkas_nanti_waits_for_the_commit(tmp_path):
    from django.db import transaction

    row = _row()
    berkas.lampirkan(row, upload("laporan.pdf", pdf_bytes()))
    with transaction.atomic():
        berkas.hapus_berkas_nanti(row)
        assert _files(tmp_path) == [row.berkas.name]  # still there inside the transaction
    assert _files(tmp_path) == []
    row2 = _row()
    berkas.lampirkan(row2, upload("laporan.pdf", pdf_bytes()))
    with pytest.raises(RuntimeError), transaction.atomic():
        berkas.hapus_berkas_nanti(row2)
        raise RuntimeError("rolled back")
    assert _files(tmp_path) == [row2.berkas.name]  # rolled back: the file stays with its row


# --- unduh -----------------------------------------------------------------------------------


def _stored(name: str, data: bytes) -> BuktiDukung:
    row = _row()
    berkas.lampirkan(row, upload(name, data))
    return row


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_unduh_shows_pdfs_and_images_inline_in_a_sandbox():
    response = berkas.unduh(_stored("laporan tw 1.pdf", pdf_bytes()))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert 'filename="laporan tw 1.pdf"' in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(pdf_bytes()))
    assert _body(response) == pdf_bytes()


def test_unduh_makes_office_files_a_download_with_a_safe_name():
    row = _stored('surat "resmi" ñ.docx', docx_bytes())
    response = berkas.unduh(row)
    assert response["Content-Type"] == berkas.JENIS["docx"][0]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "\n" not in disposition
    assert _body(response) == docx_bytes()


def test_unduh_of_a_link_or_a_lost_file_is_404(tmp_path):
    link = _row()
    berkas.lampirkan(link, None, "https://example.com")
    with pytest.raises(Http404):
        berkas.unduh(link)
    lost = _stored("laporan.pdf", pdf_bytes())
    (tmp_path / lost.berkas.name).unlink()
    with pytest.raises(Http404):
        berkas.unduh(lost)


def test_size_is_measured_when_the_upload_does_not_say():
    data = pdf_bytes()
    f = SimpleNamespace(name="laporan.pdf", size=None)
    stream = io.BytesIO(data)
    f.seek, f.read, f.tell = stream.seek, stream.read, stream.tell  # type: ignore[attr-defined]
    assert berkas.periksa_berkas(f)[0] == "application/pdf"  # type: ignore[arg-type]


# --- simpan_lampiran: several attachments, all or nothing ------------------------------------


def _baris_baru(gagal_pada: int | None = None) -> tuple[Any, list[BuktiDukung]]:
    """A row factory whose n-th row (0-based) fails to save, and the rows it made."""
    dibuat: list[BuktiDukung] = []
    disimpan: list[BuktiDukung] = []

    def baru() -> BuktiDukung:
        row, n = _row(), len(dibuat)

        def save() -> None:
            if n == gagal_pada:
                raise OSError("disk penuh")
            disimpan.append(row)

        row.save = save  # type: ignore[method-assign]
        dibuat.append(row)
        return row

    return baru, disimpan


def test_simpan_lampiran_stores_each_checked_attachment_once(tmp_path, monkeypatch):
    asli, diperiksa = berkas._isi_cocok, []
    monkeypatch.setattr(berkas, "_isi_cocok", lambda *a: diperiksa.append(a[0]) or asli(*a))
    lampiran = [
        berkas.periksa_lampiran(upload("a.pdf", pdf_bytes())),
        berkas.periksa_lampiran(upload("b.png", png_bytes())),
        berkas.periksa_lampiran(None, "https://example.com/c"),
    ]
    baru, disimpan = _baris_baru()
    berkas.simpan_lampiran(baru, lampiran)
    assert [r.nama_berkas or r.tautan for r in disimpan] == [
        "a.pdf",
        "b.png",
        "https://example.com/c",
    ]
    assert sorted(_files(tmp_path)) == sorted(r.berkas.name for r in disimpan[:2])
    assert diperiksa == ["pdf", "png"]  # each content read once, when checked


def test_simpan_lampiran_deletes_the_files_stored_before_a_failure(tmp_path):
    lampiran = [
        berkas.periksa_lampiran(upload("a.pdf", pdf_bytes())),
        berkas.periksa_lampiran(upload("b.png", png_bytes())),
    ]
    baru, disimpan = _baris_baru(gagal_pada=1)
    with pytest.raises(OSError, match="disk penuh"):
        berkas.simpan_lampiran(baru, lampiran)
    assert len(disimpan) == 1 and _files(tmp_path) == []
