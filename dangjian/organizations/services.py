"""Every write to units and the party tree. Each service is one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import errors, scoping
from dangjian.organizations.enums import ALLOWED_PARENTS, OrgKind
from dangjian.organizations.models import PATH_STEP, PartyOrganization, Unit, path_segment

ORG_FIELDS = [
    "name",
    "kind",
    "unit_id",
    "parent_id",
    "sort_order",
    "established_on",
    "term_started_on",
    "term_ends_on",
    "dissolved_on",
    "is_active",
]
UNIT_FIELDS = [
    "name",
    "short_name",
    "credit_code",
    "category",
    "parent_id",
    "located_in_capital",
    "sort_order",
    "is_active",
]


def _require_committee(actor) -> None:
    scoping.require(scoping.scope_of(actor).committee)


def next_child_path(parent: PartyOrganization | None) -> str:
    if parent is None:
        last = PartyOrganization.objects.filter(depth=1).aggregate(m=Max("path"))["m"]
        prefix = ""
    else:
        last = PartyOrganization.objects.filter(parent=parent).aggregate(m=Max("path"))["m"]
        prefix = parent.path
    n = 1 if last is None else int(last[-PATH_STEP:], 36) + 1
    return prefix + path_segment(n)


def _check_parent(kind: str, parent: PartyOrganization | None) -> None:
    if parent is None:
        if kind != OrgKind.WORKING_COMMITTEE:
            raise ApplicationError(
                errors.ERR_PARENT_KIND.format(kind=OrgKind(kind).label, parent_kind="（无上级）"),
                field="parent",
            )
        if PartyOrganization.objects.filter(depth=1).exists():
            raise ApplicationError(errors.ERR_ROOT_EXISTS, field="parent")
        return
    if parent.kind not in ALLOWED_PARENTS[kind]:
        raise ApplicationError(
            errors.ERR_PARENT_KIND.format(kind=OrgKind(kind).label, parent_kind=parent.get_kind_display()),
            field="parent",
        )
    if not parent.is_active:
        raise ApplicationError(errors.ERR_INACTIVE, field="parent")


def _check_terms(started: dt.date | None, ends: dt.date | None) -> None:
    if started and ends and ends < started:
        raise ApplicationError(errors.ERR_TERM_RANGE, field="term_ends_on")


# --- units ---------------------------------------------------------------------------------


@transaction.atomic
def unit_create(*, actor: Actor, name: str, parent: Unit | None = None, **fields) -> Unit:
    _require_committee(actor)
    name = (name or "").strip()
    if Unit.objects.filter(name=name).exists():
        raise ApplicationError(errors.ERR_UNIT_NAME_TAKEN.format(name=name), field="name")
    unit = Unit.objects.create(name=name, parent=parent, **fields)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=unit,
        changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **fields) -> Unit:
    _require_committee(actor)
    before = audit.snapshot(unit, UNIT_FIELDS)
    if "name" in fields and Unit.objects.filter(name=fields["name"]).exclude(pk=unit.pk).exists():
        raise ApplicationError(errors.ERR_UNIT_NAME_TAKEN.format(name=fields["name"]), field="name")
    parent = fields.get("parent")
    if parent is not None:
        node = parent
        while node is not None:
            if node.pk == unit.pk:
                raise ApplicationError(errors.ERR_UNIT_PARENT_SELF, field="parent")
            node = node.parent
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=unit,
        changes=audit.diff(before, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


# --- the party tree ------------------------------------------------------------------------


@transaction.atomic
def org_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    unit: Unit,
    parent: PartyOrganization | None,
    established_on: dt.date | None = None,
    term_started_on: dt.date | None = None,
    term_ends_on: dt.date | None = None,
    sort_order: int = 0,
) -> PartyOrganization:
    if parent is None:
        scoping.require(actor.is_superuser or scoping.scope_of(actor).committee)
    else:
        _require_committee(actor)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_NAME_REQUIRED, field="name")
    _check_parent(kind, parent)
    _check_terms(term_started_on, term_ends_on)
    path = next_child_path(parent)
    org = PartyOrganization.objects.create(
        name=name,
        kind=kind,
        unit=unit,
        parent=parent,
        path=path,
        depth=len(path) // PATH_STEP,
        root=parent.root if parent and parent.root_id else parent,
        established_on=established_on,
        term_started_on=term_started_on,
        term_ends_on=term_ends_on,
        sort_order=sort_order,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=org,
        changes=audit.diff({}, audit.snapshot(org, ORG_FIELDS)),
    )
    return org


@transaction.atomic
def org_update(*, actor: Actor, org: PartyOrganization, **fields) -> PartyOrganization:
    _require_committee(actor)
    before = audit.snapshot(org, ORG_FIELDS)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApplicationError(errors.ERR_NAME_REQUIRED, field="name")
    _check_terms(
        fields.get("term_started_on", org.term_started_on), fields.get("term_ends_on", org.term_ends_on)
    )
    for key, value in fields.items():
        setattr(org, key, value)
    org.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=org,
        changes=audit.diff(before, audit.snapshot(org, ORG_FIELDS)),
    )
    return org


@transaction.atomic
def org_term_set(
    *, actor: Actor, org: PartyOrganization, started_on: dt.date, ends_on: dt.date, reason: str = ""
) -> PartyOrganization:
    """Record a new term of `org`'s committee (an approved election). The organisation above
    approves elections, so the actor must be able to change `org` (anyone writing above it can)."""
    scoping.require(scoping.can_write_path(actor, org.path))
    _check_terms(started_on, ends_on)
    before = audit.snapshot(org, ["term_started_on", "term_ends_on"])
    org.term_started_on, org.term_ends_on = started_on, ends_on
    org.save(update_fields=["term_started_on", "term_ends_on", "updated_at"])
    changes = audit.diff(before, audit.snapshot(org, ["term_started_on", "term_ends_on"]))
    if reason:
        changes["reason"] = [None, reason]
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=org, changes=changes)
    return org


@transaction.atomic
def org_move(*, actor: Actor, org: PartyOrganization, new_parent: PartyOrganization) -> PartyOrganization:
    """Move a subtree under another parent: rewrite the paths of the whole subtree at once."""
    _require_committee(actor)
    if new_parent.path.startswith(org.path):
        raise ApplicationError(errors.ERR_MOVE_INTO_SELF, field="parent")
    _check_parent(org.kind, new_parent)
    old_path, old_parent = org.path, org.parent
    new_path = next_child_path(new_parent)
    depth_delta = len(new_path) // PATH_STEP - org.depth
    PartyOrganization.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    PartyOrganization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=org,
        changes={"parent": [str(old_parent), str(new_parent)], "path": [old_path, org.path]},
    )
    return org


# Other areas' part of a branch merge and of a dissolution (people: the members and their posts),
# registered from their AppConfig.ready() so the tree imports none of them. A merge step moves what
# belongs to `source` and returns changes for the audit row of `target`; a dissolve check raises
# ApplicationError to refuse.
_MERGE_STEPS: list[Callable[..., dict]] = []
_DISSOLVE_CHECKS: list[Callable[[PartyOrganization], None]] = []


def on_branch_merge(fn: Callable[..., dict]) -> None:
    """`fn(actor=, source=, target=, on=)`, inside the merge's transaction."""
    _MERGE_STEPS.append(fn)


