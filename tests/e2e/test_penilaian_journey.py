"""Issue 5's browser journey: the leader of the unit above sets the unit's Predikat Kinerja
Organisasi; the penilai rates the bawahan in the grid (htmx saves each row) and sees the kurva
panel warn, then finalises; a pegawai files a keberatan; the atasan penilai asks the penilai and
the pegawai for explanations, they answer, and the atasan penilai decides "Diubah"; the pegawai
reads the new predikat, with the old one kept in the history."""

import re

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from kinerja.pelaksanaan import periode as periode_mod
from kinerja.penilaian import services
from kinerja.penilaian.models import (
    Evaluasi,
    Keberatan,
    KinerjaOrganisasi,
    PenjelasanKeberatan,
    StatusEvaluasi,
    StatusKeberatan,
)
from tests.e2e.test_skp_journey import _login, _logout
from tests.factories import user_for
from tests.penilaian.conftest import buat_tim

SESUAI, DI_ATAS = "Sesuai Ekspektasi", "Di Atas Ekspektasi"
ALASAN = "Seluruh target rekap terlampaui dan saya memimpin migrasi data layanan."
TANYA_PENILAI = "Mohon jelaskan dasar rating hasil kerja Anggota T1."
TANYA_PEGAWAI = "Lampirkan bukti target yang menurut Anda terlampaui."
JAWAB_PENILAI = "Rating mengikuti kurva unit; capaian migrasi belum saya perhitungkan."
JAWAB_PEGAWAI = "Bukti migrasi ada pada realisasi triwulan ini, berkas laporan migrasi."
PUTUSAN = "Capaian migrasi data terbukti melampaui ekspektasi."


def _jawab(page: Page, pihak: str, jawaban: str) -> None:
    """Answer the question put to `pihak` on the keberatan page."""
    kartu = page.locator("article.penjelasan").filter(
        has=page.get_by_role("heading", name=pihak, exact=True)
    )
    kartu.get_by_label("Penjelasan Anda").fill(jawaban)
    kartu.get_by_role("button", name="Berikan penjelasan").click()
    expect(page.get_by_role("status").filter(has_text="Penjelasan Anda disimpan")).to_be_visible()
    expect(kartu).to_contain_text(f"Penjelasan: {jawaban}")


def _nilai(baris: Locator) -> None:
    """Rate one grid row Sesuai/Sesuai, waiting for each htmx save to come back."""
    baris.get_by_label("Rating Hasil Kerja").select_option(SESUAI)
    expect(baris.get_by_role("status")).to_have_text("Tersimpan")
    baris.get_by_label("Rating Perilaku Kerja").select_option(SESUAI)
    # The matrix preview writes plain text at once; the server's row has the predikat in bold.
    expect(baris.locator("td.predikat strong")).to_have_text("Baik")
    expect(baris.locator(".status .badge").first).to_have_text("Draft")


