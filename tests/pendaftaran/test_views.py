"""The public form and status page, the Admin Nasional's review, and who sees what."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.pendaftaran.models import PermohonanInstansi
from tests.conftest import login, user_for
from tests.pendaftaran.helpers import ADMIN_NIP, ajukan, baris, isian, pdf

FORM = reverse("pendaftaran:formulir")
STATUS = reverse("pendaftaran:status")


def kirim(client, **ubah):
    return client.post(FORM, {**isian(**ubah), "surat": pdf()})


def test_login_page_links_the_application(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{FORM}"' in body and "Daftarkan instansi Anda" in body


def test_instansi_list_links_the_review_queue(client, admin_nasional):
    login(client, admin_nasional)
    body = client.get(reverse("org:instansi_list")).content.decode()
    assert f'href="{reverse("pendaftaran:daftar")}"' in body


def test_the_public_form_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert kirim(client).status_code == 403
    assert not PermohonanInstansi.objects.exists()


def test_journey_through_the_pages(client, admin_nasional, django_capture_on_commit_callbacks):
    # 1. The applicant submits the form (no login) and gets the reference number.
    with django_capture_on_commit_callbacks(execute=True):
        response = kirim(client)
    body = response.content.decode()
    p = PermohonanInstansi.objects.get()
    assert response.status_code == 200 and f'id="nomor-permohonan">{p.nomor}<' in body

    # 2. The Admin Nasional returns it with a note.
    nasional = Client()
    login(nasional, admin_nasional)
    assert p.nomor in nasional.get(reverse("pendaftaran:daftar")).content.decode()
    detail = reverse("pendaftaran:detail", args=[p.pk])
    assert 'id="form-setujui"' in nasional.get(detail).content.decode()
    response = nasional.post(
        reverse("pendaftaran:minta_perbaikan", args=[p.pk]), {"catatan": "Tambahkan gelar."}
    )
    assert response.status_code == 302 and response["Location"] == detail

    # 3. The applicant looks it up with number + e-mail and corrects it.
    response = client.post(STATUS, {"aksi": "cari", "nomor": p.nomor, "email": p.pemohon_email})
    assert response.status_code == 302
    body = client.get(STATUS).content.decode()
    assert (
        "Perlu Perbaikan" in body and "Tambahkan gelar." in body and 'id="form-perbaikan"' in body
    )
    data = {k: v for k, v in isian(admin_nama="Siti Admin, S.Kom.").items() if k != "pemohon_email"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STATUS, {"aksi": "perbaiki", **data})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.admin_nama) == ("diajukan_ulang", "Siti Admin, S.Kom.")

    # 4. The Admin Nasional approves with a kode; a fallback temporary password is shown once.
    with django_capture_on_commit_callbacks(execute=True):
        response = nasional.post(reverse("pendaftaran:setujui", args=[p.pk]), {"kode": "kps"})
    body = response.content.decode()
    password = re.search(r'id="kata-sandi-sementara">([^<]+)<', body).group(1)
    assert response.status_code == 200 and "KPS" in body
    assert "Tautan sekali pakai untuk mengatur kata sandi dikirim ke" in body

    # 5. The new admin's e-mail holds the one-time link, not the password; the link's page
    # sets their own password, and they log in with it straight to the home page.
    surel = next(m for m in mail.outbox if m.to == ["admin@kapuaskab.go.id"])
    assert password not in surel.body and ADMIN_NIP in surel.body
    tautan = re.search(r"https?://\S+(/akun/atur-sandi/\S+/)", surel.body).group(1)
    admin_client = Client()
    response = admin_client.get(tautan, follow=True)
    assert response.status_code == 200 and "Atur kata sandi" in response.content.decode()
    sandi = "Kapuas-Sendiri-2026!"
    response = admin_client.post(
        response.redirect_chain[-1][0], {"new_password": sandi, "new_password2": sandi}
    )
    assert response["Location"] == reverse("accounts:login")
    assert "Tautan tidak berlaku lagi" in Client().get(tautan).content.decode()  # used
    response = admin_client.post(reverse("accounts:login"), {"nip": ADMIN_NIP, "password": sandi})
    assert response.status_code == 302
    assert admin_client.get(reverse("home")).status_code == 200
    refused = Client().post(reverse("accounts:login"), {"nip": ADMIN_NIP, "password": password})
    assert refused.status_code == 200  # the temporary password is replaced
    admin = User.objects.get(nip=ADMIN_NIP)
    assert admin.is_admin_instansi and admin.instansi.kode == "KPS"
    assert "Disetujui" in client.get(STATUS).content.decode()


def test_form_shows_errors_in_indonesian_and_stores_nothing(db, client):
    response = kirim(client, admin_nip="12345")
    body = response.content.decode()
    assert response.status_code == 200 and "NIP harus 18 digit" in body
    response = client.post(FORM, {**isian(), "surat": pdf("surat.pdf", b"\x89PNG\r\n\x1a\n00")})
    assert "bukan PDF seperti namanya" in response.content.decode()
    assert not PermohonanInstansi.objects.exists() and not AuditEvent.objects.exists()


def test_form_refuses_a_duplicate_pending_application(db, client):
    first = ajukan()
    response = kirim(client, admin_nip="198801012012122001")
    assert f"sedang diproses (nomor {first.nomor})" in response.content.decode()
    assert PermohonanInstansi.objects.count() == 1


def test_status_lookups_that_fail_too_often_are_refused_for_a_while(db, client):
    """Ten failed lookups from one address: the next ones are refused, even the right pair;
    another address is not affected."""
    from django.core.cache import cache

    from kinerja.pendaftaran.views import GAGAL_MAKS, TERLALU_SERING

    cache.clear()
    p = ajukan()
    salah = {"aksi": "cari", "nomor": p.nomor, "email": "lain@x.go.id"}
    try:
        for _ in range(GAGAL_MAKS):
            body = client.post(STATUS, salah).content.decode()
            assert "e-mail pemohon tidak cocok" in body and TERLALU_SERING not in body
        benar = {**salah, "email": p.pemohon_email}
        body = client.post(STATUS, benar).content.decode()
        assert TERLALU_SERING in body and p.nama not in body
        other = Client(REMOTE_ADDR="10.0.0.9")
        assert other.post(STATUS, benar)["Location"] == STATUS
    finally:
        cache.clear()  # the other tests of this process share the local cache


def test_status_page_needs_the_right_email(db, client):
    p = ajukan()
    response = client.post(STATUS, {"aksi": "cari", "nomor": p.nomor, "email": "lain@x.go.id"})
    body = response.content.decode()
    assert "tidak cocok" in body and p.nama not in body
    assert p.nama not in client.get(STATUS).content.decode()
    # A correction without having looked it up: nothing changes.
    client.post(STATUS, {"aksi": "perbaiki", **isian(nama="Diubah orang lain")})
    p.refresh_from_db()
    assert p.nama == "Pemerintah Kabupaten Kapuas"


def test_status_page_offers_no_correction_unless_returned(db, client):
    p = ajukan()
    client.post(STATUS, {"aksi": "cari", "nomor": p.nomor, "email": p.pemohon_email})
    client.post(STATUS, {"aksi": "perbaiki", **isian(nama="Kota Lain")})
    p.refresh_from_db()
    assert p.nama == "Pemerintah Kabupaten Kapuas" and p.status == "diajukan"
    client.post(STATUS, {"aksi": "keluar"})
    assert p.nomor not in client.get(STATUS).content.decode()


@pytest.mark.parametrize("role", ["anon", "pegawai", "admin"])
def test_review_pages_and_letter_are_hidden(org, role):
    p = baris()
    client = Client()
    if role != "anon":
        login(client, user_for(org.staf) if role == "pegawai" else org.admin)
    for name in ["pendaftaran:daftar", "pendaftaran:detail", "pendaftaran:surat"]:
        args = [] if name == "pendaftaran:daftar" else [p.pk]
        response = client.get(reverse(name, args=args))
        assert response.status_code == (302 if role == "anon" else 404), name
    for name, data in [("setujui", {"kode": "X1"}), ("tolak", {"alasan": "x"})]:
        response = client.post(reverse(f"pendaftaran:{name}", args=[p.pk]), data)
        assert response.status_code == (302 if role == "anon" else 404)
    p.refresh_from_db()
    assert p.status == "diajukan"


def test_admin_nasional_downloads_the_letter(client, admin_nasional):
    p = ajukan()
    login(client, admin_nasional)
    response = client.get(reverse("pendaftaran:surat", args=[p.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Security-Policy"] == "sandbox"


def test_review_actions_show_errors(client, admin_nasional):
    p = ajukan()
    login(client, admin_nasional)
    response = client.post(reverse("pendaftaran:setujui", args=[p.pk]), {"kode": "a b"})
    assert response.status_code == 400 and "Kode instansi 2-16" in response.content.decode()
    response = client.post(reverse("pendaftaran:minta_perbaikan", args=[p.pk]), {"catatan": ""})
    assert response.status_code == 400
    p.refresh_from_db()
    assert p.status == "diajukan"


def test_list_filters_and_its_query_count_does_not_grow(
    client, admin_nasional, django_assert_num_queries
):
    login(client, admin_nasional)
    daftar = reverse("pendaftaran:daftar")
    ajukan()
    # session, user, capped count, rows
    with django_assert_num_queries(4):
        body = client.get(daftar).content.decode()
    assert "Pemerintah Kabupaten Kapuas" in body
    for i in range(5):
        baris(nomor=f"PI-2026-ABC{i}2Z", nama=f"Kota {i}", admin_nip=f"19850312201001100{i + 3}")
    with django_assert_num_queries(4):
        body = client.get(daftar).content.decode()
    assert "Kota 4" in body
    body = client.get(daftar, {"status": "perlu_perbaikan"}).content.decode()
    assert "Tidak ada permohonan" in body


def test_the_review_page_sends_the_admin_login_email_again(
    client, admin_nasional, django_capture_on_commit_callbacks
):
    from kinerja.pendaftaran import services

    p = ajukan()
    detail = reverse("pendaftaran:detail", args=[p.pk])
    tombol = reverse("pendaftaran:kirim_ulang_petunjuk", args=[p.pk])
    login(client, admin_nasional)
    assert tombol not in client.get(detail).content.decode()  # not approved yet
    services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    body = client.get(detail).content.decode()
    assert tombol in body and "belum pernah masuk" in body and "admin@kapuaskab.go.id" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(tombol, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "dikirim ulang ke admin@kapuaskab.go.id" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["admin@kapuaskab.go.id"]]

    User.objects.filter(nip=ADMIN_NIP).update(last_login="2026-11-23T08:00:00+07:00")
    assert tombol not in client.get(detail).content.decode()
    response = client.post(tombol, follow=True)
    assert "sudah pernah masuk" in response.content.decode() and len(mail.outbox) == 1
