"""Uploaded evidence (bukti dukung, bukti aktivitas, lampiran briefing): checked by content,
stored through Django's storage API, served only by views that checked access first.

The type comes from the file's first bytes (and, for ZIP/OLE containers, their inside), never
from the name or the browser's Content-Type; the name's extension must agree with the content
("laporan.pdf" holding a PNG is refused), so what the reader downloads is what it says.
"""

import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.http import FileResponse

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


def _isi_cocok(ext: str, head: bytes, data: Any) -> bool:
    """Does the content match what the extension says?"""
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if ext in ("doc", "xls", "ppt"):
        return head.startswith(OLE)
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
            if ext in OOXML_DIR:
                return "[Content_Types].xml" in names and any(
                    n.startswith(OOXML_DIR[ext]) for n in names
                )
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            return mimetype == JENIS[ext][0]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        data.seek(0)


def _jenis_isi(head: bytes) -> str:
    """A short description of what the content looks like, for the refusal message."""
    for ext in ("pdf", "png", "jpg", "gif", "webp"):
        if _isi_cocok(ext, head, io.BytesIO(head)):
            return JENIS[ext][1]
    if head.startswith(b"PK\x03\x04"):
        return "arsip ZIP"
    if head.startswith(b"MZ"):
        return "program Windows"
    return "jenis yang tidak dikenali"


def periksa_berkas(upload: UploadedFile) -> tuple[str, str]:
    """(content type, clean name) of an acceptable upload, or DomainError saying why not."""
    nama = (upload.name or "berkas").replace("\\", "/").rsplit("/", 1)[-1][:200]
    batas = settings.BERKAS_MAX_BYTES
    if upload.size is None or upload.size > batas:
        raise DomainError(
            f"Berkas {nama} terlalu besar ({_mb(upload.size or 0)}); ukuran maksimum {_mb(batas)}."
        )
    if upload.size == 0:
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
            f"(isinya {_jenis_isi(head)}). Unggah berkas aslinya."
        )
    return JENIS[ext][0], nama


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def periksa_tautan(tautan: str) -> str:
    tautan = (tautan or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(tautan)
    except ValidationError:
        raise DomainError(
            "Tautan harus alamat web lengkap yang diawali http:// atau https://."
        ) from None
    return tautan


def lampirkan(obj: Any, upload: UploadedFile | None, tautan: str = "") -> None:
    """Put a checked file or link on a BerkasMixin row (saved by the caller, in its
    transaction). At least one of them is required."""
    if upload is None and not (tautan or "").strip():
        raise DomainError("Unggah berkas atau isi tautan bukti.")
    if tautan and tautan.strip():
        obj.tautan = periksa_tautan(tautan)
    if upload is not None:
        jenis, nama = periksa_berkas(upload)
        obj.berkas.save(nama, upload, save=False)
        obj.nama_berkas, obj.jenis_berkas, obj.ukuran_berkas = nama, jenis, upload.size


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
    inline = obj.jenis_berkas in INLINE
    response = FileResponse(
        obj.berkas.open("rb"),
        as_attachment=not inline,
        filename=obj.nama_berkas or "berkas",
        content_type=obj.jenis_berkas or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
