"""The access matrix of every pembinaan URL (dialog kinerja, briefing, attachment downloads).

ROUTES describes each URL name of views_pembinaan: its methods, the object it names (in a
`Stage`: the kasi's dialog with the staf, and the kasi's briefing for the seksi with the staf
attending and a PDF attached), the POST body, and what each role gets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.models import AuditEvent
from kinerja.pelaksanaan import views_pembinaan
from kinerja.pelaksanaan.models import (
    Briefing,
    DialogKinerja,
    LampiranBriefing,
    PesertaBriefing,
    TindakLanjutDialog,
)
from tests.conftest import Org, buat_admin_nasional, build_org, login, rolled_back
from tests.pelaksanaan.test_pembinaan_services import PDF, briefing, dialog, today, users_of

# Roles, relative to the staf's dialog: its pegawai, its penilai (the kasi), the atasan of the
# penilai (the kabid), a colleague (staf_bidang), the Admin Instansi, the Admin Nasional. For the
# briefing the kasi is its leader and the staf an attendee.
ROLES = ["anon", "pemilik", "penilai", "atasan_penilai", "rekan", "admin", "nasional"]
PERSON = {"pemilik": "staf", "penilai": "kasi", "atasan_penilai": "kabid", "rekan": "staf_bidang"}
TO_LOGIN = "login"
WRITES, REFUSED, NOT_FOUND = "writes", "refused", 404


@dataclass
class Stage:
    org: Org
    users: dict[str, User]
    dialog: DialogKinerja
    item: TindakLanjutDialog
    briefing: Briefing
    lampiran: LampiranBriefing


def build_stage(org: Org) -> Stage:
    users = users_of(org)
    d = dialog(users["kasi"], org.staf)
    b = briefing(
        users["kasi"],
        org,
        lampiran=[SimpleUploadedFile("notulen.pdf", PDF)],
        tautan=["https://contoh.go.id/a"],
    )
    return Stage(
        org=org,
        users=users,
        dialog=d,
        item=d.tindak_lanjut.get(),
        briefing=b,
        lampiran=b.lampiran.exclude(berkas="").get(),
    )


def outcomes(**given: Any) -> dict[str, Any]:
    """Anonymous users log in; who is not named gets 404."""
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


PEGAWAI_PAGE = outcomes(pemilik=200, penilai=200, atasan_penilai=200, rekan=200)
ADMIN_PAGE = outcomes(admin=200)
DIALOG_PAGE = outcomes(pemilik=200, penilai=200, atasan_penilai=200, admin=200)
BRIEFING_PAGE = outcomes(pemilik=200, penilai=200, admin=200)


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    kwargs: Callable[[Stage], dict[str, Any]] | None = None
    get: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    # A valid POST body: a missing check would really write.
    data: Callable[[Stage], dict[str, Any]] = field(default=lambda s: {})


def dialog_pk(s: Stage) -> dict[str, Any]:
    return {"pk": s.dialog.pk}


def briefing_pk(s: Stage) -> dict[str, Any]:
    return {"pk": s.briefing.pk}


def dialog_data(s: Stage) -> dict[str, Any]:
    return {
        "pegawai": s.org.staf.pk,
        "tanggal": today().isoformat(),
        "agenda": "Evaluasi",
        "hasil_kerja": "Baik",
        "tl_uraian": ["Pelatihan"],
        "tl_jatuh_tempo": [today().isoformat()],
    }


def briefing_data(s: Stage) -> dict[str, Any]:
    return {
        "unor": s.org.seksi.pk,
        "tanggal": today().isoformat(),
        "topik": "Apel pagi",
        "arahan": "Disiplin",
        "peserta": [s.org.staf.pk],
    }


ROUTES: dict[str, Route] = {
    "pelaksanaan:dialog_saya": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:dialog_bawahan": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:dialog_baru": Route(
        ("GET", "POST"),
        get=PEGAWAI_PAGE,
        # Only the staf's penilai records; the others are refused with a message.
        post=outcomes(pemilik=REFUSED, penilai=WRITES, atasan_penilai=REFUSED, rekan=REFUSED),
        data=dialog_data,
    ),
    "pelaksanaan:dialog_instansi": Route(("GET",), get=ADMIN_PAGE),
    "pelaksanaan:dialog_detail": Route(("GET",), dialog_pk, get=DIALOG_PAGE),
    "pelaksanaan:dialog_ubah": Route(
        ("GET", "POST"),
        dialog_pk,
        get=outcomes(penilai=200),
        post=outcomes(penilai=WRITES),
        data=dialog_data,
    ),
    "pelaksanaan:dialog_konfirmasi": Route(
        ("POST",),
        dialog_pk,
        post=outcomes(pemilik=WRITES, penilai=REFUSED, atasan_penilai=REFUSED),
    ),
    "pelaksanaan:tindak_lanjut_tandai": Route(
        ("POST",),
        lambda s: {"pk": s.item.pk},
        post=outcomes(pemilik=WRITES, penilai=WRITES, atasan_penilai=REFUSED),
        data=lambda s: {"selesai": "1"},
    ),
    "pelaksanaan:briefing_saya": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:briefing_diikuti": Route(("GET",), get=PEGAWAI_PAGE),
    "pelaksanaan:briefing_baru": Route(
        ("GET", "POST"),
        get=PEGAWAI_PAGE,
        # Only the seksi's leader; the kabid leads the bidang above it, not the seksi.
        post=outcomes(pemilik=REFUSED, penilai=WRITES, atasan_penilai=REFUSED, rekan=REFUSED),
        data=briefing_data,
    ),
    "pelaksanaan:briefing_instansi": Route(("GET",), get=ADMIN_PAGE),
    "pelaksanaan:briefing_detail": Route(("GET",), briefing_pk, get=BRIEFING_PAGE),
    "pelaksanaan:briefing_konfirmasi": Route(
        ("POST",), briefing_pk, post=outcomes(pemilik=WRITES, penilai=REFUSED)
    ),
    "pelaksanaan:briefing_lampiran": Route(
        ("GET",), lambda s: {"pk": s.lampiran.pk}, get=BRIEFING_PAGE
    ),
}
TENANT_ROUTES = [name for name, route in ROUTES.items() if route.kwargs]


def url(name: str, stage: Stage) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(stage) if route.kwargs else None)


def build_world() -> dict[str, Any]:
    """Built once for the module's tests: each gets a copy as `world` (tests/conftest.py)."""
    a, b = build_stage(build_org("A")), build_stage(build_org("B"))
    users: dict[str, User | None] = {"anon": None, "admin": a.org.admin}
    users["nasional"] = buat_admin_nasional()
    users.update({role: a.users[person] for role, person in PERSON.items()})
    return {"A": a, "B": b, "users": users}


