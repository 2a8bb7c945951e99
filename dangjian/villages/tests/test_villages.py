"""Village cadres: stationings, days present against the month, leave, the "两头不见人" check,
survey teams and their figures, the import, and scope."""

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import Period, ReportScope
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.registry_helpers import run_import, workbook
from dangjian.villages import errors, metrics, rules, selectors, services
from dangjian.villages.imports import REGISTRY_IMPORT
from dangjian.villages.models import PresenceMonth, Stationing

HEADERS = ["派出单位", "姓名", "身份", "所在市", "村", "驻村开始"]


@pytest.fixture
def cadre(world):
    return services.stationing_create(
        actor=world.committee,
        person=world.people["member_a1"],
        unit=world.unit_a,
        role="first_secretary",
        area="chaoyang",
        village="红旗村",
        started_on=dt.date(2023, 1, 15),
    )


def test_days_present_above_the_days_of_the_month_are_refused(world, cadre):
    with pytest.raises(ApplicationError) as e:
        services.presence_record(
            actor=world.committee, stationing=cadre, month=dt.date(2023, 2, 1), days_present=29
        )
    assert e.value.field == "days_present"
    assert e.value.message == errors.ERR_DAYS_ABOVE_MONTH.format(days=29, month="2023年2月", max=28)
    assert not PresenceMonth.objects.exists()
    services.presence_record(
        actor=world.committee, stationing=cadre, month=dt.date(2023, 2, 1), days_present=28
    )
    services.presence_record(
        actor=world.committee, stationing=cadre, month=dt.date(2023, 2, 1), days_present=21
    )
    assert PresenceMonth.objects.get().days_present == 21  # a month is corrected, not doubled


def test_a_month_before_the_stationing_is_refused(world, cadre):
    with pytest.raises(ApplicationError) as e:
        services.presence_record(
            actor=world.committee, stationing=cadre, month=dt.date(2022, 12, 1), days_present=5
        )
    assert e.value.field == "month"


def test_the_minimum_is_configurable_and_a_partial_month_asks_less(world, cadre, settings):
    assert rules.required_days(dt.date(2023, 1, 1), cadre.started_on, None) == 17  # from the 15th
    assert rules.required_days(dt.date(2023, 2, 1), cadre.started_on, None) == 20
    settings.VILLAGE_MIN_DAYS_PER_MONTH = 22
    assert rules.required_days(dt.date(2023, 3, 1), cadre.started_on, None) == 22
    services.presence_record(
        actor=world.committee, stationing=cadre, month=dt.date(2023, 3, 1), days_present=21
    )
    short = selectors.short_months(actor=world.committee, month=dt.date(2023, 3, 1))
    assert [(s["stationing"], s["days"], s["required"]) for s in short] == [(cadre, 21, 22)]


def test_two_ends_absent_lists_absences_not_covered_by_leave(world, cadre):
    def check(day, in_village=False, at_unit=False):
        return services.spot_check_record(
            actor=world.committee, stationing=cadre, checked_on=day, in_village=in_village, at_unit=at_unit
        )

    absent = check(dt.date(2023, 5, 10))
    check(dt.date(2023, 5, 11), in_village=True)
    check(dt.date(2023, 5, 12), at_unit=True)
    check(dt.date(2023, 6, 3))  # on leave that day
    services.leave_record(
        actor=world.committee,
        stationing=cadre,
        starts_on=dt.date(2023, 6, 2),
        ends_on=dt.date(2023, 6, 3),
        reason="病假",
    )
    found = selectors.two_ends_absent(
        actor=world.committee, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)
    )
    assert list(found) == [absent]
    assert not selectors.two_ends_absent(
        actor=world.unit_staff, start=dt.date(2023, 1, 1), end=dt.date(2023, 4, 30)
    )


