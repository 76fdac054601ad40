"""The predikat kinerja organisasi pages (views_organisasi): who may set a unit's predikat and
how (htmx row and plain POST), the refusal once a result is final, the calibration view
("who sits where", a sub-unit with its own predikat kept out, a penilai seeing only their own
bawahan), the instansi-wide distribution check, the configuration form, and pinned query
counts that do not grow with the number of rows or pegawai."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import PeriodePenilaian
from kinerja.penilaian import kurva
from kinerja.penilaian.forms_organisasi import nilai_awal
from kinerja.penilaian.models import Evaluasi, KinerjaOrganisasi, PengaturanPenilaian
from kinerja.penilaian.services import pengaturan_of
from kinerja.perencanaan.models import Skp
from kinerja.perencanaan.services import snapshot_of
from tests.conftest import Org, login
from tests.factories import PegawaiFactory, UnitFactory, UserFactory, place, user_for
from tests.penilaian.conftest import Dunia, Tim, buat_dunia, buat_tim

ORGANISASI = reverse("penilaian:organisasi")
DISTRIBUSI = reverse("penilaian:distribusi")
PENGATURAN = reverse("penilaian:pengaturan")
SB, B, BP, K, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"
BELUM = "Belum dinilai"
# A pair of ratings giving each predikat (the matrix of domain.md §5).
RATINGS = {
    SB: ("Di Atas Ekspektasi", "Di Atas Ekspektasi"),
    B: ("Sesuai Ekspektasi", "Sesuai Ekspektasi"),
    BP: ("Di Bawah Ekspektasi", "Sesuai Ekspektasi"),
    K: ("Sesuai Ekspektasi", "Di Bawah Ekspektasi"),
    SK: ("Di Bawah Ekspektasi", "Di Bawah Ekspektasi"),
}
HX = {"HTTP_HX_REQUEST": "true"}

# Pinned: a change must be deliberate. Session + user (2) on every page.
# Organisasi (admin): periods (3), the page's units (2: capped count, rows), the instansi's
# distribution (4: predikat organisasi, unit paths, one GROUP BY, configuration), finalised
# counts (1), names of who set them (1).
ORGANISASI_ADMIN = 13
# Kurva (admin): unit, period, predikat organisasi (3), sub-units with their own predikat,
# evaluations, unrated pegawai, names of their penilai (4), configuration (1).
KURVA_ADMIN = 10
# Kurva (a penilai, not a leader): the leaders of the unit's chain (1) on top.
KURVA_PENILAI = 11
# Distribusi: periods (3), the instansi's distribution (4), the configuration (1).
DISTRIBUSI_ADMIN = 10


@pytest.fixture
def tw1(dunia: Dunia) -> PeriodePenilaian:
    return dunia.tw1


def get(client: Client, user: User | None, url: str, **extra: Any) -> Any:
    if user is not None:
        login(client, user)
    return client.get(url, **extra)


def post(client: Client, user: User, url: str, data: dict[str, Any], **extra: Any) -> Any:
    login(client, user)
    return client.post(url, data, **extra)


def tetapkan_url(unit: UnitOrganisasi) -> str:
    return reverse("penilaian:organisasi_tetapkan", args=[unit.pk])


def kurva_url(unit: UnitOrganisasi, periode: PeriodePenilaian) -> str:
    return reverse("penilaian:kurva", args=[unit.pk, periode.pk])


def set_org(
    unit: UnitOrganisasi, periode: PeriodePenilaian, predikat: str, oleh: User | None = None
) -> KinerjaOrganisasi:
    """A predikat organisasi written straight to the table (the service is tested elsewhere)."""
    return KinerjaOrganisasi.objects.create(
        instansi_id=unit.instansi_id,
        unor=unit,
        periode=periode,
        predikat=predikat,
        ditetapkan_oleh=oleh,
        ditetapkan_at=timezone.now(),
    )


def evaluasi(skp: Skp, periode: PeriodePenilaian, predikat: str, status: str = "Draft") -> Evaluasi:
    """An evaluation written straight to the table, as the services would leave it."""
    pegawai = Pegawai.objects.select_related("jabatan", "unor", "golongan").get(pk=skp.pegawai_id)
    penilai = Pegawai.objects.filter(pk=skp.penilai_id).first()
    hasil, perilaku = RATINGS[predikat] if predikat else ("", "")
    return Evaluasi.objects.create(
        instansi_id=skp.instansi_id,
        pegawai=pegawai,
        skp=skp,
        skp_mulai=skp.periode_mulai,
        periode=periode,
        penilai_id=skp.penilai_id,
        atasan_penilai_id=skp.atasan_penilai_id,
        unor_id=pegawai.unor_id,
        rating_hasil_kerja=hasil,
        rating_perilaku=perilaku,
        predikat=predikat,
        status=status,
        snapshot={"pegawai": snapshot_of(pegawai), "penilai": snapshot_of(penilai)},
        difinalkan_at=timezone.now() if status != "Draft" else None,
    )


def names(response: Any) -> dict[str, list[str]]:
    """The calibration view's groups: label -> names shown."""
    return {g.label: [o.nama for o in g.orang] for g in response.context["kelompok"]}


