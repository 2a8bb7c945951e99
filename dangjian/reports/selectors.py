"""Reads for reports: the actor's report scope, metric values and the records behind them."""

from __future__ import annotations

from django.http import Http404

from dangjian.core.metrics import REGISTRY, MetricResult, Period, ReportScope, scope_for_org
from dangjian.organizations import scoping

SECTION_ORDER = ["基本情况", "组织情况"]


def report_scope(*, actor, org_id=None) -> ReportScope:
    """The subtree the report covers: a chosen visible organisation, or the actor's own top node."""
    if org_id:
        return scope_for_org(scoping.access_org(actor, org_id))
    paths = scoping.scope_of(actor).read_paths
    if not paths:
        raise Http404("对象不存在或不在您的权限范围内。")
    if len(paths) == 1:
        from dangjian.organizations.models import PartyOrganization

        return scope_for_org(PartyOrganization.objects.get(path=paths[0]))
    # Several separate subtrees: report on the first; the page offers the others.
    from dangjian.organizations.models import PartyOrganization

    return scope_for_org(PartyOrganization.objects.get(path=paths[0]))


def metric_rows(*, scope: ReportScope, period: Period) -> list[dict]:
    rows = []
    for m in REGISTRY.values():
        rows.append({"metric": m, "value": m.compute(scope, period).value})
    order = {s: i for i, s in enumerate(SECTION_ORDER)}
    rows.sort(key=lambda r: order.get(r["metric"].section, 99))
    return rows


def metric_records(*, scope: ReportScope, period: Period, metric_id: str) -> tuple[object, MetricResult]:
    metric = REGISTRY.get(metric_id)
    if metric is None:
        raise Http404("指标不存在。")
    return metric, metric.compute(scope, period)


def resolve(record, attr_path: str):
    value = record
    for part in attr_path.split("."):
        if value is None:
            return ""
        value = getattr(value, part)
        if callable(value):
            value = value()
    return value
