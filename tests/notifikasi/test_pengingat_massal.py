"""The two bulk reads of the planner equal their one-pegawai originals on random trees:
`periode.batas_efektif_massal` vs `batas_efektif`, `org.selectors.atasan_semua` vs
`atasan_id_of` (and so vs `bawahan_of`, its exact inverse)."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.org import selectors
from kinerja.org.models import Pegawai, UnitOrganisasi
from kinerja.pelaksanaan.models import PerpanjanganBatas
from kinerja.pelaksanaan.periode import batas_efektif, batas_efektif_massal, daftar_periode
from tests.org.test_atasan import build_random_instansi

D = dt.date


def _extensions(org, periode, rnd: random.Random) -> None:
    units = list(UnitOrganisasi.objects.filter(instansi=org.instansi))
    people = list(Pegawai.objects.filter(instansi=org.instansi))
    for untuk in ("pengisian", "penilaian"):
        base = getattr(periode, f"batas_{untuk}")
        for _ in range(rnd.randint(3, 10)):
            cakupan = rnd.choice(["instansi", "unit", "unit", "pegawai", "pegawai"])
            PerpanjanganBatas.objects.create(
                instansi=org.instansi,
                periode=periode,
                untuk=untuk,
                cakupan=cakupan,
                unor=rnd.choice(units) if cakupan == "unit" else None,
                pegawai=rnd.choice(people) if cakupan == "pegawai" else None,
                batas_baru=base + dt.timedelta(days=rnd.randint(1, 40)),
                alasan="Uji",
            )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batas_efektif_massal_equals_batas_efektif(org, seed):
    rnd = random.Random(seed)
    build_random_instansi(org, seed, n_units=20)
    periods = daftar_periode(org.instansi.pk, 2026)
    periode, other = periods[0], periods[1]
    _extensions(org, periode, rnd)
    _extensions(org, other, rnd)  # another period's extensions change nothing here
    people = list(Pegawai.objects.filter(instansi=org.instansi).select_related("unor"))
    pegawai_unor = {p.pk: p.unor_id for p in people}
    moved = 0
    for untuk in ("pengisian", "penilaian"):
        with CaptureQueriesContext(connection) as ctx:
            got = batas_efektif_massal(periode, untuk, pegawai_unor)
        assert len(ctx.captured_queries) <= 2
        for p in people:
            assert got[p.pk] == batas_efektif(periode, untuk, p), (untuk, p.nama)
        moved += sum(got[p.pk] != getattr(periode, f"batas_{untuk}") for p in people)
    assert moved > 0  # the extensions do move some deadlines


@pytest.mark.django_db
def test_batas_efektif_massal_without_extensions_is_the_period_s(org):
    periode = daftar_periode(org.instansi.pk, 2026)[0]
    got = batas_efektif_massal(periode, "penilaian", {org.staf.pk: org.seksi.pk, 999: None})
    assert got == {org.staf.pk: periode.batas_penilaian, 999: periode.batas_penilaian}


def _assert_atasan_semua(instansi_id: int, day: dt.date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        semua = selectors.atasan_semua(instansi_id, day)
    assert len(ctx.captured_queries) == 3
    aktif = list(Pegawai.objects.filter(instansi_id=instansi_id, aktif=True).select_related("unor"))
    assert set(semua) == {p.pk for p in aktif}
    for p in aktif:
        assert semua[p.pk] == selectors.atasan_id_of(p, day), p.nama
    for leader in set(semua.values()) - {None}:
        atasan = Pegawai.objects.get(pk=leader)
        expected = {pk for pk, a in semua.items() if a == leader}
        got = set(selectors.bawahan_of(atasan, day).values_list("pk", flat=True))
        assert got == expected, atasan.nama
    return sum(a is not None for a in semua.values())


@pytest.mark.django_db
def test_atasan_semua_on_the_fixture(org):
    assert _assert_atasan_semua(org.instansi.pk, dt.date.today()) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_atasan_semua_on_a_random_tree(org, seed):
    build_random_instansi(org, seed)
    days = [D(2024, 6, 1), D(2025, 2, 1)]
    pairs = sum(_assert_atasan_semua(org.instansi.pk, day) for day in days)
    assert pairs > 50
