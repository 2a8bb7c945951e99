"""Browser test of a conduct complaint: someone files it anonymously on the public page (with an
attachment) and keeps the query code; the inspector registers and hands it over; the unit replies
(never seeing who reported); the inspector closes it; the reporter follows it with the code."""

import re

import pytest

from dangjian.complaints.models import Complaint
from dangjian.complaints.tests.conftest import make_discipline
from dangjian.tests.browser import watch_console

pytestmark = pytest.mark.browser


def test_an_anonymous_complaint_is_filed_handed_over_replied_closed_and_followed(
    browser_world, page_for, chromium, live_server
):
    from playwright.sync_api import expect

    world = browser_world
    inspector = make_discipline("t-discipline", world.root)
    errors: list[str] = []
    public = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    public.on("page", lambda p: watch_console(p, errors))
    page = public.new_page()
    page.set_default_timeout(15000)

    page.goto(f"{live_server.url}/complaints/report/")
    page.fill("#id_subject", "某处室工作人员")
    page.fill("#id_title", "窗口办事推诿")
    page.fill("#id_content", "三月份办理业务时多次被要求重复提交材料。")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "证据.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}],
    )
    page.click("#report-form button[type=submit]")
    code = page.locator("#query-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{5}(-[2-9A-Z]{5}){3}", code)
    complaint = Complaint.objects.get()
    assert not complaint.is_named and complaint.attachments.count() == 1

    staff = page_for(inspector)
    staff.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    staff.select_option("#step-register select[name=category]", "attitude")
    staff.click("#step-register button[type=submit]")
    expect(staff.locator("#complaint-status")).to_have_text("已登记")
    staff.select_option("#step-hand_over select[name=handler]", str(world.oc_a.pk))
    staff.click("#step-hand_over button[type=submit]")
    expect(staff.locator("#complaint-status")).to_have_text("已转办")

    unit = page_for(world.unit_staff)
    unit.goto(f"{live_server.url}/complaints/")
    unit.click("text=窗口办事推诿")
    expect(unit.locator("#complaint-facts")).to_contain_text("三月份办理业务时")
    expect(unit.locator("body")).not_to_contain_text("举报方式")
    assert unit.locator("#reveal-reporter").count() == 0 and "证据.pdf" not in unit.content()
    unit.fill("#step-reply textarea[name=text]", "已核实，责成该处室整改。")
    unit.click("#step-reply button[type=submit]")
    expect(unit.locator("#complaint-status")).to_have_text("已回复")

    staff.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    staff.fill("#step-close textarea[name=text]", "反映问题属实，已督促整改。")
    staff.click("#step-close button[type=submit]")
    expect(staff.locator("#complaint-status")).to_have_text("已办结")

    page.goto(f"{live_server.url}/complaints/track/")
    page.fill("#id_code", code.lower())
    page.click("#track-form button[type=submit]")
    expect(page.locator("#track-status")).to_have_text("已办结")
    expect(page.locator("#track-outcome")).to_contain_text("已督促整改")
    expect(page.locator("#track-result")).not_to_contain_text("t-discipline")
    public.close()
    assert not errors, errors
