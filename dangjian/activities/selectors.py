"""Scoped reads of the participation record, and the distinct counts every participation figure
is made of (units, organisations, members and person-times that took part)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from dangjian.activities.enums import TOOK_PART
from dangjian.activities.models import Activity, Campaign, Participation, UnitReturn
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import MembershipPeriod, Person


def campaign_list(*, actor: Actor) -> QuerySet[Campaign]:
    return scoping.visible(actor, Campaign.objects.select_related("organization", "scope"))


def access_campaign(actor: Actor, campaign_id, *, write: bool = False) -> Campaign:
    campaign = get_or_404(campaign_list(actor=actor), campaign_id)
    if write:
        scoping.require(scoping.can_write_path(actor, campaign.organization.path))
    return campaign


def activity_list(
    *, actor: Actor, kind: str | None = None, campaign: Campaign | None = None, year: int | None = None
) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("organization", "unit", "campaign")
    if kind:
        qs = qs.filter(kind=kind)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if year:
        qs = qs.filter(first_day__year=year)
    return scoping.visible(actor, qs)


def access_activity(actor: Actor, activity_id, *, write: bool = False) -> Activity:
    """An activity the actor may see; `write`: one they organise (else Forbidden)."""
    activity = get_or_404(activity_list(actor=actor), activity_id)
    if write:
        scoping.require(scoping.can_write_path(actor, activity.organization.path))
    return activity


def participation_list(*, actor: Actor, activity: Activity | None = None) -> QuerySet[Participation]:
    qs = Participation.objects.select_related("person", "organization", "unit")
    if activity is not None:
        qs = qs.filter(activity=activity)
    return scoping.visible(actor, qs)


def access_participation(actor: Actor, participation_id) -> Participation:
    return get_or_404(
        participation_list(actor=actor).select_related("activity__organization"), participation_id
    )


def unit_return_list(*, actor: Actor) -> QuerySet[UnitReturn]:
    return scoping.visible(actor, UnitReturn.objects.select_related("organization", "activity"))


# --- Counting -------------------------------------------------------------------------------------


def participation_rows(
    *,
    path: str = "",
    campaign: Campaign | int | None = None,
    kinds: Iterable[str] | None = None,
    year: int | None = None,
    statuses: Iterable[str] = TOOK_PART,
) -> QuerySet[Participation]:
    """Participation rows of a campaign (or of kinds of activity in a year) taken part in from
    inside the subtree `path` ("" = everywhere). Not scoped to an actor: metrics are called with a
    report scope the caller already checked."""
    qs = Participation.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if year is not None:
        qs = qs.filter(year=year)
    if path:
        qs = qs.filter(org_path__under=path)
    return qs.filter(status__in=list(statuses))


@dataclass(frozen=True)
class Counts:
    units: int
    organizations: int
    members: int  # distinct people on the roster
    person_times: int  # rows, guests included
    guests: int


def counts(rows: QuerySet[Participation]) -> Counts:
    """Distinct units, organisations and people of `rows`, one COUNT(DISTINCT) each: each is read
    from the covering index (part_campaign_cov / part_kind_cov) without touching the table."""
    return Counts(
        units=rows.exclude(unit__isnull=True).values("unit").distinct().count(),
        organizations=rows.exclude(organization__isnull=True).values("organization").distinct().count(),
        members=rows.exclude(person__isnull=True).values("person").distinct().count(),
        person_times=rows.count(),
        guests=rows.filter(person__isnull=True).count(),
    )


# --- Where a person took part from ----------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    organization_id: int | None
    unit_id: int | None
    path: str
    root_id: int | None


def placements(person_ids: Iterable[int], day: dt.date) -> dict[int, Placement]:
    """The organisation each person belonged to on `day` (their membership period in force then;
    a person with none, e.g. staff on the roster who are not members, from their current record).
    Three queries whatever the number of people."""
    ids = list(person_ids)
    org_of: dict[int, int] = {}
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start : chunk_start + 900]
        periods = (
            MembershipPeriod.objects.filter(person_id__in=chunk, valid_from__lte=day)
            .exclude(valid_to__lte=day)
            .order_by("person_id", "valid_from", "id")
            .values_list("person_id", "organization_id")
        )
        for pid, oid in periods:
            org_of[pid] = oid  # the latest period in force wins
        missing = [pid for pid in chunk if pid not in org_of]
        if missing:
            org_of.update(Person.objects.filter(id__in=missing).values_list("id", "organization_id"))
    orgs = {
        o["id"]: o
        for o in PartyOrganization.objects.filter(id__in=set(org_of.values())).values(
            "id", "unit_id", "path", "root_id"
        )
    }
    out = {}
    for pid in ids:
        org = orgs.get(org_of.get(pid))  # type: ignore[arg-type]
        out[pid] = (
            Placement(org["id"], org["unit_id"], org["path"], org["root_id"] or org["id"])
            if org
            else Placement(None, None, "", None)
        )
    return out
