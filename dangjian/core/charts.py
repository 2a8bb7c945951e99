"""The chart registry of the dashboards (统计图表), filled the way metrics are: an app registers
its charts in `<app>/charts.py` (discovered by CoreConfig.ready) and `reports` draws every one:

    @chart("members_by_unit", "各单位党员人数", section="党员队伍", order=10)
    def members_by_unit(scope: ReportScope, period: Period) -> ChartData: ...

A chart is a function of (scope, period) returning categories with their values and, for each
point, the address of the records behind it (a click on the point opens it): either `links` to a
page that lists them (a metric's drill-down with ?org=), or `keys` with a `@chart_records(id)`
function listing the records of one key, which reports shows at /reports/charts/<id>/<key>/. The function must
read only inside `scope` (the subtree of the viewer's chosen organisation), as metrics do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian.core.metrics import MetricResult, Period, ReportScope


@dataclass
class ChartData:
    categories: list[str]
    values: list[float | int]
    links: list[str] = field(default_factory=list)  # one per category ("" = no records page)
    keys: list[str] = field(default_factory=list)  # one per category, for the chart's `records`
    type: str = "bar"  # "bar" or "pie"
    horizontal: bool = False  # sorted bars with long names (values 0-100)
    note: str = ""

    def as_option(self, title: str) -> dict:
        """The data app.js draws (static/js/app.js: categories, values, links, type)."""
        return {
            "title": title,
            "categories": self.categories,
            "values": self.values,
            "links": self.links or None,
            "type": self.type,
            "horizontal": self.horizontal,
        }


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    section: str
    order: int
    fn: Callable[[ReportScope, Period], ChartData]

    def compute(self, scope: ReportScope, period: Period) -> ChartData:
        return self.fn(scope, period)


REGISTRY: dict[str, Chart] = {}
# A chart whose points are not the records of a page that exists registers how to list them:
# records(scope, period, key) -> MetricResult (the queryset and columns of one point).
RECORDS: dict[str, Callable[[ReportScope, Period, str], MetricResult]] = {}


def chart(id: str, title: str, *, section: str = "", order: int = 100):
    def register(fn):
        if id in REGISTRY:
            raise ValueError(f"chart {id} registered twice")
        REGISTRY[id] = Chart(id=id, title=title, section=section, order=order, fn=fn)
        return fn

    return register


def chart_records(id: str):
    def register(fn):
        RECORDS[id] = fn
        return fn

    return register


def ordered() -> list[Chart]:
    return sorted(REGISTRY.values(), key=lambda c: (c.order, c.id))
