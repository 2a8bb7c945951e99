"""Helpers for the tests of the dashboards' charts (core.charts): a chart as the page draws it,
and the records behind one of its points."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode


def chart_option(client, chart_id: str, *, year: int, org=None) -> dict:
    """The chart's data on 统计图表 for the year (and the organisation's scope)."""
    params = {"year": year, **({"org": org.pk} if org is not None else {})}
    response = client.get("/reports/charts/?" + urlencode(params))
    assert response.status_code == 200
    page = response.content.decode()
    m = re.search(rf'<script id="chart-{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    assert m is not None, chart_id
    return json.loads(m.group(1))


def point(option: dict, category: str) -> tuple[float, str]:
    """(value, link) of the category's point."""
    i = option["categories"].index(category)
    return option["values"][i], option["links"][i]


def record_rows(client, url: str) -> list[str]:
    """The rows (as text) of the records page of a chart's point (/reports/charts/<id>/<key>/)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    table = page.split('id="chart-records"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [re.sub(r"<[^>]+>", " ", r) for r in rows if "没有记录" not in r]
