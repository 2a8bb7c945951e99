"""The transfer chart of 统计图表: transfers completed per month with an end inside the scope;
equal to a plain count, each bar listing exactly its transfers, within the viewer's scope."""

import datetime as dt

from django.db.models import Q

from dangjian.tests.charts import chart_option, record_rows
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import Transfer

YEAR = 2023


def _transfer(world, person, from_org, to_org, closed_on, status=TransferStatus.COMPLETED, **kw):
    kind = TransferKind.WITHIN if from_org and to_org else (TransferKind.OUT if from_org else TransferKind.IN)
    return Transfer.objects.create(
        person=world.people[person], kind=kind, status=status, from_org=from_org, to_org=to_org,
        external_org="" if from_org and to_org else "外省某党支部", started_on=dt.date(2023, 1, 2),
        closed_on=closed_on, **kw,
    )  # fmt: skip


def _data(world):
    _transfer(world, "member_a1", world.a1, world.a2, dt.date(2023, 3, 10))
    _transfer(world, "member_a2", world.a2, world.b1, dt.date(2023, 3, 20))
    _transfer(world, "member_b1", world.b1, None, dt.date(2023, 3, 25))
    _transfer(world, "member_a3", None, world.a3, dt.date(2023, 11, 2))
    _transfer(world, "other_a1", world.a1, world.b1, None, status=TransferStatus.PENDING)
    _transfer(world, "other_a1", world.a1, world.b1, dt.date(2022, 3, 1))


def _recount(month, path=""):
    qs = Transfer.objects.filter(status="completed", closed_on__year=YEAR, closed_on__month=month)
    if path:
        qs = qs.filter(Q(from_org__path__startswith=path) | Q(to_org__path__startswith=path))
    return qs.count()


def test_transfers_per_month_equal_a_plain_count_and_each_bar_lists_them(world, login):
    _data(world)
    client = login(world.committee)
    option = chart_option(client, "transfers_per_month", year=YEAR)
    assert option["values"] == [_recount(m) for m in range(1, 13)]
    assert option["values"][2] == 3 and option["values"][10] == 1 and sum(option["values"]) == 4
    assert "· 3月：3" in client.get(option["links"][2]).content.decode()
    rows = record_rows(client, option["links"][2])
    assert sorted(r.split()[0] for r in rows) == ["孙七", "张三", "王五"]


def test_a_units_viewer_gets_the_transfers_with_an_end_in_its_subtree(world, login):
    _data(world)
    client = login(world.unit_staff)
    option = chart_option(client, "transfers_per_month", year=YEAR)
    assert option["values"] == [_recount(m, world.oc_a.path) for m in range(1, 13)]
    assert option["values"][2] == 2
    assert sorted(r.split()[0] for r in record_rows(client, option["links"][2])) == ["张三", "王五"]
    assert (
        client.get(f"/reports/charts/transfers_per_month/3/?year={YEAR}&org={world.oc_b.pk}").status_code
        == 404
    )
