"""The participation record: who took part from where, the distinct counts, refusals, scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from dangjian.activities import selectors, services
from dangjian.activities.enums import ActivityKind, GuestKind, ParticipationStatus
from dangjian.activities.models import Activity, Participation
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditEvent
from dangjian.people.enums import MembershipStatus
from dangjian.people.membership import membership_change

D = dt.date(2023, 5, 10)


@pytest.fixture
def campaign(world):
    return services.campaign_create(
        actor=world.committee,
        name="三年新突破 振兴当先锋",
        organization=world.root,
        first_day=dt.date(2023, 3, 1),
        last_day=dt.date(2023, 11, 30),
    )


def _activity(world, campaign=None, org=None, day=D, actor=None, kind=ActivityKind.CAMPAIGN_ACTIVITY):
    org = org or world.root
    return services.activity_create(
        actor=actor or world.committee,
        kind=kind,
        title=f"党员进社区 {day}",
        organization=org,
        first_day=day,
        campaign=campaign,
    )


def test_one_member_in_three_activities_counts_once(world, campaign):
    a1 = world.people["member_a1"]
    for i in range(3):
        act = _activity(world, campaign, day=D + dt.timedelta(days=i))
        services.participants_add(actor=world.committee, activity=act, person_ids=[a1.pk])
    c = selectors.counts(selectors.participation_rows(campaign=campaign))
    assert (c.members, c.organizations, c.units, c.person_times) == (1, 1, 1, 3)


def test_member_who_moved_counts_for_the_branch_they_took_part_from(world, campaign):
    person = world.people["member_a1"]
    before = _activity(world, campaign, day=dt.date(2023, 4, 1))
    services.participants_add(actor=world.committee, activity=before, person_ids=[person.pk])
    # Moves to the other unit's branch on 1 June.
    membership_change(person, world.b1, MembershipStatus.FULL, dt.date(2023, 6, 1), "转入")
    person.organization = world.b1
    person.unit = world.b1.unit
    person.save()
    after = _activity(world, campaign, day=dt.date(2023, 7, 1))
    services.participants_add(actor=world.committee, activity=after, person_ids=[person.pk])

    rows = selectors.participation_rows(campaign=campaign)
    assert selectors.counts(rows).organizations == 2
    assert selectors.counts(rows).units == 2
    assert selectors.counts(rows).members == 1
    # Within unit A's subtree only the April activity counts.
    in_a = selectors.counts(selectors.participation_rows(campaign=campaign, path=world.oc_a.path))
    assert (in_a.members, in_a.organizations, in_a.person_times) == (1, 1, 1)
    assert Participation.objects.get(activity=before).organization == world.a1
    assert Participation.objects.get(activity=after).organization == world.b1


def test_moving_the_day_recomputes_where_people_took_part_from(world, campaign):
    person = world.people["member_a1"]
    membership_change(person, world.b1, MembershipStatus.FULL, dt.date(2023, 6, 1), "转入")
    act = _activity(world, campaign, day=dt.date(2023, 5, 1))
    services.participants_add(actor=world.committee, activity=act, person_ids=[person.pk])
    services.activity_update(
        actor=world.committee, activity=act, first_day=dt.date(2023, 6, 2), last_day=dt.date(2023, 6, 2)
    )
    row = Participation.objects.get(activity=act)
    assert (row.organization_id, row.day) == (world.b1.pk, dt.date(2023, 6, 2))


def test_statuses_not_taking_part_are_not_counted(world, campaign):
    act = _activity(world, campaign)
    services.participants_add(actor=world.committee, activity=act, person_ids=[world.people["member_a1"].pk])
    services.participants_add(
        actor=world.committee,
        activity=act,
        person_ids=[world.people["member_a2"].pk],
        status=ParticipationStatus.ABSENT,
    )
    assert selectors.counts(selectors.participation_rows(campaign=campaign)).members == 1


def test_guests_count_as_person_times_not_members(world, campaign):
    act = _activity(world, campaign)
    services.guest_add(actor=world.committee, activity=act, name="家属甲", kind=GuestKind.FAMILY)
    c = selectors.counts(selectors.participation_rows(campaign=campaign))
    assert (c.members, c.guests, c.person_times) == (0, 1, 1)


def test_a_person_added_twice_is_refused_and_nothing_written(world, campaign):
    act = _activity(world, campaign)
    a1, a2 = world.people["member_a1"], world.people["member_a2"]
    services.participants_add(actor=world.committee, activity=act, person_ids=[a1.pk])
    with pytest.raises(ApplicationError, match="张三已在本活动"):
        services.participants_add(actor=world.committee, activity=act, person_ids=[a2.pk, a1.pk])
    assert Participation.objects.filter(activity=act).count() == 1
    with pytest.raises(ApplicationError, match="重复选择"):
        services.participants_add(actor=world.committee, activity=act, person_ids=[a2.pk, a2.pk])


def test_activity_outside_the_campaign_period_is_refused(world, campaign):
    with pytest.raises(ApplicationError, match="不在所属主题活动的期间"):
        _activity(world, campaign, day=dt.date(2023, 2, 28))
    assert not Activity.objects.exists()
    _activity(world, campaign, day=dt.date(2023, 3, 1))  # the first day is inside


def test_bad_days_hours_and_beneficiaries_are_refused(world):
    kw = dict(actor=world.committee, kind=ActivityKind.VOLUNTEER, title="志愿服务", organization=world.root)
    with pytest.raises(ApplicationError, match="结束日期不能早于开始日期"):
        services.activity_create(**kw, first_day=D, last_day=D - dt.timedelta(days=1))
    with pytest.raises(ApplicationError, match="惠及人次不能为负数"):
        services.activity_create(**kw, first_day=D, beneficiaries=-1)
    with pytest.raises(ApplicationError, match="学时不能为负数"):
        services.activity_create(**kw, first_day=D, hours=Decimal("-1"))
    assert not Activity.objects.exists()


def test_a_branch_registers_its_members_but_not_another_branchs(world, campaign):
    act = _activity(world, campaign)
    services.participants_add(actor=world.secretary, activity=act, person_ids=[world.people["member_a1"].pk])
    with pytest.raises(ApplicationError, match="不在您的管理范围"):
        services.participants_add(
            actor=world.secretary, activity=act, person_ids=[world.people["member_b1"].pk]
        )


def test_a_branch_cannot_organise_in_another_branchs_name(world):
    with pytest.raises(ApplicationError, match="不能以"):
        _activity(world, org=world.b1, actor=world.secretary, kind=ActivityKind.LECTURE)


def test_roster_pick_adds_the_subtrees_members_once(world, campaign):
    act = _activity(world, campaign)
    rows = services.participants_from_roster(actor=world.committee, activity=act, org=world.oc_a)
    assert {r.person_id for r in rows} == {
        world.people[k].pk for k in ("member_a1", "other_a1", "member_a2", "member_a3")
    }
    with pytest.raises(ApplicationError, match="请选择参加人员"):
        services.participants_from_roster(actor=world.committee, activity=act, org=world.oc_a)


def test_the_other_branch_cannot_see_the_activity_or_rows(world):
    act = _activity(world, org=world.a2, actor=world.unit_staff, kind=ActivityKind.LECTURE)
    services.participants_add(actor=world.unit_staff, activity=act, person_ids=[world.people["member_a2"].pk])
    with pytest.raises(Http404):
        selectors.access_activity(world.secretary, act.pk)
    assert not selectors.participation_list(actor=world.secretary).exists()
    assert selectors.access_activity(world.unit_staff, act.pk) == act


def test_a_unit_sees_a_committee_activity_its_member_took_part_in(world):
    act = _activity(world, kind=ActivityKind.LECTURE)
    services.participants_add(actor=world.committee, activity=act, person_ids=[world.people["member_a1"].pk])
    assert selectors.access_activity(world.secretary, act.pk) == act
    # ...but only its own member's row.
    services.participants_add(actor=world.committee, activity=act, person_ids=[world.people["member_b1"].pk])
    names = [p.display_name for p in selectors.participation_list(actor=world.secretary, activity=act)]
    assert names == ["张三"]


def test_a_member_sees_their_own_row(world):
    act = _activity(world, kind=ActivityKind.LECTURE)
    services.participants_add(actor=world.committee, activity=act, person_ids=[world.people["member_a1"].pk])
    mine = selectors.participation_list(actor=world.member)
    assert [p.person_id for p in mine] == [world.people["member_a1"].pk]


def test_writes_are_audited(world, campaign):
    act = _activity(world, campaign)
    services.participants_add(actor=world.committee, activity=act, person_ids=[world.people["member_a1"].pk])
    assert AuditEvent.objects.filter(object_type="activities.participation").count() == 1
    assert AuditEvent.objects.filter(object_type="activities.activity").count() == 1


def test_campaign_scope_limits_who_takes_part(world):
    camp = services.campaign_create(
        actor=world.committee,
        name="财政厅专项",
        organization=world.root,
        scope=world.oc_a,
        first_day=dt.date(2023, 1, 1),
        last_day=dt.date(2023, 12, 31),
    )
    act = _activity(world, camp)
    with pytest.raises(ApplicationError, match="不在本主题活动的参与范围"):
        services.participants_add(
            actor=world.committee, activity=act, person_ids=[world.people["member_b1"].pk]
        )
    # A campaign of the other unit is not visible to this unit's branch; this one is.
    other = services.campaign_create(
        actor=world.committee,
        name="教育厅专项",
        organization=world.root,
        scope=world.oc_b,
        first_day=dt.date(2023, 1, 1),
        last_day=dt.date(2023, 12, 31),
    )
    visible = set(selectors.campaign_list(actor=world.secretary))
    assert camp in visible and other not in visible
