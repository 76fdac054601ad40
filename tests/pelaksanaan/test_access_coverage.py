"""Every pelaksanaan URL is described in one area's access matrix (test_access_<area>.py);
tests/core/test_tenancy.py leaves the `pelaksanaan:` names to them."""

from importlib import import_module

from tests.core.test_tenancy import url_names

AREAS = ["periode", "aktivitas", "realisasi", "pembinaan", "pemantauan"]


def test_every_pelaksanaan_url_is_in_an_access_matrix():
    covered: dict[str, str] = {}
    for area in AREAS:
        for name in import_module(f"tests.pelaksanaan.test_access_{area}").ROUTES:
            assert name not in covered, f"{name} is in both {covered[name]} and {area}"
            covered[name] = area
    names = {n for n in url_names() if n.startswith("pelaksanaan:")}
    missing = names - set(covered)
    assert not missing, f"add these URL names to a tests/pelaksanaan/test_access_*.py: {missing}"
    assert not set(covered) - names, "an access matrix names URLs that no longer exist"
