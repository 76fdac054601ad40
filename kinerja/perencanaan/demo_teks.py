"""Texts of the demo SKPs: the Sekda's Perjanjian Kinerja and RHK/IKI per kind of unit and level.

Each template is an RHK with its IKI (kuantitatif: aspek, target range, satuan). "{unit}" is
replaced by the pegawai's unit name. A kind of unit (tema) lists templates per level: "jpt"
(kepala OPD, asisten), "administrator" (sekretaris, kepala bidang, camat), "pengawas" (kepala
subbagian/seksi/UPT, lurah) and "staf" (pelaksana and fungsional); a missing level falls back to
the "umum" tema.
"""

from dataclasses import dataclass

KN, KL, WK, BY = "Kuantitas", "Kualitas", "Waktu", "Biaya"


@dataclass(frozen=True)
class Iki:
    indikator: str
    aspek: str
    target_min: str
    target_max: str
    satuan: str


@dataclass(frozen=True)
class Rhk:
    teks: str
    iki: tuple[Iki, ...]
    perspektif: str = ""  # JPT only
    induk: int = -1  # JPT only: which RHK of the Sekda's Perjanjian Kinerja it supports


def rhk(
    teks: str, *iki: tuple[str, str, str, str, str], perspektif: str = "", induk: int = -1
) -> Rhk:
    return Rhk(teks, tuple(Iki(*i) for i in iki), perspektif, induk)


PL, PB, PI, AG = "Penerima Layanan", "Proses Bisnis", "Penguatan Internal", "Anggaran"

# The Sekda's RHK: the sasaran of the Perjanjian Kinerja signed with the Wali Kota.
SEKDA: tuple[Rhk, ...] = (
    rhk(
        "Meningkatnya kualitas tata kelola pemerintahan daerah yang akuntabel",
        ("Nilai Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)", KL, "72", "75", "Nilai"),
        ("Indeks Reformasi Birokrasi", KL, "68", "70", "Indeks"),
        ("Opini BPK atas Laporan Keuangan Pemerintah Daerah", KL, "1", "1", "Opini WTP"),
        perspektif=PB,
    ),
    rhk(
        "Meningkatnya kualitas pelayanan publik",
        ("Indeks Kepuasan Masyarakat", KL, "82", "85", "Indeks"),
        (
            "Persentase perangkat daerah dengan kepatuhan pelayanan publik zona hijau",
            KL,
            "90",
            "100",
            "%",
        ),
        perspektif=PL,
    ),
    rhk(
        "Meningkatnya kualitas sumber daya manusia",
        ("Indeks Pembangunan Manusia", KL, "76.5", "77", "Indeks"),
        ("Rata-rata lama sekolah", KL, "10.2", "10.4", "Tahun"),
        ("Usia harapan hidup", KL, "73.5", "73.8", "Tahun"),
        perspektif=PL,
    ),
    rhk(
        "Meningkatnya kualitas pengelolaan keuangan daerah",
        ("Persentase realisasi pendapatan asli daerah terhadap target", KN, "95", "100", "%"),
        ("Persentase realisasi belanja daerah", KN, "90", "95", "%"),
        perspektif=AG,
    ),
    rhk(
        "Meningkatnya profesionalitas aparatur sipil negara",
        ("Indeks Profesionalitas ASN", KL, "75", "80", "Indeks"),
        ("Nilai Sistem Merit", KL, "300", "325", "Nilai"),
        perspektif=PI,
    ),
    rhk(
        "Meningkatnya kualitas infrastruktur, lingkungan hidup dan ketenteraman kota",
        ("Persentase jalan kota dalam kondisi mantap", KN, "85", "90", "%"),
        ("Indeks Kualitas Lingkungan Hidup", KL, "65", "68", "Indeks"),
        ("Persentase penegakan Peraturan Daerah yang ditindaklanjuti", KN, "90", "100", "%"),
        perspektif=PL,
    ),
)
TATA_KELOLA, LAYANAN, SDM, KEUANGAN, ASN, KOTA = range(6)

