"""Reads of youth theory study groups (青年理论学习小组), scoped through organizations.scoping;
plus the unscoped metric selectors the reports use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, get_or_404
from dangjian.core.periods import in_force_during
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import (
    Meeting,
    YouthGroupMember,
    YouthStudyGroup,
)
from dangjian.meetings.rules import YOUTH_AGE_LIMITS
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.lookups import subtree_q
from dangjian.organizations.models import Unit
from dangjian.people.models import Person

NOT_FOUND = "对象不存在或不在您的权限范围内。"


# --- shared helpers ----------------------------------------------------------------------------


def youth_age_limit() -> int:
    """The configured age limit (settings.YOUTH_AGE_LIMIT); only rules.YOUTH_AGE_LIMITS are allowed,
    any other value is refused where it is used (ERR_YOUTH_LIMIT)."""
    limit = getattr(settings, "YOUTH_AGE_LIMIT", YOUTH_AGE_LIMITS[0])
    if limit not in YOUTH_AGE_LIMITS:
        raise ApplicationError(errors.ERR_YOUTH_LIMIT, field="youth_age_limit")
    return limit


def born_after_for_youth(day: dt.date, limit: int) -> dt.date:
    """Age on `day` <= limit  <=>  born strictly after this date (day minus limit+1 years)."""
    try:
        return day.replace(year=day.year - limit - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - limit - 1, day=28)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- metrics (unscoped: the reports pass the scope as an organisation path) ---------------------


def youth_groups_active(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Groups guided by an organisation of the subtree that existed at some point in [start, end]."""
    return YouthStudyGroup.objects.filter(organization__path__under=org_path).filter(
        in_force_during(start, end, start="established_on", end="dissolved_on")
    )


def _memberships_overlapping(start: dt.date, end: dt.date) -> Q:
    return in_force_during(start, end, start="joined_on", end="left_on")


def youth_group_members(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Distinct persons with a group membership overlapping [start, end] in those groups."""
    member_ids = YouthGroupMember.objects.filter(
        _memberships_overlapping(start, end), group__in=youth_groups_active(org_path, start, end)
    ).values("person_id")
    return Person.objects.filter(pk__in=member_ids)


def youth_group_member_count(org_path: str, start: dt.date, end: dt.date) -> int:
    """youth_group_members(...).count() without the person table: the distinct persons of the
    memberships (every membership names an existing person), read from an index of the memberships."""
    memberships = YouthGroupMember.objects.filter(
        _memberships_overlapping(start, end), group__in=youth_groups_active(org_path, start, end)
    )
    return memberships.aggregate(n=Count("person_id", distinct=True))["n"]


def youth_group_activities(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Held youth-group activities (meetings of kind youth_activity) in [start, end]."""
    return Meeting.objects.filter(
        subtree_q(org_path),
        kind=MeetingKind.YOUTH_ACTIVITY,
        status=MeetingStatus.HELD,
        youth_group__isnull=False,
        held_at__gte=_day_start(start),
        held_at__lt=_day_start(end + dt.timedelta(days=1)),
    )


# --- youth groups (scoped) ---------------------------------------------------------------------


def youth_group_list(
    *, actor: Actor, unit_id: int | None = None, include_dissolved: bool = False, q: str = ""
) -> QuerySet:
    qs = YouthStudyGroup.objects.filter(scoping.org_q(actor, field="organization__path"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    if q:
        qs = qs.filter(name__contains=q.strip()[:50])
    return (
        qs.select_related("unit", "organization", "leader")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))
        .order_by("unit__sort_order", "unit_id", "name", "id")
    )


def youth_group_get(*, actor: Actor, group_id) -> YouthStudyGroup:
    return get_or_404(
        scoping.visible(actor, YouthStudyGroup.objects.select_related("unit", "organization", "leader")),
        group_id,
    )


def access_youth_group(actor, group_id, *, write: bool = False) -> YouthStudyGroup:
    group = youth_group_get(actor=actor, group_id=group_id)
    if write:
        scoping.require(scoping.can_write_path(actor, group.organization.path))
    return group


def youth_members(*, group: YouthStudyGroup) -> QuerySet:
    """All memberships of the group, those still in the group first."""
    return (
        YouthGroupMember.objects.filter(group=group)
        .select_related("person", "person__organization")
        .order_by(F("left_on").desc(nulls_first=True), "person__name_pinyin", "id")
    )


def youth_member_get(*, group: YouthStudyGroup, member_id) -> YouthGroupMember:
    return get_or_404(YouthGroupMember.objects.select_related("person").filter(group=group), member_id)


def youth_activities(*, group: YouthStudyGroup) -> QuerySet:
    return (
        Meeting.objects.filter(youth_group=group, kind=MeetingKind.YOUTH_ACTIVITY)
        .annotate(present=Count("attendance", filter=Q(attendance__status="present")))
        .order_by("-held_at", "-id")
    )


def youth_candidates(*, actor: Actor, group: YouthStudyGroup, on: dt.date, limit: int = 500) -> QuerySet:
    """People the actor may add: of the group's unit's organisations, in the actor's writable scope,
    young on `on`, not already in the group."""
    try:
        age_limit = youth_age_limit()
    except ApplicationError:
        return Person.objects.none()
    current = YouthGroupMember.objects.filter(group=group, left_on__isnull=True).values("person_id")
    return (
        Person.objects.filter(
            scoping.person_q(actor, write=True),
            organization__unit_id=group.unit_id,
            birth_date__gt=born_after_for_youth(on, age_limit),
        )
        .exclude(pk__in=current)
        .select_related("organization")
        .order_by("name_pinyin", "id")[:limit]
    )


def person_for_youth(*, actor: Actor, person_id) -> Person:
    """A person the actor may change (404 otherwise)."""
    return get_or_404(
        Person.objects.filter(scoping.person_q(actor, write=True)).select_related("organization", "unit"),
        person_id,
    )


def youth_guiding_orgs(*, actor: Actor) -> QuerySet:
    """Organisations that may guide a group: active, writable, not party groups."""
    return (
        scoping.orgs_visible(actor, write=True)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .select_related("unit", "parent")
        .order_by("path")
    )


@dataclass
class CoverageRow:
    unit: Unit | None  # None on the total row
    groups: int = 0
    members: int = 0
    covered: int = 0
    young: int = 0
    activities: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.covered * 100 / self.young, 1) if self.young else None


