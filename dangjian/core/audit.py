"""Audit events: written by services inside their transaction."""

from __future__ import annotations

import contextvars
from typing import Any

from dangjian.core.actors import Actor
from dangjian.core.models import AuditAction, AuditEvent

# Set by RequestContextMiddleware for the current request: (ip, request_id).
request_context: contextvars.ContextVar[tuple[str | None, str]] = contextvars.ContextVar(
    "request_context", default=(None, "")
)

SENSITIVE_FIELDS = {"id_number", "phone", "password"}


def _value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def _shown(key: str, value: Any) -> Any:
    if key in SENSITIVE_FIELDS:
        return "***" if value else None
    return _value(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for changed fields, sensitive values masked."""
    out = {}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b != a:
            out[key] = [_shown(key, b), _shown(key, a)]
    return out


_PLAIN = frozenset({bool, int, float, str})


def created(after: dict[str, Any]) -> dict[str, list]:
    """diff({}, after), quicker (bulk imports): the changes of a new object."""
    out = {}
    for key in sorted(after):
        a = after[key]
        if a is None:
            continue
        if key in SENSITIVE_FIELDS:
            out[key] = [None, "***" if a else None]
        else:
            out[key] = [None, a if a.__class__ in _PLAIN else _value(a)]
    return out


def snapshot(obj, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def event(
    *,
    actor: Actor | None,
    action: str,
    obj=None,
    changes: dict | None = None,
    org_path: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """The audit row of one change, unsaved (for bulk writers, which insert many at once)."""
    ip, request_id = request_context.get()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if not org_path:
            org_path = _org_path_of(obj)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        org_path=org_path,
        changes=changes or {},
        ip=ip,
        request_id=request_id,
    )


def record(
    *,
    actor: Actor | None,
    action: str,
    obj=None,
    changes: dict | None = None,
    org_path: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Save the audit row of one change (see `event`)."""
    row = event(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        org_path=org_path,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
    )
    row.save(force_insert=True)
    return row


def denied(*, actor: Actor, object_type: str, object_id, reason: str) -> AuditEvent:
    """Log a refused attempt at something outside the actor's scope (the answer named nothing), so
    enumeration shows in the audit. Call it outside the refused write's transaction: a rollback
    would take the record with it."""
    return record(
        actor=actor,
        action=AuditAction.DENIED,
        object_type=object_type,
        object_id=str(object_id)[:64],
        changes={"reason": [None, reason]},
    )


def _org_path_of(obj) -> str:
    path = getattr(obj, "path", None)
    if isinstance(path, str) and hasattr(obj, "depth"):
        return path
    org = getattr(obj, "organization", None)
    if org is not None:
        return org.path
    getter = getattr(obj, "audit_org_path", None)
    return getter() if callable(getter) else ""


__all__ = ["AuditAction", "created", "data_version", "diff", "event", "record", "snapshot", "request_context"]


def data_version() -> int:
    """The id of the latest audit event: every write is audited, so a value computed from the
    records and stored under this number is current while the number is (one indexed lookup)."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
