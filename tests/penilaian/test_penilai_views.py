"""The penilai's screens (views_penilai): the rating grid of a period with htmx row saves and
bulk finalisation, the kurva panel, and one pegawai's evaluation screen. Who sees what (only
my bawahan; the atasan penilai and the Admin Instansi read; anyone else and other instansi get
404), the lock, the kurva rules on finalisation, and pinned query counts."""

import datetime as dt
import html
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import Notifikasi
from kinerja.org.models import NilaiBerakhlak
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan import services_realisasi as realisasi_services
from kinerja.pelaksanaan.models import (
    CakupanPerpanjangan,
    PeriodePenilaian,
    PerpanjanganBatas,
    UntukBatas,
)
from kinerja.penilaian import services, views_penilai
from kinerja.penilaian.models import Evaluasi, StatusEvaluasi
from kinerja.perencanaan import services as skp_services
from kinerja.perencanaan.models import Skp
from tests.conftest import Org, login
from tests.factories import JabatanFactory, PegawaiFactory, place, user_for
from tests.pelaksanaan.test_realisasi_services import berkas
from tests.penilaian.conftest import TAHUN, Tim, buat_tim, skp_disetujui
from tests.perencanaan.test_services import add_rhk, approve_directly

DI_ATAS, SESUAI, DI_BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"

# Pinned: a change must be deliberate. Session + user (2), the period asked for (1), the year's
# periods (2: setting, rows), the SKPs with pegawai, jabatan and unit (1), the configuration
# (1), the lock (2: extensions, zone), the evaluations (1), the predikat organisasi (1), and per
# kurva unit its distribution (2: sub-units with their own predikat, one GROUP BY).
GRID = 14
# Session + user (2), the SKP (1), the period (1), the SKP's periods (2), the configuration (1),
# the lock's extensions (1), the evaluation (1), the predikat organisasi (1), the kurva
# distribution (2), the content (rhk, iki, rencana aksi, realisasi, bukti, threads: 6),
# perilaku (1) and their panduan (1).
EVALUASI = 21


# --- Builders --------------------------------------------------------------------------------


def periode_kini(org: Org) -> PeriodePenilaian:
    """The periodic period containing today: open for penilaian (due the end of next month)."""
    return periode_mod.periode_pada(org.instansi.pk, timezone.localdate())


def client_of(user: User) -> Client:
    return login(Client(), user)


def anggota_baru(org: Org, tim: Tim, nama: str, jenis_jabatan: str = "") -> User:
    """One more pegawai in the tim's unit (so rated by its leader), with an account."""
    pegawai = PegawaiFactory(instansi=org.instansi, nama=nama)
    jabatan = (
        JabatanFactory(instansi=org.instansi, nama=f"Jabatan {nama}", jenis=jenis_jabatan)
        if jenis_jabatan
        else org.jabatan_staf
    )
    place(pegawai, tim.unit, jabatan, since=dt.date(2020, 1, 1))
    return user_for(pegawai)


def skp_dengan_rhk(user: User, n_utama: int = 1, n_tambahan: int = 0, n_iki: int = 1) -> Skp:
    skp = skp_services.buat_skp(user, TAHUN)
    for i in range(n_utama):
        add_rhk(user, skp, f"Tersusunnya laporan utama {i + 1}", n_iki)
    for i in range(n_tambahan):
        rhk = skp_services.simpan_rhk(
            user, skp, rhk=f"Terlaksananya tugas tambahan {i + 1}", jenis="Tambahan"
        )
        skp_services.simpan_iki(
            user,
            rhk,
            indikator=f"Tugas tambahan {i + 1} selesai",
            aspek="Kuantitas",
            target_min=Decimal(1),
            target_max=Decimal(1),
            satuan="Kegiatan",
        )
    return approve_directly(skp)


def tetapkan(org: Org, tim: Tim, periode: PeriodePenilaian, predikat: str = "Baik") -> None:
    services.tetapkan_kinerja_organisasi(org.admin, tim.unit, periode, predikat)


def nilai_semua(tim: Tim, periode: PeriodePenilaian, hasil: str, perilaku: str) -> None:
    for skp in tim.skp:
        services.nilai(
            tim.penilai, skp, periode, rating_hasil_kerja=hasil, rating_perilaku=perilaku
        )


