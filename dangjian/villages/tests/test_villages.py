"""Village cadres: stationings, days present against the month, leave, the "两头不见人" check,
survey teams and their figures, the import, and scope."""

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import Period, ReportScope
from dangjian.problems import services as problem_services
from dangjian.problems.enums import ProblemSource, ProblemStatus
from dangjian.problems.models import Problem
from dangjian.problems.selectors import Filters, problem_list
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.registry_helpers import run_import, workbook
from dangjian.villages import errors, metrics, rules, selectors, services
from dangjian.villages.imports import REGISTRY_IMPORT
from dangjian.villages.models import PresenceMonth, Stationing, SurveyFinding

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


def _finding(world, team, unit, *, area="chaoyang", found_on=dt.date(2023, 5, 1), description="问题"):
    return services.finding_add(
        actor=world.committee,
        team=team,
        area=area,
        unit=unit,
        found_on=found_on,
        description=description,
    )


def test_survey_teams_are_the_committees_and_give_the_years_figures_from_the_ledger(world):
    with pytest.raises(Forbidden):
        services.team_create(actor=world.unit_staff, name="第一调研组", started_on=dt.date(2023, 4, 1))
    t1 = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    t2 = services.team_create(actor=world.committee, name="第二调研组", started_on=dt.date(2023, 4, 2))
    old = services.team_create(actor=world.committee, name="上年调研组", started_on=dt.date(2022, 4, 2))
    for team, area in [(t1, "chaoyang"), (t1, "shenfu"), (t2, "chaoyang")]:
        services.visit_add(actor=world.committee, team=team, area=area, visited_on=dt.date(2023, 4, 20))
    for team, unit in [(t1, world.unit_a), (t1, world.unit_a), (t2, world.unit_b)]:
        _finding(world, team, unit)
    _finding(world, old, world.unit_b, found_on=dt.date(2022, 5, 1))  # the year before: left out
    year, scope = Period.year(2023), ReportScope()
    assert metrics.village_survey_teams(scope, year).value == 2
    assert metrics.village_survey_areas(scope, year).value == 2
    assert metrics.village_survey_rectifying_units(scope, year).value == 2
    result = metrics.village_survey_problems(scope, year)
    assert result.value == 3
    # the drill-down lists the ledger's records, each with its page
    assert {type(r) for r in result.queryset} == {Problem}
    assert {r.record_url for r in result.queryset} == {
        f"/problems/{p.pk}/" for p in Problem.objects.filter(year=2023)
    }
    assert metrics.village_survey_teams(scope, Period.year(2022)).value == 1
    assert metrics.village_survey_problems(scope, Period.year(2022)).value == 1
    # a unit's report counts the survey problems it owns
    assert metrics.village_survey_problems(ReportScope(path=world.oc_a.path), year).value == 2


def test_a_finding_becomes_a_problem_of_the_ledger_owned_by_the_unit(world):
    team = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    row = _finding(world, team, world.unit_a, description="驻村干部在村时间不足")
    p = row.problem
    assert p.source == ProblemSource.SURVEY and p.status == ProblemStatus.ASSIGNED
    assert p.unit == world.unit_a and p.organization == world.oc_a
    assert p.raised_by == world.root and p.description == "驻村干部在村时间不足"
    assert p.found_on == dt.date(2023, 5, 1) and p.deadline >= dt.date(2023, 8, 1)
    assert p.source_ref == "第一调研组（朝阳市）" and p.survey_finding == row
    assert p.events.get().transition == "create"
    # the owner sees it in the ledger and rectifies it there like any other problem
    assert list(problem_list(actor=world.unit_staff, filters=Filters(source="survey"))) == [p]
    assert not problem_list(actor=world.secretary, filters=Filters(source="survey")).exists()