def client_as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def writes() -> tuple[int, ...]:
    """Every service write is audited; row counts catch a write that forgot to audit."""
    return (
        AuditEvent.objects.count(),
        DialogKinerja.objects.count(),
        DialogKinerja.objects.filter(dikonfirmasi_pegawai_at__isnull=False).count(),
        TindakLanjutDialog.objects.count(),
        TindakLanjutDialog.objects.filter(selesai=True).count(),
        Briefing.objects.count(),
        PesertaBriefing.objects.filter(dikonfirmasi_at__isnull=False).count(),
    )


def outcome(response: Any, before: tuple[int, ...]) -> Any:
    login_url = reverse("accounts:login") + "?next="
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return TO_LOGIN
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(login_url):
        return TO_LOGIN
    if response.status_code in (200, 302):
        return WRITES if writes() != before else REFUSED
    return response.status_code


# --- The matrix covers everything ------------------------------------------------------------


def test_matrix_covers_every_url():
    names = {f"pelaksanaan:{p.name}" for p in views_pembinaan.urlpatterns}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"


def test_every_role_has_an_expectation():
    for name, route in ROUTES.items():
        if "GET" in route.methods:
            assert set(route.get) == set(ROLES), name
        if "POST" in route.methods:
            assert set(route.post) == set(ROLES), name


