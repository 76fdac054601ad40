"""The overviews of stage 1: the penilai's bawahan list, the Matriks Peran Hasil, the cascade
tree and the Admin Instansi's status counts, with their content, access and query counts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.org.models import Pegawai
from kinerja.perencanaan import services
from kinerja.perencanaan.models import (
    Intervensi,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
)
from tests.conftest import Org, login, user_for
from tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, place

TAHUN = timezone.localdate().year


def account(pegawai: Pegawai) -> User:
    return User.objects.filter(pegawai=pegawai).first() or user_for(pegawai)


def draft(pegawai: Pegawai, rhk: list[tuple[str, RencanaHasilKerja | None]]) -> Skp:
    """A draft SKP of this year with the given RHK, each intervening the given leader RHK."""
    user = account(pegawai)
    skp = services.buat_skp(user, TAHUN)
    for teks, target in rhk:
        row = services.simpan_rhk(user, skp, rhk=teks)
        services.simpan_iki(
            user,
            row,
            indikator=f"Indikator {teks}",
            aspek="Kuantitas",
            target_min=Decimal(1),
            target_max=Decimal(2),
            satuan="Dokumen",
        )
        if target is not None:
            services.intervensi_rhk(user, row, target, "langsung")
    return skp


def ajukan(skp: Skp) -> Skp:
    return services.ajukan_skp(account(skp.pegawai), skp)


def setujui(skp: Skp, org: Org) -> Skp:
    penilai = account(skp.penilai) if skp.penilai_id else org.admin
    return services.setujui_skp(penilai, ajukan(skp))


def rhk_of(skp: Skp, teks: str) -> RencanaHasilKerja:
    return skp.rhk.get(rhk=teks)


@pytest.fixture
def plans(org: Org) -> dict[str, Skp]:
    """Kepala: approved, 2 RHK. Kabid: approved, intervening the kepala's first RHK. Kasi:
    submitted, intervening the kabid's RHK. Staf and staf_bidang: nothing yet."""
    kepala = setujui(
        draft(org.kepala, [("Program pendidikan", None), ("Anggaran tertib", None)]), org
    )
    kabid = setujui(
        draft(org.kabid, [("Kurikulum bidang", rhk_of(kepala, "Program pendidikan"))]), org
    )
    kasi = ajukan(draft(org.kasi, [("Data sekolah seksi", rhk_of(kabid, "Kurikulum bidang"))]))
    return {"kepala": kepala, "kabid": kabid, "kasi": kasi}


def get(client, user: User, url: str, **params):  # type: ignore[no-untyped-def]
    client.logout()
    login(client, user)
    return client.get(url, params)


# --- Bawahan -------------------------------------------------------------------------------------


def rows(body: str) -> list[str]:
    """The names in the bawahan table, in order."""
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", body)


def test_bawahan_shows_status_waiting_first_with_counts(client, org, plans):
    body = get(client, account(org.kabid), reverse("perencanaan:bawahan")).content.decode()
    assert rows(body) == ["Kasi A", "Staf_Bidang A"]  # Diajukan first, then by name
    assert 'data-status="Diajukan">Diajukan <strong>1</strong>' in body
    assert 'data-status="Belum dibuat">Belum dibuat <strong>1</strong>' in body
    assert 'data-status="Disetujui">Disetujui <strong>0</strong>' in body
    assert reverse("perencanaan:skp_detail", args=[plans["kasi"].pk]) in body
    assert "Periksa" in body


def test_bawahan_filters_by_status_and_searches(client, org, plans):
    user, url = account(org.kabid), reverse("perencanaan:bawahan")
    assert rows(get(client, user, url, status="Belum dibuat").content.decode()) == ["Staf_Bidang A"]
    assert rows(get(client, user, url, status="Diajukan").content.decode()) == ["Kasi A"]
    assert rows(get(client, user, url, q="staf").content.decode()) == ["Staf_Bidang A"]
    assert rows(get(client, user, url, q=org.kasi.nip[:10]).content.decode()) == ["Kasi A"]
    body = get(client, user, url, status="Disetujui").content.decode()
    assert rows(body) == [] and "Tidak ada bawahan yang cocok" in body


def test_bawahan_of_another_year_are_belum_dibuat(client, org, plans):
    body = get(
        client, account(org.kabid), reverse("perencanaan:bawahan"), tahun=TAHUN + 1
    ).content.decode()
    assert 'data-status="Belum dibuat">Belum dibuat <strong>2</strong>' in body


