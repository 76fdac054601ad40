"""Onboarding demo data: one application waiting for the Admin Nasional's review, from a
fictitious regency, with a real (WeasyPrint) request letter. Idempotent."""

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.pendaftaran.models import PermohonanInstansi, normalisasi_nama
from kinerja.pendaftaran.services import ajukan_permohonan

NAMA = "Pemerintah Kabupaten Sukamakmur"

SURAT = """<html><body style="font-family: serif; margin: 2cm">
<p style="text-align:center"><strong>PEMERINTAH KABUPATEN SUKAMAKMUR</strong><br>
Jalan Merdeka No. 1, Sukamakmur</p><hr>
<p>Nomor: 800/123/BKPSDM/2026<br>Perihal: Permohonan penggunaan aplikasi Kinerja</p>
<p>Dengan hormat, sesuai SE Kepala BKN Nomor 11 Tahun 2023 huruf 5.b, kami mengajukan
permohonan penggunaan aplikasi pengelolaan kinerja pegawai ASN dan menunjuk
Sdr. Rina Kartika, NIP 199103152015032002, sebagai admin aplikasi pada instansi kami.</p>
<p>Bupati Sukamakmur,<br><br><br>(data demo, tanpa tanda tangan)</p>
</body></html>"""


def seed() -> PermohonanInstansi | None:
    if PermohonanInstansi.objects.filter(nama_normal=normalisasi_nama(NAMA)).exists():
        return None
    from weasyprint import HTML

    surat = SimpleUploadedFile(
        "surat-permohonan-sukamakmur.pdf",
        HTML(string=SURAT).write_pdf(),
        content_type="application/pdf",
    )
    return ajukan_permohonan(
        {
            "nama": NAMA,
            "jenis": "daerah",
            "zona_waktu": "Asia/Jakarta",
            "kode_usulan": "SKMKR",
            "pemohon_nama": "Drs. H. Bupati Sukamakmur",
            "pemohon_jabatan": "ppk",
            "pemohon_nip": "",
            "pemohon_email": "bupati@sukamakmur.example",
            "admin_nip": "199103152015032002",
            "admin_nama": "Rina Kartika",
            "admin_email": "rina.kartika@sukamakmur.example",
        },
        surat,
    )
