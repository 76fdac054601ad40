from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

ADMIN_NIP = "197001011995031002"
PEMOHON_NIP = "198801012012122001"


def pdf(
    nama: str = "surat.pdf", isi: bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def isian(**ubah: Any) -> dict[str, Any]:
    data = {
        "nama": "Pemerintah Kabupaten Kapuas",
        "jenis": "daerah",
        "zona_waktu": "Asia/Jakarta",
        "kode_usulan": "",
        "pemohon_nama": "Dr. Bupati Pembina",
        "pemohon_jabatan": "ppk",
        "pemohon_nip": "",
        "pemohon_email": "ppk@kapuaskab.go.id",
        "admin_nip": ADMIN_NIP,
        "admin_nama": "Siti Admin",
        "admin_email": "admin@kapuaskab.go.id",
    }
    data.update(ubah)
    return data


def ajukan(**ubah: Any) -> Any:
    """A submitted application, through the service."""
    from kinerja.pendaftaran.services import ajukan_permohonan

    return ajukan_permohonan(isian(**ubah), pdf())


def baris(**ubah: Any) -> Any:
    """An application row with its letter, written directly: no audit event, no e-mail (for
    the access matrix, which counts the writes around each request)."""
    from django.core.files.base import ContentFile

    from kinerja.pendaftaran.models import PermohonanInstansi, normalisasi_nama

    data = isian(**ubah)
    p = PermohonanInstansi(
        nomor=data.pop("nomor", "PI-2026-UJI234"),
        nama_normal=normalisasi_nama(data["nama"]),
        nama_berkas="surat.pdf",
        jenis_berkas="application/pdf",
        ukuran_berkas=len(pdf().read()),
        **data,
    )
    p.berkas.save("surat.pdf", ContentFile(pdf().read()), save=True)
    return p
