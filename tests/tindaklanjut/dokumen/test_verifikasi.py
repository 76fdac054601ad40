"""The public verification page: no login, the few facts it may show and nothing else, the
upload check (original, earlier state, tampered, another PDF), 404 for unknown codes, and
the pinned queries of the page and of "Dokumen saya"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.tindaklanjut.dokumen import selectors, services
from kinerja.tindaklanjut.dokumen.views_publik import samarkan_nip
from tests.conftest import login
from tests.tindaklanjut.dokumen.conftest import (
    CATATAN,
    RHK_TEKS,
    UMPAN_RHK,
    ambil,
    bangun,
)
from tests.tindaklanjut.dokumen.test_pdf import tamper


@pytest.fixture
def s(org):
    return bangun(org)


def upload(client: Client, url: str, data: bytes) -> str:
    response = client.post(url, {"berkas": SimpleUploadedFile("d.pdf", data, "application/pdf")})
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_only_what_verifying_needs(s, django_assert_num_queries):
    dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    first = dok.berkas.open("rb").read()
    dok = services.terima_dokumen(s.staf, dok)
    url = reverse("verifikasi:dokumen", args=[dok.kode])
    client = Client()
    with django_assert_num_queries(2):  # the document, its signatures
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    snap = s.ev1.snapshot
    for shown in [
        "Dokumen Evaluasi Kinerja Pegawai",
        str(s.tw1),
        "Berlaku",
        dok.sha256,
        "Kasi A",
        "Pejabat Penilai Kinerja",
        "Staf A",
        "Pegawai yang Dinilai",
        samarkan_nip(snap["penilai"]["nip"]),
    ]:
        assert shown in body, shown
    for hidden in [
        "Ekspektasi",
        "Baik",
        s.ev1.predikat,
        "Kabid A",  # the atasan penilai did not sign
        snap["penilai"]["nip"],
        snap["pegawai"]["nip"],
        snap["penilai"]["jabatan"],
        "Seksi A",
        s.org.instansi.nama,
        RHK_TEKS,
        UMPAN_RHK,
        CATATAN,
    ]:
        assert hidden not in body, hidden

    assert "Asli: berkas ini identik dengan dokumen" in upload(
        client, url, dok.berkas.open("rb").read()
    )
    earlier = upload(client, url, first)
    assert "Asli: berkas ini identik dengan versi dokumen yang tercatat sebelum" in earlier
    tampered = upload(client, url, tamper(first))
    assert "Tidak asli" in tampered or "Tidak dapat diverifikasi" in tampered
    assert "Asli:" not in tampered


def test_another_valid_pdf_does_not_match_and_garbage_is_refused(s):
    dok1 = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    dok2 = services.terbitkan_evaluasi(s.kasi, ambil(s.ev2))
    client = Client()
    url = reverse("verifikasi:dokumen", args=[dok1.kode])
    assert "Tidak cocok" in upload(client, url, dok2.berkas.open("rb").read())
    assert "bukan PDF" in upload(client, url, b"hello")


def test_unknown_code_is_404_and_code_is_case_insensitive(s):
    dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    client = Client()
    assert client.get(reverse("verifikasi:dokumen", args=["ABCDEFGHJKLM"])).status_code == 404
    assert client.get(reverse("verifikasi:dokumen", args=[dok.kode.lower()])).status_code == 200


def test_nip_masking():
    assert samarkan_nip("198001012005011003") == "1980**********1003"
    assert samarkan_nip("") == ""


def test_dokumen_saya_queries_do_not_grow(s, client, django_assert_num_queries):
    login(client, s.staf)
    url = reverse("dokumen:daftar")
    client.get(url)  # sessions, first-use caches
    services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    with django_assert_num_queries(4) as one:  # session, user, count, page
        body = client.get(url).content.decode()
    assert body.count("Saya telah menerima dokumen ini") == 1
    services.terbitkan_evaluasi(s.kasi, ambil(s.ev2))
    services.terbitkan_skp(s.kasi, s.skp)
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("Saya telah menerima dokumen ini") == 3
    # Latest period first, the SKP of the year after its evaluations (not the issue order).
    order = [(d.jenis, d.periode_id) for d in selectors.daftar_saya(s.staf)]
    assert order == [("evaluasi", s.tw2.pk), ("evaluasi", s.tw1.pk), ("skp", None)]
