"""Writes of events. An event is an activity (activities.services writes it, with the rules of
the participation record) plus the Event row beside it; registration and results go through the
participation record too. One transaction each, audited; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dangjian.activities import services as activity_services
from dangjian.activities.enums import AddedBy, ParticipantRole, ParticipationStatus
from dangjian.activities.models import Participation
from dangjian.activities.selectors import placements
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.events import errors
from dangjian.events.enums import EVENT_KINDS, RESULT_KINDS, EventSeries
from dangjian.events.models import CompetitionResult, Event, EventCase
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

EVENT_FIELDS = ["series", "registration_opens", "registration_closes", "capacity", "host"]


def _check_event(
    *, kind: str, series: str, first_day: dt.date, last_day: dt.date, opens, closes, capacity, exclude=None
) -> None:
    if kind not in EVENT_KINDS:
        raise ApplicationError(errors.ERR_KIND, field="kind")
    if opens and closes and closes < opens:
        raise ApplicationError(errors.ERR_REGISTRATION_ORDER, field="registration_closes")
    if closes and closes > last_day:
        raise ApplicationError(errors.ERR_REGISTRATION_AFTER, field="registration_closes")
    if capacity is not None and int(capacity) < 1:
        raise ApplicationError(errors.ERR_CAPACITY, field="capacity")
    if series:
        if series not in EventSeries.values:
            raise ApplicationError("活动系列无效。", field="series")
        twin = (
            Event.objects.filter(series=series, activity__first_day__year=first_day.year)
            .exclude(pk=exclude)
            .select_related("activity")
            .first()
        )
        if twin is not None:
            raise ApplicationError(
                errors.ERR_SERIES_TWICE.format(
                    year=first_day.year, series=EventSeries(series).label, title=twin.activity.title
                ),
                field="series",
            )


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    organization: PartyOrganization,
    first_day: dt.date,
    last_day: dt.date | None = None,
    place: str = "",
    hours: Decimal | None = None,
    description: str = "",
    series: str = "",
    registration_opens: dt.date | None = None,
    registration_closes: dt.date | None = None,
    capacity: int | None = None,
    host: str = "",
) -> Event:
    _check_event(
        kind=kind,
        series=series,
        first_day=first_day,
        last_day=last_day or first_day,
        opens=registration_opens,
        closes=registration_closes,
        capacity=capacity,
    )
    activity = activity_services.activity_create(
        actor=actor,
        kind=kind,
        title=title,
        organization=organization,
        first_day=first_day,
        last_day=last_day,
        place=place,
        hours=hours,
        description=description,
    )
    event = Event.objects.create(
        activity=activity,
        series=series,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        capacity=capacity,
        host=(host or "").strip()[:200],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        changes=audit.created(audit.snapshot(event, EVENT_FIELDS)),
    )
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, **fields) -> Event:
    activity = event.activity
    activity_fields = {k: fields.pop(k) for k in list(fields) if k in activity_services.ACTIVITY_FIELDS}
    activity_fields.pop("kind", None)
    activity_services.activity_update(actor=actor, activity=activity, **activity_fields)
    before = audit.snapshot(event, EVENT_FIELDS)
    for key in EVENT_FIELDS:
        if key in fields:
            setattr(event, key, fields[key])
    _check_event(
        kind=activity.kind,
        series=event.series,
        first_day=activity.first_day,
        last_day=activity.last_day,
        opens=event.registration_opens,
        closes=event.registration_closes,
        capacity=event.capacity,
        exclude=event.pk,
    )
    event.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=event,
        changes=audit.diff(before, audit.snapshot(event, EVENT_FIELDS)),
    )
    return event


def registration_open(event: Event, today: dt.date) -> bool:
    """Whether members may register themselves today: the event takes registrations (it has an
    opening day) and today is between it and the closing day (the last day by default)."""
    if event.registration_opens is None:
        return False
    opens = event.registration_opens
    closes = event.registration_closes or event.activity.last_day
    return opens <= today <= closes


@transaction.atomic
def register_self(*, actor: Actor, event: Event, today: dt.date | None = None) -> Participation:
    """A member registers for an event open to their organisation (status 已报名), while
    registration is open and places remain."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise ApplicationError(errors.ERR_NO_PERSON)
    today = today or timezone.localdate()
    activity = event.activity
    if event.registration_opens is None:
        raise ApplicationError(errors.ERR_NO_REGISTRATION)
    if not registration_open(event, today):
        raise ApplicationError(
            errors.ERR_NOT_OPEN.format(
                opens=event.registration_opens or "即日",
                closes=event.registration_closes or activity.last_day,
            )
        )
    Event.objects.select_for_update().filter(pk=event.pk).first()  # places: one registration at a time
    if Participation.objects.filter(activity=activity, person_id=person_id).exists():
        raise ApplicationError(errors.ERR_ALREADY_REGISTERED)
    if event.capacity is not None and activity.participation.count() >= event.capacity:
        raise ApplicationError(errors.ERR_FULL.format(capacity=event.capacity))
    place = placements([person_id], activity.first_day)[person_id]
    if not place.path.startswith(activity.organization.path):
        raise ApplicationError(errors.ERR_NOT_IN_SCOPE)
    row = Participation(
        activity=activity,
        person_id=person_id,
        role=ParticipantRole.CONTESTANT if activity.kind in RESULT_KINDS else ParticipantRole.PARTICIPANT,
        status=ParticipationStatus.REGISTERED,
        added_by=AddedBy.MANUAL,
        organization_id=place.organization_id,
        unit_id=place.unit_id,
        org_path=place.path,
        root_id=place.root_id,
        campaign_id=activity.campaign_id,
        kind=activity.kind,
        year=activity.first_day.year,
        day=activity.first_day,
    )
    row.save(force_insert=True)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row, changes={"registered": [None, str(row)]})
    return row


