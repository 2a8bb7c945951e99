"""Reads of central group study (中心组学习), scoped.

Two kinds of functions live here:
- path-based ones for the report metrics (`central_group_attended_units`): the caller
  passes the subtree path ("" = everything), no actor;
- actor-based ones for the pages, filtered through organizations.scoping.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.meetings.cadence import local_midnight
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting
from dangjian.organizations import scoping
from dangjian.organizations.enums import UnitCategory
from dangjian.organizations.lookups import subtree_q
from dangjian.organizations.models import Unit
from dangjian.people.models import Person

NOT_FOUND = "对象不存在或不在您的权限范围内。"


def _held_between(start: dt.date, end: dt.date) -> Q:
    return Q(held_at__gte=local_midnight(start), held_at__lt=local_midnight(end + dt.timedelta(days=1)))


# --- for the metrics ---------------------------------------------------------------------------


def central_group_attended_sessions(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Held central-group sessions in [start, end] under `org_path` that the working committee sat in on."""
    qs = Meeting.objects.filter(
        _held_between(start, end),
        kind=MeetingKind.CENTRAL_GROUP,
        status=MeetingStatus.HELD,
        committee_attended=True,
        unit__isnull=False,
    )
    # subtree_q: the province's sessions are a range of meeting_kind_held_idx, not a seek per
    # organisation of the province (18 -> 1 ms at ten times the demo)
    return qs.filter(subtree_q(org_path))


def central_group_attended_units(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Units with at least one held central-group session in [start, end] attended by the
    working committee (列席N个单位中心组专题学习): `.count()` is the figure."""
    sessions = central_group_attended_sessions(org_path, start, end)
    return Unit.objects.filter(id__in=sessions.values("unit_id")).order_by("sort_order", "id")


# --- central group study, for the pages ----------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def central_group_sessions(
    *, actor: Actor, year: int | None = None, unit_id: int | None = None, attended: str = ""
) -> QuerySet:
    qs = Meeting.objects.filter(
        scoping.org_q(actor, field="organization__path"), kind=MeetingKind.CENTRAL_GROUP
    )
    if year:
        qs = qs.filter(_held_between(*year_bounds(year)))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if attended == "1":
        qs = qs.filter(committee_attended=True)
    elif attended == "0":
        qs = qs.filter(committee_attended=False)
    return qs.select_related("organization", "unit").prefetch_related("observers").order_by("-held_at", "-id")


def central_group_summary(*, actor: Actor, year: int) -> dict:
    """Held sessions in scope in the year, those the committee attended, and the distinct units attended."""
    qs = Meeting.objects.filter(
        scoping.org_q(actor, field="organization__path"),
        _held_between(*year_bounds(year)),
        kind=MeetingKind.CENTRAL_GROUP,
        status=MeetingStatus.HELD,
    )
    row = qs.aggregate(
        sessions=Count("id"),
        attended=Count("id", filter=Q(committee_attended=True)),
        units=Count("unit_id", filter=Q(committee_attended=True), distinct=True),
    )
    return row


def central_group_get(*, actor: Actor, meeting_id) -> Meeting:
    return get_or_404(
        Meeting.objects.filter(
            scoping.org_q(actor, field="organization__path"), kind=MeetingKind.CENTRAL_GROUP
        ).select_related("organization", "unit"),
        meeting_id,
    )


def observer_candidates(*, actor: Actor) -> QuerySet:
    """People who may be recorded as observers: those of the working committee's own organs."""
    return (
        Person.objects.filter(scoping.person_q(actor))
        .filter(
            Q(unit__category=UnitCategory.COMMITTEE) | Q(organization__unit__category=UnitCategory.COMMITTEE)
        )
        .order_by("name_pinyin", "id")
    )
