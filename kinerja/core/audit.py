"""Recording audit events. Called by service functions inside their transaction."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models

from kinerja.core.models import AuditEvent


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a model's concrete fields (FKs as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    instansi: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    if instansi is None and obj is not None:
        instansi = getattr(obj, "instansi", None)
    return AuditEvent.objects.create(
        instansi=instansi,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:255],
        before=before,
        after=after,
        reason=reason,
    )


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value changed, for compact before/after records."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
