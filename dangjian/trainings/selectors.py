"""Scoped reads of trainings: programmes, classes, trainees with their attendance, and each
member's training hours for a year against the requirement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from dangjian.activities import selectors as activity_selectors
from dangjian.activities.enums import TOOK_PART, ActivityKind, ParticipationStatus
from dangjian.activities.models import Participation
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.core.periods import in_force_during
from dangjian.organizations import scoping
from dangjian.people.enums import COMMITTEE_POSTS
from dangjian.people.models import CadrePost
from dangjian.people.selectors import members_on
from dangjian.trainings import rules
from dangjian.trainings.enums import HoursCategory
from dangjian.trainings.models import HoursRequirement, Programme, TrainingClass


def programme_list(
    *, actor: Actor, year: int | None = None, series: str | None = None
) -> QuerySet[Programme]:
    campaigns = activity_selectors.campaign_list(actor=actor)
    qs = Programme.objects.filter(campaign__in=campaigns).select_related("campaign__organization")
    if year:
        qs = qs.filter(
            campaign__first_day__lte=dt.date(year, 12, 31), campaign__last_day__gte=dt.date(year, 1, 1)
        )
    if series:
        qs = qs.filter(series=series)
    return qs.annotate(class_count=Count("classes", distinct=True))


def access_programme(actor: Actor, programme_id, *, write: bool = False) -> Programme:
    programme = get_or_404(programme_list(actor=actor), programme_id)
    if write:
        scoping.require(scoping.can_write_path(actor, programme.campaign.organization.path))
    return programme


def class_list(
    *, actor: Actor, programme: Programme | None = None, year: int | None = None
) -> QuerySet[TrainingClass]:
    activities = activity_selectors.activity_list(actor=actor, kind=ActivityKind.TRAINING_CLASS, year=year)
    qs = TrainingClass.objects.filter(activity__in=activities).select_related(
        "activity__organization", "programme__campaign"
    )
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("programme_id", "number")


def access_class(actor: Actor, class_id, *, write: bool = False) -> TrainingClass:
    tc = get_or_404(class_list(actor=actor), class_id)
    if write:
        scoping.require(scoping.can_write_path(actor, tc.activity.organization.path))
    return tc


@dataclass
class TraineeRow:
    participation: Participation
    present_days: int
    rate: Decimal
    meets_rule: bool
    certificate: str
    issued_on: dt.date | None = None


def trainee_rows(*, actor: Actor, training_class: TrainingClass) -> list[TraineeRow]:
    """The class's trainees the actor may see, each with days present and the completion rule."""
    activity = training_class.activity
    days = rules.class_days(activity.first_day, activity.last_day)
    rule = training_class.programme.completion_rate
    rows = (
        activity_selectors.participation_list(actor=actor, activity=activity)
        .select_related("certificate", "person__organization")
        .annotate(present_days=Count("class_days"))
        .order_by("unit_id", "organization_id", "person__name_pinyin", "id")
    )
    out = []
    for r in rows:
        present = r.present_days
        cert = getattr(r, "certificate", None)
        out.append(
            TraineeRow(
                r,
                present,
                rules.attendance_rate(present, days),
                rules.meets_completion(present, days, rule),
                cert.number if cert else "",
                cert.issued_on if cert else None,
            )
        )
    return out


# --- Training hours ---------------------------------------------------------------------------------


@dataclass
class HoursRow:
    person_id: int
    name: str
    organization: str
    category: str
    required: int
    hours: Decimal
    org_path: str = ""

    @property
    def short(self) -> bool:
        return self.hours < self.required

    @property
    def category_label(self) -> str:
        return HoursCategory(self.category).label


def requirements() -> dict[str, int]:
    reqs = dict(HoursRequirement.objects.values_list("category", "hours"))
    return {k: reqs.get(k, v) for k, v in rules.DEFAULT_HOURS.items()}


def hours_rows(*, actor: Actor, year: int, path: str = "") -> list[HoursRow]:
    """Every member of the actor's scope (or of `path` inside it) at the year's end, with the
    class hours credited to them in the year (completed trainings and other activities with
    hours) against the requirement of their category (secretaries and committee members of
    grassroots organisations: leader). Four queries whatever the number of members."""
    periods = members_on(day=dt.date(year, 12, 31), org_path=path).filter(
        scoping.person_q(actor, prefix="person__")
    )
    return _hours_of(periods, year)


def hours_in(*, year: int, path: str) -> list[HoursRow]:
    """The same rows for every member of the subtree `path` (a dashboard's scope, checked by the
    caller), unordered and without the names (a chart counts them: half the time)."""
    return _hours_of(members_on(day=dt.date(year, 12, 31), org_path=path), year, names=False)


def _hours_of(periods: QuerySet, year: int, *, names: bool = True) -> list[HoursRow]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if names:
        members = list(
            periods.values_list(
                "person_id", "person__name", "organization__name", "organization__path"
            ).order_by("organization__path", "person__name_pinyin")
        )
    else:
        members = [
            (pid, "", "", org_path)
            for pid, org_path in periods.order_by().values_list("person_id", "organization__path")
        ]
    ids = [m[0] for m in members]
    hours: dict[int, Decimal] = {}
    credited = (
        Participation.objects.filter(
            year=year, person__isnull=False, status__in=TOOK_PART, hours__isnull=False
        )
        .values("person_id")
        .annotate(h=Sum("hours"))
        .values_list("person_id", "h")
    )
    if len(ids) < 900:
        credited = credited.filter(person_id__in=ids)
    hours = dict(credited)
    leaders = set(
        CadrePost.objects.filter(
            in_force_during(first, last, start="started_on", end="ended_on"), post__in=COMMITTEE_POSTS
        ).values_list("person_id", flat=True)
    )
    reqs = requirements()
    out = []
    for pid, name, org, org_path in members:
        cat = HoursCategory.LEADER if pid in leaders else HoursCategory.MEMBER
        out.append(HoursRow(pid, name, org, cat, reqs[cat], hours.get(pid) or Decimal(0), org_path))
    return out


def completed_rows(*, series: str, first: dt.date, last: dt.date, path: str = "") -> QuerySet[Participation]:
    """Completed enrolments of the classes of a series held in [first, last], taken part in from
    inside `path` (a metric's records)."""
    campaigns = Programme.objects.filter(series=series).values("campaign_id")
    rows = activity_selectors.participation_rows(
        path=path, kinds=[ActivityKind.TRAINING_CLASS], statuses=[ParticipationStatus.COMPLETED]
    )
    return rows.filter(campaign_id__in=campaigns, day__gte=first, day__lte=last)


def classes_held(*, series: str, first: dt.date, last: dt.date, path: str = "") -> QuerySet[TrainingClass]:
    """Classes of a series that began in [first, last]: within `path`, those organised inside it
    or attended by someone from inside it."""
    qs = TrainingClass.objects.filter(
        programme__series=series, activity__first_day__gte=first, activity__first_day__lte=last
    ).select_related("activity__organization", "programme__campaign")
    if path:
        attended = activity_selectors.participation_rows(
            path=path,
            kinds=[ActivityKind.TRAINING_CLASS],
            statuses=[*TOOK_PART, ParticipationStatus.REGISTERED],
        ).values("activity_id")
        qs = qs.filter(Q(activity__organization__path__under=path) | Q(activity_id__in=attended))
    return qs
