"""seed_demo: a valid, realistic, idempotent and deterministic demo organisation."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.org import demo
from kinerja.org.atasan import chain_from_path, resolve_atasan
from kinerja.org.models import Instansi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from kinerja.org.nip import parse_nip
from kinerja.org.selectors import atasan_id_of, bawahan_of, leaders_of_units

N = 150


def seed(n: int = N, *args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--pegawai", str(n), *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Instansi, UnitOrganisasi, Jabatan, Pegawai, RiwayatJabatan, User, AuditEvent)
    }


def atasan_map(instansi: Instansi) -> dict[int, int | None]:
    """pegawai id -> atasan id for a whole instansi, by the atasan rule, in three queries."""
    paths = dict(UnitOrganisasi.objects.filter(instansi=instansi).values_list("id", "path"))
    leaders = leaders_of_units(instansi.pk, None, dt.date.today())
    return {
        pk: resolve_atasan(pk, chain_from_path(paths[unor_id]), leaders, override)
        for pk, unor_id, override in Pegawai.objects.filter(instansi=instansi).values_list(
            "id", "unor_id", "atasan_override_id"
        )
    }


@pytest.mark.django_db
def test_too_few_pegawai_is_refused():
    with pytest.raises(CommandError, match="minimal"):
        seed(10)
    assert not Instansi.objects.exists()


def build_world() -> str:
    """One seed for the tests below (each gets it as `world`, rolled back after the test): the
    seed is the slow part. The tests on an empty database come before the first of them."""
    return seed()


def test_seed_builds_a_valid_organisation(world):
    output = world
    kota = Instansi.objects.get(kode=demo.KOTA.kode)
    kabupaten = Instansi.objects.get(kode=demo.KABUPATEN.kode)
    assert (kota.zona_waktu, kabupaten.zona_waktu) == ("Asia/Jakarta", "Asia/Makassar")
    assert Pegawai.objects.filter(instansi=kota).count() == N
    assert Pegawai.objects.filter(instansi=kabupaten).count() == demo.PEGAWAI_KABUPATEN

    nips = list(Pegawai.objects.values_list("nip", "jenis_asn", "jenis_kelamin", "tanggal_lahir"))
    for nip, jenis_asn, jenis_kelamin, lahir in nips:
        info = parse_nip(nip, jenis_asn)
        assert (info.jenis_kelamin, info.tanggal_lahir) == (jenis_kelamin, lahir), nip
    assert {j for _, j, _, _ in nips} == {"PNS", "PPPK"}

    # Only the sekda at the root has no atasan; everyone else reports to someone.
    for instansi in (kota, kabupaten):
        tops = [pk for pk, atasan in atasan_map(instansi).items() if atasan is None]
        assert len(tops) == 1
        assert Pegawai.objects.get(pk=tops[0]).jabatan.nama == "Sekretaris Daerah"

    # Units have their leader in place, and every pegawai's open position is their current one.
    led = UnitOrganisasi.objects.filter(instansi=kota, jabatan_pimpinan__isnull=False)
    assert set(leaders_of_units(kota.pk, None, dt.date.today())) == set(
        led.values_list("id", flat=True)
    )
    open_rows = RiwayatJabatan.objects.filter(
        jenis_penugasan="Definitif", berlaku_sampai__isnull=True
    )
    assert open_rows.count() == Pegawai.objects.count()
    assert not open_rows.exclude(jabatan_id=F("pegawai__jabatan_id")).exists()
    assert RiwayatJabatan.objects.filter(instansi=kota, berlaku_sampai__isnull=False).exists()

    # Fungsional carry kategori and jenjang; guru are marked.
    fungsional = Jabatan.objects.filter(instansi=kota, jenis="Fungsional")
    assert fungsional.exists() and not fungsional.filter(jenjang__isnull=True).exists()
    assert Pegawai.objects.filter(
        instansi=kota, is_guru=True, jabatan__nama__startswith="Guru"
    ).exists()

    # The demo penilai has bawahan, among them the demo pegawai; the kepala OPD is a JPT.
    penilai = Pegawai.objects.get(nip=demo.PENILAI.nip)
    bawahan = set(bawahan_of(penilai).values_list("nip", flat=True))
    assert len(bawahan) >= 3 and demo.PEGAWAI.nip in bawahan
    assert atasan_id_of(Pegawai.objects.get(nip=demo.PEGAWAI.nip)) == penilai.pk
    assert Pegawai.objects.get(nip=demo.KEPALA_OPD.nip).jabatan.jenis == "JPT"

    # The vacant bidang is led by a PLT, who is then the atasan of its staff.
    plt = RiwayatJabatan.objects.get(instansi=kota, jenis_penugasan="PLT")
    staff = Pegawai.objects.filter(unor=plt.unor).exclude(pk=plt.pegawai_id)
    assert staff.exists()
    assert {atasan_id_of(p) for p in staff} == {plt.pegawai_id}

    # One account per pegawai (same instansi), plus the admin nasional; one audit event.
    assert User.objects.filter(pegawai__isnull=False).count() == Pegawai.objects.count()
    assert (
        not User.objects.exclude(pegawai__isnull=True)
        .exclude(instansi_id=F("pegawai__instansi_id"))
        .exists()
    )
    assert User.objects.get(nip=demo.ADMIN_NASIONAL_NIP).is_admin_nasional
    assert User.objects.get(nip=demo.ADMIN_INSTANSI.nip).is_admin_instansi
    assert AuditEvent.objects.filter(action="demo.dibuat").count() == 1
    for _, nip in demo.AKUN_DEMO:
        assert nip in output


def test_demo_accounts_log_in_through_the_form(world, client):
    for role, nip in demo.AKUN_DEMO:
        response = client.post(
            "/akun/masuk/", {"nip": nip, "password": demo.DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200
        assert response.context["user"].nip == nip, role
        client.logout()


def test_demo_has_a_pending_application_tickets_and_help_articles(world, client):
    """Issue 9 in the demo: the Admin Nasional finds one application to review; the pegawai's
    ticket has the Admin Instansi's answer; national and city help articles are published."""
    from kinerja.bantuan.models import Artikel, StatusTiket, Tiket
    from kinerja.pendaftaran.models import PermohonanInstansi, StatusPermohonan

    assert "Permohonan instansi demo menunggu tinjauan Admin Nasional: PI-" in world
    [permohonan] = PermohonanInstansi.objects.all()
    assert permohonan.status == StatusPermohonan.DIAJUKAN
    assert permohonan.berkas.read(5) == b"%PDF-"
    kota = Instansi.objects.get(kode=demo.KOTA.kode)
    tiket = Tiket.objects.get(instansi=kota, pelapor__nip=demo.PEGAWAI.nip)
    assert tiket.status == StatusTiket.MENUNGGU
    assert tiket.balasan.filter(dari_petugas=True).count() == 1
    assert Artikel.objects.filter(instansi=None, diterbitkan=True).count() >= 4
    assert Artikel.objects.filter(instansi=kota, diterbitkan=True).count() == 1


