"""Writes of the working committee's attendance (列席) at units' central-group study sessions.
One transaction each, each with an audit row."""

from __future__ import annotations

from django.db import transaction

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingKind
from dangjian.meetings.models import Meeting
from dangjian.organizations import scoping
from dangjian.people.models import Person


@transaction.atomic
def central_group_mark(
    *, actor: Actor, meeting: Meeting, committee_attended: bool, observers=None
) -> Meeting:
    """Record whether the working committee sat in (工委列席) on a unit's central-group session,
    and who (observers). Committee staff only."""
    scoping.require(
        scoping.scope_of(actor).committee and scoping.can_write_path(actor, meeting.organization.path)
    )
    if meeting.kind != MeetingKind.CENTRAL_GROUP:
        raise ApplicationError(errors.ERR_CENTRAL_GROUP_KIND, field="committee_attended")
    people = list(observers or [])
    visible = set(
        Person.objects.filter(scoping.person_q(actor), pk__in=[p.pk for p in people]).values_list(
            "pk", flat=True
        )
    )
    for p in people:
        if p.pk not in visible:
            raise ApplicationError(errors.ERR_OBSERVER_OUTSIDE.format(name=p.name), field="observers")
    before = {
        "committee_attended": meeting.committee_attended,
        "observers": sorted(meeting.observers.values_list("name", flat=True)),
    }
    meeting.committee_attended = bool(committee_attended)
    meeting.save(update_fields=["committee_attended", "updated_at"])
    meeting.observers.set(people)
    after = {"committee_attended": meeting.committee_attended, "observers": sorted(p.name for p in people)}
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, changes=audit.diff(before, after))
    return meeting
