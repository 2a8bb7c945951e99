"""Writes of village cadres (驻村干部) and survey teams (调研组). One transaction each, each with an
audit row; the rules cited are in villages.rules."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.areas import Area
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.core.workdays import Calendar
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.models import Person
from dangjian.problems import services as problem_services
from dangjian.problems.enums import ProblemSource
from dangjian.problems.models import Problem
from dangjian.villages import errors, rules
from dangjian.villages.enums import CadreRole
from dangjian.villages.models import (
    LeaveRecord,
    PresenceMonth,
    SpotCheck,
    Stationing,
    SurveyFinding,
    SurveyTeam,
    SurveyVisit,
)
from dangjian.villages.selectors import unit_party_org

STATIONING_FIELDS = ["role", "area", "county", "township", "village", "started_on", "ended_on"]


def _period_text(s: Stationing) -> tuple[str, str]:
    return s.started_on.isoformat(), s.ended_on.isoformat() if s.ended_on else "今"


def _within(s: Stationing, day: dt.date) -> bool:
    return s.started_on <= day and (s.ended_on is None or day <= s.ended_on)


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(errors.ERR_FUTURE.format(field=label), field=field)


def require_write(actor: Actor, stationing: Stationing) -> None:
    if not scoping.can_write_path(actor, stationing.organization.path):
        raise Forbidden(errors.ERR_NO_WRITE)


@transaction.atomic
def stationing_create(
    *,
    actor: Actor,
    person: Person,
    unit: Unit,
    role: str,
    area: str,
    village: str,
    started_on: dt.date,
    county: str = "",
    township: str = "",
    ended_on: dt.date | None = None,
) -> Stationing:
    """Record a cadre of `unit` stationed in a village (the unit in the actor's write scope)."""
    org = unit_party_org(unit)
    if org is None:
        raise ApplicationError(errors.ERR_UNIT_NO_ORG.format(unit=unit.name), field="unit")
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_UNIT_OUTSIDE.format(unit=unit.name), field="unit")
    if person.unit_id != unit.pk and getattr(person.unit, "parent_id", None) != unit.pk:
        raise ApplicationError(
            errors.ERR_PERSON_UNIT.format(name=person.name, unit=unit.name), field="person"
        )
    if role not in CadreRole.values:
        raise ApplicationError(errors.ERR_ROLE, field="role")
    if area not in Area.values:
        raise ApplicationError(errors.ERR_AREA, field="area")
    village = (village or "").strip()
    if not village:
        raise ApplicationError(errors.ERR_VILLAGE, field="village")
    _not_future(started_on, "started_on", "驻村开始日期")
    if ended_on is not None and ended_on < started_on:
        raise ApplicationError(errors.ERR_ENDED_BEFORE.format(started=started_on), field="ended_on")
    overlap = (
        Stationing.objects.filter(person=person)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
        .filter(started_on__lte=ended_on or dt.date.max)
        .first()
    )
    if overlap is not None:
        raise ApplicationError(
            errors.ERR_STATIONED.format(
                name=person.name, started=overlap.started_on, village=overlap.village
            ),
            field="started_on",
        )
    row = Stationing.objects.create(
        person=person,
        unit=unit,
        organization=org,
        root=org.root or org,
        role=role,
        area=area,
        county=(county or "").strip()[:50],
        township=(township or "").strip()[:50],
        village=village[:100],
        started_on=started_on,
        ended_on=ended_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, STATIONING_FIELDS) | {"person": person.name}),
    )
    return row