# --- GET and POST for each role on the objects of their own instansi --------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_get_by_role(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    got = {}
    for role in ROLES:
        response = client_as(world["users"][role]).get(target)
        got[role] = TO_LOGIN if outcome(response, ()) == TO_LOGIN else response.status_code
    expected = route.get if "GET" in route.methods else dict.fromkeys(ROLES, 405)
    assert got == expected, target


@pytest.mark.parametrize("name", [n for n in sorted(ROUTES) if "POST" in ROUTES[n].methods])
@pytest.mark.parametrize("htmx", [False, True])
def test_post_by_role(world, name, htmx):
    route, stage = ROUTES[name], world["A"]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for role in ROLES:
        with rolled_back():  # one role's write cannot change what the next one meets
            before = writes()
            response = client_as(world["users"][role]).post(
                url(name, stage), route.data(stage), **extra
            )
            assert outcome(response, before) == route.post[role], (role, name)


def test_get_only_routes_refuse_post(world):
    for name, route in ROUTES.items():
        if "POST" not in route.methods:
            response = client_as(world["users"]["pemilik"]).post(url(name, world["A"]))
            assert response.status_code == 405, name


# --- Anonymous, other instansi, missing objects ----------------------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_is_sent_to_login_with_next(world, name):
    route = ROUTES[name]
    target = url(name, world["A"])
    before = writes()
    for method in route.methods:
        data = route.data(world["A"]) if method == "POST" else None
        response = getattr(Client(), method.lower())(target, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={quote(target)}"
    assert writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
@pytest.mark.parametrize("role", ["pemilik", "penilai", "atasan_penilai", "admin"])
def test_objects_of_another_instansi_are_404(world, name, role):
    route = ROUTES[name]
    target = url(name, world["B"])
    client = client_as(world["users"][role])
    before = writes()
    for method in route.methods:
        data = route.data(world["B"]) if method == "POST" else None
        response = getattr(client, method.lower())(target, data)
        assert response.status_code == 404, (role, method, target)
    assert writes() == before


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_missing_objects_are_404_too(world, name):
    route = ROUTES[name]
    for method in route.methods:
        response = getattr(client_as(world["users"]["penilai"]), method.lower())(
            reverse(name, kwargs={"pk": 999_999}), route.data(world["A"])
        )
        assert response.status_code == 404


def test_another_instansis_pegawai_and_unit_cannot_be_posted(world):
    """The ids in the body are scoped too: B's staf or B's seksi are refused, nothing written."""
    a, b = world["A"], world["B"]
    client = client_as(world["users"]["penilai"])
    before = writes()
    body = {**dialog_data(a), "pegawai": b.org.staf.pk}
    response = client.post(reverse("pelaksanaan:dialog_baru"), body)
    assert response.status_code == 200 and "Pilih pegawai" in response.content.decode()
    body = {**briefing_data(a), "unor": b.org.seksi.pk}
    response = client.post(reverse("pelaksanaan:briefing_baru"), body)
    assert response.status_code == 200 and "Pilih unit" in response.content.decode()
    assert writes() == before


def test_admin_unit_filter_of_another_instansi_is_404(world):
    client = client_as(world["users"]["admin"])
    for name in ("pelaksanaan:dialog_instansi", "pelaksanaan:briefing_instansi"):
        response = client.get(reverse(name), {"unor": world["B"].org.seksi.pk})
        assert response.status_code == 404


def test_a_link_attachment_has_nothing_to_download(world):
    link = world["A"].briefing.lampiran.get(berkas="")
    response = client_as(world["users"]["penilai"]).get(
        reverse("pelaksanaan:briefing_lampiran", args=[link.pk])
    )
    assert response.status_code == 404