def youth_coverage(
    *, actor: Actor, start: dt.date, end: dt.date
) -> tuple[list[CoverageRow], CoverageRow, int]:
    """Per unit in scope: groups existing in the period, group members (memberships overlapping the
    period), covered youth (those members who are young at `end` and belong to the unit's
    organisations), all young people of the unit's organisations in scope (age <= limit at `end`),
    and held activities in the period. Six queries whatever the number of units.
    Returns (rows, totals, age limit)."""
    limit = youth_age_limit()
    born_after = born_after_for_youth(end, limit)
    group_scope = scoping.org_q(actor, field="organization__path")
    groups = YouthStudyGroup.objects.filter(
        group_scope, in_force_during(start, end, start="established_on", end="dissolved_on")
    )
    group_counts = dict(groups.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    memberships = YouthGroupMember.objects.filter(_memberships_overlapping(start, end), group__in=groups)
    member_counts = dict(
        memberships.values("group__unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("group__unit_id", "n")
    )
    covered_counts = dict(
        memberships.filter(
            scoping.person_q(actor, prefix="person__"),
            person__birth_date__gt=born_after,
            person__organization__unit_id=F("group__unit_id"),
        )
        .values("group__unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("group__unit_id", "n")
    )
    young_counts = dict(
        Person.objects.filter(scoping.org_q(actor, field="organization__path"), birth_date__gt=born_after)
        .values("organization__unit_id")
        .annotate(n=Count("id"))
        .values_list("organization__unit_id", "n")
    )
    activity_counts = dict(
        Meeting.objects.filter(
            scoping.org_q(actor, field="organization__path"),
            kind=MeetingKind.YOUTH_ACTIVITY,
            status=MeetingStatus.HELD,
            youth_group__isnull=False,
            held_at__gte=_day_start(start),
            held_at__lt=_day_start(end + dt.timedelta(days=1)),
        )
        .values("youth_group__unit_id")
        .annotate(n=Count("id"))
        .values_list("youth_group__unit_id", "n")
    )
    unit_ids = set(group_counts) | set(young_counts) | set(activity_counts) | set(member_counts)
    rows = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "id"):
        rows.append(
            CoverageRow(
                unit=unit,
                groups=group_counts.get(unit.pk, 0),
                members=member_counts.get(unit.pk, 0),
                covered=covered_counts.get(unit.pk, 0),
                young=young_counts.get(unit.pk, 0),
                activities=activity_counts.get(unit.pk, 0),
            )
        )
    total = CoverageRow(
        unit=None,
        groups=sum(r.groups for r in rows),
        members=sum(r.members for r in rows),
        covered=sum(r.covered for r in rows),
        young=sum(r.young for r in rows),
        activities=sum(r.activities for r in rows),
    )
    return rows, total, limit
