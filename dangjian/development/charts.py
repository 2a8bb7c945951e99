"""The dashboards' development chart (core.charts): the year's development of members inside the
scope, step by step (applications, activists, candidates, new probationary members, conversions),
in one query; the last two are the report's new_members and conversions. A bar lists the records.
(The stock at the year's end by membership status is reports' member_pipeline.)"""

from __future__ import annotations

from django.db.models import Count

from dangjian.core.charts import ChartData, chart, chart_records
from dangjian.core.metrics import MetricResult, Period, ReportScope
from dangjian.development.metrics import COLUMNS
from dangjian.development.selectors import YEAR_STEPS, applicants_under, step_in


@chart("development_steps", "本年发展党员各环节人数", section="党员队伍", order=22)
def development_steps(scope: ReportScope, period: Period) -> ChartData:
    row = applicants_under(scope.path).aggregate(
        **{key: Count("id", filter=step_in(key, period.start, period.end)) for key, _l, _f in YEAR_STEPS}
    )
    return ChartData(
        categories=[label for _k, label, _f in YEAR_STEPS],
        values=[row[key] for key, _l, _f in YEAR_STEPS],
        keys=[key for key, _l, _f in YEAR_STEPS],
    )


@chart_records("development_steps")
def development_step_records(scope: ReportScope, period: Period, key: str) -> MetricResult:
    step = key if key in {k for k, _l, _f in YEAR_STEPS} else "applied"
    label, field = next((lbl, f) for k, lbl, f in YEAR_STEPS if k == step)
    qs = (
        applicants_under(scope.path)
        .filter(step_in(step, period.start, period.end))
        .select_related("person", "organization")
        .order_by(field, "id")
    )
    return MetricResult(qs.count(), qs, {**COLUMNS, "申请入党": "applied_on"}, label)
