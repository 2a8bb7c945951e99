"""Writes of internship posts (扬帆计划) with applications and placements, and of the suggestion
drive (建言献策). One transaction each, each with an audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.masses import errors
from dangjian.masses.enums import ApplicationStatus as A
from dangjian.masses.models import InternshipApplication, InternshipPost, Suggestion
from dangjian.masses.selectors import unit_party_org
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit

# Allowed steps of an application: applied -> accepted | declined; accepted -> placed | declined.
STEPS = {A.APPLIED: {A.ACCEPTED, A.DECLINED}, A.ACCEPTED: {A.PLACED, A.DECLINED}}


def _unit_org(actor: Actor, unit: Unit) -> PartyOrganization:
    org = unit_party_org(unit)
    if org is None:
        raise ApplicationError(errors.ERR_UNIT_NO_ORG.format(unit=unit.name), field="unit")
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_UNIT_OUTSIDE.format(unit=unit.name), field="unit")
    return org


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(errors.ERR_FUTURE.format(field=label), field=field)


@transaction.atomic
def post_create(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    offered_on: dt.date,
    places: int = 1,
    department: str = "",
    majors: str = "",
    description: str = "",
) -> InternshipPost:
    """An internship post a unit in the actor's write scope offers (the year is the offer's)."""
    org = _unit_org(actor, unit)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_TITLE, field="title")
    if places is None or places < 1:
        raise ApplicationError(errors.ERR_PLACES, field="places")
    _not_future(offered_on, "offered_on", "发布日期")
    post = InternshipPost.objects.create(
        unit=unit,
        organization=org,
        root=org.root or org,
        year=offered_on.year,
        title=title[:100],
        department=(department or "").strip()[:100],
        places=places,
        majors=(majors or "").strip()[:200],
        offered_on=offered_on,
        description=(description or "").strip(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=post,
        changes=audit.created(
            {"unit": unit.name, "title": post.title, "places": places, "offered_on": offered_on}
        ),
    )
    return post


def _require_post_write(actor: Actor, post: InternshipPost) -> None:
    if not scoping.can_write_path(actor, post.organization.path):
        raise Forbidden(errors.ERR_NO_WRITE)


@transaction.atomic
def application_create(
    *, actor: Actor, post: InternshipPost, name: str, school: str, applied_on: dt.date, major: str = ""
) -> InternshipApplication:
    _require_post_write(actor, post)
    name, school = (name or "").strip(), (school or "").strip()
    if not name or not school:
        raise ApplicationError(errors.ERR_APPLICANT, field="name" if not name else "school")
    if applied_on < post.offered_on:
        raise ApplicationError(errors.ERR_APPLIED_BEFORE.format(offered=post.offered_on), field="applied_on")
    _not_future(applied_on, "applied_on", "申请日期")
    row = InternshipApplication.objects.create(
        post=post,
        name=name[:50],
        school=school[:100],
        major=(major or "").strip()[:100],
        applied_on=applied_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created({"post": str(post), "name": row.name, "school": row.school}),
    )
    return row


@transaction.atomic
def application_decide(
    *, actor: Actor, application: InternshipApplication, status: str, placed_on: dt.date | None = None
) -> InternshipApplication:
    """Move an application one step: accept, decline, or place (到岗, with the date, within the
    post's places)."""
    post = InternshipPost.objects.select_for_update().get(pk=application.post_id)
    _require_post_write(actor, post)
    current = A(application.status)
    if status not in STEPS.get(current, set()):
        raise ApplicationError(
            errors.ERR_STATUS_STEP.format(
                from_=current.label, to=A(status).label if status in A.values else status
            ),
            field="status",
        )
    changes: dict = {"status": [current.value, status]}
    if status == A.PLACED:
        if placed_on is None or placed_on < application.applied_on:
            raise ApplicationError(
                errors.ERR_PLACED_ON.format(applied=application.applied_on), field="placed_on"
            )
        _not_future(placed_on, "placed_on", "到岗日期")
        if post.applications.filter(status=A.PLACED).count() >= post.places:
            raise ApplicationError(errors.ERR_FULL.format(places=post.places), field="status")
        application.placed_on = placed_on
        changes["placed_on"] = [None, placed_on.isoformat()]
    application.status = status
    application.save(update_fields=["status", "placed_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=application, changes=changes)
    return application


# --- suggestions --------------------------------------------------------------------------------


@transaction.atomic
def suggestion_create(
    *,
    actor: Actor,
    drive: str,
    submitter: str,
    topic: str,
    text: str,
    submitted_on: dt.date,
    affiliation: str = "",
    unit: Unit | None = None,
) -> Suggestion:
    """Record a suggestion of the drive: filed under the recommending unit's organisation, or the
    actor's highest writable organisation when no unit recommended it."""
    if unit is not None:
        org = _unit_org(actor, unit)
    else:
        paths = scoping.scope_of(actor).write_paths
        if not paths:
            raise Forbidden(errors.ERR_NO_WRITE)
        org = PartyOrganization.objects.get(path=min(paths, key=len))
    for value, field, message in (
        (drive, "drive", errors.ERR_DRIVE),
        (submitter, "submitter", errors.ERR_SUBMITTER),
        (topic, "topic", errors.ERR_TOPIC),
        (text, "text", errors.ERR_TEXT),
    ):
        if not (value or "").strip():
            raise ApplicationError(message, field=field)
    _not_future(submitted_on, "submitted_on", "提交日期")
    row = Suggestion.objects.create(
        drive=drive.strip()[:100],
        submitter=submitter.strip()[:50],
        affiliation=(affiliation or "").strip()[:100],
        unit=unit,
        organization=org,
        root=org.root or org,
        topic=topic.strip()[:200],
        text=text.strip(),
        submitted_on=submitted_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created({"drive": row.drive, "submitter": row.submitter, "topic": row.topic}),
    )
    return row


@transaction.atomic
def suggestion_adopt(
    *, actor: Actor, suggestion: Suggestion, adopted_on: dt.date, note: str = ""
) -> Suggestion:
    if not scoping.can_write_path(actor, suggestion.organization.path):
        raise Forbidden(errors.ERR_NO_WRITE)
    if suggestion.adopted:
        raise ApplicationError(errors.ERR_ADOPTED.format(date=suggestion.adopted_on), field="adopted_on")
    if adopted_on < suggestion.submitted_on:
        raise ApplicationError(
            errors.ERR_ADOPTED_BEFORE.format(submitted=suggestion.submitted_on), field="adopted_on"
        )
    _not_future(adopted_on, "adopted_on", "采纳日期")
    suggestion.adopted, suggestion.adopted_on = True, adopted_on
    suggestion.adoption_note = (note or "").strip()[:500]
    suggestion.save(update_fields=["adopted", "adopted_on", "adoption_note", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=suggestion,
        changes={"adopted": [False, True], "adopted_on": [None, adopted_on.isoformat()]},
    )
    return suggestion
