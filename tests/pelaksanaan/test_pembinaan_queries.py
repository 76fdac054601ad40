"""Query counts of the pembinaan pages: pinned, and the same for 1 row as for 10.

Every page pays session + user (2) first. A change of these numbers must be deliberate.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.core.models import Notifikasi
from kinerja.pelaksanaan.services_pembinaan import catat_briefing
from tests.conftest import login, user_for
from tests.factories import PegawaiFactory, place
from tests.pelaksanaan.test_pembinaan_services import PDF, dialog, today, users_of

# The penilai's bawahan page: session, user (2); the period (2: setting, period); me (1);
# bawahan_of (3: units led, their subtree, its leaders); counts sudah/belum (1); paginator count
# and rows (2); the year's periods for the selector (2).
BAWAHAN = 13
DIALOG_SAYA = 4  # session, user, paginator count, rows
DIALOG_INSTANSI = 10  # + period (2), the unit filtered on, count, rows, unit choices, year (2)
DIALOG_DETAIL = 4  # + the dialog with both people, its follow-ups with the carried ones' origin
BRIEFING_SAYA = 8  # + paginator count, rows, me, units led (3: rows held, winners, units)
BRIEFING_DIIKUTI = 4  # + paginator count, rows
BRIEFING_INSTANSI = 5  # + paginator count, rows, unit choices
BRIEFING_DETAIL = 6  # + the briefing, is-attendee check, attendees, attachments
BRIEFING_BARU = 9  # + me, units led (3), sub-units (their leaders: +1 if any), count, rows


@pytest.fixture
def people(org):
    return users_of(org)


def staff(org, n: int) -> list:  # type: ignore[no-untyped-def]
    """n pegawai of the seksi besides the staf (the kasi's bawahan)."""
    rows = []
    for i in range(n):
        p = PegawaiFactory(instansi=org.instansi, nama=f"Staf {i:02d}")
        place(p, org.seksi, org.jabatan_staf)
        rows.append(p)
    return rows


def pinned(client: Client, url: str, expected: int, assert_num_queries, **params) -> str:  # type: ignore[no-untyped-def]
    client.get(url, params)  # warm the session and the period rows
    with assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("n", [1, 10])
def test_bawahan_page(org, people, n, django_assert_num_queries):
    for p in [org.staf, *staff(org, n - 1)]:
        dialog(people["kasi"], p)
    html = pinned(
        login(Client(), people["kasi"]),
        reverse("pelaksanaan:dialog_bawahan"),
        BAWAHAN,
        django_assert_num_queries,
    )
    assert html.count('class="bawahan-dialog"') == n


@pytest.mark.parametrize("n", [1, 10])
def test_dialog_lists(org, people, n, django_assert_num_queries):
    for i in range(n):
        dialog(people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=n - i))
    staf = login(Client(), people["staf"])
    html = pinned(staf, reverse("pelaksanaan:dialog_saya"), DIALOG_SAYA, django_assert_num_queries)
    assert html.count("/kinerja/dialog/") >= n
    admin = login(Client(), org.admin)
    pinned(
        admin,
        reverse("pelaksanaan:dialog_instansi"),
        DIALOG_INSTANSI,
        django_assert_num_queries,
        unor=org.bidang.pk,
    )


@pytest.mark.parametrize("n", [1, 10])
def test_dialog_detail(org, people, n, django_assert_num_queries):
    earlier = today() - dt.timedelta(days=3)
    dialog(
        people["kasi"], org.staf, tanggal=earlier, tindak_lanjut=tuple(f"L{i}" for i in range(n))
    )
    d = dialog(people["kasi"], org.staf, tindak_lanjut=tuple(f"B{i}" for i in range(n)))
    url = reverse("pelaksanaan:dialog_detail", args=[d.pk])
    html = pinned(login(Client(), people["staf"]), url, DIALOG_DETAIL, django_assert_num_queries)
    assert html.count("dibawa dari dialog tgl") == n
    # The atasan penilai pays one more: whose atasan the penilai is on the dialog's day.
    pinned(login(Client(), people["kabid"]), url, DIALOG_DETAIL + 1, django_assert_num_queries)


def briefings(org, people, n: int) -> list:  # type: ignore[no-untyped-def]
    ids = [org.staf.pk] + [p.pk for p in staff(org, n - 1)]
    return [
        catat_briefing(
            people["kasi"],
            org.seksi,
            tanggal=today(),
            topik=f"Topik {i}",
            arahan="Arahan",
            peserta_ids=ids,
            lampiran=[SimpleUploadedFile(f"b{j}.pdf", PDF) for j in range(n if i == 0 else 0)],
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [1, 10])
def test_briefing_pages(org, people, n, django_assert_num_queries):
    rows = briefings(org, people, n)
    leader = login(Client(), people["kasi"])
    html = pinned(
        leader, reverse("pelaksanaan:briefing_saya"), BRIEFING_SAYA, django_assert_num_queries
    )
    assert html.count("/kinerja/briefing/") >= n
    html = pinned(
        login(Client(), people["staf"]),
        reverse("pelaksanaan:briefing_diikuti"),
        BRIEFING_DIIKUTI,
        django_assert_num_queries,
    )
    assert html.count(">Konfirmasi</button>") == n
    pinned(
        login(Client(), org.admin),
        reverse("pelaksanaan:briefing_instansi"),
        BRIEFING_INSTANSI,
        django_assert_num_queries,
    )
    detail = reverse("pelaksanaan:briefing_detail", args=[rows[0].pk])
    html = pinned(
        login(Client(), people["staf"]), detail, BRIEFING_DETAIL, django_assert_num_queries
    )
    assert html.count('href="/kinerja/briefing/lampiran/') == n
    html = pinned(
        leader, reverse("pelaksanaan:briefing_baru"), BRIEFING_BARU, django_assert_num_queries
    )
    assert html.count('name="peserta"') == n


def test_a_pegawai_without_account_is_not_notified_and_costs_nothing(org, people):
    """Attendees without an account yet are skipped by the bulk notification."""
    lone = PegawaiFactory(instansi=org.instansi)
    place(lone, org.seksi, org.jabatan_staf)
    b = catat_briefing(
        people["kasi"],
        org.seksi,
        tanggal=today(),
        topik="T",
        arahan="A",
        peserta_ids=[org.staf.pk, lone.pk],
    )
    assert list(
        Notifikasi.objects.filter(url__endswith=f"/{b.pk}/").values_list("penerima", flat=True)
    ) == [people["staf"].pk]
    user_for(lone)  # an account made later sees the briefing in their list
    assert b.peserta.filter(pegawai=lone).exists()
