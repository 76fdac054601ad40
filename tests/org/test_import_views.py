"""Import screens: upload, preview, apply, cancel, templates; tenancy and query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.org.imports import pratinjau_impor
from kinerja.org.models import ImportBatch, Pegawai
from tests.conftest import login, user_for
from tests.factories import next_nip
from tests.org.test_imports import NIP_PNS, csv_bytes, pegawai_row


def upload(client, rows, jenis="pegawai", name="pegawai.csv"):
    data = rows if isinstance(rows, bytes) else csv_bytes(rows)
    return client.post(
        reverse("org:import_index"),
        {"jenis": jenis, "berkas": SimpleUploadedFile(name, data)},
    )


def batch_of(org, rows):
    return pratinjau_impor(org.admin, org.instansi, "pegawai", "p.csv", csv_bytes(rows))


def test_index_has_the_labelled_form_and_template_links(client, org):
    batch_of(org, [pegawai_row()])
    body = login(client, org.admin).get(reverse("org:import_index")).content.decode()
    assert '<label for="id_jenis">Jenis data:</label>' in body
    assert '<label for="id_berkas">Berkas:</label>' in body
    assert "<button>Pratinjau</button>" in body
    assert reverse("org:import_template", args=["pegawai", "xlsx"]) in body
    assert reverse("org:import_template", args=["unor", "csv"]) in body
    assert "p.csv" in body  # the recent imports list


def test_upload_preview_then_apply(client, org):
    login(client, org.admin)
    response = upload(client, [pegawai_row()])
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("org:import_detail", args=[batch.pk])

    body = client.get(response.url).content.decode()
    assert "Pratinjau impor pegawai" in body
    assert "<button>Terapkan</button>" in body
    assert NIP_PNS in body and "Budi Santoso" in body  # the sample of rows
    assert not Pegawai.objects.filter(nip=NIP_PNS).exists()

    response = client.post(reverse("org:import_apply", args=[batch.pk]), follow=True)
    body = response.content.decode()
    assert "Impor diterapkan: 1 baru, 0 diubah, 0 pindah, 0 tetap." in body
    assert "<button>Terapkan</button>" not in body
    assert Pegawai.objects.filter(nip=NIP_PNS, instansi=org.instansi).exists()


def test_preview_with_errors_lists_them_without_apply_button(client, org):
    login(client, org.admin)
    response = upload(client, [pegawai_row(), pegawai_row(next_nip(), nama="", kode_unor="ZZ")])
    body = client.get(response.url).content.decode()
    assert "<td>3</td><td>nama</td><td>Nama wajib diisi.</td>" in body
    assert (
        "<td>3</td><td>kode_unor</td><td>Unit dengan kode ZZ tidak ada di instansi ini.</td>"
        in body
    )
    assert "Tidak ada data yang diimpor." in body
    assert "<button>Terapkan</button>" not in body

    batch = ImportBatch.objects.get()
    response = client.post(reverse("org:import_apply", args=[batch.pk]), follow=True)
    assert "memiliki kesalahan" in response.content.decode()
    assert not Pegawai.objects.filter(nip=NIP_PNS).exists()


def test_wrong_file_is_an_error_on_the_form(client, org):
    login(client, org.admin)
    response = upload(client, b"%PDF-1.4 \x00\x01", name="data.pdf")
    assert response.status_code == 200
    assert "Berkas harus berformat CSV (.csv) atau XLSX (.xlsx)." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_too_big_file_is_refused_before_reading(client, org, settings):
    settings.IMPORT_MAX_BYTES = 10
    login(client, org.admin)
    response = upload(client, [pegawai_row()])
    assert "Berkas terlalu besar" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_cancel(client, org):
    batch = batch_of(org, [pegawai_row()])
    login(client, org.admin)
    response = client.post(reverse("org:import_cancel", args=[batch.pk]), follow=True)
    assert "Impor dibatalkan" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "dibatalkan"
    response = client.post(reverse("org:import_apply", args=[batch.pk]), follow=True)
    assert "sudah dibatalkan" in response.content.decode()


@pytest.mark.parametrize(("jenis", "fmt"), [("pegawai", "xlsx"), ("unor", "csv")])
def test_template_download(client, org, jenis, fmt):
    response = login(client, org.admin).get(reverse("org:import_template", args=[jenis, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="templat-impor-{jenis}.{fmt}"'
    assert len(response.content) > 100


def test_unknown_template_is_404(client, org):
    login(client, org.admin)
    assert client.get(reverse("org:import_template", args=["skp", "csv"])).status_code == 404


def test_admin_of_another_instansi_gets_404(client, org, other_org):
    batch = batch_of(org, [pegawai_row()])
    login(client, other_org.admin)
    assert client.get(reverse("org:import_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("org:import_apply", args=[batch.pk])).status_code == 404
    assert client.post(reverse("org:import_cancel", args=[batch.pk])).status_code == 404
    assert "p.csv" not in client.get(reverse("org:import_index")).content.decode()
    batch.refresh_from_db()
    assert batch.status == "pratinjau"
    assert not Pegawai.objects.filter(nip=NIP_PNS).exists()


def test_non_admin_gets_404_and_anonymous_goes_to_login(client, org):
    batch = batch_of(org, [pegawai_row()])
    urls = [
        reverse("org:import_index"),
        reverse("org:import_detail", args=[batch.pk]),
        reverse("org:import_template", args=["pegawai", "csv"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url
    login(client, user_for(org.staf))
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("org:import_apply", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == "pratinjau"


def test_preview_page_query_count(client, org, django_assert_num_queries):
    rows = [pegawai_row(next_nip(), "" if i % 2 else f"P{i}") for i in range(40)]
    batch = batch_of(org, rows)
    login(client, org.admin)
    url = reverse("org:import_detail", args=[batch.pk])
    # session, user, batch with its uploader
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


def test_index_page_query_count(client, org, django_assert_num_queries):
    for _ in range(3):
        batch_of(org, [pegawai_row()])
    login(client, org.admin)
    # session, user, recent batches with their uploaders
    with django_assert_num_queries(3):
        assert client.get(reverse("org:import_index")).status_code == 200
