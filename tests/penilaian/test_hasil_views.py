"""The result pages (views_hasil.py): the pegawai's results of a year and one evaluation's page.
What each role sees (the pegawai only once final; the penilai, the atasan penilai, the Admin
Instansi; nobody of another instansi), people as they were when rated, umpan balik, history,
the keberatan block and its window, and pinned query counts.

Evaluations are made through the services (predikat organisasi → nilai → finalkan). The builders
here are shared with test_keberatan_views.py.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan import jadwal
from kinerja.pelaksanaan import periode as periode_mod
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import services
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import PerilakuKerja, RencanaHasilKerja, Skp
from tests.conftest import Org, login, user_for
from tests.pelaksanaan.test_realisasi_services import periode_kini
from tests.perencanaan.test_services import TAHUN, approved_skp, users_of

DI_ATAS, SESUAI, DI_BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
TO_LOGIN = "login"

# --- Builders ----------------------------------------------------------------------------------


@dataclass
class Dunia:
    org: Org
    users: dict[str, User]  # kepala, kabid, kasi, staf, staf_bidang
    skp: Skp  # the staf's, approved; penilai the kasi, atasan penilai the kabid
    rhk: RencanaHasilKerja
    periode: PeriodePenilaian  # the current one, open for penilaian

    def client(self, who: str) -> Client:
        user = self.org.admin if who == "admin" else self.users[who]
        return login(Client(), user)


def build_dunia(org: Org) -> Dunia:
    users = users_of(org)
    skp = approved_skp(users["staf"], ("Tersedianya data kepegawaian",))
    periode = periode_kini(skp)
    # One predikat organisasi on the dinas covers every unit below it.
    services.tetapkan_kinerja_organisasi(org.admin, org.dinas, periode, "Baik")
    rhk = skp.rhk.get()
    return Dunia(org, users, skp, rhk, periode)


def nilai_staf(
    d: Dunia,
    hasil: str = SESUAI,
    perilaku: str = SESUAI,
    periode: PeriodePenilaian | None = None,
) -> Evaluasi:
    nilai_id = PerilakuKerja.objects.filter(skp=d.skp).order_by("nilai__urutan")[0].nilai_id
    return services.nilai(
        d.users["kasi"],
        d.skp,
        periode or d.periode,
        rating_hasil_kerja=hasil,
        rating_perilaku=perilaku,
        umpan_balik_rhk={str(d.rhk.kunci): "Data selalu mutakhir"},
        umpan_balik_perilaku={str(nilai_id): "Sigap melayani"},
        catatan="Pertahankan ketelitian.",
    )


def finalkan(actor: User, ev: Evaluasi, hari_lalu: int = 0) -> Evaluasi:
    """Finalise as of `hari_lalu` days ago (the keberatan window counts from then)."""
    services.finalkan(actor, [ev], now=timezone.now() - dt.timedelta(days=hari_lalu))
    ev.refresh_from_db()
    return ev


def final_staf(d: Dunia, hari_lalu: int = 0, **kwargs: Any) -> Evaluasi:
    return finalkan(d.users["kasi"], nilai_staf(d, **kwargs), hari_lalu)


def final_of(d: Dunia, who: str, penilai: str, hari_lalu: int = 0) -> Evaluasi:
    """A final evaluation of another pegawai of the org (approved SKP, rated by `penilai`)."""
    skp = approved_skp(d.users[who], (f"Hasil kerja {who}",))
    ev = services.nilai(
        d.users[penilai], skp, d.periode, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI
    )
    return finalkan(d.users[penilai], ev, hari_lalu)


def text(response: Any) -> str:
    return response.content.decode()


def outcome(response: Any) -> Any:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return TO_LOGIN
    return response.status_code


@pytest.fixture
def d(org: Org) -> Dunia:
    return build_dunia(org)


def evaluasi_url(ev: Evaluasi) -> str:
    return reverse("penilaian:evaluasi", args=[ev.pk])


def batas_teks(ev: Evaluasi) -> str:
    batas = services.batas_keberatan(ev)
    assert batas is not None
    return jadwal.format_batas(batas, "Asia/Jakarta")


# --- Access ------------------------------------------------------------------------------------


def clients(d: Dunia, other_org: Org, admin_nasional: User) -> dict[str, Client]:
    """Every role around the staf's evaluation, and outsiders."""
    out = {who: d.client(who) for who in ["staf", "kasi", "kabid", "staf_bidang", "kepala"]}
    out["admin"] = d.client("admin")
    out["lain_pegawai"] = login(Client(), user_for(other_org.staf))
    out["lain_admin"] = login(Client(), other_org.admin)
    out["nasional"] = login(Client(), admin_nasional)
    out["anon"] = Client()
    return out


FINAL_ACCESS = {
    "staf": 200,  # the pegawai
    "kasi": 200,  # the penilai
    "kabid": 200,  # the atasan penilai
    "admin": 200,
    "staf_bidang": 404,  # a colleague
    "kepala": 404,  # higher up, but neither penilai nor atasan penilai of this result
    "lain_pegawai": 404,
    "lain_admin": 404,
    "nasional": 404,
    "anon": TO_LOGIN,
}


