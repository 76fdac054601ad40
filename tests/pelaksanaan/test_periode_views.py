"""The Periode & Batas Waktu page of the Admin Instansi and every pegawai's Jadwal periode:
what they show, what their forms write (through the services), refusals, pinned query counts."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.org.models import Instansi
from kinerja.pelaksanaan import services_periode as svc
from kinerja.pelaksanaan.models import PengaturanPeriode, PeriodePenilaian, PerpanjanganBatas
from kinerja.pelaksanaan.periode import pastikan_periode
from tests.conftest import Org, login, user_for

TAHUN = timezone.localdate().year
FUTURE, PAST = TAHUN + 1, TAHUN - 2  # every deadline still to come / long gone
ADMIN = reverse("pelaksanaan:periode_admin")
JADWAL = reverse("pelaksanaan:periode_jadwal")
ATUR = reverse("pelaksanaan:periode_atur")
PERPANJANG = reverse("pelaksanaan:periode_perpanjang")
d = dt.date


def periode(org: Org, tahun: int, nomor: int = 1, jenis: str = "Triwulanan") -> PeriodePenilaian:
    pastikan_periode(org.instansi.pk, tahun)
    return PeriodePenilaian.objects.get(
        instansi=org.instansi, tahun=tahun, jenis=jenis, nomor=nomor
    )


def admin_client(org: Org) -> Client:
    return login(Client(), org.admin)


def page(client: Client, url: str = ADMIN, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def extend_directly(org: Org, p: PeriodePenilaian, batas: dt.date, **kw) -> PerpanjanganBatas:
    """A stored extension without the service's checks (a past period opened until `batas`)."""
    return PerpanjanganBatas.objects.create(
        instansi=org.instansi,
        periode=p,
        untuk=kw.pop("untuk", "pengisian"),
        cakupan=kw.pop("cakupan", "instansi"),
        batas_baru=batas,
        alasan=kw.pop("alasan", "Uji"),
        dibuat_oleh=org.admin,
        **kw,
    )


def perpanjang_data(p: PeriodePenilaian, **kw) -> dict[str, object]:
    return {
        "tahun": p.tahun,
        "periode": p.pk,
        "untuk": "pengisian",
        "cakupan": "instansi",
        "kode_unor": "",
        "nip": "",
        "batas_baru": f"{p.tahun}-05-15",
        "alasan": "Gangguan jaringan",
        **kw,
    }


def writes() -> tuple[int, ...]:
    return (
        AuditEvent.objects.exclude(action="periode.dibuat_otomatis").count(),
        PerpanjanganBatas.objects.count(),
        PengaturanPeriode.objects.exclude(granularitas="Triwulanan").count(),
    )


# --- The admin page ------------------------------------------------------------------------------


def test_admin_page_shows_the_banda_aceh_table(org):
    body = page(admin_client(org), tahun=FUTURE)
    assert f"Periode &amp; Batas Waktu {FUTURE}" in body
    for name in ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", "Tahunan"):
        assert f"{name} {FUTURE}" in body
    for batas in (f"30 April {FUTURE}", f"31 Juli {FUTURE}", f"31 Oktober {FUTURE}"):
        assert f"{batas} pukul 23.59.59 WIB" in body
    assert body.count(f"31 Januari {FUTURE + 1} pukul 23.59.59 WIB") == 4  # TW IV and Tahunan
    assert body.count(">Terbuka<") == 10 and ">Dikunci<" not in body
    assert PengaturanPeriode.objects.get(instansi=org.instansi, tahun=FUTURE)
    assert "Ubah tanggal" not in body  # no tanggal_tetap rule


def test_past_periods_show_locked(org):
    body = page(admin_client(org), tahun=PAST)
    assert body.count(">Dikunci<") == 10 and ">Terbuka<" not in body


def test_admin_page_uses_the_instansi_zone(org):
    Instansi.objects.filter(pk=org.instansi.pk).update(zona_waktu="Asia/Makassar")
    body = page(admin_client(org), tahun=FUTURE)
    assert f"30 April {FUTURE} pukul 23.59.59 WITA" in body and "WIB" not in body


def test_instansi_wide_extension_reopens_the_status(org):
    tw1 = periode(org, PAST)
    extend_directly(org, tw1, timezone.localdate() + dt.timedelta(days=5))
    body = page(admin_client(org), tahun=PAST)
    assert body.count(">Terbuka<") == 1 and "diperpanjang" in body


