"""The dashboards' rectification chart (core.charts): per owning unit, the share of the problems
assigned in the year inside the scope (selectors.problems_recorded, as the report's metrics
count them) that are closed (销号), from the progress page's grouped count
(selectors.progress_by_unit); lowest first. A bar lists the unit's problems."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.charts import ChartData, chart, chart_records
from dangjian.core.metrics import MetricResult, Period, ReportScope
from dangjian.organizations.models import Unit
from dangjian.problems import selectors as sx
from dangjian.problems.metrics import COLUMNS

SHOWN = 30


@chart("problem_rectification", "各单位本年交办问题整改销号率（%）", section="问题整改", order=70)
def problem_rectification(scope: ReportScope, period: Period) -> ChartData:
    qs = sx.problems_recorded(scope.path, period.start, period.end)
    rows = sx.progress_by_unit(qs, today=timezone.localdate())
    totals = sx.progress_totals(rows)
    note = f"共{totals['units']}个单位、{totals['total']}个问题，已销号{totals['closed']}个（{totals['rate']}%）。"
    if len(rows) > SHOWN:
        note += f"图中为销号率最低的{SHOWN}个单位。"
        rows = rows[:SHOWN]
    return ChartData(
        categories=[r["unit__name"] for r in rows],
        values=[r["rate"] for r in rows],
        keys=[str(r["unit_id"]) for r in rows],
        horizontal=True,
        note=note,
    )


@chart_records("problem_rectification")
def problems_of_unit(scope: ReportScope, period: Period, key: str) -> MetricResult:
    unit = Unit.objects.filter(pk=int(key) if key.isdigit() else 0).first()
    qs = sx.problems_recorded(scope.path, period.start, period.end).filter(unit=unit)
    return MetricResult(
        qs.count(), qs.select_related("unit").order_by("deadline", "id"), COLUMNS, unit.name if unit else key
    )
