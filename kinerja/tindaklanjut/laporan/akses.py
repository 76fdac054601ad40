"""Who sees which part of the reports (issue 6, "Reports").

The Admin Instansi sees the whole instansi. The leader of a unit on the day (definitif, PLT or
PLH, with the precedence of org.atasan: the one who wins the position) sees the subtree of each
unit they lead. Everyone else, and every other instansi, gets 404; anonymous users are sent to
the login page by the views' decorator.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from kinerja.org.models import UnitOrganisasi
from kinerja.penilaian.selectors_organisasi import unit_dipimpin


@dataclass(frozen=True)
class Cakupan:
    """The part of the instansi a user's reports cover: everything (`units` empty and
    `seluruh`), or the subtrees of the units they lead (top-most first, nested ones dropped)."""

    instansi_id: int
    seluruh: bool
    units: tuple[UnitOrganisasi, ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(u.path for u in self.units)

    @property
    def label(self) -> str:
        if self.seluruh:
            return "Seluruh instansi"
        return ", ".join(u.nama for u in self.units)

    def filter(self, field: str = "unor__path") -> Q:
        """A filter on a unit path (`field`): everything, or one of the subtrees."""
        if self.seluruh:
            return Q()
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(**{f"{field}__startswith": path})
        return q

    def memuat(self, path: str) -> bool:
        return self.seluruh or any(path.startswith(p) for p in self.paths)


def hari_ini() -> dt.date:
    """Today in the user's instansi zone (the middleware activates it)."""
    return timezone.localdate()


def cakupan_of(user: Any, hari: dt.date | None = None) -> Cakupan:
    """The user's scope, or 404 (no instansi, not an admin, leading no unit on the day)."""
    if not user.instansi_id:
        raise Http404
    if user.is_admin_instansi:
        return Cakupan(user.instansi_id, True)
    if not user.pegawai_id:
        raise Http404
    led = unit_dipimpin(user.instansi_id, user.pegawai_id, hari or hari_ini())
    if not led:
        raise Http404
    units = sorted(
        UnitOrganisasi.objects.filter(instansi_id=user.instansi_id, pk__in=led),
        key=lambda u: (u.path, u.pk),
    )
    top: list[UnitOrganisasi] = []
    for unit in units:  # a unit inside one already kept is covered by it
        if not any(unit.path.startswith(t.path) for t in top):
            top.append(unit)
    return Cakupan(user.instansi_id, False, tuple(top))
