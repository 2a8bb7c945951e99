"""Writes of the problem ledger (问题清单与整改). One transaction each, each with an audit row; the
workflow steps go through core.workflow.transition_apply (timeline row in the same transaction).

Other areas create problems from their records (assessments, appraisals, survey teams,
complaints) with `problem_create` or `problems_create_bulk`, giving `source` and a `source_ref`
naming the originating record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.core.text import clean_text
from dangjian.core.workdays import Calendar
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.problems import attachments, errors, rules
from dangjian.problems.enums import ProblemSource, ProblemStatus
from dangjian.problems.models import Problem, ProblemAttachment, ProblemEvent
from dangjian.problems.workflows import RECTIFICATION

FIELDS = [
    "source",
    "source_ref",
    "year",
    "description",
    "measures",
    "responsible",
    "found_on",
    "deadline",
]
EDIT_FIELDS = ["measures", "responsible", "progress"]
LIMITS = {
    "description": ("问题描述", 2000),
    "measures": ("整改措施", 2000),
    "source_ref": ("来源说明", 200),
    "responsible": ("责任人", 50),
    "progress": ("整改进展", 2000),
    "result": ("整改完成情况", 2000),
}


def unit_org(unit: Unit) -> PartyOrganization | None:
    """The organisation a unit's problems are filed under: its organ committee, else its topmost
    active organisation (a subordinate unit's 党委/党总支/党支部)."""
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def assigning_org(actor: Actor | None, owner: PartyOrganization) -> PartyOrganization:
    """Who assigns: the actor's highest writable organisation above the owner (the working
    committee for committee staff); the owner's root for system actions."""
    if actor is None:
        return owner.root or owner
    paths = [p for p in scoping.scope_of(actor).write_paths if owner.path.startswith(p)]
    if not paths:
        raise ApplicationError(errors.ERR_OWNER_OUTSIDE.format(owner=owner.name), field="unit")
    return PartyOrganization.objects.get(path=min(paths, key=len))


def _text(value, key: str, *, required: bool = False) -> str:
    label, n = LIMITS[key]
    try:
        value = clean_text((value or "").strip())
    except ValueError as e:
        raise ApplicationError(f"“{label}”：{e}", field=key) from None
    if required and not value:
        raise ApplicationError(errors.ERR_DESCRIPTION, field=key)
    if len(value) > n:
        raise ApplicationError(errors.ERR_TOO_LONG.format(field=label, n=n), field=key)
    return value


def problem_prepare(
    *,
    actor: Actor | None,
    source: str,
    description: str,
    unit: Unit | None = None,
    organization: PartyOrganization | None = None,
    year: int | None = None,
    source_ref: str = "",
    measures: str = "",
    responsible: str = "",
    found_on: dt.date | None = None,
    deadline: dt.date | None = None,
    today: dt.date,
    cal: Calendar,
) -> Problem:
    """A validated, unsaved Problem (the checks of problem_create and problems_create_bulk)."""
    if source not in ProblemSource.values:
        choices = "、".join(str(label) for label in ProblemSource.labels)
        raise ApplicationError(errors.ERR_SOURCE.format(choices=choices), field="source")
    if unit is None and organization is None:
        raise ApplicationError(errors.ERR_OWNER, field="unit")
    if organization is None:
        assert unit is not None
        organization = unit_org(unit)
        if organization is None:
            raise ApplicationError(errors.ERR_OWNER_NO_ORG.format(unit=unit.name), field="unit")
    elif unit is None:
        unit = organization.unit
    elif organization.unit_id != unit.pk:
        raise ApplicationError(
            errors.ERR_OWNER_MISMATCH.format(org=organization.name, unit=unit.name), field="organization"
        )
    if actor is not None and not scoping.can_write_path(actor, organization.path):
        raise ApplicationError(errors.ERR_OWNER_OUTSIDE.format(owner=unit.name), field="unit")
    found_on = found_on or today
    if found_on > today:
        raise ApplicationError(errors.ERR_FOUND_FUTURE, field="found_on")
    year = found_on.year if year is None else int(year)
    if not 2000 <= year <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    if deadline is None:
        deadline = rules.default_deadline(found_on, cal=cal)
    else:
        if deadline < found_on:
            raise ApplicationError(errors.ERR_DEADLINE_BEFORE.format(found_on=found_on), field="deadline")
        deadline = rules.roll_to_working_day(deadline, cal=cal)
    raised_by = assigning_org(actor, organization)
    return Problem(
        source=source,
        source_ref=_text(source_ref, "source_ref"),
        year=year,
        unit=unit,
        organization=organization,
        raised_by=raised_by,
        root=organization.root or organization,
        description=_text(description, "description", required=True),
        measures=_text(measures, "measures"),
        responsible=_text(responsible, "responsible"),
        found_on=found_on,
        deadline=deadline,
        status=ProblemStatus.ASSIGNED,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _created_rows(actor: Actor | None, problem: Problem) -> tuple[ProblemEvent, AuditEvent]:
    event = ProblemEvent(
        problem=problem,
        transition="create",
        from_state="",
        to_state=ProblemStatus.ASSIGNED,
        actor=actor if getattr(actor, "pk", None) else None,
        note=f"{problem.raised_by.name}交办，整改时限{problem.deadline:%Y年%m月%d日}",
    )
    row = audit.event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=problem,
        org_path=problem.organization.path,
        changes=audit.created(audit.snapshot(problem, FIELDS) | {"unit": problem.unit.name}),
    )
    return event, row


@transaction.atomic
def problem_create(*, actor: Actor | None, **fields) -> Problem:
    """Record a problem and assign it to its owner (state 已交办). `fields`: source, description,
    unit and/or organization, and optionally year, source_ref, measures, responsible, found_on,
    deadline (default: three months, rules.default_deadline). `actor` None: a system action."""
    if actor is not None and not scoping.may_assign_problems(actor):
        raise Forbidden(errors.ERR_NO_WRITE)
    problem = problem_prepare(actor=actor, today=timezone.localdate(), cal=Calendar.load(), **fields)
    problem.save(force_insert=True)
    event, row = _created_rows(actor, problem)
    event.save(force_insert=True)
    row.save(force_insert=True)
    return problem


@transaction.atomic
def problems_create_bulk(*, actor: Actor | None, rows: list[dict]) -> list[Problem]:
    """Record many problems at once (a problem list): every row is checked first, and any bad row
    refuses the whole list (ApplicationError naming the row, 1-based); nothing is written then."""
    if actor is not None and not scoping.may_assign_problems(actor):
        raise Forbidden(errors.ERR_NO_WRITE)
    today, cal = timezone.localdate(), Calendar.load()
    problems = []
    for i, fields in enumerate(rows, start=1):
        try:
            problems.append(problem_prepare(actor=actor, today=today, cal=cal, **fields))
        except ApplicationError as e:
            raise ApplicationError(
                errors.ERR_BULK_ROW.format(row=i, message=e.message), field=e.field, extra={"row": i}
            ) from e
    Problem.objects.bulk_create(problems, batch_size=1000)
    pairs = [_created_rows(actor, p) for p in problems]
    ProblemEvent.objects.bulk_create([e for e, _ in pairs], batch_size=1000)
    AuditEvent.objects.bulk_create([r for _, r in pairs], batch_size=1000)
    return problems


@transaction.atomic
def problem_update(*, actor: Actor, problem: Problem, deadline: dt.date | None = None, **fields) -> Problem:
    """The owner updates measures, responsible person and progress while the problem is open; the
    assigner may move the deadline."""
    locked = (
        Problem.objects.select_for_update().select_related("organization", "raised_by").get(pk=problem.pk)
    )
    if locked.status == ProblemStatus.CLOSED:
        raise ApplicationError(errors.ERR_CLOSED_EDIT)
    changed: dict[str, object] = {k: _text(v, k) for k, v in fields.items() if k in EDIT_FIELDS}
    if changed:
        scoping.require(
            scoping.may_rectify_problem(actor, locked) or scoping.may_verify_problem(actor, locked)
        )
    if deadline is not None and deadline != locked.deadline:
        if not scoping.may_verify_problem(actor, locked):
            raise ApplicationError(errors.ERR_DEADLINE_BY_VERIFIER, field="deadline")
        if deadline < locked.found_on:
            raise ApplicationError(
                errors.ERR_DEADLINE_BEFORE.format(found_on=locked.found_on), field="deadline"
            )
        changed["deadline"] = rules.roll_to_working_day(deadline)
    if not changed:
        return locked
    before = audit.snapshot(locked, list(changed))
    for k, v in changed.items():
        setattr(locked, k, v)
    locked.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        changes=audit.diff(before, audit.snapshot(locked, list(changed))),
    )
    return locked


