"""Demo data: a fictitious pemkot (Pemerintah Kota Sukamaju) and a small kabupaten.

`build_plan` is pure and deterministic (a seeded RNG, no database, no clock): the same size gives
the same units, people and NIPs on every machine, and the demo accounts keep fixed NIPs at any
size. `write_plan` stores a plan with bulk inserts in batches (no per-row queries) and `seed`
ties both together idempotently.

The organisation follows a real pemda: Sekretariat Daerah with asisten and bagian, perangkat
daerah (dinas/badan) with a sekretariat and bidang, kecamatan with kelurahan, and UPT (sekolah,
puskesmas, ...) that absorb most staff as the size grows, so no unit becomes absurdly large.
"""

import datetime as dt
import itertools
import math
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count

from kinerja.accounts.models import User
from kinerja.core import audit
from kinerja.core.bulk import analyze, insert_many
from kinerja.core.models import AuditEvent
from kinerja.org.models import (
    Golongan,
    ImportBatch,
    Instansi,
    Jabatan,
    JenjangFungsional,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
    ZonaWaktu,
)
from kinerja.org.nip import PNS, PPPK, build_nip, parse_nip
from kinerja.org.services import rebuild_paths

DEMO_PASSWORD = "Kinerja#2026"  # noqa: S105 - the published demo password
DEFAULT_PEGAWAI = 300
MIN_PEGAWAI = 100
BATCH = 2000

JPT, ADMINISTRATOR, PENGAWAS = "JPT", "Administrator", "Pengawas"
PELAKSANA, FUNGSIONAL = "Pelaksana", "Fungsional"
SEKDA = "Sekda"  # a level (golongan, age), not a jenis jabatan


def _kata(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Fixed demo accounts (their NIPs never change, whatever the size) ------------------------

ADMIN_NASIONAL_NIP = "198504122009031002"
ADMIN_NASIONAL_NAMA = "Hendra Gunawan, S.Kom."


@dataclass(frozen=True)
class Tokoh:
    """A fixed person of the demo, placed in the unit with the given code."""

    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    golongan: str
    unit: str
    jabatan: str = ""  # empty: the unit's leader
    jenis: str = PELAKSANA
    jenjang: str = ""


ADMIN_INSTANSI = Tokoh(
    "199008172015032001",
    "Dewi Anggraini",
    "",
    "S.Psi., M.M.",
    "III/c",
    "BKPSDM.PK",
    "Analis SDM Aparatur Ahli Muda",
    FUNGSIONAL,
    "Ahli Muda",
)
KEPALA_OPD = Tokoh("197203101998031004", "Bambang Sutrisno", "Dr.", "M.Pd.", "IV/c", "DISDIK")
PENILAI = Tokoh("198011232006042003", "Siti Rahmawati", "", "S.E.", "III/d", "DISDIK.SEK.UMPEG")
PEGAWAI = Tokoh(
    "199405062019031005",
    "Agus Prasetyo",
    "",
    "",
    "II/c",
    "DISDIK.SEK.UMPEG",
    "Pengadministrasi Perkantoran",
)
ADMIN_KABUPATEN = Tokoh(
    "198906302014022002",
    "Ni Made Ayu Lestari",
    "",
    "S.Sos.",
    "III/b",
    "BKPSDM.PK",
    "Pranata SDM Aparatur Mahir",
    FUNGSIONAL,
    "Mahir",
)

# --- Reference lists ------------------------------------------------------------------------

AHLI = (("Ahli Pertama", 4.0), ("Ahli Muda", 3.0), ("Ahli Madya", 1.2))
TERAMPIL = (("Terampil", 4.0), ("Mahir", 3.0), ("Penyelia", 1.5))
KEDUANYA = TERAMPIL + AHLI
GURU_JENJANG = (("Ahli Pertama", 4.0), ("Ahli Muda", 3.0), ("Ahli Madya", 3.0))
SENIOR = (("Ahli Muda", 2.0), ("Ahli Madya", 2.0))

# JF name -> (jenjang weights, field of study)
JF: dict[str, tuple[tuple[tuple[str, float], ...], str]] = {
    "Guru": (GURU_JENJANG, "pendidikan"),
    "Pengawas Sekolah": (SENIOR, "pendidikan"),
    "Penilik": (AHLI, "pendidikan"),
    "Pustakawan": (KEDUANYA, "umum"),
    "Dokter": (AHLI, "kedokteran"),
    "Dokter Gigi": (AHLI, "kedokteran_gigi"),
    "Perawat": (KEDUANYA, "keperawatan"),
    "Bidan": (KEDUANYA, "kebidanan"),
    "Apoteker": (AHLI, "farmasi"),
    "Asisten Apoteker": (TERAMPIL, "farmasi"),
    "Nutrisionis": (KEDUANYA, "gizi"),
    "Sanitarian": (KEDUANYA, "kesehatan"),
    "Pranata Laboratorium Kesehatan": (KEDUANYA, "lab"),
    "Perekam Medis": (KEDUANYA, "kesehatan"),
    "Epidemiolog Kesehatan": (AHLI, "kesehatan"),
    "Administrator Kesehatan": (AHLI, "kesehatan"),
    "Penyuluh Kesehatan Masyarakat": (AHLI, "kesehatan"),
    "Pranata Komputer": (KEDUANYA, "komputer"),
    "Statistisi": (KEDUANYA, "statistik"),
    "Sandiman": (KEDUANYA, "komputer"),
    "Pranata Hubungan Masyarakat": (KEDUANYA, "sosial"),
    "Analis SDM Aparatur": (AHLI, "umum"),
    "Pranata SDM Aparatur": (TERAMPIL, "umum"),
    "Asesor SDM Aparatur": (AHLI, "umum"),
    "Arsiparis": (KEDUANYA, "umum"),
    "Perencana": (AHLI, "ekonomi"),
    "Analis Kebijakan": (AHLI, "umum"),
    "Auditor": (AHLI, "ekonomi"),
    "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah": (AHLI, "pemerintahan"),
    "Analis Keuangan Pusat dan Daerah": (AHLI, "ekonomi"),
    "Pengelola Pengadaan Barang/Jasa": (AHLI, "ekonomi"),
    "Perancang Peraturan Perundang-undangan": (AHLI, "hukum"),
    "Analis Hukum": (AHLI, "hukum"),
    "Teknik Jalan dan Jembatan": (KEDUANYA, "teknik"),
    "Teknik Pengairan": (KEDUANYA, "teknik"),
    "Teknik Tata Bangunan dan Perumahan": (KEDUANYA, "teknik"),
    "Penata Ruang": (AHLI, "teknik"),
    "Pembina Jasa Konstruksi": (AHLI, "teknik"),
    "Pekerja Sosial": (KEDUANYA, "sosial"),
    "Penyuluh Sosial": (KEDUANYA, "sosial"),
    "Penguji Kendaraan Bermotor": (KEDUANYA, "perhubungan"),
    "Polisi Pamong Praja": (KEDUANYA, "hukum"),
    "Analis Kebakaran": (AHLI, "teknik"),
    "Pengendali Dampak Lingkungan": (AHLI, "lingkungan"),
    "Pengawas Lingkungan Hidup": (AHLI, "lingkungan"),
    "Administrator Database Kependudukan": (AHLI, "komputer"),
}
KETERAMPILAN = {"Pemula", "Terampil", "Mahir", "Penyelia"}
PIMPINAN = {SEKDA, JPT, ADMINISTRATOR, PENGAWAS}
NAKES = {"keperawatan", "kebidanan", "farmasi", "gizi", "lab", "kesehatan"}

# Pelaksana (KepmenPANRB 11/2024): name, weight, education weights
PELAKSANA_JABATAN = (
    ("Pengadministrasi Perkantoran", 4.0, (("SMA", 7.0), ("D3", 3.0))),
    ("Operator Layanan Operasional", 3.0, (("SMA", 8.5), ("D3", 1.5))),
    ("Pengelola Layanan Operasional", 3.0, (("D3", 4.0), ("S1", 6.0))),
    ("Penata Layanan Operasional", 2.0, (("S1", 8.5), ("S2", 1.5))),
)

PELAKSANA_CUM = list(itertools.accumulate(p[1] for p in PELAKSANA_JABATAN))

# level -> golongan PNS (PPPK takes the same ordinal: III/a = IX)
GOLONGAN = {
    SEKDA: ("IV/c", "IV/d", "IV/d"),
    JPT: ("IV/c", "IV/c", "IV/d"),
    ADMINISTRATOR: ("III/d", "IV/a", "IV/a", "IV/b"),
    PENGAWAS: ("III/b", "III/c", "III/c", "III/d", "III/d", "IV/a"),
    "SMA": ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b"),
    "D3": ("II/c", "II/d", "III/a", "III/b"),
    "S1": ("III/a", "III/b", "III/c", "III/d"),
    "S2": ("III/b", "III/c", "III/d"),
    "Terampil": ("II/b", "II/c", "II/d"),
    "Mahir": ("III/a", "III/b"),
    "Penyelia": ("III/c", "III/d"),
    "Ahli Pertama": ("III/a", "III/b"),
    "Ahli Muda": ("III/c", "III/d"),
    "Ahli Madya": ("IV/a", "IV/b", "IV/c"),
}
GOLONGAN_PNS = _kata(
    "I/a I/b I/c I/d II/a II/b II/c II/d III/a III/b III/c III/d IV/a IV/b IV/c IV/d IV/e"
)
GOLONGAN_PPPK = _kata("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII")
# level -> age range in the reference year
UMUR = {
    SEKDA: (48, 57),
    JPT: (45, 57),
    ADMINISTRATOR: (40, 56),
    PENGAWAS: (32, 55),
    "Ahli Madya": (42, 58),
    "Ahli Muda": (32, 55),
    "Ahli Pertama": (24, 45),
    "Penyelia": (40, 57),
    "Mahir": (30, 55),
    "Terampil": (24, 45),
    "SMA": (24, 57),
    "D3": (24, 55),
    "S1": (24, 55),
    "S2": (30, 55),
}
KELAS = {
    SEKDA: 15,
    JPT: 14,
    ADMINISTRATOR: 12,
    PENGAWAS: 9,
    "Ahli Madya": 11,
    "Ahli Muda": 9,
    "Ahli Pertama": 8,
    "Penyelia": 8,
    "Mahir": 7,
    "Terampil": 6,
    "Pengadministrasi Perkantoran": 5,
    "Operator Layanan Operasional": 5,
    "Pengelola Layanan Operasional": 6,
    "Penata Layanan Operasional": 7,
}
# Everything is dated relative to this year, never to the clock, so the data never drifts.
TAHUN_ACUAN = 2026
PLT_MULAI = dt.date(2026, 8, 3)

# field of study -> (D3, S1, S2) gelar
GELAR: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "umum": (("A.Md.",), ("S.Sos.", "S.E.", "S.H.", "S.AP.", "S.IP."), ("M.Si.", "M.AP.", "M.M.")),
    "pemerintahan": (("A.Md.",), ("S.STP.", "S.IP.", "S.Sos."), ("M.Si.", "M.AP.")),
    "pendidikan": (("A.Md.Pd.",), ("S.Pd.", "S.Pd.", "S.Pd.I.", "S.Si."), ("M.Pd.",)),
    "kesehatan": (("A.Md.Kes.",), ("S.K.M.",), ("M.Kes.", "M.K.M.")),
    "keperawatan": (("A.Md.Kep.",), ("S.Kep., Ns.",), ("M.Kep.",)),
    "kebidanan": (("A.Md.Keb.",), ("S.Tr.Keb.", "S.Keb., Bd."), ("M.Keb.",)),
    "farmasi": (("A.Md.Farm.",), ("S.Farm., Apt.",), ("M.Farm.",)),
    "gizi": (("A.Md.Gz.",), ("S.Gz.",), ("M.Gz.",)),
    "lab": (("A.Md.A.K.",), ("S.Tr.Kes.",), ("M.Si.",)),
    "teknik": (("A.Md.T.",), ("S.T.",), ("M.T.",)),
    "komputer": (("A.Md.Kom.",), ("S.Kom.",), ("M.Kom.", "M.T.I.")),
    "ekonomi": (("A.Md.Ak.",), ("S.E.", "S.Ak."), ("M.Ak.", "M.M.", "M.Si.")),
    "hukum": (("A.Md.",), ("S.H.",), ("M.H.",)),
    "sosial": (("A.Md.",), ("S.Sos.", "S.I.Kom."), ("M.Si.", "M.Kesos.")),
    "statistik": (("A.Md.Stat.",), ("S.Si.", "S.Stat."), ("M.Si.",)),
    "lingkungan": (("A.Md.",), ("S.T.", "S.Si."), ("M.Si.", "M.T.")),
    "perhubungan": (("A.Md.Tra.",), ("S.ST.", "S.T."), ("M.T.", "M.M.")),
}
GELAR_LAMA = {"umum", "pemerintahan", "ekonomi", "sosial", "pendidikan"}  # Drs./Dra.