def counts(response: Any) -> dict[str, int]:
    return {g.label: g.jumlah for g in response.context["kelompok"]}


# --- Predikat Kinerja Organisasi: who sees which units ---------------------------------------


def test_organisasi_admin_sees_every_unit_in_tree_order(client, dunia, tw1):
    org = dunia.org
    r = get(client, org.admin, f"{ORGANISASI}?periode={tw1.pk}")
    assert r.status_code == 200
    assert [row.unit.pk for row in r.context["rows"]] == [org.dinas.pk, org.bidang.pk, org.seksi.pk]
    body = r.content.decode()
    for label in ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"):
        assert f'<option value="{label}">{label}</option>' in body


def test_organisasi_search_by_name(client, dunia, tw1):
    r = get(client, dunia.org.admin, f"{ORGANISASI}?periode={tw1.pk}&q=bidang")
    assert [row.unit.nama for row in r.context["rows"]] == ["Bidang A"]


def test_organisasi_leader_sees_direct_sub_units_of_units_led(client, dunia, tw1):
    org, users = dunia.org, dunia.users
    r = get(client, users["kepala"], f"{ORGANISASI}?periode={tw1.pk}")
    assert [row.unit.pk for row in r.context["rows"]] == [org.bidang.pk]
    r = get(client, users["kabid"], f"{ORGANISASI}?periode={tw1.pk}")
    assert [row.unit.pk for row in r.context["rows"]] == [org.seksi.pk]


def test_organisasi_an_acting_leader_wins_over_the_definitif_one(client, dunia, tw1):
    """A PLH of the Dinas sets the Bidang's predikat; the definitif kepala, stood in for, not."""
    org = dunia.org
    plh = PegawaiFactory(instansi=org.instansi, nama="Plh Kepala")
    place(plh, org.bidang, org.jabatan_staf)
    place(plh, org.dinas, org.dinas.jabatan_pimpinan, since=dt.date(2020, 1, 1), jenis="PLH")
    r = get(client, user_for(plh), f"{ORGANISASI}?periode={tw1.pk}")
    assert [row.unit.pk for row in r.context["rows"]] == [org.bidang.pk]
    assert get(client, dunia.users["kepala"], ORGANISASI).status_code == 404


@pytest.mark.parametrize("who", ["staf", "kasi"])
def test_organisasi_is_404_without_units_to_set(client, dunia, who):
    # staf leads nothing; the kasi leads the Seksi, which has no sub-unit.
    assert get(client, dunia.users[who], ORGANISASI).status_code == 404


