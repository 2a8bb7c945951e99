"""Writes of branch initiatives (支部特色工作). One transaction each, each with an audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.initiatives import errors
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.models import Initiative
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import Person

FIELDS = ["kind", "name", "established_on", "closed_on", "description"]


def check_org(actor: Actor, organization: PartyOrganization) -> None:
    if not scoping.can_write_path(actor, organization.path):
        raise ApplicationError(errors.ERR_ORG_OUTSIDE.format(org=organization.name), field="organization")
    if not organization.is_active:
        raise ApplicationError(errors.ERR_ORG_INACTIVE.format(org=organization.name), field="organization")


def check_members(organization: PartyOrganization, members: list[Person]) -> None:
    for p in members:
        if not p.organization.path.startswith(organization.path):
            raise ApplicationError(
                errors.ERR_MEMBER_OUTSIDE.format(name=p.name, org=organization.name), field="members"
            )


def _check(
    *, organization, kind: str, name: str, established_on: dt.date, closed_on: dt.date | None, exclude=None
) -> str:
    if kind not in InitiativeKind.values:
        raise ApplicationError(errors.ERR_KIND, field="kind")
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_NAME, field="name")
    if established_on > timezone.localdate():
        raise ApplicationError(errors.ERR_ESTABLISHED_FUTURE, field="established_on")
    if closed_on is not None and closed_on < established_on:
        raise ApplicationError(errors.ERR_CLOSED_BEFORE.format(established=established_on), field="closed_on")
    same = Initiative.objects.filter(organization=organization, kind=kind, name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ApplicationError(
            errors.ERR_DUPLICATE.format(org=organization.name, kind=InitiativeKind(kind).label, name=name),
            field="name",
        )
    return name


@transaction.atomic
def initiative_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    kind: str,
    name: str,
    established_on: dt.date,
    closed_on: dt.date | None = None,
    description: str = "",
    members: list[Person] | None = None,
) -> Initiative:
    """Register an initiative of an organisation in the actor's write scope; its members must be
    people of that organisation (or below it)."""
    check_org(actor, organization)
    name = _check(
        organization=organization, kind=kind, name=name, established_on=established_on, closed_on=closed_on
    )
    members = list(members or [])
    check_members(organization, members)
    row = Initiative.objects.create(
        kind=kind,
        name=name[:200],
        organization=organization,
        unit=organization.unit,
        root=organization.root or organization,
        established_on=established_on,
        closed_on=closed_on,
        description=(description or "").strip(),
    )
    row.members.set(members)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, FIELDS) | {"members": "、".join(p.name for p in members)}),
    )
    return row


@transaction.atomic
def initiative_update(
    *,
    actor: Actor,
    initiative: Initiative,
    name: str,
    established_on: dt.date,
    description: str = "",
    members: list[Person] | None = None,
) -> Initiative:
    check_org(actor, initiative.organization)
    before = audit.snapshot(initiative, FIELDS) | {
        "members": "、".join(sorted(p.name for p in initiative.members.all()))
    }
    initiative.name = _check(
        organization=initiative.organization,
        kind=initiative.kind,
        name=name,
        established_on=established_on,
        closed_on=initiative.closed_on,
        exclude=initiative,
    )
    initiative.established_on = established_on
    initiative.description = (description or "").strip()
    initiative.save(update_fields=["name", "established_on", "description", "updated_at"])
    if members is not None:
        check_members(initiative.organization, members)
        initiative.members.set(members)
    after = audit.snapshot(initiative, FIELDS) | {
        "members": "、".join(sorted(p.name for p in initiative.members.all()))
    }
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=initiative, changes=audit.diff(before, after))
    return initiative


@transaction.atomic
def initiative_close(*, actor: Actor, initiative: Initiative, closed_on: dt.date) -> Initiative:
    """Close (撤销) an initiative on a day not before it was established."""
    check_org(actor, initiative.organization)
    if initiative.closed_on:
        raise ApplicationError(
            errors.ERR_ALREADY_CLOSED.format(closed=initiative.closed_on), field="closed_on"
        )
    if closed_on < initiative.established_on:
        raise ApplicationError(
            errors.ERR_CLOSED_BEFORE.format(established=initiative.established_on), field="closed_on"
        )
    initiative.closed_on = closed_on
    initiative.save(update_fields=["closed_on", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=initiative,
        changes={"closed_on": [None, closed_on.isoformat()]},
    )
    return initiative


def members_by_names(organization: PartyOrganization, text: str) -> list[Person]:
    """People of `organization`'s subtree named in `text` (names separated by 、 , ； or spaces);
    ApplicationError naming the first unknown or ambiguous name."""
    import re

    names = [n for n in re.split(r"[、,，;；\s]+", text or "") if n]
    if not names:
        return []
    found: dict[str, list[Person]] = {}
    for p in Person.objects.filter(
        organization__path__under=organization.path, name__in=names
    ).select_related("organization"):
        found.setdefault(p.name, []).append(p)
    out = []
    for n in dict.fromkeys(names):
        people = found.get(n, [])
        if not people:
            raise ApplicationError(
                errors.ERR_MEMBER_UNKNOWN.format(name=n, org=organization.name), field="members"
            )
        if len(people) > 1:
            raise ApplicationError(
                errors.ERR_MEMBER_AMBIGUOUS.format(name=n, org=organization.name), field="members"
            )
        out.append(people[0])
    return out