def test_second_run_changes_nothing_and_prints_the_logins_again(world):
    before = counts()
    output = seed()
    assert counts() == before
    assert "sudah ada" in output
    for _, nip in demo.AKUN_DEMO:
        assert nip in output


def test_fresh_rebuilds_the_same_nips(world):
    nips = set(Pegawai.objects.values_list("nip", flat=True))
    seed(N, "--fresh")
    assert set(Pegawai.objects.values_list("nip", flat=True)) == nips
    assert User.objects.filter(nip=demo.ADMIN_NASIONAL_NIP).count() == 1
    assert Instansi.objects.count() == 2
    assert AuditEvent.objects.get(action="demo.dihapus").before["pegawai"] == N + 20


def test_plan_is_deterministic_and_demo_nips_do_not_depend_on_size():
    first = demo.build_plan(demo.KOTA, 400)
    again = demo.build_plan(demo.KOTA, 400)
    assert [(p.nip, p.nama, p.unor) for p in first.pegawai] == [
        (p.nip, p.nama, p.unor) for p in again.pegawai
    ]
    bigger = {p.nip for p in demo.build_plan(demo.KOTA, 2500).pegawai}
    fixed = {t.nip for t in demo.KOTA.tokoh}
    assert fixed <= {p.nip for p in first.pegawai} and fixed <= bigger


def test_plan_scales_with_upt_instead_of_huge_units():
    plan = demo.build_plan(demo.KOTA, 8000)
    assert len(plan.pegawai) == 8000
    assert len({p.nip for p in plan.pegawai}) == 8000
    sizes: dict[str, int] = {}
    for p in plan.pegawai:
        sizes[p.unor] = sizes.get(p.unor, 0) + 1
    assert max(sizes.values()) <= 100
    names = [u.nama for u in plan.units]
    assert any(n.startswith("SD Negeri") for n in names)
    assert any(n.startswith("UPTD Puskesmas") for n in names)


def test_plan_avoids_reserved_nips():
    taken = {p.nip for p in demo.build_plan(demo.KOTA, 300).pegawai} - {
        t.nip for t in demo.KOTA.tokoh
    }
    plan = demo.build_plan(demo.KOTA, 300, reserved=taken)
    assert not taken & {p.nip for p in plan.pegawai}


def test_readme_lists_exactly_the_demo_accounts():
    """The README's "Demo accounts" table is what seed_demo creates (docs stay true)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Demo accounts", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split("|")[1:-1]
        for line in section.splitlines()
        if re.match(r"\| .* \| \d{18} \|", line)
    ]
    assert {nip.strip() for _, nip, _ in rows} == {nip for _, nip in demo.AKUN_DEMO}
    assert {password.strip() for _, _, password in rows} == {demo.DEMO_PASSWORD}
