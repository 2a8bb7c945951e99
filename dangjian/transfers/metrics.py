"""Figures of transfers (ids from seed-2023-figures.yaml, section 夯实组织基础)."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.transfers.selectors import transfers_completed, transfers_pending_on

SECTION = "夯实组织基础"
COLUMNS = {
    "姓名": "person.name",
    "类型": "get_kind_display",
    "转出": "from_org.name",
    "接收": "to_org.name",
    "系统外党组织": "external_org",
    "办结日期": "closed_on",
}


@metric("relationship_transfers", "完成党员组织关系转接", unit="名", section=SECTION)
def relationship_transfers(scope, period):
    qs = transfers_completed(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs.select_related("person", "from_org", "to_org"), COLUMNS)


@metric("transfers_pending", "年末尚在办理的组织关系转接", unit="件", section=SECTION)
def transfers_pending(scope, period):
    qs = transfers_pending_on(scope.path, period.end)
    return MetricResult(qs.count(), qs.select_related("person", "from_org", "to_org"), COLUMNS)
