"""Query parameters shared by many screens."""

from django.http import HttpRequest
from django.utils import timezone


def tahun_param(request: HttpRequest) -> int:
    """?tahun=YYYY (or the posted one), default the current year in the instansi's zone; a bad
    or far-off value falls back to it."""
    value = request.POST.get("tahun") or request.GET.get("tahun") or ""
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year + 5 else this_year
