"""Browser tests: the branch secretary's to-do home, and accounts created in bulk by unit staff."""

import re

import pytest

from dangjian.accounts.models import User
from dangjian.tests.personas import held_meeting

pytestmark = pytest.mark.browser


def test_a_secretary_goes_from_a_to_do_on_the_home_page_to_recording_that_meeting(
    browser_world, page_for, live_server
):
    w = browser_world
    past = held_meeting(w, days=-2, title="逾期的支部党员大会", status="planned")
    held_meeting(w, days=3, title="下周的主题党日", status="planned")
    page = page_for(w.secretary)  # fails on any console error
    assert "下周的主题党日" in page.inner_text("#todo-upcoming")
    overdue = page.locator("#todo-overdue-table")
    assert "逾期的支部党员大会" in overdue.inner_text()
    overdue.locator("a", has_text="登记会议").click()
    page.wait_for_url(f"{live_server.url}/meetings/{past.pk}/edit/")
    assert "逾期的支部党员大会" in page.content()


def test_unit_staff_create_accounts_in_bulk_and_a_member_signs_in_with_one(
    browser_world, page_for, chromium, live_server
):
    w = browser_world
    page = page_for(w.unit_staff)
    page.click("text=批量开通账号")
    assert page.inner_text("#pending-count") == "3"
    page.click("#bulk-submit")
    page.wait_for_selector("#job-status[data-status=done]", timeout=30000)
    page.click("text=查看结果")
    page.wait_for_selector("#password-list")
    rows = page.locator("#password-list tr:has(td)")
    assert rows.count() == 3
    cells = rows.first.locator("td").all_inner_texts()
    username, password = cells[2].strip(), cells[3].strip()
    assert User.objects.get(username=username).must_change_password

    context = chromium.new_context(locale="zh-CN")
    try:
        phone = context.new_page()
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill("#id_username", username)
        phone.fill("#id_password", password)
        phone.click("button[type=submit]")
        phone.wait_for_url(re.compile(r"/accounts/password/"))
    finally:
        context.close()
