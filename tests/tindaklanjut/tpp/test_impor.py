"""Disiplin import: each wrong row refuses the whole file and stores nothing; a good file
replaces the month's rows in one go; CSV and XLSX; the templates."""

import io
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.tindaklanjut.tpp import impor
from kinerja.tindaklanjut.tpp.models import Disiplin, ImporDisiplin
from tests.conftest import login

TAHUN, BULAN = 2026, 10
HEADER = "nip,nama,persen_disiplin,periode,hari_kerja,hadir,terlambat_menit,keterangan"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def stored() -> tuple:
    return (
        list(Disiplin.objects.order_by("pk").values_list("pk", "pegawai_id", "persen")),
        AuditEvent.objects.filter(action="tpp.disiplin_diterapkan").count(),
    )


def test_good_csv_then_replace(org):
    staf, kasi = org.staf.nip, org.kasi.nip
    batch = impor.pratinjau(
        org.admin,
        org.instansi.pk,
        TAHUN,
        BULAN,
        "absen.csv",
        csv_bytes(f'{staf},Staf,"97,5",10-2026,22,21,35,Cuti 1 hari', f"{kasi},Kasi,100,,,,,"),
    )
    assert (batch.status, batch.kesalahan) == ("pratinjau", [])
    assert not Disiplin.objects.exists()  # a preview writes nothing
    impor.terapkan(org.admin, batch)
    rows = {d.pegawai_id: d for d in Disiplin.objects.all()}
    assert rows[org.staf.pk].persen == Decimal("97.50")
    assert rows[org.staf.pk].details == {
        "hari_kerja": 22,
        "hadir": 21,
        "terlambat_menit": 35,
        "keterangan": "Cuti 1 hari",
    }
    assert rows[org.kasi.pk].sumber == "Impor absen.csv"
    # A second file for the month replaces the first one entirely.
    batch2 = impor.pratinjau(
        org.admin, org.instansi.pk, TAHUN, BULAN, "ulang.csv", csv_bytes(f"{kasi},,80,,,,,")
    )
    impor.terapkan(org.admin, batch2)
    assert list(Disiplin.objects.values_list("pegawai_id", "persen")) == [
        (org.kasi.pk, Decimal("80.00"))
    ]
    batch2.refresh_from_db()
    assert (batch2.status, batch2.ringkasan["diganti"]) == ("diterapkan", 2)
    with pytest.raises(DomainError, match="sudah diterapkan"):
        impor.terapkan(org.admin, batch2)


@pytest.mark.parametrize(
    ("line", "kolom", "pesan"),
    [
        ("{lain},X,90,,,,,", "nip", "tidak terdaftar sebagai pegawai instansi ini"),
        ("12345,X,90,,,,,", "nip", "NIP harus 18 digit angka"),
        ("{staf},X,101,,,,,", "persen_disiplin", "harus antara 0 dan 100"),
        ("{staf},X,-1,,,,,", "persen_disiplin", "harus antara 0 dan 100"),
        ("{staf},X,sembilan,,,,,", "persen_disiplin", "harus angka"),
        ("{staf},X,,,,,,", "persen_disiplin", "wajib diisi"),
        ("{staf},X,90,09-2026,,,,", "periode", "bukan bulan yang diimpor"),
        ("{staf},X,90,,20,21,,", "hadir", "tidak boleh lebih dari hari kerja"),
        ("{staf},X,90,,,,-5,", "terlambat_menit", "bilangan bulat tidak negatif"),
    ],
)
def test_each_error_stores_nothing(org, other_org, line, kolom, pesan):
    before = stored()
    good = f"{org.kasi.nip},Kasi,100,,,,,"
    data = csv_bytes(good, line.format(staf=org.staf.nip, lain=other_org.staf.nip))
    batch = impor.pratinjau(org.admin, org.instansi.pk, TAHUN, BULAN, "salah.csv", data)
    assert batch.status == "gagal_validasi"
    assert [(e["baris"], e["kolom"]) for e in batch.kesalahan] == [(3, kolom)]
    assert pesan in batch.kesalahan[0]["pesan"]
    with pytest.raises(DomainError, match="memiliki kesalahan"):
        impor.terapkan(org.admin, batch)
    assert stored() == before