# A JPT's governance sasaran, shared by every OPD's Perjanjian Kinerja.
AKUNTABILITAS = rhk(
    "Meningkatnya akuntabilitas kinerja dan keuangan {unit}",
    ("Nilai evaluasi SAKIP perangkat daerah", KL, "70", "75", "Nilai"),
    ("Persentase realisasi anggaran", KN, "90", "95", "%"),
    perspektif=PI,
    induk=TATA_KELOLA,
)

TAMBAHAN: tuple[Rhk, ...] = (
    rhk(
        "Terlaksananya tugas sebagai anggota tim penyusun Laporan Kinerja Instansi Pemerintah",
        ("Jumlah bahan LKjIP yang disusun", KN, "1", "1", "Dokumen"),
        ("Bahan disampaikan sebelum batas waktu", WK, "2", "2", "Bulan"),
    ),
    rhk(
        "Terlaksananya tugas sebagai panitia pengadaan barang/jasa lingkup {unit}",
        ("Jumlah paket pengadaan yang didampingi", KN, "3", "5", "Paket"),
    ),
    rhk(
        "Terlaksananya tugas sebagai pengelola Zona Integritas {unit}",
        ("Jumlah dokumen pembangunan Zona Integritas yang disusun", KN, "2", "4", "Dokumen"),
        ("Persentase rencana aksi Zona Integritas yang terlaksana", KL, "90", "100", "%"),
    ),
    rhk(
        "Terlaksananya tugas sebagai narasumber atau fasilitator kegiatan peningkatan kompetensi",
        ("Jumlah kegiatan yang diisi sebagai narasumber", KN, "2", "4", "Kegiatan"),
    ),
)