def test_a_bad_finding_is_refused_and_writes_nothing(world):
    team = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    with pytest.raises(ApplicationError) as e:
        _finding(world, team, world.unit_a, description="  ")
    assert e.value.field == "description" and e.value.message == errors.ERR_FINDING_TEXT
    with pytest.raises(ApplicationError) as e:
        _finding(world, team, world.unit_a, found_on=dt.date(2023, 3, 1))
    assert e.value.field == "found_on" and "2023-04-01" in e.value.message
    with pytest.raises(ApplicationError) as e:
        services.finding_add(
            actor=world.committee,
            team=team,
            area="chaoyang",
            unit=world.unit_a,
            found_on=dt.date(2023, 5, 1),
            description="问题",
            deadline=dt.date(2023, 4, 1),
        )
    assert e.value.field == "deadline"  # the ledger's own check
    with pytest.raises(Forbidden):
        services.finding_add(
            actor=world.unit_staff,
            team=team,
            area="chaoyang",
            unit=world.unit_a,
            found_on=dt.date(2023, 5, 1),
            description="问题",
        )
    assert not SurveyFinding.objects.exists() and not Problem.objects.exists()


def test_a_bulk_load_builds_the_same_problems_and_refuses_a_bad_row(world):
    team = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    row = {"team": team, "area": "chaoyang", "unit": world.unit_a, "found_on": dt.date(2023, 5, 1)}
    [(p, link)] = services.findings_prepare([{**row, "description": "台账不完整"}])
    assert p.pk is None and link.team == team and link.problem is p
    assert (p.source, p.source_ref, p.unit, p.organization) == (
        ProblemSource.SURVEY,
        "第一调研组（朝阳市）",
        world.unit_a,
        world.oc_a,
    )
    assert p.deadline == _finding(world, team, world.unit_a).problem.deadline
    with pytest.raises(ApplicationError) as e:
        services.findings_prepare([{**row, "description": "x"}, {**row, "description": ""}])
    assert e.value.field == "description"


def test_the_team_page_shows_each_findings_rectification_status_with_a_link(world, login):
    team = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    client = login(world.committee)
    r = client.post(
        f"/villages/teams/{team.pk}/",
        {
            "form": "finding",
            "area": "chaoyang",
            "unit": world.unit_a.pk,
            "found_on": "2023-05-01",
            "description": "帮扶项目推进缓慢",
        },
    )
    assert r.status_code == 302
    p = Problem.objects.get(source="survey")
    page = client.get(f"/villages/teams/{team.pk}/").content.decode()
    assert f'href="/problems/{p.pk}/"' in page and "已交办" in page and "逾期" in page
    problem_services.problem_start(actor=world.unit_staff, problem=p)
    page = client.get(f"/villages/teams/{team.pk}/").content.decode()
    assert "整改中" in page
    r = client.post(f"/villages/teams/{team.pk}/", {"form": "finding", "area": "chaoyang"})
    assert r.status_code == 200 and "问题描述" in r.content.decode()
    assert Problem.objects.count() == 1


def test_the_findings_api_gives_each_problem_and_its_status(world, client):
    team = services.team_create(actor=world.committee, name="第一调研组", started_on=dt.date(2023, 4, 1))
    h = auth(world.committee)
    r = send(
        client,
        "post",
        f"/api/v1/survey-teams/{team.pk}/findings",
        {"area": "dalian", "unit_id": world.unit_b.pk, "found_on": "2023-05-02", "description": "台账不完整"},
        h,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    p = Problem.objects.get()
    assert body["problem_id"] == p.pk and body["status"] == "assigned" and body["unit"]["name"] == "省教育厅"
    rows = client.get(f"/api/v1/survey-teams/{team.pk}/findings", headers=h).json()["items"]
    assert [x["description"] for x in rows] == ["台账不完整"]
    r = send(
        client,
        "post",
        f"/api/v1/survey-teams/{team.pk}/findings",
        {"area": "dalian", "unit_id": world.unit_b.pk, "found_on": "2023-05-02", "description": "x"},
        auth(world.unit_staff),
    )
    assert r.status_code in (403, 404) and Problem.objects.count() == 1


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
