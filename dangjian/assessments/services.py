"""Writes of assessments and appraisals. One transaction each, each with an audit row; the
workflow steps (start scoring, publish; report, conclude) go through core.workflow.transition_apply
(assessments/workflows.py: the state, the timeline row and the audit row in one transaction);
findings become problems through problems.services (the ledger's own checks and timeline)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from dangjian.assessments import errors, rules
from dangjian.assessments.enums import AppraisalStatus, AssessmentStatus
from dangjian.assessments.models import (
    AppraisalRating,
    AppraisalRound,
    AssessedUnit,
    Assessment,
    AssessmentEvent,
    Indicator,
    Score,
    SecretaryAppraisal,
)
from dangjian.assessments.selectors import indicator_tree
from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT
from dangjian.core import audit, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.problems import services as problem_services
from dangjian.problems.enums import ProblemSource
from dangjian.problems.models import Problem


def _name(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(errors.ERR_NAME, field="name")
    return value[:200]


def _year(year) -> int:
    if year is None or not 2000 <= int(year) <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    return int(year)


def _running_org(actor: Actor) -> PartyOrganization:
    """The organisation an assessment or appraisal round is run by: the actor's highest writable one."""
    paths = scoping.scope_of(actor).write_paths
    if not paths:
        raise Forbidden()
    return PartyOrganization.objects.get(path=min(paths, key=len))


_fmt = rules.fmt_points


def _points(value, name: str) -> Decimal:
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ApplicationError(errors.ERR_SCORE_STEP, field="score") from None
    if d != Decimal(str(value)):
        raise ApplicationError(errors.ERR_SCORE_STEP, field="score")
    return d


# --- performance assessment ------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, actor: Actor, name: str, year: int, grade_bands: list | None = None) -> Assessment:
    """Committee staff open a year's assessment (state 设置指标)."""
    scoping.require(scoping.is_committee(actor))
    org = _running_org(actor)
    a = Assessment(name=_name(name), year=_year(year), organization=org, root=org.root or org)
    if grade_bands is not None:
        a.grade_bands = _check_bands(grade_bands)
    a.save()
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=a, changes=audit.created({"name": a.name, "year": a.year})
    )
    return a


def _check_bands(bands: list) -> list:
    try:
        lows = [float(low) for low, _grade in bands]
        names = [str(grade).strip() for _low, grade in bands]
    except (TypeError, ValueError):
        raise ApplicationError(errors.ERR_GRADE_BANDS, field="grade_bands") from None
    out = [[low, name] for low, name in zip(lows, names, strict=True)]
    if not out or lows != sorted(lows, reverse=True) or lows[-1] != 0 or not all(names):
        raise ApplicationError(errors.ERR_GRADE_BANDS, field="grade_bands")
    return out


def _require_manager(actor: Actor, assessment: Assessment) -> None:
    scoping.require(scoping.may_manage_assessment(actor, assessment))


@transaction.atomic
def indicator_add(
    *,
    actor: Actor,
    assessment: Assessment,
    name: str,
    max_score,
    rule: str = "",
    parent: Indicator | None = None,
) -> Indicator:
    _require_manager(actor, assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ApplicationError(errors.ERR_NOT_DRAFT)
    if parent is not None and parent.assessment_id != assessment.pk:
        raise ApplicationError(errors.ERR_PARENT_OTHER, field="parent")
    points = _points(max_score, name)
    if points <= 0:
        raise ApplicationError(errors.ERR_MAX_SCORE, field="max_score")
    n = Indicator.objects.filter(assessment=assessment, parent=parent).count()
    ind = Indicator.objects.create(
        assessment=assessment,
        parent=parent,
        name=_name(name),
        max_score=points,
        rule=(rule or "").strip(),
        sort_order=n + 1,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=ind,
        org_path=assessment.organization.path,
        changes=audit.created({"name": ind.name, "max_score": ind.max_score, "rule": ind.rule}),
    )
    return ind


def leaves(assessment: Assessment) -> list[Indicator]:
    """The scored indicators: those without children, in tree order."""
    return [i for i in indicator_tree(assessment) if i.is_leaf]


@transaction.atomic
def units_add(
    *, actor: Actor, assessment: Assessment, units: list[Unit], assessor=None
) -> list[AssessedUnit]:
    _require_manager(actor, assessment)
    if assessment.status == AssessmentStatus.PUBLISHED:
        raise ApplicationError(errors.ERR_ALREADY_PUBLISHED)
    have = set(AssessedUnit.objects.filter(assessment=assessment).values_list("unit_id", flat=True))
    rows = []
    for unit in units:
        if unit.pk in have:
            raise ApplicationError(errors.ERR_UNIT_TWICE.format(unit=unit.name), field="units")
        org = problem_services.unit_org(unit)
        if org is None:
            raise ApplicationError(errors.ERR_UNIT_NO_ORG.format(unit=unit.name), field="units")
        rows.append(
            AssessedUnit(
                assessment=assessment, unit=unit, organization=org, root=org.root or org, assessor=assessor
            )
        )
    AssessedUnit.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assessment,
        changes={
            "units": [None, [u.name for u in units][:50]],
            "assessor": [None, getattr(assessor, "username", None)],
        },
    )
    return rows