def on_dissolve_check(fn: Callable[[PartyOrganization], None]) -> None:
    _DISSOLVE_CHECKS.append(fn)


@transaction.atomic
def org_merge(
    *, actor: Actor, source: PartyOrganization, target: PartyOrganization, on: dt.date | None = None
):
    """Merge branch `source` into branch `target`: the registered steps move what belongs to it
    (people, posts), its party groups move over, and `source` is dissolved."""
    _require_committee(actor)
    if source.kind != OrgKind.BRANCH or target.kind != OrgKind.BRANCH:
        raise ApplicationError(errors.ERR_MERGE_KIND, field="target")
    if source.pk == target.pk:
        raise ApplicationError(errors.ERR_MERGE_SAME, field="target")
    on = on or dt.date.today()
    changes: dict = {"merged_from": [None, source.name]}
    for step in _MERGE_STEPS:
        changes.update(step(actor=actor, source=source, target=target, on=on))
    for group in list(source.children.filter(is_active=True)):
        org_move(actor=actor, org=group, new_parent=target)
    _dissolve(actor=actor, org=source, on=on)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=target, changes=changes)
    return target


def _dissolve(*, actor: Actor, org: PartyOrganization, on: dt.date) -> None:
    before = audit.snapshot(org, ORG_FIELDS)
    org.is_active = False
    org.dissolved_on = on
    org.save(update_fields=["is_active", "dissolved_on", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=org,
        changes=audit.diff(before, audit.snapshot(org, ORG_FIELDS)),
    )


@transaction.atomic
def org_dissolve(*, actor: Actor, org: PartyOrganization, on: dt.date | None = None) -> PartyOrganization:
    _require_committee(actor)
    if org.children.filter(is_active=True).exists():
        raise ApplicationError(errors.ERR_DISSOLVE_HAS_CHILDREN)
    for check in _DISSOLVE_CHECKS:
        check(org)
    _dissolve(actor=actor, org=org, on=on or dt.date.today())
    return org
