"""Figures of medals and care (ids from seed-2023-figures.yaml, section 夯实组织基础)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from dangjian.care.selectors import condolences_in, medals_in, to_wan
from dangjian.core.metrics import MetricResult, metric

SECTION = "夯实组织基础"
MEDAL_COLUMNS = {"姓名": "person.name", "单位": "unit.name", "转正日期": "full_on", "颁发日期": "awarded_on"}


@metric("medal_units", "组织颁发“光荣在党50年”纪念章的单位", unit="个", section=SECTION)
def medal_units(scope, period):
    qs = medals_in(scope.path, period.start, period.end)
    return MetricResult(
        qs.values("unit_id").distinct().count(), qs.select_related("person", "unit"), MEDAL_COLUMNS
    )


@metric("medal_recipients", "颁发“光荣在党50年”纪念章", unit="人", section=SECTION)
def medal_recipients(scope, period):
    qs = medals_in(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs.select_related("person", "unit"), MEDAL_COLUMNS)


@metric("condolence_funds_wan_yuan", "划拨慰问金", unit="万元", section=SECTION)
def condolence_funds_wan_yuan(scope, period):
    qs = condolences_in(scope.path, period.start, period.end)
    total = qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return MetricResult(
        to_wan(total),
        qs.select_related("unit"),
        {"对象": "recipient", "单位": "unit.name", "日期": "on", "金额（元）": "amount", "事由": "reason"},
    )
