"""The dashboards' charts whose data exists in the foundation apps (people, organisations,
meetings). Areas register their own in `<app>/charts.py` (core.charts); reports draws them all."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from dangjian.core.charts import ChartData, chart, chart_records
from dangjian.core.metrics import MetricResult, Period, ReportScope, shared
from dangjian.meetings.cadence import REPORTED_KINDS, compliance_totals_cached
from dangjian.meetings.enums import ORG_LIFE_KINDS, MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting
from dangjian.organizations.selectors import subtree_children
from dangjian.people.enums import PARTY_MEMBER_STATUSES, MembershipStatus
from dangjian.people.selectors import members_on

MEETING_COLUMNS = {
    "组织": "organization.name",
    "类型": "get_kind_display",
    "主题": "title",
    "时间": "held_at",
}


def _q(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


@chart("members_by_unit", "各单位（下级组织）年末党员人数", section="党员队伍", order=10)
def members_by_unit(scope: ReportScope, period: Period) -> ChartData:
    children = subtree_children(scope.path)
    depth = len(scope.path) + 4
    counts = dict(
        members_on(day=period.end, org_path=scope.path, statuses=PARTY_MEMBER_STATUSES)
        .order_by()
        .annotate(prefix=Substr("organization__path", 1, depth))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .values_list("prefix", "n")
    )
    pairs = sorted(((o, counts.get(p, 0)) for p, o in children.items()), key=lambda x: -x[1])
    url = reverse("reports:metric", args=["members_year_end"])
    return ChartData(
        categories=[o.name for o, _n in pairs],
        values=[n for _o, n in pairs],
        links=[url + _q(year=period.end.year, org=o.pk) for o, _n in pairs],
    )


@chart("member_pipeline", "党员队伍与发展梯队（年末）", section="党员队伍", order=20)
def member_pipeline(scope: ReportScope, period: Period) -> ChartData:
    statuses = [
        (MembershipStatus.FULL, "members_full_year_end"),
        (MembershipStatus.PROBATIONARY, "members_probationary_year_end"),
        (MembershipStatus.CANDIDATE, "candidates_year_end"),
        (MembershipStatus.ACTIVIST, "activists_year_end"),
        (MembershipStatus.APPLICANT, "applicants_year_end"),
    ]
    counts = dict(
        members_on(day=period.end, org_path=scope.path, statuses=[s for s, _m in statuses])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return ChartData(
        categories=[s.label for s, _m in statuses],
        values=[counts.get(s.value, 0) for s, _m in statuses],
        links=[
            reverse("reports:metric", args=[m]) + _q(year=period.end.year, org=scope.org_id)
            for _s, m in statuses
        ],
        type="pie",
    )


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(year, month, 1))
    end = timezone.make_aware(dt.datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


def _held(scope: ReportScope):
    return Meeting.objects.filter(
        status=MeetingStatus.HELD, kind__in=ORG_LIFE_KINDS, organization__path__startswith=scope.path
    )


@chart("meetings_per_month", "每月召开“三会一课”及主题党日（次）", section="组织生活", order=30)
def meetings_per_month(scope: ReportScope, period: Period) -> ChartData:
    year = period.end.year
    start, _ = _month_bounds(year, 1)
    _, end = _month_bounds(year, 12)
    months = list(range(1, 13))
    # One scan with a conditional count per month (no per-row date function: SQLite's is Python).
    bounds = {f"m{m}": _month_bounds(year, m) for m in months}
    row = (
        _held(scope)
        .filter(held_at__gte=start, held_at__lt=end)
        .order_by()
        .aggregate(
            **{k: Count("id", filter=Q(held_at__gte=a, held_at__lt=b)) for k, (a, b) in bounds.items()}
        )
    )
    counts = {m: row[f"m{m}"] for m in months}
    return ChartData(
        categories=[f"{m}月" for m in months],
        values=[counts.get(m, 0) for m in months],
        keys=[str(m) for m in months],
    )


@chart_records("meetings_per_month")
def meetings_of_month(scope: ReportScope, period: Period, key: str) -> MetricResult:
    month = int(key) if key.isdigit() and 1 <= int(key) <= 12 else 1
    start, end = _month_bounds(period.end.year, month)
    qs = _held(scope).filter(held_at__gte=start, held_at__lt=end).select_related("organization")
    return MetricResult(qs.count(), qs.order_by("held_at", "id"), MEETING_COLUMNS, f"{month}月")


@chart("cadence_compliance", "“三会一课”按规定频次落实的达标率（%）", section="组织生活", order=40)
def cadence_compliance(scope: ReportScope, period: Period) -> ChartData:
    result = shared(
        ("cadence.totals", scope.path, period),
        lambda: compliance_totals_cached(org_path=scope.path, start=period.start, end=period.end),
    )
    kinds = [MeetingKind(k) for k in REPORTED_KINDS]
    values = []
    for k in kinds:
        rate = result.by_kind.get(k.value)
        values.append(rate.percent if rate is not None and rate.percent is not None else 0)
    url = reverse("meetings:cadence") + _q(org=scope.org_id, year=period.end.year)
    return ChartData(categories=[k.label for k in kinds], values=values, links=[url] * len(kinds))
