"""党内统计 and 统计图表: the year-end tables against the records, their scope, the .xlsx, and the
chart registry (every registered chart drawn, each point leading to its records)."""

import datetime as dt
import io
import json
import re

import pytest
from openpyxl import load_workbook

from dangjian.core import charts
from dangjian.core.charts import ChartData
from dangjian.core.metrics import MetricResult, ReportScope, scope_for_org
from dangjian.people.models import Person
from dangjian.reports.statistics import AGE_BANDS, party_statistics
from dangjian.tests.personas import held_meeting

YEAR = dt.date.today().year


def _total(stats, tid):
    table = next(t for t in stats.tables if t.id == tid)
    label, counts = table.rows[-1]
    assert label == "合计"
    return dict(zip(table.columns, counts, strict=True))


def test_the_tables_count_members_at_year_end_by_each_dimension(world):
    stats = party_statistics(scope=scope_for_org(world.root), year=YEAR)
    people = Person.objects.filter(membership__status__in=["full", "probationary"])
    assert stats.members == people.count() == 5
    sex = _total(stats, "gender_ethnicity")
    assert sex["女"] == people.filter(gender="F").count()
    age = _total(stats, "age")
    assert sum(v for k, v in age.items() if k != "合计") == 5
    other = Person.objects.get(name="李四")  # born 1990-02-03
    age_now = YEAR - 1990 - ((12, 31) < (2, 3))
    band = next(label for label, low, high in AGE_BANDS if low <= age_now <= high)
    assert age[band] >= 1 and other.membership.status == "probationary"
    status = _total(stats, "status")
    assert status["正式党员"] == 4 and status["预备党员"] == 1
    orgs = _total(stats, "organizations")
    assert orgs["党支部"] == 4 and orgs["机关党委"] == 2
    # Rows are the organisations one level below the scope.
    rows = [label for label, _c in next(t for t in stats.tables if t.id == "status").rows]
    assert rows == ["省财政厅机关党委", "省教育厅机关党委", "合计"]


def test_a_year_before_anyone_joined_has_empty_tables(world):
    stats = party_statistics(scope=ReportScope(), year=2001)
    assert stats.members == 0 and _total(stats, "status")["合计"] == 0


def test_the_page_and_the_xlsx_keep_to_the_viewers_scope(world, login):
    client = login(world.unit_staff)
    page = client.get(f"/reports/statistics/?year={YEAR}").content.decode()
    assert "省财政厅第一党支部" in page and "省教育厅" not in page
    response = client.get(f"/reports/statistics/export/?year={YEAR}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    first = [[c for c in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    assert any(row and row[0] == "合计" and row[1] == 4 for row in first)
    assert client.get(f"/reports/statistics/?year={YEAR}&org={world.oc_b.pk}").status_code == 404
    assert client.get(f"/reports/statistics/export/?year={YEAR}&org={world.oc_b.pk}").status_code == 404


def _option(page: str, chart_id: str) -> dict:
    m = re.search(rf'<script id="chart-{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    assert m is not None, chart_id
    return json.loads(m.group(1))


def test_every_registered_chart_is_drawn_with_clickable_points(world, login):
    held_meeting(world, days=-1)
    client = login(world.committee)
    page = client.get(f"/reports/charts/?year={YEAR}").content.decode()
    for c in charts.REGISTRY.values():
        assert f'data-chart-id="{c.id}"' in page
    option = _option(page, "members_by_unit")
    assert option["categories"] == ["省财政厅机关党委", "省教育厅机关党委"] and option["values"] == [4, 1]
    assert all("/reports/metrics/members_year_end/" in link for link in option["links"])
    months = _option(page, "meetings_per_month")
    assert sum(months["values"]) >= 1
    month = next(i for i, v in enumerate(months["values"]) if v)
    records = client.get(months["links"][month]).content.decode()
    assert "支部党员大会" in records


def test_a_chart_an_area_registers_appears_and_its_points_list_records(world, login, monkeypatch):
    monkeypatch.setitem(
        charts.REGISTRY,
        "test_chart",
        charts.Chart("test_chart", "测试图表", "测试", 999, lambda s, p: ChartData(["甲"], [3], keys=["a"])),
    )
    monkeypatch.setitem(
        charts.RECORDS,
        "test_chart",
        lambda s, p, k: MetricResult(
            0, Person.objects.filter(organization__path__startswith=s.path), {"姓名": "name"}
        ),
    )
    client = login(world.unit_staff)
    assert 'data-chart-id="test_chart"' in client.get("/reports/charts/").content.decode()
    records = client.get("/reports/charts/test_chart/a/").content.decode()
    assert "张三" in records and "孙七" not in records
    assert client.get(f"/reports/charts/test_chart/a/?org={world.oc_b.pk}").status_code == 404
    assert client.get("/reports/charts/nope/a/").status_code == 404


def test_charts_are_scoped(world, login):
    client = login(world.unit_staff)
    assert client.get(f"/reports/charts/?org={world.oc_b.pk}").status_code == 404
    page = client.get("/reports/charts/").content.decode()
    assert "省教育厅" not in page


def test_the_drill_down_filters_its_records_and_the_export_takes_the_filter(world, login):
    client = login(world.committee)
    page = client.get(f"/reports/metrics/members_year_end/?year={YEAR}&q=张三").content.decode()
    assert "张三" in page and "孙七" not in page and "筛选出 1 条" in page
    response = client.post("/reports/metrics/members_year_end/export/", {"year": YEAR, "q": "张三"})
    assert response.status_code == 302
    from dangjian.core.models import Job

    job = Job.objects.latest("id")
    assert job.params["q"] == "张三"


@pytest.mark.parametrize("scope_attr", ["oc_a", "oc_b"])
def test_statistics_of_a_scope_sum_to_its_members(world, scope_attr):
    org = getattr(world, scope_attr)
    stats = party_statistics(scope=scope_for_org(org), year=YEAR)
    expected = Person.objects.filter(
        organization__path__startswith=org.path, membership__status__in=["full", "probationary"]
    ).count()
    assert stats.members == expected


def test_the_api_gives_the_statistics_in_scope(world, client):
    from dangjian.tests.api import auth

    body = client.get(f"/api/v1/reports/statistics?year={YEAR}", headers=auth(world.unit_staff)).json()
    assert body["members"] == 4 and body["count"] == len(body["items"])
    status = next(t for t in body["items"] if t["id"] == "status")
    assert status["rows"][-1] == {"label": "合计", "counts": [4, 3, 1]}
