"""The rules of assessments and appraisals that the workflows check (guards: (obj, actor, data),
raising ApplicationError with the message of errors.py).

- An assessment's scoring opens when the indicator tree is closed: there are indicators, the
  top-level points add up to the assessment's total (100 by default; rules.md §8b: local schemes
  use 100 points with itemised deductions), and units are listed.
- Its results are published when every listed unit has a score on every leaf indicator.
- A secretary's appraisal is concluded once at least one evaluator has rated the report; its grade
  is the mean position of the ratings (services.result_of).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from dangjian.assessments import errors
from dangjian.assessments.models import Assessment, Indicator, Score, SecretaryAppraisal
from dangjian.assessments.selectors import indicator_tree
from dangjian.core.errors import ApplicationError


def fmt_points(d: Decimal) -> str:
    """100.00 → "100", 20.50 → "20.5"."""
    return format(d.normalize(), "f")


def indicators_add_up(assessment: Assessment, actor, data: dict) -> None:
    top = Indicator.objects.filter(assessment=assessment, parent__isnull=True)
    if not top.exists():
        raise ApplicationError(errors.ERR_NO_INDICATORS)
    total = top.aggregate(n=Sum("max_score"))["n"] or Decimal(0)
    if total != assessment.total_points:
        raise ApplicationError(
            errors.ERR_TOTAL.format(total=fmt_points(total), expected=fmt_points(assessment.total_points))
        )


def units_listed(assessment: Assessment, actor, data: dict) -> None:
    if not assessment.units.exists():
        raise ApplicationError(errors.ERR_NO_UNITS)


def every_unit_scored(assessment: Assessment, actor, data: dict) -> None:
    leaves = [i for i in indicator_tree(assessment) if i.is_leaf]
    units = list(assessment.units.select_related("unit").order_by("unit__sort_order", "id"))
    scored = set(
        Score.objects.filter(assessed__assessment=assessment).values_list("assessed_id", "indicator_id")
    )
    missing = [(u, i) for u in units for i in leaves if (u.pk, i.pk) not in scored]
    if missing:
        u, i = missing[0]
        raise ApplicationError(errors.ERR_UNSCORED.format(n=len(missing), unit=u.unit.name, first=i.name))


def report_given(appraisal: SecretaryAppraisal, actor, data: dict) -> None:
    """data["report_chars"]: the length of the submitted report (the text itself is on the record)."""
    if not data.get("report_chars"):
        raise ApplicationError(errors.ERR_APPRAISAL_REPORT, field="report")


def rated(appraisal: SecretaryAppraisal, actor, data: dict) -> None:
    if not appraisal.ratings.exists():
        raise ApplicationError(errors.ERR_APPRAISAL_NO_RATINGS)
