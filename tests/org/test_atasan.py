"""The atasan rule (domain.md §1-2): the pure functions, the selectors, and the proof that
bawahan_of is exactly the inverse of atasan_of."""

import datetime as dt
import random

import pytest

from kinerja.org import selectors
from kinerja.org.atasan import LeaderRow, chain_from_path, pick_leaders, resolve_atasan
from kinerja.org.models import Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from kinerja.org.services import rebuild_paths
from tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, place

D = dt.date


def atasan(pegawai: Pegawai, day: dt.date | None = None) -> Pegawai | None:
    pegawai.refresh_from_db()
    return selectors.atasan_of(pegawai, day)


def bawahan(pegawai: Pegawai, day: dt.date | None = None) -> set[int]:
    pegawai.refresh_from_db()
    return set(selectors.bawahan_of(pegawai, day).values_list("pk", flat=True))


def ids(*people: Pegawai) -> set[int]:
    return {p.pk for p in people}


def acting(
    pegawai: Pegawai, unit: UnitOrganisasi, jenis: str, mulai: dt.date, sampai: dt.date | None
) -> RiwayatJabatan:
    """A PLT/PLH row on the leader position of `unit` (the pegawai keeps their own unit)."""
    assert unit.jabatan_pimpinan_id is not None
    return RiwayatJabatan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        jabatan_id=unit.jabatan_pimpinan_id,
        unor=unit,
        jenis_penugasan=jenis,
        berlaku_mulai=mulai,
        berlaku_sampai=sampai,
    )


def close_leader_row(pegawai: Pegawai, sampai: dt.date) -> None:
    n = RiwayatJabatan.objects.filter(pegawai=pegawai, berlaku_sampai__isnull=True).update(
        berlaku_sampai=sampai
    )
    assert n == 1


# --- Pure functions -----------------------------------------------------------------------------


def test_chain_from_path_is_nearest_first():
    assert chain_from_path("/1/5/9/") == [9, 5, 1]
    assert chain_from_path("/7/") == [7]
    assert chain_from_path("") == []


def row(unit: int, pegawai: int, jenis: str = "Definitif", mulai: dt.date | None = None):
    return LeaderRow(unit, pegawai, jenis, mulai or D(2020, 1, 1))


def test_pick_leaders_precedence_plh_over_plt_over_definitif():
    rows = [row(1, 10), row(1, 11, "PLT"), row(1, 12, "PLH"), row(2, 20), row(2, 21, "PLT")]
    assert pick_leaders(rows) == {1: 12, 2: 21}
    assert pick_leaders(reversed(rows)) == {1: 12, 2: 21}


def test_pick_leaders_same_kind_latest_start_wins_then_highest_id():
    rows = [row(1, 10, mulai=D(2021, 1, 1)), row(1, 11, mulai=D(2020, 1, 1))]
    assert pick_leaders(rows) == {1: 10}
    assert pick_leaders([row(1, 5), row(1, 6)]) == {1: 6}


def test_resolve_atasan_rules():
    leaders = {9: 90, 5: 50, 1: 10}
    chain = [9, 5, 1]
    assert resolve_atasan(99, chain, leaders) == 90  # staff -> own leader
    assert resolve_atasan(90, chain, leaders) == 50  # leader -> parent's leader
    assert resolve_atasan(10, [1], leaders) is None  # top of the tree
    assert resolve_atasan(99, chain, {5: 50, 1: 10}) == 50  # vacant unit climbs
    assert resolve_atasan(99, chain, {}) is None
    assert resolve_atasan(99, chain, leaders, override_id=10) == 10  # override wins
    assert resolve_atasan(99, chain, leaders, override_id=99) == 90  # self-override ignored
    # A pegawai holding a unit's leader position (e.g. the definitif while a PLH acts) skips it.
    assert resolve_atasan(77, chain, leaders, held={9}) == 50


# --- The rule on the org fixture ----------------------------------------------------------------


def test_staff_leader_and_top(org):
    assert atasan(org.staf) == org.kasi
    assert atasan(org.staf_bidang) == org.kabid
    assert atasan(org.kasi) == org.kabid
    assert atasan(org.kabid) == org.kepala
    assert atasan(org.kepala) is None