def problem_transition(
    *, actor: Actor, problem: Problem, name: str, note: str = "", deadline: dt.date | None = None
) -> ProblemEvent:
    """One step of the rectification workflow (problems/workflows.py). The note is the rectification
    result for "submit" and the reasons for "return" and "reopen" (both required); "reopen" may set
    a new deadline."""
    today = timezone.localdate()
    note = _text(note, "result")
    data: dict = {"today": today.isoformat()}
    changes: dict = {}
    if name == "submit":
        data["result"] = note
        changes = {"result": note, "submitted_on": today}
    elif name == "verify":
        changes = {"closed_on": today}
    elif name in ("return", "reopen"):
        data["reason"] = note
    if name == "reopen":
        changes = {"closed_on": None, "reopened_count": problem.reopened_count + 1}
        if deadline is not None:
            data["deadline"] = deadline.isoformat()
            changes["deadline"] = rules.roll_to_working_day(deadline)
    return workflow.transition_apply(
        workflow=RECTIFICATION, obj=problem, name=name, actor=actor, note=note, data=data, changes=changes
    )


def problem_start(*, actor: Actor, problem: Problem, note: str = "") -> ProblemEvent:
    return problem_transition(actor=actor, problem=problem, name="start", note=note)


def problem_submit(*, actor: Actor, problem: Problem, result: str) -> ProblemEvent:
    return problem_transition(actor=actor, problem=problem, name="submit", note=result)


