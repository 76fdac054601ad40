"""The e-Kinerja BKN import services on real XLSX reports written with openpyxl."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.integrasi.ekinerjabkn import impor
from kinerja.integrasi.ekinerjabkn.fake import JUDUL, BarisBkn, laporan_xlsx
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from kinerja.integrasi.models import LogSinkron
from kinerja.org.imports import baca_tabel
from kinerja.org.models import Pegawai
from tests.integrasi.ekinerjabkn.conftest import AKHIR, baris_org, impor_diterapkan


def hasil(org) -> dict[str, tuple[str, str, str]]:
    return {
        h.pegawai.nip: (h.predikat, h.status_skp, h.unor_induk)
        for h in HasilEkinerjaBkn.objects.filter(instansi=org.instansi).select_related("pegawai")
    }


def test_realistic_report_preview_then_apply(org, tmp_path):
    path = tmp_path / "Laporan SKP Tahunan.xlsx"
    data = laporan_xlsx(baris_org(org), path=path)
    assert path.read_bytes() == data
    batch = impor.pratinjau(org.admin, org.instansi.pk, str(path), data)
    assert batch.status == "pratinjau" and batch.kesalahan == []
    assert batch.nama_file == "Laporan SKP Tahunan.xlsx"
    r = batch.ringkasan
    assert (r["baris_valid"], r["baru"], r["diperbarui"]) == (5, 5, 0)
    assert r["kolom_diabaikan"] == ["no", "jabatan", "periode_awal"]
    assert r["periode"] == ["2025-12-31"]
    assert r["per_predikat"] == {
        "Sangat Baik": 1,
        "Baik": 2,
        "Butuh Perbaikan": 1,
        "Kurang/Misconduct": 1,
    }
    assert not HasilEkinerjaBkn.objects.exists()  # a preview writes nothing else
    assert not LogSinkron.objects.exists()

    impor.terapkan(org.admin, batch)
    batch.refresh_from_db()
    assert batch.status == "diterapkan" and batch.diterapkan_at is not None
    assert hasil(org) == {
        org.kepala.nip: ("Sangat Baik", "Selesai", "Dinas Pendidikan"),
        org.kabid.nip: ("Baik", "Selesai", "Dinas Pendidikan"),
        org.kasi.nip: ("Baik", "Selesai", "Dinas Pendidikan"),
        org.staf.nip: ("Butuh Perbaikan", "Selesai", "Dinas Pendidikan"),
        org.staf_bidang.nip: ("Kurang/Misconduct", "Selesai", "Dinas Pendidikan"),
    }
    assert set(HasilEkinerjaBkn.objects.values_list("periode_akhir", "batch_id")) == {
        (AKHIR, batch.pk)
    }
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["ekinerjabkn.impor_pratinjau", "ekinerjabkn.impor_diterapkan"]
    log = LogSinkron.objects.get()
    assert (log.sistem, log.arah, log.operasi, log.status, log.jumlah, log.instansi_id) == (
        "e-Kinerja BKN",
        "impor",
        "impor_berkas",
        "berhasil",
        5,
        org.instansi.pk,
    )
    assert log.pesan == "5 hasil baru, 0 diperbarui."


def test_reimport_updates_instead_of_duplicating(org):
    pertama = impor_diterapkan(org)
    baris = baris_org(org, skp_status="Selesai Dinilai Ulang")
    baris[3].hasil_akhir = "Sangat Baik"
    baris.append(BarisBkn(nip=org.staf.nip, periode_akhir=dt.date(2025, 6, 30)))  # new period
    kedua = impor.pratinjau(org.admin, org.instansi.pk, "lagi.xlsx", laporan_xlsx(baris))
    assert (kedua.ringkasan["baru"], kedua.ringkasan["diperbarui"]) == (1, 5)
    impor.terapkan(org.admin, kedua)
    assert HasilEkinerjaBkn.objects.count() == 6
    staf = HasilEkinerjaBkn.objects.get(pegawai=org.staf, periode_akhir=AKHIR)
    assert (staf.predikat, staf.status_skp, staf.batch_id) == (
        "Sangat Baik",
        "Selesai Dinilai Ulang",
        kedua.pk,
    )
    assert staf.updated_at > staf.created_at
    assert not HasilEkinerjaBkn.objects.filter(batch=pertama).exists()


def test_every_row_error_is_reported_in_indonesian(org, other_org):
    baris = [
        BarisBkn(nip=org.staf.nip, hasil_akhir="Baik"),
        BarisBkn(nip=other_org.staf.nip),  # 3: another instansi
        BarisBkn(nip="19850312201001100"),  # 4: 17 digits
        BarisBkn(nip=198503122010011003),  # 5: a number cell
        BarisBkn(nip=org.kasi.nip, hasil_akhir="Istimewa"),  # 6: predikat organisasi
        BarisBkn(nip=org.kabid.nip, periode_akhir="31-02-2025"),  # 7
        BarisBkn(nip=org.kepala.nip, periode_akhir="akhir tahun"),  # 8
        BarisBkn(nip=org.staf.nip, hasil_akhir="Sangat Baik"),  # 9: duplicate of row 2
        BarisBkn(nip="", periode_akhir=None),  # 10
        BarisBkn(nip=org.staf_bidang.nip, periode_akhir=dt.date(1990, 12, 31)),  # 11
    ]
    batch = impor.pratinjau(org.admin, org.instansi.pk, "salah.xlsx", laporan_xlsx(baris))
    assert batch.status == "gagal_validasi"
    got = [(e["baris"], e["kolom"], e["pesan"]) for e in batch.kesalahan]
    assert got == [
        (3, "nip", f"NIP {other_org.staf.nip} tidak terdaftar sebagai pegawai instansi ini."),
        (4, "nip", "NIP harus 18 digit angka; yang diisi '19850312201001100'."),
        (
            5,
            "nip",
            "NIP tertulis sebagai angka (1.98503122010011e+17), sehingga digitnya hilang; simpan "
            "kolom NIP sebagai teks lalu ketik ulang NIP-nya.",
        ),
        (
            6,
            "hasil_akhir",
            "Hasil akhir 'Istimewa' bukan predikat yang dikenal; gunakan Sangat Baik, Baik, "
            "Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang.",
        ),
        (
            7,
            "periode_akhir",
            "Tanggal '31-02-2025' tidak dikenal; tulis DD-MM-YYYY, misalnya 31-12-2025.",
        ),
        (
            8,
            "periode_akhir",
            "Tanggal 'akhir tahun' tidak dikenal; tulis DD-MM-YYYY, misalnya 31-12-2025.",
        ),
        (
            9,
            "nip",
            f"NIP {org.staf.nip} dengan periode akhir 31-12-2025 sudah ada di baris 2; "
            "satu baris per pegawai per periode.",
        ),
        (10, "nip", "NIP wajib diisi."),
        (10, "periode_akhir", "Periode akhir wajib diisi."),
        (11, "periode_akhir", "Tahun 1990 di luar rentang yang wajar."),
    ]
    assert batch.ringkasan["baris_valid"] == 1
    with pytest.raises(DomainError, match="memiliki kesalahan sehingga tidak dapat diterapkan"):
        impor.terapkan(org.admin, batch)
    assert not HasilEkinerjaBkn.objects.exists()
    log = LogSinkron.objects.get()
    assert (log.status, log.kode_galat, log.penanggung_jawab) == (
        "gagal",
        "validasi",
        "Admin Instansi",
    )


def test_missing_required_columns_and_header_variants(org):
    judul = ("NIP", "NAMA", "periode  akhir", "Status SKP", "Keterangan")
    batch = impor.pratinjau(
        org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris_org(org), judul=judul)
    )
    assert [(e["baris"], e["pesan"]) for e in batch.kesalahan] == [
        (1, "Kolom wajib 'hasil_akhir' tidak ada pada baris judul.")
    ]
    judul = ("nip", "Periode-Akhir", "predikat", "NIP")
    batch = impor.pratinjau(
        org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris_org(org), judul=judul)
    )
    assert [e["pesan"] for e in batch.kesalahan] == ["Kolom 'nip' muncul lebih dari sekali."]


@pytest.mark.parametrize(
    "periode",
    [
        dt.date(2025, 12, 31),
        "31-12-2025",
        "31/12/2025",
        "2025-12-31",
        "31 Desember 2025",
        "31 Des 2025",
    ],
)
def test_date_formats(org, periode):
    baris = [BarisBkn(nip=org.staf.nip, periode_akhir=periode)]
    batch = impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris))
    assert batch.kesalahan == [] and batch.ringkasan["periode"] == ["2025-12-31"]


@pytest.mark.parametrize(
    "teks,label",
    [
        ("SANGAT BAIK", "Sangat Baik"),
        (" baik ", "Baik"),
        ("Butuh  Perbaikan", "Butuh Perbaikan"),
        ("Kurang", "Kurang/Misconduct"),
        ("KURANG / MISCONDUCT", "Kurang/Misconduct"),
        ("Misconduct", "Kurang/Misconduct"),
        ("sangat kurang", "Sangat Kurang"),
        ("3", "Butuh Perbaikan"),
        ("", ""),
        ("-", ""),
        ("Istimewa", None),
        ("Sangat Baik Sekali", None),
    ],
)
def test_predikat_labels(teks, label):
    assert impor.predikat_dari(teks) == label


def test_empty_result_is_kept_as_not_yet_rated(org):
    impor_diterapkan(org, [BarisBkn(nip=org.staf.nip, hasil_akhir=None, skp_status="Draft")])
    assert hasil(org) == {org.staf.nip: ("", "Draft", "Dinas Pendidikan")}


def test_csv_export_is_read_too(org):
    data = (
        "NIP;Nama;Periode Akhir;SKP Unor Induk;SKP Status;Hasil Akhir\n"
        f"{org.staf.nip};Staf;31-12-2025;Dinas A;Selesai;Baik\n"
    ).encode()
    batch = impor.pratinjau(org.admin, org.instansi.pk, "laporan.csv", data)
    impor.terapkan(org.admin, batch)
    assert hasil(org) == {org.staf.nip: ("Baik", "Selesai", "Dinas A")}


def test_apply_checks_again_and_writes_nothing_when_data_changed(org):
    batch = impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris_org(org)))
    assert batch.status == "pratinjau"
    Pegawai.objects.filter(pk=org.staf.pk).update(nip="199912312020121001")
    with pytest.raises(DomainError, match="sekarang memiliki 1 kesalahan; tidak ada yang diimpor"):
        impor.terapkan(org.admin, batch)
    batch.refresh_from_db()
    assert batch.status == "gagal_validasi"
    assert not HasilEkinerjaBkn.objects.exists()
    assert AuditEvent.objects.filter(action="ekinerjabkn.impor_gagal_diterapkan").exists()
    assert LogSinkron.objects.get().status == "gagal"


def test_applied_or_cancelled_batch_cannot_be_applied_again(org):
    batch = impor_diterapkan(org)
    with pytest.raises(DomainError, match="sudah diterapkan"):
        impor.terapkan(org.admin, batch)
    with pytest.raises(DomainError, match="tidak dapat dibatalkan"):
        impor.batalkan(org.admin, batch)
    baru = impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", laporan_xlsx(baris_org(org)))
    impor.batalkan(org.admin, baru)
    assert ImporEkinerjaBkn.objects.get(pk=baru.pk).status == "dibatalkan"
    with pytest.raises(DomainError, match="sudah dibatalkan"):
        impor.terapkan(org.admin, baru)
    assert AuditEvent.objects.filter(action="ekinerjabkn.impor_dibatalkan").count() == 1


def test_only_the_admin_of_the_instansi(org, other_org):
    data = laporan_xlsx(baris_org(org))
    with pytest.raises(PermissionDenied):
        impor.pratinjau(other_org.admin, org.instansi.pk, "a.xlsx", data)
    batch = impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", data)
    with pytest.raises(PermissionDenied):
        impor.terapkan(other_org.admin, batch)
    assert not HasilEkinerjaBkn.objects.exists()


def test_not_an_excel_file_is_refused(org):
    with pytest.raises(DomainError, match="bukan XLSX yang valid"):
        impor.pratinjau(org.admin, org.instansi.pk, "a.xlsx", b"nip,hasil\n1,2\n")
    assert not ImporEkinerjaBkn.objects.exists()


def test_template_has_the_columns_and_is_accepted(org):
    content, content_type, nama = impor.templat()
    assert nama == "templat-ekinerja-bkn.xlsx" and content_type.endswith("sheet")
    tabel = baca_tabel("xlsx", content)
    assert tabel.judul == [k.nama for k in impor.KOLOM]
    batch = impor.pratinjau(org.admin, org.instansi.pk, nama, content)
    # The example NIPs are not pegawai of this instansi; everything else is valid.
    assert {e["kolom"] for e in batch.kesalahan} == {"nip"} and len(batch.kesalahan) == 2


def test_fake_report_looks_like_the_real_one():
    data = laporan_xlsx([BarisBkn(nip="198503122010011003")])
    tabel = baca_tabel("xlsx", data)
    assert tabel.judul == [j.lower().replace(" ", "_") for j in JUDUL]
    (nomor, sel), *_ = list(tabel.baris)
    assert nomor == 2 and sel[1] == "198503122010011003" and isinstance(sel[5], dt.datetime)
