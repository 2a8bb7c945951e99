"""Campaign figures (distinct counting, where a member took part from), outcomes and their rules,
the report metrics, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind, ParticipationStatus
from dangjian.campaigns import errors, selectors, services
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus
from dangjian.campaigns.models import Deed, Difficulty
from dangjian.campaigns.tests.conftest import START
from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.core.models import AuditEvent
from dangjian.organizations.models import Unit
from dangjian.people.enums import MembershipStatus
from dangjian.people.membership import membership_change

D = dt.date(2023, 5, 10)


def _activity(
    world, campaign, *, org=None, actor=None, day=D, kind=ActivityKind.CAMPAIGN_ACTIVITY, served=None
):
    return services.campaign_activity_create(
        actor=actor or world.committee,
        campaign=campaign,
        kind=kind,
        title=f"进社区 {day}",
        organization=org or world.a1,
        first_day=day,
        beneficiaries=served,
    )


def _took_part(world, activity, *people, actor=None):
    return activity_services.participants_add(
        actor=actor or world.committee, activity=activity, person_ids=[p.pk for p in people]
    )


def _metric(mid, scope=None, year=2023):
    return REGISTRY[mid].compute(scope or ReportScope(), Period.year(year)).value


# --- distinct counting ----------------------------------------------------------------------------


def test_one_member_in_three_activities_counts_once(world, campaign):
    person = world.people["member_a1"]
    for i in range(3):
        _took_part(world, _activity(world, campaign, day=D + dt.timedelta(days=i)), person)
    f = selectors.campaign_figures(campaign, "")
    assert (f.units, f.branches, f.members, f.person_times) == (1, 1, 1, 3)
    assert _metric("community_campaign_members") == 1
    assert _metric("community_campaign_branches") == 1


def test_a_member_who_moved_counts_for_the_branch_they_took_part_from(world, campaign, login):
    person = world.people["member_a1"]
    _took_part(world, _activity(world, campaign, day=dt.date(2023, 4, 1)), person)
    membership_change(person, world.b1, MembershipStatus.FULL, dt.date(2023, 6, 1), "转入")
    person.organization, person.unit = world.b1, world.unit_b
    person.save()
    _took_part(world, _activity(world, campaign, org=world.b1, day=dt.date(2023, 7, 1)), person)
    f = selectors.campaign_figures(campaign, "")
    assert (f.units, f.branches, f.members, f.person_times) == (2, 2, 1, 2)
    in_a = selectors.campaign_figures(campaign, world.oc_a.path)
    assert (in_a.branches, in_a.members) == (1, 1)
    rows = {r.name: r for r in selectors.unit_breakdown(campaign, "")}
    assert rows["省财政厅"].branches == rows["省教育厅"].branches == 1
    page = login(world.committee).get(f"/campaigns/{campaign.pk}/")
    assert (page.context["figures"].branches, page.context["figures"].members) == (2, 1)
    page = login(world.unit_staff).get(f"/campaigns/{campaign.pk}/")
    assert (page.context["figures"].branches, page.context["figures"].members) == (1, 1)
    assert [u.name for u in page.context["units"]] == ["省财政厅"]


def test_a_subordinate_unit_takes_part_as_its_parent_unit(world, campaign):
    sub = Unit.objects.create(name="省财政厅下属中心", parent=world.unit_a)
    world.a2.unit = sub
    world.a2.save()
    act = _activity(world, campaign, org=world.a1)
    act2 = _activity(world, campaign, org=world.a2)
    _took_part(world, act, world.people["member_a1"])
    _took_part(world, act2, world.people["member_a2"])
    f = selectors.campaign_figures(campaign, "")
    assert (f.units, f.branches, f.members) == (1, 2, 2)
    assert [r.name for r in selectors.unit_breakdown(campaign, "")] == ["省财政厅"]


def test_only_those_present_or_completed_are_counted(world, campaign):
    act = _activity(world, campaign)
    _took_part(world, act, world.people["member_a1"])
    rows = _took_part(world, act, world.people["other_a1"])
    activity_services.participation_update(
        actor=world.committee, participation=rows[0], status=ParticipationStatus.LEAVE
    )
    assert selectors.campaign_figures(campaign, "").members == 1


def test_another_unit_sees_only_its_own_counts(world, campaign):
    _took_part(world, _activity(world, campaign, org=world.a1), world.people["member_a1"])
    _took_part(world, _activity(world, campaign, org=world.b1), world.people["member_b1"])
    assert selectors.viewer_path(world.unit_staff, campaign) == world.oc_a.path
    assert (
        selectors.campaign_figures(campaign, selectors.viewer_path(world.unit_staff, campaign)).members == 1
    )
    assert selectors.campaign_figures(campaign, selectors.viewer_path(world.committee, campaign)).members == 2


def test_metrics_count_only_the_campaign_on_the_report_line_and_the_year(world, campaign):
    other = activity_services.campaign_create(
        actor=world.committee,
        name="党建+营商环境",
        organization=world.root,
        first_day=START,
        last_day=dt.date(2024, 12, 31),
    )
    _took_part(world, _activity(world, other), world.people["member_a1"])
    _took_part(world, _activity(world, campaign, day=dt.date(2024, 3, 1)), world.people["member_a2"])
    _took_part(world, _activity(world, campaign), world.people["member_b1"], world.people["member_a3"])
    assert _metric("community_campaign_members") == 2
    assert _metric("community_campaign_units") == 2
    assert _metric("community_campaign_members", year=2024) == 1
    assert _metric("community_campaign_members", ReportScope(path=world.oc_b.path)) == 1


# --- outcomes -------------------------------------------------------------------------------------


def test_a_deed_done_before_its_campaign_started_is_refused(world, campaign):
    with pytest.raises(ApplicationError) as e:
        services.deed_create(
            actor=world.secretary,
            campaign=campaign,
            organization=world.a1,
            title="修路灯",
            status=DeedStatus.DONE,
            done_on=START - dt.timedelta(days=1),
        )
    assert e.value.field == "done_on"
    assert e.value.message == errors.ERR_DEED_BEFORE_CAMPAIGN.format(
        day=START - dt.timedelta(days=1), start=START
    )
    assert not Deed.objects.exists()
    deed = services.deed_create(
        actor=world.secretary, campaign=campaign, organization=world.a1, title="修路灯", done_on=START
    )
    assert deed.done_on == START  # the first day itself is in the campaign
    assert AuditEvent.objects.filter(object_type="campaigns.deed", object_id=str(deed.pk)).exists()


def test_a_done_deed_needs_its_day_and_a_title(world, campaign):
    with pytest.raises(ApplicationError) as e:
        services.deed_create(actor=world.secretary, campaign=campaign, organization=world.a1, title="修路灯")
    assert e.value.message == errors.ERR_DEED_DONE_ON
    with pytest.raises(ApplicationError) as e:
        services.deed_create(
            actor=world.secretary, campaign=campaign, organization=world.a1, title="  ", done_on=D
        )
    assert e.value.message == errors.ERR_DEED_TITLE


def test_a_branch_records_deeds_only_in_its_own_name(world, campaign):
    with pytest.raises(ApplicationError) as e:
        services.deed_create(
            actor=world.secretary, campaign=campaign, organization=world.a2, title="x", done_on=D
        )
    assert e.value.message == errors.ERR_ORG_NOT_WRITABLE.format(org=world.a2.name)


def test_an_organisation_outside_the_campaign_scope_is_refused(world):
    narrow = activity_services.campaign_create(
        actor=world.committee,
        name="财政厅专项",
        organization=world.oc_a,
        first_day=START,
        last_day=dt.date(2023, 12, 31),
    )
    with pytest.raises(ApplicationError) as e:
        services.deed_create(
            actor=world.committee, campaign=narrow, organization=world.b1, title="x", done_on=D
        )
    assert e.value.message == errors.ERR_ORG_NOT_OPEN.format(org=world.b1.name)


def test_deeds_and_difficulties_are_counted_when_done_in_the_year(world, campaign):
    services.deed_create(
        actor=world.secretary, campaign=campaign, organization=world.a1, title="a", done_on=D
    )
    services.deed_create(
        actor=world.secretary, campaign=campaign, organization=world.a1, title="b", status=DeedStatus.PLANNED
    )
    d = services.difficulty_create(
        actor=world.secretary, campaign=campaign, organization=world.a1, title="停车难", raised_on=D
    )
    assert _metric("community_campaign_deeds") == 1
    assert _metric("community_campaign_problems_solved") == 0
    services.difficulty_update(
        actor=world.secretary, difficulty=d, status=DifficultyStatus.SOLVED, solved_on=D
    )
    assert _metric("community_campaign_problems_solved") == 1
    assert _metric("community_campaign_problems_solved", ReportScope(path=world.oc_b.path)) == 0


def test_a_difficulty_solved_before_it_was_raised_is_refused(world, campaign):
    with pytest.raises(ApplicationError) as e:
        services.difficulty_create(
            actor=world.secretary,
            campaign=campaign,
            organization=world.a1,
            title="停车难",
            raised_on=D,
            status=DifficultyStatus.SOLVED,
            solved_on=D - dt.timedelta(days=1),
        )
    assert e.value.message == errors.ERR_DIFFICULTY_BEFORE_RAISED
    with pytest.raises(ApplicationError) as e:
        services.difficulty_create(
            actor=world.secretary,
            campaign=campaign,
            organization=world.a1,
            title="停车难",
            status=DifficultyStatus.SOLVED,
        )
    assert e.value.message == errors.ERR_DIFFICULTY_SOLVED_ON
    assert not Difficulty.objects.exists()


def test_volunteer_projects_count_beneficiaries_and_refuse_negative_ones(world, campaign):
    with pytest.raises(ApplicationError) as e:
        _activity(world, campaign, kind=ActivityKind.VOLUNTEER, served=-1)
    assert e.value.message == errors.ERR_BENEFICIARIES
    p1 = _activity(world, campaign, kind=ActivityKind.VOLUNTEER, served=30)
    _activity(world, campaign, org=world.b1, kind=ActivityKind.VOLUNTEER, served=12)
    _took_part(world, p1, world.people["member_a1"], world.people["other_a1"])
    assert _metric("volunteer_projects") == 2
    assert _metric("volunteer_beneficiaries") == 42
    assert _metric("volunteer_members") == 2
    assert _metric("volunteer_branches") == 1
    assert _metric("volunteer_beneficiaries", ReportScope(path=world.oc_a.path)) == 30


def test_only_committee_staff_set_the_report_line(world, campaign):
    with pytest.raises(ApplicationError) as e:
        services.report_line_set(actor=world.unit_staff, campaign=campaign, report_line="")
    assert e.value.message == errors.ERR_REPORT_LINE


# --- pages ----------------------------------------------------------------------------------------


def test_the_campaign_page_shows_distinct_counts_for_the_viewer(world, campaign, login):
    person = world.people["member_a1"]
    for i in range(3):
        _took_part(world, _activity(world, campaign, day=D + dt.timedelta(days=i)), person)
    _took_part(world, _activity(world, campaign, org=world.b1), world.people["member_b1"])
    page = login(world.committee).get(f"/campaigns/{campaign.pk}/")
    assert page.status_code == 200
    assert page.context["figures"].members == 2
    assert page.context["figures"].person_times == 4
    page = login(world.unit_staff).get(f"/campaigns/{campaign.pk}/")
    assert (page.context["figures"].members, page.context["figures"].person_times) == (1, 3)
    assert "省教育厅" not in page.content.decode()


def test_a_branch_records_its_members_in_a_committee_campaign_through_the_pages(world, campaign, login):
    c = login(world.secretary)
    r = c.post(
        f"/campaigns/{campaign.pk}/activities/new/",
        {
            "kind": "campaign_activity",
            "title": "支部进社区",
            "organization": world.a1.pk,
            "first_day": "2023-05-10",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    act = campaign.activities.get(title="支部进社区")
    page = c.get(r["Location"])
    assert world.people["member_b1"].name not in page.content.decode()
    r = c.post(r["Location"], {"person_ids": [world.people["member_a1"].pk, world.people["other_a1"].pk]})
    assert r.status_code == 302
    assert act.participation.count() == 2
    r = c.post(
        f"/campaigns/{campaign.pk}/deeds/",
        {"organization": world.a1.pk, "title": "修路灯", "status": "done", "done_on": "2023-02-01"},
    )
    assert r.status_code == 200
    assert errors.ERR_DEED_BEFORE_CAMPAIGN.format(day=dt.date(2023, 2, 1), start=START) in r.content.decode()
    r = c.post(
        f"/campaigns/{campaign.pk}/deeds/",
        {"organization": world.a1.pk, "title": "修路灯", "status": "done", "done_on": "2023-06-01"},
    )
    assert r.status_code == 302
    page = c.get(f"/campaigns/{campaign.pk}/")
    assert (page.context["figures"].members, page.context["figures"].deeds_done) == (2, 1)


def test_a_negative_beneficiary_count_is_refused_on_the_page(world, campaign, login):
    r = login(world.secretary).post(
        f"/campaigns/{campaign.pk}/activities/new/",
        {
            "kind": "volunteer",
            "title": "助老",
            "organization": world.a1.pk,
            "first_day": "2023-05-10",
            "beneficiaries": "-5",
        },
    )
    assert r.status_code == 200
    assert errors.ERR_BENEFICIARIES in r.content.decode()
    assert not campaign.activities.exists()


def test_the_ledgers_export_what_the_viewer_sees(world, campaign, login):
    import io

    from openpyxl import load_workbook

    services.deed_create(
        actor=world.committee, campaign=campaign, organization=world.a1, title="财政厅实事", done_on=D
    )
    services.deed_create(
        actor=world.committee, campaign=campaign, organization=world.b1, title="教育厅实事", done_on=D
    )
    r = login(world.unit_staff).get(f"/campaigns/{campaign.pk}/deeds.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    titles = [row[3] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert titles == ["财政厅实事"]
    assert AuditEvent.objects.filter(action="export", object_id=str(campaign.pk)).exists()
    for url in ("difficulties.xlsx", "projects.xlsx"):
        assert login(world.committee).get(f"/campaigns/{campaign.pk}/{url}").status_code == 200


def test_the_list_and_detail_pages_keep_their_query_count(
    world, campaign, login, django_assert_max_num_queries
):
    c = login(world.committee)
    _took_part(world, _activity(world, campaign), world.people["member_a1"])
    with django_assert_max_num_queries(40):
        assert c.get("/campaigns/").status_code == 200
    with django_assert_max_num_queries(40):
        assert c.get(f"/campaigns/{campaign.pk}/").status_code == 200
