"""Recap content: which predikat pays (final, post-keberatan, shortest period), versions by
date, the XLSX and CSV files (NIP as text, totals), the page and its pinned query count."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kinerja.core.models import AuditEvent, Pekerjaan
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian.models import Evaluasi
from kinerja.tindaklanjut.tpp import selectors, services
from kinerja.tindaklanjut.tpp.models import Disiplin
from tests.conftest import login
from tests.factories import PegawaiFactory, place
from tests.tindaklanjut.tpp.conftest import BULAN, TAHUN, konfig_data


def rows_of(w, bulan=BULAN, unor=None) -> dict[str, selectors.Baris]:
    lingkup = selectors.Lingkup(w.org.instansi.pk, TAHUN, bulan, unor)
    return {r.nama.split()[0]: r for r in selectors.baris_rekap(lingkup)}


def test_predikat_final_post_keberatan_and_pending(dt_tpp):
    rows = rows_of(dt_tpp)
    staf, sb, kasi, kabid = rows["Staf"], rows["Staf_Bidang"], rows["Kasi"], rows["Kabid"]
    assert (staf.predikat, staf.periode, staf.menit_efektif) == (
        "Baik",
        "Triwulan I 2026"[:-4] + str(TAHUN),
        360,
    )
    assert (staf.rating_hasil_kerja, staf.rating_perilaku) == ("Sesuai Ekspektasi",) * 2
    assert staf.hitungan.jumlah == 1_800_000 + 1_080_000
    # Butuh Perbaikan when finalised, Baik after the keberatan (Diubah): Baik pays.
    assert Evaluasi.objects.get(pegawai=dt_tpp.pegawai("staf_bidang")).versi == 2
    assert (sb.predikat, sb.hitungan.persen_kinerja, sb.hitungan.jumlah) == (
        "Baik",
        Decimal(100),
        3_000_000,
    )
    assert (kasi.predikat, kasi.rating_hasil_kerja, kasi.hitungan.komponen_kinerja) == (
        "Belum final",
        "",
        None,
    )
    assert kasi.hitungan.besaran == 5_000_000
    assert "Belum final" in kasi.keterangan and "disiplin belum diimpor" in kasi.keterangan
    assert (kabid.predikat, kabid.hitungan.besaran) == ("", None)
    assert "Kelas jabatan 11 belum memiliki besaran TPP" in kabid.keterangan


def test_shortest_period_wins(dt_tpp):
    """A Bulanan period for February with a final evaluation beats Triwulan I."""
    staf = dt_tpp.pegawai("staf")
    bulanan = PeriodePenilaian.objects.create(
        instansi=dt_tpp.org.instansi,
        tahun=TAHUN,
        jenis="Bulanan",
        nomor=BULAN,
        mulai=dt.date(TAHUN, BULAN, 1),
        selesai=dt.date(TAHUN, BULAN + 1, 1) - dt.timedelta(days=1),
        batas_pengisian=dt.date(TAHUN, 4, 30),
        batas_penilaian=dt.date(TAHUN, 4, 30),
    )
    ev = Evaluasi.objects.get(pegawai=staf, periode=dt_tpp.tw1)
    Evaluasi.objects.create(
        instansi=ev.instansi,
        pegawai=staf,
        skp=ev.skp,
        skp_mulai=ev.skp_mulai,
        periode=bulanan,
        rating_hasil_kerja="Di Bawah Ekspektasi",
        rating_perilaku="Sesuai Ekspektasi",
        predikat="Butuh Perbaikan",
        status="Final",
    )
    row = rows_of(dt_tpp)["Staf"]
    assert (row.predikat, row.periode) == ("Butuh Perbaikan", f"Februari {TAHUN}")
    assert row.hitungan.komponen_kinerja == 1_350_000
    # March has no Bulanan period: Triwulan I pays.
    assert rows_of(dt_tpp, bulan=3)["Staf"].predikat == "Baik"


def test_versions_by_date_and_minutes_basis(dt_tpp):
    services.buat_konfigurasi(
        dt_tpp.admin,
        dt_tpp.org.instansi.pk,
        **konfig_data(
            berlaku_mulai=dt.date(TAHUN, 3, 1),
            bobot_kinerja=50,
            bobot_disiplin=50,
            dasar_kinerja="keduanya",
            menit_wajib=720,
        ),
    )
    Disiplin.objects.filter(pegawai=dt_tpp.pegawai("staf")).update(bulan=3)
    feb, mar = rows_of(dt_tpp)["Staf"], rows_of(dt_tpp, bulan=3)["Staf"]
    assert feb.hitungan.komponen_kinerja == 1_800_000  # January's version: 60%, predikat
    # March: 50/50, Baik 100% × min(1, 0 / 720) = 0%, disiplin 90%.
    assert (mar.menit_efektif, mar.hitungan.persen_kinerja) == (0, Decimal(0))
    assert (mar.hitungan.komponen_kinerja, mar.hitungan.komponen_disiplin) == (0, 1_350_000)
    # December of the year before: no version yet.
    lingkup = selectors.Lingkup(dt_tpp.org.instansi.pk, TAHUN - 1, 12)
    assert {r.keterangan for r in selectors.baris_rekap(lingkup)} == {"Konfigurasi TPP belum ada"}


def test_unit_subtree(dt_tpp):
    rows = rows_of(dt_tpp, unor=dt_tpp.org.bidang)
    assert set(rows) == {"Kabid", "Kasi", "Staf", "Staf_Bidang"}
    assert set(rows_of(dt_tpp, unor=dt_tpp.org.seksi)) == {"Kasi", "Staf"}


def _ekspor(client, w, fmt, unit=None) -> Pekerjaan:
    data = {"bulan": f"{TAHUN}-{BULAN:02d}", "format": fmt}
    if unit is not None:
        data["unit"] = unit.pk
    response = client.post(reverse("tpp:rekap_ekspor"), data)
    pekerjaan = Pekerjaan.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("pekerjaan:detail", args=[pekerjaan.pk])
    return pekerjaan


def test_xlsx_export(client, dt_tpp):
    login(client, dt_tpp.admin)
    p = _ekspor(client, dt_tpp, "xlsx")
    assert (p.status, p.progress_selesai, p.progress_total) == ("selesai", 5, 5)
    assert p.nama_berkas == f"rekap-tpp-{TAHUN}-{BULAN:02d}.xlsx"
    response = client.get(reverse("pekerjaan:unduh", args=[p.pk]))
    body = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Bulan", "NIP", "Nama") and header[-1] == "Keterangan"
    data = {r[2]: dict(zip(header, r, strict=True)) for r in rows[1:] if r[1]}
    staf = data["Staf A"]
    assert staf["NIP"] == dt_tpp.pegawai("staf").nip and isinstance(staf["NIP"], str)
    assert (staf["Predikat"], staf["Menit Efektif"], staf["Jumlah TPP (Rp)"]) == (
        "Baik",
        360,
        2_880_000,
    )
    assert data["Kasi A"]["Predikat"] == "Belum final"
    assert data["Kasi A"]["Komponen Kinerja (Rp)"] is None
    total = rows[-1]
    assert total[2] == "Jumlah"
    assert total[16] == 2_880_000 + 3_000_000
    ringkasan = dict(book["Ringkasan"].iter_rows(values_only=True))
    assert ringkasan["Jumlah pegawai"] == 5 and ringkasan["Predikat belum final"] == 1
    assert ringkasan["Belum dinilai"] == 2  # five pegawai, three of them rated
    # The version used is frozen from now on.
    dt_tpp.konfig.refresh_from_db()
    assert dt_tpp.konfig.terakhir_dipakai == dt.date(TAHUN, BULAN, 1)
    assert AuditEvent.objects.filter(action="tpp.rekap_diekspor").count() == 1


def test_csv_export_keeps_nip_digits(client, dt_tpp):
    login(client, dt_tpp.admin)
    nol = PegawaiFactory(instansi=dt_tpp.org.instansi, nip="012345678901234567", nama="Nol")
    place(nol, dt_tpp.org.seksi, dt_tpp.org.jabatan_staf, since=dt.date(2020, 1, 1))
    p = _ekspor(client, dt_tpp, "csv", unit=dt_tpp.org.seksi)
    response = client.get(reverse("pekerjaan:unduh", args=[p.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {r["Nama"]: r for r in rows}
    assert set(by_name) == {"Kasi A", "Staf A", "Nol"}
    assert by_name["Nol"]["NIP"] == '="012345678901234567"'
    assert by_name["Staf A"]["Jumlah TPP (Rp)"] == "2880000"
    assert by_name["Staf A"]["Persentase Disiplin (%)"] == "90.00"
    assert by_name["Kasi A"]["Komponen Kinerja (Rp)"] == ""
    assert p.nama_berkas.endswith(f"-{dt_tpp.org.seksi.kode.lower()}.csv")


def test_edit_of_used_version_is_refused(dt_tpp):
    services.mulai_rekap(dt_tpp.admin, dt_tpp.org.instansi.pk, TAHUN, BULAN, "csv")
    before = AuditEvent.objects.count()
    with pytest.raises(services.DomainError, match="sudah dipakai untuk rekap TPP Februari"):
        services.ubah_konfigurasi(
            dt_tpp.admin, dt_tpp.konfig, **konfig_data(bobot_kinerja=70, bobot_disiplin=30)
        )
    with pytest.raises(services.DomainError, match="paling awal berlaku mulai Maret"):
        services.buat_konfigurasi(
            dt_tpp.admin, dt_tpp.org.instansi.pk, **konfig_data(berlaku_mulai=dt.date(TAHUN, 2, 1))
        )
    assert AuditEvent.objects.count() == before
    services.buat_konfigurasi(
        dt_tpp.admin, dt_tpp.org.instansi.pk, **konfig_data(berlaku_mulai=dt.date(TAHUN, 3, 1))
    )


def test_rekap_page_queries_do_not_grow(client, dt_tpp, django_assert_num_queries):
    login(client, dt_tpp.admin)
    url = reverse("tpp:rekap") + f"?bulan={TAHUN}-{BULAN:02d}"
    client.get(url)  # warm up: session, periods
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2.880.000" in body and "Belum final" in body
    for i in range(30):
        p = PegawaiFactory(instansi=dt_tpp.org.instansi, nama=f"Tambahan {i}")
        place(p, dt_tpp.org.seksi, dt_tpp.org.jabatan_staf, since=dt.date(2020, 1, 1))
    with django_assert_num_queries(QUERIES):
        response = client.get(url + "&page=2")
    assert "Halaman 2 dari 2" in response.content.decode()


QUERIES = 16  # session, user, count, page, version + amounts, periods, evaluations, minutes,
# disiplin, units, summary (periods, version, two counts), recent exports
