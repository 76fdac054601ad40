"""The pages: the pegawai's ledger with total and progress, the non-JF explanation, the admin
list (filter, search, pagination, pinned queries that do not grow with rows), the exports
(NIP as text), the saldo form and the bulk recompute button."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from kinerja.core.models import AuditEvent, Pekerjaan, StatusPekerjaan
from kinerja.tindaklanjut.angkakredit import services
from kinerja.tindaklanjut.angkakredit.models import AngkaKredit, SaldoAngkaKredit
from tests.conftest import login
from tests.factories import PegawaiFactory, place, user_for
from tests.penilaian.conftest import TAHUN, Dunia, buat_dunia, periode
from tests.tindaklanjut.angkakredit.conftest import D, buat_evaluasi, jadikan_jf

SAYA = reverse("angkakredit:saya")
DAFTAR = reverse("angkakredit:daftar")


@pytest.fixture
def d(org) -> Dunia:
    d = buat_dunia(org)
    jadikan_jf(org.staf, "Ahli Muda")
    skp = d.skp["staf"]
    buat_evaluasi(skp, periode(org.instansi.pk, nomor=1), "Baik")
    buat_evaluasi(skp, periode(org.instansi.pk, nomor=2), "Sangat Baik")
    services.hitung_ulang_instansi(org.instansi.pk)
    return d


def test_my_page_shows_ledger_total_and_progress(client, d):
    login(client, d.users["staf"])
    html = client.get(SAYA).content.decode()
    assert "Angka kredit saya" in html
    assert "6,250" in html and "9,375" in html and "15,625" in html
    assert "Ahli Muda" in html and "koefisien 25 per tahun" in html
    # 15,625 of 100 for pangkat, of 200 for jenjang
    assert "15,625 dari 100 AK (15%)" in html and "kurang 84,375 AK" in html
    assert "15,625 dari 200 AK (7%)" in html
    assert "AK awal belum diatur" in html


def test_with_a_saldo_the_total_adds_the_ak_awal(client, d):
    services.atur_saldo(
        d.org.admin,
        d.org.staf,
        ak_awal=D("90"),
        tanggal_mulai=dt.date(TAHUN, 4, 1),
        keterangan="PAK 2025",
        hari_ini=dt.date(TAHUN, 12, 31),
    )
    login(client, d.users["staf"])
    html = client.get(SAYA).content.decode()
    # Triwulan I is before the start date: 90 + 9,375
    assert "99,375" in html and "Sebelum tanggal mulai saldo awal" in html
    assert "99,375 dari 100 AK (99%)" in html


def test_the_top_jenjang_has_no_next_jenjang(client, d):
    jadikan_jf(d.org.staf, "Ahli Utama")
    login(client, d.users["staf"])
    html = client.get(SAYA).content.decode()
    assert "jenjang tertinggi" in html


def test_a_non_jf_pegawai_is_told_why(client, d):
    login(client, d.users["staf_bidang"])
    html = client.get(SAYA).content.decode()
    assert "Angka kredit hanya untuk pegawai dalam jabatan fungsional." in html
    assert "Rincian per periode" not in html


def test_the_penilai_reads_the_bawahan_page_and_list(client, d):
    login(client, d.users["kasi"])
    html = client.get(reverse("angkakredit:pegawai", args=[d.org.staf.pk])).content.decode()
    assert "Angka kredit Staf A" in html and "15,625" in html
    assert "Atur AK awal" not in html  # the admin's link only
    html = client.get(reverse("angkakredit:bawahan")).content.decode()
    assert "Staf A" in html and "15,625" in html


def make_jf_pegawai(d: Dunia, n: int) -> None:
    for i in range(n):
        p = PegawaiFactory(instansi=d.org.instansi, nama=f"Fungsional {i:03d}")
        place(p, d.org.seksi, d.org.staf.jabatan)


def test_admin_list_filters_searches_and_pages(client, d):
    make_jf_pegawai(d, 30)
    login(client, d.org.admin)
    html = client.get(DAFTAR).content.decode()
    assert "Halaman 1 dari 2 (31 data)" in html
    assert "Fungsional 000" in html and "Kasi A" not in html  # JF only
    html = client.get(DAFTAR, {"q": "Staf"}).content.decode()
    assert "15,625" in html and "Fungsional 000" not in html
    html = client.get(DAFTAR, {"q": d.org.staf.nip[:10]}).content.decode()
    assert "Staf A" in html
    jadikan_jf(d.org.staf_bidang, "Mahir")
    html = client.get(DAFTAR, {"unor": d.org.bidang.pk, "q": "Staf"}).content.decode()
    assert "Staf A" in html and "Staf_Bidang A" in html  # the seksi is under the bidang
    html = client.get(DAFTAR, {"unor": d.org.seksi.pk, "q": "Staf"}).content.decode()
    assert "Staf_Bidang A" not in html and "Staf A" in html
    html = client.get(DAFTAR, {"unor": d.org.seksi.pk, "page": 2}).content.decode()
    assert f"unor={d.org.seksi.pk}&amp;page=1" in html


def test_admin_list_queries_do_not_grow_with_rows(client, d, django_assert_num_queries):
    login(client, d.org.admin)
    client.get(DAFTAR)
    # session+user, count, page, totals, saldo, units
    with django_assert_num_queries(7):
        client.get(DAFTAR)
    make_jf_pegawai(d, 30)
    with django_assert_num_queries(7):
        assert client.get(DAFTAR).status_code == 200


def test_my_page_queries_do_not_grow_with_rows(client, d, django_assert_num_queries):
    login(client, d.users["staf"])
    client.get(SAYA)
    with django_assert_num_queries(5):
        client.get(SAYA)
    buat_evaluasi(d.skp["staf"], periode(d.org.instansi.pk, nomor=3), "Baik")
    buat_evaluasi(d.skp["staf"], d.tahunan, "Baik")
    services.hitung_ulang_instansi(d.org.instansi.pk)
    with django_assert_num_queries(5):
        html = client.get(SAYA).content.decode()
    assert "Digantikan evaluasi tahunan" in html and "25,000" in html


def test_exports_keep_the_nip_as_text(client, d):
    login(client, d.org.admin)
    response = client.get(reverse("angkakredit:ekspor"), {"format": "csv", "q": "Staf"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["NIP", "Nama"]
    assert rows[1][0] == d.org.staf.nip and rows[1][6] == "15,625"
    response = client.get(reverse("angkakredit:ekspor"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(v[0], v[6]) for v in values] == [(d.org.staf.nip, 15.625)]
    assert isinstance(values[0][0], str)


def test_saldo_form_saves_and_refuses_in_indonesian(client, d):
    login(client, d.org.admin)
    url = reverse("angkakredit:saldo", args=[d.org.staf.pk])
    assert "Angka kredit awal" in client.get(url).content.decode()
    before = AuditEvent.objects.count()
    response = client.post(url, {"ak_awal": "-1", "tanggal_mulai": f"{TAHUN}-01-01"})
    assert "tidak boleh negatif" in response.content.decode()
    response = client.post(url, {"ak_awal": "dua", "tanggal_mulai": f"{TAHUN}-01-01"})
    assert "harus berupa angka" in response.content.decode()
    assert (SaldoAngkaKredit.objects.count(), AuditEvent.objects.count()) == (0, before)
    response = client.post(
        url, {"ak_awal": "12,5", "tanggal_mulai": f"{TAHUN - 1}-01-01", "keterangan": "PAK"}
    )
    assert response.status_code == 302
    assert SaldoAngkaKredit.objects.get().ak_awal == D("12.5")
    assert "12,500" in client.get(response["Location"]).content.decode()


def test_admin_recompute_button_runs_a_job(client, d, settings):
    settings.KINERJA_JOBS = "immediate"
    AngkaKredit.objects.all().delete()
    login(client, d.org.admin)
    response = client.post(reverse("angkakredit:hitung_ulang"), follow=True)
    pekerjaan = Pekerjaan.objects.get(jenis="angkakredit.hitung_ulang")
    assert response.redirect_chain[-1][0] == reverse("pekerjaan:detail", args=[pekerjaan.pk])
    assert pekerjaan.status == StatusPekerjaan.SELESAI and pekerjaan.dibuat_oleh == d.org.admin
    assert "2 baris baru" in response.content.decode()
    assert AngkaKredit.objects.count() == 2


def test_other_user_sees_own_account(client, org):
    """A pegawai without anything: the page still answers."""
    p = PegawaiFactory(instansi=org.instansi)
    login(client, user_for(p))
    assert client.get(SAYA).status_code == 200
