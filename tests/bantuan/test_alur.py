"""A ticket's life through the views: open → admin reply → pelapor reply → escalate → the
Admin Nasional resolves → reopen, with the status, the in-app notifications and the e-mails
of each step."""

from django.core import mail
from django.urls import reverse

from kinerja.bantuan.models import BalasanTiket, LampiranTiket, StatusTiket, Tiket
from kinerja.core.models import AuditEvent, Notifikasi
from tests.bantuan.conftest import png
from tests.conftest import login, user_for


def _notif(user, jenis):
    return list(
        Notifikasi.objects.filter(penerima=user, jenis=jenis).values_list("judul", flat=True)
    )


def _kepada():
    return sorted(a for m in mail.outbox for a in m.to)


def test_the_whole_flow(client, org, staf, admin_a, nasional, django_capture_on_commit_callbacks):
    login(client, staf)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("bantuan:baru"),
            {
                "kategori": "skp",
                "judul": "Tidak bisa mengajukan SKP",
                "uraian": "Tombol Ajukan tidak muncul.",
                "halaman_asal": "/perencanaan/skp/?tahun=2026",
                "lampiran": [png()],
            },
        )
    tiket = Tiket.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("bantuan:tiket", args=[tiket.pk])
    assert (tiket.status, tiket.instansi_id, tiket.peran_pelapor) == (
        StatusTiket.BARU,
        org.instansi.pk,
        "pegawai",
    )
    assert tiket.halaman_asal == "/perencanaan/skp/?tahun=2026"
    assert tiket.nomor == f"T-{tiket.created_at:%Y}-{tiket.pk:06d}"
    assert LampiranTiket.objects.filter(tiket=tiket, balasan=None).count() == 1
    assert _notif(admin_a, "bantuan.tiket_baru") and _kepada() == ["admin.a@contoh.go.id"]

    # The Admin Instansi answers: the ticket waits for the user, who is told in-app and by mail.
    mail.outbox.clear()
    login(client, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bantuan:balas", args=[tiket.pk]), {"isi": "Sudah isi RHK?"})
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.MENUNGGU and tiket.dijawab_at is not None
    dijawab = tiket.dijawab_at
    assert _notif(staf, "bantuan.balasan") and _kepada() == ["staf@contoh.go.id"]

    # The pelapor answers back: Diproses; the admin is told.
    mail.outbox.clear()
    login(client, staf)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bantuan:balas", args=[tiket.pk]), {"isi": "Sudah, tetap tidak."})
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.DIPROSES
    assert len(_notif(admin_a, "bantuan.balasan")) == 1 and _kepada() == ["admin.a@contoh.go.id"]

    # Escalation: the Admin Nasional gets an e-mail (no in-app inbox without an instansi).
    mail.outbox.clear()
    login(client, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bantuan:eskalasi", args=[tiket.pk]), {"catatan": "Bug aplikasi?"})
    tiket.refresh_from_db()
    assert tiket.dieskalasi_at is not None and tiket.catatan_eskalasi == "Bug aplikasi?"
    assert _notif(staf, "bantuan.eskalasi")
    assert _kepada() == ["bkn@contoh.go.id", "staf@contoh.go.id"]
    assert not Notifikasi.objects.filter(penerima=nasional).exists()

    # The Admin Nasional answers and resolves in one go.
    mail.outbox.clear()
    login(client, nasional)
    page = client.get(reverse("bantuan:antrean_nasional")).content.decode()
    assert tiket.nomor in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("bantuan:balas", args=[tiket.pk]),
            {"isi": "Sudah diperbaiki, silakan coba lagi.", "setelah": "selesai"},
        )
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.SELESAI and tiket.selesai_at is not None
    assert tiket.dijawab_at == dijawab  # the first answer stays the first
    assert _notif(staf, "bantuan.selesai") and _notif(admin_a, "bantuan.balasan")
    assert _kepada() == ["admin.a@contoh.go.id", "staf@contoh.go.id"]

    # The pegawai sees the answer on the ticket.
    login(client, staf)
    body = client.get(reverse("bantuan:tiket", args=[tiket.pk])).content.decode()
    assert "Sudah diperbaiki, silakan coba lagi." in body and "Admin Nasional" in body
    assert 'id="status-tiket">Selesai<' in body

    # Replying to a resolved ticket is refused; reopening puts it back to Diproses.
    client.post(reverse("bantuan:balas", args=[tiket.pk]), {"isi": "lagi"})
    assert BalasanTiket.objects.filter(tiket=tiket).count() == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("bantuan:status", args=[tiket.pk]),
            {"aksi": "buka_kembali", "alasan": "Muncul lagi"},
        )
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.DIPROSES and tiket.selesai_at is None
    assert _notif(admin_a, "bantuan.dibuka_kembali")
    assert _kepada() == ["admin.a@contoh.go.id", "bkn@contoh.go.id"]
    actions = list(
        AuditEvent.objects.filter(object_type="bantuan.Tiket").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "bantuan.tiket_dibuka",
            "bantuan.dibalas",
            "bantuan.dibalas",
            "bantuan.dieskalasi",
            "bantuan.dibalas",
            "bantuan.dibuka_kembali",
        ]
    )


