"""Youth-group pages: scoping (404 outside, 403 read-only), refusals shown on the page, coverage."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.core.models import AuditEvent
from dangjian.meetings import errors
from dangjian.meetings.forms import youth as youth_forms
from dangjian.meetings.models import Meeting, YouthGroupMember, YouthStudyGroup
from dangjian.meetings.services import youth as youth_services
from dangjian.tests.personas import make_person

D = dt.date


@pytest.fixture
def groups(world):
    ga = youth_services.youth_group_create(
        actor=world.committee,
        unit=world.unit_a,
        organization=world.a1,
        name="财政青年小组",
        established_on=D(2023, 1, 1),
    )
    gb = youth_services.youth_group_create(
        actor=world.committee,
        unit=world.unit_b,
        organization=world.b1,
        name="教育青年小组",
        established_on=D(2023, 1, 1),
    )
    return ga, gb


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def test_the_list_shows_only_groups_in_scope(world, groups, login):
    page = login(world.secretary).get(url("youth_groups")).content.decode()
    assert "财政青年小组" in page and "教育青年小组" not in page
    page = login(world.committee).get(url("youth_groups")).content.decode()
    assert "财政青年小组" in page and "教育青年小组" in page


def test_a_secretary_of_a1_gets_404_for_b1s_group_pages_and_actions(world, groups, login):
    _ga, gb = groups
    client = login(world.secretary)
    assert client.get(url("youth_group_detail", gb.pk)).status_code == 404
    assert client.get(url("youth_group_edit", gb.pk)).status_code == 404
    p = world.people["member_b1"]
    assert (
        client.post(url("youth_member_add", gb.pk), {"person": p.pk, "joined_on": "2024-01-01"}).status_code
        == 404
    )
    assert client.post(url("youth_group_dissolve", gb.pk), {"on": "2024-01-01"}).status_code == 404
    assert (
        client.post(
            url("youth_activity_create", gb.pk),
            {"title": "学习", "held_at": "2024-03-05T09:00", "status": "held"},
        ).status_code
        == 404
    )
    assert not YouthGroupMember.objects.exists() and not Meeting.objects.exists()
    assert YouthStudyGroup.objects.get(pk=gb.pk).dissolved_on is None


def test_a_read_only_auditor_sees_the_group_but_may_not_change_it(world, groups, login):
    ga, _gb = groups
    client = login(world.auditor)
    page = client.get(url("youth_group_detail", ga.pk))
    assert page.status_code == 200 and "添加成员" not in page.content.decode()
    assert client.post(url("youth_group_dissolve", ga.pk), {"on": "2024-01-01"}).status_code == 403
    assert client.get(url("youth_group_create")).status_code == 403


def test_registering_a_group_through_the_page(world, login):
    client = login(world.secretary)
    assert client.get(url("youth_group_create")).status_code == 200
    r = client.post(
        url("youth_group_create"),
        {
            "unit": world.unit_a.pk,
            "organization": world.a1.pk,
            "name": "新小组",
            "established_on": "2024-01-01",
        },
    )
    group = YouthStudyGroup.objects.get(name="新小组")
    assert r.status_code == 302 and r["Location"] == url("youth_group_detail", group.pk)
    assert AuditEvent.objects.filter(object_type="meetings.youthstudygroup", object_id=str(group.pk)).exists()


def test_registering_with_an_organisation_of_another_unit_says_so_and_writes_nothing(world, login):
    client = login(world.committee)
    r = client.post(
        url("youth_group_create"),
        {
            "unit": world.unit_b.pk,
            "organization": world.a1.pk,
            "name": "错小组",
            "established_on": "2024-01-01",
        },
    )
    assert r.status_code == 200
    assert errors.ERR_YOUTH_UNIT_ORG.format(org=world.a1.name, unit=world.unit_b.name) in r.content.decode()
    assert not YouthStudyGroup.objects.exists()


def test_adding_an_over_age_person_shows_the_name_and_age_and_writes_nothing(world, groups, login):
    ga, _gb = groups
    r = login(world.secretary).post(
        url("youth_member_add", ga.pk), {"person": world.people["member_a1"].pk, "joined_on": "2024-01-01"}
    )
    assert r.status_code == 400
    assert errors.ERR_YOUTH_AGE.format(name="张三", date="2024-01-01", age=38, limit=35) in r.content.decode()
    assert not YouthGroupMember.objects.exists()


def test_adding_a_person_outside_scope_is_refused_as_an_invalid_choice(world, groups, login):
    ga, _gb = groups
    r = login(world.secretary).post(
        url("youth_member_add", ga.pk), {"person": world.people["member_b1"].pk, "joined_on": "2024-01-01"}
    )
    assert r.status_code == 400 and "孙七" not in r.content.decode()
    assert not YouthGroupMember.objects.exists()


def test_add_a_member_then_record_an_activity_linked_to_the_meeting_page(world, groups, login):
    ga, _gb = groups
    client = login(world.secretary)
    young = world.people["other_a1"]  # born 1990
    page = client.get(url("youth_group_detail", ga.pk), {"on": "2024-01-01"}).content.decode()
    assert "李四（" in page and "张三（" not in page  # only young people are offered
    r = client.post(url("youth_member_add", ga.pk), {"person": young.pk, "joined_on": "2024-01-01"})
    assert r.status_code == 302
    r = client.post(
        url("youth_activity_create", ga.pk),
        {
            "title": "青年学习会",
            "held_at": "2024-03-05T09:00",
            "place": "三楼",
            "status": "held",
            "study_content": "原文学习",
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get(youth_group=ga)
    assert meeting.kind == "youth_activity" and meeting.attendance.get().person == young
    page = client.get(url("youth_group_detail", ga.pk)).content.decode()
    assert "青年学习会" in page and reverse("meetings:detail", args=[meeting.pk]) in page


def test_a_future_activity_recorded_as_held_is_refused_on_the_page(world, groups, login):
    ga, _gb = groups
    r = login(world.secretary).post(
        url("youth_activity_create", ga.pk),
        {"title": "将来", "held_at": "2999-01-01T09:00", "status": "held"},
    )
    assert r.status_code == 400 and errors.ERR_FUTURE_HELD in r.content.decode()
    assert not Meeting.objects.exists()


def test_leaving_and_dissolving_through_the_page(world, groups, login):
    ga, _gb = groups
    m = youth_services.youth_member_add(
        actor=world.committee, group=ga, person=world.people["other_a1"], joined_on=D(2024, 1, 1)
    )
    client = login(world.secretary)
    r = client.post(url("youth_member_remove", ga.pk, m.pk), {"left_on": "2023-12-01"})
    assert r.status_code == 400 and "早于加入日期" in r.content.decode()
    assert client.post(url("youth_member_remove", ga.pk, m.pk), {"left_on": "2024-02-01"}).status_code == 302
    assert client.post(url("youth_group_dissolve", ga.pk), {"on": "2024-03-01"}).status_code == 302
    ga.refresh_from_db()
    assert ga.dissolved_on == D(2024, 3, 1)
    page = client.get(url("youth_group_detail", ga.pk)).content.decode()
    assert "已撤销" in page and "添加成员" not in page


def test_the_coverage_page_shows_numbers_by_unit_and_refuses_a_bad_limit(world, groups, login, settings):
    ga, _gb = groups
    youth_services.youth_member_add(
        actor=world.committee, group=ga, person=world.people["other_a1"], joined_on=D(2024, 1, 1)
    )
    client = login(world.committee)
    r = client.get(url("youth_coverage"), {"year": 2024})
    page = r.content.decode()
    assert r.status_code == 200 and "省财政厅" in page and "省教育厅" in page
    assert r.context["total"].covered == 1 and r.context["total"].young == 1
    settings.YOUTH_AGE_LIMIT = 30
    assert errors.ERR_YOUTH_LIMIT in client.get(url("youth_coverage"), {"year": 2024}).content.decode()


def test_the_coverage_page_of_a_secretary_shows_only_their_unit(world, groups, login):
    page = login(world.secretary).get(url("youth_coverage"), {"year": 2024}).content.decode()
    assert "省财政厅" in page and "省教育厅" not in page


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_the_group_list_and_coverage_pages_use_constant_queries(world, login):
    client = login(world.committee)
    youth_services.youth_group_create(
        actor=world.committee,
        unit=world.unit_a,
        organization=world.a1,
        name="小组0",
        established_on=D(2023, 1, 1),
    )
    client.get(url("youth_groups"))  # warm up the session
    one = (_queries(client, url("youth_groups")), _queries(client, url("youth_coverage") + "?year=2024"))
    for i in range(1, 20):
        org = world.a1 if i % 2 else world.b1
        g = youth_services.youth_group_create(
            actor=world.committee,
            unit=org.unit,
            organization=org,
            name=f"小组{i}",
            established_on=D(2023, 1, 1),
        )
        p = make_person(org, f"青年{i}", seq=100 + i, birth=D(1990, 1, 1), status=None)
        youth_services.youth_member_add(actor=world.committee, group=g, person=p, joined_on=D(2024, 1, 1))
    many = (_queries(client, url("youth_groups")), _queries(client, url("youth_coverage") + "?year=2024"))
    assert one == many


def test_editing_a_group_sets_a_leader_among_its_members_only(world, groups, login):
    ga, _gb = groups
    youth_services.youth_member_add(
        actor=world.committee, group=ga, person=world.people["other_a1"], joined_on=D(2024, 1, 1)
    )
    client = login(world.secretary)
    assert client.get(url("youth_group_edit", ga.pk)).status_code == 200
    data = {"organization": world.a1.pk, "name": "改名小组", "established_on": "2023-01-01"}
    r = client.post(url("youth_group_edit", ga.pk), data | {"leader": world.people["member_a1"].pk})
    assert r.status_code == 200 and youth_forms.ERR_PERSON_CHOICE in r.content.decode()  # not a member
    r = client.post(url("youth_group_edit", ga.pk), data | {"leader": world.people["other_a1"].pk})
    assert r.status_code == 302
    ga.refresh_from_db()
    assert (ga.name, ga.leader) == ("改名小组", world.people["other_a1"])
    r = client.post(url("youth_group_edit", ga.pk), data | {"established_on": "2024-02-01"})
    assert (
        errors.ERR_YOUTH_ESTABLISHED_AFTER.format(date="2024-02-01", joined="2024-01-01")
        in r.content.decode()
    )
