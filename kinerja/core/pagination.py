"""Paginated lists with a capped count.

An exact COUNT(*) over 100,000 pegawai (or a growing audit log) costs a scan on every page view
and helps nobody: past a few dozen pages people search instead. So we count at most `cap` + 1
rows and say "more than …".
"""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        queryset: Any = self.object_list  # always a QuerySet here
        return int(queryset[: self.cap + 1].count())

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


def paginate(request: HttpRequest, object_list: Any, per_page: int = 25) -> Page:
    """The requested page (?page=N; a bad number gives the nearest valid page)."""
    paginator = CappedPaginator(object_list, per_page, cap=settings.LIST_COUNT_CAP)
    return paginator.get_page(request.GET.get("page"))
