"""Demonstration sites: applying and nominating, every allowed and refused step of the workflow
(the rule cited, nothing written on a refusal), the pages, the ledger, the API and the figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import Period, ReportScope
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.sites import errors, metrics, services
from dangjian.sites.enums import SiteOrigin, SiteStatus
from dangjian.sites.models import DemoSite, DemoSiteEvent
from dangjian.tests.api import auth, is_chinese_error, send

S = SiteStatus
D = dt.date(2024, 3, 1)


@pytest.fixture
def site(world):
    return services.site_propose(actor=world.secretary, organization=world.a1, proposed_on=D)


def at(site, state, **fields):
    DemoSite.objects.filter(pk=site.pk).update(status=state, **fields)
    site.refresh_from_db()
    return site


def step(site, name, actor, **kw):
    return services.site_step(
        actor=actor, site=site, name=name, on=kw.pop("on", D + dt.timedelta(days=30)), **kw
    )


def nothing_written(site, state):
    assert DemoSite.objects.get(pk=site.pk).status == state
    assert not DemoSiteEvent.objects.filter(site=site).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


# --- applying ---------------------------------------------------------------------------------


def test_a_branch_applies_itself_and_a_unit_nominates(world, site):
    assert site.origin == SiteOrigin.APPLIED and site.status == S.PROPOSED and site.year == 2024
    nominated = services.site_propose(actor=world.unit_staff, organization=world.a2, proposed_on=D)
    assert nominated.origin == SiteOrigin.NOMINATED
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="sites.demosite").count() == 2


def test_applying_is_refused_for_a_non_branch_a_second_open_site_and_outside_scope(world, site):
    with pytest.raises(ApplicationError) as e:
        services.site_propose(actor=world.unit_staff, organization=world.oc_a)
    assert e.value.message == errors.ERR_NOT_A_BRANCH.format(org=world.oc_a.name)
    with pytest.raises(ApplicationError) as e:
        services.site_propose(actor=world.unit_staff, organization=world.a1)
    assert e.value.message == errors.ERR_OPEN_SITE.format(org=world.a1.name)
    with pytest.raises(ApplicationError) as e:
        services.site_propose(actor=world.secretary, organization=world.a2)
    assert e.value.message == errors.ERR_NOT_ALLOWED_ORG
    assert DemoSite.objects.count() == 1


def test_a_revoked_site_lets_the_branch_apply_again(world, site):
    at(site, S.REVOKED)
    again = services.site_propose(actor=world.secretary, organization=world.a1)
    assert again.status == S.PROPOSED


# --- every transition --------------------------------------------------------------------------


def test_the_whole_way_evaluate_name_keep_recommend_revoke(world, site):
    step(site, "evaluate", world.committee, on=dt.date(2024, 3, 10))
    assert site.status == S.EVALUATING and site.evaluated_on == dt.date(2024, 3, 10)
    step(site, "name", world.committee, on=dt.date(2024, 6, 1))
    assert site.status == S.NAMED and site.named_on == dt.date(2024, 6, 1)
    assert site.valid_until == dt.date(2027, 5, 31)  # three years unless the step says otherwise
    step(site, "keep", world.committee, on=dt.date(2025, 3, 1))
    assert site.status == S.NAMED and site.last_reviewed_on == dt.date(2025, 3, 1)
    step(site, "recommend", world.committee, on=dt.date(2025, 4, 1))
    assert site.provincial_on == dt.date(2025, 4, 1)
    step(site, "revoke", world.committee, note="作用弱化", on=dt.date(2026, 3, 1))
    site.refresh_from_db()
    assert (
        site.status == S.REVOKED
        and site.revoked_on == dt.date(2026, 3, 1)
        and site.revoke_reason == "作用弱化"
    )
    events = list(DemoSiteEvent.objects.filter(site=site).values_list("transition", flat=True))
    assert events == ["evaluate", "name", "keep", "recommend", "revoke"]
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == 5


def test_reject_from_proposed_and_from_evaluating_needs_a_reason(world, site):
    with pytest.raises(ApplicationError) as e:
        step(site, "reject", world.committee)
    assert e.value.message == errors.ERR_REASON
    nothing_written(site, S.PROPOSED)
    step(site, "reject", world.committee, note="材料不全")
    assert site.status == S.REJECTED
    other = at(
        services.site_propose(actor=world.secretary, organization=world.a1, proposed_on=D), S.EVALUATING
    )
    step(other, "reject", world.committee, note="未达标准")
    assert other.status == S.REJECTED


@pytest.mark.parametrize(
    "state,name",
    [
        (S.PROPOSED, "name"),
        (S.PROPOSED, "revoke"),
        (S.PROPOSED, "keep"),
        (S.PROPOSED, "recommend"),
        (S.EVALUATING, "evaluate"),
        (S.EVALUATING, "revoke"),
        (S.NAMED, "evaluate"),
        (S.NAMED, "name"),
        (S.NAMED, "reject"),
        (S.REJECTED, "revoke"),
        (S.REJECTED, "name"),
        (S.REVOKED, "revoke"),
        (S.REVOKED, "keep"),
        (S.REVOKED, "recommend"),
    ],
)
def test_a_step_not_allowed_from_the_state_is_refused_and_writes_nothing(world, site, state, name):
    at(site, state)
    with pytest.raises(ApplicationError) as e:
        step(site, name, world.committee, note="理由")
    assert "不能执行" in e.value.message
    nothing_written(site, state)


def test_revoking_a_site_that_was_never_named_is_refused(world, site):
    with pytest.raises(ApplicationError) as e:
        step(site, "revoke", world.committee, note="理由")
    assert e.value.message == "当前状态为“已申报”，不能执行“年度核查：撤销”。"


@pytest.mark.parametrize("who", ["unit_staff", "secretary", "auditor"])
def test_only_the_committee_takes_the_steps(world, site, who):
    with pytest.raises(Forbidden) as e:
        step(site, "evaluate", getattr(world, who))
    assert errors.RULE_COMMITTEE in e.value.message
    nothing_written(site, S.PROPOSED)


def test_recommending_twice_is_refused(world, site):
    at(site, S.NAMED, named_on=D, provincial_on=dt.date(2024, 5, 1))
    with pytest.raises(ApplicationError) as e:
        step(site, "recommend", world.committee)
    assert e.value.message == errors.ERR_ALREADY_PROVINCIAL.format(on="2024年5月1日")
    nothing_written(site, S.NAMED)


def test_a_step_dated_in_the_future_or_before_the_application_is_refused(world, site):
    with pytest.raises(ApplicationError):
        step(site, "evaluate", world.committee, on=dt.date(2999, 1, 1))
    with pytest.raises(ApplicationError) as e:
        step(site, "evaluate", world.committee, on=dt.date(2024, 2, 1))
    assert e.value.message == errors.ERR_DATE_BEFORE.format(on="2024-03-01")
    nothing_written(site, S.PROPOSED)


# --- figures --------------------------------------------------------------------------------------


def test_the_year_figures_count_the_step_dates_in_the_year(world, site):
    at(site, S.NAMED, named_on=dt.date(2023, 6, 1), provincial_on=dt.date(2023, 12, 1))
    other = services.site_propose(actor=world.committee, organization=world.b1, proposed_on=D)
    at(other, S.REVOKED, named_on=dt.date(2021, 6, 1), revoked_on=dt.date(2023, 4, 1))
    p, all_ = Period.year(2023), ReportScope()
    assert metrics.demo_sites_selected(all_, p).value == 1
    assert metrics.demo_sites_recommended_provincial(all_, p).value == 1
    assert metrics.demo_sites_revoked(all_, p).value == 1
    assert metrics.demo_sites_revoked(ReportScope(path=world.oc_a.path), p).value == 0
    assert metrics.demo_sites_selected(all_, Period.year(2024)).value == 0


# --- pages ----------------------------------------------------------------------------------------


def test_pages_list_detail_steps_history_and_export(world, site, login):
    c = login(world.committee)
    page = c.get("/sites/?status=proposed").content.decode()
    assert world.a1.name in page
    page = c.get(f"/sites/{site.pk}/").content.decode()
    assert "开始评估" in page and "评估未通过" in page
    r = c.post(f"/sites/{site.pk}/step/", {"transition": "evaluate", "note": "进入评估"})
    assert r.status_code == 302
    site.refresh_from_db()
    assert site.status == S.EVALUATING
    r = c.post(f"/sites/{site.pk}/step/", {"transition": "revoke", "note": ""}, follow=True)
    assert "不能执行" in r.content.decode()
    assert world.a1.name in c.get(f"/sites/branch/{world.a1.pk}/").content.decode()
    r = c.get("/sites/export.xlsx?year=2024")
    assert r.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "党支部" and rows[2][0] == world.a1.name and rows[2][3] == "评估中"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="sites.demosite").exists()


def test_the_secretary_applies_through_the_page_and_sees_no_steps(world, login):
    c = login(world.secretary)
    r = c.post("/sites/new/", {"organization": world.a1.pk, "year": 2024, "statement": "事迹"})
    assert r.status_code == 302
    site = DemoSite.objects.get()
    page = c.get(f"/sites/{site.pk}/").content.decode()
    assert "当前没有您可以执行的操作" in page
    r = c.post(f"/sites/{site.pk}/step/", {"transition": "evaluate"}, follow=True)
    assert errors.RULE_COMMITTEE in r.content.decode()
    assert DemoSite.objects.get().status == S.PROPOSED


def test_the_form_names_the_field_of_a_bad_application(world, site, login):
    c = login(world.unit_staff)
    page = c.post("/sites/new/", {"organization": world.oc_a.pk, "year": 2024}).content.decode()
    assert "所选党支部不存在或不在您的管理范围内" in page  # only branches are offered
    page = c.post("/sites/new/", {"organization": world.a1.pk, "year": 2024}).content.decode()
    assert errors.ERR_OPEN_SITE.format(org=world.a1.name) in page
    assert DemoSite.objects.count() == 1


# --- API ------------------------------------------------------------------------------------------


def test_the_api_proposes_lists_and_steps(world, client):
    h = auth(world.secretary)
    r = send(
        client, "post", "/api/v1/demo-sites", {"organization_id": world.a1.pk, "proposed_on": "2024-03-01"}, h
    )
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert r.json()["next_steps"] == []
    r = send(client, "post", f"/api/v1/demo-sites/{sid}/steps", {"name": "evaluate"}, h)
    is_chinese_error(r, 403)
    hc = auth(world.committee)
    r = send(client, "post", f"/api/v1/demo-sites/{sid}/steps", {"name": "revoke", "note": "x"}, hc)
    is_chinese_error(r, 400)
    r = send(client, "post", f"/api/v1/demo-sites/{sid}/steps", {"name": "evaluate", "on": "2024-03-05"}, hc)
    assert r.status_code == 200 and r.json()["status"] == "evaluating"
    assert [e["transition"] for e in r.json()["timeline"]] == ["evaluate"]
    body = client.get("/api/v1/demo-sites?status=evaluating", headers=hc).json()
    assert body["count"] == 1 and body["items"][0]["organization"]["name"] == world.a1.name
    assert client.get("/api/v1/demo-sites", headers=auth(world.secretary)).json()["count"] == 1
    hb = auth(world.unit_staff)
    assert client.get(f"/api/v1/demo-sites/{sid}", headers=hb).status_code == 200
    r = send(client, "post", "/api/v1/demo-sites", {"organization_id": world.b1.pk}, hb)
    is_chinese_error(r, 404)