@transaction.atomic
def stationing_end(*, actor: Actor, stationing: Stationing, ended_on: dt.date) -> Stationing:
    require_write(actor, stationing)
    if stationing.ended_on:
        raise ApplicationError(errors.ERR_ALREADY_ENDED.format(ended=stationing.ended_on), field="ended_on")
    if ended_on < stationing.started_on:
        raise ApplicationError(
            errors.ERR_ENDED_BEFORE.format(started=stationing.started_on), field="ended_on"
        )
    stationing.ended_on = ended_on
    stationing.save(update_fields=["ended_on", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stationing,
        changes={"ended_on": [None, ended_on.isoformat()]},
    )
    return stationing


@transaction.atomic
def presence_record(
    *, actor: Actor, stationing: Stationing, month: dt.date, days_present: int, note: str = ""
) -> PresenceMonth:
    """Record (or correct) the days a cadre was present in the village in a month. Refused: more
    days than the month has, a month outside the stationing."""
    require_write(actor, stationing)
    first = month.replace(day=1)
    if days_present is None or days_present < 0:
        raise ApplicationError(errors.ERR_DAYS_NEGATIVE, field="days_present")
    limit = rules.days_in_month(first)
    if days_present > limit:
        raise ApplicationError(
            errors.ERR_DAYS_ABOVE_MONTH.format(
                days=days_present, month=f"{first.year}年{first.month}月", max=limit
            ),
            field="days_present",
        )
    if rules.month_end(first) < stationing.started_on or (
        stationing.ended_on and first > stationing.ended_on
    ):
        started, ended = _period_text(stationing)
        raise ApplicationError(
            errors.ERR_MONTH_OUTSIDE.format(
                month=f"{first.year}年{first.month}月", started=started, ended=ended
            ),
            field="month",
        )
    _not_future(first, "month", "月份")
    row = PresenceMonth.objects.filter(stationing=stationing, month=first).first()
    before = {"days_present": row.days_present, "note": row.note} if row else {}
    if row is None:
        row = PresenceMonth.objects.create(
            stationing=stationing, month=first, days_present=days_present, note=note
        )
        action = AuditAction.CREATE
    else:
        row.days_present, row.note = days_present, note
        row.save(update_fields=["days_present", "note", "updated_at"])
        action = AuditAction.UPDATE
    audit.record(
        actor=actor,
        action=action,
        obj=row,
        object_repr=f"{stationing.person.name} {first.year}年{first.month}月在村{days_present}天",
        changes=audit.diff(before, {"days_present": days_present, "note": note}),
    )
    return row


@transaction.atomic
def leave_record(
    *,
    actor: Actor,
    stationing: Stationing,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    approved_by: str = "",
) -> LeaveRecord:
    require_write(actor, stationing)
    if ends_on < starts_on:
        raise ApplicationError(errors.ERR_LEAVE_ORDER, field="ends_on")
    if not (_within(stationing, starts_on) and _within(stationing, ends_on)):
        started, ended = _period_text(stationing)
        raise ApplicationError(
            errors.ERR_LEAVE_OUTSIDE.format(started=started, ended=ended), field="starts_on"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(errors.ERR_LEAVE_REASON, field="reason")
    row = LeaveRecord.objects.create(
        stationing=stationing,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason[:200],
        approved_by=approved_by[:100],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        object_repr=f"{stationing.person.name} 请假 {starts_on}至{ends_on}",
        changes=audit.created({"starts_on": starts_on, "ends_on": ends_on, "reason": reason}),
    )
    return row


@transaction.atomic
def spot_check_record(
    *,
    actor: Actor,
    stationing: Stationing,
    checked_on: dt.date,
    in_village: bool,
    at_unit: bool,
    checked_by: str = "",
    note: str = "",
) -> SpotCheck:
    """Record where a spot check found the cadre (in the village, at the unit, or neither)."""
    require_write(actor, stationing)
    _not_future(checked_on, "checked_on", "抽查日期")
    if not _within(stationing, checked_on):
        started, ended = _period_text(stationing)
        raise ApplicationError(
            errors.ERR_CHECK_OUTSIDE.format(started=started, ended=ended), field="checked_on"
        )
    row = SpotCheck.objects.create(
        stationing=stationing,
        checked_on=checked_on,
        in_village=bool(in_village),
        at_unit=bool(at_unit),
        checked_by=(checked_by or "").strip()[:100],
        note=(note or "").strip()[:200],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        object_repr=f"{stationing.person.name} 抽查 {checked_on}",
        changes=audit.created(
            {"checked_on": checked_on, "in_village": row.in_village, "at_unit": row.at_unit}
        ),
    )
    return row


# --- survey teams --------------------------------------------------------------------------------


def _require_committee(actor: Actor) -> None:
    if not scoping.may_keep_survey_teams(actor):
        raise Forbidden(errors.ERR_TEAM_COMMITTEE)


@transaction.atomic
def team_create(
    *,
    actor: Actor,
    name: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    leader: Person | None = None,
    members: list[Person] | None = None,
    note: str = "",
) -> SurveyTeam:
    """Form a survey team (working committee staff only): filed under the committee."""
    _require_committee(actor)
    org = PartyOrganization.objects.get(path=min(scoping.scope_of(actor).write_paths, key=len))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_TEAM_NAME, field="name")
    if ended_on is not None and ended_on < started_on:
        raise ApplicationError(errors.ERR_ENDED_BEFORE.format(started=started_on), field="ended_on")
    if SurveyTeam.objects.filter(name=name, started_on__year=started_on.year).exists():
        raise ApplicationError(
            errors.ERR_TEAM_DUPLICATE.format(year=started_on.year, name=name), field="name"
        )
    team = SurveyTeam.objects.create(
        name=name[:100],
        organization=org,
        root=org.root or org,
        leader=leader,
        started_on=started_on,
        ended_on=ended_on,
        note=(note or "").strip()[:500],
    )
    members = list(members or [])
    team.members.set(members)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=team,
        changes=audit.created(
            {"name": team.name, "started_on": started_on, "leader": leader.name if leader else None}
            | {"members": "、".join(p.name for p in members)}
        ),
    )
    return team


