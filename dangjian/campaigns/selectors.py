"""Reads of campaigns and their outcomes.

Two kinds of functions live here:
- path-based ones for the report metrics and the campaign page's figures: the caller passes the
  subtree path ("" = everywhere) it already checked, no actor;
- actor-based ones for the pages and the API, filtered through organizations.scoping.

Who took part is counted from the participation record (`activities.selectors.counts`): distinct
units, branches (the organisation each member took part from, as of the activity's first day) and
members, and the person-times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from dangjian.activities import selectors as activity_selectors
from dangjian.activities.enums import TOOK_PART, ActivityKind
from dangjian.activities.models import Activity, Campaign, Participation
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus, ReportLine
from dangjian.campaigns.models import Deed, Difficulty
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.organizations.models import PartyOrganization, Unit

# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A campaign's (or a line's) figures within a subtree."""

    units: int
    branches: int
    members: int
    person_times: int
    deeds_done: int
    difficulties_solved: int
    activities: int
    volunteer_projects: int
    beneficiaries: int


Counts = activity_selectors.Counts
TOP_UNIT = activity_selectors.TOP_UNIT


def counts(rows: QuerySet[Participation]) -> Counts:
    """Who took part as the report counts it: units with a subordinate unit counted as its parent
    (activities.selectors.counts with top_units)."""
    return activity_selectors.counts(rows, top_units=True)


def _under(qs: QuerySet, field: str, path: str) -> QuerySet:
    """Records whose `field` (an organisation's path) lies under `path` ("" = everywhere)."""
    return qs.filter(subtree_q(path, field.removesuffix("__path")))


def line_campaign_ids(line: str) -> list[int]:
    return list(Campaign.objects.filter(reporting__report_line=line).values_list("id", flat=True))


def line_participation(line: str, path: str, year: int) -> QuerySet[Participation]:
    """Who took part, in `year`, in the campaigns counted on the report line `line`."""
    ids = line_campaign_ids(line)
    return activity_selectors.participation_rows(path=path, year=year).filter(campaign_id__in=ids)


def deeds_done(path: str, start: dt.date, end: dt.date, *, campaigns=None) -> QuerySet[Deed]:
    qs = Deed.objects.filter(status=DeedStatus.DONE, done_on__gte=start, done_on__lte=end)
    if campaigns is not None:
        qs = qs.filter(campaign_id__in=campaigns)
    return _under(qs, "organization__path", path)


def difficulties_solved(path: str, start: dt.date, end: dt.date, *, campaigns=None) -> QuerySet[Difficulty]:
    qs = Difficulty.objects.filter(status=DifficultyStatus.SOLVED, solved_on__gte=start, solved_on__lte=end)
    if campaigns is not None:
        qs = qs.filter(campaign_id__in=campaigns)
    return _under(qs, "organization__path", path)


def volunteer_participation(path: str, year: int) -> QuerySet[Participation]:
    """Who took part in volunteer service (activities of kind VOLUNTEER) in `year`."""
    return activity_selectors.participation_rows(path=path, kinds=[ActivityKind.VOLUNTEER], year=year)


def volunteer_projects(path: str, start: dt.date, end: dt.date) -> QuerySet[Activity]:
    """Volunteer projects held (started) in [start, end] by organisations under `path`."""
    qs = Activity.objects.filter(kind=ActivityKind.VOLUNTEER, first_day__gte=start, first_day__lte=end)
    return _under(qs, "organization__path", path)


def beneficiaries(projects: QuerySet[Activity]) -> int:
    return projects.aggregate(n=Sum("beneficiaries"))["n"] or 0


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    branches: int
    members: int
    person_times: int
    deeds_done: int
    difficulties_solved: int


def unit_breakdown(campaign: Campaign, path: str) -> list[UnitRow]:
    """Per unit (the unit each member took part from, a subordinate unit as its parent): distinct branches and members, person-times,
    deeds done and difficulties solved. Three grouped queries, most members first."""
    rows = (
        activity_selectors.participation_rows(path=path, campaign=campaign)
        .exclude(unit__isnull=True)
        .values(top=TOP_UNIT)
        .annotate(
            branches=Count("organization", distinct=True),
            members=Count("person", distinct=True),
            times=Count("id"),
        )
    )
    deeds = dict(
        _under(Deed.objects.filter(campaign=campaign, status=DeedStatus.DONE), "organization__path", path)
        .values(top=TOP_UNIT)
        .annotate(n=Count("id"))
        .values_list("top", "n")
    )
    solved = dict(
        _under(
            Difficulty.objects.filter(campaign=campaign, status=DifficultyStatus.SOLVED),
            "organization__path",
            path,
        )
        .values(top=TOP_UNIT)
        .annotate(n=Count("id"))
        .values_list("top", "n")
    )
    by_unit = {r["top"]: r for r in rows}
    ids = set(by_unit) | set(deeds) | set(solved)
    names = dict(Unit.objects.filter(id__in=ids).values_list("id", "name"))
    out = [
        UnitRow(
            unit_id=uid,
            name=names.get(uid, ""),
            branches=by_unit.get(uid, {}).get("branches", 0),
            members=by_unit.get(uid, {}).get("members", 0),
            person_times=by_unit.get(uid, {}).get("times", 0),
            deeds_done=deeds.get(uid, 0),
            difficulties_solved=solved.get(uid, 0),
        )
        for uid in ids
    ]
    out.sort(key=lambda r: (-r.members, -r.deeds_done, r.name))
    return out