def test_status_follows_the_newest_revision(client, org, plans):
    revisi = services.buat_revisi(account(org.kabid), plans["kabid"])
    body = get(client, account(org.kepala), reverse("perencanaan:bawahan")).content.decode()
    assert 'data-status="Draft">Draft <strong>1</strong>' in body
    assert reverse("perencanaan:skp_detail", args=[revisi.pk]) in body


def test_bawahan_query_count_does_not_grow(client, org, plans, django_assert_num_queries):
    user, url = account(org.kabid), reverse("perencanaan:bawahan")
    login(client, user)
    # session, user, pegawai, bawahan_of (3), counts, page count, page
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for i in range(30):
        p = PegawaiFactory(instansi=org.instansi, nama=f"Baru {i:02}")
        place(p, org.bidang, org.jabatan_staf)
        if i % 3 == 0:
            draft(p, [(f"RHK baru {i}", rhk_of(plans["kabid"], "Kurikulum bidang"))])
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert 'data-status="Draft">Draft <strong>10</strong>' in body
    assert len(rows(body)) == 25  # one page


def test_bawahan_of_someone_without_bawahan_is_empty(client, org):
    body = get(client, account(org.staf), reverse("perencanaan:bawahan")).content.decode()
    assert "Anda tidak memiliki bawahan" in body


# --- Matriks Peran Hasil -------------------------------------------------------------------------


def mph_rows(body: str) -> dict[str, str]:
    """kunci of each leader RHK row -> the row's HTML."""
    return dict(re.findall(r'<tr(?: class="gap")? data-rhk="([^"]+)">(.*?)</tr>', body, re.S))


def test_mph_shows_contributors_and_gaps(client, org, plans):
    body = get(client, account(org.kepala), reverse("perencanaan:mph")).content.decode()
    program, anggaran = (
        rhk_of(plans["kepala"], "Program pendidikan"),
        rhk_of(plans["kepala"], "Anggaran tertib"),
    )
    table = mph_rows(body)
    assert "Kurikulum bidang" in table[str(program.kunci)]
    assert "Belum ada kontributor" not in table[str(program.kunci)]
    assert "Belum ada kontributor" in table[str(anggaran.kunci)]
    assert f'class="gap" data-rhk="{anggaran.kunci}"' in body
    assert f'data-kontributor="{org.kabid.nip}"' in body
    assert "1 RHK belum ada kontributor" in body
    assert "Bawahan yang belum mengintervensi RHK ini (0)" in body


def test_mph_lists_bawahan_who_intervene_nothing(client, org, plans):
    body = get(client, account(org.kabid), reverse("perencanaan:mph")).content.decode()
    assert f'data-kontributor="{org.kasi.nip}"' in body  # a submitted SKP counts already
    assert "Bawahan yang belum mengintervensi RHK ini (1)" in body
    belum = re.findall(r'<tr class="belum"><td>([^<]+)</td>', body)
    assert belum == ["Staf_Bidang A"]


def test_mph_links_survive_a_revision_of_the_leader(client, org, plans):
    kepala = account(org.kepala)
    revisi = services.buat_revisi(kepala, plans["kepala"])
    services.simpan_rhk(kepala, revisi, rhk="RHK baru revisi")
    row = revisi.rhk.get(rhk="RHK baru revisi")
    services.simpan_iki(
        kepala,
        row,
        indikator="x",
        aspek="Waktu",
        target_min=Decimal(1),
        target_max=Decimal(1),
        satuan="Bulan",
    )
    setujui(revisi, org)
    body = get(client, kepala, reverse("perencanaan:mph")).content.decode()
    assert "revisi 2" in body
    program = rhk_of(revisi, "Program pendidikan")
    assert program.pk != rhk_of(plans["kepala"], "Program pendidikan").pk
    # The kabid's link points at the first revision's row; the kunci carries it over.
    assert "Kurikulum bidang" in mph_rows(body)[str(program.kunci)]
    assert "2 RHK belum ada kontributor" in body


def test_mph_counts_tim_kerja_members(client, org, plans):
    tim = services.bentuk_tim(account(org.kepala), "Tim Data", TAHUN)
    services.tambah_anggota(account(org.kepala), tim, org.staf)
    draft(org.staf, [("Dasbor data", rhk_of(plans["kepala"], "Anggaran tertib"))])
    body = get(client, account(org.kepala), reverse("perencanaan:mph")).content.decode()
    anggaran = rhk_of(plans["kepala"], "Anggaran tertib")
    assert "Dasbor data" in mph_rows(body)[str(anggaran.kunci)]
    assert f'data-kontributor="{org.staf.nip}"' in body
    assert "belum ada kontributor" not in body


