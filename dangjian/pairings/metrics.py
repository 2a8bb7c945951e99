"""Figures of liaison pairings (双进双促) for the annual report (ids from seed-2023-figures.yaml):
distinct units, parks and enterprises with a pairing in force at some day of the period."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.pairings.selectors import paired_enterprises, paired_parks, paired_units

SECTION = "服务中心大局"


@metric("pairing_units", "选派干部开展双进双促的单位", unit="家", section=SECTION)
def pairing_units(scope, period):
    qs = paired_units(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {"单位": "name"})


@metric("pairing_parks", "建立对接关系的园区", unit="家", section=SECTION)
def pairing_parks(scope, period):
    qs = paired_parks(scope.path, period.start, period.end).order_by("area", "name")
    return MetricResult(qs.count(), qs, {"园区": "name", "地区": "get_area_display"})


@metric("pairing_enterprises", "建立对接关系的企业", unit="家", section=SECTION)
def pairing_enterprises(scope, period):
    qs = paired_enterprises(scope.path, period.start, period.end).order_by("area", "name")
    return MetricResult(
        qs.count(), qs, {"企业": "name", "统一社会信用代码": "credit_code", "地区": "get_area_display"}
    )
