"""People figures: members by status at the end of the period (counted by the organisation
holding the membership on that day, rules.md §6a)."""

from dangjian.core.metrics import MetricResult, Period, ReportScope, metric, shared
from dangjian.people.enums import MembershipStatus
from dangjian.people.selectors import members_on, status_counts_on

COLUMNS = {
    "姓名": "person.name",
    "所在党组织": "organization.name",
    "状态": "get_status_display",
    "起始日期": "valid_from",
}


def _members(scope: ReportScope, period: Period, statuses) -> MetricResult:
    qs = members_on(day=period.end, org_path=scope.path, statuses=statuses).select_related(
        "person", "organization"
    )
    # The six figures of a report share one count by status (the same periods as `qs`).
    counts = shared(
        ("people.status_counts_on", scope.path, period.end),
        lambda: status_counts_on(day=period.end, org_path=scope.path),
    )
    return MetricResult(sum(counts.get(s, 0) for s in statuses), qs, COLUMNS)


@metric("members_year_end", "年末党员总数", unit="人")
def members_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.FULL, MembershipStatus.PROBATIONARY))


@metric("members_full_year_end", "年末正式党员", unit="人")
def members_full_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.FULL,))


@metric("members_probationary_year_end", "年末预备党员", unit="人")
def members_probationary_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.PROBATIONARY,))


@metric("applicants_year_end", "年末入党申请人", unit="人")
def applicants_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.APPLICANT,))


@metric("activists_year_end", "年末入党积极分子", unit="人")
def activists_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.ACTIVIST,))


@metric("candidates_year_end", "年末发展对象", unit="人")
def candidates_year_end(scope, period):
    return _members(scope, period, (MembershipStatus.CANDIDATE,))
