"""Scoped reads of events, and the figures the annual report counts from them (through the
participation record's counts: activities.selectors.counts / participation_rows)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet, Sum

from dangjian.activities.enums import REGISTERED_OR_MORE, TOOK_PART, ParticipantRole
from dangjian.activities.models import Participation, UnitReturnEntry
from dangjian.activities.selectors import participation_rows
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.events.models import CompetitionResult, Event, EventCase
from dangjian.organizations import scoping


def event_list(*, actor: Actor) -> QuerySet[Event]:
    return scoping.visible(actor, Event.objects.select_related("activity__organization"))


def access_event(actor: Actor, event_id, *, write: bool = False) -> Event:
    event = get_or_404(event_list(actor=actor), event_id)
    if write:
        scoping.require(scoping.can_write_path(actor, event.activity.organization.path))
    return event


def cases(*, actor: Actor, event: Event) -> QuerySet[EventCase]:
    return scoping.visible(actor, EventCase.objects.filter(event=event))


def results(*, actor: Actor, event: Event) -> QuerySet[CompetitionResult]:
    return scoping.visible(
        actor,
        CompetitionResult.objects.filter(event=event).select_related(
            "participation__person", "participation__organization"
        ),
    )


# --- figures ---------------------------------------------------------------------------------


def series_rows(*, series: str, year: int, path: str = "", statuses=TOOK_PART) -> QuerySet[Participation]:
    """Participation rows of the events of `series` held in `year`, taken part in from `path`."""
    return participation_rows(path=path, year=year, statuses=statuses).filter(
        activity_id__in=_series_ids(series, year)
    )


def _series_ids(series: str, year: int) -> list[int]:
    """The activities of a series in a year (one, as a rule): read first, so the rows are found by
    the activity's index rather than a join."""
    return list(
        Event.objects.filter(
            series=series,
            activity__first_day__gte=dt.date(year, 1, 1),
            activity__first_day__lte=dt.date(year, 12, 31),
        ).values_list("activity_id", flat=True)
    )


def series_speakers(*, series: str, year: int, path: str = "") -> QuerySet[Participation]:
    return series_rows(series=series, year=year, path=path).filter(role=ParticipantRole.SPEAKER)


def series_contestants(*, series: str, year: int, path: str = "") -> QuerySet[Participation]:
    return series_rows(series=series, year=year, path=path, statuses=REGISTERED_OR_MORE).filter(
        role=ParticipantRole.CONTESTANT
    )


def series_return_entries(*, series: str, year: int, path: str = "") -> QuerySet[UnitReturnEntry]:
    """Answers to the unit returns asked against the events of `series` in `year`, filed by units
    inside `path`."""
    qs = UnitReturnEntry.objects.filter(unit_return__activity_id__in=_series_ids(series, year))
    if path:
        qs = qs.filter(organization__path__under=path)
    return qs


def entries_total(qs: QuerySet[UnitReturnEntry]) -> int:
    return qs.aggregate(n=Sum("value"))["n"] or 0
