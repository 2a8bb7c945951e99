"""Figures of organisational life for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import BooleanField, F, Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from dangjian.core.metrics import LazyRecords, MetricResult, metric, shared
from dangjian.meetings import tally
from dangjian.meetings.cadence import REPORTED_KINDS, compliance_cached, compliance_totals_cached
from dangjian.meetings.enums import ORG_LIFE_KINDS, MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting, MeetingTally
from dangjian.meetings.selectors.central_group import central_group_attended_units
from dangjian.meetings.selectors.youth import (
    youth_group_activities,
    youth_group_member_count,
    youth_group_members,
    youth_groups_active,
)
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.lookups import in_subtree, in_subtree_or_all

SECTION = "突出思想教育"
MEETING_COLUMNS = {
    "组织": "organization.name",
    "类型": "get_kind_display",
    "主题": "title",
    "时间": "held_at",
}


def period_bounds(period) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return start, end


def held_meetings(scope, period, kinds, where: Q | None = None):
    """Held meetings of `kinds` in the period under scope (by organisations matching `where`)."""
    start, end = period_bounds(period)
    return (
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            kind__in=kinds,
            held_at__gte=start,
            held_at__lt=end,
        )
        .filter(in_subtree(scope.path, where=where))
        .select_related("organization")
        .order_by("held_at", "id")
    )


# `study_content <> ''` written as the study indexes' own condition and without a bound parameter:
# SQLite then knows the partial index implies it and reads no meeting row (with `= %s` it re-checks
# every row, fifteen times slower). Only for a query on the meeting table under its own name.
HAS_STUDY = RawSQL(  # noqa: S611 - a constant: the table name and a literal
    f'NOT ("{Meeting._meta.db_table}"."study_content" = \'\')', [], output_field=BooleanField()
)


def held_to_count(scope, period, kinds, where: Q | None = None):
    """The rows of held_meetings(scope, period, kinds, where) for counting them: the same meetings,
    the subtree as in_subtree_or_all (no filter for the whole province, a walk of one index range
    instead of a seek per organisation)."""
    start, end = period_bounds(period)
    return Meeting.objects.filter(
        status=MeetingStatus.HELD, kind__in=kinds, held_at__gte=start, held_at__lt=end
    ).filter(in_subtree_or_all(scope.path, where=where))


def whole_local_months(period) -> bool:
    """Whether the period is whole calendar months of the meeting tally's time zone."""
    return (
        period.start.day == 1
        and (period.end + dt.timedelta(days=1)).day == 1
        and timezone.get_current_timezone_name() == settings.TIME_ZONE
    )


def tallied_count(scope, period, kinds) -> int:
    """The held meetings of `kinds` under scope in a period of whole local months, summed from the
    meeting tally the database keeps (meetings.tally: one row per organisation, kind and year,
    twelve months) instead of read one index entry per meeting."""
    years = list(range(period.start.year, period.end.year + 1))
    sums = {}
    for year in years:
        first = period.start.month if year == period.start.year else 1
        last = period.end.month if year == period.end.year else 12
        months = [F(tally.MONTHS[m - 1]) for m in range(first, last + 1)]
        sums[f"y{year}"] = Sum(sum(months[1:], months[0]), filter=Q(year=year))
    rows = MeetingTally.objects.filter(year__in=years, kind__in=list(kinds)).filter(
        in_subtree_or_all(scope.path)
    )
    return sum(n or 0 for n in rows.aggregate(**sums).values())


@metric(
    "org_life_study_sessions",
    "基层党组织通过“三会一课”、主题党日等形式组织党员学习",
    unit="次",
    section=SECTION,
)
def org_life_study_sessions(scope, period):
    """三会一课 and 主题党日 held by grassroots organisations with a study topic recorded."""
    grassroots = ~Q(kind=OrgKind.WORKING_COMMITTEE)
    qs = held_meetings(scope, period, ORG_LIFE_KINDS, where=grassroots).exclude(study_content="")
    count = held_to_count(scope, period, ORG_LIFE_KINDS, where=grassroots).filter(HAS_STUDY).count()
    return MetricResult(count, qs, MEETING_COLUMNS | {"学习内容": "study_content"})


