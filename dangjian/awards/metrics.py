"""Figures of selections and awards for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

from dangjian.awards import selectors
from dangjian.awards.enums import SelectionKind
from dangjian.core.metrics import MetricResult, metric

COLUMNS = {"评选": "selection.name", "对象": "name", "单位": "unit.name", "状态": "get_status_display"}


@metric("civilized_unit_candidates", "推荐全省文明单位候选单位", unit="家", section="突出思想教育")
def civilized_unit_candidates(scope, period):
    qs = selectors.candidates_recommended(scope.path, SelectionKind.CIVILIZED_UNIT, period.start, period.end)
    return MetricResult(qs.count(), qs, {**COLUMNS, "推荐日期": "recommended_on"})


def _awarded(kind: str, collective: bool):
    def compute(scope, period):
        qs = selectors.awarded(scope.path, kind, period.start, period.end, collective=collective)
        return MetricResult(qs.count(), qs, {**COLUMNS, "获评日期": "awarded_on"})

    return compute


SECTION = "凝聚各方力量"
metric("labour_award_collectives", "五一劳动奖和工人先锋号获评集体", unit="个", section=SECTION)(
    _awarded(SelectionKind.LABOUR, True)
)
metric("labour_award_individuals", "五一劳动奖获评个人", unit="名", section=SECTION)(
    _awarded(SelectionKind.LABOUR, False)
)
metric("youth_award_collectives", "青年五四奖章集体和两红两优一先获评集体", unit="个", section=SECTION)(
    _awarded(SelectionKind.YOUTH, True)
)
metric("youth_award_individuals", "青年五四奖章和两红两优一先获评个人", unit="名", section=SECTION)(
    _awarded(SelectionKind.YOUTH, False)
)
