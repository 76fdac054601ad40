"""The access matrix of every laporan URL (tests/core/test_tenancy.py leaves them to us).

Roles on instansi A's world (conftest.buat_laporan): the staf (leads nothing), the kasi
(leads the seksi), the kabid (leads the bidang), the kepala (leads the dinas, the root), a
colleague (staf_bidang, leads nothing), the Admin Instansi; outsiders: B's kasi (a leader in
B), B's admin, the Admin Nasional (no instansi), anonymous.

Reports without a query naming A's objects show each user their own instansi (200 for B's
leader and admin). A query naming A's period or unit is 404 for B, and a unit outside a
leader's subtree is 404 for them (the seksi's kasi asking for the bidang). Nothing here
writes: every URL is GET only (POST 405) and nothing is stored by any request.
test_matrix_covers_every_url fails as soon as a laporan URL is not described here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.urls import reverse

from kinerja.core.models import AuditEvent
from tests.conftest import user_for
from tests.core.test_tenancy import url_names
from tests.penilaian.conftest import periode
from tests.penilaian.test_access import status_of
from tests.perencanaan.test_access import NOT_FOUND, TO_LOGIN, client_as
from tests.tindaklanjut.laporan.conftest import B, Dunia, buat_laporan

ROLES = [
    "anon",
    "staf",
    "kasi",
    "kabid",
    "kepala",
    "rekan",
    "admin",
    "lain_pegawai",
    "lain_admin",
    "nasional",
]
PERSON = {
    "staf": "staf",
    "kasi": "kasi",
    "kabid": "kabid",
    "kepala": "kepala",
    "rekan": "staf_bidang",
}


def outcomes(**given: Any) -> dict[str, Any]:
    return {**dict.fromkeys(ROLES, NOT_FOUND), "anon": TO_LOGIN, **given}


# Every leader and admin of their own instansi; A's leaders and admin for A's objects; the
# bidang's leaders (the kabid, the kepala above) and the admin for the bidang.
OWN = outcomes(kasi=200, kabid=200, kepala=200, admin=200, lain_pegawai=200, lain_admin=200)
A_OBJECT = outcomes(kasi=200, kabid=200, kepala=200, admin=200)
BIDANG = outcomes(kabid=200, kepala=200, admin=200)


@dataclass(frozen=True)
class Route:
    get: dict[str, Any]
    query: Callable[[Dunia], dict[str, Any]] | None = None


def unit_bidang(d: Dunia) -> dict[str, Any]:
    return {"unit": d.org.bidang.pk, "tahun": B}


ROUTES: dict[str, Route] = {
    "laporan:index": Route(OWN),
    "laporan:distribusi": Route(A_OBJECT, lambda d: {"periode": d.tw1.pk}),
    "laporan:kepatuhan": Route(OWN),
    "laporan:kepatuhan_ekspor": Route(OWN, lambda d: {"format": "csv"}),
    "laporan:perbaikan": Route(BIDANG, unit_bidang),
    "laporan:perbaikan_ekspor": Route(BIDANG, lambda d: {**unit_bidang(d), "format": "csv"}),
    "laporan:sangat_baik": Route(BIDANG, unit_bidang),
    "laporan:sangat_baik_ekspor": Route(BIDANG, lambda d: {**unit_bidang(d), "format": "xlsx"}),
    "laporan:layanan": Route(BIDANG, lambda d: {"unit": d.org.bidang.pk}),
    "laporan:layanan_ekspor": Route(BIDANG, lambda d: {"unit": d.org.bidang.pk}),
}


def url(name: str, d: Dunia) -> str:
    query = ROUTES[name].query
    return f"{reverse(name)}?{urlencode(query(d))}" if query else reverse(name)


def users(d: Dunia, other_org: Any, admin_nasional: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "anon": None,
        "admin": d.org.admin,
        "lain_pegawai": user_for(other_org.kasi),
        "lain_admin": other_org.admin,
        "nasional": admin_nasional,
    }
    found.update({role: d.users[person] for role, person in PERSON.items()})
    return found


def test_matrix_covers_every_url():
    names = {n for n in url_names() if n.startswith("laporan:")}
    missing = names - set(ROUTES)
    assert not missing, f"add these URL names to ROUTES in {__file__}: {sorted(missing)}"
    assert not set(ROUTES) - names, "ROUTES names URLs that no longer exist"
    assert all(set(r.get) == set(ROLES) for r in ROUTES.values())


def test_get_by_role_and_post_refused(org, other_org, admin_nasional):
    d = buat_laporan(org)
    people = users(d, other_org, admin_nasional)
    periode(other_org.instansi.pk)  # B's periods, made on first use (an audited write) once
    before = AuditEvent.objects.count()
    got, expected = {}, {}
    for name, route in ROUTES.items():
        target = url(name, d)
        for role in ROLES:
            got[name, role] = status_of(client_as(people[role]).get(target))
            expected[name, role] = route.get[role]
        post = client_as(people["admin"]).post(reverse(name), {})
        got[name, "POST"], expected[name, "POST"] = post.status_code, 405
    assert got == expected
    assert AuditEvent.objects.count() == before  # reading a report writes nothing


def test_anonymous_is_sent_to_login_with_next(org):
    d = buat_laporan(org)
    client = client_as(None)
    for name in ROUTES:
        target = url(name, d)
        response = client.get(target)
        expected = f"{reverse('accounts:login')}?next={quote(target)}"
        assert (response.status_code, response["Location"]) == (302, expected), name
        hx = client.get(target, HTTP_HX_REQUEST="true")
        assert (hx.status_code, hx["HX-Redirect"]) == (204, expected), name


def test_b_sees_nothing_of_a(org, other_org, admin_nasional):
    """B's admin and leader on the pages without A's ids: B's own rows, no name of A's people;
    a unit or period of A in the query is 404 for them."""
    d = buat_laporan(org)
    people = users(d, other_org, admin_nasional)
    for role in ["lain_admin", "lain_pegawai"]:
        client = client_as(people[role])
        for name in ROUTES:
            response = client.get(reverse(name), {"tahun": B})
            assert response.status_code == 200, (name, role)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            for person in ["Staf A", "Kasi A", "Kabid A", "Kepala A", d.org.staf.nip]:
                assert person.encode() not in body, (name, role, person)
        for query in ({"unit": d.org.seksi.pk}, {"periode": d.tw1.pk}):
            target = "laporan:layanan" if "unit" in query else "laporan:distribusi"
            assert client.get(reverse(target), query).status_code == 404
