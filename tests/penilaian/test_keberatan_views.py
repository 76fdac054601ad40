"""Keberatan through the browser (views_keberatan.py): the access matrix of every URL, the whole
flow (file → ask → both answer → decide) with its effect on the result page, the refusals with
their Indonesian messages and nothing stored, the Admin Instansi deciding where there is no
atasan penilai, the lists per role, and pinned query counts.

Roles around the staf's result: the pegawai (staf), the penilai (kasi), the atasan penilai and
decider (kabid), the Admin Instansi; outsiders: a colleague (staf_bidang), the kepala (above,
but not involved), a pegawai and the admin of another instansi, the Admin Nasional, anonymous.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import services
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    PenjelasanKeberatan,
    RiwayatEvaluasi,
)
from tests.conftest import Org, buat_admin_nasional, build_org, login, user_for
from tests.penilaian.test_hasil_views import (
    DI_ATAS,
    DI_BAWAH,
    SESUAI,
    TO_LOGIN,
    Dunia,
    build_dunia,
    evaluasi_url,
    final_of,
    final_staf,
    finalkan,
    nilai_staf,
    outcome,
    text,
)
from tests.perencanaan.test_services import TAHUN

ALASAN = "Realisasi saya melampaui target pada dua indikator."
ROLES = [
    "staf",
    "kasi",
    "kabid",
    "admin",
    "staf_bidang",
    "kepala",
    "lain_pegawai",
    "lain_admin",
    "nasional",
    "anon",
]
WRITES, REFUSED = "writes", "refused"


@dataclass
class Stage:
    d: Dunia
    ev: Evaluasi  # the staf's final result of the current period, with a keberatan
    k: Keberatan  # examined: both explanations asked
    ev_tahunan: Evaluasi  # the staf's final annual result, no keberatan yet
    clients: dict[str, Client] = field(default_factory=dict)

    def penjelasan(self, pihak: str) -> PenjelasanKeberatan:
        return PenjelasanKeberatan.objects.get(keberatan=self.k, pihak=pihak)


def tahunan(d: Dunia) -> PeriodePenilaian:
    periode = PeriodePenilaian.objects.get(instansi=d.org.instansi, tahun=TAHUN, jenis="Tahunan")
    services.tetapkan_kinerja_organisasi(d.org.admin, d.org.dinas, periode, "Baik")
    return periode


def ajukan(d: Dunia, ev: Evaluasi) -> Keberatan:
    return services.ajukan_keberatan(d.users["staf"], ev, ALASAN)


def minta(d: Dunia, k: Keberatan, actor: User | None = None) -> None:
    services.minta_penjelasan(
        actor or d.users["kabid"],
        k,
        pertanyaan_penilai="Apa dasar rating hasil kerja?",
        pertanyaan_pegawai="Mana bukti realisasinya?",
    )


def build_stage(org: Org, other_org: Org, admin_nasional: User) -> Stage:
    d = build_dunia(org)
    ev = final_staf(d)
    k = ajukan(d, ev)
    minta(d, k)
    ev_tahunan = finalkan(d.users["kasi"], nilai_staf(d, periode=tahunan(d)))
    clients = {who: d.client(who) for who in ["staf", "kasi", "kabid", "staf_bidang", "kepala"]}
    clients["admin"] = d.client("admin")
    clients["lain_pegawai"] = login(Client(), user_for(other_org.staf))
    clients["lain_admin"] = login(Client(), other_org.admin)
    clients["nasional"] = login(Client(), admin_nasional)
    clients["anon"] = Client()
    ev.refresh_from_db()
    k.refresh_from_db()
    return Stage(d, ev, k, ev_tahunan, clients)


def build_world() -> Stage:
    """The stage of the tests taking `s`, built once for them (a copy each, rolled back after
    it); the tests building their own world come first."""
    return build_stage(build_org("A"), build_org("B"), buat_admin_nasional())


@pytest.fixture
def s(world: Stage) -> Stage:
    return world


def stored() -> tuple[Any, ...]:
    """Everything a keberatan write could touch."""
    return (
        AuditEvent.objects.count(),
        RiwayatEvaluasi.objects.count(),
        list(Keberatan.objects.values_list("pk", "status", "predikat_baru", "alasan_keputusan")),
        list(PenjelasanKeberatan.objects.values_list("pk", "pertanyaan", "jawaban")),
        list(Evaluasi.objects.values_list("pk", "status", "predikat", "versi")),
    )


def url(name: str, *args: Any) -> str:
    return reverse(f"penilaian:{name}", args=args)


def error_of(body: str) -> str:
    """The refusal shown on the page."""
    marker = '<li class="error" role="alert">'
    assert marker in body, "no refusal shown"
    return body.split(marker, 1)[1].split("</li>", 1)[0]


# --- Tests on a world of their own (before the first test on the shared one) -----------------


def test_file_ask_answer_decide_diubah(org):
    d = build_dunia(org)
    ev = final_staf(d)  # Sesuai / Sesuai: Baik
    staf, kasi, kabid = d.client("staf"), d.client("kasi"), d.client("kabid")

    response = staf.post(url("keberatan_ajukan", ev.pk), {"alasan": ALASAN})
    k = Keberatan.objects.get(evaluasi=ev)
    assert response.status_code == 302 and response["Location"] == url("keberatan", k.pk)
    assert (k.status, k.diputus_oleh_pegawai_id, k.predikat_lama) == (
        "Keberatan Diajukan",
        d.org.kabid.pk,
        "Baik",
    )
    assert Notifikasi.objects.filter(penerima=d.users["kabid"], url=url("keberatan", k.pk))
    assert "Keberatan diajukan kepada atasan pejabat penilai" in text(
        staf.get(response["Location"])
    )

    page = text(kabid.get(url("keberatan", k.pk)))
    assert ALASAN in page and "Minta penjelasan</button>" in page
    assert "Mintalah penjelasan pejabat penilai kinerja dan pegawai lebih dulu" in page
    assert "Putuskan</button>" not in page

    response = kabid.post(
        url("keberatan_minta", k.pk),
        {"pertanyaan_penilai": "Apa dasar rating?", "pertanyaan_pegawai": "Mana buktinya?"},
    )
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.status == "Diperiksa"

    # Each party gets a form for the question put to them, and only for it.
    kasi_page = text(kasi.get(url("keberatan", k.pk)))
    staf_page = text(staf.get(url("keberatan", k.pk)))
    for page, pihak in ((kasi_page, "penilai"), (staf_page, "pegawai")):
        row = PenjelasanKeberatan.objects.get(keberatan=k, pihak=pihak)
        assert page.count("Berikan penjelasan</button>") == 1
        assert url("keberatan_jawab", row.pk) in page
        assert "Minta penjelasan</button>" not in page and "Putuskan</button>" not in page
    for pihak, client, jawaban in (
        ("penilai", kasi, "Target dua RHK utama tidak tercapai."),
        ("pegawai", staf, "Bukti terlampir pada realisasi triwulan."),
    ):
        row = PenjelasanKeberatan.objects.get(keberatan=k, pihak=pihak)
        assert client.post(url("keberatan_jawab", row.pk), {"jawaban": jawaban}).status_code == 302
    page = text(kabid.get(url("keberatan", k.pk)))
    assert "Target dua RHK utama tidak tercapai." in page
    assert "Bukti terlampir pada realisasi triwulan." in page
    assert "Putuskan</button>" in page and "penjelasan belum diberikan" not in page

    response = kabid.post(
        url("keberatan_putuskan", k.pk),
        {
            "keputusan": "Diubah",
            "rating_hasil_kerja": DI_ATAS,
            "rating_perilaku": DI_ATAS,
            "alasan": "Bukti realisasi meyakinkan.",
        },
    )
    assert response.status_code == 302
    decided = text(kabid.get(response["Location"]))
    assert "diubah dari Baik menjadi Sangat Baik" in decided
    assert "<h2>Keputusan: Diubah</h2>" in decided and "Keputusan ini final." in decided
    assert '<span class="predikat-lama">Baik</span>' in decided
    assert '<strong class="predikat-besar">Sangat Baik</strong>' in decided
    assert "Minta penjelasan</button>" not in decided and "Putuskan</button>" not in decided
    assert "Berikan penjelasan</button>" not in text(kasi.get(url("keberatan", k.pk)))

    result = text(staf.get(evaluasi_url(ev)))
    assert '<p class="predikat-besar" id="predikat">Sangat Baik</p>' in result
    assert '<span class="badge evaluasi-diubah">Diubah</span>' in result
    assert "Versi 2 (setelah keberatan)" in result
    history = result.split("<h2>Riwayat</h2>", 1)[1]
    assert "<td>Difinalkan</td>" in history and "<strong>Baik</strong>" in history
    assert "<td>Keberatan diputuskan</td>" in history and "<strong>Sangat Baik</strong>" in history
    assert "Diubah: Bukti realisasi meyakinkan." in history
    ev.refresh_from_db()
    assert (ev.predikat, ev.status, ev.versi) == ("Sangat Baik", "Diubah", 2)
    hasil = text(staf.get(url("hasil_saya")))
    assert "<strong>Sangat Baik</strong>" in hasil and "evaluasi-diubah" in hasil

    # Final: a second decision is refused and nothing changes.
    before = stored()
    again = kabid.post(url("keberatan_putuskan", k.pk), {"keputusan": "Tetap", "alasan": "Lagi"})
    assert error_of(text(again)) == "Keberatan ini sudah diputuskan; keputusan bersifat final."
    assert stored() == before


def test_filing_after_the_window_is_refused(org):
    d = build_dunia(org)
    ev = final_staf(d, hari_lalu=15)
    batas = services.batas_keberatan(ev)
    assert batas is not None
    body = refused(d.client("staf"), url("keberatan_ajukan", ev.pk), {"alasan": ALASAN})
    assert error_of(body).startswith("Jangka waktu pengajuan keberatan sudah berakhir pada ")
    assert f"{batas.day} " in error_of(body) and "pukul 23.59.59 WIB" in error_of(body)
    assert "Ajukan keberatan</button>" not in body


def test_filing_on_a_draft_is_404_for_the_pegawai(org):
    d = build_dunia(org)
    ev = nilai_staf(d)
    before = stored()
    response = d.client("staf").post(url("keberatan_ajukan", ev.pk), {"alasan": ALASAN})
    assert response.status_code == 404 and stored() == before


def test_deciding_before_asking_is_refused(org):
    d = build_dunia(org)
    k = ajukan(d, final_staf(d))
    body = refused(
        d.client("kabid"), url("keberatan_putuskan", k.pk), {"keputusan": "Tetap", "alasan": "Ok"}
    )
    assert error_of(body) == (
        "Mintalah penjelasan pejabat penilai dan pegawai lebih dulu sebelum memutuskan."
    )


# --- Access matrix -----------------------------------------------------------------------------

INVOLVED = {"staf": 200, "kasi": 200, "kabid": 200, "admin": 200}
OUTSIDERS = dict.fromkeys(["staf_bidang", "kepala", "lain_pegawai", "lain_admin", "nasional"], 404)


def test_detail_access(s):
    got = {who: outcome(s.clients[who].get(url("keberatan", s.k.pk))) for who in ROLES}
    assert got == {**INVOLVED, **OUTSIDERS, "anon": TO_LOGIN}


def test_list_access_and_who_sees_the_row(s):
    got, listed = {}, {}
    for who in ROLES:
        response = s.clients[who].get(url("keberatan_daftar"))
        got[who] = outcome(response)
        listed[who] = response.status_code == 200 and url("keberatan", s.k.pk) in text(response)
    everyone = dict.fromkeys(["staf", "kasi", "kabid", "admin", "staf_bidang", "kepala"], 200)
    assert got == {
        **everyone,
        "lain_pegawai": 200,
        "lain_admin": 200,
        "nasional": 404,  # no instansi
        "anon": TO_LOGIN,
    }
    assert {who for who, yes in listed.items() if yes} == {"staf", "kasi", "kabid", "admin"}


@dataclass(frozen=True)
class Post:
    name: str
    args: Callable[[Stage], tuple[Any, ...]]
    data: dict[str, str]
    expected: dict[str, Any]


def post_outcomes(**given: Any) -> dict[str, Any]:
    return {**INVOLVED, **OUTSIDERS, "anon": TO_LOGIN, **given}


POSTS = [
    # On the annual result (final, no keberatan): only its pegawai files.
    Post(
        "keberatan_ajukan",
        lambda s: (s.ev_tahunan.pk,),
        {"alasan": ALASAN},
        post_outcomes(staf=WRITES, kasi=REFUSED, kabid=REFUSED, admin=REFUSED),
    ),
    Post(
        "keberatan_minta",
        lambda s: (s.k.pk,),
        {"pertanyaan_penilai": "Ulangi dasar?", "pertanyaan_pegawai": "Ulangi bukti?"},
        post_outcomes(staf=REFUSED, kasi=REFUSED, kabid=WRITES, admin=REFUSED),
    ),
    Post(
        "keberatan_jawab",
        lambda s: (s.penjelasan("penilai").pk,),
        {"jawaban": "Dua RHK utama belum tercapai."},
        post_outcomes(staf=REFUSED, kasi=WRITES, kabid=REFUSED, admin=REFUSED),
    ),
    Post(
        "keberatan_putuskan",
        lambda s: (s.k.pk,),
        {"keputusan": "Tetap", "alasan": "Penilaian sudah sesuai bukti."},
        post_outcomes(staf=REFUSED, kasi=REFUSED, kabid=WRITES, admin=REFUSED),
    ),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.name)
def test_post_access(s, post, who):
    before = stored()
    response = s.clients[who].post(url(post.name, *post.args(s)), post.data)
    expected = post.expected[who]
    if expected == WRITES:
        assert response.status_code == 302, text(response)
        assert stored() != before
        return
    assert stored() == before
    if expected == REFUSED:
        assert response.status_code == 200
        assert error_of(text(response))
    else:
        assert outcome(response) == expected


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.name)
def test_writes_are_post_only(s, post):
    assert s.clients["kabid"].get(url(post.name, *post.args(s))).status_code == 405


# --- The whole flow ----------------------------------------------------------------------------


def test_decide_tetap_keeps_the_result(s):
    response = s.clients["kabid"].post(
        url("keberatan_putuskan", s.k.pk),
        # Ratings sent along with Tetap are ignored.
        {"keputusan": "Tetap", "rating_hasil_kerja": DI_ATAS, "alasan": "Sudah sesuai bukti."},
    )
    assert response.status_code == 302
    s.ev.refresh_from_db()
    assert (s.ev.predikat, s.ev.status, s.ev.versi) == ("Baik", "Tetap", 1)
    page = text(s.clients["staf"].get(url("keberatan", s.k.pk)))
    assert "Hasil penilaian tetap: <strong" in page and "Keputusan ini final." in page
    result = text(s.clients["staf"].get(evaluasi_url(s.ev)))
    assert '<p class="predikat-besar" id="predikat">Baik</p>' in result
    assert '<span class="badge evaluasi-tetap">Tetap</span>' in result


# --- Refusals: a message on the page, nothing stored ---------------------------------------------


def refused(client: Client, target: str, data: dict[str, str]) -> str:
    before = stored()
    response = client.post(target, data)
    assert response.status_code == 200
    assert stored() == before
    return text(response)


def test_filing_twice_is_refused(s):
    body = refused(s.clients["staf"], url("keberatan_ajukan", s.ev.pk), {"alasan": ALASAN})
    assert error_of(body) == "Keberatan atas penilaian ini sudah pernah diajukan."


def test_a_short_reason_is_refused_and_kept_in_the_form(s):
    body = refused(s.clients["staf"], url("keberatan_ajukan", s.ev_tahunan.pk), {"alasan": "Tidak"})
    assert "paling sedikit 10 karakter" in error_of(body)
    assert ">\nTidak</textarea>" in body


def test_filing_by_someone_else_is_refused(s):
    body = refused(s.clients["kasi"], url("keberatan_ajukan", s.ev_tahunan.pk), {"alasan": ALASAN})
    assert error_of(body) == "Keberatan hanya dapat diajukan oleh pegawai yang dinilai."


def putuskan(s: Stage, **data: str) -> str:
    return refused(s.clients["kabid"], url("keberatan_putuskan", s.k.pk), data)


def test_diubah_with_the_same_ratings_is_refused(s):
    body = putuskan(
        s, keputusan="Diubah", rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, alasan="Ubah"
    )
    assert error_of(body).startswith("Rating baru sama dengan rating semula")
    assert "Bukti" not in error_of(body)
    assert 'value="Diubah" required id="id_keputusan_1" checked' in body  # the choice is kept


def test_diubah_needs_both_new_ratings(s):
    body = putuskan(s, keputusan="Diubah", rating_hasil_kerja=DI_BAWAH, alasan="Turunkan")
    assert error_of(body) == "Keputusan Diubah memerlukan Rating Hasil Kerja dan Perilaku baru."


def test_a_decision_needs_a_reason_and_a_valid_choice(s):
    assert error_of(putuskan(s, keputusan="Tetap", alasan=" ")) == "Alasan keputusan wajib diisi."
    assert "Pilih keputusan" in error_of(putuskan(s, alasan="Tanpa pilihan"))
    body = putuskan(
        s, keputusan="Diubah", rating_hasil_kerja="Luar Biasa", rating_perilaku=SESUAI, alasan="x"
    )
    assert "Rating Hasil Kerja harus salah satu dari" in error_of(body)


def test_asking_needs_both_questions(s):
    body = refused(
        s.clients["kabid"],
        url("keberatan_minta", s.k.pk),
        {"pertanyaan_penilai": "Apa dasarnya?", "pertanyaan_pegawai": ""},
    )
    assert error_of(body) == (
        "Tuliskan permintaan penjelasan untuk pejabat penilai dan untuk pegawai."
    )
    assert ">\nApa dasarnya?</textarea>" in body


def test_an_empty_answer_is_refused(s):
    row = s.penjelasan("pegawai")
    body = refused(s.clients["staf"], url("keberatan_jawab", row.pk), {"jawaban": "  "})
    assert error_of(body) == "Penjelasan wajib diisi."


def test_answering_after_the_decision_is_refused(s):
    services.putuskan_keberatan(s.d.users["kabid"], s.k, "Tetap", "Sesuai bukti.")
    row = s.penjelasan("pegawai")
    body = refused(s.clients["staf"], url("keberatan_jawab", row.pk), {"jawaban": "Terlambat"})
    assert error_of(body) == "Keberatan ini sudah diputuskan; penjelasan tidak dapat diubah."


# --- Without an atasan penilai the Admin Instansi decides ----------------------------------------


def test_the_admin_decides_where_there_is_no_atasan(s):
    d = s.d
    ev = final_of(d, "kabid", "kepala")  # penilai the kepala, no atasan penilai above
    k = services.ajukan_keberatan(d.users["kabid"], ev, ALASAN)
    assert k.diputus_oleh_pegawai_id is None
    admin, kepala = s.clients["admin"], s.clients["kepala"]
    page = text(admin.get(url("keberatan", k.pk)))
    assert "Admin Instansi (tidak ada atasan pejabat penilai dalam sistem)" in page
    assert "Minta penjelasan</button>" in page
    assert "Minta penjelasan</button>" not in text(kepala.get(url("keberatan", k.pk)))
    listed = text(admin.get(url("keberatan_daftar")))
    row = listed.split(url("keberatan", k.pk), 1)[0].rsplit('<tr class="keberatan-baris">', 1)[1]
    assert "Admin Instansi" in row and "Memutuskan" in row
    assert (
        admin.post(
            url("keberatan_minta", k.pk),
            {"pertanyaan_penilai": "Dasar penilaian?", "pertanyaan_pegawai": "Bukti?"},
        ).status_code
        == 302
    )
    response = admin.post(
        url("keberatan_putuskan", k.pk),
        {"keputusan": "Diubah", "rating_hasil_kerja": DI_ATAS, "rating_perilaku": DI_ATAS,
         "alasan": "Bukti kuat."},
    )  # fmt: skip
    assert response.status_code == 302
    ev.refresh_from_db()
    assert (ev.predikat, ev.status) == ("Sangat Baik", "Diubah")


# --- Lists ---------------------------------------------------------------------------------------


def rows_of(body: str) -> list[str]:
    return body.split('<tr class="keberatan-baris">')[1:]


def test_open_keberatan_come_first_and_the_status_filter(s):
    # The older keberatan is decided; the annual one, filed later, is still open.
    k_tahunan = ajukan(s.d, s.ev_tahunan)
    services.putuskan_keberatan(s.d.users["kabid"], s.k, "Tetap", "Sesuai bukti.")
    kabid = s.clients["kabid"]
    rows = rows_of(text(kabid.get(url("keberatan_daftar"))))
    assert [url("keberatan", k_tahunan.pk) in rows[0], url("keberatan", s.k.pk) in rows[1]] == [
        True,
        True,
    ]
    assert ">Periksa</a>" in rows[0] and ">Lihat</a>" in rows[1]
    tetap = rows_of(text(kabid.get(url("keberatan_daftar"), {"status": "Tetap"})))
    assert len(tetap) == 1 and url("keberatan", s.k.pk) in tetap[0]
    terbuka = rows_of(text(kabid.get(url("keberatan_daftar"), {"status": "terbuka"})))
    assert len(terbuka) == 1 and url("keberatan", k_tahunan.pk) in terbuka[0]
    # An unknown filter shows everything.
    assert len(rows_of(text(kabid.get(url("keberatan_daftar"), {"status": "x"})))) == 2


def test_each_role_lists_its_own(s):
    d = s.d
    k_bidang = services.ajukan_keberatan(
        d.users["staf_bidang"], final_of(d, "staf_bidang", "kabid"), ALASAN
    )
    seen = {}
    for who in ["staf", "kasi", "kabid", "admin", "staf_bidang", "kepala"]:
        body = text(s.clients[who].get(url("keberatan_daftar")))
        seen[who] = {k.pk for k in (s.k, k_bidang) if url("keberatan", k.pk) in body}
    assert seen == {
        "staf": {s.k.pk},  # filed
        "kasi": {s.k.pk},  # rated
        "kabid": {s.k.pk, k_bidang.pk},  # decides the staf's, rated the staf_bidang's
        "admin": {s.k.pk, k_bidang.pk},
        "staf_bidang": {k_bidang.pk},
        "kepala": {k_bidang.pk},  # atasan penilai of the staf_bidang
    }
    kepala = rows_of(text(s.clients["kepala"].get(url("keberatan_daftar"))))
    assert "Memutuskan" in kepala[0]


# --- Query counts ------------------------------------------------------------------------------

DAFTAR = 5  # session, user; paginator count, rows (with evaluation and period); status counts
DETAIL = 4  # session, user; the keberatan with evaluation, period, decider; explanations


def pinned(client: Client, target: str, expected: int, assert_num_queries: Any, **params) -> str:  # type: ignore[no-untyped-def]
    client.get(target, params)
    with assert_num_queries(expected):
        response = client.get(target, params)
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("who", ["admin", "kabid", "staf"])
def test_list_queries(s, who, n, django_assert_num_queries):
    if n == 3:
        ajukan(s.d, s.ev_tahunan)
        services.ajukan_keberatan(
            s.d.users["staf_bidang"], final_of(s.d, "staf_bidang", "kabid"), ALASAN
        )
    body = pinned(s.clients[who], url("keberatan_daftar"), DAFTAR, django_assert_num_queries)
    expected = {"admin": n, "kabid": n, "staf": min(n, 2)}[who]
    assert len(rows_of(body)) == expected
    filtered = pinned(
        s.clients[who],
        url("keberatan_daftar"),
        DAFTAR,
        django_assert_num_queries,
        status="Diperiksa",
    )
    assert len(rows_of(filtered)) == 1  # the staf's, examined; the others are only filed


@pytest.mark.parametrize("who", ["kabid", "kasi", "staf", "admin"])
def test_detail_queries(s, who, django_assert_num_queries):
    body = pinned(s.clients[who], url("keberatan", s.k.pk), DETAIL, django_assert_num_queries)
    assert "Apa dasar rating hasil kerja?" in body


# --- Coverage ----------------------------------------------------------------------------------


def test_every_url_of_the_result_and_keberatan_views_is_in_an_access_matrix():
    from kinerja.penilaian import views_hasil, views_keberatan

    names = {p.name for p in views_hasil.urlpatterns + views_keberatan.urlpatterns}
    # GET pages: test_hasil_views.py (hasil_saya, evaluasi) and the two tests above.
    covered = {"hasil_saya", "evaluasi", "keberatan", "keberatan_daftar"}
    assert names == covered | {post.name for post in POSTS}
