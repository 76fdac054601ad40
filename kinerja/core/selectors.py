from typing import Any

from django.db.models import Q, QuerySet

from kinerja.core.models import AuditEvent


def audit_events(instansi_id: int, q: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(instansi_id=instansi_id).select_related("actor")
    if q:
        events = events.filter(Q(action__icontains=q) | Q(object_repr__icontains=q))
    return events.order_by("-created_at", "-id")


def home_context(user: Any) -> dict[str, Any]:
    """What the home page shows for each role (a user may hold several)."""
    from kinerja.org import selectors as org_selectors
    from kinerja.org.models import Instansi, Pegawai, UnitOrganisasi

    context: dict[str, Any] = {"roles": []}
    if user.is_admin_nasional:
        context["roles"].append("Admin Nasional")
        context["instansi_count"] = Instansi.objects.count()
    if user.is_admin_instansi and user.instansi_id:
        context["roles"].append("Admin Instansi")
        context["pegawai_count"] = Pegawai.objects.filter(instansi_id=user.instansi_id).count()
        context["unor_count"] = UnitOrganisasi.objects.filter(instansi_id=user.instansi_id).count()
    if user.pegawai_id:
        pegawai = Pegawai.objects.select_related("jabatan", "unor", "golongan", "instansi").get(
            pk=user.pegawai_id
        )
        context["pegawai"] = pegawai
        context["atasan"] = org_selectors.atasan_of(pegawai)
        bawahan = list(
            org_selectors.bawahan_of(pegawai).select_related("jabatan").order_by("nama")[:101]
        )
        context["bawahan"] = bawahan[:100]
        context["bawahan_more"] = len(bawahan) > 100
        context["roles"].append("Pegawai")
        if bawahan:
            context["roles"].append("Pejabat Penilai")
    return context
