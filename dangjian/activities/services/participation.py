"""Writes of the participation record: campaigns, activities and who took part. One transaction
each, each with its audit rows; a refusal writes nothing. Areas (trainings, campaigns, events)
call these rather than writing Participation rows themselves, so every row gets its copies of
where the person took part from (models.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.activities import errors
from dangjian.activities.enums import (
    TOOK_PART,
    ActivityKind,
    AddedBy,
    CampaignKind,
    GuestKind,
    ParticipantRole,
    ParticipationStatus,
)
from dangjian.activities.models import Activity, Campaign, Participation
from dangjian.activities.selectors import Placement, placements
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.enums import PARTY_MEMBER_STATUSES
from dangjian.people.models import Person
from dangjian.people.selectors import members_on

CAMPAIGN_FIELDS = ["name", "kind", "organization", "scope", "first_day", "last_day", "description"]
ACTIVITY_FIELDS = [
    "kind",
    "title",
    "organization",
    "campaign",
    "first_day",
    "last_day",
    "place",
    "hours",
    "beneficiaries",
    "description",
]
PARTICIPATION_FIELDS = ["person", "guest_name", "guest_kind", "guest_from", "role", "status", "hours"]


def _require_organiser(actor: Actor, org: PartyOrganization) -> None:
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_ORG_NOT_WRITABLE.format(org=org.name), field="organization")


def _check_days(first_day: dt.date, last_day: dt.date) -> None:
    if last_day < first_day:
        raise ApplicationError(errors.ERR_DAYS_ORDER, field="last_day")


def _check_title(title: str, field: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_TITLE, field=field)
    return title


# --- Campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    name: str,
    organization: PartyOrganization,
    first_day: dt.date,
    last_day: dt.date,
    kind: str = CampaignKind.THEME,
    scope: PartyOrganization | None = None,
    description: str = "",
) -> Campaign:
    """A named drive organised by `organization` for the subtree `scope` (its own by default)."""
    _require_organiser(actor, organization)
    name = _check_title(name, "name")
    _check_days(first_day, last_day)
    scope = scope or organization
    if not scope.path.startswith(organization.path):
        raise ApplicationError(errors.ERR_SCOPE_OUTSIDE, field="scope")
    campaign = Campaign.objects.create(
        name=name[:200],
        kind=kind,
        organization=organization,
        root=organization.root or organization,
        scope=scope,
        first_day=first_day,
        last_day=last_day,
        description=description,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        changes=audit.created(audit.snapshot(campaign, CAMPAIGN_FIELDS)),
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's name, period, scope or description. Its activities must stay inside
    the period."""
    _require_organiser(actor, campaign.organization)
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    for key in ("name", "kind", "scope", "first_day", "last_day", "description"):
        if key in fields:
            setattr(campaign, key, fields[key])
    campaign.name = _check_title(campaign.name, "name")
    _check_days(campaign.first_day, campaign.last_day)
    if not campaign.scope.path.startswith(campaign.organization.path):
        raise ApplicationError(errors.ERR_SCOPE_OUTSIDE, field="scope")
    for activity in campaign.activities.all():
        _check_in_campaign(activity.first_day, activity.last_day, campaign)
    campaign.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=campaign,
        changes=audit.diff(before, audit.snapshot(campaign, CAMPAIGN_FIELDS)),
    )
    return campaign


# --- Activities -----------------------------------------------------------------------------------


def _check_in_campaign(first_day: dt.date, last_day: dt.date, campaign: Campaign | None) -> None:
    if campaign is None:
        return
    if first_day < campaign.first_day or last_day > campaign.last_day:
        raise ApplicationError(
            errors.ERR_OUTSIDE_CAMPAIGN.format(
                first=first_day, last=last_day, start=campaign.first_day, end=campaign.last_day
            ),
            field="first_day",
        )