def test_result_page_access_once_final(d, other_org, admin_nasional):
    ev = final_staf(d)
    url = evaluasi_url(ev)
    got = {who: outcome(c.get(url)) for who, c in clients(d, other_org, admin_nasional).items()}
    assert got == FINAL_ACCESS


def test_a_draft_does_not_exist_for_the_pegawai(d, other_org, admin_nasional):
    ev = nilai_staf(d)
    url = evaluasi_url(ev)
    got = {who: outcome(c.get(url)) for who, c in clients(d, other_org, admin_nasional).items()}
    assert got == {**FINAL_ACCESS, "staf": 404}
    body = text(d.client("kasi").get(url))
    assert "Draft: hasil ini belum difinalkan" in body
    assert "Ajukan keberatan" not in body


def test_hasil_saya_access(d, other_org, admin_nasional):
    url = reverse("penilaian:hasil_saya")
    got = {who: outcome(c.get(url)) for who, c in clients(d, other_org, admin_nasional).items()}
    # Every pegawai has a results page of their own; admins without a pegawai have none.
    assert got == {
        **dict.fromkeys(["staf", "kasi", "kabid", "staf_bidang", "kepala", "lain_pegawai"], 200),
        "admin": 404,
        "lain_admin": 404,
        "nasional": 404,
        "anon": TO_LOGIN,
    }


def test_an_unknown_evaluation_is_404(d):
    assert d.client("admin").get(reverse("penilaian:evaluasi", args=[999999])).status_code == 404


def test_the_result_page_is_get_only(d):
    ev = final_staf(d)
    assert d.client("staf").post(evaluasi_url(ev)).status_code == 405


# --- The pegawai's results of a year -------------------------------------------------------------


def test_hasil_saya_lists_every_period_and_hides_drafts(d):
    nilai_staf(d, DI_ATAS, DI_ATAS)  # Sangat Baik, but a draft
    body = text(d.client("staf").get(reverse("penilaian:hasil_saya")))
    assert f"<h1>Hasil penilaian kinerja saya {TAHUN}</h1>" in body
    for p in periode_mod.daftar_periode(d.org.instansi.pk, TAHUN):
        assert f'<td class="nowrap">{p}</td>' in body
    assert body.count('class="hasil-baris"') == 5  # four triwulan and the annual period
    assert body.count("Belum difinalkan") == 5
    assert "Sangat Baik" not in body


def test_hasil_saya_shows_the_final_predikat_status_and_keberatan_deadline(d):
    ev = final_staf(d, hasil=DI_ATAS, perilaku=DI_ATAS)
    body = text(d.client("staf").get(reverse("penilaian:hasil_saya")))
    assert "<strong>Sangat Baik</strong>" in body
    assert '<span class="badge evaluasi-final">Final</span>' in body
    assert f"Dapat diajukan sampai {batas_teks(ev)}" in body
    assert "pukul 23.59.59 WIB" in body
    assert evaluasi_url(ev) in body
    assert body.count("Belum difinalkan") == 4


def test_hasil_saya_after_the_window_and_with_a_keberatan(d):
    ev = final_staf(d, hari_lalu=20)
    body = text(d.client("staf").get(reverse("penilaian:hasil_saya")))
    assert f"Jangka waktu berakhir {batas_teks(ev)}" in body and "Dapat diajukan" not in body
    Evaluasi.objects.filter(pk=ev.pk).update(difinalkan_at=timezone.now())
    ev.refresh_from_db()
    k = services.ajukan_keberatan(d.users["staf"], ev, "Realisasi saya melampaui target.")
    body = text(d.client("staf").get(reverse("penilaian:hasil_saya")))
    assert "Keberatan Diajukan</span>" in body
    assert reverse("penilaian:keberatan", args=[k.pk]) in body


def test_hasil_saya_of_another_year(d):
    final_staf(d)
    body = text(d.client("staf").get(reverse("penilaian:hasil_saya"), {"tahun": TAHUN - 1}))
    assert f"<h1>Hasil penilaian kinerja saya {TAHUN - 1}</h1>" in body
    assert "Sesuai Ekspektasi" not in body and "<strong>Baik</strong>" not in body
    assert body.count("Belum difinalkan") == 5
    assert f"?tahun={TAHUN}" in body  # back to this year


# --- The result page -----------------------------------------------------------------------------


