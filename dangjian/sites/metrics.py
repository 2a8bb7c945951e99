"""Figures of demonstration sites for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.sites import selectors

SECTION = "夯实组织基础"
COLUMNS = {"党支部": "organization.name", "单位": "unit.name", "状态": "get_status_display"}


@metric("demo_sites_revoked", "取消作用弱化党支部示范点", unit="个", section=SECTION)
def demo_sites_revoked(scope, period):
    qs = selectors.sites_revoked(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "撤销日期": "revoked_on", "原因": "revoke_reason"})


@metric("demo_sites_selected", "新评选党支部示范点", unit="个", section=SECTION)
def demo_sites_selected(scope, period):
    qs = selectors.sites_named(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "命名日期": "named_on", "有效期至": "valid_until"})


@metric("demo_sites_recommended_provincial", "推荐省级示范点", unit="个", section=SECTION)
def demo_sites_recommended_provincial(scope, period):
    qs = selectors.sites_provincial(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "推荐日期": "provincial_on"})