def test_unit_extension_leaves_the_instansi_status_locked(org):
    extend_directly(
        org, periode(org, PAST), timezone.localdate() + dt.timedelta(days=5), cakupan="unit",
        unor=org.seksi,
    )  # fmt: skip
    body = page(admin_client(org), tahun=PAST)
    assert ">Terbuka<" not in body
    assert f"Unit {org.seksi.nama} ({org.seksi.kode}) beserta sub-unitnya" in body


def test_bad_year_falls_back_to_this_year(org):
    body = page(admin_client(org), tahun="abc")
    assert f"Triwulan I {TAHUN}" in body
    body = page(admin_client(org), tahun=str(TAHUN + 50))
    assert f"Triwulan I {TAHUN}" in body


# --- Setting the year ----------------------------------------------------------------------------


def test_admin_sets_the_kapuas_rule(org):
    client = admin_client(org)
    response = client.post(
        ATUR,
        {
            "tahun": FUTURE,
            "granularitas": "Bulanan",
            "aturan_pengisian": "tanggal_bulan_berikut",
            "hari_pengisian": "15",
            "aturan_penilaian": "tanggal_bulan_berikut",
            "hari_penilaian": "15",
        },
        follow=True,
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{ADMIN}?tahun={FUTURE}"
    assert f"Pengaturan periode {FUTURE} disimpan." in body
    assert f"Desember {FUTURE}" in body
    assert f"15 Januari {FUTURE + 1} pukul 23.59.59 WIB" in body
    assert AuditEvent.objects.filter(action="periode.diatur").count() == 1


def test_missing_day_d_is_shown_and_nothing_stored(org):
    client = admin_client(org)
    page(client, tahun=FUTURE)
    before = writes()
    response = client.post(
        ATUR,
        {
            "tahun": FUTURE,
            "granularitas": "Triwulanan",
            "aturan_pengisian": "tanggal_bulan_berikut",
            "hari_pengisian": "",
            "aturan_penilaian": "akhir_bulan_berikut",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Isi tanggal batas pengisian (1 sampai 31)" in body
    # The typed choice is kept in the re-rendered form.
    assert '<option value="tanggal_bulan_berikut" selected>' in body
    assert writes() == before


def test_granularity_change_refusal_is_shown(org):
    tw1 = periode(org, FUTURE)
    svc.perpanjang_batas(org.admin, tw1, "pengisian", "instansi", None, None, d(FUTURE, 5, 5), "X")
    before = writes()
    response = admin_client(org).post(
        ATUR,
        {
            "tahun": FUTURE,
            "granularitas": "Semesteran",
            "aturan_pengisian": "akhir_bulan_berikut",
            "aturan_penilaian": "akhir_bulan_berikut",
        },
    )
    assert "tidak dapat diubah dari Triwulanan menjadi Semesteran" in response.content.decode()
    assert writes() == before


def test_invalid_choice_is_shown(org):
    response = admin_client(org).post(
        ATUR, {"tahun": FUTURE, "granularitas": "Mingguan", "aturan_pengisian": "x"}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not PengaturanPeriode.objects.exclude(granularitas="Triwulanan").exists()


# --- Fixed dates ---------------------------------------------------------------------------------


def tanggal_tetap(org: Org, tahun: int = FUTURE) -> None:
    svc.atur_periode(
        org.admin,
        org.instansi.pk,
        tahun,
        "Triwulanan",
        "tanggal_tetap",
        None,
        "akhir_bulan_berikut",
        None,
    )


def test_fixed_dates_are_edited_per_period(org):
    tanggal_tetap(org)
    client = admin_client(org)
    assert page(client, tahun=FUTURE).count("Ubah tanggal") == 5
    tw1 = periode(org, FUTURE)
    response = client.post(
        reverse("pelaksanaan:periode_batas", args=[tw1.pk]),
        {"batas_pengisian": f"{FUTURE}-04-10", "batas_penilaian": f"{FUTURE}-04-30"},
        follow=True,
    )
    body = response.content.decode()
    assert f"Batas waktu Triwulan I {FUTURE} disimpan." in body
    assert f"10 April {FUTURE} pukul 23.59.59 WIB" in body
    tw1.refresh_from_db()
    assert tw1.batas_pengisian == d(FUTURE, 4, 10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"batas_pengisian": "2000-01-01"}, "sebelum periode Triwulan I"),
        ({"batas_pengisian": ""}, "Batas pengisian: "),
        ({"batas_penilaian": "bukan tanggal"}, "Batas penilaian: "),
        ({"batas_penilaian": f"{FUTURE}-05-30"}, "mengikuti aturan"),
    ],
)
def test_fixed_date_refusals_are_shown(org, data, message):
    tanggal_tetap(org)
    tw1 = periode(org, FUTURE)
    before = writes()
    body = {"batas_pengisian": f"{FUTURE}-04-30", "batas_penilaian": f"{FUTURE}-04-30", **data}
    response = admin_client(org).post(
        reverse("pelaksanaan:periode_batas", args=[tw1.pk]), body, follow=True
    )
    assert message in response.content.decode()
    assert writes() == before
    tw1.refresh_from_db()
    assert tw1.batas_pengisian == d(FUTURE, 4, 30)


# --- Extensions ----------------------------------------------------------------------------------


def test_extension_for_a_unit_by_its_code(org):
    tw1 = periode(org, FUTURE)
    response = admin_client(org).post(
        PERPANJANG,
        perpanjang_data(tw1, cakupan="unit", kode_unor=f" {org.bidang.kode} "),
        follow=True,
    )
    body = response.content.decode()
    assert f"Batas waktu Triwulan I {FUTURE} diperpanjang." in body
    row = PerpanjanganBatas.objects.get()
    assert (row.unor, row.pegawai, row.batas_baru) == (org.bidang, None, d(FUTURE, 5, 15))
    assert f"Unit {org.bidang.nama} ({org.bidang.kode}) beserta sub-unitnya" in body
    assert "Gangguan jaringan" in body and org.admin.nama in body
    assert AuditEvent.objects.get(action="periode.batas_diperpanjang").reason == (
        "Gangguan jaringan"
    )


def test_extension_for_a_pegawai_by_nip(org):
    akun = user_for(org.staf)
    tw1 = periode(org, FUTURE)
    admin_client(org).post(PERPANJANG, perpanjang_data(tw1, cakupan="pegawai", nip=org.staf.nip))
    row = PerpanjanganBatas.objects.get()
    assert (row.pegawai, row.unor) == (org.staf, None)
    assert Notifikasi.objects.filter(penerima=akun).count() == 1
    body = page(admin_client(org), tahun=FUTURE)
    assert f"{org.staf.nama_lengkap} ({org.staf.nip})" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cakupan": "unit", "kode_unor": "TIDAK-ADA"}, "Tidak ada unit dengan kode TIDAK-ADA"),
        ({"cakupan": "unit", "kode_unor": "B-S"}, "Tidak ada unit dengan kode B-S"),
        ({"cakupan": "unit"}, "Pilih unit organisasi"),
        ({"cakupan": "pegawai", "nip": "199001012015011001"}, "Tidak ada pegawai dengan NIP"),
        ({"cakupan": "pegawai", "nip": "123"}, "NIP"),
        ({"cakupan": "pegawai"}, "Pilih pegawai (NIP)"),
        ({"alasan": "  "}, "Alasan perpanjangan wajib diisi"),
        ({"batas_baru": ""}, "errorlist"),
        ({"batas_baru": "FUTURE-04-20"}, "Batas baru harus setelah batas pengisian"),
        ({"untuk": "libur"}, "errorlist"),
    ],
)
def test_extension_refusals_are_shown_and_nothing_stored(org, other_org, data, message):
    tw1 = periode(org, FUTURE)
    if data.get("batas_baru") == "FUTURE-04-20":
        data = {**data, "batas_baru": f"{FUTURE}-04-20"}
    client = admin_client(org)
    page(client, tahun=FUTURE)
    before = writes()
    response = client.post(PERPANJANG, perpanjang_data(tw1, **data))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert writes() == before
    # The page is re-rendered with what was typed.
    assert f'value="{FUTURE}-' in body or data.get("batas_baru") == ""