def _check_outcomes(hours: Decimal | None, beneficiaries: int | None) -> None:
    if hours is not None and Decimal(hours) < 0:
        raise ApplicationError(errors.ERR_HOURS, field="hours")
    if beneficiaries is not None and int(beneficiaries) < 0:
        raise ApplicationError(errors.ERR_BENEFICIARIES, field="beneficiaries")


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    organization: PartyOrganization,
    first_day: dt.date,
    last_day: dt.date | None = None,
    campaign: Campaign | None = None,
    place: str = "",
    hours: Decimal | None = None,
    beneficiaries: int | None = None,
    description: str = "",
) -> Activity:
    """Record an activity organised by `organization` (which the actor writes). An activity of a
    campaign is organised by the campaign's organiser or by an organisation taking part in it."""
    if kind not in ActivityKind.values:
        raise ApplicationError("活动类别无效。", field="kind")
    _require_organiser(actor, organization)
    title = _check_title(title, "title")
    last_day = last_day or first_day
    _check_days(first_day, last_day)
    _check_in_campaign(first_day, last_day, campaign)
    if campaign is not None and not (
        organization.path.startswith(campaign.scope.path) or organization.pk == campaign.organization_id
    ):
        raise ApplicationError(errors.ERR_NOT_OPEN.format(name=organization.name), field="organization")
    _check_outcomes(hours, beneficiaries)
    activity = Activity.objects.create(
        kind=kind,
        title=title[:200],
        organization=organization,
        root=organization.root or organization,
        unit_id=organization.unit_id,
        campaign=campaign,
        first_day=first_day,
        last_day=last_day,
        place=(place or "").strip()[:200],
        hours=hours,
        beneficiaries=beneficiaries,
        description=description,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=activity,
        changes=audit.created(audit.snapshot(activity, ACTIVITY_FIELDS)),
    )
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, **fields) -> Activity:
    """Change an activity. When its first day moves, where each person took part from is
    recomputed as of the new day."""
    _require_organiser(actor, activity.organization)
    before = audit.snapshot(activity, ACTIVITY_FIELDS)
    for key in ("title", "first_day", "last_day", "place", "hours", "beneficiaries", "description"):
        if key in fields:
            setattr(activity, key, fields[key])
    activity.title = _check_title(activity.title, "title")
    _check_days(activity.first_day, activity.last_day)
    _check_in_campaign(activity.first_day, activity.last_day, activity.campaign)
    _check_outcomes(activity.hours, activity.beneficiaries)
    activity.save()
    if before["first_day"] != activity.first_day:
        _replace(activity)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=activity,
        changes=audit.diff(before, audit.snapshot(activity, ACTIVITY_FIELDS)),
    )
    return activity


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    """Delete an activity with its participation rows (counted in the audit row)."""
    _require_organiser(actor, activity.organization)
    rows = activity.participation.count()
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=activity,
        changes={"title": [activity.title, None], "participation": [rows, 0]},
    )
    activity.delete()


def _replace(activity: Activity) -> None:
    rows = list(activity.participation.filter(person__isnull=False))
    where = placements([r.person_id for r in rows if r.person_id], activity.first_day)
    for r in rows:
        _copy(r, activity, where[r.person_id])  # type: ignore[index]
    Participation.objects.bulk_update(
        rows, ["organization", "unit", "org_path", "root", "year", "day"], batch_size=500
    )
    activity.participation.filter(person__isnull=True).update(
        year=activity.first_day.year, day=activity.first_day
    )


# --- Who took part --------------------------------------------------------------------------------


def _copy(row: Participation, activity: Activity, where: Placement) -> Participation:
    row.organization_id = where.organization_id
    row.unit_id = where.unit_id
    row.org_path = where.path
    row.root_id = where.root_id
    row.campaign_id = activity.campaign_id
    row.kind = activity.kind
    row.year = activity.first_day.year
    row.day = activity.first_day
    return row


def _check_choice(status: str, role: str) -> None:
    if status not in ParticipationStatus.values:
        raise ApplicationError(errors.ERR_STATUS, field="status")
    if role not in ParticipantRole.values:
        raise ApplicationError(errors.ERR_ROLE, field="role")


@transaction.atomic
def participants_add(
    *,
    actor: Actor,
    activity: Activity,
    person_ids: Iterable[int],
    role: str = ParticipantRole.PARTICIPANT,
    status: str = ParticipationStatus.PRESENT,
    hours: Decimal | None = None,
    added_by: str = AddedBy.MANUAL,
    signed_in_at: dt.datetime | None = None,
) -> list[Participation]:
    """Put people from the roster on an activity, all or none: each must be visible to the actor,
    addable by them (scoping.may_add_participant), inside the campaign's scope, and not on the
    activity yet. Returns the new rows."""
    ids = list(person_ids)
    if not ids:
        raise ApplicationError(errors.ERR_NO_PEOPLE, field="person_ids")
    _check_choice(status, role)
    if hours is not None and Decimal(hours) < 0:
        raise ApplicationError(errors.ERR_HOURS, field="hours")
    people = {
        p.pk: p
        for p in Person.objects.filter(scoping.person_q(actor), id__in=ids).select_related("organization")
    }
    unseen = [i for i in ids if i not in people]
    if unseen:
        raise ApplicationError(
            errors.ERR_PERSON_UNSEEN.format(ids="、".join(map(str, unseen[:10]))), field="person_ids"
        )
    seen: set[int] = set()
    for pid in ids:
        if pid in seen:
            raise ApplicationError(
                errors.ERR_PERSON_REPEATED.format(name=people[pid].name), field="person_ids"
            )
        seen.add(pid)
    already = set(
        Participation.objects.filter(activity=activity, person_id__in=ids).values_list("person_id", flat=True)
    )
    if already:
        name = people[min(already)].name
        raise ApplicationError(errors.ERR_ALREADY_ADDED.format(name=name), field="person_ids")
    where = placements(ids, activity.first_day)
    scope_path = activity.campaign.scope.path if activity.campaign_id and activity.campaign else ""
    rows = []
    for pid in ids:
        person, place = people[pid], where[pid]
        if not scoping.may_add_participant(actor, activity, place.path or person.organization.path):
            raise ApplicationError(errors.ERR_PERSON_NOT_ADDABLE.format(name=person.name), field="person_ids")
        if scope_path and not place.path.startswith(scope_path):
            raise ApplicationError(errors.ERR_NOT_OPEN.format(name=person.name), field="person_ids")
        rows.append(
            _copy(
                Participation(
                    activity=activity,
                    person_id=pid,
                    role=role,
                    status=status,
                    hours=hours,
                    added_by=added_by,
                    signed_in_at=signed_in_at,
                ),
                activity,
                place,
            )
        )
    Participation.objects.bulk_create(rows, batch_size=500)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=activity,
        object_type="activities.participation",
        changes={"participants_added": [None, len(rows)], "method": [None, added_by]},
    )
    return rows


