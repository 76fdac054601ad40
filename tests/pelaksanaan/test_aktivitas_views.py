"""The daily-log pages: the week calendar with its htmx forms (and without JavaScript), copy,
import, bukti download, the penilai's review list, the monthly recaps and the XLSX export.
Query counts are pinned and do not grow with the rows."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.core.models import Notifikasi
from kinerja.pelaksanaan import periode
from kinerja.pelaksanaan import services_aktivitas as svc
from kinerja.pelaksanaan.models import AktivitasHarian
from tests.conftest import Org, login
from tests.pelaksanaan.test_aktivitas_impor import xlsx
from tests.pelaksanaan.test_aktivitas_services import entri, media_files, t
from tests.pelaksanaan.test_berkas import pdf_bytes, png_bytes
from tests.perencanaan.test_services import users_of

# Pinned: session + user (2), the week's entries (1).
KALENDER = 3
# Session + user (2), me (1), bawahan_of (3 for a leader: units led, the subtree, its
# leaders), counts per status (1), the page's capped count (1) and rows (1).
PERIKSA = 9
# Session + user (2), the capped count (1), the page of pegawai (1), their minutes (1).
REKAP_INSTANSI = 5

KALENDER_URL = reverse("pelaksanaan:aktivitas_kalender")
HTMX = {"HTTP_HX_REQUEST": "true"}


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def people(org: Org) -> dict[str, Any]:
    users = users_of(org)
    for tahun in {today().year, (today() - dt.timedelta(days=7)).year}:
        periode.pastikan_periode(org.instansi.pk, tahun)
    return users


def client_of(user: Any) -> Client:
    return login(Client(), user)


def body(response: Any) -> str:
    return response.content.decode()


def form_data(**kw: Any) -> dict[str, Any]:
    data = {
        "tanggal": today().isoformat(),
        "jam_mulai": "08:00",
        "jam_selesai": "09:30",
        "uraian": "Menyusun laporan",
        "kuantitas": "",
        "satuan": "",
        "tautan": "",
    }
    return {**data, **kw}


def times(n: int) -> list[tuple[str, str]]:
    """n non-overlapping 15-minute slots of one day."""
    return [
        (
            f"{(i * 20) // 60:02d}:{(i * 20) % 60:02d}",
            f"{(i * 20 + 15) // 60:02d}:{(i * 20 + 15) % 60:02d}",
        )
        for i in range(n)
    ]


# --- The week calendar -----------------------------------------------------------------------


def test_the_calendar_shows_the_week_with_entries_totals_and_today(org, people):
    row = svc.catat_aktivitas(
        people["staf"],
        today(),
        t("08:00"),
        t("09:30"),
        "Menyusun laporan",
        berkas=SimpleUploadedFile("laporan.pdf", pdf_bytes()),
    )
    entri(org.staf, today(), "10:00", "10:45", "Diterima")
    entri(org.staf_bidang, today(), "08:00", "12:00")  # a colleague's: not shown
    page = body(client_of(people["staf"]).get(KALENDER_URL))
    for nama in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"):
        assert f"<h3>{nama} " in page
    assert page.count('aria-current="date"') == 1
    assert f'id="hari-{today().isoformat()}"' in page
    assert "08.00&ndash;09.30" in page and "90 mnt" in page
    assert 'class="badge aktivitas-menunggu"' in page and 'class="badge aktivitas-diterima"' in page
    assert reverse("pelaksanaan:aktivitas_bukti", args=[row.pk]) in page
    assert 'data-total-hari="135"' in page and 'data-total-minggu="135"' in page
    assert "Aktivitas 08:00" not in page
    # The accepted entry has no edit/delete buttons; the waiting one has both.
    assert page.count(">Ubah</a>") == 1 and page.count(">Hapus</button>") == 1


def test_any_day_selects_its_week_with_prev_and_next(people):
    client = client_of(people["staf"])
    day = today() - dt.timedelta(days=30)
    monday = day - dt.timedelta(days=day.weekday())
    page = body(client.get(KALENDER_URL, {"minggu": day.isoformat()}))
    assert f'id="hari-{monday.isoformat()}"' in page
    assert f"?minggu={(monday - dt.timedelta(days=7)).isoformat()}" in page
    assert f"?minggu={(monday + dt.timedelta(days=7)).isoformat()}" in page
    assert 'aria-current="date"' not in page and "Minggu ini" in page
    bad = body(client.get(KALENDER_URL, {"minggu": "kemarin"}))
    assert f'id="hari-{today().isoformat()}"' in bad


def test_future_days_have_no_add_button(people):
    monday = today() - dt.timedelta(days=today().weekday())
    page = body(client_of(people["staf"]).get(KALENDER_URL, {"minggu": monday.isoformat()}))
    add = reverse("pelaksanaan:aktivitas_tambah")
    assert page.count(f'href="{add}?tanggal=') == today().weekday() + 1


@pytest.mark.parametrize("n", [1, 30])
def test_calendar_queries_do_not_grow_with_entries(org, people, n, django_assert_num_queries):
    for mulai, selesai in times(n):
        entri(org.staf, today(), mulai, selesai)
    client = client_of(people["staf"])
    client.get(KALENDER_URL)
    with django_assert_num_queries(KALENDER):
        response = client.get(KALENDER_URL)
    assert body(response).count('class="aktivitas"') == n


# --- Add, edit, delete -----------------------------------------------------------------------


def test_the_add_form_is_a_page_without_js_and_a_fragment_with_htmx(people):
    client = client_of(people["staf"])
    url = reverse("pelaksanaan:aktivitas_tambah") + f"?tanggal={today().isoformat()}"
    page = body(client.get(url))
    assert "<html" in page and f'value="{today().isoformat()}"' in page
    # Opened on its own (new tab, bookmark) the form must post normally: its htmx target
    # (#aktivitas-form) only exists on the calendar, so htmx is switched off around it.
    assert "<div hx-disable>" in page and 'id="aktivitas-form"' not in page
    fragment = body(client.get(url, **HTMX))
    assert "<html" not in fragment and 'hx-target="#aktivitas-form"' in fragment


def test_add_without_js_redirects_to_the_week(org, people):
    response = client_of(people["staf"]).post(reverse("pelaksanaan:aktivitas_tambah"), form_data())
    assert response.status_code == 302
    assert response["Location"].startswith(f"{KALENDER_URL}?minggu=")
    row = AktivitasHarian.objects.get()
    assert (row.pegawai_id, row.menit) == (org.staf.pk, 90)


def test_add_with_htmx_swaps_the_week(people):
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_tambah"), form_data(), **HTMX
    )
    assert response["HX-Retarget"] == "#kalender" and response["HX-Reswap"] == "outerHTML"
    page = body(response)
    assert page.startswith('<section id="kalender"') and "dicatat" in page
    assert "08.00&ndash;09.30" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_add_shows_why_and_stores_nothing(people, htmx):
    extra = HTMX if htmx else {}
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_tambah"),
        form_data(jam_mulai="10:00", jam_selesai="09:00", uraian="Terbalik"),
        **extra,
    )
    page = body(response)
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert "Jam selesai harus setelah jam mulai" in page
    assert "Terbalik" in page  # what was typed stays in the form
    assert ("<html" in page) != htmx
    assert not AktivitasHarian.objects.exists()


def test_a_form_error_is_told_in_bahasa_indonesia(people):
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_tambah"), form_data(jam_mulai="nanti")
    )
    assert "Jam mulai:" in body(response) and not AktivitasHarian.objects.exists()


def test_add_with_a_file_and_download_it(org, people, settings):
    upload = SimpleUploadedFile("bukti rapat.pdf", pdf_bytes(), content_type="application/pdf")
    client = client_of(people["staf"])
    client.post(reverse("pelaksanaan:aktivitas_tambah"), form_data(berkas=upload))
    row = AktivitasHarian.objects.get()
    assert row.nama_berkas == "bukti rapat.pdf"
    url = reverse("pelaksanaan:aktivitas_bukti", args=[row.pk])
    for user in (people["staf"], people["kasi"], org.admin):
        response = client_of(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Security-Policy"] == "sandbox"
    for user in (people["kabid"], people["staf_bidang"]):
        assert client_of(user).get(url).status_code == 404


def test_a_disguised_file_is_refused_through_the_form(people, settings):
    fake = SimpleUploadedFile("laporan.pdf", png_bytes(), content_type="application/pdf")
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_tambah"), form_data(berkas=fake)
    )
    assert "bukan PDF seperti namanya" in body(response)
    assert not AktivitasHarian.objects.exists() and media_files(settings) == []


def test_a_link_only_entry_has_no_download(people):
    svc.catat_aktivitas(
        people["staf"], today(), t("08:00"), t("09:00"), "X", tautan="https://example.go.id/b"
    )
    row = AktivitasHarian.objects.get()
    assert (
        client_of(people["staf"])
        .get(reverse("pelaksanaan:aktivitas_bukti", args=[row.pk]))
        .status_code
        == 404
    )
    assert 'href="https://example.go.id/b"' in body(client_of(people["staf"]).get(KALENDER_URL))


def test_edit_form_is_prefilled_and_saves(org, people):
    row = entri(org.staf, today(), "08:00", "09:00")
    url = reverse("pelaksanaan:aktivitas_ubah", args=[row.pk])
    client = client_of(people["staf"])
    page = body(client.get(url))
    assert 'value="08:00"' in page and "Aktivitas 08:00" in page
    client.post(url, form_data(jam_mulai="07:00", jam_selesai="09:00", uraian="Diubah"))
    row.refresh_from_db()
    assert (row.menit, row.uraian) == (120, "Diubah")


def test_an_accepted_entry_shows_no_form(org, people):
    row = entri(org.staf, today(), "08:00", "09:00", "Diterima")
    page = body(client_of(people["staf"]).get(reverse("pelaksanaan:aktivitas_ubah", args=[row.pk])))
    assert "sudah diterima penilai" in page and "<textarea" not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_delete(org, people, htmx):
    row = entri(org.staf, today(), "08:00", "09:00")
    extra = HTMX if htmx else {}
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_hapus", args=[row.pk]), **extra
    )
    assert not AktivitasHarian.objects.exists()
    if htmx:
        assert response["HX-Retarget"] == "#kalender" and "dihapus" in body(response)
    else:
        assert response.status_code == 302


def test_copy_a_day_through_the_form(org, people):
    kemarin = today() - dt.timedelta(days=1)
    entri(org.staf, kemarin, "08:00", "09:00")
    entri(org.staf, kemarin, "09:00", "11:00")
    response = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_salin"),
        {"dari_tanggal": kemarin.isoformat(), "ke_tanggal": today().isoformat()},
        follow=True,
    )
    assert "2 aktivitas disalin" in body(response)
    assert AktivitasHarian.objects.filter(tanggal=today()).count() == 2
    again = client_of(people["staf"]).post(
        reverse("pelaksanaan:aktivitas_salin"),
        {"dari_tanggal": kemarin.isoformat(), "ke_tanggal": today().isoformat()},
        follow=True,
    )
    assert "Tidak ada yang disalin" in body(again)
    assert AktivitasHarian.objects.filter(tanggal=today()).count() == 2


# --- Import ----------------------------------------------------------------------------------


def test_import_page_good_file(people):
    client = client_of(people["staf"])
    assert "templat XLSX" in body(client.get(reverse("pelaksanaan:aktivitas_impor")))
    data = xlsx([[today().isoformat(), "08:00", "09:00", "Rapat", None, None]])
    upload = SimpleUploadedFile("aktivitas.xlsx", data)
    response = client.post(reverse("pelaksanaan:aktivitas_impor"), {"berkas": upload}, follow=True)
    assert "1 aktivitas diimpor" in body(response)
    assert AktivitasHarian.objects.count() == 1


def test_import_page_lists_row_errors_and_stores_nothing(people):
    data = xlsx(
        [
            [today().isoformat(), "08:00", "09:00", "Rapat", None, None],
            [today().isoformat(), "10:00", "09:00", "Terbalik", None, None],
            [today().isoformat(), "11:00", "12:00", "", None, None],
        ]
    )
    upload = SimpleUploadedFile("aktivitas.xlsx", data)
    page = body(
        client_of(people["staf"]).post(reverse("pelaksanaan:aktivitas_impor"), {"berkas": upload})
    )
    assert "berisi 2 kesalahan" in page
    assert "<li>Baris 3: Jam selesai harus setelah jam mulai" in page
    assert "<li>Baris 4: Uraian aktivitas wajib diisi.</li>" in page
    assert not AktivitasHarian.objects.exists()


def test_import_without_a_file(people):
    page = body(client_of(people["staf"]).post(reverse("pelaksanaan:aktivitas_impor"), {}))
    assert "Berkas XLSX:" in page


def test_template_download(people):
    response = client_of(people["staf"]).get(reverse("pelaksanaan:aktivitas_templat"))
    assert response["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["C1"].value == "jam selesai"


# --- The penilai's review list ---------------------------------------------------------------

PERIKSA_URL = reverse("pelaksanaan:aktivitas_periksa")


def test_review_list_shows_the_bawahan_waiting_entries(org, people):
    entri(org.staf, today(), "08:00", "09:00")
    entri(org.staf, today(), "09:00", "10:00", "Diterima")
    entri(org.staf_bidang, today(), "08:00", "09:00")  # the kabid's bawahan
    page = body(client_of(people["kasi"]).get(PERIKSA_URL))
    assert "Staf A" in page and "Staf_Bidang A" not in page
    assert page.count('name="ids" value=') == 2  # the checkbox and the row's own button
    assert 'data-status="Menunggu">Menunggu <strong>1</strong>' in page
    every = body(client_of(people["kasi"]).get(PERIKSA_URL, {"status": "semua"}))
    assert every.count('class="badge aktivitas-') == 2
    kabid = body(client_of(people["kabid"]).get(PERIKSA_URL))
    assert "Staf_Bidang A" in kabid and "Staf A<br>" not in kabid


def test_bulk_accept_and_return_with_a_note(org, people):
    rows = [entri(org.staf, today(), f"{h:02d}:00", f"{h + 1:02d}:00") for h in (7, 8, 9)]
    client = client_of(people["kasi"])
    kembali = f"{PERIKSA_URL}?status=Menunggu"
    response = client.post(
        reverse("pelaksanaan:aktivitas_terima"),
        {"ids": [rows[0].pk, rows[1].pk], "kembali": kembali},
    )
    assert response["Location"] == kembali
    statuses = dict(AktivitasHarian.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in rows] == ["Diterima", "Diterima", "Menunggu"]
    url = reverse("pelaksanaan:aktivitas_kembalikan", args=[rows[2].pk])
    refused = client.post(url, {"catatan": ""}, follow=True)
    assert "Tulis catatan pengembalian" in body(refused)
    client.post(url, {"catatan": "Lampirkan notulen"})
    rows[2].refresh_from_db()
    assert (rows[2].status, rows[2].catatan_penilai) == ("Dikembalikan", "Lampirkan notulen")
    assert Notifikasi.objects.filter(penerima=people["staf"]).count() == 1
    calendar = body(client_of(people["staf"]).get(KALENDER_URL))
    assert "Lampirkan notulen" in calendar


def test_redirect_back_only_to_the_review_list(org, people):
    row = entri(org.staf, today(), "08:00", "09:00")
    response = client_of(people["kasi"]).post(
        reverse("pelaksanaan:aktivitas_terima"),
        {"ids": [row.pk], "kembali": "https://evil.example"},
    )
    assert response["Location"] == PERIKSA_URL


@pytest.mark.parametrize("n", [1, 30])
def test_review_list_queries_do_not_grow(org, people, n, django_assert_num_queries):
    for mulai, selesai in times(n):
        entri(org.staf, today(), mulai, selesai)
    client = client_of(people["kasi"])
    client.get(PERIKSA_URL)
    with django_assert_num_queries(PERIKSA):
        response = client.get(PERIKSA_URL)
    assert body(response).count('class="badge aktivitas-menunggu"') == min(n, 25)


# --- Monthly recaps --------------------------------------------------------------------------


def _bulan() -> str:
    return f"{today():%Y-%m}"


def test_own_recap(org, people):
    entri(org.staf, today(), "08:00", "09:00", "Diterima")
    entri(org.staf, today(), "09:00", "09:30")
    page = body(client_of(people["staf"]).get(reverse("pelaksanaan:aktivitas_rekap")))
    assert 'data-menit-diterima="60"' in page and 'data-menit-total="90"' in page
    assert "1 j 00 m" in page
    other = body(
        client_of(people["staf"]).get(reverse("pelaksanaan:aktivitas_rekap"), {"bulan": "2001-01"})
    )
    assert "Belum ada aktivitas" in other


def test_penilai_recap_lists_the_bawahan(org, people):
    entri(org.staf, today(), "08:00", "10:00", "Diterima")
    page = body(client_of(people["kasi"]).get(reverse("pelaksanaan:aktivitas_rekap_bawahan")))
    assert "Staf A" in page and 'data-menit-diterima="120"' in page
    assert "Kabid A" not in page


def test_admin_recap_search_and_export(org, people):
    entri(org.staf, today(), "08:00", "10:00", "Diterima")
    entri(org.staf_bidang, today(), "08:00", "08:30", "Menunggu")
    client = client_of(org.admin)
    url = reverse("pelaksanaan:aktivitas_rekap_instansi")
    page = body(client.get(url, {"bulan": _bulan()}))
    for nama in ("Kepala A", "Kabid A", "Kasi A", "Staf A", "Staf_Bidang A"):
        assert nama in page
    found = body(client.get(url, {"bulan": _bulan(), "q": org.staf.nip}))
    assert found.count("<tr><td>") == 1 and 'data-menit-diterima="120"' in found
    response = client.get(reverse("pelaksanaan:aktivitas_rekap_ekspor"), {"bulan": _bulan()})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = {r[0]: r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 5
    assert rows[org.staf.nip][4:] == (120, 2, 0, 0, 120, 1)
    assert rows[org.staf_bidang.nip][4:] == (0, 0, 30, 0, 30, 1)
    narrowed = client.get(
        reverse("pelaksanaan:aktivitas_rekap_ekspor"), {"bulan": _bulan(), "q": "Staf_Bidang"}
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(narrowed.streaming_content)))
    assert book.worksheets[0].max_row == 2


@pytest.mark.parametrize("n", [1, 5])
def test_admin_recap_queries_do_not_grow(org, people, n, django_assert_num_queries):
    for p in [org.staf, org.staf_bidang, org.kasi, org.kabid, org.kepala][:n]:
        entri(p, today(), "08:00", "09:00", "Diterima")
    client = client_of(org.admin)
    url = reverse("pelaksanaan:aktivitas_rekap_instansi")
    client.get(url)
    with django_assert_num_queries(REKAP_INSTANSI):
        response = client.get(url)
    assert body(response).count('data-menit-diterima="60"') == n
