"""The benchmark command: a smoke run on the test database with a tiny organisation."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from kinerja.org.models import Instansi, Pegawai

FIGURE = re.compile(r"^\w+: [\d.]+ \w+$")


@pytest.mark.django_db
def test_benchmark_prints_one_figure_per_line():
    out = io.StringIO()
    # The stage-4 part is measured by each app's own test (tests/tindaklanjut/*).
    call_command(
        "benchmark",
        "--here",
        "--pegawai",
        "150",
        "--requests",
        "3",
        "--only",
        "seed,import,pages",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines and all(FIGURE.match(line) for line in lines), lines
    names = {line.split(":")[0] for line in lines}
    assert {
        "seed_demo_150",
        "import_pegawai_150_csv_preview",
        "import_pegawai_150_csv_apply",
        "import_pegawai_150_csv",
        "reimport_pegawai_150_csv_apply",
        "pegawai_list_p95",
        "pegawai_search_nama_p95",
        "pegawai_search_nip_p95",
        "pegawai_detail_p50",
        "pegawai_detail_p95",
        "seed_penilaian_150",
        "penilaian_nilai_p95",
        "distribusi_instansi_150",
    } <= names
    assert any(n.startswith("penilaian_kurva_") and n.endswith("_p95") for n in names), names
    # The import really created the second instansi's pegawai from the file.
    assert Pegawai.objects.filter(instansi__kode="BENCH").count() == 150


@pytest.mark.django_db
def test_only_selects_the_parts():
    out = io.StringIO()
    call_command("benchmark", "--here", "--pegawai", "150", "--only", "seed", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        "seed_demo_150",
        "seed_skp_150",
        "seed_pelaksanaan_150",
        "seed_penilaian_150",
        "seed_tindaklanjut_150",
    ]
    assert not Instansi.objects.filter(kode="BENCH").exists()


@pytest.mark.django_db
def test_refuses_unknown_parts_and_a_database_that_is_not_empty():
    with pytest.raises(CommandError, match="--only"):
        call_command("benchmark", "--here", "--only", "seed,lainnya")
    call_command("seed_demo", "--pegawai", "150", stdout=io.StringIO())
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("benchmark", "--here", "--pegawai", "150", "--only", "seed")


@pytest.mark.django_db
def test_never_runs_in_place_on_a_real_database(monkeypatch):
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/kinerja/var/kinerja.sqlite3")
    with pytest.raises(CommandError, match="bukan basis data benchmark"):
        call_command("benchmark", "--here", "--pegawai", "150", "--only", "seed")
    assert not Instansi.objects.exists()
