"""Uploaded evidence (bukti dukung, bukti aktivitas, lampiran briefing): checked by content,
stored through Django's storage API, served only by views that checked access first.

The type comes from the file's first bytes (and, for ZIP/OLE containers, their inside), never
from the name or the browser's Content-Type; the name's extension must agree with the content
("laporan.pdf" holding a PNG is refused), so what the reader downloads is what it says.
"""

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.http import FileResponse, Http404

from kinerja.core.permissions import DomainError

# extension → (content type, kind as told to the user)
JENIS = {
    "pdf": ("application/pdf", "PDF"),
    "jpg": ("image/jpeg", "gambar JPEG"),
    "jpeg": ("image/jpeg", "gambar JPEG"),
    "png": ("image/png", "gambar PNG"),
    "gif": ("image/gif", "gambar GIF"),
    "webp": ("image/webp", "gambar WebP"),
    "doc": ("application/msword", "dokumen Word"),
    "xls": ("application/vnd.ms-excel", "lembar kerja Excel"),
    "ppt": ("application/vnd.ms-powerpoint", "presentasi PowerPoint"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "dokumen Word",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "presentasi PowerPoint",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "dokumen ODT"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "lembar kerja ODS"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "presentasi ODP"),
}
DITERIMA = "PDF, gambar (JPG, PNG, GIF, WebP), dokumen Office (DOC/DOCX, XLS/XLSX, PPT/PPTX) atau OpenDocument (ODT/ODS/ODP)"  # noqa: E501
INLINE = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_DIR = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF = ("odt", "ods", "odp")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TAUTAN_MAX = 500  # BerkasMixin.tautan


def _isi_cocok(ext: str, head: bytes, data: Any) -> bool:
    """Does the content match what the extension says?"""
    if ext in ("doc", "xls", "ppt"):
        return head.startswith(OLE)
    if ext in OOXML_DIR or ext in ODF:
        return _jenis_zip(head, data) == ext
    return _jenis_awal(head) == JENIS[ext][0]


