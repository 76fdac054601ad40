"""/notifikasi/preferensi/: a user turns e-mail off per kategori, for their own account only;
saving is audited; the next notification of that kategori sends no e-mail."""

import re

import pytest
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.core.notifications import notify
from kinerja.core.permissions import DomainError
from kinerja.notifikasi.jenis import KATEGORI
from kinerja.notifikasi.models import PreferensiNotifikasi, SuratKeluar
from kinerja.notifikasi.preferensi import email_mati, simpan_preferensi
from tests.conftest import login, user_for

URL = "/notifikasi/preferensi/"


@pytest.fixture
def staf(org):
    return user_for(org.staf, email="staf@contoh.go.id")


def _dicentang(body: str) -> list[str]:
    return re.findall(r'name="kirim" value="([a-z_]+)" checked', body)


def test_url_name():
    assert reverse("notifikasi:preferensi") == URL


def test_page_shows_every_kategori_on_by_default_and_the_address(
    client, staf, django_assert_num_queries
):
    login(client, staf)
    with django_assert_num_queries(3):  # session, user, the preference row
        body = client.get(URL).content.decode()
    assert _dicentang(body) == list(KATEGORI)
    assert body.count("Kirim e-mail untuk ") == len(KATEGORI)
    assert "staf@contoh.go.id" in body and "belum memiliki alamat e-mail" not in body


def test_without_an_address_the_page_says_so(client, org):
    login(client, user_for(org.kasi, email=""))
    body = client.get(URL).content.decode()
    assert "akun Anda belum memiliki alamat e-mail. Isi alamat Anda di bawah." in body


def test_saving_turns_kategori_off_audited_and_stops_those_emails(
    client, org, staf, django_assert_num_queries
):
    login(client, staf)
    hidup = [k for k in KATEGORI if k not in ("umpan_balik", "pengingat")]
    response = client.post(URL, {"kirim": hidup})
    assert response.status_code == 302 and response["Location"] == URL
    row = PreferensiNotifikasi.objects.get(user=staf)
    assert (row.instansi_id, row.email_mati) == (org.instansi.pk, ["umpan_balik", "pengingat"])
    event = AuditEvent.objects.get(action="notifikasi.preferensi_diubah")
    assert (event.actor_id, event.instansi_id) == (staf.pk, org.instansi.pk)
    assert event.before == {"email_mati": []}
    assert event.after == {"email_mati": ["umpan_balik", "pengingat"]}
    with django_assert_num_queries(3):
        body = client.get(URL).content.decode()
    assert _dicentang(body) == hidup
    notify(org.staf, "Dialog", jenis="dialog")
    notify(org.staf, "Pengingat", jenis="pengingat.pengisian")
    notify(org.staf, "SKP", jenis="skp.disetujui")
    assert list(SuratKeluar.objects.values_list("subjek", flat=True)) == ["[e-Kinerja] SKP"]


def test_saving_the_same_again_records_nothing_new(staf, django_assert_num_queries):
    simpan_preferensi(staf, ["keberatan"])
    with django_assert_num_queries(3):  # savepoint pair + the locked read: no write, no audit
        simpan_preferensi(staf, ["keberatan"])
    assert AuditEvent.objects.filter(action="notifikasi.preferensi_diubah").count() == 1
    simpan_preferensi(staf, [])
    assert email_mati(staf) == []
    assert AuditEvent.objects.filter(action="notifikasi.preferensi_diubah").count() == 2


def test_an_unknown_kategori_is_refused(staf):
    with pytest.raises(DomainError):
        simpan_preferensi(staf, ["skp", "spam"])
    assert not PreferensiNotifikasi.objects.exists()


def test_each_user_edits_only_their_own_row(client, org, other_org, staf):
    kasi = user_for(org.kasi, email="kasi@contoh.go.id")
    lain = user_for(other_org.staf, email="b@contoh.go.id")
    simpan_preferensi(kasi, ["skp"])
    simpan_preferensi(lain, ["penilaian"])
    login(client, staf)
    assert _dicentang(client.get(URL).content.decode()) == list(KATEGORI)  # not kasi's
    client.post(URL, {"kirim": ["skp"]})
    assert email_mati(kasi) == ["skp"] and email_mati(lain) == ["penilaian"]
    assert PreferensiNotifikasi.objects.get(user=staf).email_mati == [
        k for k in KATEGORI if k != "skp"
    ]


def test_anonymous_and_admin_nasional(client, admin_nasional):
    assert client.get(URL)["Location"].startswith("/akun/")
    login(client, admin_nasional)
    body = client.get(URL).content.decode()
    assert "tidak menerima notifikasi" in body and 'name="kirim"' not in body
    client.post(URL, {"kirim": ["skp"]})
    assert not PreferensiNotifikasi.objects.exists()


def test_a_user_sets_their_own_address_audited_and_e_mail_follows(client, org):
    user = user_for(org.kasi, email="")
    login(client, user)
    response = client.post(URL, {"kirim": list(KATEGORI), "email": " kasi@contoh.go.id "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "kasi@contoh.go.id"
    event = AuditEvent.objects.get(action="akun.email_diubah")
    assert event.before == {"email": ""} and event.after == {"email": "kasi@contoh.go.id"}
    notify(org.kasi, "Uji", jenis="skp.diajukan")
    assert SuratKeluar.objects.get().kepada == "kasi@contoh.go.id"


def test_an_invalid_address_is_refused_in_indonesian_and_nothing_changes(client, staf):
    login(client, staf)
    response = client.post(URL, {"kirim": [], "email": "bukan-alamat"}, follow=True)
    assert "Alamat e-mail tidak valid" in response.content.decode()
    staf.refresh_from_db()
    assert staf.email == "staf@contoh.go.id"
    assert email_mati(staf) == []  # the kategori were not saved either
    assert not AuditEvent.objects.filter(action__in=["akun.email_diubah"]).exists()