def problem_verify(*, actor: Actor, problem: Problem, note: str = "") -> ProblemEvent:
    return problem_transition(actor=actor, problem=problem, name="verify", note=note)


def problem_return(*, actor: Actor, problem: Problem, reason: str) -> ProblemEvent:
    return problem_transition(actor=actor, problem=problem, name="return", note=reason)


def problem_reopen(
    *, actor: Actor, problem: Problem, reason: str, deadline: dt.date | None = None
) -> ProblemEvent:
    return problem_transition(actor=actor, problem=problem, name="reopen", note=reason, deadline=deadline)


# --- attachments ------------------------------------------------------------------------------------


def attachment_path(attachment: ProblemAttachment) -> Path:
    return Path(settings.MEDIA_ROOT) / "problems" / str(attachment.problem_id) / attachment.stored_name


@transaction.atomic
def attachment_add(*, actor: Actor, problem: Problem, name: str, data: bytes) -> ProblemAttachment:
    """Both sides may add files (the finding, the evidence of rectification)."""
    scoping.require(scoping.may_rectify_problem(actor, problem) or scoping.may_verify_problem(actor, problem))
    clean, content_type = attachments.check(name=name, data=data)
    ext = clean.rsplit(".", 1)[-1].lower()
    att = ProblemAttachment(
        problem=problem,
        name=clean,
        stored_name=f"{secrets.token_hex(16)}.{ext}",
        size=len(data),
        content_type=content_type,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    path = attachment_path(att)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        att.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=att,
            org_path=problem.organization.path,
            changes={"attachment": [None, clean], "size": [None, len(data)]},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return att