@transaction.atomic
def visit_add(
    *, actor: Actor, team: SurveyTeam, area: str, visited_on: dt.date, places: str = ""
) -> SurveyVisit:
    _require_committee(actor)
    if area not in Area.values:
        raise ApplicationError(errors.ERR_AREA, field="area")
    if visited_on < team.started_on:
        raise ApplicationError(errors.ERR_VISIT_BEFORE.format(started=team.started_on), field="visited_on")
    _not_future(visited_on, "visited_on", "调研日期")
    row = SurveyVisit.objects.create(
        team=team, area=area, visited_on=visited_on, places=(places or "").strip()[:200]
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        object_repr=f"{team.name} 调研 {Area(area).label}",
        changes=audit.created({"area": area, "visited_on": visited_on, "places": row.places}),
    )
    return row


def _finding_checks(
    *, team: SurveyTeam, area: str, unit: Unit | None, found_on: dt.date, description: str
) -> None:
    if area not in Area.values:
        raise ApplicationError(errors.ERR_AREA, field="area")
    if unit is None:
        raise ApplicationError(errors.ERR_FINDING_UNIT, field="unit")
    if not (description or "").strip():
        raise ApplicationError(errors.ERR_FINDING_TEXT, field="description")
    if found_on < team.started_on:
        raise ApplicationError(errors.ERR_FINDING_BEFORE.format(started=team.started_on), field="found_on")
    _not_future(found_on, "found_on", "发现日期")


def _problem_fields(
    *,
    team: SurveyTeam,
    area: str,
    unit: Unit,
    found_on: dt.date,
    description: str,
    deadline: dt.date | None,
    measures: str,
) -> dict:
    """The problem of the ledger a finding becomes: source 调研, owned by the unit, the team and the
    area named in the source reference."""
    return {
        "source": ProblemSource.SURVEY,
        "source_ref": f"{team.name}（{Area(area).label}）",
        "unit": unit,
        "description": description,
        "measures": measures,
        "found_on": found_on,
        "deadline": deadline,
    }


@transaction.atomic
def finding_add(
    *,
    actor: Actor,
    team: SurveyTeam,
    area: str,
    unit: Unit,
    found_on: dt.date,
    description: str,
    deadline: dt.date | None = None,
    measures: str = "",
) -> SurveyFinding:
    """Record a problem the team found, owned by `unit` (committee staff): it becomes a problem of
    the ledger (source 调研, problems.services.problem_create: the ledger's checks, its timeline and
    audit rows) assigned by the committee, and this row links it to the team and the area."""
    _require_committee(actor)
    _finding_checks(team=team, area=area, unit=unit, found_on=found_on, description=description)
    problem = problem_services.problem_create(
        actor=actor,
        **_problem_fields(
            team=team,
            area=area,
            unit=unit,
            found_on=found_on,
            description=description,
            deadline=deadline,
            measures=measures,
        ),
    )
    row = SurveyFinding.objects.create(team=team, area=area, problem=problem)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        object_repr=f"{team.name} 发现问题（{unit.name}）",
        changes=audit.created({"unit": unit.name, "area": area, "problem": problem.pk}),
    )
    return row


def findings_prepare(rows: list[dict]) -> list[tuple[Problem, SurveyFinding]]:
    """For a system bulk load (the demo): each row (finding_add's arguments but the actor) checked
    as finding_add checks it and turned into the same problem by the ledger's own constructor
    (problems.services.problem_prepare, assigned by the owner's root), unsaved, with its unsaved
    link. The caller writes them with the problems' timeline rows, as the demo writes its records."""
    today, cal = timezone.localdate(), Calendar.load()
    out = []
    for r in rows:
        fields = {"deadline": None, "measures": "", **r}
        _finding_checks(
            team=fields["team"],
            area=fields["area"],
            unit=fields["unit"],
            found_on=fields["found_on"],
            description=fields["description"],
        )
        problem = problem_services.problem_prepare(
            actor=None, today=today, cal=cal, **_problem_fields(**fields)
        )
        out.append((problem, SurveyFinding(team=fields["team"], area=fields["area"], problem=problem)))
    return out
