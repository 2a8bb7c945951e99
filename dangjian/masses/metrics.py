"""Figures of the masses work for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.masses.selectors import posts_offered, suggestions_submitted

SECTION = "凝聚各方力量"


@metric("internship_posts", "在省（中）直单位募集实习岗位", unit="个", section=SECTION, approx=True)
def internship_posts(scope, period):
    """Internship posts (岗位) offered in the period, one per post whatever its places."""
    qs = posts_offered(scope.path, period.start, period.end)
    return MetricResult(
        qs.count(), qs, {"单位": "unit.name", "岗位": "title", "人数": "places", "发布日期": "offered_on"}
    )


@metric("doctor_suggestions", "建言献策（百名博士献百策）", unit="条", section=SECTION, approx=True)
def doctor_suggestions(scope, period):
    """Suggestions submitted in the period in the suggestion drive."""
    qs = suggestions_submitted(scope.path, period.start, period.end)
    return MetricResult(
        qs.count(),
        qs,
        {"建言人": "submitter", "题目": "topic", "提交日期": "submitted_on", "已采纳": "adopted"},
    )