# --- for the pages and the API --------------------------------------------------------------------


def viewer_path(actor: Actor, campaign: Campaign | None = None) -> str:
    """The subtree whose figures the viewer sees: everything for a scope covering the province,
    else their widest read path (the campaign's scope when that lies inside it, so a unit sees
    the whole of its own campaign)."""
    scope = scoping.scope_of(actor)
    if scope.covers_all:
        return ""  # the whole province: no path filter (and no join for it)
    if not scope.read_paths:
        return "\x00"  # nothing: no subtree
    paths = sorted(scope.read_paths, key=len)
    if campaign is not None:
        inside = [p for p in paths if campaign.scope.path.startswith(p)]
        if inside:
            return campaign.scope.path
    return paths[0]


def campaign_list(*, actor: Actor, year: int | None = None, q: str = "") -> QuerySet[Campaign]:
    qs = activity_selectors.campaign_list(actor=actor).select_related("reporting")
    if year:
        qs = qs.filter(first_day__lte=dt.date(year, 12, 31), last_day__gte=dt.date(year, 1, 1))
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.annotate(activity_count=Count("activities")).order_by("-first_day", "-id")


def access_campaign(actor: Actor, campaign_id, *, write: bool = False) -> Campaign:
    return activity_selectors.access_campaign(actor, campaign_id, write=write)


def campaign_activities(
    *, actor: Actor, campaign: Campaign, kind: str | None = None, path: str = ""
) -> QuerySet[Activity]:
    """The campaign's activities the actor sees; `path`: only those organised inside that subtree
    (the campaign page lists the viewer's own, as its figures count them)."""
    qs = _under(
        activity_selectors.activity_list(actor=actor, campaign=campaign, kind=kind),
        "organization__path",
        path,
    )
    return qs.order_by("-first_day", "-id")


def with_took_part(activities) -> list[Activity]:
    """`took_part` (present or completed) on each activity of a page, in one grouped query (an
    annotation over the whole campaign would group every activity before paging)."""
    rows = list(activities)
    n = dict(
        Participation.objects.filter(activity_id__in=[a.pk for a in rows], status__in=TOOK_PART)
        .values("activity_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
    )
    for a in rows:
        setattr(a, "took_part", n.get(a.pk, 0))  # noqa: B010 (display only; Activity is another app's model)
    return rows


def access_campaign_activity(actor: Actor, campaign: Campaign, activity_id) -> Activity:
    return get_or_404(activity_selectors.activity_list(actor=actor, campaign=campaign), activity_id)


def deed_list(*, actor: Actor, campaign: Campaign | None = None, status: str = "") -> QuerySet[Deed]:
    qs = Deed.objects.select_related("organization", "unit", "campaign", "activity")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    return scoping.visible(actor, qs)


def access_deed(actor: Actor, deed_id) -> Deed:
    return get_or_404(deed_list(actor=actor).select_related("campaign__scope"), deed_id)


def difficulty_list(
    *, actor: Actor, campaign: Campaign | None = None, status: str = ""
) -> QuerySet[Difficulty]:
    qs = Difficulty.objects.select_related("organization", "unit", "campaign", "activity")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    return scoping.visible(actor, qs)


def access_difficulty(actor: Actor, difficulty_id) -> Difficulty:
    return get_or_404(difficulty_list(actor=actor).select_related("campaign__scope"), difficulty_id)


def recorder_orgs(actor: Actor, campaign: Campaign) -> QuerySet[PartyOrganization]:
    """Organisations in whose name the actor may record for the campaign: those they write inside
    the campaign's scope, and the organiser."""
    writable = scoping.orgs_visible(actor, write=True).filter(is_active=True)
    return writable.filter(Q(path__startswith=campaign.scope.path) | Q(pk=campaign.organization_id)).order_by(
        "path"
    )


def line_label(line: str) -> str:
    return ReportLine(line).label if line in ReportLine.values else ""


def campaign_figures(campaign: Campaign, path: str, units: list[UnitRow] | None = None) -> Figures:
    """The campaign's figures for the subtree `path` (the viewer's scope): who took part (distinct),
    the deeds done, the difficulties solved and its volunteer projects with their beneficiaries.
    Units, branches, person-times and outcomes add up from the per-unit rows (a branch belongs to
    one unit); members are counted distinct over all rows (a member who moved counts once)."""
    units = unit_breakdown(campaign, path) if units is None else units
    rows = activity_selectors.participation_rows(path=path, campaign=campaign)
    members = rows.aggregate(n=Count("person", distinct=True))["n"]
    activities = _under(Activity.objects.filter(campaign=campaign), "organization__path", path)
    agg = activities.aggregate(
        n=Count("id"),
        projects=Count("id", filter=Q(kind=ActivityKind.VOLUNTEER)),
        served=Sum("beneficiaries", filter=Q(kind=ActivityKind.VOLUNTEER)),
    )
    return Figures(
        units=sum(1 for u in units if u.person_times),
        branches=sum(u.branches for u in units),
        members=members,
        person_times=sum(u.person_times for u in units),
        deeds_done=sum(u.deeds_done for u in units),
        difficulties_solved=sum(u.difficulties_solved for u in units),
        activities=agg["n"] or 0,
        volunteer_projects=agg["projects"] or 0,
        beneficiaries=agg["served"] or 0,
    )
