"""Every read of organisational life, scoped through organizations.scoping."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.core.periods import in_force_on
from dangjian.meetings.models import Attendance, Meeting
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import COMMITTEE_POSTS
from dangjian.people.models import CadrePost, Person


def meeting_list(
    *, actor: Actor, org=None, kind: str = "", year: int | None = None, status: str = ""
) -> QuerySet:
    qs = Meeting.objects.filter(scoping.org_q(actor, field="organization__path"))
    if org is not None:
        qs = qs.filter(organization__path__under=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_at__gte=_year_start(year), held_at__lt=_year_start(year + 1))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organization", "host", "recorder").order_by("-held_at", "-id")


def _year_start(year: int) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(year, 1, 1))


def meeting_get(*, actor: Actor, meeting_id) -> Meeting:
    return get_or_404(
        Meeting.objects.filter(scoping.org_q(actor, field="organization__path")).select_related(
            "organization", "organization__unit", "host", "recorder", "youth_group"
        ),
        meeting_id,
    )


def access_meeting(actor, meeting_id, *, write: bool = False) -> Meeting:
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    if write:
        scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    return meeting


def meeting_for_signin(*, meeting_id) -> Meeting:
    """Sign-in looks the meeting up without scope: the token proves the scanner was in the room,
    and only a person on the roster can be marked present."""
    return get_or_404(Meeting.objects.select_related("organization"), meeting_id)


def roster(*, meeting: Meeting) -> QuerySet:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "person__membership")
        .order_by("person__name_pinyin", "id")
    )


def attendance_of_person(*, actor: Actor, person, year: int | None = None) -> QuerySet:
    """A person's own attendance (the caller has already checked that the actor may see them)."""
    qs = Attendance.objects.filter(person=person, meeting__status="held")
    if year:
        qs = qs.filter(meeting__held_at__gte=_year_start(year), meeting__held_at__lt=_year_start(year + 1))
    return qs.select_related("meeting", "meeting__organization").order_by("-meeting__held_at")


def attendance_summary(*, meeting: Meeting) -> dict:
    rows = dict(meeting.attendance.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "present": rows.get("present", 0),
        "leave": rows.get("leave", 0),
        "absent": rows.get("absent", 0),
        "total": sum(rows.values()),
    }


def org_people(org):
    """Who may host or record a meeting of `org` (the rule the form, the API and the ledger import
    share): its own people (a party group's: its branch's)
        and the holders of its committee posts."""
    base = org.parent if org.kind == OrgKind.PARTY_GROUP and org.parent_id else org
    today = dt.date.today()
    posted = (
        CadrePost.objects.filter(organization=org, post__in=COMMITTEE_POSTS)
        .filter(in_force_on(today, start="started_on", end="ended_on"))
        .values("person_id")
    )
    return Person.objects.filter(Q(organization=base) | Q(id__in=posted)).order_by("name_pinyin", "id")
