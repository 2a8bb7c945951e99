"""Reads of assessments and appraisals, filtered through organizations.scoping (outside scope: 404)."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet

from dangjian.assessments.models import (
    AppraisalRound,
    AssessedUnit,
    Assessment,
    Indicator,
    Score,
    SecretaryAppraisal,
)
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.problems.enums import ProblemSource
from dangjian.problems.selectors import problems_visible


def assessment_list(*, actor: Actor) -> QuerySet:
    return scoping.visible(actor, Assessment.objects.all()).order_by("-year", "-id")


def assessment_get(*, actor: Actor, assessment_id) -> Assessment:
    return get_or_404(assessment_list(actor=actor).select_related("organization"), assessment_id)


def indicator_tree(assessment: Assessment) -> list[Indicator]:
    """Every indicator in tree order with `depth` and `is_leaf` set."""
    rows = list(Indicator.objects.filter(assessment=assessment).order_by("sort_order", "id"))
    parents = {i.parent_id for i in rows if i.parent_id}
    by_parent: dict[int | None, list[Indicator]] = {}
    for i in rows:
        by_parent.setdefault(i.parent_id, []).append(i)
    out: list[Indicator] = []

    def walk(pid, depth):
        for i in by_parent.get(pid, []):
            i.depth, i.is_leaf = depth, i.pk not in parents
            out.append(i)
            walk(i.pk, depth + 1)

    walk(None, 0)
    return out


def assessed_units(*, actor: Actor, assessment: Assessment) -> QuerySet:
    return (
        scoping.visible(actor, AssessedUnit.objects.filter(assessment=assessment))
        .select_related("unit", "assessor")
        .order_by("rank", "unit__sort_order", "id")
    )


def assessed_get(*, actor: Actor, assessment: Assessment, assessed_id) -> AssessedUnit:
    return get_or_404(
        assessed_units(actor=actor, assessment=assessment).select_related("assessment"), assessed_id
    )


def scores_of(assessed: AssessedUnit) -> dict[int, Score]:
    return {s.indicator_id: s for s in Score.objects.filter(assessed=assessed)}


def grade_counts(assessment: Assessment) -> list[tuple[str, int]]:
    counts = Counter(AssessedUnit.objects.filter(assessment=assessment).values_list("grade", flat=True))
    return [(str(g), counts.get(str(g), 0)) for _low, g in assessment.grade_bands]


def findings_of(*, actor: Actor, assessed: AssessedUnit) -> QuerySet:
    """The problems this assessment assigned to the unit and its subordinate units, in scope."""
    return (
        problems_visible(actor)
        .filter(source=ProblemSource.ASSESSMENT, source_ref=assessed.assessment.name)
        .filter(unit__in=[assessed.unit_id, *assessed.unit.subordinates.values_list("id", flat=True)])
        .select_related("unit")
        .order_by("id")
    )


def round_list(*, actor: Actor) -> QuerySet:
    return scoping.visible(actor, AppraisalRound.objects.all()).order_by("-year", "-id")


def round_get(*, actor: Actor, round_id) -> AppraisalRound:
    return get_or_404(round_list(actor=actor).select_related("organization"), round_id)


def appraisals_of(*, actor: Actor, round: AppraisalRound) -> QuerySet:
    return (
        scoping.visible(actor, SecretaryAppraisal.objects.filter(round=round))
        .select_related("organization")
        .order_by("organization__path")
    )


def appraisal_get(*, actor: Actor, appraisal_id) -> SecretaryAppraisal:
    return get_or_404(
        scoping.visible(actor, SecretaryAppraisal.objects.all()).select_related("round", "organization"),
        appraisal_id,
    )


def rating_summary(appraisal: SecretaryAppraisal) -> list[tuple[str, int]]:
    counts = Counter(appraisal.ratings.values_list("grade", flat=True))
    return [(g, counts.get(g, 0)) for g in appraisal.round.grades]


def appraisal_problems(*, actor: Actor, appraisal: SecretaryAppraisal) -> QuerySet:
    return problems_visible(actor).filter(
        source=ProblemSource.APPRAISAL, source_ref=appraisal.round.name, organization=appraisal.organization
    )
