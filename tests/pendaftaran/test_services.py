"""The application's steps: every write audited, every refusal stores nothing."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.core.permissions import DomainError
from kinerja.org.models import Instansi
from kinerja.pendaftaran import selectors, services
from kinerja.pendaftaran.models import PermohonanInstansi, RiwayatPermohonan
from tests.factories import UserFactory
from tests.pendaftaran.helpers import ADMIN_NIP, PEMOHON_NIP, isian, pdf


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "pendaftaran"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_full_path_apply_correct_fix_approve(admin_nasional, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = services.ajukan_permohonan(isian(pemohon_nip=PEMOHON_NIP), pdf())
    assert p.status == "diajukan" and p.nomor.startswith("PI-")
    assert len(stored_files()) == 1
    assert mail.outbox[-1].to == ["ppk@kapuaskab.go.id"] and p.nomor in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        services.minta_perbaikan(admin_nasional, p, "Surat belum ditandatangani.")
    p.refresh_from_db()
    assert p.status == "perlu_perbaikan"
    assert "Surat belum ditandatangani." in mail.outbox[-1].body

    lama = p.berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        services.perbaiki_permohonan(
            p, "PPK@kapuaskab.go.id", isian(admin_nama="Siti Admin, S.Kom."), pdf("baru.pdf")
        )
    p.refresh_from_db()
    assert (p.status, p.admin_nama, p.nama_berkas) == (
        "diajukan_ulang",
        "Siti Admin, S.Kom.",
        "baru.pdf",
    )
    assert p.berkas.name != lama and len(stored_files()) == 1  # the old letter is removed

    with django_capture_on_commit_callbacks(execute=True):
        p2, admin, password = services.setujui_permohonan(admin_nasional, p, "kapuas")
    instansi = Instansi.objects.get(kode="KAPUAS")
    assert p2.instansi == instansi and p2.status == "disetujui"
    assert admin.nip == ADMIN_NIP and admin.is_admin_instansi and admin.must_change_password
    assert admin.instansi == instansi and admin.check_password(password)
    untuk_admin = next(m for m in mail.outbox if m.to == ["admin@kapuaskab.go.id"])
    # NIP, login address and a one-time link to set a password; no password at all.
    assert ADMIN_NIP in untuk_admin.body and password not in untuk_admin.body
    situs = settings.KINERJA_SITE_URL.rstrip("/")
    assert re.search(re.escape(situs) + r"/akun/atur-sandi/\S+/\S+/\n", untuk_admin.body)
    assert "berlaku 3 hari" in untuk_admin.body and f"{situs}/akun/masuk/" in untuk_admin.body
    assert mail.outbox[-1].to == ["ppk@kapuaskab.go.id"] and "DISETUJUI" in mail.outbox[-1].body
    assert password not in mail.outbox[-1].body  # the applicant never sees it

    actions = list(
        AuditEvent.objects.filter(object_type="pendaftaran.PermohonanInstansi")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "pendaftaran.diajukan",
        "pendaftaran.perlu_perbaikan",
        "pendaftaran.diperbaiki",
        "pendaftaran.disetujui",
    ]
    assert AuditEvent.objects.filter(action="instansi.didaftarkan", instansi=instansi).exists()
    assert AuditEvent.objects.get(action="pendaftaran.disetujui").instansi == instansi
    assert AuditEvent.objects.get(action="pendaftaran.diajukan").instansi is None
    assert list(
        RiwayatPermohonan.objects.filter(permohonan=p).values_list("status", flat=True)
    ) == [
        "diajukan",
        "perlu_perbaikan",
        "diajukan_ulang",
        "disetujui",
    ]


def test_the_admin_email_task_gets_ids_only(admin_nasional, monkeypatch):
    """No password or token waits in the queue: the worker makes the link at send time."""
    queued: list[tuple] = []

    class Antrean:
        def enqueue(self, *args: object) -> None:
            queued.append(args)

    monkeypatch.setattr(services, "kirim_surel_admin", Antrean())
    p = services.ajukan_permohonan(isian(), pdf())
    p, admin, _ = services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    assert queued == [(p.pk, admin.pk)]


def test_the_fallback_password_still_works_and_spends_the_link(
    admin_nasional, client, django_capture_on_commit_callbacks
):
    p = services.ajukan_permohonan(isian(), pdf())
    with django_capture_on_commit_callbacks(execute=True):
        _, _, password = services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    surel = next(m for m in mail.outbox if m.to == ["admin@kapuaskab.go.id"])
    tautan = re.search(r"(/akun/atur-sandi/\S+/)\n", surel.body).group(1)
    response = client.post(reverse("accounts:login"), {"nip": ADMIN_NIP, "password": password})
    assert response.status_code == 302 and client.get(reverse("home"))["Location"] == reverse(
        "accounts:password_change"
    )
    assert "Tautan tidak berlaku lagi" in Client().get(tautan).content.decode()


def test_no_admin_email_for_an_account_gone_inactive(admin_nasional):
    from kinerja.pendaftaran.tasks import kirim_surel_admin

    p = services.ajukan_permohonan(isian(), pdf())
    p, admin, _ = services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    User.objects.filter(pk=admin.pk).update(is_active=False)
    assert kirim_surel_admin.call(p.pk, admin.pk) == 0
    User.objects.filter(pk=admin.pk).update(is_active=True)
    assert kirim_surel_admin.call(p.pk, admin.pk) == 1


def test_reject_with_reason(admin_nasional, django_capture_on_commit_callbacks):
    p = services.ajukan_permohonan(isian(), pdf())
    with pytest.raises(DomainError, match="Alasan penolakan wajib"):
        services.tolak_permohonan(admin_nasional, p, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.tolak_permohonan(admin_nasional, p, "Bukan instansi pemerintah.")
    p.refresh_from_db()
    assert p.status == "ditolak" and p.catatan == "Bukan instansi pemerintah."
    assert "DITOLAK" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="pendaftaran.ditolak", actor=admin_nasional).exists()
    assert not Instansi.objects.filter(nama=p.nama).exists()
    # Final: nothing more can happen to it, and a new application is allowed again.
    with pytest.raises(DomainError):
        services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    assert services.ajukan_permohonan(isian(), pdf()).status == "diajukan"


def _refused(data, surat, pesan):
    before = (PermohonanInstansi.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match=pesan):
        services.ajukan_permohonan(data, surat)
    assert (PermohonanInstansi.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"admin_nip": "19850312201001100"}, "NIP admin yang ditunjuk tidak valid: .*18 digit"),
        ({"admin_nip": "1985031220100110AB"}, "NIP admin yang ditunjuk tidak valid"),
        ({"pemohon_nip": "123"}, "NIP pemohon tidak valid"),
        ({"admin_email": "bukan-email"}, "E-mail admin tidak valid"),
        ({"pemohon_jabatan": "sekda"}, "PPK atau Pejabat Pimpinan Tinggi Pratama"),
        ({"nama": "  "}, "Nama instansi wajib"),
    ],
)
def test_bad_fields_store_nothing(db, ubah, pesan):
    _refused(isian(**ubah), pdf(), pesan)
    assert stored_files() == []


@pytest.mark.parametrize(
    ("surat", "pesan"),
    [
        (SimpleUploadedFile("surat.pdf", b"\x89PNG\r\n\x1a\n0000"), "bukan PDF seperti namanya"),
        (SimpleUploadedFile("surat.png", b"\x89PNG\r\n\x1a\n0000"), "harus berkas PDF"),
        (SimpleUploadedFile("surat.exe", b"MZ0000"), "tidak diterima"),
        (None, "Unggah surat permohonan"),
    ],
)
def test_wrong_letter_stores_nothing(db, surat, pesan):
    _refused(isian(), surat, pesan)
    assert stored_files() == []


def test_oversized_letter_stores_nothing(db, settings):
    settings.BERKAS_MAX_BYTES = 1024
    _refused(isian(), pdf(isi=b"%PDF-1.4\n" + b"0" * 2048), "terlalu besar")
    assert stored_files() == []


def test_duplicate_pending_application_is_refused(db):
    first = services.ajukan_permohonan(isian(), pdf())
    # Same instansi written differently, another admin: still the same instansi.
    dup = isian(nama="PEMERINTAH  Kabupaten Kapuas.", admin_nip=PEMOHON_NIP)
    _refused(dup, pdf(), f"sudah ada dan sedang diproses \\(nomor {first.nomor}\\)")
    assert len(stored_files()) == 1


def test_admin_appointed_twice_is_refused(db):
    services.ajukan_permohonan(isian(), pdf())
    _refused(isian(nama="Kota Lain"), pdf(), "sudah ditunjuk sebagai admin")


def test_nip_with_an_account_is_refused(db):
    UserFactory(nip=ADMIN_NIP)
    _refused(isian(), pdf(), "sudah memiliki akun")
    assert stored_files() == []


def test_database_constraint_catches_a_race(db, monkeypatch):
    """Two submissions checked at the same time: the partial unique index refuses the second,
    and its file is removed again."""
    services.ajukan_permohonan(isian(), pdf())
    monkeypatch.setattr(services, "_periksa_tidak_ganda", lambda *a, **k: None)
    _refused(isian(admin_nip=PEMOHON_NIP), pdf(), "sudah ada dan sedang diproses")
    assert len(stored_files()) == 1


def test_review_needs_the_admin_nasional_and_a_note(org, admin_nasional):
    p = services.ajukan_permohonan(isian(), pdf())
    for actor in (org.admin, User.objects.get(pk=org.admin.pk)):
        with pytest.raises(PermissionDenied):
            services.setujui_permohonan(actor, p, "KAPUAS")
    with pytest.raises(PermissionDenied):
        services.minta_perbaikan(org.admin, p, "x")
    with pytest.raises(DomainError, match="Catatan perbaikan wajib"):
        services.minta_perbaikan(admin_nasional, p, "")
    with pytest.raises(DomainError, match="Kode instansi 2-16"):
        services.setujui_permohonan(admin_nasional, p, "kode salah!")
    assert PermohonanInstansi.objects.get(pk=p.pk).status == "diajukan"
    assert not Instansi.objects.filter(nama=p.nama).exists()


def test_approval_refused_by_daftarkan_instansi_changes_nothing(org, admin_nasional):
    p = services.ajukan_permohonan(isian(), pdf())
    with pytest.raises(DomainError, match="sudah dipakai"):
        services.setujui_permohonan(admin_nasional, p, org.instansi.kode)
    p.refresh_from_db()
    assert p.status == "diajukan" and p.instansi is None
    assert not User.objects.filter(nip=ADMIN_NIP).exists()


def test_fix_needs_the_applicants_email_and_the_right_status(admin_nasional):
    p = services.ajukan_permohonan(isian(), pdf())
    with pytest.raises(DomainError, match="tidak sedang menunggu perbaikan"):
        services.perbaiki_permohonan(p, "ppk@kapuaskab.go.id", isian())
    services.minta_perbaikan(admin_nasional, p, "Perbaiki nama.")
    with pytest.raises(DomainError, match="tidak cocok"):
        services.perbaiki_permohonan(p, "lain@contoh.go.id", isian(nama="Kab. Kapuas"))
    with pytest.raises(DomainError, match="NIP admin"):
        services.perbaiki_permohonan(p, "ppk@kapuaskab.go.id", isian(admin_nip="1"))
    p.refresh_from_db()
    assert p.status == "perlu_perbaikan" and p.nama == "Pemerintah Kabupaten Kapuas"


def test_lookup_needs_number_and_email(db):
    p = services.ajukan_permohonan(isian(), pdf())
    assert services.cari_permohonan(p.nomor.lower(), " PPK@kapuaskab.go.id ") == p
    assert services.cari_permohonan(p.nomor, "lain@contoh.go.id") is None
    assert services.cari_permohonan("", "ppk@kapuaskab.go.id") is None


def test_the_admin_first_login_email_is_sent_again_until_the_admin_logs_in(
    admin_nasional, client, django_capture_on_commit_callbacks
):
    """The e-mail did not arrive or its 3-day link expired: the Admin Nasional sends a new
    one-time link (never the password). Once the admin has logged in, no more."""
    p = services.ajukan_permohonan(isian(), pdf())
    with pytest.raises(DomainError, match="hanya dikirim untuk permohonan yang disetujui"):
        services.kirim_ulang_petunjuk_admin(admin_nasional, p)
    with django_capture_on_commit_callbacks(execute=True):
        p, admin, password = services.setujui_permohonan(admin_nasional, p, "KAPUAS")
    assert selectors.admin_belum_masuk(p) == admin
    with pytest.raises(PermissionDenied):
        services.kirim_ulang_petunjuk_admin(UserFactory(), p)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.kirim_ulang_petunjuk_admin(admin_nasional, p) == admin
    (surel,) = mail.outbox
    assert surel.to == ["admin@kapuaskab.go.id"] and ADMIN_NIP in surel.body
    assert password not in surel.body
    tautan = re.search(r"(/akun/atur-sandi/\S+/)\n", surel.body).group(1)
    event = AuditEvent.objects.get(action="pendaftaran.petunjuk_admin_dikirim_ulang")
    assert event.instansi == p.instansi and event.after == {"kepada": "admin@kapuaskab.go.id"}
    halaman = Client().get(tautan, follow=True).content.decode()
    assert "Simpan kata sandi" in halaman and "Tautan tidak berlaku lagi" not in halaman

    response = client.post(reverse("accounts:login"), {"nip": ADMIN_NIP, "password": password})
    assert response.status_code == 302
    assert selectors.admin_belum_masuk(p) is None
    with pytest.raises(DomainError, match="sudah pernah masuk"):
        services.kirim_ulang_petunjuk_admin(admin_nasional, p)
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="pendaftaran.petunjuk_admin_dikirim_ulang").count() == 1
