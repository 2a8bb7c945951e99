"""The dashboards' transfer chart (core.charts): per month, the transfers of organisational
relationship completed with an end inside the scope, as the report's metric counts them
(selectors.transfers_completed), in one query; a bar lists the month's transfers."""

from __future__ import annotations

from django.db.models import Count, Q

from dangjian.core.charts import ChartData, chart, chart_records
from dangjian.core.metrics import MetricResult, Period, ReportScope
from dangjian.transfers.metrics import COLUMNS
from dangjian.transfers.selectors import transfers_completed


def _month(period: Period, key: str) -> Period:
    return Period.month(period.end.year, int(key) if key.isdigit() and 1 <= int(key) <= 12 else 1)


@chart("transfers_per_month", "每月办结的组织关系转接（名）", section="党员队伍", order=25)
def transfers_per_month(scope: ReportScope, period: Period) -> ChartData:
    months = period.months()
    row = (
        transfers_completed(scope.path, period.start, period.end)
        .order_by()
        .aggregate(
            **{
                f"m{i}": Count("id", filter=Q(closed_on__gte=m.start, closed_on__lte=m.end))
                for i, m in enumerate(months)
            }
        )
    )
    return ChartData(
        categories=[f"{m.start.month}月" for m in months],
        values=[row[f"m{i}"] for i in range(len(months))],
        keys=[str(m.start.month) for m in months],
    )


@chart_records("transfers_per_month")
def transfers_of_month(scope: ReportScope, period: Period, key: str) -> MetricResult:
    month = _month(period, key)
    qs = transfers_completed(scope.path, month.start, month.end).select_related(
        "person", "from_org", "to_org"
    )
    return MetricResult(qs.count(), qs, COLUMNS, f"{month.start.month}月")
