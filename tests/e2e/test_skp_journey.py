"""Issue 3's browser journey: a pegawai drafts an SKP whose RHK intervenes the atasan's, submits
it; the penilai returns it with a note; the pegawai fixes it and submits again; the penilai
approves, and the Matriks Peran Hasil shows the link."""

import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from kinerja.perencanaan import services
from kinerja.perencanaan.models import RencanaHasilKerja, Skp
from tests.conftest import PASSWORD
from tests.factories import user_for

RHK_KASI = "Tersusunnya laporan evaluasi pelayanan seksi"
RHK_STAF = "Tersusunnya rekapitulasi data layanan bulanan"
CATATAN = "Target laporan harus 12 dokumen, satu per bulan."


def _approved(owner, decider, teks: str, tahun: int, parent=None) -> RencanaHasilKerja:  # type: ignore[no-untyped-def]
    """An approved SKP with one RHK and one IKI, built through the services."""
    skp = services.buat_skp(owner, tahun)
    rhk = services.simpan_rhk(owner, skp, rhk=teks)
    services.simpan_iki(
        owner,
        rhk,
        indikator=f"Jumlah dokumen: {teks.lower()}",
        aspek="Kuantitas",
        target_min=Decimal(4),
        target_max=Decimal(4),
        satuan="Dokumen",
    )
    if parent is not None:
        services.intervensi_rhk(owner, rhk, parent, "langsung")
    services.ajukan_skp(owner, skp)
    services.setujui_skp(decider, skp)
    return rhk


def _login(page: Page, base: str, nip: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _logout(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()


def test_pegawai_and_penilai_agree_on_an_skp(page: Page, live_server, org) -> None:  # type: ignore[no-untyped-def]
    tahun = timezone.localdate().year
    kepala, kabid, kasi = user_for(org.kepala), user_for(org.kabid), user_for(org.kasi)
    staf = user_for(org.staf)
    rhk_kepala = _approved(kepala, org.admin, "Meningkatnya kualitas layanan dinas", tahun)
    rhk_kabid = _approved(kabid, kepala, "Meningkatnya mutu layanan bidang", tahun, rhk_kepala)
    _approved(kasi, kabid, RHK_KASI, tahun, rhk_kabid)
    base = live_server.url

    # The pegawai drafts an SKP, links its RHK to the kasi's and submits it.
    _login(page, base, staf.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="SKP").click()
    page.get_by_role("button", name=f"Buat SKP {tahun}").click()
    expect(page.get_by_role("heading", name=f"Sasaran Kinerja Pegawai {tahun}")).to_be_visible()
    page.locator("#rhk-baru").fill(RHK_STAF)
    page.get_by_role("button", name="Tambah RHK").click()
    rhk = page.locator(f"article.rhk[data-rhk='{RHK_STAF}']")
    expect(rhk).to_be_visible()
    rhk.locator("details.add > summary").click()
    rhk.get_by_label("Indikator").fill("Jumlah rekapitulasi yang disusun")
    rhk.get_by_label("Aspek").select_option("Kuantitas")
    rhk.get_by_label("Target minimum").fill("10")
    rhk.get_by_label("Target maksimum").fill("10")
    rhk.get_by_label("Satuan").fill("Dokumen")
    rhk.get_by_role("button", name="Tambah indikator").click()
    expect(rhk.get_by_role("cell", name="Jumlah rekapitulasi yang disusun")).to_be_visible()
    rhk.get_by_label("RHK pimpinan yang diintervensi").select_option(label=RHK_KASI)
    rhk.get_by_role("button", name="Hubungkan").click()
    expect(rhk.locator(".intervensi li").filter(has_text=RHK_KASI)).to_be_visible()
    expect(page.get_by_text("SKP lengkap dan siap diajukan")).to_be_visible()
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text(re.compile("Menunggu persetujuan"))).to_be_visible()
    skp = Skp.objects.get(pegawai=org.staf, tahun=tahun)
    assert skp.status == "Diajukan" and skp.penilai_id == org.kasi.pk
    _logout(page)

    # The penilai finds it among the bawahan and returns it with a note.
    _login(page, base, kasi.nip)
    page.goto(f"{base}/skp/bawahan/")
    page.get_by_role("row").filter(has_text=org.staf.nama).get_by_role(
        "link", name="Periksa"
    ).click()
    page.get_by_label("Catatan pengembalian").fill(CATATAN)
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_role("alert").filter(has_text=CATATAN)).to_be_visible()
    _logout(page)

    # The pegawai reads the note, fixes the target and submits again.
    _login(page, base, staf.nip)
    page.goto(f"{base}/skp/{skp.pk}/")
    expect(page.get_by_role("alert").filter(has_text=CATATAN)).to_be_visible()
    row = page.locator("table.iki tr").filter(has_text="Jumlah rekapitulasi yang disusun")
    row.locator("details.edit > summary").click()
    row.get_by_label("Target minimum").fill("12")
    row.get_by_label("Target maksimum").fill("12")
    row.get_by_role("button", name="Simpan indikator").click()
    expect(page.locator("table.iki").filter(has_text="12")).to_be_visible()
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text(re.compile("Menunggu persetujuan"))).to_be_visible()
    _logout(page)

    # The penilai approves; the MPH shows the pegawai's RHK under the kasi's.
    _login(page, base, kasi.nip)
    page.goto(f"{base}/skp/{skp.pk}/")
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("SKP disetujui.")).to_be_visible()
    skp.refresh_from_db()
    assert (skp.status, skp.berlaku) == ("Disetujui", True)
    assert skp.rhk.get().iki.get().target_min == 12
    page.goto(f"{base}/skp/mph/")
    mph_row = page.get_by_role("row").filter(has_text=RHK_KASI)
    expect(mph_row.get_by_text(RHK_STAF)).to_be_visible()
    expect(page.locator(f"th[data-kontributor='{org.staf.nip}']")).to_be_visible()
