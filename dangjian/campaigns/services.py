"""Writes of campaigns' outcomes: deeds (办实事), difficulties (解难题), the report line of a campaign,
and campaign activities (volunteer projects with their beneficiaries). One transaction each, each
with its audit row; a refusal writes nothing. Campaigns, activities and who took part are written
through `activities.services` (which fills the participation copies)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind
from dangjian.activities.models import Activity, Campaign
from dangjian.campaigns import errors
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus, ReportLine
from dangjian.campaigns.models import CampaignReporting, Deed, Difficulty
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

CAMPAIGN_KINDS = (ActivityKind.CAMPAIGN_ACTIVITY, ActivityKind.VOLUNTEER)
DEED_FIELDS = ["title", "beneficiary", "status", "done_on", "organization", "activity", "note"]
DIFFICULTY_FIELDS = [
    "title",
    "raised_by",
    "raised_on",
    "status",
    "solved_on",
    "organization",
    "activity",
    "note",
]


# --- the campaign's report line -------------------------------------------------------------------


@transaction.atomic
def report_line_set(*, actor: Actor, campaign: Campaign, report_line: str) -> CampaignReporting:
    """Which annual-report line the campaign's figures feed: committee staff only."""
    if not scoping.is_committee(actor) or not scoping.can_write_path(actor, campaign.organization.path):
        raise ApplicationError(errors.ERR_REPORT_LINE, field="report_line")
    if report_line not in ReportLine.values:
        raise ApplicationError(errors.ERR_REPORT_LINE_VALUE, field="report_line")
    row, _ = CampaignReporting.objects.get_or_create(campaign=campaign)
    if row.report_line != report_line:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=campaign,
            changes={"report_line": [row.report_line, report_line]},
        )
        row.report_line = report_line
        row.save(update_fields=["report_line"])
    return row


def report_line_of(campaign: Campaign) -> str:
    row = CampaignReporting.objects.filter(campaign=campaign).first()
    return row.report_line if row else ""


# --- shared checks --------------------------------------------------------------------------------


def check_recorder(actor: Actor, campaign: Campaign, org: PartyOrganization) -> None:
    """An outcome is recorded by an organisation taking part in the campaign (inside its scope) or
    by its organiser, in the name of an organisation the actor writes."""
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_ORG_NOT_WRITABLE.format(org=org.name), field="organization")
    if not (org.path.startswith(campaign.scope.path) or org.pk == campaign.organization_id):
        raise ApplicationError(errors.ERR_ORG_NOT_OPEN.format(org=org.name), field="organization")


def _check_activity(campaign: Campaign, activity: Activity | None) -> None:
    if activity is not None and activity.campaign_id != campaign.pk:
        raise ApplicationError(errors.ERR_NOT_IN_CAMPAIGN, field="activity")


def _title(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field="title")
    return value[:200]


def check_deed(campaign: Campaign, status: str, done_on: dt.date | None) -> None:
    """The rules of a deed's status and day (also applied row by row by the import)."""
    if status not in DeedStatus.values:
        raise ApplicationError(errors.ERR_DEED_STATUS, field="status")
    if status == DeedStatus.DONE and done_on is None:
        raise ApplicationError(errors.ERR_DEED_DONE_ON, field="done_on")
    if done_on is not None:
        if done_on < campaign.first_day:
            raise ApplicationError(
                errors.ERR_DEED_BEFORE_CAMPAIGN.format(day=done_on, start=campaign.first_day), field="done_on"
            )
        if done_on > timezone.localdate():
            raise ApplicationError(errors.ERR_DEED_FUTURE, field="done_on")


def check_difficulty(
    campaign: Campaign, status: str, raised_on: dt.date | None, solved_on: dt.date | None
) -> None:
    if status not in DifficultyStatus.values:
        raise ApplicationError(errors.ERR_DIFFICULTY_STATUS, field="status")
    if status == DifficultyStatus.SOLVED and solved_on is None:
        raise ApplicationError(errors.ERR_DIFFICULTY_SOLVED_ON, field="solved_on")
    if solved_on is not None:
        if solved_on < campaign.first_day:
            raise ApplicationError(
                errors.ERR_DIFFICULTY_BEFORE_CAMPAIGN.format(day=solved_on, start=campaign.first_day),
                field="solved_on",
            )
        if raised_on is not None and solved_on < raised_on:
            raise ApplicationError(errors.ERR_DIFFICULTY_BEFORE_RAISED, field="solved_on")
        if solved_on > timezone.localdate():
            raise ApplicationError(errors.ERR_DIFFICULTY_FUTURE, field="solved_on")


