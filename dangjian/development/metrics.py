"""Figures of the development of members: new members (接收预备党员, counted by the approving
organisation's records in the period) and conversions (转正)."""

from dangjian.core.metrics import MetricResult, metric
from dangjian.development.selectors import applicants_under, step_in

SECTION = "夯实组织基础"
COLUMNS = {
    "姓名": "person.name",
    "党支部": "organization.name",
    "支部大会通过": "vote_on",
    "审批日期": "approved_on",
    "转正日期": "full_on",
}


def _scoped(scope):
    return applicants_under(scope.path).select_related("person", "organization")


@metric("new_members", "发展党员数", unit="名", section=SECTION)
def new_members(scope, period):
    """Applicants approved as probationary members in the period (入党日期 = the vote's day)."""
    qs = _scoped(scope).filter(step_in("approved", period.start, period.end))
    return MetricResult(qs.count(), qs, COLUMNS)


@metric("conversions", "预备党员转正数", unit="名", section=SECTION)
def conversions(scope, period):
    qs = _scoped(scope).filter(step_in("full", period.start, period.end))
    return MetricResult(qs.count(), qs, COLUMNS)
