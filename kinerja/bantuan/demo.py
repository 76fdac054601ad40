"""Helpdesk demo data: a few national help articles by the Admin Nasional, one article of the
demo city, and two tickets of the demo people (one answered by the Admin Instansi, waiting for
the pegawai; one new). Written through the services, so notifications and audit follow.
Idempotent: what exists is left as it is (the national articles survive `--fresh`)."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.bantuan import services
from kinerja.bantuan.models import Artikel, BalasanTiket, LampiranTiket, Tiket
from kinerja.org import demo as org_demo

ARTIKEL_NASIONAL = (
    (
        "akun",
        "Lupa kata sandi atau akun terkunci",
        "Akun terkunci sementara setelah beberapa kali salah kata sandi; tunggu sampai waktu "
        "yang disebutkan di halaman masuk, lalu coba lagi.\n\n"
        "Bila Anda lupa kata sandi, minta Admin Instansi Anda mengatur ulang kata sandi. Anda "
        "akan diminta menggantinya saat pertama kali masuk.",
    ),
    (
        "skp",
        "SKP tidak dapat diajukan",
        "SKP dapat diajukan bila:\n"
        "- setiap Rencana Hasil Kerja memiliki paling sedikit satu indikator dengan target;\n"
        "- RHK pegawai mengintervensi RHK atasan (kecuali JPT tertinggi);\n"
        "- pejabat penilai sudah tercatat.\n\n"
        "Pesan di bagian atas halaman SKP menyebutkan bagian yang masih kurang.",
    ),
    (
        "aktivitas",
        "Realisasi tidak dapat diisi setelah batas waktu",
        "Realisasi periode hanya dapat diisi sampai batas pengisian pukul 23.59.59 waktu "
        "instansi. Bila ada alasan yang sah, Admin Instansi dapat memperpanjang batas untuk Anda, "
        "unit Anda, atau seluruh instansi.",
    ),
    (
        "dokumen",
        "Memeriksa keaslian dokumen evaluasi",
        "Setiap dokumen memuat kode QR. Pindai kode itu atau buka alamat di bawahnya untuk "
        "melihat halaman verifikasi: halaman itu menyebutkan penanda tangan dan apakah dokumen "
        "masih sama dengan yang ditandatangani.",
    ),
)


def seed() -> int:
    """Returns how many tickets were opened (0 when run again)."""
    nasional = User.objects.filter(nip=org_demo.ADMIN_NASIONAL_NIP).first()
    admin = User.objects.filter(nip=org_demo.ADMIN_INSTANSI.nip).first()
    pegawai = User.objects.filter(nip=org_demo.PEGAWAI.nip).first()
    penilai = User.objects.filter(nip=org_demo.PENILAI.nip).first()
    if nasional is None or admin is None or pegawai is None or penilai is None:
        return 0
    if not nasional.email:  # escalations reach the Admin Nasional by e-mail only
        nasional.email = "admin.nasional@kinerja.example"
        nasional.save(update_fields=["email"])
    ada = set(Artikel.objects.filter(instansi=None).values_list("judul", flat=True))
    for kategori, judul, isi in ARTIKEL_NASIONAL:
        if judul not in ada:
            services.buat_artikel(
                nasional, judul=judul, isi=isi, kategori=kategori, diterbitkan=True
            )
    if Artikel.objects.filter(instansi=admin.instansi).exists():
        return 0
    services.buat_artikel(
        admin,
        judul="Jam layanan Admin Instansi Kota Sukamaju",
        isi="Tiket dijawab pada hari kerja pukul 08.00-16.00 WIB oleh Bidang Penilaian Kinerja "
        "BKPSDM Kota Sukamaju.",
        kategori="lainnya",
        diterbitkan=True,
    )
    tiket = services.buka_tiket(
        pegawai,
        kategori="aktivitas",
        judul="Bukti dukung PDF ditolak",
        uraian="Saat mengunggah bukti dukung realisasi, berkas PDF saya ditolak. Ukurannya 14 MB.",
        halaman_asal="/kinerja/realisasi/",
    )
    balasan = services.balas(
        admin,
        tiket,
        "Batas ukuran berkas bukti dukung 10 MB. Perkecil PDF-nya (misalnya dipindai ulang "
        "dengan resolusi lebih rendah) atau unggah ke penyimpanan instansi lalu cantumkan "
        "tautannya. Kabari kami bila masih gagal.",
    )
    services.buka_tiket(
        penilai,
        kategori="penilaian",
        judul="Bawahan pindah unit di tengah triwulan",
        uraian="Satu bawahan saya mutasi ke unit lain bulan lalu. Siapa yang menilai triwulan "
        "ini: saya atau atasan barunya?",
        halaman_asal="/penilaian/",
    )
    _mundurkan(tiket, balasan)
    return 2


def _mundurkan(tiket: Tiket, balasan: BalasanTiket) -> None:
    """Seeded in one second, the answered ticket would show a 0-hour first answer in the
    reports: date it a day back, answered four hours after it was opened (demo data only)."""
    dibuka = timezone.now() - dt.timedelta(hours=26)
    dijawab = dibuka + dt.timedelta(hours=4)
    Tiket.objects.filter(pk=tiket.pk).update(
        created_at=dibuka, dijawab_at=dijawab, diperbarui_at=dijawab
    )
    BalasanTiket.objects.filter(pk=balasan.pk).update(created_at=dijawab)


def hapus(instansi_ids: list[int]) -> None:
    """Tickets and articles of these instansi (raw deletes, children first). The national
    articles stay: they belong to no instansi."""
    for model in (LampiranTiket, BalasanTiket, Tiket, Artikel):
        qs = model._default_manager.filter(instansi_id__in=instansi_ids)
        qs._raw_delete(connection.alias)
