"""Figures of the survey teams on village cadres for the annual report (ids from
seed-2023-figures.yaml): the teams formed in the period, the distinct areas they visited, the
problems they found and the distinct units owning those problems. The problems are counted from the
problem ledger (source 调研, linked to a team of the period), where they are rectified; their
drill-downs list the ledger's records."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.organizations.models import Unit
from dangjian.villages.selectors import survey_problems, survey_teams, survey_visits

SECTION = "服务中心大局"


@metric("village_survey_teams", "驻村干部工作调研组", unit="个", section=SECTION)
def village_survey_teams(scope, period):
    qs = survey_teams(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {"调研组": "name", "成立日期": "started_on"})


@metric("village_survey_areas", "调研组深入的市和示范区", unit="个", section=SECTION)
def village_survey_areas(scope, period):
    qs = survey_visits(scope.path, period.start, period.end).order_by("area", "visited_on", "id")
    areas = qs.values("area").distinct().count()
    return MetricResult(
        areas,
        qs.select_related("team"),
        {"地区": "get_area_display", "调研组": "team.name", "日期": "visited_on"},
    )


@metric("village_survey_rectifying_units", "督促整改的单位", unit="家", section=SECTION)
def village_survey_rectifying_units(scope, period):
    units = Unit.objects.filter(
        pk__in=survey_problems(scope.path, period.start, period.end).values("unit_id")
    )
    return MetricResult(units.count(), units.order_by("sort_order", "id"), {"单位": "name"})


@metric("village_survey_problems", "调研发现并整改的问题", unit="条", section=SECTION)
def village_survey_problems(scope, period):
    qs = (
        survey_problems(scope.path, period.start, period.end)
        .select_related("unit", "survey_finding__team")
        .order_by("found_on", "id")
    )
    return MetricResult(
        qs.count(),
        qs,
        {
            "调研组": "survey_finding.team.name",
            "整改单位": "unit.name",
            "问题": "description",
            "交办日期": "found_on",
            "整改时限": "deadline",
            "状态": "get_status_display",
        },
    )
