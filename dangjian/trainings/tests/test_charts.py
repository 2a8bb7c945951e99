"""The training chart of 统计图表: per unit the share of members whose credited hours meet the
yearly requirement; equal to a plain count, each bar opening the hours page of exactly those
members, within the viewer's scope."""

import datetime as dt
import re
from decimal import Decimal

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind
from dangjian.tests.charts import chart_option, point

YEAR = 2023


def _hours(world, person, hours, org, day=dt.date(2023, 5, 10)):
    activity = activity_services.activity_create(
        actor=world.committee,
        kind=ActivityKind.LECTURE,
        title=f"专题讲座{hours}",
        organization=org,
        first_day=day,
        hours=Decimal(hours),
    )
    activity_services.participants_add(
        actor=world.committee, activity=activity, person_ids=[person.pk], hours=Decimal(hours)
    )  # fmt: skip


def _data(world):
    p = world.people
    _hours(world, p["member_a1"], 40, world.a1)  # 张三: meets 32
    _hours(world, p["member_a2"], 10, world.a2)  # 王五: short
    _hours(world, p["member_b1"], 20, world.b1)
    _hours(world, p["member_b1"], 12, world.b1)  # 孙七: 32, meets
    _hours(world, p["member_a3"], 50, world.a3, day=dt.date(2022, 5, 10))  # 赵六: another year


def _page_counts(client, link):
    page = client.get(link).content.decode()
    total, short = (int(n) for n in re.findall(r'id="hours-(?:total|short)">(\d+)<', page))
    names = re.findall(r"<tr><td>([^<]+)</td>", page.split('id="hours-table"', 1)[1])
    return total, short, names


def test_the_rate_per_unit_equals_a_plain_count_and_its_bar_lists_those_members(world, login):
    _data(world)
    client = login(world.committee)
    option = chart_option(client, "training_hours_met", year=YEAR)
    # Members at the year's end under each unit, and those with >= 32 hours (none is a leader).
    expected = {"省财政厅机关党委": round(100 * 1 / 4, 1), "省教育厅机关党委": 100.0}
    assert dict(zip(option["categories"], option["values"], strict=True)) == expected
    assert option["categories"][0] == "省财政厅机关党委"  # lowest first
    value, link = point(option, "省财政厅机关党委")
    total, short, names = _page_counts(client, link)
    assert (total, short) == (4, 3) and round(100 * (total - short) / total, 1) == value
    assert sorted(names) == sorted(["张三", "李四", "王五", "赵六"])


def test_a_units_viewer_gets_its_branches_only(world, login):
    _data(world)
    client = login(world.unit_staff)
    option = chart_option(client, "training_hours_met", year=YEAR)
    assert dict(zip(option["categories"], option["values"], strict=True)) == {
        "省财政厅第二党支部": 0.0,
        "省财政厅机关党总支": 0.0,
        "省财政厅第一党支部": 50.0,
    }
    _value, link = point(option, "省财政厅第一党支部")
    assert sorted(_page_counts(client, link)[2]) == ["张三", "李四"]
    assert client.get(f"/reports/charts/?year={YEAR}&org={world.oc_b.pk}").status_code == 404
    assert client.get(f"/trainings/hours/?year={YEAR}&org={world.oc_b.pk}").status_code == 404
