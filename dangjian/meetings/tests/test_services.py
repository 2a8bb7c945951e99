import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditEvent
from dangjian.meetings import errors, signin
from dangjian.meetings.enums import AppraisalGrade, AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.models import Attendance
from dangjian.meetings.services import meetings as services
from dangjian.people import services as people_services
from dangjian.people.enums import Post
from dangjian.tests.personas import make_person


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def general_meeting(world, **kw):
    return services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.GENERAL_MEETING,
        title="支部党员大会",
        held_at=kw.pop("held_at", at(2024, 3, 5)),
        status=MeetingStatus.HELD,
        **kw,
    )


def test_the_roster_fills_itself_with_members_on_that_date_and_probationers_do_not_vote(world):
    m = general_meeting(world)
    roster = {a.person.name: a.is_voting for a in m.attendance.select_related("person")}
    assert roster == {"张三": True, "李四": False}
    assert AuditEvent.objects.filter(object_type="meetings.meeting", object_id=str(m.pk)).exists()


def test_someone_transferred_in_after_the_meeting_is_not_on_its_roster(world):
    people_services.membership_transfer(
        actor=world.committee, person=world.people["member_a2"], target=world.a1, on=dt.date(2024, 4, 1)
    )
    assert {a.person.name for a in general_meeting(world).attendance.all()} == {"张三", "李四"}
    later = general_meeting(world, held_at=at(2024, 5, 5))
    assert {a.person.name for a in later.attendance.all()} == {"张三", "李四", "王五"}


def test_a_meeting_in_the_future_cannot_be_recorded_as_held(world):
    with pytest.raises(ApplicationError) as e:
        general_meeting(world, held_at=timezone.now() + dt.timedelta(days=2))
    assert e.value.message == errors.ERR_FUTURE_HELD


def test_attendance_for_a_person_outside_the_organisation_is_refused(world):
    m = general_meeting(world)
    outsider = world.people["member_b1"]
    with pytest.raises(ApplicationError) as e:  # committee staff see 孙七: the refusal may name them
        services.attendance_record(
            actor=world.committee, meeting=m, rows=[{"person_id": outsider.pk, "status": "present"}]
        )
    assert "孙七" in e.value.message and "不是" in e.value.message
    with pytest.raises(ApplicationError) as e:  # the secretary does not: an unknown id, named nowhere
        services.attendance_record(
            actor=world.secretary, meeting=m, rows=[{"person_id": outsider.pk, "status": "present"}]
        )
    assert e.value.message == errors.ERR_PERSON_UNKNOWN.format(id=outsider.pk)


def test_two_records_of_one_person_are_refused_and_nothing_is_written(world):
    m = general_meeting(world)
    p = world.people["member_a1"]
    with pytest.raises(ApplicationError) as e:
        services.attendance_record(
            actor=world.secretary,
            meeting=m,
            rows=[{"person_id": p.pk, "status": "present"}, {"person_id": p.pk, "status": "absent"}],
        )
    assert "重复" in e.value.message
    assert not Attendance.objects.filter(meeting=m, status="present").exists()


def test_leave_needs_a_reason(world):
    m = general_meeting(world)
    with pytest.raises(ApplicationError):
        services.attendance_record(
            actor=world.secretary,
            meeting=m,
            rows=[{"person_id": world.people["member_a1"].pk, "status": "leave"}],
        )


def test_another_branch_cannot_record_a_meeting(world):
    with pytest.raises(Forbidden):
        services.meeting_create(
            actor=world.secretary,
            organization=world.b1,
            kind=MeetingKind.THEMED_DAY,
            title="x",
            held_at=at(2024, 1, 1),
        )


def test_a_vote_below_quorum_is_refused_citing_the_rule(world):
    m = general_meeting(world)  # one full member (张三) with a vote; nobody present yet
    with pytest.raises(ApplicationError) as e:
        services.vote_record(actor=world.secretary, meeting=m, subject="接收预备党员", votes_for=1)
    assert "第十一条" in e.value.message
    services.attendance_record(
        actor=world.secretary,
        meeting=m,
        rows=[{"person_id": world.people["member_a1"].pk, "status": AttendanceStatus.PRESENT}],
    )
    q = services.quorum(m)
    assert q is not None
    assert q["met"] and q["expected"] == 1 and q["present"] == 1
    vote = services.vote_record(actor=world.secretary, meeting=m, subject="接收预备党员", votes_for=1)
    assert vote.passed