# --- Names from across Indonesia --------------------------------------------------------------

# region -> (weight, male given, female given, male family/last, female family/last, muslim)
NAMA: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
NAMA = {
    "jawa": (
        40,
        _kata(
            "Agus Budi Bambang Joko Eko Hadi Slamet Sugeng Wahyu Teguh Bayu Rudi Heru Yudi "
            "Anton Sigit Imam Arif Fajar Rizky Dimas Adi Bagus Gilang Hendro Andri Yoga "
            "Aditya Danang Galih Nanang Sutrisno Haryanto"
        ),
        _kata(
            "Sri Endang Rina Dewi Wulan Ratna Yuni Siti Ani Lestari Tri Dwi Retno Indah Kartika "
            "Ayu Puji Wening Nur Diah Fitri Novi Ambar Larasati Sekar"
        ),
        _kata(
            "Santoso Wibowo Nugroho Prasetyo Setiawan Kurniawan Hidayat Saputra Susanto "
            "Gunawan Raharjo Widodo Pratama Firmansyah Purnomo Priyanto Suryanto Sulistyo "
            "Wijayanto Hartono Utomo Mulyono Cahyono Budiman"
        ),
        _kata(
            "Wahyuni Rahayu Handayani Astuti Purwanti Susilowati Kusumawati Rahmawati "
            "Setyaningsih Wulandari Puspitasari Anggraini Permatasari Maharani Utami Fitriani "
            "Novitasari Lestari Pertiwi Ningsih"
        ),
    ),
    "sunda": (
        13,
        _kata("Asep Dede Cecep Ujang Yayan Deden Iwan Dadang Ade Rahmat Aep Encep Hendi"),
        _kata("Neneng Euis Iis Yeni Lilis Tati Nining Dewi Rina Teti Elis Nenden Yuyun"),
        _kata(
            "Saepudin Hidayat Sopandi Permana Suryana Kurnia Mulyana Sutisna Ruhiyat "
            "Sumpena Gumilar Ramdani"
        ),
        _kata(
            "Rohaeti Nurhasanah Kurniasih Suryani Mulyani Komalasari Apriani Herawati "
            "Rostiana Sumiati"
        ),
    ),
    "melayu": (
        12,
        _kata(
            "Ahmad Rahmat Fauzi Zulkifli Syahrul Irwan Yusrizal Fadli Hendri Afrizal Rizal "
            "Taufik Khairul Syafrizal Zainal Ridwan Hasan Husni Muhammad"
        ),
        _kata(
            "Nurul Siti Fitri Yulia Rahmi Annisa Mutia Nurhayati Rosmawati Syarifah Aisyah "
            "Zahra Rahmah Fauziah Yusniar Desi Elvira"
        ),
        _kata(
            "Fauzan Hakim Rahman Syahputra Ramadhan Akbar Anwar Iskandar Efendi Harun Yusuf "
            "Basri Saleh Amin"
        ),
        _kata("Rahmawati Fitriani Hayati Yanti Sari Nengsih Novita Aini Hasanah Fadhilah"),
    ),
    "batak": (
        7,
        _kata(
            "Rudi Hotman Martua Parlindungan Jonny Robert Sahat Togar Benny Hendra Ricky "
            "Darwin Marihot"
        ),
        _kata("Rosmaida Lamria Tiurma Romauli Nurhayati Mery Lenny Sondang Ruth Debora"),
        _kata(
            "Siregar Nasution Harahap Simanjuntak Sitompul Lubis Hutapea Panjaitan Sinaga "
            "Manurung Simatupang Pardede Situmorang Hutagalung Tambunan Sihombing Silalahi "
            "Damanik Saragih Ginting Tarigan Sembiring Purba"
        ),
        (),
    ),
    "bugis": (
        7,
        _kata(
            "Syamsul Ansar Amiruddin Jamaluddin Nasruddin Kamaruddin Haeruddin Takdir Akbar "
            "Arifuddin Baso Muhammad"
        ),
        _kata(
            "Hasnawati Nurhaedah Hasmawati Suriani Rosdiana Sitti Murniati Hadijah Besse Nurfadilah"
        ),
        _kata("Syam Latif Tahir Ramli Rasyid Hamzah Nur Mappiare Pawellangi Sanusi"),
        (),
    ),
    "bali": (
        4,
        _kata("Suarjana Sudarma Artawan Wirawan Sukarta Budiarta Astawa Mahendra Adnyana Suardana"),
        _kata("Ariani Sukmawati Suryani Wulandari Sriani Astiti Ayu Lestari Dewi Purnami"),
        (),
        (),
    ),
    "minahasa": (
        4,
        _kata("Johanes Stevanus Frangky Jemmy Hendrik Novri Ronald Alfrets Michael Jefry"),
        _kata("Grace Meiske Olivia Vonny Jeane Deisy Merry Stella Christy Angelia"),
        _kata(
            "Wenas Pangemanan Sumual Rumondor Tumbelaka Lumentut Mandagi Sondakh Kaunang "
            "Runtuwene Mamahit Worang Lengkong"
        ),
        (),
    ),
    "maluku": (
        3,
        _kata("Marthen Abraham Yusuf Abdul Frans Jacob Samuel Hamid Ruslan"),
        _kata("Maria Yohana Sarah Fatima Hadija Nelly Agnes"),
        _kata(
            "Latuconsina Pattinama Tuhumury Pattiasina Latumahina Sahetapy Tuanakotta "
            "Ohorella Wattimena Rehatta Matulessy"
        ),
        (),
    ),
    "ntt": (
        4,
        _kata("Yohanes Yosef Fransiskus Petrus Paulus Agustinus Melkianus Daniel Yakobus"),
        _kata("Maria Yuliana Theresia Agustina Fransiska Magdalena Imelda Veronika"),
        _kata("Fanggidae Manafe Ndun Nope Tefa Benu Kase Pello Mesakh Wea Seda Djogo Lewar"),
        (),
    ),
    "papua": (
        2,
        _kata("Yance Yulianus Markus Yosias Otto Nehemia Hans Yan"),
        _kata("Dorkas Yosina Elisabeth Martha Yuliana Ribka Naomi"),
        _kata("Rumbiak Kambu Mandacan Wanimbo Karubaba Ayomi Rumbewas Wonda Krey Yoku Sawaki"),
        (),
    ),
    "tionghoa": (
        4,
        _kata("Hendra Budi Andi Steven Kevin Rudy Ferry William Yohanes Michael"),
        _kata("Linda Susanti Lily Melinda Cindy Jessica Yenny Veronica Lanny Meilani"),
        _kata(
            "Wijaya Gunawan Halim Tanoto Santoso Salim Kusuma Hartono Setiawan Tanuwijaya Sutanto"
        ),
        (),
    ),
}
REGIONS = list(NAMA)
REGION_CUM = list(itertools.accumulate(NAMA[r][0] for r in REGIONS))
MUSLIM = {"jawa", "sunda", "melayu", "bugis"}
BALI_URUTAN = ("Putu", "Made", "Nyoman", "Ketut", "Wayan", "Kadek", "Komang", "Gede")

