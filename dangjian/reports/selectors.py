"""Reads for reports: the actor's report scope, metric values and the records behind them."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.metrics import REGISTRY, Metric, MetricResult, Period, ReportScope, batch, scope_for_org
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

# The figures' sections in the order of the year-end summary (its six parts after the basics).
SECTION_ORDER = [
    "基本情况",
    "组织情况",
    "建设政治机关",
    "突出思想教育",
    "组织生活落实",
    "服务中心大局",
    "夯实组织基础",
    "持续正风肃纪",
    "凝聚各方力量",
]


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


def records_matching(records, columns: dict[str, str], q: str):
    """The drill-down records whose shown values contain `q` (any column, as text): the filter of the
    drill-down page and of its export, so both list the same records. A queryset whose columns are
    all text, numbers, dates or choice labels is filtered in the database (`_matching_q`); any
    other (a property, a datetime, a computed value) is filtered here, record by record."""
    q = q.strip()
    if isinstance(records, QuerySet):
        where = _matching_q(records.model, columns.values(), q)
        if where is not None:
            texts, condition = where
            return records.annotate(**texts).filter(condition)
    found = []
    for record in records:
        if any(q in str(resolve(record, path)) for path in columns.values()):
            found.append(record)
    return found


def _matching_q(model, paths, q: str) -> tuple[dict, Q] | None:
    """(text annotations, condition) equal to "some column's shown value contains q", or None when a
    column cannot be compared in the database as it is shown."""
    texts: dict = {}
    condition = Q(pk__in=[])
    for i, path in enumerate(paths):
        parts = path.split(".")
        current = model
        try:
            for part in parts[:-1]:
                relation = current._meta.get_field(part)
                if not (relation.many_to_one or relation.one_to_one) or relation.related_model is None:
                    return None
                current = relation.related_model
            last = parts[-1]
            display = last.startswith("get_") and last.endswith("_display")
            field = current._meta.get_field(last[4:-8] if display else last)
        except FieldDoesNotExist:
            return None
        lookup = "__".join([*parts[:-1], field.name])
        if display:
            if not field.choices:
                return None
            codes = [value for value, label in field.flatchoices if q in str(label)]
            condition |= Q(**{f"{lookup}__in": codes})
        elif field.choices:
            return None
        elif isinstance(field, models.CharField | models.TextField):
            condition |= Q(**{f"{lookup}__contains": q})
        elif isinstance(field, models.DateField | models.IntegerField | models.AutoField):
            # As str() writes them: ISO dates, and datetimes in UTC (the connection's time zone)
            # as `str` of the aware value did.
            texts[f"_q{i}"] = Cast(lookup, output_field=models.CharField())
            condition |= Q(**{f"_q{i}__contains": q})
        else:
            return None
    return texts, condition