def test_extension_of_another_instansis_period_is_404(org, other_org):
    theirs = periode(other_org, FUTURE)
    before = writes()
    response = admin_client(org).post(PERPANJANG, perpanjang_data(theirs))
    assert response.status_code == 404 and writes() == before


def test_extension_list_is_paginated_with_the_year(org):
    tw1 = periode(org, PAST)
    for i in range(30):
        extend_directly(org, tw1, d(PAST, 5, 1) + dt.timedelta(days=i), alasan=f"Alasan {i:02d}")
    client = admin_client(org)
    body = page(client, tahun=PAST)
    assert body.count("Alasan ") == 25 and "Alasan 29" in body  # newest first
    assert f"?tahun={PAST}&amp;page=2" in body
    second = page(client, tahun=PAST, page=2)
    assert second.count("Alasan ") == 5 and "Alasan 00" in second


def test_extensions_of_another_year_are_not_listed(org):
    extend_directly(org, periode(org, PAST), d(PAST, 5, 9), alasan="Tahun lalu")
    assert "Tahun lalu" not in page(admin_client(org), tahun=FUTURE)


# --- The pegawai's schedule ----------------------------------------------------------------------


def test_pegawai_sees_their_own_effective_deadlines(org):
    staf, rekan = user_for(org.staf), user_for(org.staf_bidang)
    tw1 = periode(org, PAST)
    later = timezone.localdate() + dt.timedelta(days=5)
    extend_directly(org, tw1, later, cakupan="pegawai", pegawai=org.staf)
    mine = page(login(Client(), staf), JADWAL, tahun=PAST)
    assert f"Jadwal periode {PAST}" in mine
    row = mine.split(f'data-periode="{tw1.pk}"')[1].split("</tr>")[0]
    assert later.strftime("%Y") in row and "diperpanjang" in row and ">Terbuka<" in row
    assert mine.count(">Terbuka<") == 1  # only their extended pengisian
    theirs = page(login(Client(), rekan), JADWAL, tahun=PAST)
    assert ">Terbuka<" not in theirs and "diperpanjang" not in theirs
    assert f"30 April {PAST} pukul 23.59.59 WIB" in theirs


