"""Queries compiled once (core.kueri) give what the ORM gives, and `__dalam` is `__in` with one
parameter (core.lookups), on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.core.kueri import Disiapkan, Param
from kinerja.org.models import Pegawai
from kinerja.pelaksanaan.selectors_aktivitas import rekap_menit_bulanan
from kinerja.tindaklanjut.tpp import selectors
from kinerja.tindaklanjut.tpp.models import KonfigurasiTpp
from tests.conftest import build_org
from tests.tindaklanjut.tpp.conftest import BULAN, TAHUN, DuniaTpp, buat_dunia_tpp

pytestmark = pytest.mark.django_db


@pytest.fixture
def dt_tpp(org) -> DuniaTpp:
    return buat_dunia_tpp(org)


def _ids(org) -> list[int]:
    return list(
        Pegawai.objects.filter(instansi=org.instansi).order_by("id").values_list("id", flat=True)
    )


def test_dalam_is_in_with_one_parameter(org):
    ids = _ids(org)
    pick = ids[::2]
    dalam = Pegawai.objects.filter(instansi=org.instansi, id__dalam=pick)
    assert sorted(dalam.values_list("id", flat=True)) == pick
    # a foreign key, and an id of nobody
    units = [org.seksi.pk, 10**9]
    assert set(Pegawai.objects.filter(unor_id__dalam=units).values_list("id", flat=True)) == set(
        Pegawai.objects.filter(unor_id__in=units).values_list("id", flat=True)
    )
    assert not Pegawai.objects.filter(id__dalam=[]).exists()
    # one SQL text whatever the length; the ids are one parameter
    sql_1, params_1 = Pegawai.objects.filter(id__dalam=ids[:1]).query.sql_with_params()
    sql_n, params_n = Pegawai.objects.filter(id__dalam=ids).query.sql_with_params()
    assert sql_1 == sql_n and len(params_1) == len(params_n) == 1


def test_dalam_refuses_a_subquery(org):
    with pytest.raises(TypeError, match="bukan subkueri"):
        Pegawai.objects.filter(id__dalam=Pegawai.objects.values("id"))


def test_compiled_lookups_equal_the_orm(dt_tpp):
    """The recap's page lookups: compiled for a list of ids, the ORM's own for a subquery of
    the same pegawai; dates, decimals and aggregates come back the same."""
    org = dt_tpp.org
    i = org.instansi.pk
    ids = _ids(org)
    sub = Pegawai.objects.filter(instansi=org.instansi).values("id")
    periods = selectors.periode_bulan(i, TAHUN, BULAN)
    assert periods
    cases = [
        (selectors.evaluasi_bulan, (i, periods)),
        (selectors.disiplin_bulan, (i, TAHUN, BULAN)),
        (rekap_menit_bulanan, (i, TAHUN, BULAN)),
    ]
    for fn, args in cases:
        compiled = fn(*args, ids)
        assert compiled, fn.__name__  # the world has rows for each
        assert compiled == fn(*args, sub) == fn(*args, None), fn.__name__
        assert fn(*args, ids[:1]) == {k: v for k, v in compiled.items() if k == ids[0]}
        assert fn(*args, []) == {}
    # compiled once: a second page runs the same SQL text, one query each
    with CaptureQueriesContext(connection) as first:
        rekap_menit_bulanan(i, TAHUN, BULAN, ids[:2])
    with CaptureQueriesContext(connection) as again:
        rekap_menit_bulanan(i, TAHUN, BULAN, ids)
    assert len(first) == len(again) == 1


def test_rows_and_instances_equal_the_orm(dt_tpp):
    """Aware datetimes (SQLite's are made aware column by column), booleans, and model
    instances as the ORM builds them."""
    org = dt_tpp.org
    qs = Pegawai.objects.filter(instansi=org.instansi).order_by("id")
    siap = Disiapkan(
        lambda instansi: (
            Pegawai.objects.filter(instansi_id=instansi)
            .order_by("id")
            .values_list("id", "updated_at", "aktif", "nip")
        ),
        instansi=Param("instansi"),
    )
    rows = siap.rows(instansi=org.instansi.pk)
    assert rows == list(qs.values_list("id", "updated_at", "aktif", "nip"))
    assert all(timezone.is_aware(r[1]) for r in rows)
    konfig = selectors.konfigurasi_berlaku(org.instansi.pk, dt.date(TAHUN, BULAN, 1))
    orm = KonfigurasiTpp.objects.get(pk=dt_tpp.konfig.pk)
    assert konfig is not None and konfig.pk == orm.pk
    assert {
        f.attname: getattr(konfig, f.attname) for f in KonfigurasiTpp._meta.concrete_fields
    } == {f.attname: getattr(orm, f.attname) for f in KonfigurasiTpp._meta.concrete_fields}
    assert not konfig._state.adding and konfig._state.db == "default"
    assert selectors.konfigurasi_berlaku(org.instansi.pk, dt.date(2000, 1, 1)) is None


def test_a_compiled_page_with_its_limit_equals_the_orm(dt_tpp):
    """The API's recap page of a whole instansi: after an id, at most n rows, one SQL text for
    every limit."""
    org = dt_tpp.org
    i = org.instansi.pk
    Pegawai.objects.filter(pk=org.staf.pk).update(aktif=False)  # not in the recap
    orm = list(selectors.halaman_pegawai(selectors.Lingkup(i, TAHUN, BULAN)).order_by("id")[:100])
    assert org.staf.pk not in [r[0] for r in orm] and len(orm) >= 3
    assert selectors.halaman_pegawai_id(i, 0, 100) == orm
    with CaptureQueriesContext(connection) as q:
        assert selectors.halaman_pegawai_id(i, 0, 2) == orm[:2]
        assert selectors.halaman_pegawai_id(i, orm[1][0], 100) == orm[2:]
    assert len(q) == 2 and list(selectors._HALAMAN_ID._siap) == [connection.vendor]
    other = build_org("B")
    assert selectors.halaman_pegawai_id(other.instansi.pk, 0, 100) != orm
