"""Browser test of a transfer from one branch to another through both sides: the secretary of a1
starts it, the unit's staff (who manage a2) accept it from their queue, and the member moves."""

import pytest

from dangjian.people.models import Person
from dangjian.transfers.models import Transfer

pytestmark = pytest.mark.browser


def test_a_transfer_from_one_branch_to_another_through_both_sides(browser_world, page_for, live_server):
    w = browser_world
    person = w.people["member_a1"]
    page = page_for(w.secretary)
    page.click("text=组织关系转接")
    page.click("text=发起转接")
    page.fill("input[name=q]", "张三")
    page.click("#pick-form button[type=submit]")
    page.click("#pick-table >> text=发起转接")
    page.select_option("select[name=kind]", "within")
    page.select_option("select[name=to_org]", str(w.a2.pk))
    page.fill("input[name=reason]", "工作调动")
    page.click("#transfer-form button[type=submit]")
    page.wait_for_selector("#transfer-state")
    assert page.inner_text("#transfer-state") == "办理中"
    t = Transfer.objects.get()
    assert Person.objects.get(pk=person.pk).organization == w.a1  # the sender stays responsible

    page = page_for(w.unit_staff)
    page.click("text=组织关系转接")
    page.click("text=待我接收")
    page.click(f"#transfer-table >> text={t.number}")
    page.click("#transfer-steps button[value=accept]")
    page.wait_for_selector(".messages, .message, #transfer-state")
    assert page.inner_text("#transfer-state") == "已完成"
    assert Person.objects.get(pk=person.pk).organization == w.a2
    assert "省财政厅第二党支部" in page.inner_text("#transfer-info")
