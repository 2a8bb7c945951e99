"""Campaign figures of the annual report: the "党员进社区" campaign (section 突出思想教育: units,
branches and members who took part, deeds done, difficulties solved) and volunteer service (section
服务中心大局: units, branches and members who took part in volunteer projects, the projects held and
the person-times of the public they served). Each metric a few lines over one selector; the
participation counts share one computation per report (core.metrics.shared)."""

from dangjian.campaigns import selectors
from dangjian.campaigns.enums import ReportLine
from dangjian.core.metrics import MetricResult, Period, ReportScope, metric, shared

EDUCATION = "突出思想教育"
SERVICE = "服务中心大局"
PARTICIPATION_COLUMNS = {
    "姓名": "display_name",
    "所在党组织": "organization.name",
    "单位": "unit.name",
    "活动": "activity.title",
    "日期": "day",
}
DEED_COLUMNS = {
    "实事": "title",
    "服务对象": "beneficiary",
    "党组织": "organization.name",
    "办结日期": "done_on",
}
DIFFICULTY_COLUMNS = {"难题": "title", "党组织": "organization.name", "解决日期": "solved_on"}
PROJECT_COLUMNS = {
    "项目": "title",
    "组织单位": "organization.name",
    "日期": "first_day",
    "惠及人次": "beneficiaries",
}


def _drill(qs):
    return qs.select_related("person", "organization", "unit", "activity").order_by("day", "id")


def _community(scope: ReportScope, period: Period):
    rows = selectors.line_participation(ReportLine.COMMUNITY, scope.path, period.start.year)
    counts = shared(("campaigns.community", scope.path, period.start.year), lambda: selectors.counts(rows))
    return counts, _drill(rows)


def _volunteer(scope: ReportScope, period: Period):
    rows = selectors.volunteer_participation(scope.path, period.start.year)
    counts = shared(("campaigns.volunteer", scope.path, period.start.year), lambda: selectors.counts(rows))
    return counts, _drill(rows)


@metric("community_campaign_units", "党员进社区主题活动参与单位", unit="个", section=EDUCATION)
def community_campaign_units(scope, period):
    c, rows = _community(scope, period)
    return MetricResult(c.units, rows, PARTICIPATION_COLUMNS)


@metric("community_campaign_branches", "党员进社区主题活动参与党支部", unit="个", section=EDUCATION)
def community_campaign_branches(scope, period):
    c, rows = _community(scope, period)
    return MetricResult(c.branches, rows, PARTICIPATION_COLUMNS)


@metric("community_campaign_members", "党员进社区人数", unit="名", section=EDUCATION)
def community_campaign_members(scope, period):
    c, rows = _community(scope, period)
    return MetricResult(c.members, rows, PARTICIPATION_COLUMNS)


@metric("community_campaign_deeds", "党员进社区办实事", unit="件", section=EDUCATION)
def community_campaign_deeds(scope, period):
    ids = selectors.line_campaign_ids(ReportLine.COMMUNITY)
    qs = selectors.deeds_done(scope.path, period.start, period.end, campaigns=ids)
    return MetricResult(qs.count(), qs.select_related("organization").order_by("done_on", "id"), DEED_COLUMNS)


@metric("community_campaign_problems_solved", "党员进社区解难题", unit="个", section=EDUCATION)
def community_campaign_problems_solved(scope, period):
    ids = selectors.line_campaign_ids(ReportLine.COMMUNITY)
    qs = selectors.difficulties_solved(scope.path, period.start, period.end, campaigns=ids)
    return MetricResult(
        qs.count(), qs.select_related("organization").order_by("solved_on", "id"), DIFFICULTY_COLUMNS
    )


@metric("volunteer_units", "志愿服务参与单位", unit="个", section=SERVICE)
def volunteer_units(scope, period):
    c, rows = _volunteer(scope, period)
    return MetricResult(c.units, rows, PARTICIPATION_COLUMNS)


@metric("volunteer_branches", "志愿服务参与党支部", unit="个", section=SERVICE)
def volunteer_branches(scope, period):
    c, rows = _volunteer(scope, period)
    return MetricResult(c.branches, rows, PARTICIPATION_COLUMNS)


@metric("volunteer_members", "深入基层志愿服务党员", unit="名", section=SERVICE)
def volunteer_members(scope, period):
    c, rows = _volunteer(scope, period)
    return MetricResult(c.members, rows, PARTICIPATION_COLUMNS)


@metric("volunteer_projects", "开展志愿服务活动", unit="项", section=SERVICE)
def volunteer_projects(scope, period):
    qs = selectors.volunteer_projects(scope.path, period.start, period.end)
    return MetricResult(
        qs.count(), qs.select_related("organization").order_by("first_day", "id"), PROJECT_COLUMNS
    )


@metric("volunteer_beneficiaries", "志愿服务惠及群众", unit="人次", section=SERVICE)
def volunteer_beneficiaries(scope, period):
    qs = selectors.volunteer_projects(scope.path, period.start, period.end)
    return MetricResult(
        selectors.beneficiaries(qs),
        qs.select_related("organization").order_by("first_day", "id"),
        PROJECT_COLUMNS,
    )