def test_organisasi_anonymous_to_login_and_admin_nasional_404(client, dunia, admin_nasional):
    r = get(client, None, ORGANISASI)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]
    assert get(client, admin_nasional, ORGANISASI).status_code == 404


def test_organisasi_of_other_instansi_admin_lists_only_their_units(client, dunia, other_org):
    r = get(client, other_org.admin, ORGANISASI)
    assert r.status_code == 200
    shown = {row.unit.pk for row in r.context["rows"]}
    assert shown == {other_org.dinas.pk, other_org.bidang.pk, other_org.seksi.pk}


# --- Setting the predikat --------------------------------------------------------------------


def test_set_by_htmx_returns_the_row(client, dunia, tw1):
    org = dunia.org
    data = {"periode": tw1.pk, "predikat": "Baik", "catatan": "Capaian IKU 95%"}
    r = post(client, org.admin, tetapkan_url(org.bidang), data, **HX)
    assert r.status_code == 200
    body = r.content.decode()
    assert body.lstrip().startswith(f'<tr id="org-{org.bidang.pk}"')
    assert "Tersimpan" in body and "Capaian IKU 95%" in body
    row = KinerjaOrganisasi.objects.get(unor=org.bidang, periode=tw1)
    assert (row.predikat, row.catatan, row.ditetapkan_oleh_id) == (
        "Baik",
        "Capaian IKU 95%",
        org.admin.pk,
    )
    assert AuditEvent.objects.filter(action="penilaian.kinerja_organisasi_ditetapkan").count() == 1


def test_leader_of_parent_sets_by_plain_post(client, dunia, tw1):
    org = dunia.org
    data = {"periode": tw1.pk, "predikat": "Istimewa", "q": "Bid", "page": "1"}
    r = post(client, dunia.users["kepala"], tetapkan_url(org.bidang), data)
    assert r.status_code == 302
    assert r["Location"] == f"{ORGANISASI}?periode={tw1.pk}&q=Bid&page=1"
    assert KinerjaOrganisasi.objects.get(unor=org.bidang, periode=tw1).predikat == "Istimewa"
    page = client.get(r["Location"])
    assert "Predikat kinerja organisasi Bidang A" in page.content.decode()


@pytest.mark.parametrize("who", ["kabid", "staf"])
def test_set_by_someone_else_is_404_and_writes_nothing(client, dunia, tw1, who):
    # The kabid leads the Bidang itself, not the unit above it.
    r = post(
        client,
        dunia.users[who],
        tetapkan_url(dunia.org.bidang),
        {"periode": tw1.pk, "predikat": "Baik"},
    )
    assert r.status_code == 404
    assert not KinerjaOrganisasi.objects.exists()


def test_set_on_other_instansi_unit_or_period_is_404(client, dunia, tw1, other_org):
    r = post(
        client,
        other_org.admin,
        tetapkan_url(dunia.org.bidang),
        {"periode": tw1.pk, "predikat": "Baik"},
    )
    assert r.status_code == 404
    other_tw1 = buat_dunia(other_org).tw1
    r = post(
        client,
        dunia.org.admin,
        tetapkan_url(dunia.org.bidang),
        {"periode": other_tw1.pk, "predikat": "Baik"},
    )
    assert r.status_code == 404
    assert not KinerjaOrganisasi.objects.exists()


def test_set_with_a_label_not_official_shows_error_in_row(client, dunia, tw1):
    data = {"periode": tw1.pk, "predikat": "Luar Biasa"}
    r = post(client, dunia.org.admin, tetapkan_url(dunia.org.bidang), data, **HX)
    assert r.status_code == 200
    assert "Pilih salah satu: Istimewa, Baik, Butuh Perbaikan" in r.content.decode()
    assert not KinerjaOrganisasi.objects.exists()


