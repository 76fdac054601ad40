"""Who reads a ticket and its attachments: the pelapor, the Admin Instansi of the ticket's
instansi, the Admin Nasional only after escalation. Everyone else gets 404 on every URL of
the ticket, and their POSTs write nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.bantuan import services
from kinerja.bantuan.models import BalasanTiket, StatusTiket, Tiket
from kinerja.core.models import AuditEvent
from tests.bantuan.conftest import png
from tests.conftest import login, user_for


@pytest.fixture
def kasus(org, other_org, staf, admin_nasional):
    tiket = services.buka_tiket(
        staf, kategori="skp", judul="Rahasia A", uraian="Isi rahasia", lampiran=[png()]
    )
    return {
        "tiket": tiket,
        "lampiran": tiket.lampiran.get(),
        "users": {
            "pelapor": staf,
            "penilai_pelapor": user_for(org.kasi),
            "rekan": user_for(org.staf_bidang),
            "admin_a": org.admin,
            "admin_b": other_org.admin,
            "pegawai_b": user_for(other_org.staf),
            "nasional": admin_nasional,
        },
    }


BOLEH_SEBELUM = {"pelapor", "admin_a"}
BOLEH_SESUDAH = {"pelapor", "admin_a", "nasional"}


def _get(user, url):
    return login(Client(), user).get(url)


def _urls(kasus):
    return [
        reverse("bantuan:tiket", args=[kasus["tiket"].pk]),
        reverse("bantuan:lampiran", args=[kasus["lampiran"].pk]),
    ]


@pytest.mark.parametrize("eskalasi", [False, True])
def test_read_matrix(kasus, eskalasi):
    if eskalasi:
        services.eskalasi(kasus["users"]["admin_a"], kasus["tiket"], "Tolong")
    boleh = BOLEH_SESUDAH if eskalasi else BOLEH_SEBELUM
    got = {}
    for name, user in kasus["users"].items():
        got[name] = tuple(_get(user, url).status_code for url in _urls(kasus))
    assert got == {n: (200, 200) if n in boleh else (404, 404) for n in kasus["users"]}


def test_attachment_is_the_file_itself(kasus):
    r = _get(kasus["users"]["pelapor"], _urls(kasus)[1])
    assert b"".join(r.streaming_content).startswith(b"\x89PNG")
    assert r["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize("name", ["penilai_pelapor", "rekan", "admin_b", "pegawai_b", "nasional"])
def test_outsiders_post_nothing(kasus, name):
    tiket, user = kasus["tiket"], kasus["users"][name]
    client = login(Client(), user)
    before = AuditEvent.objects.count()
    for url, data in [
        (reverse("bantuan:balas", args=[tiket.pk]), {"isi": "Halo", "setelah": "selesai"}),
        (reverse("bantuan:status", args=[tiket.pk]), {"aksi": "selesai"}),
        (reverse("bantuan:eskalasi", args=[tiket.pk]), {"catatan": "x"}),
    ]:
        assert client.post(url, data).status_code == 404, url
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.BARU and tiket.dieskalasi_at is None
    assert not BalasanTiket.objects.exists() and AuditEvent.objects.count() == before


def test_only_the_admin_instansi_escalates(kasus):
    tiket = kasus["tiket"]
    url = reverse("bantuan:eskalasi", args=[tiket.pk])
    assert login(Client(), kasus["users"]["pelapor"]).post(url, {"catatan": "x"}).status_code == 404
    tiket.refresh_from_db()
    assert tiket.dieskalasi_at is None
    r = login(Client(), kasus["users"]["admin_a"]).post(url, {"catatan": "  "})
    tiket.refresh_from_db()
    assert r.status_code == 302 and tiket.dieskalasi_at is None  # a note is required
    login(Client(), kasus["users"]["admin_a"]).post(url, {"catatan": "Tolong dicek"})
    tiket.refresh_from_db()
    assert tiket.dieskalasi_at is not None


def test_the_pelapor_cannot_take_up_their_own_ticket(kasus):
    tiket = kasus["tiket"]
    login(Client(), kasus["users"]["pelapor"]).post(
        reverse("bantuan:status", args=[tiket.pk]), {"aksi": "proses"}
    )
    tiket.refresh_from_db()
    assert tiket.status == StatusTiket.BARU


def test_queues_show_only_what_is_theirs(kasus, other_org):
    tiket = kasus["tiket"]
    u = kasus["users"]
    services.buka_tiket(u["pegawai_b"], kategori="tpp", judul="Milik B", uraian="b")
    body_a = _get(u["admin_a"], reverse("bantuan:antrean")).content.decode()
    body_b = _get(u["admin_b"], reverse("bantuan:antrean")).content.decode()
    assert "Rahasia A" in body_a and "Milik B" not in body_a
    assert "Milik B" in body_b and "Rahasia A" not in body_b
    nasional = reverse("bantuan:antrean_nasional")
    assert "Rahasia A" not in _get(u["nasional"], nasional).content.decode()
    services.eskalasi(u["admin_a"], tiket, "Tolong")
    body = _get(u["nasional"], nasional).content.decode()
    assert "Rahasia A" in body and "Milik B" not in body
    mine = _get(u["rekan"], reverse("bantuan:tiket_saya")).content.decode()
    assert "Rahasia A" not in mine


def test_handler_after_escalation_is_the_admin_nasional_too(kasus):
    services.eskalasi(kasus["users"]["admin_a"], kasus["tiket"], "Tolong")
    services.balas(kasus["users"]["nasional"], kasus["tiket"], "Jawaban BKN")
    assert Tiket.objects.get().status == StatusTiket.MENUNGGU
    assert BalasanTiket.objects.get().dari_petugas