def test_the_result_page_shows_people_as_they_were_ratings_and_feedback(d):
    ev = final_staf(d, hasil=DI_ATAS, perilaku=SESUAI)
    # Master data changes after finalisation; the document keeps the snapshot.
    Pegawai.objects.filter(pk=d.org.staf.pk).update(nama="Nama Baru")
    Pegawai.objects.filter(pk=d.org.kasi.pk).update(nama="Kasi Baru")
    body = text(d.client("staf").get(evaluasi_url(ev)))
    assert "Nama Baru" not in body and "Kasi Baru" not in body
    for person in (d.org.staf, d.org.kasi, d.org.kabid):
        assert person.nip in body
    assert "Staf A" in body and "Kasi A" in body and "Kabid A" in body
    assert "Pengelola Data A" in body and "Seksi A" in body  # jabatan and unit of the staf
    assert "<dt>Rating Hasil Kerja</dt><dd>Di Atas Ekspektasi" in body
    assert "<dt>Rating Perilaku Kerja</dt><dd>Sesuai Ekspektasi" in body
    assert '<p class="predikat-besar" id="predikat">Baik</p>' in body
    assert "Tersedianya data kepegawaian" in body and "Data selalu mutakhir" in body
    assert "Sigap melayani" in body and "Pertahankan ketelitian." in body
    assert "Kasi A" in body.split("Dinilai oleh", 1)[1].split("</dd>", 1)[0]
    assert "Kasi A" in body.split("Difinalkan oleh", 1)[1].split("</dd>", 1)[0]


def test_the_pegawai_reads_the_history_from_finalisation_the_penilai_all_of_it(d):
    nilai_staf(d, DI_BAWAH, DI_BAWAH)  # a first draft: Sangat Kurang
    ev = final_staf(d)  # rated again (Baik) and finalised
    staf = text(d.client("staf").get(evaluasi_url(ev)))
    kasi = text(d.client("kasi").get(evaluasi_url(ev)))
    assert staf.count('class="riwayat-baris"') == 1 and "<td>Difinalkan</td>" in staf
    assert "Sangat Kurang" not in staf
    assert kasi.count('class="riwayat-baris"') == 3
    assert kasi.count("<td>Dinilai</td>") == 2 and "Sangat Kurang" in kasi


def test_the_pegawai_may_file_while_the_window_is_open(d):
    ev = final_staf(d)
    body = text(d.client("staf").get(evaluasi_url(ev)))
    assert "Ajukan keberatan</button>" in body
    assert reverse("penilaian:keberatan_ajukan", args=[ev.pk]) in body
    assert f"sampai <strong>{batas_teks(ev)}</strong>" in body
    penilai = text(d.client("kasi").get(evaluasi_url(ev)))
    assert "Ajukan keberatan</button>" not in penilai
    assert f"Pegawai dapat mengajukan keberatan sampai {batas_teks(ev)}" in penilai


def test_after_the_window_the_result_is_final_without_a_form(d):
    ev = final_staf(d, hari_lalu=15)  # 14 days by default
    body = text(d.client("staf").get(evaluasi_url(ev)))
    assert "Ajukan keberatan</button>" not in body
    assert f"jangka waktu pengajuan keberatan berakhir pada {batas_teks(ev)}" in body
    assert "Hasil penilaian ini final." in body


def test_the_last_day_of_the_window_is_still_open(d):
    ev = final_staf(d, hari_lalu=14)
    assert "Ajukan keberatan</button>" in text(d.client("staf").get(evaluasi_url(ev)))


# --- Query counts ------------------------------------------------------------------------------

# Result page: session, user (2); the evaluation with its period and both users (1); its
# keberatan (1); the window (2: pengaturan, zone); history (1); RHK (1); BerAKHLAK values (1);
# its signed document (1, dokumen's tautan_dokumen).
EVALUASI = 10
# Results of a year: session, user (2); the year's periods (2: setting, periods); the pegawai's
# evaluations with their keberatan (1); the window (2: pengaturan, zone).
HASIL_SAYA = 7


def pinned(client: Client, url: str, expected: int, assert_num_queries: Any) -> str:
    client.get(url)  # warm the session and the year's periods
    with assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize("n_rhk", [1, 6])
@pytest.mark.parametrize("who", ["staf", "kasi", "admin"])
def test_result_page_queries(org, who, n_rhk, django_assert_num_queries):
    d = build_dunia(org)
    for i in range(1, n_rhk):
        RencanaHasilKerja.objects.create(instansi=org.instansi, skp=d.skp, rhk=f"RHK {i}", urutan=i)
    ev = final_staf(d)
    services.ajukan_keberatan(d.users["staf"], ev, "Saya keberatan atas hasil ini.")
    body = pinned(d.client(who), evaluasi_url(ev), EVALUASI, django_assert_num_queries)
    # The pegawai does not see the draft rating: finalised and keberatan filed only.
    assert body.count('class="riwayat-baris"') == (2 if who == "staf" else 3)
    assert body.count('<span class="badge">Utama</span>') == n_rhk


@pytest.mark.parametrize("n", [1, 2])
def test_hasil_saya_queries(d, n, django_assert_num_queries):
    final_staf(d)
    if n == 2:
        tahunan = PeriodePenilaian.objects.get(
            instansi=d.org.instansi, tahun=TAHUN, jenis="Tahunan"
        )
        services.tetapkan_kinerja_organisasi(d.org.admin, d.org.dinas, tahunan, "Baik")
        finalkan(d.users["kasi"], nilai_staf(d, periode=tahunan))
    url = reverse("penilaian:hasil_saya")
    body = pinned(d.client("staf"), url, HASIL_SAYA, django_assert_num_queries)
    assert body.count("Lihat hasil</a>") == n