def test_present_probationers_do_not_make_the_quorum(world):
    for i in range(2):
        make_person(world.a1, f"正式{i}", seq=20 + i)
    m = general_meeting(world)  # 3 full members with a vote, 1 probationary
    services.attendance_record(
        actor=world.secretary,
        meeting=m,
        rows=[
            {"person_id": world.people["member_a1"].pk, "status": "present"},
            {"person_id": world.people["other_a1"].pk, "status": "present"},
        ],
    )
    q = services.quorum(m)
    assert q is not None
    assert (q["expected"], q["present"], q["met"]) == (3, 1, False)


def test_the_committee_meeting_quorum_counts_committee_members(world):
    a, b = world.people["member_a1"], world.people["other_a1"]
    people_services.cadre_post_create(
        actor=world.committee,
        person=a,
        organization=world.a1,
        post=Post.SECRETARY,
        started_on=dt.date(2023, 1, 1),
    )
    people_services.cadre_post_create(
        actor=world.committee,
        person=b,
        organization=world.a1,
        post=Post.ORGANIZATION,
        started_on=dt.date(2023, 1, 1),
    )
    m = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.COMMITTEE_MEETING,
        title="支委会",
        held_at=at(2024, 2, 1),
        status=MeetingStatus.HELD,
    )
    assert m.attendance.count() == 2
    services.attendance_record(
        actor=world.secretary, meeting=m, rows=[{"person_id": a.pk, "status": "present"}]
    )
    q = services.quorum(m)
    assert q is not None and not q["met"]  # 1 of 2 is not more than half


def test_at_most_a_third_may_be_graded_excellent_and_probationers_are_not_graded(world):
    for i in range(2):
        make_person(world.a1, f"正式{i}", seq=30 + i)
    m = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.APPRAISAL,
        title="民主评议",
        held_at=at(2024, 1, 10),
        status=MeetingStatus.HELD,
    )
    full = [a.person_id for a in m.attendance.filter(is_voting=True)]
    with pytest.raises(ApplicationError) as e:
        services.appraisal_record(
            actor=world.secretary,
            meeting=m,
            grades={
                full[0]: AppraisalGrade.EXCELLENT,
                full[1]: AppraisalGrade.EXCELLENT,
                full[2]: AppraisalGrade.QUALIFIED,
            },
        )
    assert "三分之一" in e.value.message
    with pytest.raises(ApplicationError):
        services.appraisal_record(
            actor=world.secretary, meeting=m, grades={world.people["other_a1"].pk: AppraisalGrade.QUALIFIED}
        )
    assert (
        services.appraisal_record(
            actor=world.secretary,
            meeting=m,
            grades={
                full[0]: AppraisalGrade.EXCELLENT,
                full[1]: AppraisalGrade.QUALIFIED,
                full[2]: AppraisalGrade.QUALIFIED,
            },
        )
        == 3
    )


def test_a_party_group_holds_group_meetings_with_its_branchs_members(world):
    m = services.meeting_create(
        actor=world.secretary,
        organization=world.g1,
        kind=MeetingKind.GROUP_MEETING,
        title="党小组会",
        held_at=at(2024, 2, 2),
        status=MeetingStatus.HELD,
    )
    assert m.attendance.count() == 2
    with pytest.raises(ApplicationError):
        services.meeting_create(
            actor=world.secretary,
            organization=world.a1,
            kind=MeetingKind.GROUP_MEETING,
            title="x",
            held_at=at(2024, 2, 2),
        )


def test_the_sign_in_token_expires_after_30_seconds_and_cannot_be_forged():
    token = signin.token_issue(7, now=1000)
    assert signin.token_verify(7, token, now=1029) == 1000
    with pytest.raises(ApplicationError):
        signin.token_verify(7, token, now=1031)
    with pytest.raises(ApplicationError):
        signin.token_verify(8, token, now=1001)
    with pytest.raises(ApplicationError):
        signin.token_verify(7, "1000.deadbeef", now=1001)


def test_sign_in_marks_the_member_present_once(world):
    m = general_meeting(world)
    services.attendance_sign_in(actor=world.member, meeting=m)
    services.attendance_sign_in(actor=world.member, meeting=m)
    att = m.attendance.get(person=world.people["member_a1"])
    assert att.status == "present" and att.method == "qr"
    assert m.attendance.filter(person=world.people["member_a1"]).count() == 1


def test_sign_in_by_someone_not_on_the_roster_is_refused(world):
    m = services.meeting_create(
        actor=world.committee,
        organization=world.b1,
        kind=MeetingKind.THEMED_DAY,
        title="主题党日",
        held_at=at(2024, 1, 1),
        status=MeetingStatus.HELD,
    )
    with pytest.raises(ApplicationError) as e:
        services.attendance_sign_in(actor=world.member, meeting=m)
    assert e.value.message == errors.ERR_SIGNIN_NOT_ROSTER
