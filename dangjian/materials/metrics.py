"""Figures of study materials for the annual report (ids from seed-2023-figures.yaml)."""

from __future__ import annotations

from dangjian.core.metrics import MetricResult, metric
from dangjian.materials.selectors import material_copies

SECTION = "突出思想教育"


@metric("study_materials_copies", "为省直单位征订配发学习材料", unit="册", section=SECTION, approx=True)
def study_materials_copies(scope, period):
    total, qs = material_copies(scope.path, period.start, period.end)
    return MetricResult(
        total,
        qs.select_related("material", "unit"),
        {"材料": "material.title", "单位": "unit.name", "册数": "copies", "日期": "distributed_on"},
    )