@metric("org_life_meetings", "召开“三会一课”及主题党日", unit="次", section=SECTION)
def org_life_meetings(scope, period):
    """Read from the meeting tally for whole months (a report's year), else counted from the meetings."""
    qs = held_meetings(scope, period, ORG_LIFE_KINDS)
    if whole_local_months(period):
        count = tallied_count(scope, period, ORG_LIFE_KINDS)
    else:
        count = held_to_count(scope, period, ORG_LIFE_KINDS).count()
    return MetricResult(count, qs, MEETING_COLUMNS)


@metric("first_topic_sessions", "落实“第一议题”制度的会议", unit="次", section=SECTION)
def first_topic_sessions(scope, period):
    """Counted from the meetings' first_topic flag (kept by triggers on the agenda items,
    meetings.first_topic): one range of meeting_first_topic_idx per kind for the whole province,
    instead of a meeting lookup per first-topic item. The drill-down is the same rows in
    held_meetings' order, with the subtree as in_subtree_or_all: for the whole province a page
    walks meeting_date_idx in order and stops (with the organisation list, SQLite sorts every
    held meeting of the year: 0.6 s at ten times the demo)."""
    kinds = [k.value for k in MeetingKind]
    held = held_to_count(scope, period, kinds).filter(first_topic=True)
    qs = held.select_related("organization").order_by("held_at", "id")
    return MetricResult(held.count(), qs, MEETING_COLUMNS)


# --- central group study, youth study groups, study materials, cadence ----------------------
# The selectors live with the pages that show the same records (selectors/central_group.py, selectors/youth.py,
# cadence), so a figure and its drill-down are the same query.


@metric("central_group_sessions_attended", "工委列席单位中心组专题学习", unit="个单位", section=SECTION)
def central_group_sessions_attended(scope, period):
    qs = central_group_attended_units(scope.path, period.start, period.end)
    return MetricResult(qs.count(), qs, {"单位": "name"})


@metric("youth_study_groups", "青年理论学习小组", unit="个", section=SECTION)
def youth_study_groups(scope, period):
    qs = youth_groups_active(scope.path, period.start, period.end).select_related("unit")
    return MetricResult(qs.count(), qs, {"小组": "name", "单位": "unit.name", "成立日期": "established_on"})


@metric("youth_study_group_members", "青年理论学习小组覆盖青年", unit="人", section=SECTION)
def youth_study_group_members(scope, period):
    qs = youth_group_members(scope.path, period.start, period.end).select_related("unit")
    count = youth_group_member_count(scope.path, period.start, period.end)
    return MetricResult(count, qs, {"姓名": "name", "单位": "unit.name", "出生日期": "birth_date"})


@metric("youth_study_group_activities", "青年理论学习小组开展活动", unit="次", section=SECTION)
def youth_study_group_activities(scope, period):
    qs = youth_group_activities(scope.path, period.start, period.end).select_related("youth_group")
    return MetricResult(qs.count(), qs, {"小组": "youth_group.name", "主题": "title", "时间": "held_at"})


JUDGED_COLUMNS = {
    "党组织": "name",
    "单位": "unit_name",
    "应开展（期）": "required",
    "已开展（期）": "met",
    "结果": "result",
    "缺少的期次": "missing",
}


def _register_compliance(kind: MeetingKind):
    @metric(
        f"cadence_compliance_{kind.value}",
        f"{kind.label}按规定频次召开的达标率",
        unit="%",
        section="组织生活落实",
    )
    def _fn(scope, period):
        # The rate from the database's sums; the organisations behind it only when listed.
        totals = shared(
            ("cadence.totals", scope.path, period),
            lambda: compliance_totals_cached(org_path=scope.path, start=period.start, end=period.end),
        )
        rate = totals.by_kind.get(kind.value)
        return MetricResult(
            rate.percent if rate is not None and rate.percent is not None else 0,
            LazyRecords(
                lambda: compliance_cached(
                    org_path=scope.path, start=period.start, end=period.end
                ).judged_orgs(kind.value)
            ),
            JUDGED_COLUMNS,
        )

    return _fn


for _kind in REPORTED_KINDS:
    _register_compliance(MeetingKind(_kind))