PREFIX_TEMPAT = _kata(
    "Suka Mekar Sumber Karang Tanjung Sungai Bukit Taman Padang Batu Teluk Muara "
    "Kampung Simpang Tanah Talang Air"
)
SUFFIX_TEMPAT = _kata(
    "Jaya Sari Makmur Indah Baru Asri Mulya Rejo Harapan Permai Damai Raya Merdeka Tengah Lestari"
)
JOIN_TEMPAT = {"Suka", "Mekar", "Sumber", "Karang"}  # "Sukajaya", but "Bukit Indah"

# --- Organisation templates -----------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A unit template. Beyond the scale's limit, children are dropped unless `wajib`."""

    nama: str
    jenis: str = PENGAWAS  # the leader's jenis jabatan; "" = led by the unit above
    kode: str = ""  # code suffix; default: position among siblings
    pimpinan: str = ""  # leader's jabatan; default "Kepala " + nama
    anak: tuple["Node", ...] = ()
    jf: tuple[str, ...] = ()  # fungsional of the staff here (default: the OPD's)
    ilmu: str = ""  # field of study here (default: the OPD's)
    bobot: float = 1.0  # share of the OPD's office staff
    wajib: bool = False
    min_staf: int = 0
    kosong: bool = False  # leader position vacant: filled by a PLT


@dataclass(frozen=True)
class Upt:
    """Technical units (sekolah, puskesmas, ...) that take a share of an OPD's staff."""

    jenis: tuple[tuple[str, str, float], ...]  # (name pattern, code prefix, relative size)
    pimpinan: str
    jenis_pimpinan: str = PENGAWAS
    jenjang_pimpinan: str = ""
    jf: tuple[str, ...] = ()
    porsi_jf: float = 0.3
    porsi: float = 0.0  # share of the OPD's staff in UPT (more when offices are full)
    ukuran: int = 40  # average staff per UPT


@dataclass(frozen=True)
class Opd:
    node: Node
    bobot: float  # share of the instansi's staff
    ilmu: str
    jf: tuple[str, ...]
    porsi_jf: float = 0.35
    upt: Upt | None = None


def _sekretariat(singkat: str, wajib_umpeg: bool = False) -> Node:
    umpeg = Node(
        "Subbagian Umum dan Kepegawaian",
        kode="UMPEG",
        wajib=wajib_umpeg,
        min_staf=4 if wajib_umpeg else 0,
        jf=("Analis SDM Aparatur", "Pranata SDM Aparatur", "Arsiparis"),
    )
    return Node(
        f"Sekretariat {singkat}",
        ADMINISTRATOR,
        kode="SEK",
        pimpinan=f"Sekretaris {singkat}",
        wajib=True,
        bobot=0.6,
        ilmu="umum",
        jf=("Arsiparis", "Analis Keuangan Pusat dan Daerah", "Perencana", "Pranata Komputer"),
        anak=(
            umpeg,
            Node("Subbagian Keuangan dan Aset", kode="KEU", ilmu="ekonomi"),
            Node("Subbagian Perencanaan dan Evaluasi", kode="PEP", ilmu="ekonomi"),
        ),
    )


def _bidang(
    nama: str, *seksi: str, kode: str = "", wajib: bool = False, kosong: bool = False
) -> Node:
    return Node(
        nama,
        ADMINISTRATOR,
        kode=kode,
        anak=tuple(Node(s) for s in seksi),
        wajib=wajib,
        min_staf=2 if wajib else 0,
        kosong=kosong,
    )


def _dinas(kode: str, nama: str, *bidang: Node, wajib_umpeg: bool = False) -> Node:
    return Node(
        nama,
        JPT,
        kode=kode,
        bobot=0.0,
        anak=(_sekretariat(nama, wajib_umpeg), *bidang),
    )


def _asisten(nama: str, *bagian: str) -> Node:
    return Node(
        nama,
        JPT,
        pimpinan=nama,
        bobot=0.3,
        anak=tuple(
            Node(
                b,
                ADMINISTRATOR,
                anak=(Node(f"Subbagian {b.removeprefix('Bagian ')}", bobot=1.0),),
            )
            for b in bagian
        ),
    )


SETDA = Opd(
    Node(
        "Sekretariat Daerah",
        "",
        kode="SETDA",
        bobot=0.0,
        anak=(
            _asisten(
                "Asisten Pemerintahan dan Kesejahteraan Rakyat",
                "Bagian Pemerintahan",
                "Bagian Kesejahteraan Rakyat",
                "Bagian Hukum",
            ),
            _asisten(
                "Asisten Perekonomian dan Pembangunan",
                "Bagian Perekonomian dan Sumber Daya Alam",
                "Bagian Administrasi Pembangunan",
                "Bagian Pengadaan Barang dan Jasa",
            ),
            _asisten(
                "Asisten Administrasi Umum",
                "Bagian Umum",
                "Bagian Organisasi",
                "Bagian Protokol dan Komunikasi Pimpinan",
            ),
        ),
    ),
    3.5,
    "umum",
    ("Analis Kebijakan", "Analis Hukum", "Pengelola Pengadaan Barang/Jasa", "Arsiparis"),
)

