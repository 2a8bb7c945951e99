"""Writes of trainings: programmes, classes, seats, enrolment, daily attendance and completion.
Each is one transaction with its audit rows; trainees are participation rows written through
activities.services (so each carries where the trainee took part from)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from dangjian.activities import services as activity_services
from dangjian.activities.enums import (
    ActivityKind,
    AddedBy,
    CampaignKind,
    ParticipantRole,
    ParticipationStatus,
)
from dangjian.activities.models import Participation
from dangjian.activities.selectors import placements
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.trainings import errors, rules
from dangjian.trainings.models import (
    Certificate,
    ClassAttendance,
    HoursRequirement,
    Programme,
    TrainingClass,
    UnitQuota,
)


def _require_organiser(actor: Actor, org: PartyOrganization) -> None:
    scoping.require(scoping.can_write_path(actor, org.path))


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    name: str,
    organization: PartyOrganization,
    series: str,
    first_day: dt.date,
    last_day: dt.date,
    completion_rate: int = 90,
    scope: PartyOrganization | None = None,
    description: str = "",
) -> Programme:
    """A training programme (its classes come later) with its completion rule."""
    if not 1 <= int(completion_rate) <= 100:
        raise ApplicationError(errors.ERR_RATE, field="completion_rate")
    campaign = activity_services.campaign_create(
        actor=actor,
        name=name,
        organization=organization,
        first_day=first_day,
        last_day=last_day,
        kind=CampaignKind.TRAINING,
        scope=scope,
        description=description,
    )
    programme = Programme.objects.create(
        campaign=campaign, series=series, completion_rate=int(completion_rate)
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=programme,
        changes=audit.created({"series": series, "completion_rate": programme.completion_rate}),
    )
    return programme


@transaction.atomic
def class_create(
    *,
    actor: Actor,
    programme: Programme,
    first_day: dt.date,
    last_day: dt.date,
    hours,
    place: str = "",
    number: int | None = None,
    seats: int | None = None,
) -> TrainingClass:
    """第N期: the next number unless given; the class's days inside the programme's period."""
    campaign = programme.campaign
    _require_organiser(actor, campaign.organization)
    if number is None:
        number = (programme.classes.aggregate(n=Max("number"))["n"] or 0) + 1
    elif programme.classes.filter(number=number).exists():
        raise ApplicationError(errors.ERR_NUMBER_TAKEN.format(n=number), field="number")
    if seats is not None and int(seats) < 0:
        raise ApplicationError(errors.ERR_QUOTA_NEGATIVE, field="seats")
    activity = activity_services.activity_create(
        actor=actor,
        kind=ActivityKind.TRAINING_CLASS,
        title=f"{campaign.name}第{number}期",
        organization=campaign.organization,
        first_day=first_day,
        last_day=last_day,
        campaign=campaign,
        place=place,
        hours=hours,
    )
    tc = TrainingClass.objects.create(activity=activity, programme=programme, number=number, seats=seats)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=tc,
        changes=audit.created({"number": number, "seats": seats}),
    )
    return tc


@transaction.atomic
def quota_set(*, actor: Actor, training_class: TrainingClass, unit: Unit, seats: int) -> UnitQuota | None:
    """Give `seats` of a class to a unit (0 takes its seats away)."""
    _require_organiser(actor, training_class.activity.organization)
    if seats is None or int(seats) < 0:
        raise ApplicationError(errors.ERR_QUOTA_NEGATIVE, field="seats")
    quota = UnitQuota.objects.filter(training_class=training_class, unit=unit).first()
    before = quota.seats if quota else 0
    if int(seats) == 0:
        if quota:
            quota.delete()
        quota = None
    elif quota:
        quota.seats = int(seats)
        quota.save(update_fields=["seats"])
    else:
        quota = UnitQuota.objects.create(training_class=training_class, unit=unit, seats=int(seats))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=training_class,
        changes={f"quota:{unit.name}": [before, int(seats)]},
    )
    return quota


def _check_seats(actor: Actor, tc: TrainingClass, person_ids: list[int]) -> None:
    """Seats of the class, and of each unit when the actor is not the organiser (units enrol
    their people up to their quota)."""
    activity = tc.activity
    trainees = Participation.objects.filter(activity=activity)
    if tc.seats is not None:
        enrolled = trainees.count()
        if enrolled + len(person_ids) > tc.seats:
            raise ApplicationError(
                errors.ERR_OVER_CLASS_QUOTA.format(seats=tc.seats, enrolled=enrolled, adding=len(person_ids)),
                field="person_ids",
            )
    if scoping.can_write_path(actor, activity.organization.path):
        return
    quotas = {q.unit_id: q for q in tc.quotas.select_related("unit")}
    where = placements(person_ids, activity.first_day)
    adding = Counter(where[pid].unit_id for pid in person_ids)
    enrolled_by_unit = dict(
        trainees.filter(unit_id__in=list(adding))
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    for unit_key, n in adding.items():
        unit_id = unit_key or 0  # a person with no organisation on the day has no unit: no seats
        quota = quotas.get(unit_id)
        seats = quota.seats if quota else 0
        have = enrolled_by_unit.get(unit_id, 0)
        if have + n > seats:
            name = (
                quota.unit.name
                if quota
                else Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or "（无单位）"
            )
            raise ApplicationError(
                errors.ERR_OVER_QUOTA.format(unit=name, seats=seats, enrolled=have, adding=n),
                field="person_ids",
            )


@transaction.atomic
def trainees_enrol(
    *, actor: Actor, training_class: TrainingClass, person_ids: Iterable[int]
) -> list[Participation]:
    """Enrol people from the roster (all or none): the organiser enrols anyone, a unit up to its
    seats; someone already enrolled in the class is refused."""
    ids = list(person_ids)
    _check_seats(actor, training_class, ids)
    return activity_services.participants_add(
        actor=actor,
        activity=training_class.activity,
        person_ids=ids,
        role=ParticipantRole.TRAINEE,
        status=ParticipationStatus.REGISTERED,
        added_by=AddedBy.MANUAL,
    )


def _trainees(tc: TrainingClass, participation_ids: Iterable[int]) -> list[Participation]:
    ids = set(participation_ids)
    rows = list(Participation.objects.filter(activity=tc.activity, id__in=ids, person__isnull=False))
    if len(rows) != len(ids):
        raise ApplicationError(errors.ERR_NOT_A_TRAINEE, field="participation_ids")
    return rows


@transaction.atomic
def attendance_record(
    *, actor: Actor, training_class: TrainingClass, day: dt.date, present_ids: Iterable[int]
) -> int:
    """The trainees present on `day` (participation ids); the others of the class are not
    present that day. Returns how many were present."""
    activity = training_class.activity
    _require_organiser(actor, activity.organization)
    if not activity.first_day <= day <= activity.last_day:
        raise ApplicationError(
            errors.ERR_NOT_A_CLASS_DAY.format(day=day, first=activity.first_day, last=activity.last_day),
            field="day",
        )
    rows = _trainees(training_class, present_ids)
    ClassAttendance.objects.filter(participation__activity=activity, day=day).delete()
    ClassAttendance.objects.bulk_create([ClassAttendance(participation=r, day=day) for r in rows])
    Participation.objects.filter(
        id__in=[r.pk for r in rows], status__in=[ParticipationStatus.REGISTERED, ParticipationStatus.ABSENT]
    ).update(status=ParticipationStatus.PRESENT)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=training_class,
        changes={f"attendance:{day.isoformat()}": [None, len(rows)]},
    )
    return len(rows)


@dataclass(frozen=True)
class CompletionResult:
    completed: int
    not_met: list[str]


def _present_days(participation_ids: list[int]) -> dict[int, int]:
    return dict(
        ClassAttendance.objects.filter(participation_id__in=participation_ids)
        .values("participation_id")
        .annotate(n=Count("id"))
        .values_list("participation_id", "n")
    )


def _certificate_number(tc: TrainingClass, seq: int) -> str:
    return f"{tc.activity.first_day.year}-{tc.programme.pk:04d}-{tc.number:02d}-{seq:04d}"


def _complete(tc: TrainingClass, rows: list[Participation], today: dt.date) -> None:
    start = Certificate.objects.filter(participation__activity=tc.activity).count()
    for r in rows:
        r.status = ParticipationStatus.COMPLETED
        r.hours = tc.activity.hours
    Participation.objects.bulk_update(rows, ["status", "hours"])
    Certificate.objects.bulk_create(
        [
            Certificate(participation=r, number=_certificate_number(tc, start + i + 1), issued_on=today)
            for i, r in enumerate(rows)
        ]
    )


def _check_ended(tc: TrainingClass, today: dt.date) -> None:
    if today < tc.activity.last_day:
        raise ApplicationError(errors.ERR_NOT_ENDED.format(last=tc.activity.last_day))


@transaction.atomic
def class_complete(
    *, actor: Actor, training_class: TrainingClass, today: dt.date | None = None
) -> CompletionResult:
    """结业: every trainee who meets the programme's rule completes (the class hours credited, a
    certificate numbered); the others are listed. The class must have ended."""
    activity = training_class.activity
    _require_organiser(actor, activity.organization)
    today = today or timezone.localdate()
    _check_ended(training_class, today)
    rows = list(
        Participation.objects.filter(activity=activity, person__isnull=False)
        .exclude(status=ParticipationStatus.COMPLETED)
        .select_related("person")
    )
    days = rules.class_days(activity.first_day, activity.last_day)
    present = _present_days([r.pk for r in rows])
    rule = training_class.programme.completion_rate
    done = [r for r in rows if rules.meets_completion(present.get(r.pk, 0), days, rule)]
    not_met = [r.display_name for r in rows if r not in done]
    _complete(training_class, done, today)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=training_class,
        changes={"completed": [None, len(done)], "not_met": [None, len(not_met)]},
    )
    return CompletionResult(len(done), not_met)


@transaction.atomic
def trainee_complete(
    *, actor: Actor, training_class: TrainingClass, participation: Participation, today: dt.date | None = None
) -> Participation:
    """One trainee's completion, refused when the rule is not met (naming the figures)."""
    activity = training_class.activity
    _require_organiser(actor, activity.organization)
    today = today or timezone.localdate()
    _check_ended(training_class, today)
    (row,) = _trainees(training_class, [participation.pk])
    if row.status == ParticipationStatus.COMPLETED:
        raise ApplicationError(errors.ERR_ALREADY_COMPLETED.format(name=row.display_name))
    days = rules.class_days(activity.first_day, activity.last_day)
    present = _present_days([row.pk]).get(row.pk, 0)
    rule = training_class.programme.completion_rate
    if not rules.meets_completion(present, days, rule):
        raise ApplicationError(
            errors.ERR_RULE_NOT_MET.format(
                name=row.display_name,
                present=present,
                days=days,
                rate=rules.attendance_rate(present, days),
                rule=rule,
            )
        )
    _complete(training_class, [row], today)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, changes={"status": [None, row.status]})
    return row


@transaction.atomic
def hours_requirement_set(*, actor: Actor, category: str, hours: int) -> HoursRequirement:
    """Committee staff change the yearly hours required of a category."""
    scoping.require(scoping.is_committee(actor))
    if hours is None or not 0 <= int(hours) <= 500:
        raise ApplicationError(errors.ERR_HOURS_REQUIREMENT, field="hours")
    req = HoursRequirement.objects.get(category=category)
    before = req.hours
    req.hours = int(hours)
    req.save(update_fields=["hours"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=req, changes={"hours": [before, req.hours]})
    return req