def test_no_change_once_a_result_is_final(client, dunia, tw1):
    org = dunia.org
    post(client, org.admin, tetapkan_url(org.bidang), {"periode": tw1.pk, "predikat": "Baik"})
    evaluasi(dunia.skp["staf_bidang"], tw1, B, status="Final")
    r = post(
        client,
        org.admin,
        tetapkan_url(org.bidang),
        {"periode": tw1.pk, "predikat": "Istimewa"},
        **HX,
    )
    body = r.content.decode()
    assert "tidak dapat diubah" in body and 'role="alert"' in body
    assert '<option value="Istimewa" selected>' in body  # what was typed stays
    assert KinerjaOrganisasi.objects.get(unor=org.bidang, periode=tw1).predikat == "Baik"
    r = post(
        client,
        org.admin,
        tetapkan_url(org.bidang),
        {"periode": tw1.pk, "predikat": "Kurang"},
        follow=True,
    )
    assert "tidak dapat diubah" in r.content.decode()
    assert KinerjaOrganisasi.objects.get(unor=org.bidang, periode=tw1).predikat == "Baik"
    row = next(row for row in r.context["rows"] if row.unit.pk == org.bidang.pk)
    assert (row.dinilai, row.final, row.terkunci) == (1, 1, True)


def test_rows_show_who_set_it_and_what_covers_a_unit_without_its_own(client, dunia, tw1):
    org = dunia.org
    post(client, org.admin, tetapkan_url(org.dinas), {"periode": tw1.pk, "predikat": "Baik"})
    evaluasi(dunia.skp["kabid"], tw1, B)
    evaluasi(dunia.skp["staf"], tw1, SB, status="Final")
    r = get(client, org.admin, f"{ORGANISASI}?periode={tw1.pk}")
    rows = {row.unit.pk: row for row in r.context["rows"]}
    assert (rows[org.dinas.pk].dinilai, rows[org.dinas.pk].final) == (2, 1)
    assert rows[org.dinas.pk].oleh == org.admin.nama
    assert rows[org.seksi.pk].organisasi is None
    assert rows[org.seksi.pk].tercakup.unor_id == org.dinas.pk
    assert "tercakup predikat Dinas A" in r.content.decode()


# --- Calibration view ------------------------------------------------------------------------


@pytest.fixture
def kalibrasi(dunia: Dunia, tw1: PeriodePenilaian) -> Dunia:
    """Dinas Baik, Seksi with its own Istimewa; kabid and staf_bidang rated in the Dinas'
    population, the staf in the Seksi's; kepala and kasi not rated yet."""
    org = dunia.org
    set_org(org.dinas, tw1, "Baik")
    set_org(org.seksi, tw1, "Istimewa")
    evaluasi(dunia.skp["kabid"], tw1, B)
    evaluasi(dunia.skp["staf_bidang"], tw1, BP, status="Final")
    evaluasi(dunia.skp["staf"], tw1, SB)
    return dunia


def test_kurva_groups_population_and_keeps_sub_unit_with_own_predikat_out(client, kalibrasi, tw1):
    org = kalibrasi.org
    r = get(client, org.admin, kurva_url(org.dinas, tw1))
    assert r.status_code == 200
    assert names(r) == {
        SB: [],
        B: ["Kabid A"],
        BP: ["Staf_Bidang A"],
        K: [],
        SK: [],
        BELUM: ["Kepala A"],
    }
    assert r.context["panel"].hasil.jumlah == kurva.distribusi(org.dinas, tw1)
    assert r.context["kurva"] is not None  # the penilai's panel, chart and rules included
    group = next(g for g in r.context["kelompok"] if g.label == BELUM)
    assert group.orang[0].status == "Belum dinilai" and group.orang[0].nip == org.kepala.nip
    r = get(client, org.admin, kurva_url(org.seksi, tw1))
    assert names(r)[SB] == ["Staf A"] and names(r)[BELUM] == ["Kasi A"]
    body = r.content.decode()
    assert org.staf.nip in body and "Kepala Seksi A" in body  # NIP and jabatan of the rows