@transaction.atomic
def assessor_assign(*, actor: Actor, assessed: AssessedUnit, assessor) -> AssessedUnit:
    _require_manager(actor, assessed.assessment)
    before = getattr(assessed.assessor, "username", None)
    assessed.assessor = assessor
    assessed.save(update_fields=["assessor", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assessed,
        changes={"assessor": [before, getattr(assessor, "username", None)]},
    )
    return assessed


def assessment_transition(
    *, actor: Actor, assessment: Assessment, name: str, note: str = ""
) -> AssessmentEvent:
    """One step of the assessment's workflow (assessments/workflows.py): "start_scoring" or
    "publish" (which also fixes each unit's grade and rank, in the same transaction)."""
    if name == "publish":
        return _publish(actor=actor, assessment=assessment, note=note)
    return workflow.transition_apply(workflow=ASSESSMENT, obj=assessment, name=name, actor=actor, note=note)


def assessment_start_scoring(*, actor: Actor, assessment: Assessment, note: str = "") -> Assessment:
    """Close the indicator tree (top-level points must add up to the total) and open scoring."""
    assessment_transition(actor=actor, assessment=assessment, name="start_scoring", note=note)
    return assessment


@transaction.atomic
def scores_record(*, actor: Actor, assessed: AssessedUnit, rows: list[dict]) -> list[Score]:
    """Record (or correct) a unit's scores: rows of {"indicator": Indicator, "score": ..., "evidence": ...}.
    A score above the indicator's points, a negative one or one of a non-leaf indicator refuses the
    whole sheet (nothing written). The unit's total is recomputed."""
    assessment = assessed.assessment
    if not scoping.may_score(actor, assessed):
        raise Forbidden(errors.ERR_NOT_ASSESSOR)
    if assessment.status != AssessmentStatus.SCORING:
        state = AssessmentStatus(assessment.status).label
        raise ApplicationError(errors.ERR_NOT_SCORING.format(state=state))
    leaf_ids = {i.pk for i in leaves(assessment)}
    saved = []
    for row in rows:
        ind: Indicator = row["indicator"]
        if ind.assessment_id != assessment.pk:
            raise ApplicationError(errors.ERR_PARENT_OTHER, field="indicator")
        if ind.pk not in leaf_ids:
            raise ApplicationError(errors.ERR_NOT_LEAF.format(name=ind.name), field="indicator")
        score = _points(row["score"], ind.name)
        if score < 0:
            raise ApplicationError(
                errors.ERR_SCORE_NEGATIVE.format(name=ind.name), field="score", extra={"indicator": ind.pk}
            )
        if score > ind.max_score:
            raise ApplicationError(
                errors.ERR_SCORE_ABOVE_MAX.format(name=ind.name, score=_fmt(score), max=_fmt(ind.max_score)),
                field="score",
                extra={"indicator": ind.pk},
            )
        obj, _ = Score.objects.update_or_create(
            assessed=assessed,
            indicator=ind,
            defaults={
                "score": score,
                "evidence": (row.get("evidence") or "").strip()[:2000],
                "scored_by": actor,
            },
        )
        saved.append(obj)
    total = Score.objects.filter(assessed=assessed).aggregate(n=Sum("score"))["n"]
    assessed.total = total
    assessed.grade = assessment.grade_for(total) if total is not None else ""
    assessed.save(update_fields=["total", "grade", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assessed,
        changes={
            "scores": [None, {s.indicator.name: str(s.score) for s in saved}],
            "total": [None, str(total)],
        },
    )
    return saved


@transaction.atomic
def _publish(*, actor: Actor, assessment: Assessment, note: str = "") -> AssessmentEvent:
    entry = workflow.transition_apply(
        workflow=ASSESSMENT,
        obj=assessment,
        name="publish",
        actor=actor,
        note=note,
        changes={"published_on": timezone.localdate()},
    )
    units = list(assessment.units.select_related("unit"))
    units.sort(key=lambda u: (-(u.total or 0), u.unit.sort_order))
    for rank, u in enumerate(units, start=1):
        u.rank = rank
        u.grade = assessment.grade_for(u.total or Decimal(0))
    AssessedUnit.objects.bulk_update(units, ["rank", "grade"])
    return entry


def assessment_publish(*, actor: Actor, assessment: Assessment, note: str = "") -> Assessment:
    """Publish the results: every unit scored on every leaf (rules.every_unit_scored); totals,
    grades and ranks fixed."""
    assessment_transition(actor=actor, assessment=assessment, name="publish", note=note)
    return assessment


def finding_create(
    *,
    actor: Actor,
    assessed: AssessedUnit,
    description: str,
    subordinate: Unit | None = None,
    measures: str = "",
    deadline=None,
) -> Problem:
    """A finding of the assessment becomes a problem of the ledger, owned by the unit or one of its
    subordinate units, assigned by the organisation that runs the assessment."""
    assessment = assessed.assessment
    if not (scoping.may_score(actor, assessed) or scoping.may_manage_assessment(actor, assessment)):
        raise Forbidden(errors.ERR_NOT_ASSESSOR)
    if not (description or "").strip():
        raise ApplicationError(errors.ERR_FINDING_EMPTY, field="description")
    if subordinate is not None and subordinate.parent_id != assessed.unit_id:
        raise ApplicationError(
            errors.ERR_FINDING_UNIT.format(sub=subordinate.name, unit=assessed.unit.name), field="subordinate"
        )
    return problem_services.problem_create(
        actor=actor if scoping.is_committee(actor) else None,
        source=ProblemSource.ASSESSMENT,
        source_ref=assessment.name,
        year=assessment.year,
        unit=subordinate or assessed.unit,
        description=description,
        measures=measures,
        deadline=deadline,
    )


# --- secretary appraisal (述职评议考核) ------------------------------------------------------------


@transaction.atomic
def round_create(
    *, actor: Actor, name: str, year: int, grades: list[str] | None = None, evaluators=()
) -> AppraisalRound:
    scoping.require(scoping.may_run_appraisals(actor))
    org = _running_org(actor)
    grades = [g.strip() for g in (grades or []) if g and g.strip()] or None
    if grades is not None and not (2 <= len(grades) <= 6 and len(set(grades)) == len(grades)):
        raise ApplicationError(errors.ERR_GRADES, field="grades")
    r = AppraisalRound(name=_name(name), year=_year(year), organization=org, root=org.root or org)
    if grades:
        r.grades = grades
    r.save()
    r.evaluators.set(list(evaluators))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=r,
        changes=audit.created({"name": r.name, "grades": r.grades}),
    )
    return r


@transaction.atomic
def appraisal_add(
    *, actor: Actor, round: AppraisalRound, organization: PartyOrganization, secretary: str = ""
) -> SecretaryAppraisal:
    scoping.require(scoping.may_manage_round(actor, round))
    if not organization.path.startswith(round.organization.path) or organization.pk == round.organization_id:
        raise ApplicationError(
            errors.ERR_APPRAISAL_ORG_OUTSIDE.format(org=organization.name), field="organization"
        )
    if SecretaryAppraisal.objects.filter(round=round, organization=organization).exists():
        raise ApplicationError(errors.ERR_APPRAISAL_TWICE.format(org=organization.name), field="organization")
    a = SecretaryAppraisal.objects.create(
        round=round,
        organization=organization,
        root=organization.root or organization,
        secretary=(secretary or "").strip()[:50],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=a,
        changes=audit.created({"organization": organization.name}),
    )
    return a


def appraisal_report(
    *, actor: Actor, appraisal: SecretaryAppraisal, report: str, note: str = ""
) -> SecretaryAppraisal:
    """The secretary (the organisation's writers, or above) submits the report, or submits it again
    while it is rated; rating opens."""
    text = (report or "").strip()[:20000]
    workflow.transition_apply(
        workflow=APPRAISAL,
        obj=appraisal,
        name="report",
        actor=actor,
        note=note,
        data={"report_chars": len(text)},
        changes={"report": text, "reported_on": timezone.localdate()},
    )
    return appraisal


@transaction.atomic
def appraisal_rate(
    *, actor: Actor, appraisal: SecretaryAppraisal, grade: str, comment: str = ""
) -> AppraisalRating:
    """An evaluator of the round rates a report once (a second rating replaces the first). The
    appraisal's row is locked, so a rating and the conclusion never cross."""
    rnd = appraisal.round
    if not rnd.evaluators.filter(pk=actor.pk).exists():
        raise Forbidden(errors.ERR_EVALUATOR)
    status = (
        SecretaryAppraisal.objects.select_for_update().values_list("status", flat=True).get(pk=appraisal.pk)
    )
    if status != AppraisalStatus.REPORTED:
        raise ApplicationError(
            errors.ERR_APPRAISAL_CONCLUDED
            if status == AppraisalStatus.CONCLUDED
            else errors.ERR_APPRAISAL_NOT_REPORTED
        )
    if grade not in rnd.grades:
        raise ApplicationError(
            errors.ERR_APPRAISAL_GRADE.format(choices="、".join(rnd.grades)), field="grade"
        )
    rating, _ = AppraisalRating.objects.update_or_create(
        appraisal=appraisal,
        evaluator=actor,
        defaults={"grade": grade, "comment": (comment or "").strip()[:500]},
    )
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=appraisal, changes={"rating": [None, grade]})
    return rating


