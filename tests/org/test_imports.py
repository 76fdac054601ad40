"""The import service: parsing CSV/XLSX, validation messages, all-or-nothing, re-import."""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.org import imports
from kinerja.org.imports import pratinjau_impor, template_file, terapkan_impor
from kinerja.org.models import (
    ImportBatch,
    Jabatan,
    JenjangFungsional,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
)
from kinerja.org.nip import parse_nip
from tests.factories import UserFactory, next_nip, user_for

PEGAWAI_HEADER = [kolom.nama for kolom in imports.KOLOM["pegawai"]]
NIP_PNS = "198503122010011003"  # born 12-03-1985, male
NIP_PPPK = "199007152022212004"  # born 15-07-1990, female
UNOR_HEADER = [
    "kode_unor",
    "nama_unor",
    "kode_unor_induk",
    "jabatan_pimpinan",
    "jenis_jabatan_pimpinan",
]


def pegawai_row(nip=NIP_PNS, nama="Budi Santoso", **kw):
    values = {
        "nip": nip,
        "nama": nama,
        "gelar_depan": "",
        "gelar_belakang": "S.Kom.",
        "jenis_asn": "PNS",
        "golongan": "III/b",
        "jabatan": "Pengelola Data A",
        "jenis_jabatan": "Pelaksana",
        "jenjang": "",
        "kode_unor": "A-S",
        "tmt_jabatan": "",
        "email": "",
        "guru": "",
    }
    values.update(kw)
    return values


