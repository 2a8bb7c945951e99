"""Event figures of the annual report. Each counts records of the participation record (the
rows of the year's event of a series, or activities of a kind), never a typed-in total; the
report's scope is the subtree people took part from (or, for sessions, organised in)."""

from __future__ import annotations

from dangjian.activities.enums import ActivityKind
from dangjian.activities.models import Activity
from dangjian.activities.selectors import counts
from dangjian.core.metrics import MetricResult, metric
from dangjian.events import selectors
from dangjian.events.enums import EventSeries as S

POLITICAL = "建设政治机关"
ORGANISATION = "夯实组织基础"
DISCIPLINE = "持续正风肃纪"
UNITY = "凝聚各方力量"

COLUMNS = {
    "活动": "activity.title",
    "姓名": "display_name",
    "类别": "get_guest_kind_display",
    "所在党组织": "organization.name",
    "角色": "get_role_display",
    "状态": "get_status_display",
}
ACTIVITY_COLUMNS = {"活动": "title", "组织单位": "organization.name", "日期": "first_day", "地点": "place"}
ENTRY_COLUMNS = {"填报事项": "unit_return.title", "单位": "unit.name", "数量": "value", "说明": "note"}


def _people(qs) -> MetricResult:
    rows = qs.select_related("activity", "person", "organization")
    return MetricResult(qs.count(), rows, COLUMNS)


@metric(
    "model_org_exchange_attendees",
    "模范机关创建工作交流会参加人数",
    unit="人",
    section=POLITICAL,
    approx=True,
)
def model_org_exchange_attendees(scope, period):
    return _people(selectors.series_rows(series=S.MODEL_ORG_EXCHANGE, year=period.end.year, path=scope.path))


@metric("work_conference_speaking_units", "工作会议作交流发言的单位", unit="个", section=POLITICAL)
def work_conference_speaking_units(scope, period):
    qs = selectors.series_speakers(series=S.WORK_CONFERENCE, year=period.end.year, path=scope.path)
    units = counts(qs).units  # COUNT(DISTINCT unit) ignores the rows without one
    return MetricResult(units, qs.select_related("activity", "person", "organization"), COLUMNS)


@metric("mutual_learning_sessions", "互学互鉴活动期数", unit="期", section=ORGANISATION)
def mutual_learning_sessions(scope, period):
    qs = Activity.objects.filter(
        kind=ActivityKind.MUTUAL_LEARNING, first_day__gte=period.start, first_day__lte=period.end
    ).select_related("organization")
    if scope.path:
        qs = qs.filter(organization__path__under=scope.path)
    return MetricResult(qs.count(), qs, ACTIVITY_COLUMNS)


@metric(
    "family_story_participants", "参加“清风传家故事会”的党员领导干部及家属", unit="人", section=DISCIPLINE
)
def family_story_participants(scope, period):
    return _people(selectors.series_rows(series=S.FAMILY_STORY, year=period.end.year, path=scope.path))


@metric("family_story_viewings", "观看《清风传家故事会》专题片", unit="人次", section=DISCIPLINE, approx=True)
def family_story_viewings(scope, period):
    qs = selectors.series_return_entries(series=S.FAMILY_STORY, year=period.end.year, path=scope.path)
    return MetricResult(selectors.entries_total(qs), qs.select_related("unit_return", "unit"), ENTRY_COLUMNS)


@metric("integrity_concert_attendees", "观看廉政主题音乐会", unit="人", section=DISCIPLINE)
def integrity_concert_attendees(scope, period):
    return _people(selectors.series_rows(series=S.INTEGRITY_CONCERT, year=period.end.year, path=scope.path))


@metric("skills_contestants", "干部职工技能比赛选手", unit="人", section=UNITY)
def skills_contestants(scope, period):
    return _people(
        selectors.series_contestants(series=S.SKILLS_CONTEST, year=period.end.year, path=scope.path)
    )


@metric("basketball_participants", "职工篮球赛参赛人数", unit="人", section=UNITY, approx=True)
def basketball_participants(scope, period):
    return _people(selectors.series_contestants(series=S.BASKETBALL, year=period.end.year, path=scope.path))


@metric("sports_meet_registrations", "职工健身运动会报名人数", unit="人", section=UNITY, approx=True)
def sports_meet_registrations(scope, period):
    return _people(selectors.series_contestants(series=S.SPORTS_MEET, year=period.end.year, path=scope.path))