def test_kurva_of_unit_without_own_predikat_redirects_to_holder(client, kalibrasi, tw1):
    org = kalibrasi.org
    r = get(client, org.admin, kurva_url(org.bidang, tw1))
    assert r.status_code == 302 and r["Location"] == kurva_url(org.dinas, tw1)


def test_kurva_without_any_predikat_says_so(client, dunia, tw1):
    r = get(client, dunia.org.admin, kurva_url(dunia.org.bidang, tw1))
    assert r.status_code == 200 and r.context["panel"] is None
    assert "belum ditetapkan" in r.content.decode()


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("kepala", "seksi", 200),  # leader of a unit above
        ("kabid", "seksi", 200),
        ("kasi", "seksi", 200),  # leader of the unit itself
        ("kabid", "dinas", 200),  # not a leader above, but the penilai of staf_bidang
        ("kasi", "dinas", 404),  # their bawahan (staf) is counted in the Seksi's own kurva
        ("staf_bidang", "dinas", 404),
        ("staf", "seksi", 404),
    ],
)
def test_kurva_access(client, kalibrasi, tw1, who, unit, expected):
    target = getattr(kalibrasi.org, unit)
    assert get(client, kalibrasi.users[who], kurva_url(target, tw1)).status_code == expected


def test_kurva_other_instansi_and_anonymous(client, kalibrasi, tw1, other_org):
    url = kurva_url(kalibrasi.org.dinas, tw1)
    assert get(client, other_org.admin, url).status_code == 404
    client.logout()
    r = client.get(url)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


def test_kurva_penilai_sees_only_own_bawahan_names(client, kalibrasi, tw1):
    """A team under the Bidang without its own predikat: its leader rates the members and
    sees their names in the Dinas' kurva, everyone else only counted."""
    org = kalibrasi.org
    tim = buat_tim(org, 2)
    evaluasi(tim.skp[0], tw1, B)
    r = get(client, tim.penilai, kurva_url(tim.unit, tw1))
    assert r.status_code == 302 and r["Location"] == kurva_url(org.dinas, tw1)
    r = client.get(r["Location"])
    assert r.status_code == 200
    assert names(r) == {SB: [], B: ["Anggota T1"], BP: [], K: [], SK: [], BELUM: ["Anggota T2"]}
    assert counts(r) == {
        SB: 0,
        B: 2,
        BP: 1,
        K: 0,
        SK: 0,
        BELUM: 3,
    }  # + kabid; staf_bidang; kepala, ketua
    body = r.content.decode()
    assert "Kabid A" not in body and org.staf_bidang.nip not in body
    assert "Dan 1 pegawai lain." in body
    assert r.context["bawahan_saya"] == {tim.anggota[0].pegawai_id, tim.anggota[1].pegawai_id}
    assert r.context["nama_saya"] == {tim.anggota[0].pegawai_id}  # rated: marked in the panel
    assert "1 di antaranya oleh Anda" in body


# --- Distribution check over the instansi ----------------------------------------------------


