"""Committee terms with their alert boundaries, elections approved by the organisation above,
mid-term adjustments through people's posts, pre-appointment tests, and the report's figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.core.workdays import add_months
from dangjian.elections import selectors, services
from dangjian.elections.enums import ApprovalStatus, TermStatus
from dangjian.elections.models import ElectionEvent
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import Post, PostEndReason
from dangjian.people.models import CadrePost
from dangjian.tests.api import auth, send

TODAY = dt.date.today()


def set_term(org, ends):
    PartyOrganization.objects.filter(pk=org.pk).update(
        term_started_on=add_months(ends, -36), term_ends_on=ends
    )


def test_term_alerts_at_their_boundaries(world):
    set_term(world.a1, TODAY)  # ends today: still in time, expiring
    set_term(world.a2, TODAY - dt.timedelta(days=1))  # ended yesterday: overdue
    set_term(world.a3, add_months(TODAY, 6))  # six months ahead: expiring
    set_term(world.b1, add_months(TODAY, 6) + dt.timedelta(days=1))  # a day later: not yet
    names = lambda status: {o.name for o in selectors.terms(actor=world.committee, status=status)}  # noqa: E731
    assert names(TermStatus.OVERDUE) == {world.a2.name}
    assert names(TermStatus.EXPIRING) == {world.a1.name, world.a3.name}
    assert world.b1.name in names(TermStatus.OK)
    # A branch sees its own terms only.
    assert {o.name for o in selectors.terms(actor=world.secretary)} == {world.a1.name}


def _election(world, org=None, held=dt.date(2024, 5, 6)):
    return services.election_create(
        actor=world.secretary,
        organization=org or world.a1,
        held_on=held,
        method="general_meeting",
        members=[(world.people["member_a1"], Post.SECRETARY, 3)],
        voters_expected=1,
        voters_present=1,
    )


def test_an_election_is_approved_above_and_sets_the_term_and_the_posts(world):
    old = CadrePost.objects.create(
        person=world.people["member_a1"],
        organization=world.a1,
        post=Post.SECRETARY,
        started_on=dt.date(2020, 1, 1),
    )
    e = _election(world)
    assert e.term_ends_on == dt.date(2027, 5, 6)  # a branch: three years
    with pytest.raises(Forbidden) as exc:
        services.election_approve(actor=world.secretary, election=e, approved_on=dt.date(2024, 5, 20))
    assert "第三十一条" in exc.value.message
    services.election_approve(actor=world.unit_staff, election=e, approved_on=dt.date(2024, 5, 20))
    world.a1.refresh_from_db()
    assert (world.a1.term_started_on, world.a1.term_ends_on) == (dt.date(2024, 5, 6), dt.date(2027, 5, 6))
    old.refresh_from_db()
    assert old.end_reason == PostEndReason.TERM_END
    assert CadrePost.objects.filter(
        organization=world.a1, ended_on__isnull=True, started_on=dt.date(2024, 5, 6)
    ).exists()
    assert list(ElectionEvent.objects.filter(election=e).values_list("transition", flat=True)) == [
        "submit",
        "approve",
    ]


def test_an_organ_committee_term_is_five_years_and_members_must_be_full(world):
    e = services.election_create(
        actor=world.unit_staff,
        organization=world.oc_a,
        held_on=dt.date(2024, 1, 10),
        method="congress",
        members=[(world.people["member_a1"], Post.SECRETARY, 0)],
    )
    assert e.term_ends_on == dt.date(2029, 1, 10)
    with pytest.raises(ApplicationError, match="不是正式党员"):
        services.election_create(
            actor=world.secretary,
            organization=world.a1,
            held_on=dt.date(2024, 1, 10),
            method="general_meeting",
            members=[(world.people["other_a1"], Post.SECRETARY, 0)],
        )


def test_a_returned_election_needs_a_reason(world):
    e = _election(world)
    with pytest.raises(ApplicationError, match="退回须写明原因"):
        services.election_step(actor=world.unit_staff, election=e, name="return")
    services.election_step(actor=world.unit_staff, election=e, name="return", note="材料不全")
    e.refresh_from_db()
    assert e.status == ApprovalStatus.RETURNED


def test_a_mid_term_adjustment_changes_the_posts_and_is_counted(world):
    left = CadrePost.objects.create(
        person=world.people["member_a1"],
        organization=world.a1,
        post=Post.SECRETARY,
        started_on=dt.date(2021, 1, 1),
    )
    from dangjian.tests.personas import make_person

    came = make_person(world.a1, "接任者", seq=80)
    adj = services.adjustment_create(
        actor=world.secretary,
        organization=world.a1,
        post=Post.SECRETARY,
        adjusted_on=dt.date(2024, 4, 1),
        reason="工作调动",
        left_post=left,
        came_person=came,
    )
    period = Period.year(2024)
    assert REGISTRY["cadre_adjustments"].compute(ReportScope(), period).value == 0  # not approved yet
    services.adjustment_approve(actor=world.unit_staff, adjustment=adj, approved_on=dt.date(2024, 4, 3))
    left.refresh_from_db()
    assert (left.ended_on, left.end_reason) == (dt.date(2024, 4, 1), PostEndReason.MID_TERM)
    assert (
        CadrePost.objects.get(person=came, organization=world.a1, ended_on__isnull=True).post
        == Post.SECRETARY
    )
    assert REGISTRY["cadre_adjustments"].compute(ReportScope(), period).value == 1
    assert REGISTRY["cadre_adjustment_units"].compute(ReportScope(), period).value == 1
    assert REGISTRY["cadre_adjustments"].compute(ReportScope(path=world.oc_b.path), period).value == 0
    with pytest.raises(ApplicationError, match="目前未担任"):
        services.adjustment_create(
            actor=world.secretary,
            organization=world.a1,
            post=Post.SECRETARY,
            adjusted_on=dt.date(2024, 5, 1),
            reason="再调整",
            left_post=left,
        )


def test_pretests_only_for_the_two_posts_with_a_score_of_0_to_100(world):
    p = world.people["member_a1"]
    with pytest.raises(ApplicationError, match="0至100"):
        services.pretest_create(
            actor=world.unit_staff,
            organization=world.oc_a,
            person=p,
            post=Post.FULLTIME_DEPUTY,
            tested_on=dt.date(2024, 1, 1),
            score=Decimal("101"),
            passed=True,
        )
    with pytest.raises(ApplicationError, match="专职副书记和纪委书记"):
        services.pretest_create(
            actor=world.unit_staff,
            organization=world.oc_a,
            person=p,
            post=Post.SECRETARY,
            tested_on=dt.date(2024, 1, 1),
            score=Decimal("90"),
            passed=True,
        )
    t = services.pretest_create(
        actor=world.unit_staff,
        organization=world.oc_a,
        person=p,
        post=Post.FULLTIME_DEPUTY,
        tested_on=dt.date(2024, 1, 1),
        score=Decimal("88.5"),
        passed=True,
    )
    assert t.score == Decimal("88.5")


def test_pages_and_api(world, login, client):
    set_term(world.a1, TODAY - dt.timedelta(days=3))
    page = login(world.secretary).get("/elections/?status=overdue").content.decode()
    assert world.a1.name in page and "逾期未换届" in page
    r = client.get("/api/v1/elections/terms?status=overdue", headers=auth(world.committee))
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["items"][0]["term_status"] == "overdue"
    r = send(
        client,
        "post",
        "/api/v1/elections/pretests",
        {
            "organization_id": world.oc_a.pk,
            "person_id": world.people["member_a1"].pk,
            "post": "fulltime_deputy",
            "tested_on": "2024-01-01",
            "score": "-1",
            "passed": True,
        },
        auth(world.unit_staff),
    )
    assert r.status_code in (400, 422) and not r.json()["message"].isascii()
    for url in (
        "/elections/",
        "/elections/elections/",
        "/elections/adjustments/",
        "/elections/pretests/",
        "/elections/elections/new/",
        "/elections/pretests/new/",
        "/elections/terms.xlsx",
    ):
        assert login(world.unit_staff).get(url).status_code == 200, url


def test_the_member_page_shows_elections_and_adjustments(world, login):
    e = _election(world)
    services.election_approve(actor=world.unit_staff, election=e, approved_on=dt.date(2024, 5, 20))
    page = login(world.committee).get(f"/people/persons/{world.people['member_a1'].pk}/").content.decode()
    assert "当选" in page and "换届选举" in page