def result_of(grades: list[str], ratings: list[str]) -> str:
    """The round's grade whose position is the mean position of the ratings, rounded half towards
    the worse grade (so a split between 好 and 较好 gives 较好)."""
    if not ratings:
        return ""
    pos = {g: i for i, g in enumerate(grades)}
    mean = sum(pos[r] for r in ratings) / len(ratings)
    return grades[min(len(grades) - 1, int(mean + 0.5))]


@transaction.atomic
def appraisal_conclude(*, actor: Actor, appraisal: SecretaryAppraisal, note: str = "") -> SecretaryAppraisal:
    """The round's staff fix the grade from the ratings (result_of); at least one rating is needed
    (rules.rated). The count of each rating is kept on the timeline row. The row is locked before
    the ratings are read, as appraisal_rate locks it."""
    list(SecretaryAppraisal.objects.select_for_update().filter(pk=appraisal.pk).values_list("pk", flat=True))
    ratings = list(appraisal.ratings.values_list("grade", flat=True))
    workflow.transition_apply(
        workflow=APPRAISAL,
        obj=appraisal,
        name="conclude",
        actor=actor,
        note=note,
        data={"ratings": dict(Counter(ratings))},
        changes={"result": result_of(appraisal.round.grades, ratings), "concluded_on": timezone.localdate()},
    )
    return appraisal


def appraisal_transition(
    *, actor: Actor, appraisal: SecretaryAppraisal, name: str, note: str = ""
) -> SecretaryAppraisal:
    """A step of the appraisal's workflow posted from its page's panel. The report is submitted with
    its own form (appraisal_report), not as a bare step."""
    if name == "conclude":
        return appraisal_conclude(actor=actor, appraisal=appraisal, note=note)
    if name == "report":
        raise ApplicationError(errors.ERR_APPRAISAL_REPORT, field="report")
    APPRAISAL.transition(name)  # an unknown name: its message
    return appraisal


def appraisal_problem_create(
    *, actor: Actor, appraisal: SecretaryAppraisal, description: str, measures: str = ""
) -> Problem:
    """A problem found in the appraisal goes to the ledger, owned by the appraised organisation."""
    scoping.require(scoping.may_manage_round(actor, appraisal.round))
    return problem_services.problem_create(
        actor=actor,
        source=ProblemSource.APPRAISAL,
        source_ref=appraisal.round.name,
        year=appraisal.round.year,
        organization=appraisal.organization,
        description=description,
        measures=measures,
    )