TEMA: dict[str, dict[str, tuple[Rhk, ...]]] = {
    "umum": {
        "jpt": (
            rhk(
                "Meningkatnya kualitas layanan {unit} kepada masyarakat dan perangkat daerah",
                ("Indeks Kepuasan Masyarakat atas layanan {unit}", KL, "80", "85", "Indeks"),
                (
                    "Persentase layanan yang diselesaikan sesuai standar pelayanan",
                    KN,
                    "90",
                    "100",
                    "%",
                ),
                perspektif=PL,
                induk=LAYANAN,
            ),
            AKUNTABILITAS,
            rhk(
                "Meningkatnya kualitas perumusan dan pelaksanaan kebijakan lingkup {unit}",
                ("Persentase rekomendasi kebijakan yang ditindaklanjuti", KL, "80", "90", "%"),
                perspektif=PB,
                induk=TATA_KELOLA,
            ),
        ),
        "administrator": (
            rhk(
                "Terselenggaranya program dan kegiatan {unit} sesuai rencana kerja",
                ("Persentase kegiatan yang terlaksana sesuai rencana", KN, "90", "100", "%"),
                ("Persentase realisasi anggaran kegiatan", KN, "90", "95", "%"),
            ),
            rhk(
                "Meningkatnya kualitas layanan administrasi {unit}",
                ("Persentase layanan administrasi yang selesai tepat waktu", WK, "90", "100", "%"),
                ("Jumlah inovasi layanan yang diterapkan", KN, "1", "2", "Inovasi"),
            ),
            rhk(
                "Tersusunnya laporan kinerja dan evaluasi {unit}",
                ("Jumlah laporan kinerja triwulanan", KN, "4", "4", "Laporan"),
                (
                    "Laporan disampaikan paling lambat tanggal 10 bulan berikutnya",
                    WK,
                    "4",
                    "4",
                    "Triwulan",
                ),
            ),
        ),
        "pengawas": (
            rhk(
                "Terlaksananya kegiatan {unit} sesuai jadwal",
                ("Persentase kegiatan yang terlaksana sesuai jadwal", WK, "90", "100", "%"),
                ("Jumlah laporan pelaksanaan kegiatan", KN, "12", "12", "Laporan"),
            ),
            rhk(
                "Tertibnya penatausahaan administrasi {unit}",
                (
                    "Persentase dokumen yang diarsipkan sesuai tata naskah dinas",
                    KL,
                    "95",
                    "100",
                    "%",
                ),
                ("Jumlah naskah dinas yang diproses", KN, "200", "300", "Naskah"),
            ),
            rhk(
                "Tersusunnya bahan kebijakan teknis {unit}",
                ("Jumlah bahan kebijakan teknis yang disusun", KN, "2", "4", "Dokumen"),
                ("Bahan kebijakan diterima pimpinan tanpa revisi mayor", KL, "80", "100", "%"),
            ),
        ),
        "staf": (
            rhk(
                "Terkelolanya surat masuk dan surat keluar {unit}",
                ("Jumlah surat yang diagendakan dan didistribusikan", KN, "300", "400", "Surat"),
                ("Surat didistribusikan paling lambat 1 hari kerja", WK, "1", "1", "Hari"),
            ),
            rhk(
                "Tersusunnya laporan bulanan kegiatan {unit}",
                ("Jumlah laporan bulanan yang disusun", KN, "12", "12", "Laporan"),
                ("Laporan diterima atasan paling lambat tanggal 5", WK, "12", "12", "Bulan"),
            ),
            rhk(
                "Terlaksananya pengelolaan data dan informasi {unit}",
                ("Jumlah data yang dimutakhirkan pada sistem informasi", KN, "10", "12", "Dataset"),
                ("Persentase data yang valid saat diverifikasi", KL, "95", "100", "%"),
            ),
            rhk(
                "Terfasilitasinya rapat dan kegiatan {unit}",
                ("Jumlah rapat yang difasilitasi", KN, "20", "30", "Kegiatan"),
                ("Notulen rapat tersusun paling lambat 2 hari kerja", WK, "2", "2", "Hari"),
            ),
            rhk(
                "Tersusunnya kajian teknis bidang tugas {unit}",
                ("Jumlah kajian teknis yang disusun", KN, "2", "3", "Kajian"),
                ("Kajian memuat rekomendasi yang dapat dilaksanakan", KL, "80", "100", "%"),
            ),
        ),
    },
    "pendidikan": {
        "jpt": (
            rhk(
                "Meningkatnya akses dan mutu pendidikan dasar",
                ("Angka Partisipasi Murni SD/MI", KN, "98", "99", "%"),
                ("Angka Partisipasi Murni SMP/MTs", KN, "85", "88", "%"),
                ("Persentase sekolah terakreditasi minimal B", KL, "90", "95", "%"),
                perspektif=PL,
                induk=SDM,
            ),
            rhk(
                "Meningkatnya kualitas pendidik dan tenaga kependidikan",
                ("Persentase guru bersertifikat pendidik", KL, "85", "90", "%"),
                (
                    "Rata-rata nilai Rapor Pendidikan aspek kualitas pembelajaran",
                    KL,
                    "60",
                    "65",
                    "Nilai",
                ),
                perspektif=PI,
                induk=SDM,
            ),
            AKUNTABILITAS,
        ),
        "administrator": (
            rhk(
                "Meningkatnya mutu pembelajaran pada satuan pendidikan binaan",
                (
                    "Persentase satuan pendidikan dengan capaian literasi minimal baik",
                    KL,
                    "70",
                    "75",
                    "%",
                ),
                (
                    "Jumlah satuan pendidikan yang didampingi perencanaan berbasis data",
                    KN,
                    "40",
                    "60",
                    "Sekolah",
                ),
            ),
            rhk(
                "Terpenuhinya sarana dan prasarana satuan pendidikan sesuai standar",
                ("Jumlah ruang kelas yang direhabilitasi", KN, "20", "30", "Ruang"),
                ("Persentase sekolah yang memenuhi standar sarana prasarana", KL, "75", "80", "%"),
            ),
            rhk(
                "Terlaksananya pengembangan kompetensi pendidik",
                ("Jumlah guru yang mengikuti pelatihan", KN, "300", "400", "Orang"),
                ("Persentase peserta yang lulus evaluasi pelatihan", KL, "85", "95", "%"),
            ),
        ),
        "pengawas": (
            rhk(
                "Terlaksananya verifikasi data pokok pendidikan sekolah binaan",
                ("Jumlah sekolah yang datanya diverifikasi", KN, "40", "60", "Sekolah"),
                ("Persentase data Dapodik yang valid", KL, "95", "100", "%"),
            ),
            rhk(
                "Tersusunnya rencana kebutuhan guru dan tenaga kependidikan",
                ("Jumlah dokumen analisis kebutuhan guru", KN, "1", "1", "Dokumen"),
                ("Dokumen selesai sebelum penyusunan anggaran", WK, "6", "6", "Bulan"),
            ),
            rhk(
                "Terlaksananya penyaluran bantuan operasional satuan pendidikan",
                ("Jumlah sekolah penerima yang diverifikasi", KN, "40", "60", "Sekolah"),
                ("Persentase laporan penggunaan dana yang tepat waktu", WK, "90", "100", "%"),
            ),
        ),
        "staf": (
            rhk(
                "Termutakhirkannya data peserta didik dan pendidik pada Dapodik",
                ("Jumlah sekolah yang datanya dimutakhirkan", KN, "20", "30", "Sekolah"),
                ("Data sinkron sebelum tanggal cut off", WK, "2", "2", "Semester"),
            ),
            rhk(
                "Terverifikasinya usulan tunjangan profesi guru",
                ("Jumlah berkas usulan yang diverifikasi", KN, "150", "250", "Berkas"),
                ("Persentase berkas yang diverifikasi tanpa kesalahan", KL, "95", "100", "%"),
            ),
            rhk(
                "Tersusunnya laporan pelaksanaan kegiatan pembinaan sekolah",
                ("Jumlah laporan kegiatan", KN, "12", "12", "Laporan"),
            ),
            rhk(
                "Terlayaninya permohonan legalisasi dan mutasi peserta didik",
                ("Jumlah permohonan yang dilayani", KN, "200", "300", "Permohonan"),
                ("Permohonan selesai paling lama 3 hari kerja", WK, "3", "3", "Hari"),
            ),
        ),
    },
    "sekolah": {
        "pengawas": (
            rhk(
                "Meningkatnya mutu pembelajaran di {unit}",
                ("Persentase murid dengan capaian literasi minimal kompeten", KL, "70", "80", "%"),
                ("Persentase murid dengan capaian numerasi minimal kompeten", KL, "65", "75", "%"),
            ),
            rhk(
                "Terlaksananya supervisi akademik guru di {unit}",
                ("Jumlah guru yang disupervisi", KN, "15", "25", "Orang"),
                ("Supervisi dilakukan dua kali setahun", WK, "2", "2", "Semester"),
            ),
            rhk(
                "Terkelolanya dana BOSP {unit} secara akuntabel",
                ("Persentase realisasi dana BOSP", BY, "95", "100", "%"),
                ("Laporan penggunaan dana tepat waktu", WK, "2", "2", "Semester"),
            ),
        ),
        "staf": (
            rhk(
                "Terlaksananya pembelajaran sesuai kurikulum merdeka",
                ("Jumlah jam tatap muka per minggu", KN, "24", "24", "Jam"),
                ("Jumlah modul ajar yang disusun", KN, "8", "10", "Modul"),
            ),
            rhk(
                "Terlaksananya asesmen dan evaluasi hasil belajar murid",
                ("Jumlah rapor murid yang diselesaikan", KN, "28", "32", "Rapor"),
                ("Nilai rapor diserahkan sesuai kalender pendidikan", WK, "2", "2", "Semester"),
            ),
            rhk(
                "Terlaksananya bimbingan dan pendampingan murid",
                ("Persentase murid dengan ketuntasan belajar", KL, "85", "95", "%"),
                (
                    "Jumlah kegiatan projek penguatan profil pelajar Pancasila",
                    KN,
                    "2",
                    "3",
                    "Projek",
                ),
            ),
            rhk(
                "Terlaksananya pengembangan keprofesian berkelanjutan",
                ("Jumlah pelatihan atau komunitas belajar yang diikuti", KN, "2", "4", "Kegiatan"),
            ),
        ),
    },
    "kesehatan": {
        "jpt": (
            rhk(
                "Meningkatnya derajat kesehatan masyarakat",
                (
                    "Angka kematian ibu per 100.000 kelahiran hidup",
                    KL,
                    "70",
                    "80",
                    "Per 100.000 KH",
                ),
                ("Prevalensi stunting pada balita", KL, "12", "14", "%"),
                perspektif=PL,
                induk=SDM,
            ),
            rhk(
                "Meningkatnya mutu pelayanan kesehatan dasar",
                ("Persentase puskesmas terakreditasi paripurna", KL, "50", "60", "%"),
                ("Persentase penduduk terdaftar Jaminan Kesehatan Nasional", KN, "98", "100", "%"),
                perspektif=PL,
                induk=LAYANAN,
            ),
            AKUNTABILITAS,
        ),
        "administrator": (
            rhk(
                "Meningkatnya cakupan pelayanan kesehatan ibu, anak dan gizi",
                ("Cakupan kunjungan ibu hamil K6", KN, "90", "95", "%"),
                ("Persentase balita yang ditimbang di posyandu", KN, "85", "90", "%"),
            ),
            rhk(
                "Terkendalinya penyakit menular dan tidak menular",
                ("Cakupan imunisasi dasar lengkap", KN, "95", "98", "%"),
                (
                    "Persentase penderita hipertensi yang mendapat pelayanan sesuai standar",
                    KN,
                    "80",
                    "90",
                    "%",
                ),
            ),
            rhk(
                "Meningkatnya mutu fasilitas pelayanan kesehatan",
                (
                    "Jumlah fasilitas kesehatan yang dibina mutu layanannya",
                    KN,
                    "10",
                    "15",
                    "Fasyankes",
                ),
                ("Persentase ketersediaan obat esensial di puskesmas", KN, "90", "95", "%"),
            ),
        ),
        "pengawas": (
            rhk(
                "Terlaksananya surveilans dan respon kejadian luar biasa",
                ("Persentase laporan surveilans mingguan yang tepat waktu", WK, "90", "100", "%"),
                ("Persentase sinyal kewaspadaan dini yang direspon < 24 jam", WK, "90", "100", "%"),
            ),
            rhk(
                "Terlaksananya pembinaan posyandu dan kesehatan keluarga",
                ("Jumlah posyandu yang dibina", KN, "40", "60", "Posyandu"),
                ("Jumlah kegiatan orientasi kader", KN, "4", "6", "Kegiatan"),
            ),
            rhk(
                "Terkelolanya distribusi obat dan perbekalan kesehatan",
                ("Jumlah laporan ketersediaan obat", KN, "12", "12", "Laporan"),
                ("Persentase permintaan obat yang dipenuhi", KN, "90", "100", "%"),
            ),
        ),
        "staf": (
            rhk(
                "Tersusunnya laporan program kesehatan bulanan",
                ("Jumlah laporan program yang direkap", KN, "12", "12", "Laporan"),
                ("Laporan diunggah ke aplikasi paling lambat tanggal 10", WK, "12", "12", "Bulan"),
            ),
            rhk(
                "Terverifikasinya data sasaran program kesehatan",
                ("Jumlah data sasaran yang diverifikasi", KN, "1000", "1500", "Data"),
                ("Persentase data sasaran yang valid", KL, "95", "100", "%"),
            ),
            rhk(
                "Terlaksananya penyuluhan kesehatan masyarakat",
                ("Jumlah kegiatan penyuluhan", KN, "12", "24", "Kegiatan"),
            ),
        ),
    },
    "puskesmas": {
        "pengawas": (
            rhk(
                "Meningkatnya mutu pelayanan kesehatan di {unit}",
                ("Indeks kepuasan pasien", KL, "82", "88", "Indeks"),
                ("Persentase indikator mutu nasional yang tercapai", KL, "80", "90", "%"),
            ),
            rhk(
                "Tercapainya standar pelayanan minimal bidang kesehatan di wilayah {unit}",
                ("Persentase capaian SPM kesehatan", KN, "90", "100", "%"),
                ("Jumlah lokakarya mini lintas sektor", KN, "4", "4", "Kegiatan"),
            ),
            rhk(
                "Terkelolanya keuangan BLUD {unit} secara akuntabel",
                ("Persentase realisasi pendapatan BLUD", BY, "90", "100", "%"),
            ),
        ),
        "staf": (
            rhk(
                "Terlaksananya pelayanan kesehatan kepada pasien sesuai standar",
                ("Jumlah pasien yang dilayani", KN, "1500", "2500", "Pasien"),
                ("Persentase rekam medis yang lengkap", KL, "95", "100", "%"),
            ),
            rhk(
                "Terlaksananya kegiatan upaya kesehatan masyarakat di wilayah kerja",
                ("Jumlah kunjungan posyandu atau rumah", KN, "48", "60", "Kunjungan"),
                ("Laporan kegiatan tersusun setiap bulan", WK, "12", "12", "Bulan"),
            ),
            rhk(
                "Terlaksananya pelayanan kesehatan ibu, anak dan imunisasi",
                ("Jumlah sasaran yang dilayani", KN, "200", "300", "Orang"),
                ("Cakupan sasaran sesuai target puskesmas", KN, "90", "100", "%"),
            ),
            rhk(
                "Terkelolanya obat dan bahan medis habis pakai",
                ("Jumlah laporan pemakaian dan lembar permintaan obat", KN, "12", "12", "Laporan"),
                ("Persentase obat kedaluwarsa", KL, "0", "2", "%"),
            ),
        ),
    },
    "keuangan": {
        "jpt": (
            rhk(
                "Meningkatnya kualitas pengelolaan keuangan dan aset daerah",
                ("Opini BPK atas Laporan Keuangan Pemerintah Daerah", KL, "1", "1", "Opini WTP"),
                ("Persentase aset daerah yang bersertifikat", KN, "70", "80", "%"),
                perspektif=AG,
                induk=KEUANGAN,
            ),
            rhk(
                "Meningkatnya ketepatan waktu penyusunan dan pelaksanaan APBD",
                ("Ketepatan penetapan Perda APBD", WK, "1", "1", "Tepat waktu"),
                ("Persentase realisasi belanja daerah", KN, "90", "95", "%"),
                perspektif=AG,
                induk=KEUANGAN,
            ),
            AKUNTABILITAS,
        ),
        "administrator": (
            rhk(
                "Tersusunnya APBD dan perubahan APBD tepat waktu",
                ("Jumlah dokumen anggaran yang ditetapkan", KN, "2", "2", "Dokumen"),
                ("Dokumen ditetapkan sesuai jadwal", WK, "2", "2", "Dokumen"),
            ),
            rhk(
                "Terlaksananya penatausahaan belanja dan kas daerah",
                ("Persentase SP2D yang terbit paling lama 2 hari kerja", WK, "95", "100", "%"),
                ("Jumlah rekonsiliasi kas bulanan", KN, "12", "12", "Laporan"),
            ),
            rhk(
                "Tersusunnya laporan keuangan pemerintah daerah",
                ("Jumlah laporan keuangan yang disusun", KN, "2", "2", "Laporan"),
                ("Jumlah temuan BPK yang ditindaklanjuti", KL, "90", "100", "%"),
            ),
        ),
        "pengawas": (
            rhk(
                "Terverifikasinya dokumen pelaksanaan anggaran perangkat daerah",
                ("Jumlah DPA yang diverifikasi", KN, "40", "50", "Dokumen"),
                ("Verifikasi selesai paling lama 5 hari kerja", WK, "5", "5", "Hari"),
            ),
            rhk(
                "Terkelolanya penerbitan SP2D",
                ("Jumlah SP2D yang diterbitkan", KN, "3000", "4000", "SP2D"),
                ("Persentase SP2D tanpa koreksi", KL, "98", "100", "%"),
            ),
            rhk(
                "Terlaksananya inventarisasi barang milik daerah",
                (
                    "Jumlah perangkat daerah yang diinventarisasi",
                    KN,
                    "20",
                    "30",
                    "Perangkat daerah",
                ),
            ),
        ),
        "staf": (
            rhk(
                "Terverifikasinya surat permintaan pembayaran",
                ("Jumlah SPP/SPM yang diverifikasi", KN, "500", "800", "Berkas"),
                ("Berkas diverifikasi paling lama 1 hari kerja", WK, "1", "1", "Hari"),
            ),
            rhk(
                "Tersusunnya laporan realisasi anggaran bulanan",
                ("Jumlah laporan realisasi", KN, "12", "12", "Laporan"),
                ("Selisih saldo saat rekonsiliasi", KL, "0", "0", "Rupiah"),
            ),
            rhk(
                "Termutakhirkannya data barang milik daerah",
                ("Jumlah kartu inventaris barang yang dimutakhirkan", KN, "200", "400", "Kartu"),
            ),
            rhk(
                "Terkelolanya administrasi keuangan {unit}",
                ("Jumlah dokumen pertanggungjawaban yang diarsipkan", KN, "100", "200", "Dokumen"),
                ("Laporan pertanggungjawaban bendahara tepat waktu", WK, "12", "12", "Bulan"),
            ),
        ),
    },
    "kepegawaian": {
        "jpt": (
            rhk(
                "Meningkatnya profesionalitas dan kinerja ASN",
                ("Indeks Profesionalitas ASN", KL, "75", "80", "Indeks"),
                ("Persentase ASN dengan predikat kinerja minimal Baik", KL, "90", "95", "%"),
                perspektif=PI,
                induk=ASN,
            ),
            rhk(
                "Meningkatnya penerapan sistem merit dalam manajemen ASN",
                ("Nilai Sistem Merit", KL, "300", "325", "Nilai"),
                (
                    "Persentase jabatan yang diisi melalui seleksi terbuka atau talenta",
                    KN,
                    "80",
                    "100",
                    "%",
                ),
                perspektif=PB,
                induk=ASN,
            ),
            AKUNTABILITAS,
        ),
        "administrator": (
            rhk(
                "Terlaksananya penilaian kinerja ASN secara objektif dan tepat waktu",
                ("Persentase SKP yang disetujui sebelum akhir Januari", WK, "90", "100", "%"),
                ("Persentase evaluasi kinerja tahunan yang ditetapkan", KN, "95", "100", "%"),
            ),
            rhk(
                "Terlaksananya pengembangan kompetensi ASN",
                (
                    "Persentase ASN yang memperoleh 20 JP pengembangan kompetensi",
                    KN,
                    "80",
                    "90",
                    "%",
                ),
            ),
            rhk(
                "Terkelolanya mutasi, promosi dan informasi kepegawaian",
                (
                    "Persentase usulan kenaikan pangkat yang diproses tepat waktu",
                    WK,
                    "95",
                    "100",
                    "%",
                ),
                ("Persentase data ASN yang mutakhir di SIASN", KL, "95", "100", "%"),
            ),
        ),
        "pengawas": (
            rhk(
                "Terlaksananya administrasi kepegawaian {unit}",
                ("Jumlah usulan kepegawaian yang diproses", KN, "50", "100", "Usulan"),
                ("Usulan diproses paling lama 5 hari kerja", WK, "5", "5", "Hari"),
            ),
            rhk(
                "Terlaksananya pengelolaan kinerja pegawai {unit}",
                ("Persentase pegawai yang SKP-nya disetujui", KN, "95", "100", "%"),
                ("Jumlah rekapitulasi evaluasi kinerja", KN, "4", "4", "Laporan"),
            ),
            rhk(
                "Terkelolanya urusan umum dan rumah tangga {unit}",
                ("Persentase kebutuhan sarana kerja yang terpenuhi", KN, "90", "100", "%"),
                ("Jumlah laporan pemeliharaan barang", KN, "12", "12", "Laporan"),
            ),
        ),
        "staf": (
            rhk(
                "Terverifikasinya usulan kenaikan pangkat dan gaji berkala",
                ("Jumlah berkas usulan yang diverifikasi", KN, "40", "80", "Berkas"),
                ("Berkas lengkap saat diajukan", KL, "95", "100", "%"),
            ),
            rhk(
                "Termutakhirkannya data kepegawaian pada SIASN",
                ("Jumlah data pegawai yang dimutakhirkan", KN, "100", "200", "Data"),
                ("Persentase data yang valid", KL, "95", "100", "%"),
            ),
            rhk(
                "Terkelolanya arsip kepegawaian",
                ("Jumlah berkas arsip kepegawaian yang ditata", KN, "200", "300", "Berkas"),
                ("Persentase arsip yang ditemukan kembali dalam 10 menit", KL, "95", "100", "%"),
            ),
            rhk(
                "Tersusunnya rekapitulasi kehadiran dan kinerja pegawai",
                ("Jumlah rekapitulasi bulanan", KN, "12", "12", "Laporan"),
                ("Rekapitulasi diserahkan paling lambat tanggal 5", WK, "12", "12", "Bulan"),
            ),
        ),
    },
    "kecamatan": {
        "administrator": (
            rhk(
                "Meningkatnya kualitas pelayanan administrasi terpadu di {unit}",
                ("Indeks Kepuasan Masyarakat atas PATEN", KL, "82", "86", "Indeks"),
                ("Persentase layanan selesai sesuai standar waktu", WK, "90", "100", "%"),
            ),
            rhk(
                "Terkoordinasinya penyelenggaraan pemerintahan dan pembangunan di wilayah {unit}",
                (
                    "Jumlah musrenbang kelurahan dan kecamatan yang difasilitasi",
                    KN,
                    "5",
                    "7",
                    "Kegiatan",
                ),
                ("Persentase usulan prioritas yang diakomodasi", KL, "40", "50", "%"),
            ),
            rhk(
                "Terjaganya ketenteraman dan ketertiban umum di wilayah {unit}",
                ("Persentase gangguan ketertiban yang ditangani", KN, "90", "100", "%"),
            ),
        ),
        "pengawas": (
            rhk(
                "Terselenggaranya pelayanan administrasi kependudukan dan umum di {unit}",
                ("Jumlah surat keterangan yang diterbitkan", KN, "400", "600", "Surat"),
                ("Surat selesai dalam 1 hari kerja", WK, "1", "1", "Hari"),
            ),
            rhk(
                "Terlaksananya pemberdayaan masyarakat di {unit}",
                ("Jumlah kegiatan pemberdayaan masyarakat", KN, "6", "10", "Kegiatan"),
                ("Persentase RT/RW yang aktif dalam kegiatan", KN, "70", "80", "%"),
            ),
            rhk(
                "Terlaksananya pembinaan ketenteraman dan ketertiban di {unit}",
                ("Jumlah patroli atau pembinaan wilayah", KN, "12", "24", "Kegiatan"),
            ),
        ),
        "staf": (
            rhk(
                "Terlayaninya permohonan surat keterangan warga",
                ("Jumlah permohonan yang dilayani", KN, "300", "500", "Permohonan"),
                ("Permohonan selesai pada hari yang sama", WK, "1", "1", "Hari"),
            ),
            rhk(
                "Termutakhirkannya data penduduk dan profil wilayah",
                ("Jumlah data RT/RW yang dimutakhirkan", KN, "20", "40", "RT"),
            ),
            rhk(
                "Terfasilitasinya kegiatan kemasyarakatan dan musyawarah warga",
                ("Jumlah kegiatan yang difasilitasi", KN, "10", "20", "Kegiatan"),
                ("Notulen kegiatan tersusun", KN, "10", "20", "Notulen"),
            ),
        ),
    },
}

