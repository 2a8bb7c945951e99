"""Youth theory study groups: services, coverage and the metric selectors."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.idnumber import synthetic
from dangjian.core.models import AuditEvent
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingStatus
from dangjian.meetings.models import Meeting, YouthGroupMember, YouthStudyGroup
from dangjian.meetings.selectors import youth as youth_selectors
from dangjian.meetings.services import youth as youth_services
from dangjian.people import services as people_services
from dangjian.people.enums import Education
from dangjian.tests.personas import make_person

D = dt.date
BORN_1995 = D(1995, 6, 1)
JAN_2023 = D(2023, 1, 1)
JAN_2024 = D(2024, 1, 1)


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def young(world, name, *, org=None, seq, birth=BORN_1995, status="full"):
    """A person of `org` (default a1); a full member who applied at 20 and was admitted at 22, or,
    with status=None, a young person without party membership."""
    org = org or world.a1
    if status is None or birth.year < 1990:
        return make_person(org, name, seq=seq, birth=birth, status=status)
    dates = {
        "applied_on": birth.replace(year=birth.year + 20),
        "admitted_on": birth.replace(year=birth.year + 22),
        "full_on": birth.replace(year=birth.year + 23),
    }
    return people_services.person_create(
        actor=world.committee,
        organization=org,
        unit=org.unit,
        name=name,
        id_number=synthetic(birth, "M", seq),
        education=Education.BACHELOR,
        status=status,
        membership=dates,
        phone="13800001234",
    )


def group_a1(world, *, actor=None, established=JAN_2023, name="第一支部青年理论学习小组"):
    return youth_services.youth_group_create(
        actor=actor or world.secretary,
        unit=world.unit_a,
        organization=world.a1,
        name=name,
        established_on=established,
    )


def add(world, group, person, joined=JAN_2024, actor=None):
    return youth_services.youth_member_add(
        actor=actor or world.secretary, group=group, person=person, joined_on=joined
    )


# --- age limit -----------------------------------------------------------------------------


def test_the_default_limit_is_35_and_an_older_person_is_refused_by_name_and_age(world):
    group = group_a1(world)
    with pytest.raises(ApplicationError) as e:
        add(world, group, world.people["member_a1"])  # born 1985-05-05: 38 on 2024-01-01
    assert e.value.message == errors.ERR_YOUTH_AGE.format(name="张三", date="2024-01-01", age=38, limit=35)
    assert not YouthGroupMember.objects.exists()


def test_someone_exactly_at_the_limit_on_the_join_date_is_accepted_one_day_older_is_not(world):
    group = group_a1(world)
    p35 = young(world, "刚满三十五", seq=11, birth=D(1989, 1, 1))
    p36 = young(world, "三十六", seq=12, birth=D(1987, 12, 31))
    add(world, group, p35)
    with pytest.raises(ApplicationError) as e:
        add(world, group, p36)
    assert "36岁" in e.value.message and "三十六" in e.value.message
    assert list(group.members.values_list("person__name", flat=True)) == ["刚满三十五"]


def test_with_a_limit_of_40_a_38_year_old_is_accepted_and_a_41_year_old_refused(world, settings):
    settings.YOUTH_AGE_LIMIT = 40
    group = group_a1(world)
    add(world, group, world.people["member_a1"])  # 38
    old = young(world, "钱八", seq=13, birth=D(1982, 6, 1))  # 41 on 2024-01-01
    with pytest.raises(ApplicationError) as e:
        add(world, group, old)
    assert e.value.message == errors.ERR_YOUTH_AGE.format(name="钱八", date="2024-01-01", age=41, limit=40)
    assert group.members.count() == 1


def test_an_unsupported_limit_is_refused_where_it_is_used_and_nothing_is_written(world, settings):
    group = group_a1(world)
    settings.YOUTH_AGE_LIMIT = 30
    with pytest.raises(ApplicationError) as e:
        add(world, group, young(world, "周九", seq=14))
    assert e.value.message == errors.ERR_YOUTH_LIMIT
    assert not YouthGroupMember.objects.exists()
    with pytest.raises(ApplicationError):
        youth_selectors.youth_coverage(actor=world.committee, start=D(2024, 1, 1), end=D(2024, 12, 31))


def test_a_young_person_without_party_membership_may_join(world):
    group = group_a1(world)
    p = young(world, "非党员青年", seq=15, status=None)
    assert not hasattr(p, "membership") or p.membership is None
    add(world, group, p)
    assert group.members.get().person == p


# --- duplicates, dissolved groups, other refusals --------------------------------------------


def test_adding_the_same_person_twice_is_refused(world):
    group = group_a1(world)
    p = young(world, "吴十", seq=16)
    add(world, group, p)
    with pytest.raises(ApplicationError) as e:
        add(world, group, p, joined=D(2024, 2, 1))
    assert e.value.message == errors.ERR_YOUTH_DUPLICATE.format(name="吴十")
    assert group.members.count() == 1


def test_someone_who_left_may_join_again(world):
    group = group_a1(world)
    p = young(world, "郑十一", seq=17)
    m = add(world, group, p)
    youth_services.youth_member_remove(actor=world.secretary, member=m, left_on=D(2024, 3, 1))
    add(world, group, p, joined=D(2024, 6, 1))
    assert group.members.count() == 2


def test_a_dissolved_group_takes_no_new_members_and_its_members_left_that_day(world):
    group = group_a1(world)
    p = young(world, "冯十二", seq=18)
    add(world, group, p)
    youth_services.youth_group_dissolve(actor=world.secretary, group=group, on=D(2024, 6, 30))
    assert group.members.get().left_on == D(2024, 6, 30)
    with pytest.raises(ApplicationError) as e:
        add(world, group, young(world, "陈十三", seq=19), joined=D(2024, 7, 1))
    assert e.value.message == errors.ERR_YOUTH_GROUP_CLOSED
    with pytest.raises(ApplicationError):
        youth_services.youth_group_dissolve(actor=world.secretary, group=group, on=D(2024, 7, 1))


def test_the_guiding_organisation_must_belong_to_the_unit(world):
    with pytest.raises(ApplicationError) as e:
        youth_services.youth_group_create(
            actor=world.committee,
            unit=world.unit_b,
            organization=world.a1,
            name="小组",
            established_on=D(2023, 1, 1),
        )
    assert e.value.message == errors.ERR_YOUTH_UNIT_ORG.format(org=world.a1.name, unit=world.unit_b.name)
    assert not YouthStudyGroup.objects.exists()


def test_a_secretary_cannot_register_a_group_for_another_branch(world):
    with pytest.raises(Forbidden):
        youth_services.youth_group_create(
            actor=world.secretary,
            unit=world.unit_b,
            organization=world.b1,
            name="小组",
            established_on=D(2023, 1, 1),
        )


def test_a_person_of_another_unit_cannot_join_even_for_committee_staff(world):
    group = group_a1(world)
    p = young(world, "褚十四", org=world.b1, seq=20)
    with pytest.raises(ApplicationError) as e:
        add(world, group, p, actor=world.committee)
    assert e.value.message == errors.ERR_YOUTH_PERSON_UNIT.format(name="褚十四", unit=world.unit_a.name)
    with pytest.raises(Forbidden):  # and a secretary may not even reach that person
        add(world, group, p)


def test_joining_before_the_group_was_established_is_refused(world):
    group = group_a1(world, established=D(2024, 3, 1))
    with pytest.raises(ApplicationError) as e:
        add(world, group, young(world, "卫十五", seq=21), joined=D(2024, 2, 1))
    assert e.value.field == "joined_on"


def test_the_leader_must_be_a_current_member_and_leaving_clears_it(world):
    group = group_a1(world)
    p = young(world, "蒋十六", seq=22)
    with pytest.raises(ApplicationError) as e:
        youth_services.youth_group_update(actor=world.secretary, group=group, leader=p)
    assert e.value.message == errors.ERR_YOUTH_LEADER.format(name="蒋十六")
    m = add(world, group, p)
    youth_services.youth_group_update(actor=world.secretary, group=group, leader=p)
    youth_services.youth_member_remove(actor=world.secretary, member=m, left_on=D(2024, 5, 1))
    group.refresh_from_db()
    assert group.leader is None


def test_a_leader_named_at_registration_joins_the_group_and_must_be_young(world):
    p = young(world, "沈十七", seq=23)
    group = youth_services.youth_group_create(
        actor=world.secretary,
        unit=world.unit_a,
        organization=world.a1,
        name="小组",
        established_on=D(2023, 1, 1),
        leader=p,
    )
    assert group.leader == p and group.members.get().joined_on == D(2023, 1, 1)
    with pytest.raises(ApplicationError):
        youth_services.youth_group_create(
            actor=world.secretary,
            unit=world.unit_a,
            organization=world.a1,
            name="小组二",
            established_on=D(2023, 1, 1),
            leader=world.people["member_a1"],
        )
    assert YouthStudyGroup.objects.count() == 1  # the second registration rolled back entirely


def test_an_activity_after_dissolution_is_refused(world):
    group = group_a1(world)
    youth_services.youth_group_dissolve(actor=world.secretary, group=group, on=D(2024, 1, 31))
    with pytest.raises(ApplicationError) as e:
        youth_services.youth_activity_create(
            actor=world.secretary, group=group, title="学习", held_at=at(2024, 2, 5)
        )
    assert e.value.message == errors.ERR_YOUTH_ACTIVITY_CLOSED.format(date="2024-01-31")


def test_an_activity_is_a_youth_meeting_whose_roster_is_the_groups_members(world):
    group = group_a1(world)
    p = young(world, "韩十八", seq=24)
    add(world, group, p)
    m = youth_services.youth_activity_create(
        actor=world.secretary,
        group=group,
        title="学习二十大精神",
        held_at=at(2024, 3, 5),
        place="会议室",
        study_content="原文",
    )
    assert (m.kind, m.youth_group, m.organization, m.status) == ("youth_activity", group, world.a1, "held")
    assert list(m.attendance.values_list("person__name", flat=True)) == ["韩十八"]


# --- audit ---------------------------------------------------------------------------------


def test_every_write_leaves_an_audit_event(world):
    def count():
        return AuditEvent.objects.count()

    n = count()
    group = group_a1(world)
    assert count() == n + 1
    p = young(world, "杨十九", seq=25)
    n = count()
    m = add(world, group, p)
    assert count() == n + 1
    assert AuditEvent.objects.filter(
        object_type="meetings.youthgroupmember", object_id=str(m.pk), org_path=world.a1.path
    ).exists()
    n = count()
    youth_services.youth_group_update(actor=world.secretary, group=group, name="改名", leader=p)
    assert count() == n + 1
    n = count()
    youth_services.youth_activity_create(
        actor=world.secretary, group=group, title="学习", held_at=at(2024, 3, 5)
    )
    assert count() == n + 1
    n = count()
    youth_services.youth_member_remove(actor=world.secretary, member=m, left_on=D(2024, 4, 1))
    assert count() == n + 1
    n = count()
    youth_services.youth_group_dissolve(actor=world.secretary, group=group, on=D(2024, 5, 1))
    assert count() == n + 1
    assert (
        AuditEvent.objects.filter(
            object_type="meetings.youthstudygroup", object_id=str(group.pk), actor=world.secretary
        ).count()
        == 3
    )


# --- coverage and metrics on a small world ---------------------------------------------------


@pytest.fixture
def small(world):
    """unit_a: young other_a1 (1990), y1 (a1, 1995), y2 (a2, 1996, not a party member); unit_b: y3 (b1, 1994).
    Group A (a1, 2023) with y1 and other_a1 in 2024 and y2 who left in 2023; group B (b1) without members;
    group C (a2) dissolved in 2023; group D (a2) dissolved in March 2024."""
    w = world
    y1 = young(w, "青年甲", seq=31)
    y2 = young(w, "青年乙", org=w.a2, seq=32, birth=D(1996, 1, 1), status=None)
    y3 = young(w, "青年丙", org=w.b1, seq=33, birth=D(1994, 1, 1))
    ga = group_a1(w, actor=w.committee)
    add(w, ga, y1, actor=w.committee)
    add(w, ga, w.people["other_a1"], actor=w.committee)
    m = add(w, ga, y2, joined=D(2023, 2, 1), actor=w.committee)
    youth_services.youth_member_remove(actor=w.committee, member=m, left_on=D(2023, 10, 1))
    gb = youth_services.youth_group_create(
        actor=w.committee, unit=w.unit_b, organization=w.b1, name="教育厅小组", established_on=D(2023, 5, 1)
    )
    gc = youth_services.youth_group_create(
        actor=w.committee, unit=w.unit_a, organization=w.a2, name="已撤销", established_on=D(2022, 1, 1)
    )
    youth_services.youth_group_dissolve(actor=w.committee, group=gc, on=D(2023, 6, 30))
    gd = youth_services.youth_group_create(
        actor=w.committee, unit=w.unit_a, organization=w.a2, name="年内撤销", established_on=D(2022, 1, 1)
    )
    youth_services.youth_group_dissolve(actor=w.committee, group=gd, on=D(2024, 3, 31))
    for when, status in [
        (at(2024, 3, 5), MeetingStatus.HELD),
        (at(2024, 9, 5), MeetingStatus.HELD),
        (at(2023, 12, 5), MeetingStatus.HELD),
        (at(2024, 10, 5), MeetingStatus.PLANNED),
    ]:
        youth_services.youth_activity_create(
            actor=w.committee, group=ga, title="学习", held_at=when, status=status
        )
    youth_services.youth_activity_create(actor=w.committee, group=gb, title="学习", held_at=at(2024, 4, 1))
    return {"ga": ga, "gb": gb, "gc": gc, "gd": gd, "y1": y1, "y2": y2, "y3": y3}


def test_coverage_by_unit_counts_groups_members_young_people_and_activities(world, small):
    rows, total, limit = youth_selectors.youth_coverage(
        actor=world.committee, start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    assert limit == 35
    got = {
        getattr(r.unit, "name", None): (r.groups, r.members, r.covered, r.young, r.activities) for r in rows
    }
    # unit_a: groups A and D; members y1, other_a1; young: other_a1, y1, y2 (the non-member counts too)
    assert got == {"省财政厅": (2, 2, 2, 3, 2), "省教育厅": (1, 0, 0, 1, 1)}
    assert (total.covered, total.young) == (2, 4)
    assert rows[0].rate == pytest.approx(66.7)


def test_someone_who_left_or_a_group_dissolved_on_1_january_is_not_counted_that_year(world):
    group = group_a1(world, established=D(2022, 1, 1))
    person = young(world, "元旦退出", seq=41)
    member = add(world, group, person, joined=D(2023, 3, 1))
    youth_services.youth_member_remove(actor=world.secretary, member=member, left_on=D(2024, 1, 1))
    gone = youth_services.youth_group_create(
        actor=world.secretary,
        unit=world.unit_a,
        organization=world.a1,
        name="元旦撤销",
        established_on=D(2022, 1, 1),
    )
    youth_services.youth_group_dissolve(actor=world.secretary, group=gone, on=D(2024, 1, 1))
    y2023, y2024 = (D(2023, 1, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31))
    assert "元旦退出" in set(
        youth_selectors.youth_group_members(world.root.path, *y2023).values_list("name", flat=True)
    )
    assert "元旦退出" not in set(
        youth_selectors.youth_group_members(world.root.path, *y2024).values_list("name", flat=True)
    )
    assert "元旦撤销" in set(
        youth_selectors.youth_groups_active(world.root.path, *y2023).values_list("name", flat=True)
    )
    assert "元旦撤销" not in set(
        youth_selectors.youth_groups_active(world.root.path, *y2024).values_list("name", flat=True)
    )
    with pytest.raises(ApplicationError):  # nor may it hold an activity on the day it is dissolved
        youth_services.youth_activity_create(
            actor=world.secretary, group=gone, title="学习", held_at=at(2024, 1, 1)
        )


def test_coverage_of_unit_staff_shows_only_their_unit(world, small):
    rows, _total, _ = youth_selectors.youth_coverage(
        actor=world.unit_staff, start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    assert [getattr(r.unit, "name", None) for r in rows] == ["省财政厅"]


def test_with_a_limit_of_40_more_people_are_young(world, small, settings):
    settings.YOUTH_AGE_LIMIT = 40
    rows, _total, _ = youth_selectors.youth_coverage(
        actor=world.committee, start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    # 1985-born 张三, 王五, 赵六 are 39 at the end of 2024; 孙七 too in unit_b
    assert {getattr(r.unit, "name", None): r.young for r in rows} == {"省财政厅": 6, "省教育厅": 2}


def test_metric_selectors_on_a_small_world(world, small):
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    groups = youth_selectors.youth_groups_active(world.root.path, start, end)
    assert set(groups.values_list("name", flat=True)) == {
        "第一支部青年理论学习小组",
        "教育厅小组",
        "年内撤销",
    }
    members = youth_selectors.youth_group_members(world.root.path, start, end)
    assert set(members.values_list("name", flat=True)) == {"青年甲", "李四"}
    assert youth_selectors.youth_group_activities(world.root.path, start, end).count() == 3
    # 2023: group C existed until June, y2 was a member, one activity in December
    assert youth_selectors.youth_groups_active(world.root.path, D(2023, 1, 1), D(2023, 12, 31)).count() == 4
    assert set(
        youth_selectors.youth_group_members(world.root.path, D(2023, 1, 1), D(2023, 12, 31)).values_list(
            "name", flat=True
        )
    ) == {"青年乙"}
    assert (
        youth_selectors.youth_group_activities(world.root.path, D(2023, 1, 1), D(2023, 12, 31)).count() == 1
    )
    # a subtree: oc_b only
    assert youth_selectors.youth_groups_active(world.oc_b.path, start, end).count() == 1
    assert youth_selectors.youth_group_members(world.oc_b.path, start, end).count() == 0
    assert youth_selectors.youth_group_activities(world.oc_b.path, start, end).count() == 1
    assert Meeting.objects.filter(kind="youth_activity").count() == 5
