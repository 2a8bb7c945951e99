"""A development world: the personas' world plus an applicant in branch a1, three more full
members there (contacts, sponsors, voters) and helpers that walk a record to a given stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dangjian.development import services
from dangjian.development.models import Applicant
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.services import meetings as meeting_services
from dangjian.people import services as people_services
from dangjian.people.enums import Post
from dangjian.tests.personas import World, make_person

TODAY = dt.date.today()
BASE = TODAY - dt.timedelta(days=1000)  # the application day of the standard applicant


def day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


@dataclass
class Dev:
    world: World
    applicant: Applicant
    full: list

    def step(self, name, n, actor=None, **kw):
        return services.step_record(
            actor=actor or self.world.secretary, applicant=self.applicant, name=name, date=day(n), **kw
        )

    def meeting(self, n: int, present: int | None = None):
        """A general meeting of a1 on day n, with `present` of its voters marked present (all by default)."""
        w = self.world
        m = meeting_services.meeting_create(
            actor=w.committee,
            organization=w.a1,
            kind=MeetingKind.GENERAL_MEETING,
            title="支部党员大会",
            held_at=timezone.make_aware(dt.datetime.combine(day(n), dt.time(15, 0))),
            status=MeetingStatus.HELD,
        )
        voters = [a for a in m.attendance.all() if a.is_voting]
        k = len(voters) if present is None else present
        meeting_services.attendance_record(
            actor=w.committee,
            meeting=m,
            rows=[{"person_id": a.person_id, "status": AttendanceStatus.PRESENT} for a in voters[:k]],
        )
        return m

    def refresh(self):
        self.applicant.refresh_from_db()
        return self.applicant

    def to_activist(self):
        self.step("talk", 10)
        self.step("make_activist", 40)
        self.step("file_activist", 45)
        services.contacts_assign(
            actor=self.world.secretary, applicant=self.refresh(), people=self.full[:2], date=day(50)
        )
        self.step("review", 200)
        return self.refresh()

    def to_candidate(self):
        self.to_activist()
        self.step("make_candidate", 405)
        return self.refresh()

    def to_pre_reviewed(self):
        self.to_candidate()
        w = self.world
        self.step("file_candidate", 410)
        services.sponsors_assign(
            actor=w.secretary, applicant=self.refresh(), people=self.full[:2], date=day(412)
        )
        services.political_review_record(
            actor=w.secretary, applicant=self.refresh(), date=day(420), passed=True, conclusion="政治审查合格"
        )
        services.training_record(actor=w.secretary, applicant=self.refresh(), date=day(430), days=3, hours=0)
        self.step("committee_review", 440)
        self.step("pre_review", 450, actor=w.unit_staff)
        self.step("fill_form", 455)
        return self.refresh()

    def to_voted(self):
        self.to_pre_reviewed()
        m = self.meeting(500)
        services.vote_for_applicant(
            actor=self.world.secretary, applicant=self.refresh(), meeting=m, votes_for=4
        )
        return self.refresh()

    def to_probationary(self):
        self.to_voted()
        w = self.world
        talker = w.people["member_a1"]
        services.committee_talk_record(
            actor=w.unit_staff, applicant=self.refresh(), talker=talker, date=day(510)
        )
        self.step("approve", 530, actor=w.unit_staff)
        return self.refresh()


@pytest.fixture
def dev(world):
    full = [make_person(world.a1, f"党员{i}", seq=40 + i) for i in range(3)]
    # 张三 sits on the organ committee (the talker of step 16).
    people_services.cadre_post_create(
        actor=world.committee,
        person=world.people["member_a1"],
        organization=world.oc_a,
        post=Post.ORGANIZATION,
        started_on=dt.date(2015, 1, 1),
    )
    person = make_person(world.a1, "申请人", seq=60, birth=dt.date(1995, 6, 1), status=None)
    applicant = services.applicant_create(actor=world.secretary, person=person, applied_on=BASE)
    return Dev(world=world, applicant=applicant, full=full)