# --- deeds ----------------------------------------------------------------------------------------


@transaction.atomic
def deed_create(
    *,
    actor: Actor,
    campaign: Campaign,
    organization: PartyOrganization,
    title: str,
    beneficiary: str = "",
    status: str = DeedStatus.DONE,
    done_on: dt.date | None = None,
    activity: Activity | None = None,
    note: str = "",
) -> Deed:
    """Record a deed (实事) of the campaign done by `organization`. A deed done before the campaign
    started is refused: it is not the campaign's."""
    check_recorder(actor, campaign, organization)
    title = _title(title, errors.ERR_DEED_TITLE)
    _check_activity(campaign, activity)
    if status != DeedStatus.DONE and done_on is not None and status in DeedStatus.values:
        done_on = None  # only a done deed has a done day
    check_deed(campaign, status, done_on)
    deed = Deed.objects.create(
        campaign=campaign,
        activity=activity,
        organization=organization,
        unit_id=organization.unit_id,
        root_id=organization.root_id or organization.pk,
        title=title,
        beneficiary=(beneficiary or "").strip()[:100],
        status=status,
        done_on=done_on,
        note=(note or "").strip()[:500],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=deed,
        changes=audit.created(audit.snapshot(deed, DEED_FIELDS)),
    )
    return deed


@transaction.atomic
def deed_update(*, actor: Actor, deed: Deed, **fields) -> Deed:
    """Change a deed's content, beneficiary, status or done day (e.g. mark it done)."""
    campaign = deed.campaign
    check_recorder(actor, campaign, deed.organization)
    before = audit.snapshot(deed, DEED_FIELDS)
    for key in ("title", "beneficiary", "status", "done_on", "note"):
        if key in fields:
            setattr(deed, key, fields[key])
    deed.title = _title(deed.title, errors.ERR_DEED_TITLE)
    deed.beneficiary = (deed.beneficiary or "").strip()[:100]
    if deed.status != DeedStatus.DONE and deed.status in DeedStatus.values:
        deed.done_on = None
    check_deed(campaign, deed.status, deed.done_on)
    deed.save(update_fields=["title", "beneficiary", "status", "done_on", "note", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=deed,
        changes=audit.diff(before, audit.snapshot(deed, DEED_FIELDS)),
    )
    return deed


@transaction.atomic
def deed_delete(*, actor: Actor, deed: Deed) -> None:
    check_recorder(actor, deed.campaign, deed.organization)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=deed,
        changes=audit.diff(audit.snapshot(deed, DEED_FIELDS), {}),
    )
    deed.delete()


# --- difficulties ---------------------------------------------------------------------------------


@transaction.atomic
def difficulty_create(
    *,
    actor: Actor,
    campaign: Campaign,
    organization: PartyOrganization,
    title: str,
    raised_by: str = "",
    raised_on: dt.date | None = None,
    status: str = DifficultyStatus.OPEN,
    solved_on: dt.date | None = None,
    activity: Activity | None = None,
    note: str = "",
) -> Difficulty:
    """Record a difficulty (难题) raised in the campaign; solved ones carry the day they were solved."""
    check_recorder(actor, campaign, organization)
    title = _title(title, errors.ERR_DIFFICULTY_TITLE)
    _check_activity(campaign, activity)
    if status != DifficultyStatus.SOLVED and status in DifficultyStatus.values:
        solved_on = None
    check_difficulty(campaign, status, raised_on, solved_on)
    row = Difficulty.objects.create(
        campaign=campaign,
        activity=activity,
        organization=organization,
        unit_id=organization.unit_id,
        root_id=organization.root_id or organization.pk,
        title=title,
        raised_by=(raised_by or "").strip()[:100],
        raised_on=raised_on,
        status=status,
        solved_on=solved_on,
        note=(note or "").strip()[:500],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, DIFFICULTY_FIELDS)),
    )
    return row