def test_unit_extension_shows_for_the_sub_unit(org):
    staf = user_for(org.staf)
    extend_directly(
        org, periode(org, PAST), timezone.localdate() + dt.timedelta(days=5), cakupan="unit",
        unor=org.bidang, untuk="penilaian",
    )  # fmt: skip
    body = page(login(Client(), staf), JADWAL, tahun=PAST)
    assert body.count(">Terbuka<") == 1 and "diperpanjang" in body


def test_current_period_is_marked(org):
    body = page(login(Client(), user_for(org.staf)), JADWAL)
    assert body.count("periode berjalan") == 1
    assert f"Jadwal periode {TAHUN}" in body


# --- Query counts --------------------------------------------------------------------------------
# Pinned: a change must be deliberate. Admin page: session + user (2), setting (1), periods (1),
# zone (1), instansi-wide extensions (1), the extension list: count + page (2), messages (0).
ADMIN_PAGE = 8
# Jadwal: session + user (2), pegawai with unit (1), setting + periods (2), extensions (1),
# zone (1).
JADWAL_PAGE = 7


@pytest.mark.parametrize("n", [1, 20])
def test_admin_page_queries_do_not_grow(org, n, django_assert_num_queries):
    tw1 = periode(org, PAST)
    for i in range(n):
        kind = [
            {},
            {"cakupan": "unit", "unor": org.seksi},
            {"cakupan": "pegawai", "pegawai": org.staf},
        ]
        extend_directly(org, tw1, d(PAST, 5, 1 + i), **kind[i % 3])
    client = admin_client(org)
    page(client, tahun=PAST)
    with django_assert_num_queries(ADMIN_PAGE):
        page(client, tahun=PAST)


@pytest.mark.parametrize("n", [1, 12])
def test_jadwal_page_queries_do_not_grow(org, n, django_assert_num_queries):
    staf = user_for(org.staf)
    periods = list(PeriodePenilaian.objects.filter(instansi=org.instansi, tahun=PAST)) or [
        periode(org, PAST, i) for i in range(1, 5)
    ]
    for i in range(n):
        kind = [
            {},
            {"cakupan": "unit", "unor": org.bidang},
            {"cakupan": "pegawai", "pegawai": org.staf},
        ]
        extend_directly(org, periods[i % 4], d(PAST + 1, 6, 1 + i), **kind[i % 3])
    client = login(Client(), staf)
    page(client, JADWAL, tahun=PAST)
    with django_assert_num_queries(JADWAL_PAGE):
        body = page(client, JADWAL, tahun=PAST)
    assert "diperpanjang" in body
