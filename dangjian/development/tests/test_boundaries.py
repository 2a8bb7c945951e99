"""More boundary days: approval on the last day of the three months needs no explanation; the
conversion's approval after three months needs one; a late talk is recorded and marked late."""

from __future__ import annotations

import pytest

from dangjian.core.errors import ApplicationError
from dangjian.core.workdays import add_months
from dangjian.development import services
from dangjian.development.enums import Stage
from dangjian.development.models import ApplicantEvent
from dangjian.development.tests.conftest import day


def _days(d):
    return (d - day(0)).days


def test_approval_on_the_last_day_of_three_months_needs_no_note(dev):
    w = dev.world
    a = dev.to_voted()
    services.committee_talk_record(
        actor=w.unit_staff, applicant=a, talker=w.people["member_a1"], date=day(510)
    )
    dev.step("approve", _days(add_months(day(500), 3)), actor=w.unit_staff)
    assert dev.refresh().stage == Stage.PROBATIONARY
    assert dev.applicant.due_on == dev.applicant.probation_ends_on


def test_the_conversion_approval_after_three_months_needs_a_note(dev):
    w = dev.world
    a = dev.to_probationary()
    dev.step("apply_conversion", 840)
    end = _days(a.probation_ends_on)
    services.vote_for_applicant(
        actor=w.secretary, applicant=dev.refresh(), meeting=dev.meeting(end), votes_for=4
    )
    a = dev.refresh()
    last = _days(add_months(a.conversion_vote_on, 3))
    with pytest.raises(ApplicationError, match="超过三个月"):
        dev.step("conversion_approve", last + 1, actor=w.unit_staff)
    dev.step("conversion_approve", last, actor=w.unit_staff)
    assert dev.refresh().stage == Stage.FULL


def test_a_talk_on_the_last_day_of_the_month_is_in_time(dev):
    one_month = _days(add_months(day(0), 1))
    dev.step("talk", one_month)
    assert not ApplicantEvent.objects.get(applicant=dev.applicant, transition="talk").data.get("late")


def test_a_talk_a_day_after_the_month_is_marked_late(dev):
    dev.step("talk", _days(add_months(day(0), 1)) + 1)
    assert ApplicantEvent.objects.get(applicant=dev.applicant, transition="talk").data["late"] is True


def test_closing_a_probationary_member_takes_them_out_of_the_party(dev):
    from dangjian.people.enums import MembershipStatus

    a = dev.to_probationary()
    with pytest.raises(ApplicationError, match="原因"):
        dev.step("close", 600)
    dev.step("close", 600, note="取消预备党员资格（支部大会决议）")
    a = dev.refresh()
    assert a.stage == Stage.CLOSED
    a.person.membership.refresh_from_db()
    assert a.person.membership.status == MembershipStatus.LEFT
