"""Figures of branch initiatives for the annual report (ids from seed-2023-figures.yaml).

What is counted: the initiatives of a kind ESTABLISHED in the period (建立/设立/组建/品牌创建) by
organisations in the scope, one per record. A record is one brand, post, zone or team; an
organisation may create several (a branch brand and project brands of its groups, several posts).
So branded_branches ("推动3510个党支部实现品牌创建") is the number of brand creations recorded in
the year, not of distinct branches: the demo province has 2,500 branches, so the seed's 3,510
cannot be distinct branches. The drill-down lists every record with its organisation."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.selectors import initiatives_established

SECTION = "服务中心大局"
COLUMNS = {"名称": "name", "党组织": "organization.name", "单位": "unit.name", "设立日期": "established_on"}


def _count(scope, period, kind: str) -> MetricResult:
    qs = initiatives_established(scope.path, period.start, period.end, kind)
    return MetricResult(qs.count(), qs, COLUMNS)


@metric("branded_branches", "党支部品牌创建", unit="个", section=SECTION)
def branded_branches(scope, period):
    """Brand creations (党建品牌) recorded in the period: records, not distinct branches."""
    return _count(scope, period, InitiativeKind.BRAND)


@metric("pioneer_posts", "设立党员先锋岗", unit="个", section=SECTION)
def pioneer_posts(scope, period):
    return _count(scope, period, InitiativeKind.PIONEER_POST)


@metric("responsibility_zones", "划定党员责任区", unit="个", section=SECTION)
def responsibility_zones(scope, period):
    return _count(scope, period, InitiativeKind.RESPONSIBILITY_ZONE)


@metric("commando_teams", "组建突击队", unit="个", section=SECTION)
def commando_teams(scope, period):
    return _count(scope, period, InitiativeKind.COMMANDO_TEAM)
