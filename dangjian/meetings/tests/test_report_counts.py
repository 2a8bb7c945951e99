"""The report's meeting and youth-group figures are counted another way than their drill-downs list
them (from the meeting tally for whole months, without the organisation filter for the whole
province, the distinct members from the memberships): for every scope and period the figure is the
number of records its drill-down lists."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core.metrics import REGISTRY, Period, ReportScope, batch, scope_for_org
from dangjian.meetings import tally
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import AgendaItem, Meeting, YouthGroupMember, YouthStudyGroup
from dangjian.organizations import lookups
from dangjian.tests.personas import make_person

K, S = MeetingKind, MeetingStatus
METRICS = [
    "org_life_meetings",
    "org_life_study_sessions",
    "first_topic_sessions",
    "youth_study_group_members",
]
PERIODS = [
    Period.year(2023),
    Period.month(2023, 3),
    Period(dt.date(2023, 3, 1), dt.date(2023, 3, 30)),  # not whole months: the 31st's meeting is out
    Period(dt.date(2023, 3, 31), dt.date(2023, 4, 30)),
    Period(dt.date(2023, 2, 1), dt.date(2024, 1, 31)),  # whole months across a new year
    Period(dt.date(2023, 12, 1), dt.date(2024, 12, 31)),
]


def at(y, m, d, h=9, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def meeting(org, kind=K.COMMITTEE_MEETING, when=None, status=S.HELD, study="", first_topic=False):
    m = Meeting.objects.create(
        organization=org,
        root=org.root or org,
        kind=kind,
        status=status,
        title="会",
        held_at=when or at(2023, 3, 5),
        study_content=study,
    )
    AgendaItem.objects.create(meeting=m, seq=1, title="议程", is_first_topic=first_topic)
    return m


@pytest.fixture
def meetings(world):
    meeting(world.a1, when=at(2023, 3, 31, 23, 30), study="学习", first_topic=True)  # 15:30 UTC, still March
    meeting(world.a1, when=at(2023, 4, 1, 0, 30), kind=K.LECTURE, study="学习")  # 31 March 16:30 UTC
    meeting(world.a1, when=at(2023, 3, 1, 0, 10), kind=K.THEMED_DAY, first_topic=True)
    meeting(world.a2, when=at(2023, 12, 31, 23, 50), kind=K.GENERAL_MEETING, study="学习")
    meeting(world.a2, when=at(2024, 1, 1, 0, 5), first_topic=True)
    meeting(world.g1, kind=K.GROUP_MEETING, study="学习", first_topic=True)
    meeting(world.b1, when=at(2023, 6, 30, 23, 59), kind=K.THEMED_DAY, study="学习")
    meeting(world.oc_a, when=at(2023, 9, 9), study="学习")
    meeting(world.root, when=at(2023, 5, 5), kind=K.LECTURE, study="工委学习", first_topic=True)
    meeting(world.a1, kind=K.TALK, first_topic=True)  # not 三会一课: first topic only
    meeting(world.a1, when=at(2023, 7, 7), status=S.PLANNED, study="学习", first_topic=True)
    meeting(world.a3, when=at(2023, 8, 8), status=S.CANCELLED, study="学习")
    assert tally.differences() == {}
    return world


def scopes(world):
    return [
        ReportScope(),
        scope_for_org(world.root),
        scope_for_org(world.oc_a),
        scope_for_org(world.a1),
        scope_for_org(world.b1),
    ]


def figure(mid, scope, period):
    with batch():
        result = REGISTRY[mid].compute(scope, period)
    assert result.queryset is not None
    return result.value, result.queryset.count()


# (FEW_OUTSIDE, FEW_INSIDE): as configured; the subtree's organisations named; the subquery
@pytest.mark.parametrize("few", [(lookups.FEW_OUTSIDE, lookups.FEW_INSIDE), (0, 1000), (0, 0)])
def test_each_figure_is_the_number_of_records_its_drill_down_lists(meetings, monkeypatch, few):
    monkeypatch.setattr(lookups, "FEW_OUTSIDE", few[0])
    monkeypatch.setattr(lookups, "FEW_INSIDE", few[1])
    checked = 0
    for scope in scopes(meetings):
        for period in PERIODS:
            for mid in METRICS[:3]:
                value, listed = figure(mid, scope, period)
                assert value == listed, (mid, scope.path, period)
                checked += value
    assert checked > 50  # the periods and scopes above do hold meetings


def test_the_tally_and_the_meetings_give_the_same_months_at_the_edges(meetings):
    root = scope_for_org(meetings.root)
    assert figure("org_life_meetings", root, Period.month(2023, 3)) == (3, 3)
    assert figure("org_life_meetings", root, Period(dt.date(2023, 3, 1), dt.date(2023, 3, 30))) == (2, 2)
    assert figure("org_life_meetings", root, Period.month(2023, 4)) == (1, 1)
    assert figure("org_life_meetings", root, Period.year(2023)) == (8, 8)
    assert figure("org_life_meetings", root, Period.year(2024)) == (1, 1)


def test_the_tally_is_read_only_for_whole_local_months(meetings, settings):
    from dangjian.meetings.metrics import whole_local_months

    assert whole_local_months(Period.year(2023))
    assert whole_local_months(Period(dt.date(2023, 2, 1), dt.date(2024, 2, 29)))
    assert not whole_local_months(Period(dt.date(2023, 3, 1), dt.date(2023, 3, 30)))
    assert not whole_local_months(Period(dt.date(2023, 3, 2), dt.date(2023, 3, 31)))
    with timezone.override("UTC"):  # another zone's months are not the tally's
        assert not whole_local_months(Period.year(2023))


def test_the_study_count_leaves_out_the_working_committee_at_every_scope(meetings):
    for scope in (ReportScope(), scope_for_org(meetings.root)):
        assert figure("org_life_study_sessions", scope, Period.year(2023)) == (6, 6)
    assert figure("first_topic_sessions", ReportScope(), Period.year(2023)) == (5, 5)
    assert figure("first_topic_sessions", scope_for_org(meetings.oc_a), Period.year(2023)) == (4, 4)


def test_the_subtree_filter_names_the_few_outside_or_falls_back_to_the_list(world, monkeypatch):
    from django.db.models import Q, QuerySet

    from dangjian.organizations.enums import OrgKind

    assert lookups.outside_subtree("") == set()
    assert lookups.outside_subtree(world.root.path) == set()
    assert lookups.outside_subtree(world.root.path, ~Q(kind=OrgKind.WORKING_COMMITTEE)) == {world.root.pk}
    assert lookups.outside_subtree(world.oc_b.path) == {
        world.root.pk,
        world.oc_a.pk,
        world.a1.pk,
        world.g1.pk,
        world.a2.pk,
        world.ga.pk,
        world.a3.pk,
    }
    monkeypatch.setattr(lookups, "FEW_OUTSIDE", 3)
    assert lookups.outside_subtree(world.oc_b.path) is None
    assert lookups.in_subtree_or_all(world.oc_b.path) == Q(
        organization_id__in=sorted([world.oc_b.pk, world.b1.pk])
    )
    monkeypatch.setattr(lookups, "FEW_INSIDE", 1)
    ((key, subquery),) = lookups.in_subtree_or_all(world.oc_b.path).deconstruct()[1]
    assert key == "organization_id__in" and isinstance(subquery, QuerySet)


def test_a_youth_member_counts_once_and_only_in_a_period_of_their_membership(world):
    def group(org, name, established=dt.date(2022, 1, 1), dissolved=None):
        return YouthStudyGroup.objects.create(
            unit=org.unit,
            organization=org,
            root=org.root,
            name=name,
            established_on=established,
            dissolved_on=dissolved,
        )

    g_a, g_a2, g_b = group(world.oc_a, "甲"), group(world.a1, "乙"), group(world.oc_b, "丙")
    gone = group(world.oc_a, "丁", dissolved=dt.date(2022, 12, 31))
    p1, p2, p3, p4 = (
        make_person(world.a1, f"青年{i}", seq=80 + i, birth=dt.date(1990, 1, i)) for i in (1, 2, 3, 4)
    )
    YouthGroupMember.objects.create(group=g_a, person=p1, joined_on=dt.date(2022, 5, 1))
    YouthGroupMember.objects.create(group=g_a2, person=p1, joined_on=dt.date(2023, 5, 1))
    YouthGroupMember.objects.create(
        group=g_a, person=p2, joined_on=dt.date(2022, 5, 1), left_on=dt.date(2023, 2, 1)
    )
    YouthGroupMember.objects.create(group=g_b, person=p3, joined_on=dt.date(2023, 6, 1))
    YouthGroupMember.objects.create(group=gone, person=p4, joined_on=dt.date(2022, 5, 1))
    expected = {
        (None, Period.year(2023)): 3,
        (world.oc_a, Period.year(2023)): 2,
        (world.a1, Period.year(2023)): 1,
        (world.oc_b, Period.year(2023)): 1,
        (None, Period.month(2023, 3)): 1,
        (None, Period.year(2022)): 3,
    }
    for (org, period), n in expected.items():
        scope = scope_for_org(org) if org else ReportScope()
        assert figure("youth_study_group_members", scope, period) == (n, n), (org, period)