def test_bawahan_on_the_fixture(org):
    assert bawahan(org.kepala) == ids(org.kabid)
    assert bawahan(org.kabid) == ids(org.kasi, org.staf_bidang)
    assert bawahan(org.kasi) == ids(org.staf)
    assert bawahan(org.staf) == set()


def test_vacant_unit_climbs_to_the_next_leader(org):
    close_leader_row(org.kasi, D(2024, 1, 31))
    assert atasan(org.staf, D(2024, 1, 31)) == org.kasi
    assert atasan(org.staf, D(2024, 2, 1)) == org.kabid
    assert bawahan(org.kabid, D(2024, 2, 1)) == ids(org.kasi, org.staf_bidang, org.staf)
    assert bawahan(org.kasi, D(2024, 2, 1)) == set()


def test_two_vacant_levels_climb_to_the_top(org):
    close_leader_row(org.kasi, D(2024, 1, 31))
    close_leader_row(org.kabid, D(2024, 1, 31))
    day = D(2024, 3, 1)
    assert atasan(org.staf, day) == org.kepala
    assert atasan(org.staf_bidang, day) == org.kepala
    assert bawahan(org.kepala, day) == ids(org.kabid, org.kasi, org.staf, org.staf_bidang)


def test_override_wins_and_leaves_the_tree_bawahan(org):
    org.staf.atasan_override = org.kepala
    org.staf.save()
    assert atasan(org.staf) == org.kepala
    assert bawahan(org.kasi) == set()
    assert bawahan(org.kepala) == ids(org.kabid, org.staf)


def test_override_to_self_is_ignored(org):
    org.staf.atasan_override = org.staf
    org.staf.save()
    assert atasan(org.staf) == org.kasi
    assert bawahan(org.kasi) == ids(org.staf)
    assert bawahan(org.staf) == set()


def test_plt_on_a_vacant_unit_only_within_its_window(org):
    close_leader_row(org.kasi, D(2024, 1, 31))
    acting(org.staf_bidang, org.seksi, "PLT", D(2024, 2, 1), D(2024, 3, 31))
    assert atasan(org.staf, D(2024, 1, 15)) == org.kasi
    assert atasan(org.staf, D(2024, 2, 1)) == org.staf_bidang
    assert atasan(org.staf, D(2024, 3, 31)) == org.staf_bidang
    assert atasan(org.staf, D(2024, 4, 1)) == org.kabid
    # The PLT keeps their own atasan, and has the unit's people as bawahan during the window.
    assert atasan(org.staf_bidang, D(2024, 2, 15)) == org.kabid
    assert bawahan(org.staf_bidang, D(2024, 2, 15)) == ids(org.staf, org.kasi)
    assert bawahan(org.staf_bidang, D(2024, 4, 1)) == set()


def test_plh_takes_precedence_over_the_definitif_during_its_window(org):
    acting(org.staf_bidang, org.seksi, "PLH", D(2024, 5, 1), D(2024, 5, 10))
    day = D(2024, 5, 5)
    assert atasan(org.staf, day) == org.staf_bidang
    assert atasan(org.staf, D(2024, 5, 11)) == org.kasi
    # The definitif holder does not report to the one acting for them.
    assert atasan(org.kasi, day) == org.kabid
    assert bawahan(org.staf_bidang, day) == ids(org.staf)
    assert bawahan(org.kasi, day) == set()
    assert bawahan(org.kabid, day) == ids(org.kasi, org.staf_bidang)
    assert bawahan(org.kasi, D(2024, 5, 11)) == ids(org.staf)


def test_plh_beats_plt_when_both_act(org):
    close_leader_row(org.kasi, D(2024, 1, 31))
    acting(org.staf_bidang, org.seksi, "PLT", D(2024, 2, 1), None)
    acting(org.kabid, org.seksi, "PLH", D(2024, 6, 1), D(2024, 6, 5))
    assert atasan(org.staf, D(2024, 6, 3)) == org.kabid
    assert atasan(org.staf, D(2024, 6, 6)) == org.staf_bidang