def test_mph_without_an_approved_skp_says_so(client, org):
    body = get(client, account(org.kabid), reverse("perencanaan:mph")).content.decode()
    assert f"Belum ada SKP tahun {TAHUN} yang disetujui" in body


def test_admin_opens_the_mph_of_any_pegawai_of_the_instansi(client, org, other_org, plans):
    url = reverse("perencanaan:mph_pegawai", args=[org.kepala.pk])
    assert "Kurikulum bidang" in get(client, org.admin, url).content.decode()
    assert get(client, other_org.admin, url).status_code == 404
    assert get(client, account(org.kabid), url).status_code == 404


def test_mph_query_count_does_not_grow(client, org, plans, django_assert_num_queries):
    login(client, account(org.kabid))
    url = reverse("perencanaan:mph")
    # session, user, pegawai, leader SKP, its RHK, links, bawahan_of (3), bawahan list
    with django_assert_num_queries(10):
        client.get(url)
    target = rhk_of(plans["kabid"], "Kurikulum bidang")
    for i in range(8):
        p = PegawaiFactory(instansi=org.instansi, nama=f"Kontributor {i}")
        place(p, org.bidang, org.jabatan_staf)
        draft(p, [(f"Kontribusi {i}", target)])
    with django_assert_num_queries(10):
        body = client.get(url).content.decode()
    assert "Kontribusi 7" in body


# --- Cascade tree --------------------------------------------------------------------------------