def test_predikat_kurva_finalisasi_and_keberatan(page: Page, live_server, org) -> None:  # type: ignore[no-untyped-def]
    tim = buat_tim(org, 3)  # Tim T under the Bidang: rated by Ketua T, atasan penilai the kabid
    kabid, penilai = user_for(org.kabid), tim.penilai
    pegawai = tim.anggota[0]
    assert {s.atasan_penilai_id for s in tim.skp} == {org.kabid.pk}
    periode = periode_mod.periode_pada(org.instansi.pk, timezone.localdate())
    assert periode.batas_penilaian >= timezone.localdate()  # still open for penilaian
    # Three people count as a full unit here, in mode peringatan: the kurva warns, never blocks.
    services.simpan_pengaturan(
        org.admin,
        org.instansi.pk,
        mode_kurva="peringatan",
        ukuran_unit_kecil=3,
        jendela_keberatan_hari=14,
        aturan_kurva={},
        pemetaan_jpt={},
    )
    base = live_server.url

    # 1. The kabid (leader of the Bidang) sets Tim T's Predikat Kinerja Organisasi.
    _login(page, base, kabid.nip)
    page.goto(f"{base}/penilaian/organisasi/?periode={periode.pk}")
    expect(
        page.get_by_role("heading", name=f"Predikat Kinerja Organisasi: {periode}")
    ).to_be_visible()
    baris_unit = page.get_by_role("row").filter(has_text=tim.unit.nama)
    expect(baris_unit.locator(".badge")).to_have_text("Belum ditetapkan")
    baris_unit.get_by_label(f"Predikat kinerja organisasi {tim.unit.nama}").select_option("Baik")
    baris_unit.get_by_label("Catatan").fill("Capaian indikator kinerja tim sesuai target.")
    baris_unit.get_by_role("button", name="Simpan").click()
    expect(baris_unit.get_by_role("status")).to_have_text(
        f"Tersimpan. Predikat kinerja organisasi {tim.unit.nama} untuk {periode}: Baik."
    )
    expect(baris_unit.locator(".org-predikat")).to_have_text("Baik")
    _logout(page)

    # 2. The penilai rates the three bawahan; each row saves itself, the kurva panel warns.
    _login(page, base, penilai.nip)
    page.get_by_role("link", name="Nilai kinerja bawahan").click()
    page.get_by_role("navigation", name="Pilih periode").get_by_role(
        "link", name=str(periode), exact=True
    ).click()
    expect(page).to_have_url(re.compile(rf"/penilaian/nilai/\?periode={periode.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Penilaian kinerja bawahan — {periode}"
    )
    for skp in tim.skp:
        _nilai(page.locator(f"#baris-{skp.pk}"))
    panel = page.get_by_role("region", name=f"Kurva distribusi {tim.unit.nama}")
    expect(panel.locator(".kurva-kepala .badge")).to_have_text("Peringatan")
    expect(panel).to_contain_text("Predikat kinerja organisasi Baik · 3 pegawai dinilai")
    aturan = panel.locator("ul.kurva-aturan li.err")
    expect(aturan.filter(has_text="Baik paling banyak 70%")).to_have_text(
        re.compile(
            r"Belum terpenuhi: Baik paling banyak 70%: saat ini 3 dari 3 orang, paling banyak 2"
        )
    )
    expect(panel.locator(".kurva-mode")).to_have_text(
        "Mode peringatan: finalisasi tetap dapat dilakukan."
    )

    # 3. The penilai finalises all three despite the warning.
    for anggota in tim.anggota:
        page.get_by_role(
            "checkbox", name=f"Pilih {anggota.pegawai.nama_lengkap} untuk difinalkan"
        ).check()
    page.get_by_role("button", name="Finalkan yang dipilih").click()
    expect(page.get_by_role("status").filter(has_text="difinalkan")).to_have_text(
        "3 penilaian difinalkan; pegawai yang dinilai telah diberi tahu."
    )
    for skp in tim.skp:
        expect(page.locator(f"#baris-{skp.pk} .status .badge").first).to_have_text("Final")
    _logout(page)

    # 4. The pegawai reads the result and files a keberatan.
    _login(page, base, pegawai.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Penilaian", exact=True
    ).click()
    hasil = page.get_by_role("row").filter(has_text=str(periode))
    expect(hasil.locator("strong")).to_have_text("Baik")
    expect(hasil.locator(".badge")).to_have_text("Final")
    expect(hasil).to_contain_text("Dapat diajukan sampai")
    hasil.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#predikat")).to_have_text("Baik")
    page.get_by_label("Alasan keberatan").fill(ALASAN)
    page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.get_by_role("status").filter(has_text="Keberatan diajukan")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Keberatan atas hasil penilaian {periode}"
    )
    expect(page.locator(".skp-actions .badge")).to_have_text("Keberatan Diajukan")
    _logout(page)

    # 5a. The atasan penilai (the kabid) opens it and asks both sides for explanations.
    _login(page, base, kabid.nip)
    page.get_by_role("link", name="Keberatan", exact=True).click()
    page.get_by_role("row").filter(has_text=pegawai.pegawai.nama).get_by_role(
        "link", name="Periksa"
    ).click()
    expect(page.locator(".teks").first).to_have_text(ALASAN)
    expect(page.locator("#putuskan .notice")).to_contain_text("Mintalah penjelasan")
    page.get_by_label("Permintaan penjelasan kepada pejabat penilai kinerja").fill(TANYA_PENILAI)
    page.get_by_label("Permintaan penjelasan kepada pegawai").fill(TANYA_PEGAWAI)
    page.get_by_role("button", name="Minta penjelasan").click()
    expect(
        page.get_by_role("status").filter(has_text="Permintaan penjelasan dikirim")
    ).to_be_visible()
    expect(page.locator(".skp-actions .badge")).to_have_text("Diperiksa")
    expect(page.locator("#putuskan .notice")).to_have_text("2 penjelasan belum diberikan.")
    _logout(page)

    # 5b. The penilai and the pegawai answer.
    _login(page, base, penilai.nip)
    page.get_by_role("link", name="Keberatan", exact=True).click()
    page.get_by_role("row").filter(has_text=pegawai.pegawai.nama).get_by_role(
        "link", name="Lihat"
    ).click()
    _jawab(page, "Pejabat Penilai Kinerja", JAWAB_PENILAI)
    _logout(page)
    _login(page, base, pegawai.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Penilaian", exact=True
    ).click()
    page.get_by_role("row").filter(has_text=str(periode)).get_by_role(
        "link", name="Lihat keberatan"
    ).click()
    _jawab(page, "Pegawai", JAWAB_PEGAWAI)
    _logout(page)

    # 5c. The atasan penilai decides "Diubah" with new ratings.
    _login(page, base, kabid.nip)
    page.get_by_role("link", name="Keberatan", exact=True).click()
    page.get_by_role("row").filter(has_text=pegawai.pegawai.nama).get_by_role(
        "link", name="Periksa"
    ).click()
    expect(page.locator("#putuskan .notice")).to_have_count(0)  # both answered
    putuskan = page.locator("#form-putuskan")
    putuskan.get_by_label("Diubah (rating baru, predikat baru)").check()
    # The two radio groups share their option names: reach each through its container.
    putuskan.locator("#id_rating_hasil_kerja").get_by_label(DI_ATAS).check()
    putuskan.locator("#id_rating_perilaku").get_by_label(DI_ATAS).check()
    expect(page.locator("#pratinjau-predikat")).to_have_text("Sangat Baik")
    putuskan.get_by_label("Alasan keputusan").fill(PUTUSAN)
    putuskan.get_by_role("button", name="Putuskan").click()
    expect(page.get_by_role("status").filter(has_text="Keberatan diputuskan")).to_have_text(
        "Keberatan diputuskan. Predikat Kinerja Pegawai diubah dari Baik menjadi Sangat Baik. "
        "Keputusan ini final."
    )
    expect(page.get_by_role("heading", name="Keputusan: Diubah")).to_be_visible()
    _logout(page)

    # 6. The pegawai reads the new predikat; the history keeps the old one.
    _login(page, base, pegawai.nip)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Penilaian", exact=True
    ).click()
    hasil = page.get_by_role("row").filter(has_text=str(periode))
    expect(hasil.locator("strong")).to_have_text("Sangat Baik")
    expect(hasil.locator(".badge")).to_have_text("Diubah")
    hasil.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#predikat")).to_have_text("Sangat Baik")
    expect(page.get_by_text("Versi 2 (setelah keberatan)")).to_be_visible()
    expect(page.locator("#keberatan")).to_contain_text("Predikat Baik → Sangat Baik")
    riwayat = page.locator("tr.riwayat-baris")
    expect(riwayat.filter(has_text="Difinalkan")).to_contain_text(f"{SESUAI} / {SESUAI} → Baik")
    expect(riwayat.filter(has_text="Keberatan diputuskan")).to_contain_text(
        f"{DI_ATAS} / {DI_ATAS} → Sangat Baik"
    )
    expect(riwayat.filter(has_text="Keberatan diputuskan")).to_contain_text(f"Diubah: {PUTUSAN}")

    # What the journey stored.
    org_row = KinerjaOrganisasi.objects.get(unor=tim.unit, periode=periode)
    assert (org_row.predikat, org_row.ditetapkan_oleh_id) == ("Baik", kabid.pk)
    ev = Evaluasi.objects.get(pegawai=pegawai.pegawai, periode=periode)
    assert (ev.status, ev.predikat, ev.versi) == (StatusEvaluasi.DIUBAH, "Sangat Baik", 2)
    lain = Evaluasi.objects.filter(periode=periode).exclude(pk=ev.pk)
    assert sorted(lain.values_list("status", "predikat")) == [(StatusEvaluasi.FINAL, "Baik")] * 2
    k = Keberatan.objects.get(evaluasi=ev)
    assert (k.status, k.predikat_lama, k.predikat_baru) == (
        StatusKeberatan.DIUBAH,
        "Baik",
        "Sangat Baik",
    )
    assert (k.alasan, k.alasan_keputusan, k.diputuskan_oleh_id) == (ALASAN, PUTUSAN, kabid.pk)
    jawaban = dict(PenjelasanKeberatan.objects.filter(keberatan=k).values_list("pihak", "jawaban"))
    assert jawaban == {"penilai": JAWAB_PENILAI, "pegawai": JAWAB_PEGAWAI}