def test_handler_can_keep_it_in_process_and_resolve_separately(client, org, staf, admin_a):
    from kinerja.bantuan import services

    tiket = services.buka_tiket(staf, kategori="akun", judul="Lupa", uraian="Lupa sandi")
    login(client, admin_a)
    client.post(reverse("bantuan:status", args=[tiket.pk]), {"aksi": "proses"})
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.DIPROSES
    client.post(
        reverse("bantuan:balas", args=[tiket.pk]), {"isi": "Sedang dicek", "setelah": "diproses"}
    )
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.DIPROSES and tiket.dijawab_at is not None
    client.post(reverse("bantuan:status", args=[tiket.pk]), {"aksi": "selesai"})
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.SELESAI
    assert Notifikasi.objects.filter(penerima=staf, jenis="bantuan.selesai").count() == 1


def test_pelapor_reply_on_a_new_ticket_keeps_it_new(org, staf):
    from kinerja.bantuan import services

    tiket = services.buka_tiket(staf, kategori="akun", judul="Lupa", uraian="Lupa sandi")
    services.balas(staf, tiket, "Tambahan: NIP saya benar.")
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.BARU and tiket.dijawab_at is None


def test_role_is_captured(org):
    from kinerja.bantuan import services

    kasi = user_for(org.kasi)
    assert services.buka_tiket(kasi, kategori="skp", judul="a", uraian="b").peran_pelapor == (
        "penilai"
    )
    admin_tiket = services.buka_tiket(org.admin, kategori="tpp", judul="a", uraian="b")
    assert admin_tiket.peran_pelapor == "admin_instansi"
    # the admin who opens it is not told of their own ticket
    baru = Notifikasi.objects.filter(penerima=org.admin, jenis="bantuan.tiket_baru")
    assert [n.url for n in baru] == [reverse("bantuan:tiket", args=[admin_tiket.pk - 1])]


def test_the_bantuan_link_carries_the_current_page(client, org, staf):
    login(client, staf)
    page = reverse("pelaksanaan:briefing_diikuti")
    body = client.get(page + "?x=1").content.decode()
    assert f'href="{reverse("bantuan:baru")}?dari={page}%3Fx%3D1" class="bantuan-link"' in body
    form = client.get(reverse("bantuan:baru"), {"dari": page + "?x=1"}).content.decode()
    assert f'name="halaman_asal" value="{page}?x=1"' in form


def test_admin_nasional_cannot_open_a_ticket(client, nasional):
    login(client, nasional)
    r = client.get(reverse("bantuan:baru"))
    assert "tidak terdaftar pada instansi" in r.content.decode()
    r = client.post(reverse("bantuan:baru"), {"kategori": "skp", "judul": "a", "uraian": "b"})
    assert "tidak terdaftar pada instansi" in r.content.decode()
    assert not Tiket.objects.exists()
