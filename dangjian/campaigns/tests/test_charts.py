"""The campaign charts of 统计图表: deeds done and difficulties solved per campaign, volunteer
beneficiaries per month; each equals a plain count, each bar lists exactly its records, in scope."""

import datetime as dt

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind
from dangjian.campaigns import services
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus
from dangjian.campaigns.models import Deed, Difficulty
from dangjian.tests.charts import chart_option, point, record_rows

YEAR = 2023


def _world(world, campaign):
    other = activity_services.campaign_create(
        actor=world.committee,
        name="能力作风建设年",
        organization=world.root,
        first_day=dt.date(2022, 1, 1),
        last_day=dt.date(2023, 12, 31),
    )
    c = world.committee
    for i, (org, day) in enumerate(
        [(world.a1, dt.date(2023, 4, 1)), (world.a2, dt.date(2023, 5, 1)), (world.b1, dt.date(2023, 6, 1))]
    ):
        services.deed_create(actor=c, campaign=campaign, organization=org, title=f"实事{i}", done_on=day)
    services.deed_create(
        actor=c, campaign=other, organization=world.a3, title="实事甲", done_on=dt.date(2023, 7, 1)
    )
    services.deed_create(
        actor=c, campaign=other, organization=world.a1, title="去年的实事", done_on=dt.date(2022, 7, 1)
    )
    services.deed_create(
        actor=c, campaign=other, organization=world.a1, title="在办的实事", status=DeedStatus.IN_PROGRESS
    )
    services.difficulty_create(
        actor=c,
        campaign=campaign,
        organization=world.a1,
        title="难题一",
        raised_on=dt.date(2023, 4, 1),
        status=DifficultyStatus.SOLVED,
        solved_on=dt.date(2023, 5, 1),
    )
    services.difficulty_create(
        actor=c,
        campaign=campaign,
        organization=world.b1,
        title="难题二",
        raised_on=dt.date(2023, 4, 1),
        status=DifficultyStatus.SOLVED,
        solved_on=dt.date(2023, 6, 1),
    )
    services.difficulty_create(actor=c, campaign=campaign, organization=world.a2, title="未解决的难题")
    for org, day, served in [
        (world.a1, dt.date(2023, 3, 5), 40),
        (world.a2, dt.date(2023, 3, 20), 25),
        (world.b1, dt.date(2023, 3, 9), 100),
        (world.a1, dt.date(2023, 9, 1), 7),
    ]:
        activity_services.activity_create(
            actor=c,
            kind=ActivityKind.VOLUNTEER,
            title=f"志愿服务{served}",
            organization=org,
            first_day=day,
            beneficiaries=served,
        )
    return other  # fmt: skip


def test_deeds_per_campaign_equal_a_plain_count_and_each_bar_lists_them(world, login, campaign):
    other = _world(world, campaign)
    client = login(world.committee)
    option = chart_option(client, "campaign_deeds", year=YEAR)
    for c in (campaign, other):
        expected = Deed.objects.filter(campaign=c, status=DeedStatus.DONE, done_on__year=YEAR).count()
        value, link = point(option, c.name)
        assert value == expected
        rows = record_rows(client, link)
        assert len(rows) == expected
    assert point(option, campaign.name)[0] == 3 and point(option, other.name)[0] == 1
    assert (
        f"各主题活动办实事（件） · {campaign.name}：3"
        in client.get(point(option, campaign.name)[1]).content.decode()
    )
    assert not any(
        "去年的实事" in r or "在办的实事" in r for r in record_rows(client, point(option, other.name)[1])
    )


def test_difficulties_per_campaign_and_beneficiaries_per_month(world, login, campaign):
    _world(world, campaign)
    client = login(world.committee)
    option = chart_option(client, "campaign_difficulties", year=YEAR)
    expected = Difficulty.objects.filter(
        campaign=campaign, status=DifficultyStatus.SOLVED, solved_on__year=YEAR
    )
    value, link = point(option, campaign.name)
    assert value == expected.count() == 2
    assert sorted(r.split()[0] for r in record_rows(client, link)) == ["难题一", "难题二"]
    months = chart_option(client, "volunteer_beneficiaries_per_month", year=YEAR)
    assert months["values"][2] == 40 + 25 + 100 and months["values"][8] == 7 and sum(months["values"]) == 172
    assert len(record_rows(client, months["links"][2])) == 3


def test_a_units_viewer_gets_its_subtree_only(world, login, campaign):
    other = _world(world, campaign)
    client = login(world.unit_staff)
    option = chart_option(client, "campaign_deeds", year=YEAR)
    assert point(option, campaign.name)[0] == 2 and point(option, other.name)[0] == 1  # b1's left out
    rows = record_rows(client, point(option, campaign.name)[1])
    assert len(rows) == 2 and not any("省教育厅" in r for r in rows)
    months = chart_option(client, "volunteer_beneficiaries_per_month", year=YEAR)
    assert months["values"][2] == 65
    difficulties = chart_option(client, "campaign_difficulties", year=YEAR, org=world.a1)
    assert difficulties["values"] == [1]
    # Another unit's records: 404.
    key = point(option, campaign.name)[1].split("/")[4]
    for chart_id in ("campaign_deeds", "campaign_difficulties", "volunteer_beneficiaries_per_month"):
        url = f"/reports/charts/{chart_id}/{key}/?year={YEAR}&org={world.oc_b.pk}"
        assert client.get(url).status_code == 404