@transaction.atomic
def participants_from_roster(
    *,
    actor: Actor,
    activity: Activity,
    org: PartyOrganization,
    statuses=PARTY_MEMBER_STATUSES,
    role: str = ParticipantRole.PARTICIPANT,
    status: str = ParticipationStatus.PRESENT,
    unit: Unit | None = None,
) -> list[Participation]:
    """Every member of the subtree `org` on the activity's first day (with one of `statuses`,
    working in `unit` when given) who is not on it yet."""
    scoping.require(scoping.can_read_path(actor, org.path))
    on_it = Participation.objects.filter(activity=activity, person__isnull=False).values("person_id")
    qs = members_on(day=activity.first_day, org_path=org.path, statuses=statuses).exclude(person_id__in=on_it)
    if unit is not None:
        qs = qs.filter(person__unit=unit)
    ids = list(qs.values_list("person_id", flat=True).distinct())
    if not ids:
        raise ApplicationError(errors.ERR_NO_PEOPLE, field="org")
    return participants_add(
        actor=actor, activity=activity, person_ids=ids, role=role, status=status, added_by=AddedBy.ROSTER
    )


@transaction.atomic
def guest_add(
    *,
    actor: Actor,
    activity: Activity,
    name: str,
    kind: str,
    from_text: str = "",
    organization: PartyOrganization | None = None,
    role: str = ParticipantRole.PARTICIPANT,
    status: str = ParticipationStatus.PRESENT,
) -> Participation:
    """A participant who is not on the roster (a member's family, non-party staff, a guest):
    counted, with a name and where they come from only. `organization`: the one that brought
    them (defaults to the organiser)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_GUEST_NAME, field="name")
    if kind not in GuestKind.values:
        raise ApplicationError(errors.ERR_GUEST_KIND, field="kind")
    _check_choice(status, role)
    org = organization or activity.organization
    if not scoping.may_add_participant(actor, activity, org.path):
        raise ApplicationError(errors.ERR_PERSON_NOT_ADDABLE.format(name=name), field="name")
    row = _copy(
        Participation(
            activity=activity,
            guest_name=name[:50],
            guest_kind=kind,
            guest_from=(from_text or "").strip()[:100],
            role=role,
            status=status,
        ),
        activity,
        Placement(org.pk, org.unit_id, org.path, org.root_id or org.pk),
    )
    row.save(force_insert=True)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, PARTICIPATION_FIELDS)),
    )
    return row


@transaction.atomic
def participation_update(
    *,
    actor: Actor,
    participation: Participation,
    status: str | None = None,
    role: str | None = None,
    hours=None,
) -> Participation:
    """Change one row's status (present, on leave, absent, completed...), role or hours."""
    activity = participation.activity
    if not scoping.may_add_participant(actor, activity, participation.org_path):
        raise ApplicationError(errors.ERR_PERSON_NOT_ADDABLE.format(name=participation.display_name))
    before = audit.snapshot(participation, PARTICIPATION_FIELDS)
    participation.status = status or participation.status
    participation.role = role or participation.role
    if hours is not None:
        if Decimal(hours) < 0:
            raise ApplicationError(errors.ERR_HOURS, field="hours")
        participation.hours = hours
    _check_choice(participation.status, participation.role)
    participation.save(update_fields=["status", "role", "hours"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=participation,
        changes=audit.diff(before, audit.snapshot(participation, PARTICIPATION_FIELDS)),
    )
    return participation


@transaction.atomic
def participation_remove(*, actor: Actor, participation: Participation) -> None:
    if not scoping.may_add_participant(actor, participation.activity, participation.org_path):
        raise ApplicationError(errors.ERR_PERSON_NOT_ADDABLE.format(name=participation.display_name))
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=participation,
        changes=audit.diff(audit.snapshot(participation, PARTICIPATION_FIELDS), {}),
    )
    participation.delete()