def test_duplicates_and_missing_columns(org):
    data = csv_bytes(f"{org.staf.nip},,90,,,,,", f"{org.staf.nip},,80,,,,,")
    batch = impor.pratinjau(org.admin, org.instansi.pk, TAHUN, BULAN, "dup.csv", data)
    assert batch.kesalahan == [
        {
            "baris": 3,
            "kolom": "nip",
            "pesan": f"NIP {org.staf.nip} sudah ada di baris 2; satu baris per pegawai.",
        }
    ]
    batch = impor.pratinjau(
        org.admin, org.instansi.pk, TAHUN, BULAN, "x.csv", b"nip,nama\n123,abc\n"
    )
    assert (
        batch.kesalahan[0]["pesan"] == "Kolom wajib 'persen_disiplin' tidak ada pada baris judul."
    )
    assert not Disiplin.objects.exists()


def test_a_file_gone_stale_is_refused_at_apply(org):
    batch = impor.pratinjau(
        org.admin, org.instansi.pk, TAHUN, BULAN, "a.csv", csv_bytes(f"{org.staf.nip},,90,,,,,")
    )
    org.staf.nip = "199001012020011999"
    org.staf.save()
    with pytest.raises(DomainError, match="sekarang memiliki 1 kesalahan"):
        impor.terapkan(org.admin, batch)
    assert not Disiplin.objects.exists()


def test_only_the_admin_of_the_instansi(org, other_org):
    data = csv_bytes(f"{org.staf.nip},,90,,,,,")
    with pytest.raises(PermissionDenied):
        impor.pratinjau(other_org.admin, org.instansi.pk, TAHUN, BULAN, "a.csv", data)
    assert not ImporDisiplin.objects.exists()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def test_xlsx_with_numbers_and_a_numeric_nip(org):
    good = xlsx_bytes([["NIP", "Persen_Disiplin"], [org.staf.nip, 95.5]])
    batch = impor.pratinjau(org.admin, org.instansi.pk, TAHUN, BULAN, "a.xlsx", good)
    impor.terapkan(org.admin, batch)
    assert Disiplin.objects.get().persen == Decimal("95.50")
    bad = xlsx_bytes([["nip", "persen_disiplin"], [int(org.staf.nip), 95]])
    batch = impor.pratinjau(org.admin, org.instansi.pk, TAHUN, BULAN, "b.xlsx", bad)
    assert "tertulis sebagai angka" in batch.kesalahan[0]["pesan"]


def test_templates_and_pages(client, org):
    content, _, name = impor.templat("xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))][:3] == [
        "nip",
        "nama",
        "persen_disiplin",
    ]
    assert "Petunjuk" in book.sheetnames and name == "templat-disiplin-tpp.xlsx"
    login(client, org.admin)
    response = client.get(reverse("tpp:disiplin_templat", args=["csv"]))
    assert response.content.decode("utf-8-sig").startswith("nip,nama,persen_disiplin,periode")
    upload = io.BytesIO(csv_bytes(f"{org.staf.nip},,90,,,,,"))
    upload.name = "absen.csv"
    response = client.post(reverse("tpp:disiplin"), {"bulan": f"{TAHUN}-{BULAN}", "berkas": upload})
    batch = ImporDisiplin.objects.get()
    assert response["Location"] == reverse("tpp:disiplin_impor", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Oktober 2026" in page and "Terapkan" in page
    response = client.post(reverse("tpp:disiplin_terapkan", args=[batch.pk]), follow=True)
    assert "Data disiplin Oktober 2026 diterapkan: 1 pegawai." in response.content.decode()
    assert Disiplin.objects.count() == 1