def test_a_closed_position_row_no_longer_counts(org):
    # The kasi moves to the bidang as staff: the seksi is vacant from then on.
    RiwayatJabatan.objects.filter(pegawai=org.kasi).update(berlaku_sampai=D(2024, 6, 30))
    place(org.kasi, org.bidang, org.jabatan_staf, since=D(2024, 7, 1))
    assert atasan(org.staf, D(2024, 6, 30)) == org.kasi
    assert atasan(org.staf, D(2024, 7, 1)) == org.kabid
    assert atasan(org.kasi, D(2024, 7, 1)) == org.kabid
    assert bawahan(org.kasi, D(2024, 7, 1)) == set()


def test_a_future_row_does_not_count_yet(org):
    acting(org.staf_bidang, org.seksi, "PLH", D(2030, 1, 1), None)
    assert atasan(org.staf, D(2029, 12, 31)) == org.kasi


def test_an_inactive_leader_is_skipped(org):
    org.kasi.aktif = False
    org.kasi.save()
    assert atasan(org.staf) == org.kabid
    assert bawahan(org.kabid) == ids(org.staf_bidang, org.staf)  # the kasi is no longer aktif


def test_one_leader_of_two_units(org):
    close_leader_row(org.kasi, D(2024, 1, 31))
    acting(org.kabid, org.seksi, "PLT", D(2024, 2, 1), None)
    day = D(2024, 3, 1)
    assert atasan(org.staf, day) == org.kabid
    assert atasan(org.kabid, day) == org.kepala
    assert bawahan(org.kabid, day) == ids(org.staf_bidang, org.staf, org.kasi)


def test_plt_of_a_sibling_unit_keeps_the_atasan_of_their_own_unit(org):
    j_kabid2 = JabatanFactory(
        instansi=org.instansi, nama="Kepala Bidang Dua", jenis="Administrator"
    )
    bidang2 = UnitFactory(
        instansi=org.instansi, kode="A-B2", induk=org.dinas, jabatan_pimpinan=j_kabid2
    )
    staf2 = PegawaiFactory(instansi=org.instansi, nama="Staf Dua")
    place(staf2, bidang2, org.jabatan_staf)
    acting(org.staf_bidang, bidang2, "PLT", D(2024, 1, 1), None)
    day = D(2024, 2, 1)
    assert atasan(staf2, day) == org.staf_bidang
    assert atasan(org.staf_bidang, day) == org.kabid  # own unit first
    assert bawahan(org.kepala, day) == ids(org.kabid)
    assert bawahan(org.staf_bidang, day) == ids(staf2)


def test_a_leader_whose_own_unit_is_below_the_unit_they_act_for(org):
    """The kasi acts (PLT) for the vacant bidang: from the seksi they skip both units."""
    close_leader_row(org.kabid, D(2024, 1, 31))
    acting(org.kasi, org.bidang, "PLT", D(2024, 2, 1), None)
    day = D(2024, 3, 1)
    assert atasan(org.kasi, day) == org.kepala
    assert atasan(org.staf_bidang, day) == org.kasi
    assert bawahan(org.kepala, day) == ids(org.kasi)
    # The former kabid still sits in the bidang, now led by the PLT.
    assert bawahan(org.kasi, day) == ids(org.staf, org.staf_bidang, org.kabid)


def test_pegawai_without_unit_has_only_an_override(org):
    loner = PegawaiFactory(instansi=org.instansi)
    assert atasan(loner) is None
    loner.atasan_override = org.kabid
    loner.save()
    assert atasan(loner) == org.kabid
    assert loner.pk in bawahan(org.kabid)


def test_other_instansi_leaders_never_count(org, other_org):
    assert atasan(org.staf) == org.kasi
    assert bawahan(other_org.kasi) == ids(other_org.staf)


# --- bawahan_of is the exact inverse of atasan_of -----------------------------------------------