def test_distribusi_flags_a_failing_unit_and_marks_small_ones(client, kalibrasi, tw1):
    org = kalibrasi.org
    tim = buat_tim(org, 3)
    for skp in tim.skp:
        evaluasi(skp, tw1, B)
    evaluasi(kalibrasi.skp["kasi"], tw1, B)
    # Dinas: Baik 4 of 5 (80% > 70%), Butuh Perbaikan 1: the Baik ceiling fails.
    # Seksi (Istimewa): Sangat Baik 1 of 2 (50% ≤ 70%): met, but a small unit.
    r = get(client, org.admin, f"{DISTRIBUSI}?periode={tw1.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    dinas = re.search(rf'<tr id="kurva-{org.dinas.pk}".*?</tr>', body, re.S).group(0)
    seksi = re.search(rf'<tr id="kurva-{org.seksi.pk}".*?</tr>', body, re.S).group(0)
    assert "kurva-gagal" in dinas
    assert (
        "Baik paling banyak 70%: saat ini 4 dari 5 orang, paling banyak 3 orang; kurangi 1 orang."
        in dinas
    )
    assert "Unit kecil" not in dinas
    assert "✓ Memenuhi" in seksi and "Unit kecil" in seksi
    assert kurva_url(org.seksi, tw1) in seksi
    total = r.context["total"]
    assert (total.unit, total.gagal, total.kecil, total.dinilai) == (2, 1, 1, 7)
    assert total.jumlah == {SB: 1, B: 5, BP: 1, K: 0, SK: 0}
    r = get(client, org.admin, f"{DISTRIBUSI}?periode={tw1.pk}&hanya=gagal")
    assert [row.organisasi.unor_id for row in r.context["rows"]] == [org.dinas.pk]


def test_distribusi_is_for_the_admin_only(client, kalibrasi):
    assert get(client, kalibrasi.users["kepala"], DISTRIBUSI).status_code == 404
    client.logout()
    assert client.get(DISTRIBUSI).status_code == 302


# --- Pengaturan ------------------------------------------------------------------------------


def form_data(instansi_id: int, **changes: Any) -> dict[str, Any]:
    data = nilai_awal(pengaturan_of(instansi_id))
    data.update(changes)
    return data


def test_pengaturan_shows_the_defaults_with_rule_text(client, org):
    r = get(client, org.admin, PENGATURAN)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'name="persen_0_0"' in body and 'value="70"' in body
    assert "Sangat Baik paling banyak 70%" in body
    assert "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang" in body
    assert 'name="orang_1_1"' in body and 'name="orang_0_0"' not in body  # orang: min rules only


def test_pengaturan_saves_through_the_service(client, org):
    data = form_data(
        org.instansi.pk,
        mode_kurva="wajib",
        ukuran_unit_kecil=3,
        jendela_keberatan_hari=10,
        persen_0_0=60,
        orang_1_1=2,
        jpt_1="Di Atas Ekspektasi",
    )
    r = post(client, org.admin, PENGATURAN, data)
    assert r.status_code == 302 and r["Location"] == PENGATURAN
    row = PengaturanPenilaian.objects.get(instansi=org.instansi)
    assert (row.mode_kurva, row.ukuran_unit_kecil, row.jendela_keberatan_hari) == ("wajib", 3, 10)
    assert row.aturan_kurva["Istimewa"] == [
        {"kelompok": [SB], "batas": "maks", "persen": 60, "orang": 0}
    ]
    assert row.aturan_kurva["Baik"][1] == {
        "kelompok": [BP, K],
        "batas": "min",
        "persen": 0,
        "orang": 2,
    }
    assert row.pemetaan_jpt["Baik"] == "Di Atas Ekspektasi"
    assert AuditEvent.objects.filter(action="penilaian.pengaturan_diubah").count() == 1
    # The form shows what was saved.
    r = client.get(PENGATURAN)
    assert r.context["form"].initial["persen_0_0"] == 60
    assert r.context["form"].initial["mode_kurva"] == "wajib"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"persen_0_0": 150}, "paling besar 100 persen"),
        ({"ukuran_unit_kecil": 0}, "Ukuran unit kecil paling kecil 1 pegawai"),
        ({"jendela_keberatan_hari": 91}, "Jangka waktu keberatan paling besar 90 hari"),
        ({"orang_1_1": -1}, "paling kecil 0 orang"),
        ({"mode_kurva": "keras"}, "Mode kurva harus Peringatan atau Wajib"),
        ({"jpt_0": "Luar Biasa"}, "tidak dikenal"),
        ({"persen_2_0": "enam puluh"}, "harus bilangan bulat"),
    ],
)
def test_pengaturan_rejects_bad_values(client, org, changes, message):
    r = post(client, org.admin, PENGATURAN, form_data(org.instansi.pk, **changes))
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not PengaturanPenilaian.objects.exists()


