"""Reads for reports: the actor's report scope, metric values and the records behind them."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.urls import reverse

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.metrics import REGISTRY, Metric, MetricResult, Period, ReportScope, batch, scope_for_org
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

SECTION_ORDER = ["基本情况", "组织情况"]


def report_scope(*, actor: Actor, org_id=None) -> ReportScope:
    """The subtree the report covers: a chosen visible organisation, or the actor's own top node."""
    if org_id:
        return scope_for_org(scoping.access_org(actor, org_id))
    paths = scoping.scope_of(actor).read_paths
    if not paths:
        raise Http404("对象不存在或不在您的权限范围内。")
    if len(paths) == 1:
        return scope_for_org(PartyOrganization.objects.get(path=paths[0]))
    # Several separate subtrees: report on the first; the page offers the others.

    return scope_for_org(PartyOrganization.objects.get(path=paths[0]))


def metric_values(*, scope: ReportScope, period: Period) -> dict:
    """Every registered metric's value. The values are kept until the next audited write (every
    write is audited), so coming back from a drill-down does not compute them all again."""
    key = f"reports:annual:{scope.path}:{period.start}:{period.end}:{audit.data_version()}"
    values = cache.get(key)
    if values is None:
        with batch():
            values = {mid: m.compute(scope, period).value for mid, m in REGISTRY.items()}
        cache.set(key, values, VALUES_TTL)
    return values


def metric_rows(*, scope: ReportScope, period: Period) -> list[dict]:
    """Every metric's value, by section."""
    values = metric_values(scope=scope, period=period)
    rows = [{"metric": m, "value": values[mid]} for mid, m in REGISTRY.items() if mid in values]
    order = {s: i for i, s in enumerate(SECTION_ORDER)}
    rows.sort(key=lambda r: order.get(r["metric"].section, 99))
    return rows


VALUES_TTL = 600


# The detail page of a drill-down record, by model: (URL name, attribute holding the id).
RECORD_PAGES = {
    "people.person": ("people:person_detail", "pk"),
    "people.membershipperiod": ("people:person_detail", "person_id"),
    "meetings.meeting": ("meetings:detail", "pk"),
    "meetings.youthstudygroup": ("meetings:youth_group_detail", "pk"),
    "organizations.partyorganization": ("organizations:detail", "pk"),
    "materials.materialdistribution": ("materials:detail", "material_id"),
}


def record_url(record) -> str:
    """The page of a drill-down record, or "" when it has none."""
    own = getattr(record, "record_url", None)
    if isinstance(own, str):
        return own
    meta = getattr(record, "_meta", None)
    page = RECORD_PAGES.get(meta.label_lower) if meta is not None else None
    if page is None:
        return ""
    url_name, attr = page
    return reverse(url_name, args=[getattr(record, attr)])


def metric_get(*, metric_id: str) -> Metric:
    metric = REGISTRY.get(metric_id)
    if metric is None:
        raise Http404("指标不存在。")
    return metric


def metric_records(*, scope: ReportScope, period: Period, metric_id: str) -> tuple[Metric, MetricResult]:
    metric = metric_get(metric_id=metric_id)
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


def records_matching(records, columns: dict[str, str], q: str) -> list:
    """The drill-down records whose shown values contain `q` (any column, as text): the filter of the
    drill-down page and of its export, so both list the same records."""
    q = q.strip()
    found = []
    for record in records:
        if any(q in str(resolve(record, path)) for path in columns.values()):
            found.append(record)
    return found
