"""Figures of party fees for the annual report (our own ids)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from dangjian.core.metrics import MetricResult, metric
from dangjian.fees.selectors import payments_in

SECTION = "夯实组织基础"


@metric("fees_collected_yuan", "收缴党费", unit="元", section=SECTION)
def fees_collected(scope, period):
    qs = payments_in(scope.path, period.start.year).filter(paid_on__gte=period.start, paid_on__lte=period.end)
    # to the fen: SQLite sums decimals as floats (4043462.89999998)
    total = Decimal(qs.aggregate(s=Sum("amount"))["s"] or 0).quantize(Decimal("0.01"))
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
