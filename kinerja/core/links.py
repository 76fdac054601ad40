"""Absolute links for what leaves the browser (e-mails, QR codes on documents): the public
address is KINERJA_SITE_URL, never the request's Host."""

from django.conf import settings


def site_url() -> str:
    return str(settings.KINERJA_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (as reverse() gives it) on the public address."""
    return site_url() + path
