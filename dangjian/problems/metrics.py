"""Figures of the problem ledger for the annual report (ids from seed-2023-figures.yaml).

The report year and the assessment year: the performance assessment of year N is carried out
early in year N+1 and its problems are assigned then, so the summary of N+1 reports them (the
2023 summary: "完成2022年度省直部门和单位党建工作实绩考核，形成843个问题清单"). The metrics count
the assessment problems assigned (found_on) within the report period; each problem's `year` is
the assessed year (2022)."""

from __future__ import annotations

from django.db.models import Q

from dangjian.core.metrics import MetricResult, metric
from dangjian.organizations.models import Unit
from dangjian.problems import selectors as sx

SECTION = "建设政治机关"
COLUMNS = {
    "责任单位": "unit.name",
    "问题描述": "description",
    "交办日期": "found_on",
    "整改时限": "deadline",
    "状态": "get_status_display",
}
UNIT_COLUMNS = {"单位": "name"}


@metric("assessment_problems", "党建工作实绩考核形成问题清单", unit="个", section=SECTION)
def assessment_problems(scope, period):
    qs = sx.assessment_problems(scope.path, period.start, period.end).select_related("unit")
    return MetricResult(qs.count(), qs.order_by("unit__sort_order", "id"), COLUMNS)


def _owning_units(scope, period, *, subordinate: bool) -> MetricResult:
    problems = sx.assessment_problems(scope.path, period.start, period.end)
    qs = Unit.objects.filter(Q(parent__isnull=not subordinate), id__in=problems.values("unit_id")).order_by(
        "sort_order", "id"
    )
    return MetricResult(qs.count(), qs, UNIT_COLUMNS)


@metric("rectifying_units", "督促指导整改考核反馈问题的单位", unit="个", section=SECTION)
def rectifying_units(scope, period):
    return _owning_units(scope, period, subordinate=False)


@metric("rectifying_subordinate_units", "逐一整改考核反馈问题的机关下属单位", unit="个", section=SECTION)
def rectifying_subordinate_units(scope, period):
    return _owning_units(scope, period, subordinate=True)


@metric("problems_rectification_rate", "考核反馈问题年末整改销号率", unit="%", section=SECTION)
def problems_rectification_rate(scope, period):
    qs = sx.assessment_problems(scope.path, period.start, period.end).select_related("unit")
    total = qs.count()
    closed = total - sx.open_at(qs, period.end).count()
    return MetricResult(
        round(100 * closed / total, 1) if total else 0.0, qs.filter(closed_on__lte=period.end), COLUMNS
    )


@metric("problems_overdue", "年末逾期未整改到位的问题", unit="个", section=SECTION)
def problems_overdue(scope, period):
    qs = sx.overdue_at(scope.path, period.end).select_related("unit")
    return MetricResult(qs.count(), qs.order_by("deadline", "id"), COLUMNS)
