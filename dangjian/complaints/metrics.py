"""Figures of conduct complaints for the annual report. The drill-down shows no reporter data."""

from __future__ import annotations

from dangjian.complaints import selectors
from dangjian.core.metrics import MetricResult, metric

SECTION = "持续正风肃纪"
COLUMNS = {
    "标题": "title",
    "类别": "get_category_display",
    "状态": "get_status_display",
    "收到日期": "received_on",
}


@metric("complaints_received", "收到作风问题举报", unit="件", section=SECTION)
def complaints_received(scope, period):
    qs = selectors.received(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, COLUMNS)


@metric("complaints_handed_over", "转办作风问题举报", unit="件", section=SECTION)
def complaints_handed_over(scope, period):
    qs = selectors.handed_over(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "转办日期": "handed_over_on"})


@metric("complaints_closed_in_time", "按时限办结作风问题举报", unit="件", section=SECTION)
def complaints_closed_in_time(scope, period):
    qs = selectors.closed_in_time(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "办结日期": "closed_on"})
