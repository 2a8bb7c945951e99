"""Figures of 夯实组织基础: mid-term adjustments of party cadres (seed: 指导57个单位届中调整党务干部81名)
and the organisations whose committee term is overdue."""

from dangjian.core.metrics import MetricResult, metric
from dangjian.elections.selectors import adjustments_approved, terms_overdue_on

SECTION = "夯实组织基础"
COLUMNS = {
    "单位": "organization.unit.name",
    "党组织": "organization.name",
    "职务": "get_post_display",
    "离任": "left_person.name",
    "接任": "came_person.name",
    "调整日期": "adjusted_on",
    "原因": "reason",
}


def _adjustments(scope, period):
    return adjustments_approved(start=period.start, end=period.end, org_path=scope.path).select_related(
        "organization", "organization__unit", "left_person", "came_person"
    )


@metric("cadre_adjustment_units", "指导单位届中调整党务干部（单位数）", unit="个", section=SECTION)
def cadre_adjustment_units(scope, period):
    """Distinct units of the organisations with an approved adjustment in the period."""
    qs = _adjustments(scope, period)
    return MetricResult(qs.values("organization__unit_id").distinct().count(), qs, COLUMNS)


@metric("cadre_adjustments", "届中调整党务干部", unit="名", section=SECTION)
def cadre_adjustments(scope, period):
    qs = _adjustments(scope, period)
    return MetricResult(qs.count(), qs, COLUMNS)


@metric("terms_overdue", "换届逾期组织数（期末）", unit="个", section=SECTION)
def terms_overdue(scope, period):
    qs = terms_overdue_on(day=period.end, org_path=scope.path).select_related("unit")
    return MetricResult(
        qs.count(),
        qs,
        {"党组织": "name", "类别": "get_kind_display", "单位": "unit.name", "届满日期": "term_ends_on"},
    )
