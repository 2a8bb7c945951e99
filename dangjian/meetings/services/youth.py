"""Writes of youth theory study groups (青年理论学习小组). Each service is one
transaction and leaves an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.core.periods import is_in_force_on
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import (
    Meeting,
    YouthGroupMember,
    YouthStudyGroup,
)
from dangjian.meetings.selectors.youth import (
    youth_age_limit,
)
from dangjian.meetings.services import meetings as meeting_services
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import Person

GROUP_FIELDS = ["name", "unit_id", "organization_id", "leader_id", "established_on", "dissolved_on"]


# --- youth study groups ------------------------------------------------------------------------


def _check_guiding_org(actor, unit, organization: PartyOrganization) -> None:
    scoping.require(scoping.can_write_path(actor, organization.path))
    if organization.unit_id != unit.pk:
        raise ApplicationError(
            errors.ERR_YOUTH_UNIT_ORG.format(org=organization.name, unit=unit.name), field="organization"
        )


def _add_member(
    *, actor: Actor, group: YouthStudyGroup, person: Person, joined_on: dt.date
) -> YouthGroupMember:
    limit = youth_age_limit()
    if group.dissolved_on is not None:
        raise ApplicationError(errors.ERR_YOUTH_GROUP_CLOSED, field="person")
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    if person.organization.unit_id != group.unit_id:
        raise ApplicationError(
            errors.ERR_YOUTH_PERSON_UNIT.format(name=person.name, unit=group.unit.name), field="person"
        )
    if joined_on < group.established_on:
        raise ApplicationError(
            errors.ERR_YOUTH_JOIN_BEFORE.format(
                date=joined_on.isoformat(), established=group.established_on.isoformat()
            ),
            field="joined_on",
        )
    age = person.age_on(joined_on)
    if age > limit:
        raise ApplicationError(
            errors.ERR_YOUTH_AGE.format(name=person.name, date=joined_on.isoformat(), age=age, limit=limit),
            field="person",
        )
    if (
        YouthGroupMember.objects.select_for_update()
        .filter(group=group, person=person, left_on__isnull=True)
        .exists()
    ):
        raise ApplicationError(errors.ERR_YOUTH_DUPLICATE.format(name=person.name), field="person")
    member = YouthGroupMember.objects.create(group=group, person=person, joined_on=joined_on)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member,
        org_path=group.organization.path,
        object_repr=f"{group.name}：{person.name}",
        changes={
            "group": [None, group.name],
            "person": [None, person.name],
            "joined_on": [None, joined_on.isoformat()],
        },
    )
    return member


@transaction.atomic
def youth_group_create(
    *,
    actor: Actor,
    unit,
    organization: PartyOrganization,
    name: str,
    established_on: dt.date,
    leader: Person | None = None,
) -> YouthStudyGroup:
    """Register a group guided by one of the unit's organisations; a leader given here joins the
    group on its established date (and must be young then)."""
    _check_guiding_org(actor, unit, organization)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_YOUTH_NAME, field="name")
    group = YouthStudyGroup.objects.create(
        unit=unit,
        organization=organization,
        root=organization.root or organization,
        name=name[:100],
        established_on=established_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        changes=audit.diff({}, audit.snapshot(group, GROUP_FIELDS)),
    )
    if leader is not None:
        _add_member(actor=actor, group=group, person=leader, joined_on=established_on)
        group.leader = leader
        group.save(update_fields=["leader", "updated_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=group, changes={"leader_id": [None, leader.pk]}
        )
    return group


@transaction.atomic
def youth_group_update(*, actor: Actor, group: YouthStudyGroup, **fields) -> YouthStudyGroup:
    """Change name, guiding organisation (of the same unit), established date or leader (a current member)."""
    scoping.require(scoping.can_write_path(actor, group.organization.path))
    allowed = {"name", "organization", "established_on", "leader"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(f"不能修改：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(group, GROUP_FIELDS)
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()[:100]
        if not fields["name"]:
            raise ApplicationError(errors.ERR_YOUTH_NAME, field="name")
    if fields.get("organization") is not None and fields["organization"].pk != group.organization_id:
        _check_guiding_org(actor, group.unit, fields["organization"])
    elif "organization" in fields:
        fields.pop("organization")
    if fields.get("established_on") is not None:
        first = (
            YouthGroupMember.objects.filter(group=group)
            .order_by("joined_on")
            .values_list("joined_on", flat=True)
            .first()
        )
        if first is not None and fields["established_on"] > first:
            raise ApplicationError(
                errors.ERR_YOUTH_ESTABLISHED_AFTER.format(
                    date=fields["established_on"].isoformat(), joined=first.isoformat()
                ),
                field="established_on",
            )
    elif "established_on" in fields:
        fields.pop("established_on")
    if fields.get("leader") is not None:
        leader = fields["leader"]
        if not YouthGroupMember.objects.filter(group=group, person=leader, left_on__isnull=True).exists():
            raise ApplicationError(errors.ERR_YOUTH_LEADER.format(name=leader.name), field="leader")
    for key, value in fields.items():
        setattr(group, key, value)
    group.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=group,
        changes=audit.diff(before, audit.snapshot(group, GROUP_FIELDS)),
    )
    return group


@transaction.atomic
def youth_group_dissolve(*, actor: Actor, group: YouthStudyGroup, on: dt.date) -> YouthStudyGroup:
    """Dissolve the group on `on`; its current members leave that day."""
    scoping.require(scoping.can_write_path(actor, group.organization.path))
    passed, group = (
        group,
        YouthStudyGroup.objects.select_for_update().select_related("organization").get(pk=group.pk),
    )
    if group.dissolved_on is not None:
        raise ApplicationError(errors.ERR_YOUTH_GROUP_CLOSED)
    if on < group.established_on:
        raise ApplicationError(
            errors.ERR_YOUTH_DISSOLVE_BEFORE.format(
                date=on.isoformat(), established=group.established_on.isoformat()
            ),
            field="on",
        )
    left = YouthGroupMember.objects.filter(group=group, left_on__isnull=True).update(left_on=on)
    group.dissolved_on = on
    group.save(update_fields=["dissolved_on", "updated_at"])
    passed.dissolved_on = on
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=group,
        changes={"dissolved_on": [None, on.isoformat()], "members_left": [None, left]},
    )
    return group


@transaction.atomic
def youth_member_add(
    *, actor: Actor, group: YouthStudyGroup, person: Person, joined_on: dt.date
) -> YouthGroupMember:
    """Add a young person (age on `joined_on` <= the configured limit) of the group's unit."""
    scoping.require(scoping.can_write_path(actor, group.organization.path))
    group = (
        YouthStudyGroup.objects.select_for_update().select_related("unit", "organization").get(pk=group.pk)
    )
    return _add_member(actor=actor, group=group, person=person, joined_on=joined_on)