def test_pengaturan_back_to_defaults(client, org):
    post(
        client, org.admin, PENGATURAN, form_data(org.instansi.pk, mode_kurva="wajib", persen_0_0=50)
    )
    r = client.post(PENGATURAN, {"aksi": "bawaan"})
    assert r.status_code == 302
    row = PengaturanPenilaian.objects.get(instansi=org.instansi)
    assert row.mode_kurva == "peringatan" and row.aturan_kurva["Istimewa"][0]["persen"] == 70


def test_pengaturan_is_for_the_admin_only(client, org, other_org):
    pegawai_user = UserFactory(instansi=org.instansi, pegawai=org.staf, nip=org.staf.nip)
    assert get(client, pegawai_user, PENGATURAN).status_code == 404
    r = post(client, pegawai_user, PENGATURAN, form_data(org.instansi.pk))
    assert r.status_code == 404 and not PengaturanPenilaian.objects.exists()
    client.logout()
    assert client.get(PENGATURAN).status_code == 302


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 12])
def test_organisasi_query_count_is_constant_in_rows(
    client, dunia, tw1, extra, django_assert_num_queries
):
    org = dunia.org
    set_org(org.dinas, tw1, "Baik", oleh=org.admin)
    for i in range(extra):
        unit = UnitFactory(instansi=org.instansi, kode=f"X{i}", nama=f"Sub {i}", induk=org.bidang)
        if i % 2:
            set_org(unit, tw1, "Istimewa")
    evaluasi(dunia.skp["staf"], tw1, B, status="Final")
    login(client, org.admin)
    url = f"{ORGANISASI}?periode={tw1.pk}"
    client.get(url)  # periods made on first need
    with django_assert_num_queries(ORGANISASI_ADMIN):
        r = client.get(url)
    assert len(r.context["rows"]) == 3 + extra


def _tim_dinilai(org: Org, tw1: PeriodePenilaian, n: int) -> Tim:
    tim = buat_tim(org, n)
    set_org(tim.unit, tw1, "Baik")
    for i, skp in enumerate(tim.skp):
        if i % 3:
            evaluasi(skp, tw1, [B, BP, SB][i % 3], status="Final" if i % 2 else "Draft")
    return tim


@pytest.mark.parametrize("n", [3, 15])
def test_kurva_query_count_is_constant_in_population(
    client, dunia, tw1, n, django_assert_num_queries
):
    tim = _tim_dinilai(dunia.org, tw1, n)
    login(client, dunia.org.admin)
    with django_assert_num_queries(KURVA_ADMIN):
        r = client.get(kurva_url(tim.unit, tw1))
    assert r.context["total"] == n + 1  # members and their leader


@pytest.mark.parametrize("n", [3, 15])
def test_kurva_penilai_query_count_is_constant(client, dunia, tw1, n, django_assert_num_queries):
    org = dunia.org
    tim = buat_tim(org, n)
    set_org(org.dinas, tw1, "Baik")
    for skp in tim.skp:
        evaluasi(skp, tw1, B)
    login(client, tim.penilai)
    with django_assert_num_queries(KURVA_PENILAI):
        r = client.get(kurva_url(org.dinas, tw1))
    assert len(names(r)[B]) == n


@pytest.mark.parametrize("n", [3, 15])
def test_distribusi_query_count_is_constant(client, dunia, tw1, n, django_assert_num_queries):
    _tim_dinilai(dunia.org, tw1, n)
    set_org(dunia.org.dinas, tw1, "Istimewa")
    login(client, dunia.org.admin)
    url = f"{DISTRIBUSI}?periode={tw1.pk}"
    client.get(url)
    with django_assert_num_queries(DISTRIBUSI_ADMIN):
        r = client.get(url)
    assert len(r.context["rows"]) == 2