@transaction.atomic
def difficulty_update(*, actor: Actor, difficulty: Difficulty, **fields) -> Difficulty:
    """Change a difficulty; marking it solved needs the day it was solved."""
    campaign = difficulty.campaign
    check_recorder(actor, campaign, difficulty.organization)
    before = audit.snapshot(difficulty, DIFFICULTY_FIELDS)
    for key in ("title", "raised_by", "raised_on", "status", "solved_on", "note"):
        if key in fields:
            setattr(difficulty, key, fields[key])
    difficulty.title = _title(difficulty.title, errors.ERR_DIFFICULTY_TITLE)
    if difficulty.status != DifficultyStatus.SOLVED and difficulty.status in DifficultyStatus.values:
        difficulty.solved_on = None
    check_difficulty(campaign, difficulty.status, difficulty.raised_on, difficulty.solved_on)
    difficulty.save(
        update_fields=["title", "raised_by", "raised_on", "status", "solved_on", "note", "updated_at"]
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=difficulty,
        changes=audit.diff(before, audit.snapshot(difficulty, DIFFICULTY_FIELDS)),
    )
    return difficulty


@transaction.atomic
def difficulty_delete(*, actor: Actor, difficulty: Difficulty) -> None:
    check_recorder(actor, difficulty.campaign, difficulty.organization)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=difficulty,
        changes=audit.diff(audit.snapshot(difficulty, DIFFICULTY_FIELDS), {}),
    )
    difficulty.delete()


# --- campaign activities and volunteer projects ---------------------------------------------------


@transaction.atomic
def campaign_activity_create(
    *,
    actor: Actor,
    campaign: Campaign,
    kind: str,
    title: str,
    organization: PartyOrganization,
    first_day: dt.date,
    last_day: dt.date | None = None,
    place: str = "",
    beneficiaries: int | None = None,
    description: str = "",
) -> Activity:
    """An activity of the campaign: a campaign activity or a volunteer project (志愿服务) with the
    person-times of the public it served. Negative beneficiaries are refused."""
    if kind not in CAMPAIGN_KINDS:
        raise ApplicationError(errors.ERR_ACTIVITY_KIND, field="kind")
    if beneficiaries is not None and int(beneficiaries) < 0:
        raise ApplicationError(errors.ERR_BENEFICIARIES, field="beneficiaries")
    check_recorder(actor, campaign, organization)
    return activity_services.activity_create(
        actor=actor,
        kind=kind,
        title=title,
        organization=organization,
        first_day=first_day,
        last_day=last_day,
        campaign=campaign,
        place=place,
        beneficiaries=beneficiaries if kind == ActivityKind.VOLUNTEER else None,
        description=description,
    )


def check_project(
    campaign: Campaign, first_day: dt.date | None, last_day: dt.date | None, beneficiaries: int | None
) -> None:
    """A volunteer project's days lie in its campaign's period; its beneficiaries are not negative
    (the activity services check the same; the import applies it row by row)."""
    if beneficiaries is not None and int(beneficiaries) < 0:
        raise ApplicationError(errors.ERR_BENEFICIARIES, field="beneficiaries")
    if first_day is None:
        return
    last = last_day or first_day
    if last < first_day:
        raise ApplicationError(errors.ERR_PROJECT_DAYS_ORDER, field="last_day")
    if first_day < campaign.first_day or last > campaign.last_day:
        raise ApplicationError(
            errors.ERR_PROJECT_OUTSIDE.format(start=campaign.first_day, end=campaign.last_day),
            field="first_day",
        )


def project_create(
    *,
    actor: Actor,
    campaign: Campaign,
    organization: PartyOrganization,
    title: str,
    first_day: dt.date,
    last_day: dt.date | None = None,
    place: str = "",
    beneficiaries: int | None = None,
    description: str = "",
) -> Activity:
    """A volunteer project (志愿服务) of the campaign with the person-times of the public served."""
    return campaign_activity_create(
        actor=actor,
        campaign=campaign,
        kind=ActivityKind.VOLUNTEER,
        title=title,
        organization=organization,
        first_day=first_day,
        last_day=last_day,
        place=place,
        beneficiaries=beneficiaries,
        description=description,
    )