def csv_bytes(rows, header=PEGAWAI_HEADER, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return out.getvalue().encode()


def xlsx_bytes(rows, header=PEGAWAI_HEADER, numeric_nip=False):
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("Pegawai")
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(header):
            value = row.get(name, "")
            if name == "nip" and numeric_nip:
                sheet.write_number(r, c, int(value))
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    return out.getvalue()


def preview(org, rows, jenis="pegawai", nama_file="pegawai.csv", **kw):
    data = rows if isinstance(rows, bytes) else csv_bytes(rows, **kw)
    return pratinjau_impor(org.admin, org.instansi, jenis, nama_file, data)


def from_nip(pegawai):
    """Factories give every pegawai the same birth date; an import takes it from the NIP."""
    info = parse_nip(pegawai.nip)
    pegawai.jenis_kelamin, pegawai.tanggal_lahir = info.jenis_kelamin, info.tanggal_lahir
    pegawai.save()
    return pegawai


def messages(batch):
    return [(e["baris"], e["kolom"], e["pesan"]) for e in batch.kesalahan]


def only_error(batch):
    assert batch.status == "gagal_validasi", batch.kesalahan
    assert len(batch.kesalahan) == 1, batch.kesalahan
    return batch.kesalahan[0]


# --- Reading files --------------------------------------------------------------------------


def test_csv_preview_writes_nothing_then_apply_creates(org):
    rows = [
        pegawai_row(),
        pegawai_row(
            NIP_PPPK,
            "Siti Rahmawati",
            jenis_asn="PPPK",
            golongan="IX",
            jabatan="Guru Ahli Pertama",
            jenis_jabatan="Fungsional",
            jenjang="Ahli Pertama",
            kode_unor="A-B",
            tmt_jabatan="01-03-2022",
            email="siti@example.go.id",
            guru="ya",
        ),
    ]
    before = Pegawai.objects.count()
    batch = preview(org, rows)

    assert batch.status == "pratinjau", batch.kesalahan
    assert batch.jumlah_baris == 2
    assert batch.ringkasan["baru"] == 2
    assert batch.ringkasan["jabatan_baru"] == 1
    assert batch.berkas.read() == csv_bytes(rows)
    assert Pegawai.objects.count() == before
    assert not Jabatan.objects.filter(nama="Guru Ahli Pertama").exists()

    terapkan_impor(org.admin, batch)

    batch.refresh_from_db()
    assert batch.status == "diterapkan" and batch.diterapkan_at is not None
    siti = Pegawai.objects.select_related("jabatan__jenjang", "golongan").get(nip=NIP_PPPK)
    assert (siti.jenis_kelamin, siti.tanggal_lahir) == ("P", dt.date(1990, 7, 15))
    assert siti.golongan.kode == "IX" and siti.is_guru and siti.email == "siti@example.go.id"
    assert siti.jabatan.jenis == "Fungsional" and siti.jabatan.jenjang.nama == "Ahli Pertama"
    assert siti.jabatan.kategori_fungsional == "Keahlian"
    assert siti.unor == org.bidang
    riwayat = RiwayatJabatan.objects.get(pegawai=siti)
    assert (riwayat.berlaku_mulai, riwayat.berlaku_sampai) == (dt.date(2022, 3, 1), None)
    budi = Pegawai.objects.get(nip=NIP_PNS, instansi=org.instansi)
    assert (budi.jenis_kelamin, budi.gelar_belakang, budi.jabatan) == (
        "L",
        "S.Kom.",
        org.jabatan_staf,
    )
    assert RiwayatJabatan.objects.get(pegawai=budi).berlaku_mulai == timezone.localdate()
    actions = list(
        AuditEvent.objects.filter(object_id=str(batch.pk), object_type="org.ImportBatch")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["impor.pratinjau", "impor.diterapkan"]
    assert AuditEvent.objects.get(action="impor.diterapkan").after["baru"] == 2


def test_xlsx_reads_text_nip_and_real_dates(org):
    row = pegawai_row(tmt_jabatan=dt.date(2024, 2, 1), jenis_asn="pns")
    batch = preview(org, xlsx_bytes([row]), nama_file="pegawai.xlsx")
    assert batch.status == "pratinjau", batch.kesalahan
    terapkan_impor(org.admin, batch)
    pegawai = Pegawai.objects.get(nip=NIP_PNS)
    assert pegawai.nip == NIP_PNS and len(pegawai.nip) == 18
    assert RiwayatJabatan.objects.get(pegawai=pegawai).berlaku_mulai == dt.date(2024, 2, 1)


def test_xlsx_numeric_nip_is_reported_clearly(org):
    batch = preview(org, xlsx_bytes([pegawai_row()], numeric_nip=True), nama_file="p.xlsx")
    error = only_error(batch)
    assert (error["baris"], error["kolom"]) == (2, "nip")
    assert "tertulis sebagai angka (1.98503122010011e+17)" in error["pesan"]
    assert "teks" in error["pesan"]


def test_csv_nip_mangled_by_a_spreadsheet_is_reported(org):
    error = only_error(preview(org, [pegawai_row(nip="1.98503E+17")]))
    assert "tertulis sebagai angka" in error["pesan"]


def test_nip_text_kept_with_zeros_and_spaces_and_apostrophe(org):
    # Zeros inside stay; spaces typed between the parts and a leading apostrophe are dropped.
    batch = preview(
        org,
        [
            pegawai_row(nip="'199001012015022001", nama="Satu"),
            pegawai_row(nip="19850312 201001 1 003", nama="Dua"),
        ],
    )
    assert batch.status == "pratinjau", batch.kesalahan
    terapkan_impor(org.admin, batch)
    nips = set(Pegawai.objects.filter(nama__in=["Satu", "Dua"]).values_list("nip", flat=True))
    assert nips == {"199001012015022001", NIP_PNS}


def test_semicolon_csv_with_any_header_case(org):
    header = [h.upper() if i % 2 else h.title() for i, h in enumerate(PEGAWAI_HEADER)]
    data = csv_bytes([list(pegawai_row().values())], header=header, delimiter=";")
    batch = preview(org, data)
    assert batch.status == "pratinjau", batch.kesalahan
    assert batch.ringkasan["baru"] == 1


def test_cp1252_csv_and_blank_lines(org):
    data = csv_bytes([pegawai_row(nama="Dédé")]).decode().replace("\r\n", "\r\n\r\n")
    batch = preview(org, data.encode("cp1252"))
    assert batch.status == "pratinjau", batch.kesalahan
    assert batch.jumlah_baris == 1
    assert batch.ringkasan["contoh"][0]["nama"] == "Dédé"


def test_optional_columns_left_out_keep_values(org):
    org.staf.email = "staf@example.go.id"
    from_nip(org.staf)
    header = ["nip", "nama", "jenis_asn", "jabatan", "jenis_jabatan", "kode_unor"]
    row = pegawai_row(org.staf.nip, org.staf.nama, jabatan=org.jabatan_staf.nama)
    batch = preview(org, [row], header=header)
    assert batch.ringkasan["tetap"] == 1, batch.ringkasan
    org.staf.refresh_from_db()
    assert org.staf.email == "staf@example.go.id"


# --- Validation messages ---------------------------------------------------------------------


def test_unknown_repeated_and_missing_columns(org):
    header = ["NIP", "nama", "nama", "jenis_asn", "jabatan", "kode_unor", "hobi"]
    batch = preview(org, [["x"] * len(header)], header=header)
    assert batch.status == "gagal_validasi"
    assert messages(batch) == [
        (1, "nama", "Kolom 'nama' muncul lebih dari sekali."),
        (
            1,
            "hobi",
            f"Kolom 'hobi' tidak dikenal. Kolom yang dikenal: {', '.join(PEGAWAI_HEADER)}.",
        ),
        (1, "jenis_jabatan", "Kolom wajib 'jenis_jabatan' tidak ada pada baris judul."),
    ]
    assert batch.jumlah_baris == 0


@pytest.mark.parametrize(
    ("change", "kolom", "pesan"),
    [
        ({"nip": ""}, "nip", "NIP wajib diisi."),
        ({"nip": "19850312201001100"}, "nip", "NIP harus 18 digit; yang diisi 17 digit."),
        ({"nip": NIP_PPPK}, "nip", "NIP ini berformat NI PPPK, tetapi jenis ASN diisi PNS."),
        ({"nama": ""}, "nama", "Nama wajib diisi."),
        ({"nama": "x" * 201}, "nama", "Paling banyak 200 karakter; yang diisi 201."),
        ({"gelar_depan": "x" * 33}, "gelar_depan", "Paling banyak 32 karakter; yang diisi 33."),
        ({"jenis_asn": ""}, "jenis_asn", "Jenis ASN wajib diisi (PNS atau PPPK)."),
        ({"jenis_asn": "Honorer"}, "jenis_asn", "Jenis ASN harus PNS atau PPPK, bukan 'Honorer'."),
        (
            {"golongan": "IX"},
            "golongan",
            "Golongan 'IX' tidak dikenal untuk PNS (contoh penulisan: III/a).",
        ),
        ({"jabatan": ""}, "jabatan", "Jabatan wajib diisi."),
        ({"jenis_jabatan": ""}, "jenis_jabatan", "Jenis jabatan wajib diisi."),
        (
            {"jenis_jabatan": "Staf", "jabatan": "Baru"},
            "jenis_jabatan",
            "Jenis jabatan harus salah satu dari JPT, Administrator, Pengawas, Pelaksana, "
            "Fungsional, bukan 'Staf'.",
        ),
        (
            {"jenis_jabatan": "Fungsional", "jabatan": "Analis"},
            "jenjang",
            "Jenjang wajib diisi untuk jabatan Fungsional.",
        ),
        (
            {"jenis_jabatan": "Fungsional", "jabatan": "Analis", "jenjang": "Ahli Super"},
            "jenjang",
            "Jenjang 'Ahli Super' tidak dikenal.",
        ),
        (
            {"jenjang": "Ahli Muda"},
            "jenjang",
            "Jenjang hanya untuk jabatan Fungsional, bukan Pelaksana.",
        ),
        (
            {"jenis_jabatan": "Pengawas"},
            "jabatan",
            "Jabatan 'Pengelola Data A' sudah ada di instansi dengan jenis Pelaksana, "
            "bukan Pengawas.",
        ),
        ({"kode_unor": ""}, "kode_unor", "Kode unor wajib diisi."),
        ({"kode_unor": "B-S"}, "kode_unor", "Unit dengan kode B-S tidak ada di instansi ini."),
        (
            {"tmt_jabatan": "31-02-2024"},
            "tmt_jabatan",
            "Tanggal '31-02-2024' tidak dikenali; tulis DD-MM-YYYY atau YYYY-MM-DD.",
        ),
        ({"email": "budi@"}, "email", "Alamat email 'budi@' tidak valid."),
        ({"guru": "mungkin"}, "guru", "Isi dengan ya atau tidak, bukan 'mungkin'."),
    ],
)
def test_row_error_messages(org, other_org, change, kolom, pesan):
    error = only_error(preview(org, [pegawai_row(**change)]))
    assert error == {"baris": 2, "kolom": kolom, "pesan": pesan}


def test_header_only_file(org):
    assert only_error(preview(org, [])) == {
        "baris": 2,
        "kolom": "",
        "pesan": "Berkas tidak berisi baris data.",
    }


def test_jabatan_with_another_jenjang(org):
    jenjang = JenjangFungsional.objects.get(nama="Ahli Muda")
    Jabatan.objects.create(
        instansi=org.instansi, nama="Analis SDM", jenis="Fungsional", jenjang=jenjang
    )
    row = pegawai_row(jabatan="Analis SDM", jenis_jabatan="Fungsional", jenjang="Ahli Madya")
    assert only_error(preview(org, [row])) == {
        "baris": 2,
        "kolom": "jabatan",
        "pesan": "Jabatan 'Analis SDM' sudah ada di instansi dengan jenjang Ahli Muda, "
        "bukan Ahli Madya.",
    }


def test_value_in_a_column_without_header(org):
    data = csv_bytes([[*pegawai_row().values(), "lebih"]])
    assert only_error(preview(org, data)) == {
        "baris": 2,
        "kolom": "",
        "pesan": "Ada isian di kolom tanpa judul.",
    }


def test_duplicate_nip_names_both_rows(org):
    batch = preview(
        org,
        [
            pegawai_row(),
            pegawai_row(nama="Lain"),
            pegawai_row(NIP_PPPK, jenis_asn="PPPK", golongan=""),
        ],
    )
    assert only_error(batch) == {
        "baris": 3,
        "kolom": "nip",
        "pesan": f"NIP {NIP_PNS} muncul di baris 2 dan baris 3; satu NIP hanya boleh satu baris.",
    }


def test_same_new_jabatan_with_two_jenis_in_file(org):
    batch = preview(
        org,
        [
            pegawai_row(jabatan="Penata Arsip", jenis_jabatan="Pelaksana"),
            pegawai_row(
                NIP_PPPK,
                jenis_asn="PPPK",
                golongan="",
                jabatan="penata  arsip",
                jenis_jabatan="Pengawas",
            ),
        ],
    )
    assert only_error(batch)["pesan"] == (
        "Jabatan 'Penata Arsip' sudah ada di baris 2 dengan jenis Pelaksana, bukan Pengawas."
    )


def test_nip_of_another_instansi_is_refused_without_naming_it(org, other_org):
    batch = preview(org, [pegawai_row(other_org.staf.nip, jabatan=org.jabatan_staf.nama)])
    error = only_error(batch)
    assert error["pesan"] == f"NIP {other_org.staf.nip} sudah terdaftar di instansi lain."
    assert other_org.instansi.nama not in str(batch.kesalahan)


def test_nip_of_another_instansi_found_by_the_scan_path(org, other_org, monkeypatch):
    monkeypatch.setattr(imports, "_IN_CHUNK", 1)  # two new NIPs: more than one chunk
    rows = [pegawai_row(other_org.kasi.nip, "A"), pegawai_row(next_nip(), "B")]
    batch = preview(org, rows)
    assert messages(batch) == [
        (2, "nip", f"NIP {other_org.kasi.nip} sudah terdaftar di instansi lain.")
    ]


def test_errors_are_capped_with_a_count_of_the_rest(org):
    batch = preview(org, [pegawai_row(next_nip(), nama="") for _ in range(1010)])
    assert len(batch.kesalahan) == 1000
    assert batch.ringkasan["jumlah_kesalahan"] == 1010
    assert batch.ringkasan["kesalahan_lain"] == 10


# --- All or nothing, re-import, moves ---------------------------------------------------------


def test_one_bad_row_imports_nothing(org):
    rows = [pegawai_row(next_nip(), f"P{i}", jabatan="Jabatan Baru") for i in range(5)]
    rows.append(pegawai_row(next_nip(), "Salah", kode_unor="TIDAK-ADA"))
    counts = (Pegawai.objects.count(), Jabatan.objects.count(), RiwayatJabatan.objects.count())
    batch = preview(org, rows)
    assert batch.status == "gagal_validasi"
    with pytest.raises(DomainError, match="memiliki kesalahan"):
        terapkan_impor(org.admin, batch)
    assert (
        Pegawai.objects.count(),
        Jabatan.objects.count(),
        RiwayatJabatan.objects.count(),
    ) == counts


def test_database_change_after_preview_is_caught_at_apply(org, other_org):
    nip = next_nip()
    batch = preview(org, [pegawai_row(next_nip(), "Satu"), pegawai_row(nip, "Dua")])
    assert batch.status == "pratinjau"
    other_org.staf.nip = nip  # someone registers the NIP elsewhere before the apply
    other_org.staf.save()

    with pytest.raises(DomainError, match="1 kesalahan; tidak ada yang diimpor"):
        terapkan_impor(org.admin, batch)

    batch.refresh_from_db()
    assert batch.status == "gagal_validasi"
    assert batch.kesalahan[0]["pesan"] == f"NIP {nip} sudah terdaftar di instansi lain."
    assert not Pegawai.objects.filter(instansi=org.instansi, nama__in=["Satu", "Dua"]).exists()


def test_reimport_updates_without_duplicates(org):
    rows = [pegawai_row(next_nip(), f"Pegawai {i}") for i in range(3)]
    terapkan_impor(org.admin, preview(org, rows))
    counts = (Pegawai.objects.count(), RiwayatJabatan.objects.count())

    again = preview(org, rows)
    assert {k: again.ringkasan[k] for k in ("baru", "diubah", "pindah", "tetap")} == {
        "baru": 0,
        "diubah": 0,
        "pindah": 0,
        "tetap": 3,
    }
    assert again.ringkasan["contoh"] == []
    terapkan_impor(org.admin, again)
    assert (Pegawai.objects.count(), RiwayatJabatan.objects.count()) == counts

    rows[0]["nama"], rows[0]["golongan"] = "Nama Baru", "IV/a"
    changed = preview(org, rows)
    assert (changed.ringkasan["diubah"], changed.ringkasan["tetap"]) == (1, 2)
    assert changed.ringkasan["contoh"][0]["keterangan"] == "nama, golongan"
    terapkan_impor(org.admin, changed)
    pegawai = Pegawai.objects.get(nip=rows[0]["nip"])
    assert (pegawai.nama, pegawai.golongan.kode) == ("Nama Baru", "IV/a")
    assert (Pegawai.objects.count(), RiwayatJabatan.objects.count()) == counts


def test_moved_pegawai_gets_a_new_history_row(org):
    row = pegawai_row(
        org.staf.nip,
        org.staf.nama,
        jabatan=org.jabatan_staf.nama,
        kode_unor="A-B",
        tmt_jabatan="01-03-2025",
    )
    batch = preview(org, [row])
    assert batch.ringkasan["pindah"] == 1
    assert batch.ringkasan["contoh"][0]["keterangan"].startswith(
        "Pengelola Data A (Seksi A) → Pengelola Data A (Bidang A)"
    )
    terapkan_impor(org.admin, batch)

    org.staf.refresh_from_db()
    assert org.staf.unor == org.bidang
    rows = list(RiwayatJabatan.objects.filter(pegawai=org.staf).order_by("berlaku_mulai"))
    assert [(r.unor_id, r.berlaku_mulai, r.berlaku_sampai) for r in rows] == [
        (org.seksi.pk, dt.date(2020, 1, 1), dt.date(2025, 2, 28)),
        (org.bidang.pk, dt.date(2025, 3, 1), None),
    ]


def test_move_without_tmt_starts_today_and_same_day_fix_corrects(org):
    row = pegawai_row(org.staf.nip, org.staf.nama, jabatan=org.jabatan_staf.nama, kode_unor="A-B")
    terapkan_impor(org.admin, preview(org, [row]))
    today = timezone.localdate()
    opened = RiwayatJabatan.objects.get(pegawai=org.staf, berlaku_sampai__isnull=True)
    assert (opened.unor_id, opened.berlaku_mulai) == (org.bidang.pk, today)
    assert RiwayatJabatan.objects.get(pegawai=org.staf, unor=org.seksi).berlaku_sampai == (
        today - dt.timedelta(days=1)
    )

    row["kode_unor"] = "A-D"  # the admin fixes a wrong unit the same day
    terapkan_impor(org.admin, preview(org, [row]))
    assert RiwayatJabatan.objects.filter(pegawai=org.staf).count() == 2
    opened.refresh_from_db()
    assert (opened.unor_id, opened.berlaku_mulai, opened.berlaku_sampai) == (
        org.dinas.pk,
        today,
        None,
    )


def test_move_dated_before_the_current_position_is_refused(org):
    row = pegawai_row(
        org.staf.nip,
        org.staf.nama,
        jabatan=org.jabatan_staf.nama,
        kode_unor="A-B",
        tmt_jabatan="2019-12-31",
    )
    assert only_error(preview(org, [row])) == {
        "baris": 2,
        "kolom": "tmt_jabatan",
        "pesan": "Tanggal mulai jabatan baru (31-12-2019) harus setelah awal jabatan sekarang "
        "(01-01-2020).",
    }


def test_existing_fungsional_jabatan_gets_its_jenjang(org):
    jabatan = Jabatan.objects.create(instansi=org.instansi, nama="Analis SDM", jenis="Fungsional")
    row = pegawai_row(jabatan="analis sdm", jenis_jabatan="Fungsional", jenjang="ahli muda")
    batch = preview(org, [row])
    assert batch.ringkasan["jabatan_baru"] == 0
    terapkan_impor(org.admin, batch)
    jabatan.refresh_from_db()
    assert (jabatan.jenjang.nama, jabatan.kategori_fungsional) == ("Ahli Muda", "Keahlian")
    assert Pegawai.objects.get(nip=NIP_PNS).jabatan == jabatan


# --- Unor file --------------------------------------------------------------------------------


def unor_preview(org, rows, header=UNOR_HEADER):
    return preview(org, csv_bytes(rows, header=header), jenis="unor", nama_file="unor.csv")


def test_unor_tree_with_parent_later_in_file(org):
    rows = [
        ["A-S-1", "Subseksi Satu", "A-S-NEW", "", ""],
        ["A-S-NEW", "Seksi Baru", "A-B", "Kepala Seksi Baru", "pengawas"],
        ["A-B", "Bidang A (ganti nama)", "A-D", "Kepala Bidang A", "Administrator"],
        ["A-D", "Dinas A", "", "Kepala Dinas A", "JPT"],
    ]
    batch = unor_preview(org, rows)
    assert batch.status == "pratinjau", batch.kesalahan
    assert {k: batch.ringkasan[k] for k in ("baru", "diubah", "tetap", "jabatan_baru")} == {
        "baru": 2,
        "diubah": 1,
        "tetap": 1,
        "jabatan_baru": 1,
    }
    terapkan_impor(org.admin, batch)

    baru = UnitOrganisasi.objects.get(instansi=org.instansi, kode="A-S-NEW")
    sub = UnitOrganisasi.objects.get(instansi=org.instansi, kode="A-S-1")
    assert baru.induk == org.bidang and baru.jabatan_pimpinan.jenis == "Pengawas"
    assert sub.path == f"/{org.dinas.pk}/{org.bidang.pk}/{baru.pk}/{sub.pk}/" and sub.kedalaman == 3
    assert sub.jabatan_pimpinan is None
    org.bidang.refresh_from_db()
    assert org.bidang.nama == "Bidang A (ganti nama)"

    again = unor_preview(org, rows)
    assert (again.ringkasan["baru"], again.ringkasan["diubah"], again.ringkasan["tetap"]) == (
        0,
        0,
        4,
    )


def test_unor_errors(org):
    rows = [
        ["", "Tanpa kode", "", "", ""],
        ["X1", "", "", "", ""],
        ["X2", "Induk hilang", "ZZZ", "", ""],
        ["X3", "Diri sendiri", "X3", "", ""],
        ["X4", "Jenis kosong", "", "Kepala X4", ""],
        ["X5", "Jenis salah", "", "Kepala X5", "Eselon"],
        ["X6", "Jenis tanpa jabatan", "", "", "JPT"],
        ["X7", "Bentrok jenis", "", "Kepala Seksi A", "JPT"],
        ["X2", "Ganda", "", "", ""],
    ]
    batch = unor_preview(org, rows)
    assert messages(batch) == [
        (2, "kode_unor", "Kode unor wajib diisi."),
        (3, "nama_unor", "Nama unor wajib diisi."),
        (4, "kode_unor_induk", "Unit induk ZZZ tidak ditemukan di berkas maupun di instansi."),
        (5, "kode_unor_induk", "Unit tidak boleh menjadi induk dirinya sendiri."),
        (6, "jenis_jabatan_pimpinan", "Wajib diisi bila jabatan_pimpinan diisi."),
        (
            7,
            "jenis_jabatan_pimpinan",
            "Jenis jabatan pimpinan harus JPT, Administrator, Pengawas, Pelaksana, atau "
            "Fungsional, bukan 'Eselon'.",
        ),
        (8, "jenis_jabatan_pimpinan", "Diisi, tetapi jabatan_pimpinan kosong."),
        (
            9,
            "jabatan_pimpinan",
            "Jabatan 'Kepala Seksi A' sudah ada di instansi dengan jenis Pengawas, bukan JPT.",
        ),
        (
            10,
            "kode_unor",
            "Kode unor X2 sudah ada di baris 4; kode unor harus unik di dalam berkas.",
        ),
    ]


def test_unor_cycle_through_the_database_is_refused(org):
    # Dinas A would move under Seksi A, which is below Dinas A.
    batch = unor_preview(org, [["A-D", "Dinas A", "A-S", "", ""]])
    assert only_error(batch) == {
        "baris": 2,
        "kolom": "kode_unor_induk",
        "pesan": "Unit induk membentuk lingkaran: A-D → A-S → A-B → A-D.",
    }
    batch = unor_preview(org, [["P", "P", "Q", "", ""], ["Q", "Q", "P", "", ""]])
    assert [e["baris"] for e in batch.kesalahan] == [2, 3]
    assert "P → Q → P" in batch.kesalahan[0]["pesan"]


def test_unor_without_optional_columns_keeps_tree(org):
    batch = unor_preview(org, [["A-S", "Seksi Satu"]], header=["kode_unor", "nama_unor"])
    assert batch.ringkasan["diubah"] == 1
    terapkan_impor(org.admin, batch)
    org.seksi.refresh_from_db()
    assert (org.seksi.nama, org.seksi.induk, org.seksi.jabatan_pimpinan.nama) == (
        "Seksi Satu",
        org.bidang,
        "Kepala Seksi A",
    )


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama_file", "data", "pesan"),
    [
        ("p.txt", b"nip,nama\n", "harus berformat CSV"),
        ("p.xlsx", b"nip,nama\n", "bukan XLSX yang valid"),
        ("p.csv", b"PK\x03\x04rest", "bukan CSV"),
        ("p.xls", b"\xd0\xcf\x11\xe0rest", "harus berformat CSV"),
        ("p.csv", b"\xd0\xcf\x11\xe0rest", "XLS lama"),
        ("p.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "bukan teks CSV"),
        ("p.csv", b"   \n", "Berkas kosong"),
    ],
)
def test_wrong_file_types_are_refused(org, nama_file, data, pesan):
    with pytest.raises(DomainError, match=pesan):
        pratinjau_impor(org.admin, org.instansi, "pegawai", nama_file, data)
    assert not ImportBatch.objects.exists()


def test_xlsx_extension_with_a_zip_that_is_not_a_workbook(org):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(DomainError, match="bukan XLSX"):
        pratinjau_impor(org.admin, org.instansi, "pegawai", "p.xlsx", out.getvalue())


def test_file_too_big_is_refused(org, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(DomainError, match="terlalu besar"):
        preview(org, [pegawai_row(), pegawai_row(NIP_PPPK)])


def test_only_the_admin_of_the_instansi(org, other_org):
    data = csv_bytes([pegawai_row()])
    for actor in (user_for(org.staf), other_org.admin, UserFactory()):
        with pytest.raises(PermissionDenied):
            pratinjau_impor(actor, org.instansi, "pegawai", "p.csv", data)
    batch = preview(org, [pegawai_row()])
    with pytest.raises(PermissionDenied):
        terapkan_impor(other_org.admin, batch)
    assert not Pegawai.objects.filter(nip=NIP_PNS).exists()


def test_apply_twice_or_after_cancel_is_refused(org):
    batch = preview(org, [pegawai_row()])
    terapkan_impor(org.admin, batch)
    with pytest.raises(DomainError, match="sudah diterapkan"):
        terapkan_impor(org.admin, batch)
    other = preview(org, [pegawai_row(NIP_PPPK, jenis_asn="PPPK", golongan="")])
    imports.batalkan_impor(org.admin, other)
    with pytest.raises(DomainError, match="sudah dibatalkan"):
        terapkan_impor(org.admin, other)
    assert not Pegawai.objects.filter(nip=NIP_PPPK).exists()


def test_unknown_jenis_is_refused(org):
    with pytest.raises(DomainError, match="unor atau pegawai"):
        pratinjau_impor(org.admin, org.instansi, "skp", "p.csv", csv_bytes([]))


# --- Templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("jenis", ["unor", "pegawai"])
def test_xlsx_template_has_text_codes_examples_and_instructions(jenis):
    content, content_type, filename = template_file(jenis, "xlsx")
    assert filename == f"templat-impor-{jenis}.xlsx"
    assert content_type.endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    data, petunjuk = workbook.worksheets
    assert petunjuk.title == "Petunjuk"
    header = [c.value for c in data[1]]
    assert header == [k.nama for k in imports.KOLOM[jenis]]
    first = data[2]
    assert all(isinstance(c.value, str | type(None)) for c in first)
    key = header.index("nip" if jenis == "pegawai" else "kode_unor")
    assert first[key].number_format == "@"
    explained = {row[0].value for row in petunjuk.iter_rows(min_row=2) if row[0].value}
    assert set(header) <= explained


@pytest.mark.parametrize("jenis", ["unor", "pegawai"])
def test_csv_template_round_trips_through_the_reader(jenis):
    content, content_type, _ = template_file(jenis, "csv")
    assert content.startswith(b"\xef\xbb\xbf") and content_type.startswith("text/csv")
    tabel = imports.baca_tabel("csv", content)
    _, errors = imports.periksa_judul(tabel.judul, imports.KOLOM[jenis])
    assert errors == []
    assert [list(row) for _, row in tabel.baris] == imports.CONTOH[jenis]


def test_pegawai_template_examples_import_cleanly(org):
    """The example rows are valid once their units exist."""
    unor = template_file("unor", "xlsx")[0]
    terapkan_impor(org.admin, preview(org, unor, jenis="unor", nama_file="u.xlsx"))
    assert UnitOrganisasi.objects.get(kode="DINKES-YANKES").induk.kode == "DINKES"
    batch = preview(org, template_file("pegawai", "xlsx")[0], nama_file="t.xlsx")
    assert batch.status == "pratinjau", batch.kesalahan
    assert batch.ringkasan["baru"] == 2


def test_unknown_template_is_refused():
    with pytest.raises(DomainError):
        template_file("pegawai", "pdf")


def test_a_school_led_by_a_fungsional_position(org):
    rows = [["SD-1", "SD Negeri 1", "A-D", "Kepala SD Negeri 1", "Fungsional"]]
    batch = unor_preview(org, rows)
    assert batch.status == "pratinjau", batch.kesalahan
    terapkan_impor(org.admin, batch)
    sekolah = UnitOrganisasi.objects.get(instansi=org.instansi, kode="SD-1")
    assert sekolah.induk == org.dinas
    assert (sekolah.jabatan_pimpinan.nama, sekolah.jabatan_pimpinan.jenis) == (
        "Kepala SD Negeri 1",
        "Fungsional",
    )
