"""The SKP page: htmx fragments and the same forms without JavaScript."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.perencanaan import services
from kinerja.perencanaan.models import IndikatorKinerja, Intervensi, RencanaHasilKerja, Skp
from tests.conftest import login
from tests.perencanaan.test_services import (
    TAHUN,
    add_rhk,
    approved_skp,
    kasi_rhk,
    users_of,
    writes,
)

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def people(org):
    return users_of(org)


@pytest.fixture
def kasi_skp(people):
    kabid = approved_skp(people["kabid"], ("Tersedianya data bidang",))
    return approved_skp(
        people["kasi"], ("Terlaksananya pendataan", "Tersusunnya laporan seksi"), kasi_rhk(kabid)
    )


@pytest.fixture
def draft(people):
    return services.buat_skp(people["staf"], TAHUN)


def as_(user) -> Client:
    return login(Client(), user)


def detail(skp) -> str:
    return reverse("perencanaan:skp_detail", args=[skp.pk])


# --- skp_saya, buat, salin -------------------------------------------------------------------


def test_skp_saya_offers_to_create_this_years_skp(people):
    body = as_(people["staf"]).get(reverse("perencanaan:skp_saya")).content.decode()
    assert f"Buat SKP {TAHUN}" in body and "Anda belum memiliki SKP." in body
    assert "Salin dari SKP" not in body


def test_buat_creates_the_draft_and_opens_it(people):
    response = as_(people["staf"]).post(reverse("perencanaan:skp_buat"))
    skp = Skp.objects.get(pegawai=people["staf"].pegawai)
    assert response["Location"] == detail(skp)
    assert skp.tahun == timezone.localdate().year
    body = as_(people["staf"]).get(reverse("perencanaan:skp_saya")).content.decode()
    assert f"Buat SKP {TAHUN}" not in body and "Draft" in body


def test_the_year_is_the_instansis_local_year(people, org, settings):
    org.instansi.zona_waktu = "Asia/Jayapura"
    org.instansi.save()
    from kinerja.perencanaan.views_skp import _today

    user = people["staf"]
    user.instansi.refresh_from_db()
    now = dt.datetime.now(dt.UTC)
    expected = now.astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    assert _today(user) == expected


def test_salin_from_last_year(people):
    old = services.buat_skp(people["staf"], TAHUN - 1)
    add_rhk(people["staf"], old, "RHK lama")
    client = as_(people["staf"])
    body = client.get(reverse("perencanaan:skp_saya")).content.decode()
    assert f"Salin dari SKP {TAHUN - 1}" in body
    response = client.post(reverse("perencanaan:skp_salin"), {"sumber": old.pk})
    new = Skp.objects.get(pegawai=people["staf"].pegawai, tahun=TAHUN)
    assert response["Location"] == detail(new)
    assert new.rhk.get().rhk == "RHK lama"


def test_salin_of_someone_elses_skp_is_404(people, kasi_skp):
    response = as_(people["staf_bidang"]).post(
        reverse("perencanaan:skp_salin"), {"sumber": kasi_skp.pk}
    )
    assert response.status_code == 404


def test_skp_saya_for_an_account_without_pegawai(org):
    body = as_(org.admin).get(reverse("perencanaan:skp_saya")).content.decode()
    assert "tidak terhubung dengan data pegawai" in body


# --- The page --------------------------------------------------------------------------------


def test_page_shows_header_hasil_perilaku_lampiran(people, draft, kasi_skp):
    rhk = add_rhk(people["staf"], draft, "Tersedianya data", n_iki=1, atasan=kasi_rhk(kasi_skp))
    IndikatorKinerja.objects.filter(rhk=rhk).update(target_min=5, target_max=5)
    services.simpan_rhk(people["staf"], draft, rhk="Membantu kegiatan bidang", jenis="Tambahan")
    services.simpan_lampiran(people["staf"], draft, "Skema Pertanggungjawaban", "Laporan bulanan")
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    for text in [
        "Staf A",
        "Kasi A",  # pejabat penilai
        "Kabid A",  # atasan pejabat penilai
        "Kuantitatif",
        "Draft",
        "Utama",
        "Tambahan",
        "Tersedianya data",
        "Membantu kegiatan bidang",
        "Kuantitas",
        "5 Dokumen",  # a single target, not "5 – 5"
        "Terlaksananya pendataan",  # the leader's RHK
        "Langsung",
        "Berorientasi Pelayanan",
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Kolaboratif",
        "Dukungan Sumber Daya",
        "Skema Pertanggungjawaban",
        "Laporan bulanan",
        "Konsekuensi",
        "Tambah RHK",
        "Ajukan",
    ]:
        assert text in body, text
    assert "5 – 5" not in body


def test_target_range_is_shown_min_to_max(people, draft):
    add_rhk(people["staf"], draft)  # 10 - 12 Dokumen
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert "10 – 12 Dokumen" in body


def test_empty_picker_says_exactly_why(people, draft):
    services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert (
        f"Pejabat penilai Anda, Kasi A, belum memiliki RHK yang disetujui untuk tahun {TAHUN}. "
        "RHK Anda dapat dihubungkan setelah SKP Kasi A disetujui."
    ) in body
    assert 'name="rhk_atasan"' not in body


def test_picker_groups_the_leaders_rhk_by_owner(people, draft, kasi_skp):
    services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert '<optgroup label="Kasi A">' in body
    for rhk in kasi_skp.rhk.all():
        assert f'<option value="{rhk.pk}">{rhk.rhk}</option>' in body


def test_no_penilai_message(people, org):
    org.seksi.jabatan_pimpinan = None  # nobody leads the seksi, the bidang has no pimpinan
    skp = services.buat_skp(people["staf"], TAHUN)
    Skp.objects.filter(pk=skp.pk).update(penilai=None, snapshot={**skp.snapshot, "penilai": {}})
    skp.refresh_from_db()
    services.simpan_rhk(people["staf"], skp, rhk="RHK staf")
    from kinerja.perencanaan.views_skp import _why_no_choices

    assert "Pejabat penilai Anda belum tercatat" in _why_no_choices(skp)


def test_masalah_checklist_near_the_ajukan_button(people, draft):
    services.simpan_rhk(people["staf"], draft, rhk="Laporan bulanan")
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert "RHK 1 (Laporan bulanan) belum memiliki indikator kinerja." in body
    assert 'disabled aria-describedby="masalah-pengajuan">Ajukan</button>' in body


def test_returned_skp_shows_the_note_prominently(people, draft, kasi_skp):
    add_rhk(people["staf"], draft, atasan=kasi_rhk(kasi_skp))
    services.ajukan_skp(people["staf"], draft)
    services.kembalikan_skp(people["kasi"], draft, "Tambahkan indikator waktu")
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert 'class="catatan-kembali" role="alert"' in body
    assert "Tambahkan indikator waktu" in body and "Dikembalikan" in body


def test_jpt_fields_only_on_a_jpt_skp(people, draft):
    jpt = services.buat_skp(people["kepala"], TAHUN)
    assert "Perspektif" in as_(people["kepala"]).get(detail(jpt)).content.decode()
    body = as_(people["staf"]).get(detail(draft)).content.decode()
    assert "Perspektif" not in body and "Penugasan dari" not in body


# --- Rows with htmx and without JS -----------------------------------------------------------


def test_rhk_tambah_with_htmx_returns_the_section(people, draft):
    url = reverse("perencanaan:rhk_tambah", args=[draft.pk])
    response = as_(people["staf"]).post(url, {"rhk": "Tersusunnya rekap", "jenis": "Utama"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="hasil"')
    assert "Tersusunnya rekap" in body and "RHK ditambahkan." in body
    assert 'id="ajukan" class="card skp-ajukan" hx-swap-oob="true"' in body
    assert "<html" not in body
    assert draft.rhk.get().rhk == "Tersusunnya rekap"


def test_rhk_tambah_without_js_redirects_back(people, draft):
    client = as_(people["staf"])
    url = reverse("perencanaan:rhk_tambah", args=[draft.pk])
    response = client.post(url, {"rhk": "Tersusunnya rekap", "jenis": "Tambahan"})
    assert response.status_code == 302 and response["Location"] == detail(draft) + "#hasil"
    assert draft.rhk.get().jenis == "Tambahan"
    assert "RHK ditambahkan." in client.get(detail(draft)).content.decode()


def test_empty_rhk_shows_the_message_and_writes_nothing(people, draft):
    url = reverse("perencanaan:rhk_tambah", args=[draft.pk])
    before = writes()
    body = as_(people["staf"]).post(url, {"rhk": " ", "jenis": "Utama"}, **HX).content.decode()
    assert "Rencana hasil kerja wajib diisi." in body
    assert writes() == before


def test_iki_flow_and_bad_range(people, draft):
    client = as_(people["staf"])
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK")
    url = reverse("perencanaan:iki_tambah", args=[rhk.pk])
    data = {
        "indikator": "Jumlah laporan",
        "aspek": "Kuantitas",
        "target_min": "12",
        "target_max": "10",
        "satuan": "Laporan",
    }
    body = client.post(url, data, **HX).content.decode()
    assert "Target minimum (12.00) tidak boleh lebih besar dari maksimum (10.00)." in body
    assert not rhk.iki.exists()
    body = client.post(url, {**data, "target_min": "9,5"}, **HX).content.decode()
    assert "9,50 – 10 Laporan" in body
    iki = rhk.iki.get()
    ubah = reverse("perencanaan:iki_ubah", args=[iki.pk])
    client.post(ubah, {**data, "target_min": "10", "aspek": "Waktu"})
    iki.refresh_from_db()
    assert (iki.aspek, iki.target_min) == ("Waktu", 10)
    body = client.post(url, {**data, "target_min": "abc"}, **HX).content.decode()
    assert "Target minimum: &#x27;abc&#x27; bukan angka." in body
    client.post(reverse("perencanaan:iki_hapus", args=[iki.pk]), **HX)
    assert not rhk.iki.exists()


def test_rhk_ubah_and_hapus(people, draft):
    client = as_(people["staf"])
    rhk = services.simpan_rhk(people["staf"], draft, rhk="Lama")
    client.post(reverse("perencanaan:rhk_ubah", args=[rhk.pk]), {"rhk": "Baru", "jenis": "Utama"})
    rhk.refresh_from_db()
    assert rhk.rhk == "Baru"
    body = client.post(reverse("perencanaan:rhk_hapus", args=[rhk.pk]), **HX).content.decode()
    assert "RHK dihapus." in body and not RencanaHasilKerja.objects.filter(pk=rhk.pk).exists()


def test_intervensi_tambah_and_hapus(people, draft, kasi_skp):
    client = as_(people["staf"])
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    leader = kasi_rhk(kasi_skp)
    url = reverse("perencanaan:intervensi_tambah", args=[rhk.pk])
    body = client.post(
        url, {"rhk_atasan": leader.pk, "jenis_cascading": "tidak langsung"}, **HX
    ).content.decode()
    assert "RHK pimpinan dihubungkan." in body and "Tidak langsung" in body
    link = rhk.intervensi.get()
    client.post(reverse("perencanaan:intervensi_hapus", args=[link.pk]))
    assert not Intervensi.objects.filter(pk=link.pk).exists()


def test_intervening_a_foreign_rhk_through_the_view(people, draft, other_org):
    foreign = approved_skp(users_of(other_org)["kasi"])
    rhk = services.simpan_rhk(people["staf"], draft, rhk="RHK staf")
    url = reverse("perencanaan:intervensi_tambah", args=[rhk.pk])
    data = {"rhk_atasan": kasi_rhk(foreign).pk, "jenis_cascading": "langsung"}
    body = as_(people["staf"]).post(url, data, **HX).content.decode()
    assert "bukan RHK yang sudah disetujui" in body
    assert not rhk.intervensi.exists()


def test_lampiran_with_htmx(people, draft):
    client = as_(people["staf"])
    url = reverse("perencanaan:lampiran_tambah", args=[draft.pk])
    body = client.post(url, {"jenis": "Konsekuensi", "teks": "Teguran"}, **HX).content.decode()
    assert body.lstrip().startswith('<section id="lampiran"') and "Teguran" in body
    row = draft.lampiran.get()
    client.post(reverse("perencanaan:lampiran_hapus", args=[row.pk]), **HX)
    assert not draft.lampiran.exists()


def test_penilai_viewing_a_draft_gets_a_refusal_not_a_write(people, draft):
    url = reverse("perencanaan:rhk_tambah", args=[draft.pk])
    before = writes()
    body = as_(people["kasi"]).post(url, {"rhk": "Sisipan", "jenis": "Utama"}, **HX)
    assert "Hanya pemilik SKP yang dapat mengubahnya." in body.content.decode()
    assert writes() == before
    page = as_(people["kasi"]).get(detail(draft)).content.decode()
    assert "Tambah RHK" not in page and "Ajukan</button>" not in page


# --- Workflow through the page ---------------------------------------------------------------


def test_submit_return_resubmit_approve(people, draft, kasi_skp):
    staf, kasi = as_(people["staf"]), as_(people["kasi"])
    add_rhk(people["staf"], draft, atasan=kasi_rhk(kasi_skp))
    response = staf.post(reverse("perencanaan:skp_ajukan", args=[draft.pk]))
    assert response["Location"] == detail(draft)
    page = kasi.get(detail(draft)).content.decode()
    assert "Setujui" in page and "Catatan pengembalian" in page and "Simpan ekspektasi" in page
    perilaku = draft.perilaku.order_by("nilai__urutan").first()
    body = kasi.post(
        reverse("perencanaan:perilaku_ekspektasi", args=[perilaku.pk]),
        {"ekspektasi_khusus": "Responsif terhadap pemohon"},
        **HX,
    ).content.decode()
    assert body.lstrip().startswith('<section id="perilaku"')
    assert "Responsif terhadap pemohon" in body
    kasi.post(reverse("perencanaan:skp_kembalikan", args=[draft.pk]), {"catatan": ""})
    draft.refresh_from_db()
    assert draft.status == "Diajukan"
    assert "Catatan pengembalian wajib diisi" in kasi.get(detail(draft)).content.decode()
    kasi.post(reverse("perencanaan:skp_kembalikan", args=[draft.pk]), {"catatan": "Perbaiki"})
    draft.refresh_from_db()
    assert draft.status == "Dikembalikan"
    staf.post(reverse("perencanaan:skp_ajukan", args=[draft.pk]))
    staf.post(reverse("perencanaan:skp_setujui", args=[draft.pk]))  # own: refused
    draft.refresh_from_db()
    assert draft.status == "Diajukan"
    kasi.post(reverse("perencanaan:skp_setujui", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "Disetujui"
    page = staf.get(detail(draft)).content.decode()
    assert "Buat revisi" in page and "Tambah RHK" not in page


def test_revision_through_the_page_keeps_the_old_one_readable(people, kasi_skp):
    client = as_(people["kasi"])
    response = client.post(reverse("perencanaan:skp_revisi", args=[kasi_skp.pk]))
    revision = Skp.objects.get(pegawai=people["kasi"].pegawai, revisi=2)
    assert response["Location"] == detail(revision)
    page = client.get(detail(revision)).content.decode()
    assert "Riwayat revisi" in page and detail(kasi_skp) in page
    old = client.get(detail(kasi_skp)).content.decode()
    assert "hanya untuk dibaca" in old and "Tambah RHK" not in old


# --- The printout ----------------------------------------------------------------------------


def test_cetak_is_the_official_layout(people, draft, kasi_skp):
    add_rhk(people["staf"], draft, "Tersedianya data", n_iki=2, atasan=kasi_rhk(kasi_skp))
    services.ajukan_skp(people["staf"], draft)
    services.setujui_skp(people["kasi"], draft)
    body = as_(people["staf"]).get(reverse("perencanaan:skp_cetak", args=[draft.pk]))
    text = body.content.decode()
    for expected in [
        "SASARAN KINERJA PEGAWAI",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "PANGKAT/GOL. RUANG",
        "UNIT KERJA",
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        "Terlaksananya pendataan",
        "Tersedianya data",
        'rowspan="2"',
        "PERILAKU KERJA",
        "EKSPEKTASI KHUSUS PIMPINAN",
        "Dukungan Sumber Daya".upper(),
        "Pegawai yang Dinilai",
        "Pejabat Penilai Kinerja",
        f"NIP {people['kasi'].pegawai.nip}",
        "A, ",  # the place: Pemerintah Kota A
        str(TAHUN),
    ]:
        assert expected in text, expected
    assert 'class="topbar"' not in text  # no navigation on paper
