"""seed_demo's SKPs: approved for everyone, cascaded from the Sekda down, a few in other states,
idempotent and built without per-pegawai queries."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.models import AuditEvent
from kinerja.org import demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.org.selectors import atasan_id_of
from kinerja.perencanaan import demo as skp_demo
from kinerja.perencanaan import selectors
from kinerja.perencanaan.models import (
    AnggotaTim,
    IndikatorKinerja,
    Intervensi,
    Lampiran,
    PerilakuKerja,
    RencanaHasilKerja,
    Skp,
    StatusSkp,
    TimKerja,
)
from kinerja.perencanaan.services import masalah_pengajuan, snapshot_of

N = 150
TABLES = (
    Skp,
    RencanaHasilKerja,
    IndikatorKinerja,
    Intervensi,
    PerilakuKerja,
    Lampiran,
    TimKerja,
    AnggotaTim,
)


def seed(n: int = N, *args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--pegawai", str(n), *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def kota() -> Instansi:
    return Instansi.objects.get(kode=demo.KOTA.kode)


@pytest.mark.django_db
def test_skp_queries_do_not_grow_with_the_size():
    def queries(n: int) -> int:
        demo.seed(n)
        with CaptureQueriesContext(connection) as ctx:
            skp_demo.seed()
        demo.hapus_demo()
        return len(ctx.captured_queries)

    assert queries(120) == queries(400)


@pytest.mark.django_db
def test_benchmark_measures_the_skp_pages():
    out = io.StringIO()
    call_command(
        "benchmark", "--here", "--pegawai", "150", "--only", "pages", "--requests", "3", stdout=out
    )
    figures = dict(line.split(": ") for line in out.getvalue().splitlines())
    for name in ("skp_page_p50", "skp_page_p95", "penilai_bawahan_p50", "penilai_bawahan_p95"):
        assert figures[name].endswith(" ms") and float(figures[name].split()[0]) > 0
    assert "seed_skp_150" not in figures  # seeded for the pages, not measured
    assert Skp.objects.filter(instansi__kode=demo.KOTA.kode, tahun=skp_demo.TAHUN).count() == 149


def build_world() -> str:
    """One seed for the tests below (each gets it as `world`, rolled back after the test): the
    seed is the slow part. The tests on an empty database come before the first of them."""
    return seed()


def test_every_pegawai_has_an_approved_skp_except_a_few_bawahan_of_the_demo_penilai(world):
    output = world
    assert f"SKP {skp_demo.TAHUN} demo dibuat" in output
    instansi = kota()
    pegawai = set(Pegawai.objects.filter(instansi=instansi).values_list("id", flat=True))
    approved = set(
        selectors.in_force(instansi.pk, pegawai, skp_demo.TAHUN)
        .filter(terkini=True)
        .values_list("pegawai_id", flat=True)
    )
    others = {
        s.pegawai_id: s
        for s in Skp.objects.filter(instansi=instansi, tahun=skp_demo.TAHUN).exclude(
            status=StatusSkp.DISETUJUI
        )
    }
    without = pegawai - approved - set(others)
    assert len(approved) == N - 4 and len(without) == 1

    # The exceptions are all bawahan of the demo penilai; the demo pegawai's SKP is approved.
    penilai = Pegawai.objects.get(nip=demo.PENILAI.nip)
    assert {s.status for s in others.values()} == {"Draft", "Diajukan", "Dikembalikan"}
    assert {atasan_id_of(Pegawai.objects.get(pk=pk)) for pk in {*others, *without}} == {penilai.pk}
    assert Pegawai.objects.get(nip=demo.PEGAWAI.nip).pk in approved
    returned = next(s for s in others.values() if s.status == "Dikembalikan")
    assert returned.catatan_pengembalian and returned.diajukan_at and not returned.berlaku
    draft = next(s for s in others.values() if s.status == "Draft")
    assert draft.diajukan_at is None and draft.disetujui_at is None
    # Nothing of the kabupaten: only the demo pemkot gets SKPs.
    assert not Skp.objects.exclude(instansi=instansi).exists()
    assert AuditEvent.objects.filter(action="demo.skp_dibuat").count() == 1


def test_skps_are_cascaded_from_the_sekda_through_each_penilai(world):
    instansi = kota()
    skps = list(
        Skp.objects.filter(instansi=instansi, tahun=skp_demo.TAHUN).select_related(
            "pegawai__unor", "pegawai__jabatan"
        )
    )
    by_pegawai = {s.pegawai_id: s for s in skps}
    roots = [s for s in skps if s.penilai_id is None]
    assert len(roots) == 1 and roots[0].is_jpt
    assert roots[0].pegawai.jabatan.nama == "Sekretaris Daerah"
    links = {}
    for link in Intervensi.objects.filter(instansi=instansi).select_related("rhk_atasan"):
        links.setdefault(link.rhk_id, []).append(link.rhk_atasan)
    for skp in skps:
        pegawai = skp.pegawai
        # Penilai and atasan penilai follow the atasan rule; the snapshot is snapshot_of's.
        assert skp.penilai_id == atasan_id_of(pegawai, skp_demo.HARI)
        if skp.penilai_id:
            assert skp.atasan_penilai_id == by_pegawai[skp.penilai_id].penilai_id
        assert skp.snapshot["pegawai"] == snapshot_of(pegawai)
        assert skp.snapshot["instansi"] == instansi.nama
        assert skp.is_jpt == (pegawai.jabatan.jenis == "JPT")
        if skp is roots[0]:
            continue
        # Every RHK (JPT too, below the Sekda) intervenes the penilai's approved RHK.
        allowed = selectors.allowed_rhk_atasan_ids(skp)
        penilai_skp = by_pegawai[skp.penilai_id]
        assert penilai_skp.status == "Disetujui"
        rhks = list(skp.rhk.all())
        assert rhks
        for rhk in rhks:
            targets = links.get(rhk.pk, [])
            assert targets, rhk.rhk
            assert {t.pk for t in targets} <= allowed
            assert any(t.skp_id == penilai_skp.pk for t in targets)


def test_content_is_complete_and_realistic(world):
    instansi = kota()
    skps = Skp.objects.filter(instansi=instansi, tahun=skp_demo.TAHUN).prefetch_related(
        "rhk__iki", "perilaku", "lampiran"
    )
    for skp in skps:
        rhks = list(skp.rhk.all())
        if not skp.is_jpt:
            assert 2 <= len(rhks) <= 4, skp
            assert any(r.jenis == "Utama" for r in rhks)
        for rhk in rhks:
            assert (bool(rhk.klasifikasi), bool(rhk.perspektif)) == (skp.is_jpt, skp.is_jpt)
            iki = list(rhk.iki.all())
            assert 1 <= len(iki) <= 3
            for row in iki:
                assert row.aspek and row.satuan and row.target_min <= row.target_max
            assert "{" not in rhk.rhk
        perilaku = list(skp.perilaku.all())
        assert len(perilaku) == 7
        assert 1 <= sum(bool(p.ekspektasi_khusus) for p in perilaku) <= 3
        assert len(skp.lampiran.all()) >= 2
    texts = set(RencanaHasilKerja.objects.filter(instansi=instansi).values_list("rhk", flat=True))
    assert any("Dapodik" in t for t in texts)  # pendidikan
    assert any("posyandu" in t.lower() or "kesehatan" in t for t in texts)
    assert any("kepegawaian" in t for t in texts)
    assert RencanaHasilKerja.objects.filter(instansi=instansi, jenis="Tambahan").exists()
    assert masalah_free(instansi)


def masalah_free(instansi: Instansi) -> bool:
    """The services would accept every approved demo SKP for submission as it stands."""
    sample = Skp.objects.filter(
        instansi=instansi, tahun=skp_demo.TAHUN, status="Disetujui"
    ).order_by("id")[:40]
    return all(masalah_pengajuan(skp) == [] for skp in sample)


def test_one_tim_kerja_with_members_from_two_units(world):
    tim = TimKerja.objects.get(instansi=kota())
    assert tim.ketua.nip == demo.PENILAI.nip and tim.tahun == skp_demo.TAHUN
    units = set(tim.anggota.values_list("unor_id", flat=True))
    assert len(units) == 2
    admin = Pegawai.objects.get(nip=demo.ADMIN_INSTANSI.nip)
    assert admin in tim.anggota.all()
    # A member from the other unit intervenes the ketua's RHK, as leaders_for allows.
    skp = Skp.objects.get(pegawai=admin, tahun=skp_demo.TAHUN)
    ketua_rhk = set(
        RencanaHasilKerja.objects.filter(skp__pegawai=tim.ketua).values_list("id", flat=True)
    )
    linked = set(Intervensi.objects.filter(rhk__skp=skp).values_list("rhk_atasan_id", flat=True))
    assert linked & ketua_rhk
    assert linked <= selectors.allowed_rhk_atasan_ids(skp)


def test_second_run_changes_nothing(world):
    before = counts()
    output = seed()
    assert counts() == before
    assert "sudah ada" in output and "SKP" not in output.split("\n")[0]


def test_fresh_rebuilds_the_same_skps(world):

    def content() -> list[tuple[str, str, str]]:
        return sorted(RencanaHasilKerja.objects.values_list("skp__pegawai__nip", "rhk", "kunci"))  # type: ignore[arg-type]

    first = content()
    seed(N, "--fresh")
    assert content() == first
    assert Skp.objects.filter(tahun=skp_demo.TAHUN).count() == N - 1
