"""The realisasi page: entry points, the period selector, what each role sees and may do, htmx
fragments and plain POSTs, bukti upload and download, the lock, and umpan balik threads."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.core.models import Notifikasi
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan.models import (
    BuktiDukung,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
    UmpanBalik,
)
from kinerja.perencanaan.models import Skp
from tests.conftest import login
from tests.pelaksanaan.test_berkas import pdf_bytes, png_bytes
from tests.pelaksanaan.test_realisasi_services import (
    TAHUN,
    berkas,
    build_dunia,
    files_in,
    periode_nomor,
)

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def d(org):
    return build_dunia(org)


def client_of(d, who: str) -> Client:
    user = d.org.admin if who == "admin" else d.users[who]
    return login(Client(), user)


def page_url(d, periode=None) -> str:
    url = reverse("pelaksanaan:realisasi_skp", args=[d.skp.pk])
    return f"{url}?periode={periode.pk}" if periode else url


def text(response) -> str:
    return response.content.decode()


def kunci(periode: PeriodePenilaian) -> None:
    """Close a period for pengisian: its deadline was yesterday."""
    PeriodePenilaian.objects.filter(pk=periode.pk).update(
        batas_pengisian=timezone.localdate() - dt.timedelta(days=1)
    )


# --- Entry points ----------------------------------------------------------------------------


def test_realisasi_saya_opens_the_skp_in_force(d):
    response = client_of(d, "staf").get(reverse("pelaksanaan:realisasi_saya"))
    assert response.status_code == 302
    assert response["Location"] == page_url(d)


def test_realisasi_saya_without_an_approved_skp_says_what_to_do(d):
    response = client_of(d, "staf_bidang").get(reverse("pelaksanaan:realisasi_saya"))
    body = text(response)
    assert response.status_code == 200
    assert f"belum memiliki SKP tahun {TAHUN} yang sudah disetujui" in body
    assert reverse("perencanaan:skp_saya") in body


def test_realisasi_saya_is_for_pegawai_only(d):
    assert client_of(d, "admin").get(reverse("pelaksanaan:realisasi_saya")).status_code == 404


def test_the_penilai_reaches_it_from_the_list_of_bawahan(d):
    body = text(client_of(d, "kasi").get(reverse("perencanaan:bawahan")))
    assert f'href="{page_url(d)}"' in body and ">Realisasi</a>" in body


# --- The page --------------------------------------------------------------------------------


def test_the_owner_sees_every_rhk_iki_and_form_of_the_current_period(d):
    body = text(client_of(d, "staf").get(page_url(d)))
    assert f"<h1>Realisasi {d.periode}</h1>" in body
    assert 'aria-current="page">' + str(d.periode) in body
    assert d.rhk.rhk in body and d.iki.indikator in body
    assert "10 – 12 Dokumen" in body  # the IKI's target
    assert "Tambah rencana aksi" in body and "Simpan realisasi" in body
    assert "terbuka" in body and "pukul 23.59.59 WIB" in body
    assert "Beri umpan balik" not in body  # the pegawai replies, the penilai starts
    assert body.count('class="realisasi-perilaku"') == 7  # the seven BerAKHLAK values


def test_every_period_of_the_year_is_offered_and_selectable(d):
    tw1 = periode_nomor(d.skp, 1)
    body = text(client_of(d, "staf").get(page_url(d, tw1)))
    assert f"<h1>Realisasi {tw1}</h1>" in body
    for name in ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", "Tahunan"]:
        assert f">{name} {TAHUN}</a>" in body
    fallback = text(client_of(d, "staf").get(page_url(d) + "?periode=abc"))
    assert f"<h1>Realisasi {d.periode}</h1>" in fallback


def test_realisasi_of_one_period_does_not_show_in_another(d):
    staf, tw1 = d.users["staf"], periode_nomor(d.skp, 1)
    now = timezone.make_aware(dt.datetime(TAHUN, 4, 1, 12))
    services.isi_realisasi(staf, d.iki, tw1, Decimal("77"), "Realisasi lama", now=now)
    assert "Realisasi lama" in text(client_of(d, "staf").get(page_url(d, tw1)))
    if d.periode.pk != tw1.pk:
        assert "Realisasi lama" not in text(client_of(d, "staf").get(page_url(d)))


@pytest.mark.parametrize("who", ["kasi", "kabid", "admin"])
def test_others_who_may_see_it_read_only(d, who):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(5), "Lima")
    services.tambah_bukti(staf, real, berkas())
    body = text(client_of(d, who).get(page_url(d)))
    assert "Lima" in body and "laporan.pdf" in body
    for form in ["Simpan realisasi", "Tambah rencana aksi", "Tambah bukti", ">Hapus<"]:
        assert form not in body, (who, form)
    assert ("Beri umpan balik" in body) == (who == "kasi")


def test_a_locked_period_shows_the_deadline_and_no_forms(d):
    kunci(d.periode)
    body = text(client_of(d, "staf").get(page_url(d)))
    assert "terkunci" in body
    assert f"Periode {d.periode} sudah dikunci untuk pengisian" in body
    assert "Admin Instansi" in body
    assert "Simpan realisasi" not in body and "Tambah rencana aksi" not in body


def test_a_replaced_revision_is_read_only(d):
    Skp.objects.filter(pk=d.skp.pk).update(berlaku=False, terkini=False)
    body = text(client_of(d, "staf").get(page_url(d)))
    assert "revisi lama yang sudah digantikan" in body and "Simpan realisasi" not in body


# --- Writes: plain POST and htmx -------------------------------------------------------------


def test_plain_post_saves_and_returns_to_the_rhk_of_the_period(d):
    url = reverse("pelaksanaan:realisasi_isi", args=[d.iki.pk])
    response = client_of(d, "staf").post(url, {"periode": d.periode.pk, "nilai": "12,5"})
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(d, d.periode)}#rhk-{d.rhk.pk}"
    assert Realisasi.objects.get().nilai == Decimal("12.50")


def test_htmx_answers_with_the_updated_rhk_block_and_its_message(d):
    url = reverse("pelaksanaan:realisasi_isi", args=[d.iki.pk])
    response = client_of(d, "staf").post(url, {"periode": d.periode.pk, "nilai": "9"}, **HX)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<article class="rhk realisasi-rhk" id="rhk-{d.rhk.pk}">')
    assert "Realisasi disimpan." in body and "<strong>9 Dokumen</strong>" in body
    assert "<html" not in body


def test_refusals_are_shown_and_nothing_is_written(d):
    client = client_of(d, "staf")
    url = reverse("pelaksanaan:realisasi_isi", args=[d.iki.pk])
    body = text(client.post(url, {"periode": d.periode.pk, "nilai": "-3"}, **HX))
    assert "Nilai realisasi tidak boleh negatif." in body
    body = text(client.post(url, {"periode": d.periode.pk, "nilai": "abc"}, **HX))
    assert "bukan angka" in body
    assert Realisasi.objects.count() == 0


def test_rencana_aksi_add_change_delete_through_the_page(d):
    client = client_of(d, "staf")
    add = reverse("pelaksanaan:rencana_aksi_tambah", args=[d.rhk.pk])
    data = {"periode": d.periode.pk, "uraian": "Rapat koordinasi", "target": "2", "satuan": "Kali"}
    body = text(client.post(add, data, **HX))
    assert "Rencana aksi ditambahkan." in body and "Rapat koordinasi" in body
    ra = RencanaAksi.objects.get()
    assert ra.periode_id == d.periode.pk
    change = reverse("pelaksanaan:rencana_aksi_ubah", args=[ra.pk])
    body = text(client.post(change, {**data, "uraian": "Rapat evaluasi", "target": "3"}, **HX))
    assert "Rapat evaluasi" in body and "3 Kali" in body
    body = text(client.post(reverse("pelaksanaan:rencana_aksi_hapus", args=[ra.pk]), **HX))
    assert "Rencana aksi dihapus." in body and RencanaAksi.objects.count() == 0
    body = text(client.post(add, {**data, "satuan": ""}, **HX))
    assert "Satuan target rencana aksi wajib diisi" in body and RencanaAksi.objects.count() == 0


def test_a_write_into_a_locked_period_says_so_and_stores_nothing(d, tmp_path):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    kunci(d.periode)
    client = client_of(d, "staf")
    url = reverse("pelaksanaan:bukti_tambah", args=[real.pk])
    body = text(client.post(url, {"berkas": berkas()}, **HX))
    assert "sudah dikunci untuk pengisian" in body
    assert BuktiDukung.objects.count() == 0 and files_in(tmp_path) == []


# --- Bukti: upload, link, download, delete ---------------------------------------------------


def test_bukti_upload_download_and_delete(d, tmp_path):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    client = client_of(d, "staf")
    url = reverse("pelaksanaan:bukti_tambah", args=[real.pk])
    body = text(client.post(url, {"berkas": berkas("laporan tw.pdf")}, **HX))
    assert "Bukti dukung ditambahkan." in body
    bukti = BuktiDukung.objects.get()
    unduh = reverse("pelaksanaan:bukti_unduh", args=[bukti.pk])
    assert f'href="{unduh}"' in body and "laporan tw.pdf" in body
    response = client.get(unduh)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = text(client.post(reverse("pelaksanaan:bukti_hapus", args=[bukti.pk]), **HX))
    assert "Bukti dukung dihapus." in body and BuktiDukung.objects.count() == 0


def test_a_link_bukti_is_listed_safely_and_has_no_download(d):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    client = client_of(d, "staf")
    url = reverse("pelaksanaan:bukti_tambah", args=[real.pk])
    link = 'https://example.com/a?b=1&c="><script>x</script>'
    body = text(client.post(url, {"tautan": "javascript:alert(1)"}, **HX))
    assert "diawali http:// atau https://" in body and BuktiDukung.objects.count() == 0
    body = text(client.post(url, {"tautan": link}, **HX))
    assert "<script>x</script>" not in body
    assert 'rel="noopener noreferrer nofollow"' in body
    bukti = BuktiDukung.objects.get()
    assert client.get(reverse("pelaksanaan:bukti_unduh", args=[bukti.pk])).status_code == 404


def test_a_file_that_lies_about_its_type_is_refused_through_the_page(d, tmp_path):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    url = reverse("pelaksanaan:bukti_tambah", args=[real.pk])
    body = text(
        client_of(d, "staf").post(url, {"berkas": berkas("laporan.pdf", png_bytes())}, **HX)
    )
    assert "Isi berkas laporan.pdf bukan PDF seperti namanya (isinya gambar PNG)" in body
    assert BuktiDukung.objects.count() == 0 and files_in(tmp_path) == []


def test_a_hostile_file_name_is_shown_escaped(d):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    services.tambah_bukti(staf, real, berkas("<img src=x onerror=alert(1)>.pdf"))
    body = text(client_of(d, "kasi").get(page_url(d)))
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;.pdf" in body


# --- Umpan balik through the page ------------------------------------------------------------


def test_the_penilai_comments_and_the_pegawai_replies_in_place(d):
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    kasi = client_of(d, "kasi")
    url = reverse("pelaksanaan:umpan_balik_kirim", args=[d.skp.pk])
    body = text(
        kasi.post(url, {"periode": d.periode.pk, "realisasi": real.pk, "isi": "Kurang"}, **HX)
    )
    assert "Umpan balik dikirim; pegawai diberi tahu." in body and "Kurang" in body
    assert body.lstrip().startswith(f'<article class="rhk realisasi-rhk" id="rhk-{d.rhk.pk}">')
    root = UmpanBalik.objects.get()
    assert root.realisasi_id == real.pk and root.penulis_id == d.org.kasi.pk
    balas = reverse("pelaksanaan:umpan_balik_balas", args=[root.pk])
    body = text(client_of(d, "staf").post(balas, {"periode": d.periode.pk, "isi": "Siap"}, **HX))
    assert "Balasan dikirim." in body and "Siap" in body
    assert Notifikasi.objects.filter(penerima=d.users["kasi"]).count() == 1


def test_comments_on_perilaku_swap_the_perilaku_table(d):
    perilaku = d.skp.perilaku.order_by("nilai__urutan").first()
    url = reverse("pelaksanaan:umpan_balik_kirim", args=[d.skp.pk])
    body = text(client_of(d, "kasi").post(url, {"perilaku": perilaku.pk, "isi": "Ramah"}, **HX))
    assert body.lstrip().startswith('<section id="perilaku"') and "Ramah" in body
    plain = client_of(d, "kasi").post(url, {"perilaku": perilaku.pk, "isi": "Lagi"})
    assert plain["Location"].endswith("#perilaku")


def test_a_comment_needs_a_target_of_this_skp(d):
    url = reverse("pelaksanaan:umpan_balik_kirim", args=[d.skp.pk])
    kasi = client_of(d, "kasi")
    body = text(kasi.post(url, {"isi": "Tanpa sasaran"}, follow=True))
    assert "Pilih RHK, realisasi, atau perilaku dari SKP ini" in body
    own = d.kasi_skp.rhk.first()  # the kasi may see their own SKP, but it is not this one
    body = text(kasi.post(url, {"rhk": own.pk, "isi": "Salah SKP"}, follow=True))
    assert "Pilih RHK, realisasi, atau perilaku dari SKP ini" in body
    assert UmpanBalik.objects.count() == 0


def test_post_endpoints_need_the_csrf_token(d):
    client = Client(enforce_csrf_checks=True)
    login(client, d.users["staf"])
    body = text(client.get(page_url(d)))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token
    url = reverse("pelaksanaan:realisasi_isi", args=[d.iki.pk])
    data = {"periode": d.periode.pk, "nilai": "4"}
    assert client.post(url, data).status_code == 403 and Realisasi.objects.count() == 0
    assert client.post(url, {**data, "csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert Realisasi.objects.count() == 1