def _require_organiser(actor: Actor, event: Event) -> None:
    scoping.require(scoping.can_write_path(actor, event.activity.organization.path))


@transaction.atomic
def case_add(*, actor: Actor, event: Event, title: str, summary: str = "") -> EventCase:
    _require_organiser(actor, event)
    if event.activity.kind != "warning_education":
        raise ApplicationError(errors.ERR_CASES_ONLY_WARNING)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_CASE_TITLE, field="title")
    case = EventCase.objects.create(event=event, title=title[:200], summary=summary or "")
    audit.record(actor=actor, action=AuditAction.CREATE, obj=case, changes={"title": [None, case.title]})
    return case


@transaction.atomic
def case_remove(*, actor: Actor, case: EventCase) -> None:
    _require_organiser(actor, case.event)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=case, changes={"title": [case.title, None]})
    case.delete()


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    event: Event,
    participation: Participation,
    rank: int | None = None,
    award: str = "",
    score: Decimal | None = None,
    item: str = "",
) -> CompetitionResult:
    """A contestant's result (replaces their earlier one for the event)."""
    _require_organiser(actor, event)
    if event.activity.kind not in RESULT_KINDS:
        raise ApplicationError(errors.ERR_RESULTS_ONLY_CONTESTS)
    if participation.activity_id != event.pk:
        raise ApplicationError(errors.ERR_RESULT_NOT_ON_EVENT, field="participation")
    award = (award or "").strip()[:50]
    if rank is None and not award and score is None:
        raise ApplicationError(errors.ERR_RESULT_EMPTY, field="rank")
    if rank is not None and int(rank) < 1:
        raise ApplicationError(errors.ERR_RANK, field="rank")
    result, created = CompetitionResult.objects.update_or_create(
        participation=participation,
        defaults={
            "event": event,
            "rank": rank,
            "award": award,
            "score": score,
            "item": (item or "").strip()[:100],
        },
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=result,
        changes={
            "contestant": [None, participation.display_name],
            "rank": [None, rank],
            "award": [None, award],
        },
    )
    return result
