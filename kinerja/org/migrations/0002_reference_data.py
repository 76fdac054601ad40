"""Reference data (domain.md §2, §6, §7): golongan PNS/PPPK, JF jenjang with koefisien, and the
BerAKHLAK values with their panduan perilaku. The data is written out here, not imported, so the
migration stays the same whatever the code becomes."""

from decimal import Decimal

from django.db import migrations

GOLONGAN_PNS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
GOLONGAN_PPPK = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
# kategori, jenjang, koefisien/tahun, AK kenaikan pangkat, AK kenaikan jenjang (None: top)
JENJANG = [
    ("Keterampilan", "Pemula", "3.75", "15", "15"),
    ("Keterampilan", "Terampil", "5", "20", "60"),
    ("Keterampilan", "Mahir", "12.5", "50", "100"),
    ("Keterampilan", "Penyelia", "25", "100", None),
    ("Keahlian", "Ahli Pertama", "12.5", "50", "100"),
    ("Keahlian", "Ahli Muda", "25", "100", "200"),
    ("Keahlian", "Ahli Madya", "37.5", "150", "450"),
    ("Keahlian", "Ahli Utama", "50", "200", None),
]
BERAKHLAK_VERSI = "SE MenPANRB 20/2021"
BERAKHLAK = [
    (
        "Berorientasi Pelayanan",
        [
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ],
    ),
    (
        "Akuntabel",
        [
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ],
    ),
    (
        "Kompeten",
        [
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ],
    ),
    (
        "Harmonis",
        [
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ],
    ),
    (
        "Loyal",
        [
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun "
            "1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
            "Menjaga rahasia jabatan dan negara",
        ],
    ),
    (
        "Adaptif",
        [
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ],
    ),
    (
        "Kolaboratif",
        [
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ],
    ),
]


def load(apps, schema_editor):
    Golongan = apps.get_model("org", "Golongan")
    JenjangFungsional = apps.get_model("org", "JenjangFungsional")
    NilaiBerakhlak = apps.get_model("org", "NilaiBerakhlak")
    PanduanPerilaku = apps.get_model("org", "PanduanPerilaku")
    for i, (kode, pangkat) in enumerate(GOLONGAN_PNS, 1):
        Golongan.objects.update_or_create(
            jenis_asn="PNS", kode=kode, defaults={"pangkat": pangkat, "urutan": i}
        )
    for i, kode in enumerate(GOLONGAN_PPPK, 1):
        Golongan.objects.update_or_create(
            jenis_asn="PPPK", kode=kode, defaults={"pangkat": "", "urutan": i}
        )
    for i, (kategori, nama, koef, ak_pangkat, ak_jenjang) in enumerate(JENJANG, 1):
        JenjangFungsional.objects.update_or_create(
            nama=nama,
            defaults={
                "kategori": kategori,
                "koefisien": Decimal(koef),
                "ak_kenaikan_pangkat": Decimal(ak_pangkat),
                "ak_kenaikan_jenjang": Decimal(ak_jenjang) if ak_jenjang else None,
                "urutan": i,
            },
        )
    for i, (nama, panduan) in enumerate(BERAKHLAK, 1):
        nilai, _ = NilaiBerakhlak.objects.update_or_create(
            versi=BERAKHLAK_VERSI, urutan=i, defaults={"nama": nama}
        )
        for j, teks in enumerate(panduan, 1):
            PanduanPerilaku.objects.update_or_create(nilai=nilai, urutan=j, defaults={"teks": teks})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
