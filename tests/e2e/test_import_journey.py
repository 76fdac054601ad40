"""Issue 2's browser journey: the admin logs in, imports a small pegawai file, and finds a
pegawai in the unor tree."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from kinerja.org.models import Pegawai, RiwayatJabatan
from tests.conftest import PASSWORD
from tests.factories import next_nip

HEADER = (
    "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,jenjang,"
    "kode_unor,tmt_jabatan,email,guru"
)


def test_admin_imports_pegawai_and_finds_them_in_the_tree(  # type: ignore[no-untyped-def]
    page: Page, live_server, org, tmp_path: Path
) -> None:
    nip_siti, nip_budi = next_nip(), next_nip()
    csv = tmp_path / "pegawai.csv"
    csv.write_text(
        f"{HEADER}\n"
        f"{nip_siti},Siti Rahmawati,,S.Kom.,PNS,III/a,Pranata Komputer Ahli Pertama,Fungsional,"
        f"Ahli Pertama,{org.seksi.kode},02-01-2024,siti@example.go.id,tidak\n"
        f"{nip_budi},Budi Santoso,,,PNS,II/c,Pengadministrasi Umum,Pelaksana,,"
        f"{org.bidang.kode},,,\n",
        encoding="utf-8",
    )

    page.goto(f"{live_server.url}/")
    page.get_by_label("NIP").fill(org.admin.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Impor").click()
    page.get_by_label("Jenis data").select_option("pegawai")
    page.get_by_label("Berkas").set_input_files(str(csv))
    page.get_by_role("button", name="Pratinjau").click()

    # The dry run has stored nothing yet.
    expect(page.get_by_role("button", name="Terapkan")).to_be_visible()
    assert not Pegawai.objects.filter(nip=nip_siti).exists()
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text(re.compile("diterapkan", re.I)).first).to_be_visible()

    # Find her in the tree: Dinas > Bidang > Seksi, each level loaded when opened.
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Unit Organisasi"
    ).click()
    tree = page.locator("#unor-tree")
    tree.locator(f"li[data-unor='{org.dinas.kode}'] > details > summary").click()
    bidang = tree.locator(f"li[data-unor='{org.bidang.kode}']")
    expect(bidang).to_be_visible()
    bidang.locator("> details > summary").click()
    seksi_link = tree.locator(f"li[data-unor='{org.seksi.kode}']").get_by_role(
        "link", name=org.seksi.nama
    )
    expect(seksi_link).to_be_visible()
    seksi_link.click()

    expect(page.get_by_role("heading", name=org.seksi.nama)).to_be_visible()
    page.get_by_role("link", name="Siti Rahmawati, S.Kom.").click()
    expect(page.get_by_text(nip_siti)).to_be_visible()
    expect(page.get_by_role("cell", name="Pranata Komputer Ahli Pertama")).to_be_visible()

    siti = Pegawai.objects.get(nip=nip_siti)
    assert siti.unor_id == org.seksi.pk
    assert RiwayatJabatan.objects.filter(pegawai=siti, berlaku_sampai__isnull=True).count() == 1
