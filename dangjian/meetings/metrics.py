"""Figures of organisational life for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangjian.meetings.enums import ORG_LIFE_KINDS, MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting
from dangjian.organizations.enums import OrgKind
from dangjian.reports.registry import MetricResult, metric

SECTION = "思想教育"
MEETING_COLUMNS = {"组织": "organization.name", "类型": "get_kind_display", "主题": "title", "时间": "held_at"}


def period_bounds(period) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return start, end


def held_meetings(scope, period, kinds):
    start, end = period_bounds(period)
    return (Meeting.objects.filter(status=MeetingStatus.HELD, kind__in=kinds, held_at__gte=start, held_at__lt=end,
                                   organization__path__under=scope.path)
            .select_related("organization").order_by("held_at", "id"))


@metric("org_life_study_sessions", "基层党组织通过“三会一课”、主题党日等形式组织党员学习", unit="次", section=SECTION)
def org_life_study_sessions(scope, period):
    """三会一课 and 主题党日 held by grassroots organisations with a study topic recorded."""
    qs = held_meetings(scope, period, ORG_LIFE_KINDS).exclude(study_content="").exclude(
        organization__kind=OrgKind.WORKING_COMMITTEE)
    return MetricResult(qs.count(), qs, MEETING_COLUMNS | {"学习内容": "study_content"})


@metric("org_life_meetings", "召开“三会一课”及主题党日", unit="次", section=SECTION)
def org_life_meetings(scope, period):
    qs = held_meetings(scope, period, ORG_LIFE_KINDS)
    return MetricResult(qs.count(), qs, MEETING_COLUMNS)


@metric("first_topic_sessions", "落实“第一议题”制度的会议", unit="次", section=SECTION)
def first_topic_sessions(scope, period):
    qs = held_meetings(scope, period, [k.value for k in MeetingKind]).filter(agenda__is_first_topic=True).distinct()
    return MetricResult(qs.count(), qs, MEETING_COLUMNS)
