"""The dialog and briefing pages: what each side sees and does, refusals shown, nothing written."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from kinerja.pelaksanaan import periode, views_pembinaan
from kinerja.pelaksanaan.models import Briefing, DialogKinerja, PesertaBriefing
from kinerja.pelaksanaan.services_pembinaan import konfirmasi_dialog, tandai_tindak_lanjut
from tests.conftest import login
from tests.factories import PegawaiFactory, UnitFactory, place
from tests.pelaksanaan.test_pembinaan_services import PDF, PNG, briefing, dialog, today, users_of


@pytest.fixture
def people(org):
    return users_of(org)


def as_user(user) -> Client:  # type: ignore[no-untyped-def]
    return login(Client(), user)


def page(client: Client, name: str, *args: object, **params: object) -> str:
    response = client.get(reverse(f"pelaksanaan:{name}", args=args), params)
    assert response.status_code == 200
    return response.content.decode()


# --- Dialog kinerja --------------------------------------------------------------------------


def test_form_offers_only_the_penilais_bawahan(org, people):
    html = page(as_user(people["kasi"]), "dialog_baru", pegawai=org.staf.pk)
    assert f'<option value="{org.staf.pk}" selected>' in html
    assert org.staf_bidang.nama not in html and org.kabid.nama not in html


def test_form_without_bawahan_says_so(org, people):
    html = page(as_user(people["staf"]), "dialog_baru")
    assert "Anda tidak memiliki bawahan yang Anda nilai saat ini" in html


def dialog_body(org, **extra):  # type: ignore[no-untyped-def]
    return {
        "pegawai": org.staf.pk,
        "tanggal": today().isoformat(),
        "agenda": "Capaian bulan ini",
        "hasil_kerja": "Sesuai target",
        "tl_uraian": ["Ikut diklat", "", ""],
        "tl_jatuh_tempo": [(today() + dt.timedelta(days=7)).isoformat(), "", ""],
        **extra,
    }


def test_penilai_records_and_the_pegawai_confirms(org, people):
    client = as_user(people["kasi"])
    response = client.post(reverse("pelaksanaan:dialog_baru"), dialog_body(org), follow=True)
    d = DialogKinerja.objects.get()
    assert response.redirect_chain[-1][0] == reverse("pelaksanaan:dialog_detail", args=[d.pk])
    html = response.content.decode()
    assert "dicatat; menunggu konfirmasinya" in html and "Menunggu konfirmasi pegawai" in html
    assert "Ikut diklat" in html and f'href="/kinerja/dialog/{d.pk}/ubah/"' in html
    assert "Konfirmasi dialog ini" not in html  # the penilai's own recording is their confirmation

    staf = as_user(people["staf"])
    detail = page(staf, "dialog_detail", d.pk)
    assert "Konfirmasi dialog ini" in detail and "/ubah/" not in detail
    html = staf.post(reverse("pelaksanaan:dialog_konfirmasi", args=[d.pk]), follow=True)
    text = html.content.decode()
    assert "Dikonfirmasi kedua pihak" in text and "dibekukan" in text
    assert "Konfirmasi dialog ini" not in text

    # Frozen: the edit page sends the penilai back with the reason, the edit link is gone.
    response = client.get(reverse("pelaksanaan:dialog_ubah", args=[d.pk]), follow=True)
    assert "isinya dibekukan" in response.content.decode()
    assert "/ubah/" not in page(client, "dialog_detail", d.pk)


def test_refused_dialog_keeps_what_was_typed(org, people):
    client = as_user(people["kasi"])
    body = dialog_body(org, agenda=" ", karier="Rencana mutasi")
    response = client.post(reverse("pelaksanaan:dialog_baru"), body)
    html = response.content.decode()
    assert response.status_code == 200 and "Agenda dialog wajib diisi." in html
    assert "Rencana mutasi" in html and 'value="Ikut diklat"' in html
    assert not DialogKinerja.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tl_jatuh_tempo": ["31-02-2026", "", ""]}, "jatuh tempo bukan tanggal yang valid"),
        ({"tanggal": "kemarin"}, "Tanggal dialog"),
        ({"tanggal": (today() + dt.timedelta(days=1)).isoformat()}, "tidak boleh setelah hari ini"),
        ({"pegawai": ""}, "Pilih pegawai"),
        ({"hasil_kerja": ""}, "sekurang-kurangnya satu aspek"),
    ],
)
def test_bad_dialog_input_is_shown(org, people, extra, message):
    response = as_user(people["kasi"]).post(
        reverse("pelaksanaan:dialog_baru"), dialog_body(org, **extra)
    )
    assert message in response.content.decode()
    assert not DialogKinerja.objects.exists()


def test_edit_form_shows_own_and_carried_follow_ups(org, people):
    dialog(
        people["kasi"], org.staf, tanggal=today() - dt.timedelta(days=3), tindak_lanjut=("Lama",)
    )
    d = dialog(people["kasi"], org.staf, tindak_lanjut=("Baru",))
    html = page(as_user(people["kasi"]), "dialog_ubah", d.pk)
    assert 'value="Baru"' in html and 'value="Lama"' not in html
    assert "Lama" in html and "dibawa dari dialog tgl" in html
    body = dialog_body(
        org, agenda="Agenda koreksi", tl_uraian=["Baru 2"], tl_jatuh_tempo=[today().isoformat()]
    )
    as_user(people["kasi"]).post(reverse("pelaksanaan:dialog_ubah", args=[d.pk]), body)
    assert sorted(d.tindak_lanjut.values_list("uraian", flat=True)) == ["Baru 2", "Lama"]


def test_carried_follow_up_is_marked_with_its_origin(org, people):
    earlier = today() - dt.timedelta(days=10)
    first = dialog(people["kasi"], org.staf, tanggal=earlier, tindak_lanjut=("Susun SOP",))
    second = dialog(people["kasi"], org.staf, tindak_lanjut=())
    html = page(as_user(people["staf"]), "dialog_detail", second.pk)
    assert "dibawa dari dialog tgl" in html and date_format(earlier, "j M Y") in html
    assert reverse("pelaksanaan:dialog_detail", args=[first.pk]) in html
    old = page(as_user(people["staf"]), "dialog_detail", first.pk)
    assert "dibawa ke dialog berikutnya" in old and "Tandai selesai" not in old


def test_follow_up_is_ticked_with_htmx(org, people):
    d = dialog(people["kasi"], org.staf)
    item = d.tindak_lanjut.get()
    target = reverse("pelaksanaan:tindak_lanjut_tandai", args=[item.pk])
    response = as_user(people["staf"]).post(target, {"selesai": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="tindak-lanjut-item selesai" id="tl-{item.pk}">')
    assert "Batalkan tanda selesai" in html and "<html" not in html
    item.refresh_from_db()
    assert item.selesai


def test_follow_up_tick_refusal_is_shown(org, people):
    d = dialog(people["kasi"], org.staf)
    item = d.tindak_lanjut.get()
    target = reverse("pelaksanaan:tindak_lanjut_tandai", args=[item.pk])
    response = as_user(people["kabid"]).post(target, {"selesai": "1"}, follow=True)
    assert "Hanya penilai dan pegawai yang berdialog" in response.content.decode()
    item.refresh_from_db()
    assert not item.selesai


def test_atasan_penilai_and_admin_read_without_buttons(org, people):
    d = dialog(people["kasi"], org.staf)
    for client in (as_user(people["kabid"]), as_user(org.admin)):
        html = page(client, "dialog_detail", d.pk)
        assert "Capaian triwulan" in html
        assert "Konfirmasi dialog ini" not in html and "Tandai selesai" not in html
        assert "/ubah/" not in html


def test_pegawai_list_of_their_dialogs(org, people):
    d = dialog(people["kasi"], org.staf)
    html = page(as_user(people["staf"]), "dialog_saya")
    assert reverse("pelaksanaan:dialog_detail", args=[d.pk]) in html
    assert "Periksa &amp; konfirmasi" in html and "Ada tindak lanjut terbuka" in html
    assert "Belum ada dialog" in page(as_user(people["staf_bidang"]), "dialog_saya")


def test_bawahan_list_shows_who_had_a_dialog_this_period(org, people):
    extra = PegawaiFactory(instansi=org.instansi, nama="Zaenal Staf")
    place(extra, org.seksi, org.jabatan_staf)
    d = dialog(people["kasi"], org.staf)
    konfirmasi_dialog(people["staf"], d)
    client = as_user(people["kasi"])
    html = page(client, "dialog_bawahan")
    assert 'data-jumlah="sudah">1<' in html and 'data-jumlah="belum">1<' in html
    assert reverse("pelaksanaan:dialog_detail", args=[d.pk]) in html and "Dikonfirmasi" in html
    assert "Zaenal Staf" in html and "Belum ada dialog" in html
    belum = page(client, "dialog_bawahan", status="belum")
    assert "Zaenal Staf" in belum and org.staf.nama not in belum
    sudah = page(client, "dialog_bawahan", status="sudah")
    assert org.staf.nama in sudah and "Zaenal Staf" not in sudah
    assert "Zaenal" in page(client, "dialog_bawahan", q="zaen")


def test_bawahan_list_period_selector(org, people):
    dialog(people["kasi"], org.staf)
    client = as_user(people["kasi"])
    current = periode.periode_pada(org.instansi.pk, today())
    periods = [
        p for p in periode.daftar_periode(org.instansi.pk, today().year) if p.jenis != "Tahunan"
    ]
    other = next(p for p in periods if p.pk != current.pk)
    html = page(client, "dialog_bawahan", periode=other.pk)
    assert f'<option value="{other.pk}" selected>' in html
    assert 'data-jumlah="sudah">0<' in html
    last_year = page(client, "dialog_bawahan", tahun=today().year - 1)
    assert f"Triwulan I {today().year - 1}" in last_year
    # A bad or foreign period falls back to the current one.
    assert f'<option value="{current.pk}" selected>' in page(client, "dialog_bawahan", periode="x")


def test_admin_list_filters_by_unit(org, people):
    d = dialog(people["kasi"], org.staf)
    k = dialog(people["kabid"], org.kasi)
    links = [reverse("pelaksanaan:dialog_detail", args=[x.pk]) for x in (d, k)]
    client = as_user(org.admin)
    assert all(link in page(client, "dialog_instansi") for link in links)
    # The unit and those below it: the seksi holds both the staf and the kasi.
    assert all(link in page(client, "dialog_instansi", unor=org.dinas.pk) for link in links)
    assert all(link in page(client, "dialog_instansi", unor=org.seksi.pk) for link in links)
    lain = UnitFactory(instansi=org.instansi, induk=org.dinas, nama="Bidang Lain")
    html = page(client, "dialog_instansi", unor=lain.pk)
    assert not any(link in html for link in links) and "Belum ada dialog kinerja" in html
    other_period = next(
        p
        for p in periode.daftar_periode(org.instansi.pk, today().year)
        if p.jenis != "Tahunan" and p.pk != d.periode_id
    )
    assert "Belum ada dialog kinerja" in page(client, "dialog_instansi", periode=other_period.pk)


# --- Briefing --------------------------------------------------------------------------------


def test_briefing_form_lists_the_units_pegawai_checked(org, people):
    html = page(as_user(people["kasi"]), "briefing_baru")
    assert f'name="peserta" value="{org.staf.pk}" checked' in html
    assert org.staf_bidang.nama not in html
    kabid = page(as_user(people["kabid"]), "briefing_baru")
    assert f'value="{org.kasi.pk}" checked' in kabid and f"(pimpinan {org.seksi.nama})" in kabid
    assert f'value="{org.staf_bidang.pk}" checked' in kabid and org.staf.nama not in kabid


def test_briefing_form_for_a_non_leader_explains(org, people):
    html = page(as_user(people["staf"]), "briefing_baru")
    assert "Anda tidak sedang memimpin unit" in html and 'name="peserta"' not in html


def briefing_body(org, **extra):  # type: ignore[no-untyped-def]
    return {
        "unor": org.seksi.pk,
        "tanggal": today().isoformat(),
        "topik": "Target triwulan",
        "arahan": "Percepat pendataan",
        "peserta": [org.staf.pk],
        "tautan": "https://contoh.go.id/paparan\n",
        **extra,
    }


def test_leader_records_attendee_acknowledges_leader_sees_it(org, people):
    leader, staf = as_user(people["kasi"]), as_user(people["staf"])
    body = briefing_body(org, lampiran=[SimpleUploadedFile("notulen.pdf", PDF)])
    response = leader.post(reverse("pelaksanaan:briefing_baru"), body, follow=True)
    b = Briefing.objects.get()
    html = response.content.decode()
    assert "Briefing dicatat" in html and "0 dari 1 sudah mengonfirmasi" in html
    assert "notulen.pdf" in html and "https://contoh.go.id/paparan" in html

    diikuti = page(staf, "briefing_diikuti")
    assert "Target triwulan" in diikuti and ">Konfirmasi</button>" in diikuti
    response = staf.post(
        reverse("pelaksanaan:briefing_konfirmasi", args=[b.pk]),
        {"next": reverse("pelaksanaan:briefing_diikuti")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("pelaksanaan:briefing_diikuti")
    assert "dikonfirmasi" in response.content.decode()
    assert "1 dari 1 sudah mengonfirmasi" in page(leader, "briefing_detail", b.pk)
    assert "1 dari 1" in page(leader, "briefing_saya")


def test_konfirmasi_ignores_an_outside_next(org, people):
    b = briefing(people["kasi"], org)
    response = as_user(people["staf"]).post(
        reverse("pelaksanaan:briefing_konfirmasi", args=[b.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("pelaksanaan:briefing_detail", args=[b.pk])


def test_bad_attachment_is_shown_and_nothing_is_stored(org, people, settings):
    body = briefing_body(org, lampiran=[SimpleUploadedFile("notulen.pdf", PNG)])
    response = as_user(people["kasi"]).post(reverse("pelaksanaan:briefing_baru"), body)
    html = response.content.decode()
    assert response.status_code == 200 and "bukan PDF" in html and "gambar PNG" in html
    assert not Briefing.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert 'value="Target triwulan"' in html  # what was typed is kept


def test_unchecked_attendees_are_left_out(org, people):
    extra = PegawaiFactory(instansi=org.instansi, nama="Zaenal Staf")
    place(extra, org.seksi, org.jabatan_staf)
    as_user(people["kasi"]).post(reverse("pelaksanaan:briefing_baru"), briefing_body(org))
    assert list(PesertaBriefing.objects.values_list("pegawai_id", flat=True)) == [org.staf.pk]


def test_big_unit_offers_all_and_a_search(org, people, monkeypatch):
    monkeypatch.setattr(views_pembinaan, "BATAS_DAFTAR_PESERTA", 1)
    extra = PegawaiFactory(instansi=org.instansi, nama="Zaenal Staf")
    place(extra, org.seksi, org.jabatan_staf)
    client = as_user(people["kasi"])
    html = page(client, "briefing_baru")
    assert 'name="semua" value="1" checked' in html and "Seluruh 2 pegawai unit" in html
    assert 'placeholder="Cari peserta: NIP atau nama"' in html
    assert "Zaenal Staf" in page(client, "briefing_baru", q="zaenal")
    client.post(reverse("pelaksanaan:briefing_baru"), briefing_body(org, peserta=[], semua="1"))
    assert sorted(PesertaBriefing.objects.values_list("pegawai_id", flat=True)) == sorted(
        [org.staf.pk, extra.pk]
    )


def test_attachment_download(org, people):
    b = briefing(people["kasi"], org, lampiran=[SimpleUploadedFile("notulen.pdf", PDF)])
    row = b.lampiran.get()
    for user in (people["staf"], people["kasi"], org.admin):
        response = as_user(user).get(reverse("pelaksanaan:briefing_lampiran", args=[row.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Security-Policy"] == "sandbox"
    for user in (people["kabid"], people["staf_bidang"]):
        response = as_user(user).get(reverse("pelaksanaan:briefing_lampiran", args=[row.pk]))
        assert response.status_code == 404


def test_admin_briefing_list_per_unit(org, people):
    b = briefing(people["kasi"], org)
    client = as_user(org.admin)
    link = reverse("pelaksanaan:briefing_detail", args=[b.pk])
    assert link in page(client, "briefing_instansi")
    assert link in page(client, "briefing_instansi", unor=org.bidang.pk)  # the seksi is below
    assert link in page(client, "briefing_instansi", unor=org.dinas.pk)
    lain = UnitFactory(instansi=org.instansi, induk=org.dinas, nama="Bidang Lain")
    assert link not in page(client, "briefing_instansi", unor=lain.pk)


def test_briefing_lists_for_the_leader_and_the_attendee(org, people):
    b = briefing(people["kasi"], org)
    detail = reverse("pelaksanaan:briefing_detail", args=[b.pk])
    saya = page(as_user(people["kasi"]), "briefing_saya")
    assert detail in saya and f"Catat briefing {org.seksi.nama}" in saya
    assert "0 dari 1" in saya
    assert detail in page(as_user(people["staf"]), "briefing_diikuti")
    assert detail not in page(as_user(people["staf_bidang"]), "briefing_diikuti")
    assert "tidak sedang memimpin unit" in page(as_user(people["staf"]), "briefing_saya")


def test_ticking_after_confirmation_still_works_from_the_page(org, people):
    d = dialog(people["kasi"], org.staf)
    konfirmasi_dialog(people["staf"], d)
    item = d.tindak_lanjut.get()
    as_user(people["kasi"]).post(
        reverse("pelaksanaan:tindak_lanjut_tandai", args=[item.pk]), {"selesai": "1"}
    )
    item.refresh_from_db()
    assert item.selesai
    tandai_tindak_lanjut(people["staf"], item, False)
    item.refresh_from_db()
    assert not item.selesai
