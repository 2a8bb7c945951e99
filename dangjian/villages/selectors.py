"""Reads of village cadres and survey teams: path-based ones for the metrics, actor-based ones
(through organizations.scoping) for the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.problems.enums import ProblemSource
from dangjian.problems.models import Problem
from dangjian.villages import rules
from dangjian.villages.models import (
    LeaveRecord,
    PresenceMonth,
    SpotCheck,
    Stationing,
    SurveyFinding,
    SurveyTeam,
    SurveyVisit,
)

# --- for the metrics ---------------------------------------------------------------------------


def survey_teams(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Survey teams formed in [start, end] by organisations under `org_path`."""
    qs = SurveyTeam.objects.filter(started_on__gte=start, started_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs.order_by("started_on", "id")


def survey_visits(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return SurveyVisit.objects.filter(team__in=survey_teams(org_path, start, end))


def survey_problems(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Problems of the ledger (source 调研) found by the survey teams formed in [start, end], owned
    by organisations under `org_path` (the ledger's own scope: a unit's report counts the survey
    problems it owns)."""
    teams = SurveyTeam.objects.filter(started_on__gte=start, started_on__lte=end)
    qs = Problem.objects.filter(source=ProblemSource.SURVEY, survey_finding__team__in=teams)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


# --- stationings ---------------------------------------------------------------------------------


def stationing_list(
    *,
    actor: Actor,
    unit_id: int | None = None,
    area: str = "",
    role: str = "",
    year: int | None = None,
    active: bool = False,
) -> QuerySet:
    qs = scoping.visible(actor, Stationing.objects.all())
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if area:
        qs = qs.filter(area=area)
    if role:
        qs = qs.filter(role=role)
    if year:
        qs = qs.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=dt.date(year, 1, 1)),
            started_on__lte=dt.date(year, 12, 31),
        )
    if active:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("person", "unit")


def stationing_get(*, actor: Actor, stationing_id) -> Stationing:
    return get_or_404(
        scoping.visible(actor, Stationing.objects.select_related("person", "unit", "organization")),
        stationing_id,
    )


def short_months(*, actor: Actor, month: dt.date) -> list[dict]:
    """Stationings in force in `month` whose days present are below what the month asks
    (rules.required_days), or that recorded no days at all: [{stationing, days, required}]."""
    first, last = month.replace(day=1), rules.month_end(month)
    qs = stationing_list(actor=actor).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first), started_on__lte=last
    )
    days = dict(
        scoping.visible(actor, PresenceMonth.objects.filter(month=first)).values_list(
            "stationing_id", "days_present"
        )
    )
    out = []
    for s in qs.order_by("unit__sort_order", "person__name"):
        need = rules.required_days(first, s.started_on, s.ended_on)
        got = days.get(s.pk)
        if got is None or got < need:
            out.append({"stationing": s, "days": got, "required": need})
    return out


def two_ends_absent(*, actor: Actor, start: dt.date, end: dt.date) -> QuerySet:
    """ "两头不见人": spot checks in [start, end] that found the cadre neither in the village nor at
    the sending unit, on a day no leave record of that stationing covers."""
    covered = LeaveRecord.objects.filter(
        stationing=OuterRef("stationing"),
        starts_on__lte=OuterRef("checked_on"),
        ends_on__gte=OuterRef("checked_on"),
    )
    return (
        scoping.visible(actor, SpotCheck.objects.all())
        .filter(checked_on__gte=start, checked_on__lte=end, in_village=False, at_unit=False)
        .filter(~Exists(covered))
        .select_related("stationing__person", "stationing__unit")
        .order_by("-checked_on", "id")
    )


def unit_party_org(unit: Unit) -> PartyOrganization | None:
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def units_for_stationing(*, actor: Actor) -> QuerySet:
    return (
        Unit.objects.filter(
            is_active=True, organizations__in=scoping.orgs_visible(actor, write=True).filter(is_active=True)
        )
        .exclude(category=UnitCategory.COMMITTEE)
        .distinct()
        .order_by("sort_order", "id")
    )


# --- survey teams --------------------------------------------------------------------------------


def team_list(*, actor: Actor, year: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, SurveyTeam.objects.all())
    if year:
        qs = qs.filter(started_on__year=year)
    return (
        qs.select_related("leader")
        .annotate(visit_count=Count("visits", distinct=True), finding_count=Count("findings", distinct=True))
        .order_by("-started_on", "name")
    )


def team_get(*, actor: Actor, team_id) -> SurveyTeam:
    return get_or_404(
        scoping.visible(actor, SurveyTeam.objects.select_related("leader", "organization")), team_id
    )


def finding_list(*, actor: Actor, team: SurveyTeam | None = None, year: int | None = None) -> QuerySet:
    """The findings in scope with their problems (owner, description, deadline, rectification
    status), each problem marked overdue or not (problems.selectors.mark_overdue)."""
    qs = scoping.visible(actor, SurveyFinding.objects.all())
    if team is not None:
        qs = qs.filter(team=team)
    if year:
        qs = qs.filter(team__started_on__year=year)
    return qs.select_related("team", "problem__unit").order_by(
        "team__started_on", "team_id", "problem__found_on", "id"
    )