def big_unit(org: Org, staff: int, plans: dict[str, Skp]) -> None:
    """Sub-units under the seksi with a leader each and staff intervening their leader."""
    kasi_rhk = RencanaHasilKerja.objects.filter(skp__pegawai=org.kasi).first()
    per_unit = 4
    for u in range(staff // (per_unit + 1)):
        jabatan = JabatanFactory(instansi=org.instansi, nama=f"Koordinator {u}", jenis="Pengawas")
        unit = UnitFactory(
            instansi=org.instansi,
            kode=f"SUB{u}",
            nama=f"Subseksi {u}",
            induk=org.seksi,
            jabatan_pimpinan=jabatan,
        )
        lead = PegawaiFactory(instansi=org.instansi, nama=f"Koordinator {u:02}")
        place(lead, unit, jabatan)
        lead_skp = _approved_fast(lead, org, [f"RHK koordinator {u}"], kasi_rhk)
        for s in range(per_unit):
            p = PegawaiFactory(instansi=org.instansi, nama=f"Pelaksana {u:02}-{s}")
            place(p, unit, org.jabatan_staf)
            _approved_fast(p, org, [f"RHK pelaksana {u}-{s}"], lead_skp.rhk.first())


def _approved_fast(
    pegawai: Pegawai, org: Org, texts: list[str], target: RencanaHasilKerja | None
) -> Skp:
    """An approved SKP written straight to the tables (the services are tested elsewhere)."""
    skp = Skp.objects.create(
        instansi=org.instansi,
        pegawai=pegawai,
        tahun=TAHUN,
        periode_mulai=dt.date(TAHUN, 1, 1),
        periode_selesai=dt.date(TAHUN, 12, 31),
        pendekatan="Kuantitatif",
        status=StatusSkp.DISETUJUI,
        berlaku=True,
    )
    for i, teks in enumerate(texts):
        rhk = RencanaHasilKerja.objects.create(instansi=org.instansi, skp=skp, rhk=teks, urutan=i)
        if target is not None:
            Intervensi.objects.create(
                instansi=org.instansi, rhk=rhk, rhk_atasan=target, jenis_cascading="langsung"
            )
    return skp


def boxes(body: str) -> list[str]:
    return re.findall(r'<li data-pegawai="(\d+)">', body)


def test_cascade_tree_of_the_instansi(client, org, plans):
    body = get(
        client, org.admin, reverse("perencanaan:cascade_unit", args=[org.dinas.pk])
    ).content.decode()
    assert boxes(body) == [org.kepala.nip, org.kabid.nip, org.kasi.nip, org.staf.nip,
                           org.staf_bidang.nip]  # fmt: skip
    # Nesting: the staf's box sits inside the kasi's, inside the kabid's, inside the kepala's.
    kepala = body.index(org.kepala.nip)
    kabid, kasi, staf = (body.index(p.nip) for p in (org.kabid, org.kasi, org.staf))
    assert kepala < kabid < kasi < staf
    assert "4 di bawahnya" in body  # the kepala's descendants
    assert "↳ mengintervensi: Kurikulum bidang (langsung)" in body  # the kasi's RHK
    assert "↳ mengintervensi: Program pendidikan (langsung)" in body  # the kabid's RHK


def test_cascade_opens_two_levels_only(client, org, plans):
    body = get(
        client, org.admin, reverse("perencanaan:cascade_unit", args=[org.dinas.pk])
    ).content.decode()
    opened = re.findall(r'<li data-pegawai="(\d+)">\s*<details open>', body)
    # Level 0: the kepala; level 1: the kabid; level 2 (kasi, staf_bidang) stays closed.
    assert set(opened) == {org.kepala.nip, org.kabid.nip}


def test_cascade_query_count_is_the_same_for_10_and_60_pegawai(
    client, org, plans, django_assert_num_queries
):
    login(client, org.admin)
    url = reverse("perencanaan:cascade_unit", args=[org.dinas.pk])
    big_unit(org, 5, plans)  # 5 + 5 = 10 pegawai
    # session, user, unit, units, leader rows, pegawai, RHK, intervensi (a top unit has no
    # ancestors to load)
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    assert len(boxes(body)) == 10
    big_unit_more(org, plans)
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    assert len(boxes(body)) == 65
    assert "RHK pelaksana 7-3" in body
    assert "↳ mengintervensi: RHK koordinator 7 (langsung)" in body


def big_unit_more(org: Org, plans: dict[str, Skp]) -> None:
    kasi_rhk = RencanaHasilKerja.objects.filter(skp__pegawai=org.kasi).first()
    for u in range(1, 12):
        jabatan = JabatanFactory(instansi=org.instansi, nama=f"Koordinator b{u}", jenis="Pengawas")
        unit = UnitFactory(
            instansi=org.instansi,
            kode=f"SUBB{u}",
            nama=f"Subseksi b{u}",
            induk=org.seksi,
            jabatan_pimpinan=jabatan,
        )
        lead = PegawaiFactory(instansi=org.instansi, nama=f"Koordinator {u:02}")
        place(lead, unit, jabatan)
        lead_skp = _approved_fast(lead, org, [f"RHK koordinator {u}"], kasi_rhk)
        for s in range(4):
            p = PegawaiFactory(instansi=org.instansi, nama=f"Pelaksana {u:02}-{s}")
            place(p, unit, org.jabatan_staf)
            _approved_fast(p, org, [f"RHK pelaksana {u}-{s}"], lead_skp.rhk.first())


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("kabid", "bidang", 200),  # the unit they lead
        ("kabid", "seksi", 200),  # a unit below it
        ("kabid", "dinas", 404),  # above
        ("kasi", "bidang", 404),
        ("staf", "seksi", 404),  # not a leader
        ("admin", "dinas", 200),
    ],
)
def test_cascade_access(client, org, who, unit, status):
    user = org.admin if who == "admin" else account(getattr(org, who))
    url = reverse("perencanaan:cascade_unit", args=[getattr(org, unit).pk])
    assert get(client, user, url).status_code == status


def test_cascade_of_another_instansi_is_404(client, org, other_org):
    url = reverse("perencanaan:cascade_unit", args=[other_org.dinas.pk])
    assert get(client, org.admin, url).status_code == 404
    assert get(client, account(org.kepala), url).status_code == 404


def test_own_cascade_is_the_unit_led(client, org, plans):
    body = get(client, account(org.kabid), reverse("perencanaan:cascade")).content.decode()
    assert "<strong>Bidang A</strong>" in body
    assert boxes(body)[0] == org.kabid.nip and org.kepala.nip not in boxes(body)
    assert get(client, account(org.staf), reverse("perencanaan:cascade")).status_code == 404


# --- Admin Instansi: status per unit -------------------------------------------------------------


def unit_row(body: str, kode: str) -> list[str]:
    row = re.search(rf'<tr data-unit="{kode}">(.*?)</tr>', body, re.S)
    assert row, kode
    return re.findall(r"<td>([^<]*)</td>", row.group(1))