@transaction.atomic
def youth_member_remove(*, actor: Actor, member: YouthGroupMember, left_on: dt.date) -> YouthGroupMember:
    group = YouthStudyGroup.objects.select_for_update().select_related("organization").get(pk=member.group_id)
    scoping.require(scoping.can_write_path(actor, group.organization.path))
    member = YouthGroupMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    name = member.person.name
    if member.left_on is not None:
        raise ApplicationError(
            errors.ERR_YOUTH_ALREADY_LEFT.format(name=name, date=member.left_on.isoformat())
        )
    if left_on < member.joined_on:
        raise ApplicationError(
            errors.ERR_YOUTH_LEFT_BEFORE.format(
                date=left_on.isoformat(), joined=member.joined_on.isoformat(), name=name
            ),
            field="left_on",
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    changes: dict[str, list[Any]] = {"left_on": [None, left_on.isoformat()]}
    if group.leader_id == member.person_id:
        YouthStudyGroup.objects.filter(pk=group.pk).update(leader=None, updated_at=timezone.now())
        group.leader = None
        changes["leader_id"] = [member.person_id, None]
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        org_path=group.organization.path,
        object_repr=f"{group.name}：{name}",
        changes=changes,
    )
    return member


@transaction.atomic
def youth_activity_create(
    *,
    actor: Actor,
    group: YouthStudyGroup,
    title: str,
    held_at: dt.datetime,
    place: str = "",
    study_content: str = "",
    status: str = MeetingStatus.HELD,
) -> Meeting:
    """A group activity: a meeting of kind youth_activity held by the guiding organisation; its
    roster is the group's members on that day."""
    scoping.require(scoping.can_write_path(actor, group.organization.path))
    group = YouthStudyGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
    day = timezone.localtime(held_at).date() if timezone.is_aware(held_at) else held_at.date()
    if group.dissolved_on is not None and not is_in_force_on(day, None, group.dissolved_on):
        raise ApplicationError(
            errors.ERR_YOUTH_ACTIVITY_CLOSED.format(date=group.dissolved_on.isoformat()), field="held_at"
        )
    return meeting_services.meeting_create(
        actor=actor,
        organization=group.organization,
        kind=MeetingKind.YOUTH_ACTIVITY,
        youth_group=group,
        title=title,
        held_at=held_at,
        place=(place or "")[:100],
        study_content=study_content or "",
        status=status,
    )