@transaction.atomic
def attendance_mark(
    *,
    actor: Actor,
    activity: Activity,
    status: str,
    participation_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
) -> int:
    """Set the status (present, on leave, absent, completed...) of several rows of one activity at
    once, named by row or by person; all or none: a row or person not on the activity, or one the
    actor may not register, is refused with their names. Returns the number of rows changed."""
    if status not in ParticipationStatus.values:
        raise ApplicationError(errors.ERR_STATUS, field="status")
    row_ids, pids = list(participation_ids), list(person_ids)
    if not row_ids and not pids:
        raise ApplicationError(errors.ERR_NO_ROWS_SELECTED, field="participation_ids")
    rows = list(
        Participation.objects.select_for_update(of=("self",))
        .filter(activity=activity)
        .filter(Q(pk__in=row_ids) | Q(person_id__in=pids))
        .select_related("person")
    )
    found_rows, found_people = {r.pk for r in rows}, {r.person_id for r in rows}
    missing = [str(i) for i in row_ids if i not in found_rows]
    missing_people = [i for i in pids if i not in found_people]
    if missing or missing_people:
        known = dict(
            Person.objects.filter(scoping.person_q(actor), pk__in=missing_people).values_list("id", "name")
        )
        names = [known.get(i, f"编号{i}的人员") for i in missing_people] + [
            f"编号{n}的参加记录" for n in missing
        ]
        raise ApplicationError(
            errors.ERR_NOT_ON_ACTIVITY.format(names="、".join(names[:10])), field="participation_ids"
        )
    for r in rows:
        if not scoping.may_add_participant(actor, activity, r.org_path):
            raise ApplicationError(errors.ERR_PERSON_NOT_ADDABLE.format(name=r.display_name))
    changed = [r.pk for r in rows if r.status != status]
    for start in range(0, len(changed), 900):  # one UPDATE per chunk (bulk_update's CASE is slow)
        Participation.objects.filter(pk__in=changed[start : start + 900]).update(status=status)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=activity,
        object_type="activities.participation",
        changes={"status": [None, status], "rows": [None, len(changed)]},
    )
    return len(changed)


def _open_to(activity: Activity, path: str) -> bool:
    """Whether someone from the organisation at `path` may join the activity by signing in: it is
    inside the organiser's subtree or the subtree of the campaign the activity belongs to."""
    if not path:
        return False
    if path.startswith(activity.organization.path):
        return True
    return bool(activity.campaign_id and activity.campaign and path.startswith(activity.campaign.scope.path))


@transaction.atomic
def sign_in(*, actor: Actor, activity: Activity, today: dt.date | None = None) -> Participation:
    """QR sign-in of the logged-in person (core.signin): on the list, they are marked present
    (registered, on leave or absent before); not on it but inside the activity's scope, they are
    added. Only on the activity's days. Idempotent: a second scan changes nothing."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise ApplicationError(errors.ERR_SIGNIN_NO_PERSON)
    today = today or timezone.localdate()
    if not (activity.first_day <= today <= activity.last_day):
        raise ApplicationError(
            errors.ERR_SIGNIN_NOT_OPEN.format(first=activity.first_day, last=activity.last_day)
        )
    row = Participation.objects.select_for_update().filter(activity=activity, person_id=person_id).first()
    now = timezone.now()
    if row is not None:
        if row.status not in TOOK_PART or row.signed_in_at is None:
            if row.status not in TOOK_PART:
                row.status = ParticipationStatus.PRESENT
            row.signed_in_at = now
            row.save(update_fields=["status", "signed_in_at"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=row,
                changes={"signed_in": [None, row.display_name]},
            )
        return row
    place = placements([person_id], activity.first_day)[person_id]
    if not _open_to(activity, place.path):
        raise ApplicationError(errors.ERR_SIGNIN_NOT_LISTED)
    row = _copy(
        Participation(
            activity=activity,
            person_id=person_id,
            status=ParticipationStatus.PRESENT,
            added_by=AddedBy.QR,
            signed_in_at=now,
        ),
        activity,
        place,
    )
    row.save(force_insert=True)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, PARTICIPATION_FIELDS)),
    )
    return row
