"""Browser test: a branch secretary records a campaign activity with participants and outcomes (a
deed, a solved difficulty) and sees the campaign's counts change; a deed dated before the campaign
is refused on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian.activities import services as activity_services
from dangjian.campaigns import errors, services
from dangjian.campaigns.enums import ReportLine

pytestmark = pytest.mark.browser


def test_a_secretary_records_an_activity_with_participants_and_outcomes(browser_world, page_for, live_server):
    world = browser_world
    campaign = activity_services.campaign_create(
        actor=world.committee,
        name="三年新突破 振兴当先锋",
        organization=world.root,
        first_day=dt.date(2023, 3, 1),
        last_day=dt.date(2025, 12, 31),
    )
    services.report_line_set(actor=world.committee, campaign=campaign, report_line=ReportLine.COMMUNITY)
    page = page_for(world.secretary)
    page.goto(f"{live_server.url}/campaigns/")
    page.click(f"#campaign-table a[href='/campaigns/{campaign.pk}/']")
    page.wait_for_selector("#campaign-figures")
    assert page.inner_text("#fig-members") == "0"

    page.click("#activity-new")
    page.select_option("#id_kind", "campaign_activity")
    page.fill("#id_title", "支部党员进社区")
    page.select_option("#id_organization", str(world.a1.pk))
    page.fill("#id_first_day", "2023-05-10")
    page.click("#campaign-form button[type=submit]")
    page.wait_for_url(re.compile(r"/campaigns/\d+/activities/\d+/$"))
    page.check(f"#participants-form input[value='{world.people['member_a1'].pk}']")
    page.check(f"#participants-form input[value='{world.people['other_a1'].pk}']")
    page.click("#participants-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert page.inner_text("#activity-took-part") == "2"

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/deeds/")
    page.select_option("#id_organization", str(world.a1.pk))
    page.fill("#id_title", "维修楼道照明")
    page.select_option("#id_status", "done")
    page.fill("#id_done_on", "2023-02-01")
    page.click("#deed-form button[type=submit]")
    page.wait_for_selector("#deed-form .errorlist")
    assert errors.ERR_DEED_BEFORE_CAMPAIGN.format(day="2023-02-01", start="2023-03-01") in page.inner_text(
        "#deed-form"
    )
    page.fill("#id_done_on", "2023-06-01")
    page.click("#deed-form button[type=submit]")
    page.wait_for_selector("#deed-table >> text=维修楼道照明")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/difficulties/")
    page.select_option("#id_organization", str(world.a1.pk))
    page.fill("#id_title", "小区停车难")
    page.fill("#id_raised_on", "2023-05-01")
    page.select_option("#id_status", "solved")
    page.fill("#id_solved_on", "2023-06-10")
    page.click("#difficulty-form button[type=submit]")
    page.wait_for_selector("#difficulty-table >> text=小区停车难")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    assert page.inner_text("#fig-members") == "2"
    assert page.inner_text("#fig-branches") == "1"
    assert page.inner_text("#fig-units") == "1"
    assert page.inner_text("#fig-deeds") == "1"
    assert page.inner_text("#fig-solved") == "1"
    assert "省财政厅" in page.inner_text("#campaign-units")