def assert_exact_inverse(instansi_id: int, day: dt.date) -> int:
    """For every pegawai X: bawahan_of(X) == {aktif p : atasan_of(p) == X}. Returns #pairs."""
    people = list(Pegawai.objects.filter(instansi_id=instansi_id).select_related("unor"))
    expected: dict[int, set[int]] = {p.pk: set() for p in people}
    for p in people:
        atasan_id = selectors.atasan_id_of(p, day)
        if atasan_id is not None and p.aktif:
            expected[atasan_id].add(p.pk)
    for x in people:
        got = set(selectors.bawahan_of(x, day).values_list("pk", flat=True))
        assert got == expected[x.pk], f"bawahan_of({x.nama}) on {day}"
    return sum(len(v) for v in expected.values())


def test_inverse_on_the_fixture(org, other_org):
    assert assert_exact_inverse(org.instansi.pk, dt.date.today()) == 4


def build_random_instansi(org, seed: int, n_units: int = 30) -> None:
    """Grow a random tree below the fixture's dinas, with every complication the rule knows:
    vacancies, units without a leader position, closed and future rows, PLT/PLH on vacant and
    filled units (also of sibling and ancestor units), leaders of several units, overrides,
    inactive pegawai and pegawai without a unit."""
    rnd = random.Random(seed)
    instansi = org.instansi
    units = [org.dinas, org.bidang, org.seksi]
    for i in range(n_units):
        jabatan = None
        if rnd.random() < 0.9:
            jabatan = Jabatan.objects.create(
                instansi=instansi, nama=f"Kepala R{seed}-{i}", jenis="Pengawas"
            )
        units.append(
            UnitOrganisasi.objects.create(
                instansi=instansi,
                kode=f"R{seed}-{i}",
                nama=f"Unit R{seed}-{i}",
                induk=rnd.choice(units),
                jabatan_pimpinan=jabatan,
            )
        )
    rebuild_paths(instansi.pk)
    for unit in units:
        unit.refresh_from_db()
    people = list(Pegawai.objects.filter(instansi=instansi))
    leadable = [u for u in units if u.jabatan_pimpinan_id]
    for unit in units[3:]:
        for _ in range(rnd.randint(0, 4)):
            p = PegawaiFactory(instansi=instansi, aktif=rnd.random() > 0.05)
            place(p, unit, org.jabatan_staf, since=D(2020, 1, 1))
            people.append(p)
        if unit.jabatan_pimpinan_id and rnd.random() < 0.7:
            leader = PegawaiFactory(instansi=instansi, aktif=rnd.random() > 0.05)
            place(leader, unit, unit.jabatan_pimpinan, since=D(2021, 1, 1))
            people.append(leader)
            if rnd.random() < 0.15:  # left the post: the unit is vacant on the test day
                close_leader_row(leader, D(2023, 12, 31))
    for _ in range(n_units // 2):  # acting officials from anywhere in the instansi
        p, unit = rnd.choice(people), rnd.choice(leadable)
        start = rnd.choice([D(2022, 1, 1), D(2024, 1, 1), D(2024, 9, 1)])
        end = rnd.choice([None, D(2023, 6, 30), D(2024, 12, 31)])
        if end is None or end >= start:
            acting(p, unit, rnd.choice(["PLT", "PLH"]), start, end)
    for p in rnd.sample(people, len(people) // 12):
        p.atasan_override = rnd.choice(people)
        p.save()
    for _ in range(3):
        PegawaiFactory(instansi=instansi)  # no unit at all


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_inverse_on_a_random_tree(org, seed):
    build_random_instansi(org, seed)
    pairs = 0
    for day in [D(2023, 3, 1), D(2024, 6, 1), D(2024, 10, 1), D(2025, 2, 1)]:
        pairs += assert_exact_inverse(org.instansi.pk, day)
    assert pairs > 100  # the tree is not trivially empty


@pytest.mark.parametrize("seed", [5, 6])
def test_every_pegawai_is_in_the_bawahan_of_their_atasan(org, seed):
    build_random_instansi(org, seed)
    day = D(2024, 6, 1)
    for p in Pegawai.objects.filter(instansi=org.instansi, aktif=True):
        a = selectors.atasan_of(p, day)
        if a is not None:
            assert selectors.bawahan_of(a, day).filter(pk=p.pk).exists(), p.nama
