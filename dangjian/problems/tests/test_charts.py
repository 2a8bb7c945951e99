"""The rectification chart of 统计图表: per owning unit the share of the year's assigned problems
that are closed, from the progress page's grouped count; equal to a plain count, each bar listing
exactly the unit's problems, within the viewer's scope."""

import datetime as dt

from dangjian.problems.enums import ProblemStatus
from dangjian.problems.models import Problem
from dangjian.problems.tests.factories import make_problem
from dangjian.tests.charts import chart_option, point, record_rows

YEAR = 2023


def _data(world):
    a = [make_problem(world, unit=world.unit_a, description=f"财政厅问题{i}") for i in range(4)]
    b = [make_problem(world, unit=world.unit_b, description=f"教育厅问题{i}") for i in range(2)]
    make_problem(world, unit=world.unit_a, description="去年交办的问题", found_on=dt.date(2022, 3, 1))
    make_problem(world, organization=world.a1, description="支部的问题", found_on=dt.date(2023, 8, 1))
    closed = [a[0], a[1], b[0]]
    Problem.objects.filter(pk__in=[p.pk for p in closed]).update(
        status=ProblemStatus.CLOSED, closed_on=dt.date(2023, 9, 1)
    )


def _recount(unit):
    qs = Problem.objects.filter(unit=unit, found_on__year=YEAR)
    return qs.count(), qs.filter(status=ProblemStatus.CLOSED).count()


def test_the_rate_per_unit_equals_a_plain_count_and_its_bar_lists_the_units_problems(world, login):
    _data(world)
    client = login(world.committee)
    option = chart_option(client, "problem_rectification", year=YEAR)
    for unit in (world.unit_a, world.unit_b):
        total, closed = _recount(unit)
        value, link = point(option, unit.name)
        assert value == round(100 * closed / total, 1)
        rows = record_rows(client, link)
        assert len(rows) == total
        assert sum("已销号" in r for r in rows) == closed
    assert point(option, "省财政厅")[0] == 40.0 and point(option, "省教育厅")[0] == 50.0
    assert "· 省财政厅：5" in client.get(point(option, "省财政厅")[1]).content.decode()
    assert not any("去年交办的问题" in r for r in record_rows(client, point(option, "省财政厅")[1]))


def test_a_units_viewer_gets_its_problems_only(world, login):
    _data(world)
    client = login(world.unit_staff)
    option = chart_option(client, "problem_rectification", year=YEAR)
    assert option["categories"] == ["省财政厅"]
    branch = chart_option(client, "problem_rectification", year=YEAR, org=world.a1)
    _value, link = point(branch, "省财政厅")
    assert [r.split()[1] for r in record_rows(client, link)] == ["支部的问题"]
    key = link.split("/")[4]
    assert (
        client.get(
            f"/reports/charts/problem_rectification/{key}/?year={YEAR}&org={world.oc_b.pk}"
        ).status_code
        == 404
    )
    b_key = str(world.unit_b.pk)
    assert record_rows(client, f"/reports/charts/problem_rectification/{b_key}/?year={YEAR}") == []