# The perspektif of the Sekda's RHK are fixed above; the kepala OPD's come from their templates.
EKSPEKTASI: tuple[str, ...] = (
    "Memberikan layanan yang cepat dan ramah kepada setiap pemohon, tanpa diminta berulang kali.",
    "Menyampaikan laporan kegiatan apa adanya, termasuk kendala dan keterlambatan.",
    "Menyelesaikan sertifikasi atau pelatihan yang direncanakan tahun ini.",
    "Memelihara suasana kerja yang saling menghargai antarpegawai di unit.",
    "Menjaga data pribadi pemohon dan arsip dinas sesuai ketentuan.",
    "Mengusulkan sedikitnya satu perbaikan cara kerja yang dapat diterapkan di unit.",
    "Aktif membantu rekan kerja lintas unit dalam tim kerja yang ditugaskan.",
)

LAMPIRAN: tuple[tuple[str, str], ...] = (
    ("Dukungan Sumber Daya", "Anggaran kegiatan pada DPA {unit} Tahun Anggaran {tahun}"),
    ("Dukungan Sumber Daya", "Sarana kerja: komputer, akses aplikasi dan jaringan internet kantor"),
    ("Skema Pertanggungjawaban", "Laporan capaian kinerja bulanan kepada pejabat penilai"),
    ("Konsekuensi", "Capaian di bawah ekspektasi menjadi bahan pembinaan dan rencana pengembangan"),
)

CATATAN_PENGEMBALIAN = (
    "Target IKI belum selaras dengan target seksi; sesuaikan jumlah laporan dan batas waktunya."
)