def _jenis_awal(head: bytes) -> str:
    """The content type told by the first bytes alone (formats that are not containers)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def _jenis_zip(head: bytes, data: Any) -> str:
    """The extension an OOXML or OpenDocument file really has ("" for any other content).
    Only the directory and the tiny `mimetype` entry are read: a ZIP bomb costs nothing."""
    if not head.startswith(b"PK\x03\x04"):
        return ""
    try:
        data.seek(0)
        with zipfile.ZipFile(data) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for ext, folder in OOXML_DIR.items():
                    if any(n.startswith(folder) for n in names):
                        return ext
                return ""
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return ""
            mimetype = archive.read(info).decode("ascii", "replace").strip()
            return next((ext for ext in ODF if JENIS[ext][0] == mimetype), "")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return ""
    finally:
        data.seek(0)


def _jenis_isi(head: bytes, data: Any) -> str:
    """What the content really is, for the refusal message."""
    jenis = _jenis_awal(head)
    for content_type, label in JENIS.values():
        if jenis and content_type == jenis:
            return label
    container = _jenis_zip(head, data)
    if container:
        return JENIS[container][1]
    if head.startswith(OLE):
        return "dokumen Office lama (DOC/XLS/PPT)"
    if head.startswith(b"PK\x03\x04"):
        return "arsip ZIP"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "program"
    if head.startswith((b"<!", b"<html", b"<HTML", b"<?xml", b"<svg")):
        return "halaman web/teks HTML atau XML"
    return "jenis yang tidak dikenali"


def nama_bersih(nama: str | None) -> str:
    """The file's own name without any folder or control character (never used as a path)."""
    nama = CONTROL.sub("", (nama or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return nama[-200:] if len(nama) > 200 else nama or "berkas"


def periksa_berkas(upload: UploadedFile) -> tuple[str, str]:
    """(content type, clean name) of an acceptable upload, or DomainError saying why not."""
    nama = nama_bersih(upload.name)
    batas = settings.BERKAS_MAX_BYTES
    size = upload.size if upload.size is not None else _ukur(upload)
    if size > batas:
        raise DomainError(
            f"Berkas {nama} terlalu besar ({_mb(size)}); ukuran maksimum {_mb(batas)}."
        )
    if size == 0:
        raise DomainError(f"Berkas {nama} kosong.")
    ext = nama.rsplit(".", 1)[-1].lower() if "." in nama else ""
    if ext not in JENIS:
        raise DomainError(f"Jenis berkas {nama} tidak diterima. Yang diterima: {DITERIMA}.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _isi_cocok(ext, head, upload):
        raise DomainError(
            f"Isi berkas {nama} bukan {JENIS[ext][1]} seperti namanya "
            f"(isinya {_jenis_isi(head, upload)}). Unggah berkas aslinya."
        )
    return JENIS[ext][0], nama


def _ukur(upload: UploadedFile) -> int:
    upload.seek(0, 2)
    size = int(upload.tell())
    upload.seek(0)
    return size


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def periksa_tautan(tautan: str) -> str:
    """A complete http(s) address (no javascript:, data:, file: …) that fits the column."""
    tautan = (tautan or "").strip()
    if len(tautan) > TAUTAN_MAX:
        raise DomainError(f"Tautan terlalu panjang (lebih dari {TAUTAN_MAX} karakter).")
    try:
        URLValidator(schemes=["http", "https"])(tautan)
    except ValidationError:
        raise DomainError(
            "Tautan harus alamat web lengkap yang diawali http:// atau https://."
        ) from None
    return tautan


@dataclass(frozen=True)
class Diperiksa:
    """A file or link that passed every check (periksa_lampiran), ready to be stored."""

    upload: UploadedFile | None
    jenis: str
    nama: str
    tautan: str


def periksa_lampiran(upload: UploadedFile | None, tautan: str = "") -> Diperiksa:
    """Check a file and/or a link (at least one is required) without storing anything."""
    if upload is None and not (tautan or "").strip():
        raise DomainError("Unggah berkas atau isi tautan bukti.")
    bersih = periksa_tautan(tautan) if tautan and tautan.strip() else ""
    jenis, nama = periksa_berkas(upload) if upload is not None else ("", "")
    return Diperiksa(upload, jenis, nama, bersih)


def pasang(obj: Any, d: Diperiksa) -> None:
    """Store a checked file or link on a BerkasMixin row (saved by the caller)."""
    if d.tautan:
        obj.tautan = d.tautan
    if d.upload is not None:
        obj.berkas.save(d.nama, d.upload, save=False)
        obj.nama_berkas, obj.jenis_berkas = d.nama, d.jenis
        obj.ukuran_berkas = d.upload.size if d.upload.size is not None else _ukur(d.upload)


def lampirkan(obj: Any, upload: UploadedFile | None, tautan: str = "") -> None:
    """Put a checked file or link on a BerkasMixin row (saved by the caller, in its
    transaction). At least one of them is required. Every check runs before the file is
    stored, so a refusal leaves nothing behind."""
    pasang(obj, periksa_lampiran(upload, tautan))


def simpan_lampiran(baris_baru: Callable[[], Any], lampiran: Sequence[Diperiksa]) -> None:
    """A new row (`baris_baru()`, a BerkasMixin) for each checked attachment, saved in the
    caller's transaction. Check them all first (periksa_lampiran), so a bad one stores
    nothing. If storing one fails, the files stored before it are deleted: their rows roll
    back with the transaction."""
    rows: list[Any] = []
    try:
        for d in lampiran:
            row = baris_baru()
            rows.append(row)
            pasang(row, d)
            row.save()
    except Exception:
        for row in rows:
            hapus_berkas_sekarang(row)
        raise


def hapus_berkas_sekarang(obj: Any) -> None:
    """Delete a file stored by `lampirkan` whose row could not be saved after all."""
    name = obj.berkas.name if obj.berkas else ""
    if name:
        obj.berkas.storage.delete(name)


def hapus_berkas_nanti(obj: Any) -> None:
    """Delete the stored file once the transaction that removed its row commits."""
    from django.db import transaction

    name = obj.berkas.name if obj.berkas else ""
    if name:
        storage = obj.berkas.storage
        transaction.on_commit(lambda: storage.delete(name))


def unduh(obj: Any) -> FileResponse:
    """Stream a stored file. Callers must have checked access to `obj` first. PDFs and images
    open in the browser (sandboxed); office files download."""
    if not obj.berkas:
        raise Http404  # a link, not a file: the page links to it directly
    try:
        stream = obj.berkas.open("rb")
    except OSError:
        raise Http404 from None  # the stored file is gone
    inline = obj.jenis_berkas in INLINE
    response = FileResponse(
        stream,
        as_attachment=not inline,
        filename=obj.nama_berkas or "berkas",
        content_type=obj.jenis_berkas or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
