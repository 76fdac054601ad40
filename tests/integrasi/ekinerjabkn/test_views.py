"""The Admin Instansi's screens: upload → preview → apply, the result list with filters and
pagination (query counts pinned), the template download."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.integrasi.ekinerjabkn.fake import BarisBkn, laporan_xlsx
from kinerja.integrasi.ekinerjabkn.models import HasilEkinerjaBkn, ImporEkinerjaBkn
from kinerja.org.models import StatusImpor
from tests.conftest import login
from tests.factories import PegawaiFactory
from tests.integrasi.ekinerjabkn.conftest import baris_org, impor_diterapkan

SUMBER = "Sumber: e-Kinerja BKN"


@pytest.fixture
def admin(client, org):
    return login(client, org.admin)


def test_upload_preview_apply_through_the_screens(admin, org):
    page = admin.get(reverse("ekinerjabkn:impor")).content.decode()
    assert reverse("ekinerjabkn:templat") in page and "skp_unor_induk" in page
    berkas = SimpleUploadedFile("Laporan SKP.xlsx", laporan_xlsx(baris_org(org)))
    response = admin.post(reverse("ekinerjabkn:impor"), {"berkas": berkas})
    batch = ImporEkinerjaBkn.objects.get()
    assert response["Location"] == reverse("ekinerjabkn:impor_detail", args=[batch.pk])
    detail = admin.get(response["Location"]).content.decode()
    assert "Berkas lolos pemeriksaan" in detail and "5 baru, 0 memperbarui" in detail
    assert "Kolom diabaikan</dt><dd>no, jabatan, periode_awal" in detail
    assert not HasilEkinerjaBkn.objects.exists()
    response = admin.post(reverse("ekinerjabkn:terapkan", args=[batch.pk]), follow=True)
    body = response.content.decode()
    assert "Hasil e-Kinerja BKN diterapkan: 5 baru, 0 diperbarui." in body
    assert HasilEkinerjaBkn.objects.count() == 5
    listing = admin.get(reverse("ekinerjabkn:index")).content.decode()
    assert listing.count(SUMBER) == 5 and org.staf.nip in listing and "Butuh Perbaikan" in listing
    again = admin.post(reverse("ekinerjabkn:terapkan", args=[batch.pk]), follow=True)
    assert "Impor ini sudah diterapkan." in again.content.decode()


def test_errors_are_shown_and_nothing_can_be_applied(admin, org, other_org):
    data = laporan_xlsx(
        [BarisBkn(nip=other_org.staf.nip), BarisBkn(nip=org.staf.nip, hasil_akhir="A")]
    )
    admin.post(reverse("ekinerjabkn:impor"), {"berkas": SimpleUploadedFile("x.xlsx", data)})
    batch = ImporEkinerjaBkn.objects.get()
    assert batch.status == StatusImpor.GAGAL_VALIDASI
    detail = admin.get(reverse("ekinerjabkn:impor_detail", args=[batch.pk])).content.decode()
    assert "Tidak ada data yang diimpor." in detail
    assert f"NIP {other_org.staf.nip} tidak terdaftar sebagai pegawai instansi ini." in detail
    assert "Hasil akhir &#x27;A&#x27; bukan predikat yang dikenal" in detail
    assert reverse("ekinerjabkn:terapkan", args=[batch.pk]) not in detail


def test_a_bad_file_stays_on_the_form(admin):
    response = admin.post(
        reverse("ekinerjabkn:impor"), {"berkas": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "Berkas harus berformat CSV (.csv) atau XLSX (.xlsx)." in response.content.decode()
    assert not ImporEkinerjaBkn.objects.exists()


def test_cancel(admin, org):
    admin.post(
        reverse("ekinerjabkn:impor"),
        {"berkas": SimpleUploadedFile("a.xlsx", laporan_xlsx(baris_org(org)))},
    )
    batch = ImporEkinerjaBkn.objects.get()
    response = admin.post(reverse("ekinerjabkn:batal", args=[batch.pk]))
    assert response["Location"] == reverse("ekinerjabkn:impor")
    assert ImporEkinerjaBkn.objects.get().status == StatusImpor.DIBATALKAN


def test_template_download(admin):
    response = admin.get(reverse("ekinerjabkn:templat"))
    assert response["Content-Disposition"] == 'attachment; filename="templat-ekinerja-bkn.xlsx"'
    assert response.content.startswith(b"PK")


def _banyak(org, n: int) -> None:
    pegawai = [PegawaiFactory(instansi=org.instansi) for _ in range(n)]
    baris = [
        BarisBkn(nip=p.nip, hasil_akhir="Baik", skp_status="Selesai" if i % 2 else "Draft")
        for i, p in enumerate(pegawai)
    ]
    baris += [BarisBkn(nip=p.nip, periode_akhir=dt.date(2025, 6, 30)) for p in pegawai[:3]]
    impor_diterapkan(org, baris)


def test_list_filters_by_period_and_status(admin, org, other_org):
    _banyak(org, 6)
    impor_diterapkan(other_org)
    url = reverse("ekinerjabkn:index")
    body = admin.get(url).content.decode()
    assert body.count(SUMBER) == 9
    assert '<option value="2025-12-31">31-12-2025</option>' in body
    assert '<option value="Draft">Draft</option>' in body
    assert other_org.staf.nip not in body  # another instansi's rows never show
    assert admin.get(url + "?periode=2025-06-30").content.decode().count(SUMBER) == 3
    assert admin.get(url + "?status=Draft").content.decode().count(SUMBER) == 3
    both = admin.get(url + "?periode=2025-12-31&status=Selesai").content.decode()
    assert both.count(SUMBER) == 3 and 'value="2025-12-31" selected' in both
    assert admin.get(url + "?periode=kemarin").content.decode().count(SUMBER) == 9


def test_list_is_paginated_with_a_pinned_query_count(admin, org, django_assert_num_queries):
    url = reverse("ekinerjabkn:index")
    _banyak(org, 2)
    # session, user, count, page, period choices, status choices
    with django_assert_num_queries(6):
        assert admin.get(url).status_code == 200
    _banyak(org, 60)
    with django_assert_num_queries(6):
        body = admin.get(url + "?status=Selesai").content.decode()
    assert body.count(SUMBER) == 36  # (1 + 30) December + (2 + 3) June
    with django_assert_num_queries(6):
        body = admin.get(url + "?periode=2025-12-31").content.decode()
    assert body.count(SUMBER) == 50 and "Halaman 1 dari 2 (62 data)" in body
    assert 'href="?periode=2025-12-31&amp;page=2"' in body
