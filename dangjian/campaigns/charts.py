"""The dashboards' campaign charts (core.charts): per campaign, the deeds done (办实事) and the
difficulties solved (解难题) in the year inside the scope, and per month the person-times the
volunteer projects served (志愿服务惠及群众), counted as the report's metrics count them
(selectors.deeds_done, difficulties_solved, volunteer_projects), in one query each; a bar lists
the records behind it."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from dangjian.activities.models import Campaign
from dangjian.campaigns import selectors
from dangjian.campaigns.metrics import DEED_COLUMNS, DIFFICULTY_COLUMNS, PROJECT_COLUMNS
from dangjian.core.charts import ChartData, chart, chart_records
from dangjian.core.metrics import MetricResult, Period, ReportScope

SECTION = "主题活动"
SHOWN = 20


def _per_campaign(qs: QuerySet) -> ChartData:
    rows = list(
        qs.order_by()
        .values("campaign_id", "campaign__name")
        .annotate(n=Count("id"))
        .order_by("-n", "campaign_id")
    )
    note = f"共{len(rows)}项主题活动，图中为最多的{SHOWN}项。" if len(rows) > SHOWN else ""
    rows = rows[:SHOWN]
    return ChartData(
        categories=[r["campaign__name"] for r in rows],
        values=[r["n"] for r in rows],
        keys=[str(r["campaign_id"]) for r in rows],
        note=note,
    )


def _campaign(key: str) -> list[int]:
    return [int(key)] if key.isdigit() else []


def _name(key: str) -> str:
    return Campaign.objects.filter(pk__in=_campaign(key)).values_list("name", flat=True).first() or key


@chart("campaign_deeds", "各主题活动办实事（件）", section=SECTION, order=60)
def campaign_deeds(scope: ReportScope, period: Period) -> ChartData:
    return _per_campaign(selectors.deeds_done(scope.path, period.start, period.end))


@chart_records("campaign_deeds")
def campaign_deeds_records(scope: ReportScope, period: Period, key: str) -> MetricResult:
    qs = selectors.deeds_done(scope.path, period.start, period.end, campaigns=_campaign(key))
    return MetricResult(
        qs.count(), qs.select_related("organization").order_by("done_on", "id"), DEED_COLUMNS, _name(key)
    )


@chart("campaign_difficulties", "各主题活动解难题（个）", section=SECTION, order=61)
def campaign_difficulties(scope: ReportScope, period: Period) -> ChartData:
    return _per_campaign(selectors.difficulties_solved(scope.path, period.start, period.end))


@chart_records("campaign_difficulties")
def campaign_difficulties_records(scope: ReportScope, period: Period, key: str) -> MetricResult:
    qs = selectors.difficulties_solved(scope.path, period.start, period.end, campaigns=_campaign(key))
    return MetricResult(
        qs.count(),
        qs.select_related("organization").order_by("solved_on", "id"),
        DIFFICULTY_COLUMNS,
        _name(key),
    )


def _month(period: Period, key: str) -> Period:
    return Period.month(period.end.year, int(key) if key.isdigit() and 1 <= int(key) <= 12 else 1)


@chart(
    "volunteer_beneficiaries_per_month", "志愿服务惠及群众（人次，按项目开始月份）", section=SECTION, order=62
)
def volunteer_beneficiaries_per_month(scope: ReportScope, period: Period) -> ChartData:
    months = period.months()
    row = selectors.volunteer_projects(scope.path, period.start, period.end).aggregate(
        **{
            f"m{i}": Sum("beneficiaries", filter=Q(first_day__gte=m.start, first_day__lte=m.end))
            for i, m in enumerate(months)
        }
    )
    return ChartData(
        categories=[f"{m.start.month}月" for m in months],
        values=[row[f"m{i}"] or 0 for i in range(len(months))],
        keys=[str(m.start.month) for m in months],
    )


@chart_records("volunteer_beneficiaries_per_month")
def volunteer_projects_of_month(scope: ReportScope, period: Period, key: str) -> MetricResult:
    month = _month(period, key)
    qs = selectors.volunteer_projects(scope.path, month.start, month.end)
    return MetricResult(
        selectors.beneficiaries(qs),
        qs.select_related("organization").order_by("first_day", "id"),
        PROJECT_COLUMNS,
        f"{month.start.month}月",
    )