def grid(client: Client, periode: PeriodePenilaian) -> str:
    response = client.get(reverse("penilaian:nilai"), {"periode": periode.pk})
    assert response.status_code == 200
    return response.content.decode()


def simpan_baris(client: Client, skp: Skp, periode: PeriodePenilaian, htmx: bool = True, **data):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("penilaian:nilai_baris"), {"skp": skp.pk, "periode": periode.pk, **data}, **extra
    )


def finalkan(client: Client, periode: PeriodePenilaian, skps: list[Skp]) -> str:
    response = client.post(
        reverse("penilaian:finalkan"),
        {"periode": periode.pk, "pilih": [s.pk for s in skps]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def status_of(skps: list[Skp], periode: PeriodePenilaian) -> list[str]:
    found = dict(
        Evaluasi.objects.filter(periode=periode, skp__in=skps).values_list("skp_id", "status")
    )
    return [found.get(s.pk, "-") for s in skps]


def tbody(body: str, skp: Skp) -> str:
    match = re.search(rf'<tbody id="baris-{skp.pk}".*?</tbody>', body, re.S)
    assert match, f"no row for SKP {skp.pk}"
    return match.group(0)


def evaluasi_url(skp: Skp, periode: PeriodePenilaian) -> str:
    return reverse("penilaian:evaluasi_nilai", args=[skp.pk, periode.pk])


@pytest.fixture
def tim(org: Org) -> Tim:
    return buat_tim(org, 3)


@pytest.fixture
def periode(org: Org) -> PeriodePenilaian:
    return periode_kini(org)


# --- The grid --------------------------------------------------------------------------------


def test_grid_shows_only_my_bawahan(org, tim, periode, other_org):
    lain = buat_tim(org, 2, kode="U")  # another penilai's bawahan in the same instansi
    buat_tim(other_org, 2, kode="V")
    body = grid(client_of(tim.penilai), periode)
    for user in tim.anggota:
        assert user.pegawai.nama in body
        assert user.pegawai.nip in body
    for user in lain.anggota:
        assert user.pegawai.nama not in body
    assert "Anggota V1" not in body
    assert body.count('class="penilai-baris') == 3
    # Both rating selects of every row carry the exact labels.
    assert body.count(f'<option value="{DI_ATAS}">{DI_ATAS}</option>') == 6
    assert "Rating Hasil Kerja" in body and "Rating Perilaku Kerja" in body


def test_grid_defaults_to_the_current_period_and_lists_the_year_with_tahunan(org, tim, periode):
    response = client_of(tim.penilai).get(reverse("penilaian:nilai"))
    assert response.context["periode"].pk == periode.pk
    names = [str(p) for p in response.context["periods"]]
    assert names[-1] == f"Tahunan {TAHUN}" and str(periode) in names


def test_a_pegawai_without_bawahan_sees_an_empty_grid(org, tim, periode):
    body = grid(client_of(tim.anggota[0]), periode)
    assert "Tidak ada bawahan dengan SKP yang disetujui dan berlaku" in body
    assert 'class="penilai-baris' not in body


def test_saving_a_row_via_htmx_returns_the_predikat_and_the_kurva_panel(org, tim, periode):
    tetapkan(org, tim, periode, "Baik")
    skp = tim.skp[0]
    response = simpan_baris(
        client_of(tim.penilai), skp, periode, rating_hasil_kerja=DI_ATAS, rating_perilaku=DI_ATAS
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tbody id="baris-{skp.pk}"')
    assert "Sangat Baik" in tbody(body, skp) and "Tersimpan" in body
    assert f'id="kurva-{tim.unit.pk}" hx-swap-oob="true"' in body
    assert "1 pegawai dinilai" in body
    ev = Evaluasi.objects.get(skp=skp, periode=periode)
    assert (ev.rating_hasil_kerja, ev.rating_perilaku, ev.predikat) == (
        DI_ATAS,
        DI_ATAS,
        "Sangat Baik",
    )
    assert ev.status == StatusEvaluasi.DRAFT


def test_one_rating_saves_a_draft_without_predikat_and_an_empty_choice_clears(org, tim, periode):
    client, skp = client_of(tim.penilai), tim.skp[0]
    simpan_baris(client, skp, periode, rating_hasil_kerja=SESUAI)
    ev = Evaluasi.objects.get(skp=skp, periode=periode)
    assert (ev.rating_hasil_kerja, ev.rating_perilaku, ev.predikat) == (SESUAI, "", "")
    simpan_baris(client, skp, periode, rating_hasil_kerja=SESUAI, rating_perilaku=DI_BAWAH)
    ev.refresh_from_db()
    assert ev.predikat == "Kurang/Misconduct"
    simpan_baris(client, skp, periode, rating_hasil_kerja="", rating_perilaku=DI_BAWAH)
    ev.refresh_from_db()
    assert (ev.rating_hasil_kerja, ev.predikat) == ("", "")


def test_a_refused_rating_shows_in_the_row_in_indonesian(org, tim, periode):
    skp = tim.skp[0]
    response = simpan_baris(client_of(tim.penilai), skp, periode, rating_perilaku="Luar Biasa")
    row = tbody(response.content.decode(), skp)
    assert "Rating Perilaku Kerja harus salah satu dari" in row
    assert 'role="alert"' in row
    assert not Evaluasi.objects.exists()


def test_without_javascript_a_row_form_posts_and_redirects_back(org, tim, periode):
    client, skp = client_of(tim.penilai), tim.skp[1]
    body = grid(client, periode)
    row = tbody(body, skp)
    assert f'<form id="nilai-{skp.pk}" method="post"' in row
    assert row.count(f'form="nilai-{skp.pk}"') == 2  # both selects belong to the row's form
    response = simpan_baris(
        client, skp, periode, htmx=False, rating_hasil_kerja=DI_BAWAH, rating_perilaku=SESUAI
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?periode={periode.pk}#baris-{skp.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f"Penilaian {skp.pegawai.nama_lengkap} disimpan." in page
    assert "Butuh Perbaikan" in tbody(page, skp)


def test_the_grid_previews_the_predikat_from_a_matrix_in_a_data_attribute(org, tim, periode):
    body = grid(client_of(tim.penilai), periode)
    match = re.search(r'data-matriks="([^"]+)"', body)
    assert match
    matriks = json.loads(html.unescape(match.group(1)))
    assert matriks[f"{DI_ATAS}|{DI_BAWAH}"] == "Kurang/Misconduct"
    assert matriks[f"{DI_BAWAH}|{DI_BAWAH}"] == "Sangat Kurang"
    assert len(matriks) == 9


def test_jpt_row_follows_the_predikat_organisasi(org, tim, periode):
    jpt_user = anggota_baru(org, tim, "Pimpinan Tinggi", "JPT")
    jpt = skp_disetujui(jpt_user)
    assert jpt.is_jpt and jpt.penilai_id == tim.pimpinan.pk
    client = client_of(tim.penilai)
    row = tbody(grid(client, periode), jpt)
    assert "Mengikuti predikat organisasi" in row
    assert 'name="rating_hasil_kerja"' not in row  # not editable
    assert 'name="rating_perilaku"' in row
    assert "belum ditetapkan" in row

    tetapkan(org, tim, periode, "Istimewa")
    row = tbody(grid(client, periode), jpt)
    assert DI_ATAS in row and 'data-hasil-jpt="Di Atas Ekspektasi"' in row
    # A posted hasil kerja is ignored: it follows the predikat organisasi.
    response = simpan_baris(
        client, jpt, periode, rating_hasil_kerja=DI_BAWAH, rating_perilaku=DI_ATAS
    )
    assert "Sangat Baik" in tbody(response.content.decode(), jpt)
    ev = Evaluasi.objects.get(skp=jpt, periode=periode)
    assert (ev.rating_hasil_kerja, ev.predikat, ev.is_jpt) == (DI_ATAS, "Sangat Baik", True)


# --- Finalisation ----------------------------------------------------------------------------


def test_finalise_is_refused_without_predikat_organisasi(org, tim, periode):
    nilai_semua(tim, periode, SESUAI, SESUAI)
    client = client_of(tim.penilai)
    body = grid(client, periode)
    assert f"Predikat kinerja organisasi {tim.unit.nama} belum ditetapkan" in body
    page = finalkan(client, periode, tim.skp)
    assert "Tidak ada yang difinalkan." in page
    assert "Predikat kinerja organisasi unit pegawai ini" in page
    assert "belum ditetapkan" in page
    assert status_of(tim.skp, periode) == ["Draft"] * 3


def test_finalise_of_the_checked_rows(org, tim, periode):
    tetapkan(org, tim, periode, "Baik")
    nilai_semua(tim, periode, SESUAI, SESUAI)
    client = client_of(tim.penilai)
    row = tbody(grid(client, periode), tim.skp[0])
    assert f'name="pilih" value="{tim.skp[0].pk}" form="finalkan-form"' in row
    page = finalkan(client, periode, tim.skp[:2])
    assert "2 penilaian difinalkan; pegawai yang dinilai telah diberi tahu." in page
    assert status_of(tim.skp, periode) == ["Final", "Final", "Draft"]
    assert Notifikasi.objects.filter(penerima__pegawai=tim.anggota[0].pegawai).exists()
    # A final row is read-only and has no checkbox any more.
    row = tbody(page, tim.skp[0])
    assert "<select" not in row and 'name="pilih"' not in row and "Final" in row


def test_finalise_needs_a_choice_and_both_ratings(org, tim, periode):
    tetapkan(org, tim, periode, "Baik")
    client = client_of(tim.penilai)
    assert "Pilih pegawai yang penilaiannya akan difinalkan." in finalkan(client, periode, [])
    page = finalkan(client, periode, tim.skp[:1])
    assert f"Belum dinilai: {tim.anggota[0].pegawai.nama_lengkap}" in page
    services.nilai(tim.penilai, tim.skp[0], periode, rating_hasil_kerja=SESUAI)
    page = finalkan(client, periode, tim.skp[:1])
    assert "Isi Rating Hasil Kerja dan Rating Perilaku Kerja sebelum finalisasi." in page
    assert status_of(tim.skp[:1], periode) == ["Draft"]


def test_wajib_kurva_refusal_names_the_rule_and_the_people(org, periode):
    tim = buat_tim(org, 6)
    services.simpan_pengaturan(
        org.admin,
        org.instansi.pk,
        mode_kurva="wajib",
        ukuran_unit_kecil=5,
        jendela_keberatan_hari=14,
        aturan_kurva={},
        pemetaan_jpt={},
    )
    tetapkan(org, tim, periode, "Baik")
    nilai_semua(tim, periode, SESUAI, SESUAI)  # six times Baik
    client = client_of(tim.penilai)
    panel = grid(client, periode)
    assert ">Wajib</span>" in panel
    assert "Baik paling banyak 70%: saat ini 6 dari 6 orang, paling banyak 4 orang" in panel
    page = finalkan(client, periode, tim.skp)
    assert f"Kurva distribusi {tim.unit.nama} (predikat organisasi Baik) belum terpenuhi" in page
    assert (
        "Baik paling banyak 70%: saat ini 6 dari 6 orang, paling banyak 4 orang; kurangi 2 orang."
        in page
    )
    assert "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang" in page
    assert "kurang 1 orang." in page
    assert status_of(tim.skp, periode) == ["Draft"] * 6


# --- The kurva panel -------------------------------------------------------------------------


def test_kurva_panel_draws_five_bars_the_band_and_what_the_next_rating_does(org, periode):
    tim = buat_tim(org, 6)
    tetapkan(org, tim, periode, "Baik")
    for skp, (hasil, perilaku) in zip(
        tim.skp, [(SESUAI, SESUAI)] * 4 + [(DI_BAWAH, SESUAI)], strict=False
    ):
        services.nilai(
            tim.penilai, skp, periode, rating_hasil_kerja=hasil, rating_perilaku=perilaku
        )
    body = grid(client_of(tim.penilai), periode)
    panel = re.search(
        rf'<section class="card kurva-panel" id="kurva-{tim.unit.pk}".*?</section>', body, re.S
    )
    assert panel
    text = panel.group(0)
    assert "<svg" in text and text.count('<g class="batang') == 5
    for kata in ["Sangat", "Baik", "Butuh", "Perbaikan", "Kurang/", "Misconduct"]:
        assert f">{kata}</tspan>" in text
    assert text.count('class="pita"') == 1  # Baik ≤ 70%: the only one-predikat rule of Baik
    assert "boleh 0 sampai 3 orang" in text  # 70% of 5 rated
    assert "Peringatan" in text  # the default mode
    assert "✗" in text and "Baik paling banyak 70%: saat ini 4 dari 5 orang" in text
    assert "✓" in text and "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang" in text
    assert "Jika penilaian berikutnya" in text
    assert "Butuh Perbaikan: kurva menjadi terpenuhi" in text  # 4 of 6 Baik ≤ 4.2
    assert "Sangat Baik: kurva menjadi terpenuhi" in text
    assert (
        '<li class="err"><span aria-hidden="true">✗</span> Baik: kurva tetap belum terpenuhi'
        in text
    )
    assert "5 pegawai dinilai, 5 di antaranya oleh Anda" in text


def test_a_small_unit_gets_advice_only(org, tim, periode):
    tetapkan(org, tim, periode, "Istimewa")
    body = grid(client_of(tim.penilai), periode)
    assert "Unit kecil: saran saja" in body


# --- The lock --------------------------------------------------------------------------------


def kunci(periode: PeriodePenilaian) -> None:
    kemarin = timezone.localdate() - dt.timedelta(days=1)
    PeriodePenilaian.objects.filter(pk=periode.pk).update(batas_penilaian=kemarin)
    periode.refresh_from_db()


def test_locked_period_is_read_only_and_a_post_is_refused(org, tim, periode):
    tetapkan(org, tim, periode, "Baik")
    nilai_semua(tim, periode, SESUAI, SESUAI)
    kunci(periode)
    client = client_of(tim.penilai)
    body = grid(client, periode)
    assert f"Periode {periode} sudah dikunci untuk penilaian sejak batas waktu" in body
    assert "<select" not in body and 'id="finalkan-form"' not in body
    assert body.count('class="badge err">terkunci') == 4  # the header and the three rows
    response = simpan_baris(client, tim.skp[0], periode, rating_perilaku=DI_ATAS)
    assert "sudah dikunci untuk penilaian" in tbody(response.content.decode(), tim.skp[0])
    assert Evaluasi.objects.get(skp=tim.skp[0], periode=periode).rating_perilaku == SESUAI
    page = client.get(evaluasi_url(tim.skp[0], periode)).content.decode()
    assert "sudah dikunci untuk penilaian" in page and 'name="aksi"' not in page


def test_an_extension_for_one_pegawai_keeps_only_their_row_open(org, tim, periode):
    kunci(periode)
    PerpanjanganBatas.objects.create(
        instansi=org.instansi,
        periode=periode,
        untuk=UntukBatas.PENILAIAN,
        cakupan=CakupanPerpanjangan.PEGAWAI,
        pegawai=tim.anggota[1].pegawai,
        batas_baru=timezone.localdate() + dt.timedelta(days=3),
        alasan="Cuti penilai",
    )
    body = grid(client_of(tim.penilai), periode)
    assert "hanya baris mereka yang masih dapat diisi" in body
    assert "<select" in tbody(body, tim.skp[1])
    assert "<select" not in tbody(body, tim.skp[0])


# --- Access ----------------------------------------------------------------------------------


def test_other_instansi_is_404(org, tim, periode, other_org):
    lain = buat_tim(other_org, 1, kode="V")
    lain_periode = periode_kini(other_org)
    client = client_of(tim.penilai)
    assert client.get(evaluasi_url(lain.skp[0], lain_periode)).status_code == 404
    assert client.get(evaluasi_url(tim.skp[0], lain_periode)).status_code == 404
    assert client.get(reverse("penilaian:nilai"), {"periode": lain_periode.pk}).status_code == 404
    assert (
        simpan_baris(client, lain.skp[0], lain_periode, rating_perilaku=DI_ATAS).status_code == 404
    )
    assert (
        simpan_baris(client, tim.skp[0], lain_periode, rating_perilaku=DI_ATAS).status_code == 404
    )
    # Even their own Admin Instansi cannot read another instansi's evaluation.
    assert client_of(org.admin).get(evaluasi_url(lain.skp[0], lain_periode)).status_code == 404
    assert not Evaluasi.objects.exists()


def test_a_pegawai_who_is_not_the_penilai_gets_404(org, tim, periode):
    lain = buat_tim(org, 1, kode="U")
    for user in [lain.penilai, tim.anggota[1]]:
        client = client_of(user)
        assert client.get(evaluasi_url(tim.skp[0], periode)).status_code == 404
        response = simpan_baris(client, tim.skp[0], periode, rating_perilaku=DI_ATAS)
        assert response.status_code == 404
    # The pegawai rated does not rate themself either, nor read it here.
    owner = client_of(tim.anggota[0])
    assert owner.get(evaluasi_url(tim.skp[0], periode)).status_code == 404
    assert simpan_baris(owner, tim.skp[0], periode, rating_perilaku=DI_ATAS).status_code == 404
    assert not Evaluasi.objects.exists()


def test_finalise_ignores_rows_that_are_not_mine(org, tim, periode):
    lain = buat_tim(org, 1, kode="U")
    tetapkan(org, lain, periode, "Baik")
    nilai_semua(lain, periode, SESUAI, SESUAI)
    page = finalkan(client_of(tim.penilai), periode, lain.skp)
    assert "Pilih pegawai yang penilaiannya akan difinalkan." in page
    assert status_of(lain.skp, periode) == ["Draft"]


def test_atasan_penilai_and_admin_read_the_evaluation_without_a_form(org, periode):
    tim = buat_tim(org, 1)
    skp = tim.skp[0]
    services.nilai(tim.penilai, skp, periode, rating_hasil_kerja=SESUAI, rating_perilaku=DI_ATAS)
    assert skp.atasan_penilai_id == org.kabid.pk  # the leader of the unit above the tim
    for user in [user_for(org.kabid), org.admin]:
        client = client_of(user)
        page = client.get(evaluasi_url(skp, periode)).content.decode()
        assert "Hanya untuk dibaca" in page
        assert 'name="aksi"' not in page and "<textarea" not in page
        assert "Baik" in page and DI_ATAS in page
        response = client.post(evaluasi_url(skp, periode), {"rating_perilaku": DI_BAWAH})
        assert response.status_code == 404
    assert Evaluasi.objects.get(skp=skp).rating_perilaku == DI_ATAS


def test_the_admin_instansi_rates_the_top_of_the_instansi(org, periode):
    kepala = skp_disetujui(user_for(org.kepala))
    assert kepala.penilai_id is None and kepala.is_jpt
    client = client_of(org.admin)
    page = client.get(evaluasi_url(kepala, periode)).content.decode()
    assert 'name="aksi"' in page and 'name="rating_perilaku"' in page
    client.post(evaluasi_url(kepala, periode), {"rating_perilaku": DI_ATAS, "aksi": "simpan"})
    assert Evaluasi.objects.get(skp=kepala).rating_perilaku == DI_ATAS


def test_anonymous_goes_to_login(org, tim, periode):
    for url in [reverse("penilaian:nilai"), evaluasi_url(tim.skp[0], periode)]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


# --- The evaluation screen -------------------------------------------------------------------


@pytest.fixture
def dinilai(org):
    """A bawahan with an SKP of two Utama RHK (two IKI each) and one Tambahan, realisasi of the
    current period with bukti, and the penilai's threads."""
    tim = buat_tim(org, 0)
    user = anggota_baru(org, tim, "Dinilai Satu")
    skp = skp_dengan_rhk(user, n_utama=2, n_tambahan=1, n_iki=2)
    return tim, user, skp


def isi(user: User, penilai: User, skp: Skp, periode: PeriodePenilaian) -> None:
    for rhk in skp.rhk.all():
        realisasi_services.simpan_rencana_aksi(user, rhk, periode, "Rapat", Decimal(1), "Kali")
        realisasi_services.kirim_umpan_balik(penilai, skp, rhk, f"Catatan RHK {rhk.rhk}")
        for iki in rhk.iki.all():
            real = realisasi_services.isi_realisasi(user, iki, periode, Decimal(7), "Tujuh")
            realisasi_services.tambah_bukti(user, real, berkas())
            root = realisasi_services.kirim_umpan_balik(penilai, skp, real, "Catatan realisasi")
            realisasi_services.balas_umpan_balik(user, root, "Siap")
    for perilaku in skp.perilaku.all():
        realisasi_services.kirim_umpan_balik(penilai, skp, perilaku, "Catatan perilaku")


def test_evaluation_screen_shows_rhk_realisasi_bukti_threads_and_guidance(org, dinilai, periode):
    tim, user, skp = dinilai
    isi(user, tim.penilai, skp, periode)
    page = client_of(tim.penilai).get(evaluasi_url(skp, periode)).content.decode()
    # Header with the snapshot of the three people.
    assert user.pegawai.nama_lengkap in page and user.pegawai.nip in page
    assert tim.pimpinan.nama_lengkap in page and "Atasan Pejabat Penilai" in page
    # Utama before Tambahan, each RHK with its IKI, realisasi, bukti link and threads.
    assert (
        page.index("laporan utama 1")
        < page.index("laporan utama 2")
        < page.index("tugas tambahan 1")
    )
    assert page.index(">Utama</h3>") < page.index(">Tambahan</h3>")
    bukti = skp.rhk.first().iki.first().realisasi.first().bukti.first()
    assert reverse("pelaksanaan:bukti_unduh", args=[bukti.pk]) in page
    assert page.count("laporan.pdf") == 5 and page.count("Catatan realisasi") == 5
    assert page.count("<div>Siap</div>") == 5  # the replies in the threads
    assert "Catatan perilaku" in page and "Catatan RHK" in page
    # The rating form: both groups with the guidance, a textarea per RHK and per value.
    assert "Sebagian besar hasil kerja memenuhi ekspektasi." in page
    assert "Perilaku kerja secara umum melampaui ekspektasi" in page
    for rhk in skp.rhk.all():
        assert f'name="ub_rhk_{rhk.kunci}"' in page
    for nilai in NilaiBerakhlak.objects.filter(pk__in=skp.perilaku.values("nilai")):
        assert f'name="ub_perilaku_{nilai.pk}"' in page
    assert page.count('type="radio" name="rating_hasil_kerja"') == 4
    assert "Simpan &amp; finalkan" in page and "data-predikat" in page


def test_evaluation_screen_saves_ratings_and_umpan_balik_by_kunci_and_value(org, dinilai, periode):
    tim, _, skp = dinilai
    rhk = skp.rhk.order_by("urutan").first()
    nilai = skp.perilaku.order_by("nilai__urutan").first().nilai
    client = client_of(tim.penilai)
    response = client.post(
        evaluasi_url(skp, periode),
        {
            "rating_hasil_kerja": DI_ATAS,
            "rating_perilaku": SESUAI,
            f"ub_rhk_{rhk.kunci}": " Laporan tepat waktu ",
            f"ub_perilaku_{nilai.pk}": "Ramah melayani",
            "catatan": "Pertahankan",
            "aksi": "simpan",
        },
    )
    assert response.status_code == 302 and response["Location"] == evaluasi_url(skp, periode)
    ev = Evaluasi.objects.get(skp=skp, periode=periode)
    assert ev.predikat == "Baik" and ev.status == StatusEvaluasi.DRAFT
    assert ev.umpan_balik_rhk == {str(rhk.kunci): "Laporan tepat waktu"}
    assert ev.umpan_balik_perilaku == {str(nilai.pk): "Ramah melayani"}
    assert ev.catatan == "Pertahankan"
    page = client.get(response["Location"]).content.decode()
    assert "Penilaian disimpan sebagai draf." in page
    assert "Laporan tepat waktu</textarea>" in page and "checked" in page


def test_simpan_dan_finalkan(org, dinilai, periode):
    tim, _, skp = dinilai
    client = client_of(tim.penilai)
    data = {"rating_hasil_kerja": SESUAI, "rating_perilaku": SESUAI, "aksi": "finalkan"}
    page = client.post(evaluasi_url(skp, periode), data, follow=True).content.decode()
    assert "Penilaian disimpan, tetapi belum dapat difinalkan." in page
    assert "belum ditetapkan" in page
    assert Evaluasi.objects.get(skp=skp).status == StatusEvaluasi.DRAFT
    tetapkan(org, tim, periode, "Baik")
    page = client.post(evaluasi_url(skp, periode), data, follow=True).content.decode()
    assert "Penilaian difinalkan; pegawai yang dinilai telah diberi tahu." in page
    assert Evaluasi.objects.get(skp=skp).status == StatusEvaluasi.FINAL
    assert 'name="aksi"' not in page and "perubahan hanya melalui keberatan" in page


def test_a_refused_save_keeps_what_was_typed(org, dinilai, periode):
    tim, _, skp = dinilai
    rhk = skp.rhk.first()
    response = client_of(tim.penilai).post(
        evaluasi_url(skp, periode),
        {
            "rating_perilaku": "Hebat",
            f"ub_rhk_{rhk.kunci}": "Teks panjang penilai",
            "aksi": "simpan",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rating Perilaku Kerja harus salah satu dari" in page
    assert "Teks panjang penilai</textarea>" in page
    assert not Evaluasi.objects.exists()


def test_jpt_evaluation_screen_has_no_hasil_kerja_choice(org, periode):
    tim = buat_tim(org, 0)
    skp = skp_dengan_rhk(anggota_baru(org, tim, "Pejabat Tinggi", "JPT"))
    tetapkan(org, tim, periode, "Baik")
    page = client_of(tim.penilai).get(evaluasi_url(skp, periode)).content.decode()
    assert 'name="rating_hasil_kerja"' not in page
    assert f"Mengikuti predikat kinerja organisasi: <strong>{SESUAI}</strong>" in page
    assert 'data-hasil-jpt="Sesuai Ekspektasi"' in page


def test_realisasi_of_an_older_revision_shows_on_the_revision_in_force(org, dinilai, periode):
    tim, user, old = dinilai
    iki = old.rhk.order_by("urutan").first().iki.order_by("urutan").first()
    realisasi_services.isi_realisasi(user, iki, periode, Decimal(9), "Sembilan dari revisi 1")
    new = skp_services.buat_revisi(user, old)
    Skp.objects.filter(pk=old.pk).update(berlaku=False)
    new = approve_directly(new)
    client = client_of(tim.penilai)
    page = client.get(evaluasi_url(new, periode)).content.decode()
    assert "Sembilan dari revisi 1" in page and "Diisi pada revisi 1 SKP ini." in page
    assert "1 realisasi diisi pada revisi lain SKP ini" in page
    # The old revision's address leads to the one in force.
    response = client.get(evaluasi_url(old, periode))
    assert response.status_code == 302 and response["Location"] == evaluasi_url(new, periode)


def test_a_period_outside_the_skp_is_404(org, tim):
    tahun_lalu = PeriodePenilaian.objects.filter(instansi=org.instansi, tahun=TAHUN - 1)
    periode_mod.pastikan_periode(org.instansi.pk, TAHUN - 1)
    old = tahun_lalu.first()
    assert old is not None
    assert client_of(tim.penilai).get(evaluasi_url(tim.skp[0], old)).status_code == 404


def test_only_a_huge_grid_is_paginated(org, tim, periode, monkeypatch):
    client = client_of(tim.penilai)
    assert 'class="pagination"' not in grid(client, periode)
    monkeypatch.setattr(views_penilai, "BARIS_PER_HALAMAN", 2)
    body = grid(client, periode)
    assert body.count('class="penilai-baris') == 2 and 'class="pagination"' in body
    page2 = client.get(reverse("penilaian:nilai"), {"periode": periode.pk, "page": 2})
    assert page2.content.decode().count('class="penilai-baris') == 1


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 12])
def test_grid_queries_do_not_grow_with_bawahan(org, n, django_assert_num_queries):
    tim = buat_tim(org, n)
    periode = periode_kini(org)
    tetapkan(org, tim, periode, "Baik")
    nilai_semua(tim, periode, SESUAI, SESUAI)
    client = client_of(tim.penilai)
    url = f"{reverse('penilaian:nilai')}?periode={periode.pk}"
    client.get(url)  # warm the session
    with django_assert_num_queries(GRID):
        response = client.get(url)
    assert response.content.decode().count('class="penilai-baris') == n


@pytest.mark.parametrize("n_rhk", [1, 5])
def test_evaluation_screen_queries_do_not_grow_with_rhk(org, n_rhk, django_assert_num_queries):
    tim = buat_tim(org, 0)
    user = anggota_baru(org, tim, "Dinilai Dua")
    skp = skp_dengan_rhk(user, n_utama=n_rhk, n_iki=2)
    periode = periode_kini(org)
    isi(user, tim.penilai, skp, periode)
    tetapkan(org, tim, periode, "Baik")
    services.nilai(tim.penilai, skp, periode, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI)
    client = client_of(tim.penilai)
    client.get(evaluasi_url(skp, periode))
    with django_assert_num_queries(EVALUASI):
        response = client.get(evaluasi_url(skp, periode))
    assert response.content.decode().count('class="rhk evaluasi-rhk"') == n_rhk
