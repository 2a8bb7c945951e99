"""Events: creating one (with its registration and series), self-registration and its refusals,
warning-education cases, competition results, the pages and the API, and the figures counted."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind, GuestKind, ParticipantRole, ParticipationStatus
from dangjian.activities.models import Participation
from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.events import errors, services
from dangjian.events.enums import EventSeries
from dangjian.events.models import CompetitionResult, Event
from dangjian.tests.api import auth, send

D = dt.date(2023, 10, 12)


@pytest.fixture
def contest(world):
    return services.event_create(
        actor=world.committee,
        kind=ActivityKind.COMPETITION,
        title="干部职工技能比赛",
        organization=world.root,
        first_day=D,
        series=EventSeries.SKILLS_CONTEST,
        registration_opens=dt.date(2023, 8, 1),
        registration_closes=dt.date(2023, 9, 15),
        capacity=2,
    )


def _value(mid: str, path: str = "") -> float:
    return float(REGISTRY[mid].compute(ReportScope(path=path), Period.year(2023)).value)


def test_registration_opens_and_closes_and_fills_up(world, contest):
    member = world.member
    with pytest.raises(ApplicationError, match="现在不能报名"):
        services.register_self(actor=member, event=contest, today=dt.date(2023, 9, 16))
    row = services.register_self(actor=member, event=contest, today=dt.date(2023, 9, 15))
    assert (row.status, row.role) == (ParticipationStatus.REGISTERED, ParticipantRole.CONTESTANT)
    with pytest.raises(ApplicationError, match=errors.ERR_ALREADY_REGISTERED):
        services.register_self(actor=member, event=contest, today=dt.date(2023, 9, 1))
    activity_services.guest_add(
        actor=world.committee,
        activity=contest.activity,
        name="职工甲",
        kind=GuestKind.STAFF,
        role=ParticipantRole.CONTESTANT,
    )
    from dangjian.tests.personas import _user

    other = _user("t-other", "member", world.a2, person=world.people["member_a2"])
    with pytest.raises(ApplicationError, match="名额（2人）已满"):
        services.register_self(actor=other, event=contest, today=dt.date(2023, 9, 1))
    assert Participation.objects.filter(activity=contest.activity).count() == 2


def test_the_series_is_one_event_a_year_and_registration_must_end_before_the_event(world, contest):
    with pytest.raises(ApplicationError, match="同一系列每年只登记一次"):
        services.event_create(
            actor=world.committee,
            kind=ActivityKind.COMPETITION,
            title="又一场",
            organization=world.root,
            first_day=D,
            series=EventSeries.SKILLS_CONTEST,
        )
    with pytest.raises(ApplicationError, match=errors.ERR_REGISTRATION_AFTER):
        services.event_create(
            actor=world.committee,
            kind=ActivityKind.LECTURE,
            title="讲座",
            organization=world.root,
            first_day=D,
            registration_closes=D + dt.timedelta(days=1),
        )
    with pytest.raises(ApplicationError, match="活动类别须为"):
        services.event_create(
            actor=world.committee,
            kind=ActivityKind.TRAINING_CLASS,
            title="培训",
            organization=world.root,
            first_day=D,
        )
    assert Event.objects.count() == 1


def test_results_only_for_the_events_contestants_and_only_for_contests(world, contest):
    rows = activity_services.participants_add(
        actor=world.committee,
        activity=contest.activity,
        person_ids=[world.people["member_a1"].pk],
        role=ParticipantRole.CONTESTANT,
    )
    result = services.result_record(
        actor=world.committee, event=contest, participation=rows[0], rank=1, award="一等奖"
    )
    assert result.rank == 1
    lecture = services.event_create(
        actor=world.committee, kind=ActivityKind.LECTURE, title="讲座", organization=world.root, first_day=D
    )
    other = activity_services.participants_add(
        actor=world.committee, activity=lecture.activity, person_ids=[world.people["member_a2"].pk]
    )[0]
    with pytest.raises(ApplicationError, match=errors.ERR_RESULT_NOT_ON_EVENT):
        services.result_record(actor=world.committee, event=contest, participation=other, rank=2)
    with pytest.raises(ApplicationError, match=errors.ERR_RESULTS_ONLY_CONTESTS):
        services.result_record(actor=world.committee, event=lecture, participation=other, rank=2)
    with pytest.raises(ApplicationError, match=errors.ERR_RESULT_EMPTY):
        services.result_record(actor=world.committee, event=contest, participation=rows[0])
    assert CompetitionResult.objects.count() == 1


def test_cases_only_for_warning_education(world, contest):
    with pytest.raises(ApplicationError, match=errors.ERR_CASES_ONLY_WARNING):
        services.case_add(actor=world.committee, event=contest, title="案例")
    warning = services.event_create(
        actor=world.committee,
        kind=ActivityKind.WARNING_EDUCATION,
        title="清风传家故事会",
        organization=world.root,
        first_day=D,
        series=EventSeries.FAMILY_STORY,
    )
    services.case_add(actor=world.committee, event=warning, title="某厅原副厅长受贿案")
    assert warning.cases.count() == 1


def test_the_figures_count_members_and_families_speakers_units_and_registrations(world, contest):
    family = services.event_create(
        actor=world.committee,
        kind=ActivityKind.WARNING_EDUCATION,
        title="清风传家故事会",
        organization=world.root,
        first_day=D,
        series=EventSeries.FAMILY_STORY,
    )
    activity_services.participants_add(
        actor=world.committee,
        activity=family.activity,
        person_ids=[world.people["member_a1"].pk, world.people["member_b1"].pk],
    )
    activity_services.guest_add(
        actor=world.committee,
        activity=family.activity,
        name="张三家属",
        kind=GuestKind.FAMILY,
        organization=world.a1,
    )
    activity_services.guest_add(
        actor=world.committee,
        activity=family.activity,
        name="请假家属",
        kind=GuestKind.FAMILY,
        status=ParticipationStatus.LEAVE,
    )
    assert _value("family_story_participants") == 3
    assert _value("family_story_participants", world.oc_a.path) == 2  # 张三 and his family
    conf = services.event_create(
        actor=world.committee,
        kind=ActivityKind.CONFERENCE,
        title="工作会议",
        organization=world.root,
        first_day=D,
        series=EventSeries.WORK_CONFERENCE,
    )
    activity_services.participants_add(
        actor=world.committee,
        activity=conf.activity,
        role=ParticipantRole.SPEAKER,
        person_ids=[world.people["member_a1"].pk, world.people["member_a2"].pk, world.people["member_b1"].pk],
    )
    assert _value("work_conference_speaking_units") == 2  # two speakers of one unit count once
    activity_services.participants_add(
        actor=world.committee,
        activity=contest.activity,
        person_ids=[world.people["member_a1"].pk],
        role=ParticipantRole.CONTESTANT,
        status=ParticipationStatus.REGISTERED,
    )
    assert _value("skills_contestants") == 1
    ret = activity_services.unit_return_create(
        actor=world.committee,
        title="观看专题片",
        measure="观看人次",
        organization=world.root,
        year=2023,
        due_on=dt.date(2023, 7, 31),
        units=[world.unit_a, world.unit_b],
        activity=family.activity,
    )
    activity_services.unit_return_file(actor=world.committee, unit_return=ret, unit=world.unit_a, value=100)
    activity_services.unit_return_file(actor=world.committee, unit_return=ret, unit=world.unit_b, value=23)
    assert _value("family_story_viewings") == 123
    assert _value("family_story_viewings", world.oc_b.path) == 23


def test_the_pages_create_an_event_register_and_record_results(world, login):
    c = login(world.committee)
    r = c.post(
        "/events/new/",
        {
            "organization": world.root.pk,
            "kind": "competition",
            "title": "技能比赛",
            "first_day": "2023-10-12",
            "series": "skills_contest",
            "capacity": "0",
        },
    )
    assert r.status_code == 400 and "名额须为正整数。" in r.content.decode()
    r = c.post(
        "/events/new/",
        {
            "organization": world.root.pk,
            "kind": "competition",
            "title": "技能比赛",
            "first_day": "2023-10-12",
            "series": "skills_contest",
        },
    )
    assert r.status_code == 302
    event = Event.objects.get()
    row = activity_services.participants_add(
        actor=world.committee,
        activity=event.activity,
        person_ids=[world.people["member_a1"].pk],
        role=ParticipantRole.CONTESTANT,
    )[0]
    c.post(f"/events/{event.pk}/results/", {"participation": row.pk, "rank": "1", "award": "一等奖"})
    page = c.get(f"/events/{event.pk}/").content.decode()
    assert "一等奖" in page and "张三" in page and 'id="count-total">1<' in page
    assert c.get("/events/?kind=competition").content.decode().count("技能比赛") >= 1
    assert c.get(f"/events/{event.pk}/results.xlsx").status_code == 200


def test_the_api_creates_an_event_and_registers(world, client):
    r = send(
        client,
        "post",
        "/api/v1/events",
        {
            "kind": "sports",
            "title": "篮球赛",
            "organization_id": world.root.pk,
            "first_day": "2099-05-08",
            "series": "basketball",
            "registration_opens": "2020-01-01",
        },
        auth(world.committee),
    )
    assert r.status_code == 201, r.content
    eid = r.json()["id"]
    assert r.json()["activity"]["summary"]["total"] == 0
    r = send(client, "post", f"/api/v1/events/{eid}/register", {}, auth(world.member))
    assert r.status_code == 201 and r.json()["status"] == "registered", r.content.decode()
    r = send(client, "post", f"/api/v1/events/{eid}/register", {}, auth(world.member))
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_ALREADY_REGISTERED


def test_a_result_by_the_contestants_name_when_the_list_is_too_long(world, contest, login):
    activity_services.participants_add(
        actor=world.committee,
        activity=contest.activity,
        person_ids=[world.people["member_a1"].pk],
        role=ParticipantRole.CONTESTANT,
    )
    c = login(world.committee)
    r = c.post(f"/events/{contest.pk}/results/", {"name": "无此人", "rank": "1"}, follow=True)
    assert "本活动的选手中没有“无此人”。" in r.content.decode()
    c.post(f"/events/{contest.pk}/results/", {"name": "张三", "rank": "2", "award": "二等奖"})
    assert CompetitionResult.objects.get().rank == 2