OPD_KOTA: tuple[Opd, ...] = (
    SETDA,
    Opd(
        Node(
            "Sekretariat DPRD",
            JPT,
            kode="SETWAN",
            pimpinan="Sekretaris DPRD",
            bobot=0.0,
            anak=(
                _bidang(
                    "Bagian Umum dan Keuangan",
                    "Subbagian Tata Usaha dan Kepegawaian",
                    "Subbagian Keuangan",
                ),
                _bidang(
                    "Bagian Persidangan dan Perundang-undangan",
                    "Subbagian Rapat dan Risalah",
                    "Subbagian Perundang-undangan",
                ),
                _bidang(
                    "Bagian Fasilitasi Penganggaran dan Pengawasan",
                    "Subbagian Fasilitasi Penganggaran",
                ),
            ),
        ),
        1.2,
        "umum",
        (
            "Analis Kebijakan",
            "Perancang Peraturan Perundang-undangan",
            "Pranata Hubungan Masyarakat",
        ),
    ),
    Opd(
        Node(
            "Inspektorat",
            JPT,
            kode="INSPEKTORAT",
            pimpinan="Inspektur",
            bobot=0.0,
            anak=(
                Node(
                    "Sekretariat Inspektorat",
                    ADMINISTRATOR,
                    kode="SEK",
                    pimpinan="Sekretaris Inspektorat",
                    wajib=True,
                    anak=(Node("Subbagian Umum dan Keuangan"),),
                ),
                *(
                    Node(
                        f"Inspektorat Pembantu Wilayah {w}",
                        ADMINISTRATOR,
                        pimpinan=f"Inspektur Pembantu Wilayah {w}",
                    )
                    for w in ("I", "II", "III", "IV")
                ),
            ),
        ),
        1.2,
        "ekonomi",
        ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah"),
        porsi_jf=0.8,
    ),
    Opd(
        _dinas(
            "BAPPEDA",
            "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
            _bidang("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia"),
            _bidang("Bidang Perekonomian dan Sumber Daya Alam"),
            _bidang("Bidang Infrastruktur dan Kewilayahan"),
            _bidang("Bidang Riset dan Inovasi Daerah"),
        ),
        1.2,
        "ekonomi",
        ("Perencana", "Analis Kebijakan", "Statistisi"),
        porsi_jf=0.6,
    ),
    Opd(
        _dinas(
            "BKPSDM",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            _bidang("Bidang Penilaian Kinerja dan Penghargaan", kode="PK", wajib=True),
            _bidang("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian"),
            _bidang("Bidang Mutasi dan Promosi"),
            _bidang("Bidang Pengembangan Kompetensi Aparatur"),
        ),
        1.2,
        "umum",
        ("Analis SDM Aparatur", "Pranata SDM Aparatur", "Asesor SDM Aparatur", "Pranata Komputer"),
        porsi_jf=0.6,
    ),
    Opd(
        _dinas(
            "BPKAD",
            "Badan Pengelolaan Keuangan dan Aset Daerah",
            _bidang("Bidang Anggaran", "Subbidang Penyusunan Anggaran"),
            _bidang("Bidang Perbendaharaan", "Subbidang Belanja", "Subbidang Kas Daerah"),
            _bidang("Bidang Akuntansi dan Pelaporan", "Subbidang Akuntansi"),
            _bidang("Bidang Pengelolaan Barang Milik Daerah", "Subbidang Penatausahaan Aset"),
        ),
        2.0,
        "ekonomi",
        ("Analis Keuangan Pusat dan Daerah", "Pranata Komputer"),
    ),
    Opd(
        _dinas(
            "DISDIK",
            "Dinas Pendidikan",
            _bidang(
                "Bidang Pembinaan Sekolah Dasar",
                "Seksi Kurikulum dan Penilaian SD",
                "Seksi Kelembagaan dan Sarana Prasarana SD",
            ),
            _bidang(
                "Bidang Pembinaan Sekolah Menengah Pertama",
                "Seksi Kurikulum dan Penilaian SMP",
                "Seksi Kelembagaan dan Sarana Prasarana SMP",
            ),
            _bidang("Bidang Pembinaan PAUD dan Pendidikan Nonformal", "Seksi Kurikulum PAUD"),
            _bidang("Bidang Pendidik dan Tenaga Kependidikan", "Seksi Pendidik"),
            wajib_umpeg=True,
        ),
        42.0,
        "pendidikan",
        ("Pengawas Sekolah", "Penilik", "Pranata Komputer", "Analis Kebijakan"),
        porsi_jf=0.3,
        upt=Upt(
            (
                ("SD Negeri {n} {kota}", "SD", 1.0),
                ("SD Negeri {n} {kota}", "SD", 1.0),
                ("SD Negeri {n} {kota}", "SD", 1.0),
                ("SMP Negeri {n} {kota}", "SMP", 2.4),
            ),
            "Kepala Sekolah",
            FUNGSIONAL,
            "Ahli Madya",
            jf=("Guru",) * 40 + ("Pustakawan",),
            porsi_jf=0.9,
            porsi=0.9,
            ukuran=22,
        ),
    ),
    Opd(
        _dinas(
            "DINKES",
            "Dinas Kesehatan",
            _bidang("Bidang Kesehatan Masyarakat", "Seksi Kesehatan Keluarga dan Gizi"),
            _bidang(
                "Bidang Pencegahan dan Pengendalian Penyakit", "Seksi Surveilans dan Imunisasi"
            ),
            _bidang("Bidang Pelayanan Kesehatan", "Seksi Pelayanan Kesehatan Primer"),
            _bidang("Bidang Sumber Daya Kesehatan", "Seksi Kefarmasian dan Alat Kesehatan"),
        ),
        18.0,
        "kesehatan",
        ("Epidemiolog Kesehatan", "Administrator Kesehatan", "Penyuluh Kesehatan Masyarakat"),
        porsi_jf=0.5,
        upt=Upt(
            (("UPTD Puskesmas {tempat}", "PKM", 1.0),),
            "Kepala UPTD Puskesmas",
            jf=("Perawat",) * 5
            + ("Bidan",) * 4
            + ("Dokter",) * 2
            + (
                "Dokter Gigi",
                "Apoteker",
                "Asisten Apoteker",
                "Nutrisionis",
                "Sanitarian",
                "Pranata Laboratorium Kesehatan",
                "Perekam Medis",
                "Penyuluh Kesehatan Masyarakat",
            ),
            porsi_jf=0.85,
            porsi=0.75,
            ukuran=32,
        ),
    ),
    Opd(
        _dinas(
            "PUPR",
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            _bidang("Bidang Bina Marga", "Seksi Pembangunan Jalan dan Jembatan"),
            _bidang("Bidang Sumber Daya Air", "Seksi Irigasi dan Drainase"),
            _bidang("Bidang Cipta Karya", "Seksi Air Minum dan Sanitasi"),
            _bidang("Bidang Penataan Ruang", "Seksi Pengendalian Pemanfaatan Ruang"),
            _bidang("Bidang Bina Konstruksi"),
        ),
        3.5,
        "teknik",
        (
            "Teknik Jalan dan Jembatan",
            "Teknik Pengairan",
            "Teknik Tata Bangunan dan Perumahan",
            "Penata Ruang",
            "Pembina Jasa Konstruksi",
        ),
        upt=Upt(
            (("UPTD Pemeliharaan Jalan dan Jembatan Wilayah {n}", "UPT", 1.0),),
            "Kepala UPTD Pemeliharaan Jalan dan Jembatan",
            jf=("Teknik Jalan dan Jembatan",),
            porsi_jf=0.2,
            porsi=0.2,
        ),
    ),
    Opd(
        _dinas(
            "DINSOS",
            "Dinas Sosial",
            _bidang("Bidang Rehabilitasi Sosial", kode="RESOS", kosong=True),
            _bidang("Bidang Perlindungan dan Jaminan Sosial"),
            _bidang("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin"),
        ),
        1.5,
        "sosial",
        ("Pekerja Sosial", "Penyuluh Sosial"),
        porsi_jf=0.5,
        upt=Upt(
            (("UPTD Rumah Perlindungan Sosial {n}", "UPT", 1.0),),
            "Kepala UPTD Rumah Perlindungan Sosial",
            jf=("Pekerja Sosial",),
            porsi_jf=0.5,
            porsi=0.1,
            ukuran=15,
        ),
    ),
    Opd(
        _dinas(
            "DISKOMINFO",
            "Dinas Komunikasi, Informatika, Statistik dan Persandian",
            _bidang("Bidang Aplikasi Informatika", "Seksi Layanan Sistem Informasi"),
            _bidang("Bidang Informasi dan Komunikasi Publik", "Seksi Pengelolaan Informasi"),
            _bidang("Bidang Statistik dan Persandian", "Seksi Statistik Sektoral"),
        ),
        1.2,
        "komputer",
        ("Pranata Komputer", "Pranata Hubungan Masyarakat", "Statistisi", "Sandiman"),
        porsi_jf=0.6,
    ),
    Opd(
        _dinas(
            "DISHUB",
            "Dinas Perhubungan",
            _bidang("Bidang Lalu Lintas", "Seksi Manajemen dan Rekayasa Lalu Lintas"),
            _bidang("Bidang Angkutan", "Seksi Angkutan Orang"),
            _bidang("Bidang Sarana dan Prasarana", "Seksi Perlengkapan Jalan"),
        ),
        3.0,
        "perhubungan",
        ("Penguji Kendaraan Bermotor",),
        porsi_jf=0.2,
        upt=Upt(
            (
                ("UPTD Perparkiran Wilayah {n}", "PKR", 1.0),
                ("UPTD Pengujian Kendaraan Bermotor {n}", "PKB", 0.8),
            ),
            "Kepala UPTD Perhubungan",
            jf=("Penguji Kendaraan Bermotor",),
            porsi_jf=0.15,
            porsi=0.3,
        ),
    ),
    Opd(
        _dinas(
            "SATPOLPP",
            "Satuan Polisi Pamong Praja",
            _bidang("Bidang Penegakan Peraturan Daerah", "Seksi Penyelidikan dan Penyidikan"),
            _bidang("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "Seksi Operasi"),
            _bidang("Bidang Perlindungan Masyarakat", "Seksi Satuan Perlindungan Masyarakat"),
        ),
        3.5,
        "hukum",
        ("Polisi Pamong Praja",),
        porsi_jf=0.6,
        upt=Upt(
            (("UPTD Pemadam Kebakaran dan Penyelamatan Wilayah {n}", "DAMKAR", 1.0),),
            "Kepala UPTD Pemadam Kebakaran dan Penyelamatan",
            jf=("Analis Kebakaran", "Polisi Pamong Praja"),
            porsi_jf=0.15,
            porsi=0.3,
        ),
    ),
    Opd(
        _dinas(
            "DLH",
            "Dinas Lingkungan Hidup",
            _bidang("Bidang Tata Lingkungan"),
            _bidang("Bidang Pengelolaan Sampah dan Limbah B3", "Seksi Pengurangan Sampah"),
            _bidang("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan"),
            _bidang("Bidang Pertamanan dan Ruang Terbuka Hijau"),
        ),
        4.0,
        "lingkungan",
        ("Pengendali Dampak Lingkungan", "Pengawas Lingkungan Hidup"),
        porsi_jf=0.3,
        upt=Upt(
            (("UPTD Pengelolaan Sampah Wilayah {n}", "UPT", 1.0),),
            "Kepala UPTD Pengelolaan Sampah",
            porsi_jf=0.05,
            jf=("Pengawas Lingkungan Hidup",),
            porsi=0.5,
        ),
    ),
    Opd(
        _dinas(
            "DISDUKCAPIL",
            "Dinas Kependudukan dan Pencatatan Sipil",
            _bidang("Bidang Pelayanan Pendaftaran Penduduk"),
            _bidang("Bidang Pelayanan Pencatatan Sipil"),
            _bidang("Bidang Pengelolaan Informasi Administrasi Kependudukan"),
        ),
        1.5,
        "komputer",
        ("Administrator Database Kependudukan", "Pranata Komputer"),
        porsi_jf=0.3,
    ),
)
OFFICE_CAP = 40  # average staff per office unit before the OPD grows UPT instead
BOBOT_KECAMATAN = 7.5  # all kecamatan together, same scale as the OPD weights above

OPD_KABUPATEN: tuple[Opd, ...] = (
    Opd(
        Node(
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            JPT,
            kode="BKPSDM",
            bobot=0.0,
            anak=(_bidang("Bidang Penilaian Kinerja dan Penghargaan", kode="PK", wajib=True),),
        ),
        4.0,
        "umum",
        ("Analis SDM Aparatur", "Pranata SDM Aparatur"),
        porsi_jf=0.6,
    ),
    Opd(
        Node(
            "Dinas Kesehatan",
            JPT,
            kode="DINKES",
            bobot=0.0,
            anak=(_bidang("Bidang Pelayanan Kesehatan", wajib=True),),
        ),
        6.0,
        "kesehatan",
        ("Administrator Kesehatan",),
        upt=Upt(
            (("UPTD Puskesmas {tempat}", "PKM", 1.0),),
            "Kepala UPTD Puskesmas",
            jf=("Perawat", "Bidan", "Dokter"),
            porsi_jf=0.9,
            porsi=0.6,
            ukuran=6,
        ),
    ),
)


@dataclass(frozen=True)
class Profil:
    kode: str
    nama: str
    kota: str  # short place name for schools
    zona_waktu: str
    domain: str
    seed: int
    sekda: str  # the root leader's jabatan
    opd: tuple[Opd, ...]
    kecamatan: bool
    tokoh: tuple[Tokoh, ...]
    admin: Tokoh


KOTA = Profil(
    kode="DEMO",
    nama="Pemerintah Kota Sukamaju",
    kota="Sukamaju",
    zona_waktu=ZonaWaktu.WIB,
    domain="sukamajukota.example",
    seed=2026,
    sekda="Sekretaris Daerah",
    opd=OPD_KOTA,
    kecamatan=True,
    tokoh=(ADMIN_INSTANSI, KEPALA_OPD, PENILAI, PEGAWAI),
    admin=ADMIN_INSTANSI,
)
KABUPATEN = Profil(
    kode="CONTOH",
    nama="Pemerintah Kabupaten Contoh",
    kota="Contoh",
    zona_waktu=ZonaWaktu.WITA,
    domain="contohkab.example",
    seed=7,
    sekda="Sekretaris Daerah",
    opd=OPD_KABUPATEN,
    kecamatan=False,
    tokoh=(ADMIN_KABUPATEN,),
    admin=ADMIN_KABUPATEN,
)
PEGAWAI_KABUPATEN = 20

# (role, NIP) as printed and as listed in the README
AKUN_DEMO: tuple[tuple[str, str], ...] = (
    ("Admin Nasional", ADMIN_NASIONAL_NIP),
    ("Admin Instansi (Pemerintah Kota Sukamaju)", ADMIN_INSTANSI.nip),
    ("Kepala OPD (JPT): Kepala Dinas Pendidikan", KEPALA_OPD.nip),
    ("Pejabat Penilai: Kepala Subbagian Umum dan Kepegawaian Dinas Pendidikan", PENILAI.nip),
    ("Pegawai: Pengadministrasi Perkantoran, bawahan penilai di atas", PEGAWAI.nip),
    ("Admin Instansi (Pemerintah Kabupaten Contoh)", ADMIN_KABUPATEN.nip),
)


@dataclass(frozen=True)
class Skala:
    """How much of the templates to use: children kept per depth below the OPD, and counts."""

    per_tingkat: tuple[int, int, int]
    kecamatan: int
    kelurahan: int

    @classmethod
    def untuk(cls, n: int) -> "Skala":
        if n < 1000:
            return cls((1, 0, 0), 2, 2)
        if n < 5000:
            return cls((3, 1, 0), 4, 3)
        if n < 30000:
            return cls((4, 2, 1), 8, 5)
        return cls((9, 9, 9), min(30, 8 + n // 8000), 6)


# --- The plan -------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    kode: str
    nama: str
    induk: str | None
    pimpinan: str | None
    tingkat: int


@dataclass
class JabatanPlan:
    nama: str
    jenis: str
    jenjang: str = ""
    kelas: int | None = None


@dataclass
class RiwayatPlan:
    jabatan: str
    unor: str
    mulai: dt.date
    sampai: dt.date | None = None
    jenis: str = "Definitif"
    nomor_sk: str = ""


@dataclass
class PegawaiPlan:
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    jenis_asn: str
    jenis_kelamin: str
    tanggal_lahir: dt.date
    golongan: str
    jabatan: str
    unor: str
    email: str
    is_guru: bool
    riwayat: list[RiwayatPlan] = field(default_factory=list)

    @property
    def nama_lengkap(self) -> str:
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama


@dataclass
class Plan:
    profil: Profil
    units: list[UnitPlan]
    jabatan: dict[str, JabatanPlan]
    pegawai: list[PegawaiPlan]


@dataclass
class _Slot:
    """Where staff go: a unit with its staff profile and share."""

    unit: str
    bobot: float
    jf: tuple[str, ...]
    porsi_jf: float
    ilmu: str
    min_staf: int = 0
    staf: int = 0


@dataclass
class _OpdUnits:
    opd: Opd
    kode: str
    slots: list[_Slot]
    leaders: list[tuple[str, str, str, str]]  # (unit, jabatan, level, ilmu)


def build_plan(profil: Profil, n: int, reserved: Iterable[str] = ()) -> Plan:
    """The whole instansi for n pegawai, without touching the database."""
    return _Builder(profil, n, set(reserved)).build()


class _Builder:
    def __init__(self, profil: Profil, n: int, reserved: set[str]) -> None:
        self.profil, self.n = profil, n
        self.rng = random.Random(profil.seed * 1_000_003 + n)
        self.skala = Skala.untuk(n)
        self.used = reserved | {t.nip for t in profil.tokoh}
        self.units: list[UnitPlan] = []
        self.jabatan: dict[str, JabatanPlan] = {}
        self.pegawai: list[PegawaiPlan] = []
        self.tokoh: dict[str, list[Tokoh]] = {}
        for t in profil.tokoh:
            self.tokoh.setdefault(t.unit, []).append(t)
        self.tempat = _tempat(profil.seed)
        self.nomor: dict[str, int] = {}  # running numbers: place names, UPT names, SK
        self.by_level: dict[str, list[tuple[str, str]]] = {}  # level -> (unit, leader jabatan)
        self.units_of_opd: dict[str, list[str]] = {}

    # structure ---------------------------------------------------------------------------

    def build(self) -> Plan:
        root = self.profil.kode
        self._unit(root, self.profil.nama, None, self.profil.sekda, 0)
        self._jabatan(self.profil.sekda, JPT, kelas=KELAS[SEKDA])
        groups = [self._opd_units(opd, root) for opd in self._opds()]
        leaders = 1 + sum(len(g.leaders) for g in groups)
        reserved = sum(s.min_staf for g in groups for s in g.slots)
        staff = self.n - leaders - reserved
        if staff < len(groups):
            raise ValueError(f"Minimal {leaders + reserved + len(groups)} pegawai.")
        budgets = self._budgets(groups, staff)

        self._leader(root, self.profil.sekda, SEKDA, "umum")
        for group, budget in zip(groups, budgets, strict=True):
            self._fill_opd(group, budget)
        self._plt(groups)
        return Plan(self.profil, self.units, self.jabatan, self.pegawai)

    def _budgets(self, groups: list[_OpdUnits], staff: int) -> list[int]:
        """Staff per OPD by weight. Offices without UPT stop growing at OFFICE_CAP per unit (a
        BKPSDM does not double with the pemda); the rest goes to OPDs with UPT."""
        budgets = _apportion(staff, [g.opd.bobot for g in groups])
        caps = [OFFICE_CAP * len(g.slots) if g.opd.upt is None else staff for g in groups]
        excess = sum(max(0, b - c) for b, c in zip(budgets, caps, strict=True))
        extra = _apportion(excess, [g.opd.bobot if g.opd.upt else 0.0 for g in groups])
        return [min(b, c) + e for b, c, e in zip(budgets, caps, extra, strict=True)]

    def _opds(self) -> list[Opd]:
        opds = list(self.profil.opd)
        if self.profil.kecamatan:
            count = self.skala.kecamatan
            opds += [self._kecamatan(i, BOBOT_KECAMATAN / count) for i in range(count)]
        return opds

    def _kecamatan(self, i: int, bobot: float) -> Opd:
        nama = self._tempat()
        kelurahan = tuple(
            Node(
                f"Kelurahan {self._tempat()}", kode=f"KEL{k + 1:02d}", pimpinan="Lurah", wajib=True
            )
            for k in range(self.skala.kelurahan)
        )
        sekretariat = Node(
            "Sekretariat Kecamatan",
            ADMINISTRATOR,
            kode="SEK",
            pimpinan="Sekretaris Kecamatan",
            wajib=True,
            anak=(Node("Subbagian Umum dan Kepegawaian", kode="UMPEG"),),
        )
        node = Node(
            f"Kecamatan {nama}",
            ADMINISTRATOR,
            kode=f"KEC{i + 1:02d}",
            pimpinan="Camat",
            bobot=0.0,
            anak=(
                sekretariat,
                *kelurahan,
                Node("Seksi Pemerintahan"),
                Node("Seksi Ketenteraman dan Ketertiban Umum"),
                Node("Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial"),
            ),
        )
        return Opd(node, bobot, "pemerintahan", ("Analis Kebijakan", "Pranata Komputer"), 0.15)

    def _opd_units(self, opd: Opd, root: str) -> _OpdUnits:
        group = _OpdUnits(opd, opd.node.kode, [], [])
        self._node(opd.node, opd.node.kode, root, 0, group)
        return group

    def _node(self, node: Node, kode: str, induk: str, depth: int, group: _OpdUnits) -> None:
        pimpinan = (node.pimpinan or f"Kepala {node.nama}") if node.jenis else None
        self._unit(kode, node.nama, induk, pimpinan, depth + 1, group.kode)
        ilmu = node.ilmu or group.opd.ilmu
        if pimpinan:
            self._jabatan(pimpinan, node.jenis, kelas=KELAS[node.jenis])
            self.by_level.setdefault(node.jenis, []).append((kode, pimpinan))
            if not node.kosong:
                group.leaders.append((kode, pimpinan, node.jenis, ilmu))
        children = self._kept(node.anak, depth)
        bobot = node.bobot * (0.4 if children else 1.0)  # leaders with sub-units keep few staff
        if bobot or node.min_staf:
            jf, porsi = (node.jf, 0.5) if node.jf else (group.opd.jf, group.opd.porsi_jf)
            group.slots.append(_Slot(kode, bobot, jf, porsi, ilmu, node.min_staf))
        for i, child in children:
            child_kode = f"{kode}.{child.kode or f'{i + 1:02d}'}"
            self._node(child, child_kode, kode, depth + 1, group)

    def _kept(self, anak: Sequence[Node], depth: int) -> list[tuple[int, Node]]:
        limit = self.skala.per_tingkat[min(depth, 2)]
        kept, optional = [], 0
        for i, child in enumerate(anak):
            if child.wajib:
                kept.append((i, child))
            elif optional < limit:
                optional += 1
                kept.append((i, child))
        return kept

    def _unit(
        self,
        kode: str,
        nama: str,
        induk: str | None,
        pimpinan: str | None,
        tingkat: int,
        opd: str = "",
    ) -> None:
        self.units.append(UnitPlan(kode, nama, induk, pimpinan, tingkat))
        if opd:
            self.units_of_opd.setdefault(opd, []).append(kode)

    def _jabatan(self, nama: str, jenis: str, jenjang: str = "", kelas: int | None = None) -> str:
        if nama not in self.jabatan:
            self.jabatan[nama] = JabatanPlan(nama, jenis, jenjang, kelas)
        return nama

    def _tempat(self) -> str:
        i = self._next("tempat")
        base = self.tempat[(i - 1) % len(self.tempat)]
        return base if i <= len(self.tempat) else f"{base} {(i - 1) // len(self.tempat) + 1}"

    def _next(self, counter: str) -> int:
        self.nomor[counter] = self.nomor.get(counter, 0) + 1
        return self.nomor[counter]

    # people ------------------------------------------------------------------------------

    def _fill_opd(self, group: _OpdUnits, budget: int) -> None:
        for unit, jabatan, level, ilmu in group.leaders:
            self._leader(unit, jabatan, level, ilmu)
        spec = group.opd.upt
        upt_staff = round(budget * spec.porsi) if spec else 0
        office = budget - upt_staff
        office_cap = OFFICE_CAP * len(group.slots)  # beyond this, offices overflow into UPT
        if spec and office > office_cap:
            upt_staff, office = upt_staff + office - office_cap, office_cap
        if spec is None or upt_staff < spec.ukuran // 2:
            office, upt_staff = office + upt_staff, 0
        shares = _apportion(office, [s.bobot for s in group.slots])
        for slot, count in zip(group.slots, shares, strict=True):
            slot.staf = count + slot.min_staf
            self._staff(slot)
        if spec and upt_staff:
            self._upts(group, spec, upt_staff)

    def _upts(self, group: _OpdUnits, spec: Upt, people: int) -> None:
        count = max(1, round(people / spec.ukuran))
        kinds = [spec.jenis[i % len(spec.jenis)] for i in range(count)]
        sizes = _apportion(people - count, [k[2] for k in kinds])
        level = spec.jenjang_pimpinan or spec.jenis_pimpinan
        jabatan = self._jabatan(
            spec.pimpinan, spec.jenis_pimpinan, spec.jenjang_pimpinan, KELAS[level]
        )
        for (pattern, prefix, _), size in zip(kinds, sizes, strict=True):
            number = self._next(f"{group.kode}.{prefix}")
            tempat = self._tempat() if "{tempat}" in pattern else ""
            nama = pattern.format(n=number, kota=self.profil.kota, tempat=tempat)
            kode = f"{group.kode}.{prefix}{number:03d}"
            self._unit(kode, nama, group.kode, jabatan, 2, group.kode)
            self._leader(kode, jabatan, level, group.opd.ilmu, guru=bool(spec.jenjang_pimpinan))
            jf = spec.jf or group.opd.jf
            self._staff(_Slot(kode, 1.0, jf, spec.porsi_jf, group.opd.ilmu, staf=size))

    def _leader(self, unit: str, jabatan: str, level: str, ilmu: str, guru: bool = False) -> None:
        fixed = [t for t in self.tokoh.get(unit, []) if not t.jabatan]
        if fixed:
            self._tokoh(fixed[0], jabatan)
            return
        pendidikan = _pendidikan_pimpinan(self.rng, level)
        p, tmt = self._orang(level, jabatan, unit, ilmu, pendidikan)
        p.is_guru = guru
        self._history(p, level, tmt)

    def _staff(self, slot: _Slot) -> None:
        fixed = [t for t in self.tokoh.get(slot.unit, []) if t.jabatan]
        for t in fixed:
            kelas = KELAS.get(t.jenjang or t.jabatan)
            self._tokoh(t, self._jabatan(t.jabatan, t.jenis, t.jenjang, kelas))
        for _ in range(slot.staf - len(fixed)):
            self._staf_satu(slot)

    def _staf_satu(self, slot: _Slot) -> None:
        rng = self.rng
        if slot.jf and rng.random() < slot.porsi_jf:
            jf = rng.choice(slot.jf)
            jenjang_weights, ilmu = JF[jf]
            guru = jf == "Guru"
            nakes = ilmu in NAKES or ilmu.startswith("kedokteran")
            pppk = rng.random() < (0.35 if guru else (0.3 if nakes else 0.08))
            # PPPK are appointed at the entry jenjang of their jabatan.
            jenjang = jenjang_weights[0][0] if pppk else _weighted(rng, jenjang_weights)
            jabatan = self._jabatan(f"{jf} {jenjang}", FUNGSIONAL, jenjang, KELAS[jenjang])
            if jenjang in KETERAMPILAN:
                sma = 0.7 if jf == "Polisi Pamong Praja" else (0.0 if ilmu in NAKES else 0.2)
                pendidikan = "SMA" if rng.random() < sma else "D3"
            else:
                s2 = 0.45 if jenjang == "Ahli Madya" else 0.15
                pendidikan = "S2" if rng.random() < s2 else "S1"
            p, tmt = self._orang(jenjang, jabatan, slot.unit, ilmu, pendidikan, pppk)
            p.is_guru = guru
        else:
            nama, _, weights = rng.choices(PELAKSANA_JABATAN, cum_weights=PELAKSANA_CUM)[0]
            jabatan = self._jabatan(nama, PELAKSANA, kelas=KELAS[nama])
            pendidikan = _weighted(rng, weights)
            pppk = rng.random() < 0.12
            p, tmt = self._orang(pendidikan, jabatan, slot.unit, slot.ilmu, pendidikan, pppk)
        self._history(p, PELAKSANA, tmt)

    def _orang(
        self, level: str, jabatan: str, unit: str, ilmu: str, pendidikan: str, pppk: bool = False
    ) -> tuple[PegawaiPlan, dt.date]:
        """A new pegawai; returns it with their TMT (CPNS or PPPK appointment)."""
        rng = self.rng
        perempuan = rng.random() < _porsi_perempuan(level, ilmu)
        jk = "P" if perempuan else "L"
        umur_min, umur_max = UMUR.get(level, (24, 57))
        tahun_lahir = TAHUN_ACUAN - rng.randint(umur_min, umur_max)
        lahir = dt.date(tahun_lahir, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if pppk:
            jenis_asn = PPPK
            tahun, bulan = rng.choice((2019, 2021, 2022, 2023, 2024)), rng.randint(1, 9)
            tmt = dt.date(tahun, rng.choice((1, 3, 10)), 1)
            mulai = tmt
        else:
            jenis_asn = PNS
            tahun = min(TAHUN_ACUAN - 2, tahun_lahir + rng.randint(22, 30))
            bulan = rng.randint(1, 12)
            tmt = dt.date(tahun, bulan, 1)
            earliest = dt.date(2019, 1, 2) if level in PIMPINAN else dt.date(2016, 1, 4)
            mulai = self._tanggal(max(tmt, earliest), dt.date(TAHUN_ACUAN - 1, 12, 1))
        nip = self._nip(lahir, tahun, bulan, jk, jenis_asn)
        nama, muslim = _nama(rng, perempuan)
        haji = muslim and level in (SEKDA, JPT, ADMINISTRATOR)
        depan, belakang = _gelar(rng, ilmu, pendidikan, tahun_lahir, perempuan, haji)
        golongan = _golongan(rng, level, jenis_asn, TAHUN_ACUAN - tmt.year)
        p = PegawaiPlan(
            nip=nip,
            nama=nama,
            gelar_depan=depan,
            gelar_belakang=belakang,
            jenis_asn=jenis_asn,
            jenis_kelamin=jk,
            tanggal_lahir=lahir,
            golongan=golongan,
            jabatan=jabatan,
            unor=unit,
            email=_email(nama, nip, self.profil.domain),
            is_guru=False,
            riwayat=[RiwayatPlan(jabatan, unit, mulai, nomor_sk=self._sk(mulai.year))],
        )
        self.pegawai.append(p)
        return p, tmt

    def _history(self, p: PegawaiPlan, level: str, tmt: dt.date) -> None:
        """Some PNS get an older, closed position: a promotion (leaders) or a mutasi."""
        current = p.riwayat[0]
        if p.jenis_asn == PPPK or (current.mulai - tmt).days < 730:
            return
        rng = self.rng
        below = self.by_level.get(
            {SEKDA: JPT, JPT: ADMINISTRATOR, ADMINISTRATOR: PENGAWAS}.get(level, "")
        )
        if below and rng.random() < 0.7:
            unit, jabatan = rng.choice(below)
        elif rng.random() < 0.15:
            unit, jabatan = (
                rng.choice(self.units_of_opd.get(p.unor.split(".")[0], [p.unor])),
                p.jabatan,
            )
        else:
            return
        mulai = self._tanggal(tmt, current.mulai - dt.timedelta(days=365))
        sampai = current.mulai - dt.timedelta(days=1)
        p.riwayat.insert(
            0, RiwayatPlan(jabatan, unit, mulai, sampai, nomor_sk=self._sk(mulai.year))
        )

    def _tokoh(self, t: Tokoh, jabatan: str) -> None:
        info = parse_nip(t.nip, today=dt.date(TAHUN_ACUAN, 12, 31))
        mulai = dt.date(2023, 1, 2) if t.jabatan else dt.date(2022, 7, 1)
        self.pegawai.append(
            PegawaiPlan(
                nip=t.nip,
                nama=t.nama,
                gelar_depan=t.gelar_depan,
                gelar_belakang=t.gelar_belakang,
                jenis_asn=info.jenis_asn,
                jenis_kelamin=info.jenis_kelamin,
                tanggal_lahir=info.tanggal_lahir,
                golongan=t.golongan,
                jabatan=jabatan,
                unor=t.unit,
                email=_email(t.nama, t.nip, self.profil.domain),
                is_guru=False,
                riwayat=[RiwayatPlan(jabatan, t.unit, mulai, nomor_sk=self._sk(mulai.year))],
            )
        )

    def _plt(self, groups: list[_OpdUnits]) -> None:
        """The sekretaris of the OPD acts (PLT) as leader of its vacant bidang."""
        pimpinan = {u.kode: u.pimpinan for u in self.units}
        leader_of = {p.unor: p for p in self.pegawai if p.jabatan == pimpinan[p.unor]}
        for group in groups:
            sekretaris = leader_of.get(f"{group.kode}.SEK")
            for i, child in self._kept(group.opd.node.anak, 0):
                kode = f"{group.kode}.{child.kode or f'{i + 1:02d}'}"
                if child.kosong and sekretaris and pimpinan[kode]:
                    sk = self._sk(PLT_MULAI.year)
                    plt = RiwayatPlan(
                        pimpinan[kode] or "", kode, PLT_MULAI, jenis="PLT", nomor_sk=sk
                    )
                    sekretaris.riwayat.append(plt)

    def _nip(self, lahir: dt.date, tahun: int, bulan: int, jk: str, jenis_asn: str) -> str:
        urut = 1 + min(int(self.rng.expovariate(0.4)), 998)  # mostly 001-005, as in real NIPs
        while True:
            nip = build_nip(lahir, tahun, bulan, jk, urut, jenis_asn)
            if nip not in self.used:
                self.used.add(nip)
                return nip
            urut = urut % 999 + 1

    def _tanggal(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + dt.timedelta(days=self.rng.randint(0, (b - a).days))

    def _sk(self, tahun: int) -> str:
        return f"800.1.3.2/{self._next(f'sk{tahun}'):04d}/BKPSDM/{tahun}"


# --- Small pure helpers ---------------------------------------------------------------------


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split total into integers proportional to weights (largest remainder)."""
    if not weights:
        return []
    s = sum(weights)
    if s <= 0 or total <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _golongan(rng: random.Random, level: str, jenis_asn: str, masa_kerja: int) -> str:
    """PNS rise through their level's range with years of service (a step every four years or
    so); PPPK keep the entry golongan of their jabatan (III/a = IX)."""
    choices = GOLONGAN.get(level, GOLONGAN["S1"])
    if jenis_asn == PPPK:
        return GOLONGAN_PPPK[GOLONGAN_PNS.index(choices[0])]
    step = min(len(choices) - 1, max(0, masa_kerja // 4 + rng.randint(-1, 0)))
    return choices[step]


def _porsi_perempuan(level: str, ilmu: str) -> float:
    if level in (SEKDA, JPT):
        return 0.2
    if level == ADMINISTRATOR:
        return 0.35
    return {
        "kebidanan": 1.0,
        "keperawatan": 0.75,
        "gizi": 0.8,
        "farmasi": 0.75,
        "pendidikan": 0.68,
        "kedokteran": 0.6,
        "hukum": 0.3,
        "teknik": 0.25,
        "perhubungan": 0.15,
    }.get(ilmu, 0.5)


def _pendidikan_pimpinan(rng: random.Random, level: str) -> str:
    chances = {SEKDA: (0.2, 0.75), JPT: (0.12, 0.75), ADMINISTRATOR: (0.02, 0.6)}
    s3, s2 = chances.get(level, (0.0, 0.3))
    r = rng.random()
    return "S3" if r < s3 else ("S2" if r < s3 + s2 else "S1")


def _nama(rng: random.Random, perempuan: bool) -> tuple[str, bool]:
    region = rng.choices(REGIONS, cum_weights=REGION_CUM)[0]
    _, male, female, last_m, last_f = NAMA[region]
    given = rng.choice(female if perempuan else male)
    family = (last_f or last_m) if perempuan else last_m
    last = rng.choice(family) if family else ""
    if region == "bali":
        urutan = rng.choice(BALI_URUTAN[:-1] if perempuan else BALI_URUTAN)
        if perempuan and rng.random() < 0.4:
            urutan = f"Luh {urutan}"
        return f"{'Ni' if perempuan else 'I'} {urutan} {given}", False
    if region == "jawa":
        if rng.random() < 0.3:
            given = f"{given} {rng.choice(female if perempuan else male)}"
        if rng.random() < 0.15:  # many Javanese have no family name at all
            return given, True
    if region == "melayu" and rng.random() < 0.08:
        given = f"{'Cut' if perempuan else 'Teuku'} {given}"
    if region == "bugis" and rng.random() < 0.25:
        given = f"Andi {given}"
    if given.split()[-1] == last:
        return given, region in MUSLIM
    return f"{given} {last}".strip(), region in MUSLIM


def _gelar(
    rng: random.Random, ilmu: str, pendidikan: str, tahun_lahir: int, perempuan: bool, haji: bool
) -> tuple[str, str]:
    depan: list[str] = []
    belakang: list[str] = []
    if haji and rng.random() < 0.25:
        depan.append("Hj." if perempuan else "H.")
    if ilmu in ("kedokteran", "kedokteran_gigi"):
        depan.insert(0, "dr." if ilmu == "kedokteran" else "drg.")
        if pendidikan in ("S2", "S3"):
            belakang.append(rng.choice(("M.Kes.", "M.K.M.")))
        return " ".join(depan), ", ".join(belakang)
    if pendidikan == "SMA":
        return " ".join(depan), ""
    d3, s1, s2 = GELAR.get(ilmu, GELAR["umum"])
    if pendidikan == "D3":
        return " ".join(depan), rng.choice(d3)
    if tahun_lahir < 1972 and ilmu in GELAR_LAMA and rng.random() < 0.5:
        depan.append("Dra." if perempuan else "Drs.")
    elif tahun_lahir < 1975 and ilmu == "teknik" and rng.random() < 0.5:
        depan.append("Ir.")
    else:
        belakang.append(rng.choice(s1))
    if pendidikan in ("S2", "S3"):
        belakang.append(rng.choice(s2))
    if pendidikan == "S3":
        depan.insert(0, "Dr.")
    return " ".join(depan), ", ".join(belakang)


def _email(nama: str, nip: str, domain: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode()
    parts = "".join(c if c.isalnum() else " " for c in ascii_name).lower().split()
    if len(parts) > 2 and parts[0] in ("i", "ni"):  # Balinese: "ketut.suarjana"
        parts = parts[1:]
    return (
        f"{parts[0]}.{parts[-1]}.{nip[-4:]}@{domain}"
        if len(parts) > 1
        else f"{parts[0]}.{nip[-4:]}@{domain}"
    )


def _tempat(seed: int) -> list[str]:
    names = []
    for prefix in PREFIX_TEMPAT:
        for suffix in SUFFIX_TEMPAT:
            if prefix in JOIN_TEMPAT:
                names.append(prefix + suffix.lower())
            else:
                names.append(f"{prefix} {suffix}")
    random.Random(seed).shuffle(names)
    return names


# --- Writing --------------------------------------------------------------------------------


def write_plan(plan: Plan, password_hash: str, *, pegawai: bool = True) -> Instansi:
    """Store a plan with bulk inserts; caller holds the transaction. With pegawai=False only the
    instansi, jabatan and unit tree are written (the benchmark imports the pegawai)."""
    p = plan.profil
    instansi = Instansi.objects.create(
        kode=p.kode, nama=p.nama, jenis="daerah", zona_waktu=p.zona_waktu
    )
    jabatan_ids = _write_jabatan(instansi, plan.jabatan.values())
    unit_ids = _write_units(instansi, plan.units, jabatan_ids)
    rebuild_paths(instansi.pk)
    if pegawai:
        _write_pegawai(instansi, plan, jabatan_ids, unit_ids, password_hash)
    analyze(UnitOrganisasi, Jabatan, Pegawai, RiwayatJabatan, User)
    return instansi


def _write_jabatan(instansi: Instansi, rows: Iterable[JabatanPlan]) -> dict[str, int]:
    jenjang_ids = dict(JenjangFungsional.objects.values_list("nama", "id"))
    kategori = dict(JenjangFungsional.objects.values_list("nama", "kategori"))
    objs = Jabatan.objects.bulk_create(
        [
            Jabatan(
                instansi=instansi,
                nama=j.nama,
                jenis=j.jenis,
                kategori_fungsional=kategori.get(j.jenjang, "") if j.jenis == FUNGSIONAL else "",
                jenjang_id=jenjang_ids.get(j.jenjang) if j.jenis == FUNGSIONAL else None,
                kelas_jabatan=j.kelas,
            )
            for j in rows
        ],
        batch_size=BATCH,
    )
    return {j.nama: j.pk for j in objs}


def _write_units(
    instansi: Instansi, units: list[UnitPlan], jabatan_ids: dict[str, int]
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for tingkat in sorted({u.tingkat for u in units}):
        objs = UnitOrganisasi.objects.bulk_create(
            [
                UnitOrganisasi(
                    instansi=instansi,
                    kode=u.kode,
                    nama=u.nama,
                    induk_id=ids[u.induk] if u.induk else None,
                    jabatan_pimpinan_id=jabatan_ids[u.pimpinan] if u.pimpinan else None,
                    kedalaman=tingkat,
                )
                for u in units
                if u.tingkat == tingkat
            ],
            batch_size=BATCH,
        )
        ids.update((o.kode, o.pk) for o in objs)
    return ids


def _write_pegawai(
    instansi: Instansi,
    plan: Plan,
    jabatan_ids: dict[str, int],
    unit_ids: dict[str, int],
    password_hash: str,
) -> None:
    """Pegawai, their positions and accounts: plain executemany (the ORM's bulk_create spends
    most of its time compiling SQL), then one query for the new ids."""
    golongan_ids = {
        (jenis, kode): pk
        for jenis, kode, pk in Golongan.objects.values_list("jenis_asn", "kode", "id")
    }
    insert_many(
        Pegawai,
        (
            {
                "instansi_id": instansi.pk,
                "nip": p.nip,
                "nama": p.nama,
                "gelar_depan": p.gelar_depan,
                "gelar_belakang": p.gelar_belakang,
                "jenis_asn": p.jenis_asn,
                "jenis_kelamin": p.jenis_kelamin,
                "tanggal_lahir": p.tanggal_lahir,
                "golongan_id": golongan_ids[(p.jenis_asn, p.golongan)],
                "jabatan_id": jabatan_ids[p.jabatan],
                "unor_id": unit_ids[p.unor],
                "email": p.email,
                "is_guru": p.is_guru,
            }
            for p in plan.pegawai
        ),
    )
    ids = dict(Pegawai.objects.filter(instansi=instansi).values_list("nip", "id"))
    insert_many(
        RiwayatJabatan,
        (
            {
                "instansi_id": instansi.pk,
                "pegawai_id": ids[p.nip],
                "jabatan_id": jabatan_ids[r.jabatan],
                "unor_id": unit_ids[r.unor],
                "jenis_penugasan": r.jenis,
                "berlaku_mulai": r.mulai,
                "berlaku_sampai": r.sampai,
                "nomor_sk": r.nomor_sk,
            }
            for p in plan.pegawai
            for r in p.riwayat
        ),
    )
    admin_nip = plan.profil.admin.nip
    insert_many(
        User,
        (
            {
                "nip": p.nip,
                "nama": p.nama_lengkap,
                "email": p.email,
                "instansi_id": instansi.pk,
                "pegawai_id": ids[p.nip],
                "password": password_hash,
                "is_admin_instansi": p.nip == admin_nip,
                "must_change_password": False,
            }
            for p in plan.pegawai
        ),
    )


# --- Seeding --------------------------------------------------------------------------------


@dataclass
class SeedResult:
    dibuat: list[str]  # instansi created in this run
    pegawai: dict[str, int]  # instansi kode -> pegawai count (existing or created)


@transaction.atomic
def seed(n: int = DEFAULT_PEGAWAI, password: str = DEMO_PASSWORD) -> SeedResult:
    """Create the demo instansi and accounts that do not exist yet; leave existing ones as is."""
    if n < MIN_PEGAWAI:
        raise ValueError(f"Jumlah pegawai demo minimal {MIN_PEGAWAI}.")
    wanted = ((KOTA, n), (KABUPATEN, PEGAWAI_KABUPATEN))
    existing = set(
        Instansi.objects.filter(kode__in=[p.kode for p, _ in wanted]).values_list("kode", flat=True)
    )
    need_admin = not User.objects.filter(nip=ADMIN_NASIONAL_NIP).exists()
    result = SeedResult([], {})
    todo = [(p, size) for p, size in wanted if p.kode not in existing]
    if todo or need_admin:
        password_hash = make_password(password)  # once: every demo account shares it
        reserved = set(User.objects.values_list("nip", flat=True))
        for profil, size in todo:
            plan = build_plan(profil, size, reserved)
            taken = {t.nip for t in profil.tokoh} & reserved
            if taken:
                raise ValueError(f"NIP demo {', '.join(sorted(taken))} sudah dipakai akun lain.")
            write_plan(plan, password_hash)
            reserved |= {p.nip for p in plan.pegawai}
            result.dibuat.append(profil.kode)
        if need_admin:
            User.objects.create(
                nip=ADMIN_NASIONAL_NIP,
                nama=ADMIN_NASIONAL_NAMA,
                password=password_hash,
                is_admin_nasional=True,
                must_change_password=False,
            )
    counts = dict(
        Pegawai.objects.filter(instansi__kode__in=[p.kode for p, _ in wanted])
        .values_list("instansi__kode")
        .annotate(n=Count("id"))
        .values_list("instansi__kode", "n")
    )
    result.pegawai = {p.kode: counts.get(p.kode, 0) for p, _ in wanted}
    if result.dibuat or need_admin:
        audit.record(
            None,
            "demo.dibuat",
            Instansi.objects.filter(kode=KOTA.kode).first(),
            after={
                "instansi": result.dibuat,
                "pegawai": result.pegawai,
                "admin_nasional": need_admin,
            },
            reason="Data demo dari perintah seed_demo",
        )
    return result


def _index_foreign_keys() -> None:
    """PostgreSQL checks, for every deleted row, that no row still refers to it, with a query on
    the referring column alone. Our indexes lead with `instansi`, so each check would scan the
    whole table (dead rows included): quadratic at 100,000 pegawai. Temporary single-column
    indexes make each check a lookup; they are dropped once the deletion is committed. Checks
    run per statement until the end of hapus_demo: PostgreSQL refuses CREATE INDEX on a table
    with checks still pending (inside a caller's transaction)."""
    if connection.vendor != "postgresql":
        return
    qn = connection.ops.quote_name
    names = []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in apps.get_models():
            for f in model._meta.concrete_fields:
                indexed = getattr(f, "db_index", False) or f.unique
                if f.is_relation and f.name != "instansi" and not indexed:
                    table = model._meta.db_table
                    name = f"tmp_hapus_{table}_{f.column}"[:63]
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {qn(name)} ON {qn(table)} ({qn(f.column)})"
                    )
                    names.append(name)

    def drop() -> None:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"DROP INDEX IF EXISTS {qn(name)}")

    transaction.on_commit(drop)


@transaction.atomic
def hapus_demo() -> int:
    """Delete the demo instansi and everything in them (for --fresh). Returns pegawai removed.

    Raw deletes in dependency order: the ORM's cascade would load 100,000 rows first."""
    ids = list(
        Instansi.objects.filter(kode__in=[KOTA.kode, KABUPATEN.kode]).values_list("id", flat=True)
    )
    if not ids:
        return 0
    _index_foreign_keys()
    users = User.objects.filter(instansi_id__in=ids)
    AuditEvent.objects.filter(actor__in=users).exclude(instansi_id__in=ids).update(actor=None)
    removed = Pegawai.objects.filter(instansi_id__in=ids).count()
    from kinerja.bantuan import demo as bantuan_demo  # tickets point at the users
    from kinerja.integrasi import demo as integrasi_demo  # queues and imports point at all
    from kinerja.notifikasi import demo as notifikasi_demo  # reminders point at all stages
    from kinerja.pelaksanaan import demo as pelaksanaan_demo  # stage-2 rows point at stage 1
    from kinerja.penilaian import demo as penilaian_demo  # stage-3 rows point at stages 1-2
    from kinerja.perencanaan import demo as skp_demo  # the stage-1 rows point at the pegawai
    from kinerja.tindaklanjut import demo as tindak_lanjut_demo  # stage 4 points at all

    bantuan_demo.hapus(ids)
    notifikasi_demo.hapus(ids)
    integrasi_demo.hapus(ids)
    tindak_lanjut_demo.hapus(ids)
    penilaian_demo.hapus(ids)
    pelaksanaan_demo.hapus(ids)
    skp_demo.hapus(ids)
    for qs in (
        AuditEvent.objects.filter(instansi_id__in=ids),
        ImportBatch.objects.filter(instansi_id__in=ids),
        User.groups.through.objects.filter(user__instansi_id__in=ids),
        User.user_permissions.through.objects.filter(user__instansi_id__in=ids),
    ):
        qs._raw_delete(qs.db)
    users._raw_delete(users.db)
    RiwayatJabatan.objects.filter(instansi_id__in=ids)._raw_delete(connection.alias)
    Pegawai.objects.filter(instansi_id__in=ids).update(atasan_override=None)
    Pegawai.objects.filter(instansi_id__in=ids)._raw_delete(connection.alias)
    UnitOrganisasi.objects.filter(instansi_id__in=ids).update(induk=None, jabatan_pimpinan=None)
    for model in (UnitOrganisasi, Jabatan):
        model.objects.filter(instansi_id__in=ids)._raw_delete(connection.alias)
    Instansi.objects.filter(id__in=ids)._raw_delete(connection.alias)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default, back
    audit.record(
        None,
        "demo.dihapus",
        object_type="org.Instansi",
        object_repr="Data demo",
        before={"instansi": [KOTA.kode, KABUPATEN.kode], "pegawai": removed},
        reason="seed_demo --fresh",
    )
    return removed
