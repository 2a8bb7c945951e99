"""Figures of party fees for the annual report (our own ids)."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.fees.selectors import collected, payments_in

SECTION = "夯实组织基础"


@metric("fees_collected_yuan", "收缴党费", unit="元", section=SECTION)
def fees_collected(scope, period):
    qs = payments_in(scope.path, period.start.year).filter(paid_on__gte=period.start, paid_on__lte=period.end)
    # from the fee tally, exact to the fen (SQLite would sum the payments as floats)
    total = collected(scope.path, period.start.year, period.start, period.end)
    return MetricResult(
        total,
        qs.select_related("person", "organization"),
        {
            "姓名": "person.name",
            "党组织": "organization.name",
            "月份": "month",
            "金额（元）": "amount",
            "交纳日期": "paid_on",
        },
    )
