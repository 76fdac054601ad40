"""The access matrix of every `dokumen:` and `verifikasi:` URL (tests/core/test_tenancy.py
leaves them to us). The stage: instansi A with the staf's two final results (TW I with its
issued document, TW II without one) and the staf's approved SKP without a document.

Roles are relative to the staf: the staf (dinilai), their penilai (kasi), the atasan penilai
(kabid), a colleague (rekan), the Admin Instansi; outsiders: a pegawai and the admin of
instansi B, the Admin Nasional, anonymous. Each POST runs in a savepoint that is rolled back;
a refusal must store nothing. The stage is built once for the module (documents are
rendered): each test gets a copy, rolled back after it."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.core.models import AuditEvent, Notifikasi
from kinerja.tindaklanjut.dokumen import services
from kinerja.tindaklanjut.dokumen.models import Dokumen, TandaTangan
from tests.conftest import buat_admin_nasional, build_org, rolled_back, user_for
from tests.core.test_tenancy import url_names
from tests.penilaian.test_access import status_of
from tests.perencanaan.test_access import NOT_FOUND, REFUSED, TO_LOGIN, WRITES, client_as
from tests.tindaklanjut.dokumen.conftest import ambil, bangun

ROLES = ["anon", "dinilai", "penilai", "atasan_penilai", "rekan", "admin", "lain_pegawai",
         "lain_admin", "nasional"]  # fmt: skip
PEGAWAI = ["dinilai", "penilai", "atasan_penilai", "rekan", "lain_pegawai"]
PERSON = {"dinilai": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


# name -> (method, path kwargs from the stage, expected per role)
ROUTES: dict[str, tuple[str, Any, dict[str, Any]]] = {
    "dokumen:daftar": (
        "GET",
        None,
        # Every pegawai has their own list; the admins have no pegawai.
        outcomes(**dict.fromkeys(PEGAWAI, 200)),
    ),
    "dokumen:unduh": (
        "GET",
        lambda w: {"pk": w["dok"].pk},
        outcomes(dinilai=200, penilai=200, atasan_penilai=200, admin=200),
    ),
    "dokumen:terima": (
        "POST",
        lambda w: {"pk": w["dok"].pk},
        outcomes(dinilai=WRITES, penilai=REFUSED, atasan_penilai=REFUSED, admin=REFUSED),
    ),
    "dokumen:terbitkan_evaluasi": (
        "POST",
        lambda w: {"pk": w["ev2"].pk},
        outcomes(dinilai=REFUSED, penilai=WRITES, atasan_penilai=WRITES, admin=WRITES),
    ),
    "dokumen:terbitkan_skp": (
        "POST",
        lambda w: {"pk": w["skp"].pk},
        outcomes(dinilai=REFUSED, penilai=WRITES, atasan_penilai=REFUSED, admin=WRITES),
    ),
    # The Admin Instansi of each instansi: their own instansi's documents.
    "dokumen:belum_terbit": ("GET", None, outcomes(admin=200, lain_admin=200)),
    "dokumen:terbitkan_semua": ("POST", None, outcomes(admin=WRITES, lain_admin=WRITES)),
    # Public: anyone, no login; an upload is checked, never stored.
    "verifikasi:dokumen": ("GET", lambda w: {"kode": w["dok"].kode}, dict.fromkeys(ROLES, 200)),
}


def build_world() -> dict[str, Any]:
    """Built once for the module's tests: each gets a copy as `world` (tests/conftest.py)."""
    org, other_org = build_org("A"), build_org("B")
    s = bangun(org)
    dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    users: dict[str, Any] = {
        "anon": None,
        "admin": org.admin,
        "lain_pegawai": user_for(other_org.kasi),
        "lain_admin": other_org.admin,
        "nasional": buat_admin_nasional(),
    }
    users.update({role: s.users[person] for role, person in PERSON.items()})
    return {"s": s, "dok": dok, "ev2": s.ev2, "skp": s.skp, "users": users}


def stored() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        Notifikasi.objects.count(),
        list(Dokumen.objects.order_by("pk").values_list("pk", "status", "sha256", "diterima_at")),
        TandaTangan.objects.count(),
    )


def url(name: str, w: dict[str, Any]) -> str:
    kwargs = ROUTES[name][1]
    return reverse(name, kwargs=kwargs(w) if kwargs else None)


def outcome(response: Any, before: tuple[Any, ...], write: bool) -> Any:
    status, changed = status_of(response), stored() != before
    if write and status in (200, 302):
        return WRITES if changed else REFUSED
    return f"{status} but stored something" if changed else status


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith(("dokumen:", "verifikasi:"))}
    assert names == set(ROUTES), f"describe in {__file__}: {sorted(names ^ set(ROUTES))}"


def test_every_route_and_role(world):
    got, expected = {}, {}
    for name, (method, _kwargs, want) in ROUTES.items():
        target = url(name, world)
        for role in ROLES:
            client = client_as(world["users"][role])
            with rolled_back():
                before = stored()
                if method == "GET":
                    response = client.get(target)
                else:
                    response = client.post(target, {"next": "/"})
                got[name, role] = outcome(response, before, write=method == "POST")
            expected[name, role] = want[role]
    assert got == expected


def test_get_routes_refuse_post_and_post_routes_refuse_get(world):
    before = stored()
    client = client_as(world["users"]["admin"])
    for name, (method, _kwargs, _want) in ROUTES.items():
        if name == "verifikasi:dokumen":
            continue  # GET shows, POST checks an upload (test below)
        other = client.post if method == "GET" else client.get
        assert other(url(name, world)).status_code == 405, name
    assert stored() == before


def test_download_is_the_pdf_and_private(world):
    response = client_as(world["users"]["dinilai"]).get(url("dokumen:unduh", world))
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_upload_on_the_public_page_stores_nothing(world):
    before = stored()
    data = world["dok"].berkas.open("rb").read()
    response = client_as(None).post(
        url("verifikasi:dokumen", world),
        {"berkas": SimpleUploadedFile("d.pdf", data, "application/pdf")},
    )
    assert response.status_code == 200 and "Asli:" in response.content.decode()
    assert stored() == before


def test_missing_objects_are_404(world):
    admin = client_as(world["users"]["admin"])
    for name, (method, kwargs, _want) in ROUTES.items():
        if kwargs is None:
            continue
        bad = {k: (999_999 if k == "pk" else "ZZZZZZZZZZZZ") for k in kwargs(world)}
        target = reverse(name, kwargs=bad)
        response = admin.get(target) if method == "GET" else admin.post(target)
        assert response.status_code == 404, name


def test_a_leader_link_shows_on_the_evaluation_page(world):
    """The evaluation page links the document; the TW II result offers Terbitkan ulang."""
    client = client_as(world["users"]["penilai"])
    body = client.get(reverse("penilaian:evaluasi", args=[world["s"].ev1.pk])).content.decode()
    assert reverse("dokumen:unduh", args=[world["dok"].pk]) in body
    body = client.get(reverse("penilaian:evaluasi", args=[world["ev2"].pk])).content.decode()
    assert "Dokumen belum diterbitkan" in body and "Terbitkan ulang" in body
    staf = client_as(world["users"]["dinilai"])
    body = staf.get(reverse("penilaian:evaluasi", args=[world["s"].ev1.pk])).content.decode()
    assert "Saya telah menerima dokumen ini" in body
