"""The demo's year of organisational life (dangjian/demo/meetings.py) at a small scale."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count
from django.utils import timezone

from dangjian.core.metrics import Period, ReportScope
from dangjian.demo import builder as demo
from dangjian.demo.meetings import YOUTH_MEMBERS
from dangjian.materials.metrics import study_materials_copies
from dangjian.materials.models import MaterialDistribution
from dangjian.meetings.enums import AppraisalGrade, AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.metrics import (
    central_group_sessions_attended,
    org_life_study_sessions,
    youth_study_group_activities,
    youth_study_group_members,
    youth_study_groups,
)
from dangjian.meetings.models import (
    Appraisal,
    Attendance,
    CadenceRule,
    Meeting,
    YouthGroupMember,
    YouthStudyGroup,
)
from dangjian.meetings.services import meetings as services
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import COMMITTEE_POSTS, MembershipStatus
from dangjian.people.models import CadrePost, MembershipPeriod, Person
from dangjian.prompts.models import WorkPrompt

SCALE = 0.02
YEAR = 2023
PARTY = (MembershipStatus.FULL, MembershipStatus.PROBATIONARY)


def build(seed: int = 7):
    return demo.build(year=YEAR, scale=SCALE, seed=seed, password="Demo-Passw0rd!", log=lambda s: None)


@pytest.fixture
def province(db):
    return build()


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def test_it_builds_a_held_year_of_every_kind_of_organisational_life(province):
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    kinds = set(held.values_list("kind", flat=True))
    assert kinds == {k.value for k in MeetingKind}
    days = [local_day(m) for m in held.values_list("held_at", flat=True)]
    assert min(days) >= dt.date(YEAR, 1, 1) and max(days) <= dt.date(YEAR, 12, 31)
    assert Attendance.objects.count() > 10 * held.count()
    # realistic gaps: not every branch holds its monthly 主题党日 in every month
    themed = Counter(
        held.filter(kind=MeetingKind.THEMED_DAY, organization__kind=OrgKind.BRANCH).values_list(
            "organization_id", flat=True
        )
    )
    branches = [b.pk for b in province.branches if b.established_on <= dt.date(YEAR, 1, 1)]
    assert any(themed[b] < 12 for b in branches) and any(themed[b] == 12 for b in branches)
    assert Meeting.objects.filter(agenda__is_first_topic=True).exists()


def test_every_attendance_row_belongs_on_the_meetings_roster(province):
    periods: dict[int, list] = {}
    for pid, oid, status, start, end in MembershipPeriod.objects.filter(status__in=PARTY).values_list(
        "person_id", "organization_id", "status", "valid_from", "valid_to"
    ):
        periods.setdefault(pid, []).append((oid, status, start, end))
    posts: dict[int, list] = {}
    for pid, oid, start, end in CadrePost.objects.filter(post__in=COMMITTEE_POSTS).values_list(
        "person_id", "organization_id", "started_on", "ended_on"
    ):
        posts.setdefault(pid, []).append((oid, start, end))
    youth: dict[int, list] = {}
    for pid, gid, joined, left in YouthGroupMember.objects.values_list(
        "person_id", "group_id", "joined_on", "left_on"
    ):
        youth.setdefault(pid, []).append((gid, joined, left))
    meetings = {m.pk: m for m in Meeting.objects.select_related("organization")}
    rows = list(
        Attendance.objects.values_list("meeting_id", "person_id", "is_voting", "status", "leave_reason")
    )
    assert rows
    for mid, pid, voting, status, reason in rows:
        m = meetings[mid]
        day = local_day(m.held_at)
        if m.kind == MeetingKind.COMMITTEE_MEETING:
            assert any(
                o == m.organization_id and s <= day and (e is None or e > day) for o, s, e in posts[pid]
            )
            assert voting
        elif m.kind == MeetingKind.YOUTH_ACTIVITY:
            assert any(
                g == m.youth_group_id and j <= day and (lft is None or lft > day) for g, j, lft in youth[pid]
            )
            assert not voting
        else:
            org = m.organization.parent if m.organization.kind == OrgKind.PARTY_GROUP else m.organization
            assert org is not None
            on = [
                st
                for o, st, s, e in periods.get(pid, [])
                if o == org.pk and s <= day and (e is None or e > day)
            ]
            assert on, (m.kind, m.organization.name, day, pid)
            assert voting == (MembershipStatus.FULL in on)  # probationers never vote
        assert status != AttendanceStatus.LEAVE or reason
    assert (
        not Attendance.objects.values("meeting_id", "person_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )


def test_rosters_are_what_roster_for_gives(province):
    ids = list(
        Meeting.objects.exclude(kind=MeetingKind.CENTRAL_GROUP).order_by("id").values_list("id", flat=True)
    )
    for mid in ids[:: max(1, len(ids) // 120)]:
        m = Meeting.objects.select_related("organization", "youth_group").get(pk=mid)
        expected = services.roster_for(
            organization=m.organization, kind=m.kind, day=local_day(m.held_at), youth_group=m.youth_group
        )
        got = sorted(m.attendance.values_list("person_id", "is_voting"))
        assert got == expected, (m.kind, m.organization.name, m.held_at)


def test_appraisals_grade_only_voting_members_and_at_most_a_third_excellent(province):
    meetings = Meeting.objects.filter(kind=MeetingKind.APPRAISAL, status=MeetingStatus.HELD)
    assert Appraisal.objects.exists()
    for m in meetings.prefetch_related("appraisals", "attendance"):
        grades = [a.grade for a in m.appraisals.all()]
        voting = {a.person_id for a in m.attendance.all() if a.is_voting}
        assert {a.person_id for a in m.appraisals.all()} <= voting
        assert grades.count(AppraisalGrade.EXCELLENT) * 3 <= len(grades)


def test_youth_groups_have_young_members_of_their_own_unit(province):
    limit = 35
    members = YouthGroupMember.objects.select_related("person__organization", "group")
    assert members.exists()
    for m in members:
        assert m.person.age_on(m.joined_on) <= limit
        assert m.person.organization.unit_id == m.group.unit_id
        assert m.joined_on >= m.group.established_on
        assert m.left_on is None or m.left_on > m.joined_on
    # young non-party staff were added for the groups: people without a membership
    assert Person.objects.filter(membership__isnull=True, youth_groups__isnull=False).exists()


def test_the_figures_come_out_of_the_records(province):
    scope, period = ReportScope(path=province.root.path), Period.year(YEAR)
    counts = province.counts
    assert org_life_study_sessions(scope, period).value == counts["study_sessions"] > 0
    assert youth_study_groups(scope, period).value == counts["youth_groups"] > 0
    assert YouthStudyGroup.objects.count() == counts["youth_groups"] + counts["youth_groups_dissolved"]
    assert youth_study_group_members(scope, period).value == counts["youth_group_members"] > 0
    # exact by construction: the chosen number of young people, each a member on some day of the year
    assert counts["youth_group_members"] == max(1, round(YOUTH_MEMBERS * SCALE))
    assert youth_study_group_activities(scope, period).value == counts["youth_activities"] > 0
    assert central_group_sessions_attended(scope, period).value == counts["central_group_units_attended"] > 0
    assert study_materials_copies(scope, period).value == counts["material_copies"] > 0
    units = {u.pk for u in province.units}
    assert set(MaterialDistribution.objects.values_list("unit_id", flat=True)) == units
    assert WorkPrompt.objects.count() == 4
    assert WorkPrompt.recipients.through.objects.count() == 4 * len(province.branches)
    assert CadenceRule.objects.filter(is_active=True).exists()


def test_it_builds_the_same_meetings_twice_with_the_same_seed(db):
    def fingerprint():
        return {
            "meetings": Meeting.objects.count(),
            "attendance": Attendance.objects.count(),
            "titles": list(
                Meeting.objects.order_by("held_at", "organization__path", "kind", "title").values_list(
                    "organization__path", "kind", "title", "held_at"
                )[:400]
            ),
            "present": Attendance.objects.filter(status=AttendanceStatus.PRESENT).count(),
        }

    build(seed=5)
    first = fingerprint()
    demo.reset(log=lambda s: None)
    build(seed=5)
    assert fingerprint() == first
    demo.reset(log=lambda s: None)
    build(seed=6)
    assert fingerprint()["titles"] != first["titles"]
