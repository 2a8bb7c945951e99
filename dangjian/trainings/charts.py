"""The dashboards' training chart (core.charts): per unit one level below the scope, the share of
its members at the year's end whose credited class hours meet the yearly requirement (the rows
of the 学时统计 page, hours_in); a bar opens that page for the unit, which lists those members."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.core.charts import ChartData, chart
from dangjian.core.metrics import Period, ReportScope
from dangjian.organizations.selectors import subtree_children
from dangjian.trainings.selectors import hours_in

SHOWN = 30


@chart("training_hours_met", "各单位党员年度学时达标率（%）", section="教育培训", order=50)
def training_hours_met(scope: ReportScope, period: Period) -> ChartData:
    children = subtree_children(scope.path)
    depth = len(scope.path) + 4
    total: dict[str, int] = defaultdict(int)
    met: dict[str, int] = defaultdict(int)
    for row in hours_in(year=period.end.year, path=scope.path):
        prefix = row.org_path[:depth]
        total[prefix] += 1
        met[prefix] += not row.short
    rates = [
        (o, round(100 * met[p] / total[p], 1) if total[p] else 0.0) for p, o in children.items() if total[p]
    ]
    rates.sort(key=lambda x: (x[1], x[0].path))  # lowest first: the units to follow up
    note = "学时为当年参加并完成的培训和活动所记学时，要求见学时统计页。"
    if len(rates) > SHOWN:
        note += f"共{len(rates)}个单位，图中为达标率最低的{SHOWN}个。"
        rates = rates[:SHOWN]
    url = reverse("trainings:hours")
    return ChartData(
        categories=[o.name for o, _r in rates],
        values=[r for _o, r in rates],
        links=[url + "?" + urlencode({"year": period.end.year, "org": o.pk}) for o, _r in rates],
        horizontal=True,
        note=note,
    )