def test_leave_outside_the_stationing_and_reversed_dates_are_refused(world, cadre):
    with pytest.raises(ApplicationError) as e:
        services.leave_record(
            actor=world.committee,
            stationing=cadre,
            starts_on=dt.date(2023, 6, 5),
            ends_on=dt.date(2023, 6, 1),
            reason="x",
        )
    assert e.value.field == "ends_on"
    with pytest.raises(ApplicationError) as e:
        services.leave_record(
            actor=world.committee,
            stationing=cadre,
            starts_on=dt.date(2023, 1, 1),
            ends_on=dt.date(2023, 1, 2),
            reason="x",
        )
    assert e.value.field == "starts_on"


def test_a_person_of_another_unit_and_overlapping_stationings_are_refused(world, cadre):
    with pytest.raises(ApplicationError) as e:
        services.stationing_create(
            actor=world.committee,
            person=world.people["member_b1"],
            unit=world.unit_a,
            role="team_member",
            area="chaoyang",
            village="x",
            started_on=dt.date(2023, 1, 1),
        )
    assert e.value.field == "person"
    with pytest.raises(ApplicationError) as e:
        services.stationing_create(
            actor=world.committee,
            person=world.people["member_a1"],
            unit=world.unit_a,
            role="team_member",
            area="dalian",
            village="y",
            started_on=dt.date(2023, 3, 1),
        )
    assert e.value.field == "started_on"


def test_survey_teams_are_the_committees_and_give_the_years_figures(world):
    with pytest.raises(Forbidden):
        services.team_create(actor=world.unit_staff, name="第一调研组", started_on=dt.date(2023, 4, 1))
    t1 = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    t2 = services.team_create(actor=world.committee, name="第二调研组", started_on=dt.date(2023, 4, 2))
    for team, area in [(t1, "chaoyang"), (t1, "shenfu"), (t2, "chaoyang")]:
        services.visit_add(actor=world.committee, team=team, area=area, visited_on=dt.date(2023, 4, 20))
    for team, unit in [(t1, world.unit_a), (t1, world.unit_a), (t2, world.unit_b)]:
        services.finding_add(
            actor=world.committee,
            team=team,
            area="chaoyang",
            unit=unit,
            found_on=dt.date(2023, 5, 1),
            description="问题",
        )
    year, scope = Period.year(2023), ReportScope()
    assert metrics.village_survey_teams(scope, year).value == 2
    assert metrics.village_survey_areas(scope, year).value == 2
    assert metrics.village_survey_rectifying_units(scope, year).value == 2
    assert metrics.village_survey_problems(scope, year).value == 3
    assert metrics.village_survey_teams(scope, Period.year(2022)).value == 0


def test_the_import_is_all_or_nothing(world):
    good = ["省财政厅", "张三", "第一书记", "朝阳市", "红旗村", "2023-03-01"]
    bad = ["省财政厅", "孙七", "工作队员", "朝阳市", "红旗村", "2023-03-01"]
    job, commit = run_import(REGISTRY_IMPORT, world.committee, workbook("驻村干部", HEADERS, [good, bad]))
    assert commit is None and [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "姓名")]
    assert not Stationing.objects.exists()
    job, commit = run_import(REGISTRY_IMPORT, world.committee, workbook("驻村干部", HEADERS, [good]))
    assert commit is not None and Stationing.objects.get().village == "红旗村"


def test_the_api_refuses_too_many_days_in_chinese_and_hides_other_units(world, cadre, client):
    r = send(
        client,
        "post",
        f"/api/v1/village-cadres/{cadre.pk}/months",
        {"month": "2023-04-01", "days_present": 31},
        auth(world.unit_staff),
    )
    assert "超过" in is_chinese_error(r, 400)["message"]
    r = client.get(f"/api/v1/village-cadres/{cadre.pk}", headers=auth(world.secretary))
    assert r.status_code == 404


def test_the_pages_record_a_month_and_show_the_check(world, cadre, login):
    client = login(world.unit_staff)
    r = client.post(f"/villages/{cadre.pk}/", {"form": "presence", "month": "2023-04", "days_present": "31"})
    assert r.status_code == 200 and "超过了2023年4月的天数" in r.content.decode()
    client.post(f"/villages/{cadre.pk}/", {"form": "check", "checked_on": "2023-04-03"})
    page = client.get("/villages/checks/?start=2023-01-01&end=2023-12-31").content.decode()
    assert "张三" in page