def test_admin_status_counts_per_unit(client, org, plans):
    body = get(client, org.admin, reverse("perencanaan:admin_status")).content.decode()
    # pegawai, Diajukan, Belum dibuat, Draft, Dikembalikan, Disetujui, % disetujui
    assert unit_row(body, "A-D") == ["1", "0", "0", "0", "0", "1", "100%"]
    assert unit_row(body, "A-B") == ["2", "0", "1", "0", "0", "1", "50%"]
    assert unit_row(body, "A-S") == ["2", "1", "1", "0", "0", "0", "0%"]
    total = re.search(r'<tr id="total">(.*?)</tr>', body, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r"<th>(\d+%?)</th>", total) == ["5", "1", "2", "0", "0", "2", "40%"]


def test_admin_status_filters_a_subtree(client, org, other_org, plans):
    url = reverse("perencanaan:admin_status")
    body = get(client, org.admin, url, unor=org.bidang.pk).content.decode()
    assert 'data-unit="A-B"' in body and 'data-unit="A-S"' in body
    assert 'data-unit="A-D"' not in body
    assert get(client, org.admin, url, unor=other_org.bidang.pk).status_code == 404
    assert get(client, account(org.kepala), url).status_code == 404


def test_admin_status_query_count(client, org, plans, django_assert_num_queries):
    login(client, org.admin)
    url = reverse("perencanaan:admin_status")
    # session, user, pegawai counts, SKP counts, page count, page
    with django_assert_num_queries(6):
        client.get(url)
    big_unit(org, 10, plans)
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert unit_row(body, "SUB1") == ["5", "0", "0", "0", "0", "5", "100%"]


# --- Access to every overview route --------------------------------------------------------------


def _tim(org: Org) -> list[int]:
    tim = services.bentuk_tim(account(org.kepala), "Tim Uji", TAHUN)
    return [tim.pk]


def _anggota(org: Org) -> list[int]:
    tim = services.bentuk_tim(account(org.kepala), "Tim Uji", TAHUN)
    anggota = services.tambah_anggota(account(org.kepala), tim, org.kasi)
    return [anggota.pk]


# name -> (args, method, status for: staf (no bawahan), admin without a pegawai)
ACCESS = {
    "perencanaan:bawahan": (None, "get", 200, 404),
    "perencanaan:mph": (None, "get", 200, 404),
    "perencanaan:mph_pegawai": (lambda o: [o.kepala.pk], "get", 404, 200),
    "perencanaan:cascade": (None, "get", 404, 404),
    "perencanaan:cascade_unit": (lambda o: [o.seksi.pk], "get", 404, 200),
    "perencanaan:admin_status": (None, "get", 404, 200),
    "perencanaan:tim_list": (None, "get", 200, 404),
    "perencanaan:tim_buat": (None, "post", 302, 404),
    "perencanaan:tim_detail": (_tim, "get", 404, 200),
    "perencanaan:tim_anggota_tambah": (_tim, "post", 404, 404),
    "perencanaan:tim_anggota_hapus": (_anggota, "post", 404, 404),
}


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_overview_access(client, org, other_org, name):
    args_of, method, staf_status, admin_status = ACCESS[name]
    url = reverse(name, args=args_of(org) if args_of else None)
    data = {"nama": "Tim Baru", "nip": org.staf_bidang.nip}
    anon = getattr(client, method)(url, data)
    assert anon.status_code == 302 and anon["Location"].startswith(reverse("accounts:login"))
    login(client, account(org.staf))
    assert getattr(client, method)(url, data).status_code == staf_status
    client.logout()
    login(client, org.admin)
    assert getattr(client, method)(url, data).status_code == admin_status
    if args_of:  # the same object seen from another instansi: 404 for every role
        for user in (other_org.admin, account(other_org.kepala)):
            client.logout()
            login(client, user)
            assert getattr(client, method)(url, data).status_code == 404


def test_every_overview_route_is_in_the_access_table():
    from kinerja.perencanaan.views_penilai import urlpatterns

    assert {f"perencanaan:{p.name}" for p in urlpatterns} == set(ACCESS)


def test_mph_counts_a_contributor_once_with_their_newest_revision(client, org, plans):
    """The kabid revises an approved SKP: the draft revision copies the link; the MPH must show
    the kabid's contribution once (from the newest revision), not once per revision."""
    kabid = account(org.kabid)
    revisi = services.buat_revisi(kabid, plans["kabid"])
    body = get(client, account(org.kepala), reverse("perencanaan:mph")).content.decode()
    program = rhk_of(plans["kepala"], "Program pendidikan")
    cell = mph_rows(body)[str(program.kunci)]
    assert cell.count("Kurikulum bidang") == 1
    assert revisi.terkini and not type(revisi).objects.get(pk=plans["kabid"].pk).terkini
