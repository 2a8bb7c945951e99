"""The development workflow end to end, each rule at its boundary dates, and every refusal of the
issue's "Bad input" list: the rule cited, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.accounts.enums import Role
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.workdays import add_months
from dangjian.development import errors, services
from dangjian.development.enums import Stage
from dangjian.development.models import Applicant, ApplicantEvent
from dangjian.development.tests.conftest import TODAY, day
from dangjian.meetings.models import MeetingVote
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import MembershipPeriod
from dangjian.people.selectors import members_on
from dangjian.tests.personas import make_person
from dangjian.users import services as user_services


def counts(applicant):
    return (
        ApplicantEvent.objects.filter(applicant=applicant).count(),
        MembershipPeriod.objects.filter(person=applicant.person).count(),
        MeetingVote.objects.count(),
    )


def test_the_whole_way_from_application_to_full_member(dev):
    w = dev.world
    a = dev.to_probationary()
    assert a.stage == Stage.PROBATIONARY
    assert a.probation_ends_on == add_months(day(500), 12)  # one year from the vote, not the approval
    m = a.person.membership
    m.refresh_from_db()
    assert (m.status, m.admitted_on) == (MembershipStatus.PROBATIONARY, day(500))
    # Counted as a probationary member of a1 from the day of the vote, an activist before.
    assert (
        members_on(day=day(500), org_path=w.a1.path, statuses=[MembershipStatus.PROBATIONARY])
        .filter(person=a.person)
        .exists()
    )
    assert (
        members_on(day=day(499), org_path=w.a1.path, statuses=[MembershipStatus.CANDIDATE])
        .filter(person=a.person)
        .exists()
    )
    dev.step("oath", 540)
    dev.step("apply_conversion", 840)
    conversion = dev.meeting((a.probation_ends_on - day(0)).days)
    services.vote_for_applicant(actor=w.secretary, applicant=dev.refresh(), meeting=conversion, votes_for=4)
    assert dev.refresh().stage == Stage.CONVERSION_VOTED
    dev.step("conversion_approve", (a.probation_ends_on - day(0)).days + 20, actor=w.unit_staff)
    a = dev.refresh()
    assert a.stage == Stage.FULL and a.full_on == a.probation_ends_on
    m.refresh_from_db()
    assert m.status == MembershipStatus.FULL and m.full_on == a.probation_ends_on
    assert m.party_age_on(add_months(a.full_on, 12)) == 1  # party age counts from the conversion
    steps = list(ApplicantEvent.objects.filter(applicant=a).values_list("transition", flat=True))
    assert steps[0] == "apply" and "vote" in steps and steps[-1] == "conversion_approve"


def test_an_applicant_under_18_is_refused_citing_the_rule(world):
    birth = dt.date(2000, 6, 1)
    person = make_person(world.a1, "少年", seq=70, birth=birth, status=None)
    with pytest.raises(ApplicationError) as e:
        services.applicant_create(actor=world.secretary, person=person, applied_on=dt.date(2018, 5, 31))
    assert "第五条" in e.value.message and "未满18周岁" in e.value.message
    assert not Applicant.objects.filter(person=person).exists()
    assert not MembershipPeriod.objects.filter(person=person).exists()
    # On the 18th birthday itself the application is accepted.
    a = services.applicant_create(actor=world.secretary, person=person, applied_on=dt.date(2018, 6, 1))
    assert a.stage == Stage.APPLIED
    person.membership.refresh_from_db()
    assert person.membership.status == MembershipStatus.APPLICANT


def test_the_talk_is_due_one_month_after_the_application(dev):
    assert dev.applicant.due_on == add_months(dev.applicant.applied_on, 1)
    assert dev.applicant.due_what == "派人谈话"


def test_a_step_out_of_order_is_refused(dev):
    before = counts(dev.applicant)
    with pytest.raises(ApplicationError) as e:
        dev.step("make_activist", 20)  # the talk first
    assert "不能执行" in e.value.message
    assert counts(dev.refresh()) == before


def test_a_candidate_with_less_than_a_year_as_activist_is_refused(dev):
    a = dev.to_activist()
    one_year = add_months(a.activist_on, 12)
    before = counts(a)
    with pytest.raises(ApplicationError) as e:
        dev.step("make_candidate", (one_year - day(0)).days - 1)
    assert "第十三条" in e.value.message and "不满一年" in e.value.message
    assert counts(dev.refresh()) == before and dev.applicant.stage == Stage.ACTIVIST
    dev.step("make_candidate", (one_year - day(0)).days)  # the day of: accepted
    assert dev.refresh().stage == Stage.CANDIDATE


def test_contacts_are_one_or_two_full_members(dev):
    w = dev.world
    dev.step("talk", 10)
    dev.step("make_activist", 40)
    with pytest.raises(ApplicationError, match="第十条"):
        services.contacts_assign(actor=w.secretary, applicant=dev.refresh(), people=dev.full, date=day(50))
    with pytest.raises(ApplicationError, match="不是正式党员"):
        services.contacts_assign(
            actor=w.secretary, applicant=dev.refresh(), people=[w.people["other_a1"]], date=day(50)
        )
    assert not dev.refresh().contacts.exists()


def test_sponsors_are_exactly_two_and_training_is_three_days_or_24_hours(dev):
    w = dev.world
    dev.to_candidate()
    with pytest.raises(ApplicationError, match="第十四条"):
        services.sponsors_assign(
            actor=w.secretary, applicant=dev.refresh(), people=dev.full[:1], date=day(412)
        )
    with pytest.raises(ApplicationError, match="第十七条"):
        services.training_record(actor=w.secretary, applicant=dev.refresh(), date=day(430), days=2, hours=23)
    services.training_record(actor=w.secretary, applicant=dev.refresh(), date=day(430), days=2, hours=24)
    assert dev.refresh().trained_on == day(430)
    with pytest.raises(ApplicationError, match="须先完成"):
        dev.step("committee_review", 440)


def test_a_vote_below_quorum_is_refused_and_nothing_is_written(dev):
    a = dev.to_pre_reviewed()
    meeting = dev.meeting(500, present=2)  # 5 voters (张三, 王?, 党员0-2): 2 present is not more than half
    before = counts(a)
    with pytest.raises(ApplicationError) as e:
        services.vote_for_applicant(actor=dev.world.secretary, applicant=a, meeting=meeting, votes_for=2)
    assert "未达到法定人数" in e.value.message
    assert counts(dev.refresh()) == before and dev.applicant.stage == Stage.PRE_REVIEWED


def test_written_opinions_of_absent_members_count_in_the_vote(dev):
    a = dev.to_pre_reviewed()
    meeting = dev.meeting(500, present=3)  # 4 voters: 张三 and 党员0-2; 3 present
    # 2 yes present is not more than half of the 4 who should attend...
    services.vote_for_applicant(
        actor=dev.world.secretary, applicant=a, meeting=meeting, votes_for=2, votes_against=1
    )
    assert dev.refresh().stage == Stage.PRE_REVIEWED
    assert ApplicantEvent.objects.filter(applicant=a, transition="vote_failed").exists()
    # ...but with the absent member's written yes it is 3 of 4.
    services.vote_for_applicant(
        actor=dev.world.secretary,
        applicant=dev.refresh(),
        meeting=meeting,
        votes_for=2,
        votes_against=1,
        written_for=1,
    )
    a = dev.refresh()
    assert a.stage == Stage.VOTED and a.vote_on == day(500)
    with pytest.raises(ApplicationError, match="书面意见"):
        services.vote_for_applicant(
            actor=dev.world.secretary, applicant=a, meeting=meeting, votes_for=1, written_for=2
        )


def test_approval_by_a_general_branch_is_refused(world, dev):
    # An applicant of a3 (under the general branch ga): ga's staff may record but not approve.
    ga_staff, _ = user_services.user_create(
        actor=None, username="t-ga", display_name="总支", password="x-Passw0rd!"
    )
    user_services.grant_create(actor=None, user=ga_staff, role=Role.UNIT_STAFF, organization=world.ga)
    dev.to_voted()
    a = dev.refresh()
    a.organization = world.a3  # the same record as if it were a3's
    Applicant.objects.filter(pk=a.pk).update(organization=world.a3)
    before = counts(a)
    with pytest.raises(Forbidden) as e:
        services.step_record(actor=ga_staff, applicant=a, name="approve", date=day(530))
    assert "党总支" in e.value.message and "不能审批" in e.value.message
    with pytest.raises(Forbidden):
        services.step_record(actor=world.secretary, applicant=a, name="approve", date=day(530))
    assert counts(dev.refresh()) == before


def test_approval_needs_the_talk_and_comes_within_three_months(dev):
    w = dev.world
    a = dev.to_voted()
    with pytest.raises(ApplicationError, match="第二十二条"):
        dev.step("approve", 530, actor=w.unit_staff)
    services.committee_talk_record(
        actor=w.unit_staff, applicant=a, talker=w.people["member_a1"], date=day(510)
    )
    three = (add_months(day(500), 3) - day(0)).days
    six = (add_months(day(500), 6) - day(0)).days
    with pytest.raises(ApplicationError, match="超过三个月"):
        dev.step("approve", three + 1, actor=w.unit_staff)
    with pytest.raises(ApplicationError, match="超过六个月"):
        dev.step("approve", six + 1, actor=w.unit_staff, note="集中换届")
    dev.step("approve", three + 1, actor=w.unit_staff, note="集中换届期间延长审批")
    assert dev.refresh().stage == Stage.PROBATIONARY


def test_the_talker_must_sit_on_the_approving_committee(dev):
    w = dev.world
    a = dev.to_voted()
    with pytest.raises(ApplicationError, match="不是有审批权的上级党委的委员"):
        services.committee_talk_record(actor=w.unit_staff, applicant=a, talker=dev.full[0], date=day(510))


def test_probation_is_extended_once_only_by_6_to_12_months(dev):
    w = dev.world
    a = dev.to_probationary()
    ends = a.probation_ends_on
    with pytest.raises(ApplicationError, match="6至12个月"):
        services.extension_record(actor=w.unit_staff, applicant=a, date=day(860), months=5)
    services.extension_record(actor=w.unit_staff, applicant=dev.refresh(), date=day(860), months=6)
    a = dev.refresh()
    assert a.probation_ends_on == add_months(ends, 6) and a.extended_months == 6
    before = counts(a)
    with pytest.raises(ApplicationError) as e:
        services.extension_record(actor=w.unit_staff, applicant=a, date=day(870), months=6)
    assert "延长过一次" in e.value.message and "第三十二条" in e.value.message
    assert counts(dev.refresh()) == before


def test_the_conversion_vote_waits_for_the_end_of_probation(dev):
    w = dev.world
    a = dev.to_probationary()
    dev.step("apply_conversion", 800)
    end = (a.probation_ends_on - day(0)).days
    early = dev.meeting(end - 1)
    with pytest.raises(ApplicationError, match="过早"):
        services.vote_for_applicant(actor=w.secretary, applicant=dev.refresh(), meeting=early, votes_for=4)
    assert not MeetingVote.objects.filter(meeting=early).exists()
    on_time = dev.meeting(end)
    services.vote_for_applicant(actor=w.secretary, applicant=dev.refresh(), meeting=on_time, votes_for=4)
    assert dev.refresh().stage == Stage.CONVERSION_VOTED


def test_a_future_date_is_refused(dev):
    with pytest.raises(ApplicationError, match="将来"):
        services.step_record(
            actor=dev.world.secretary, applicant=dev.applicant, name="talk", date=TODAY + dt.timedelta(days=1)
        )


def test_another_branch_cannot_record_steps(dev):
    w = dev.world
    from dangjian.tests.personas import _user

    b1_secretary = _user("t-b1", Role.BRANCH_SECRETARY, w.b1)
    with pytest.raises(Forbidden):
        services.step_record(actor=b1_secretary, applicant=dev.applicant, name="talk", date=day(10))
    assert errors.RULE_BRANCH
