"""Browser test of the member roster: log in, filter, open a member, reveal the ID number, export."""

import pytest
from openpyxl import load_workbook

from dangjian.core.crypto import decrypt
from dangjian.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.browser


def test_unit_staff_filter_open_reveal_and_export(browser_world, page_for, live_server, tmp_path):
    w = browser_world
    page = page_for(w.unit_staff)
    page.click("text=党员名册")
    rows = page.locator("#member-table tbody tr, #member-table tr:has(td)")
    names = page.inner_text("#member-table")
    assert "张三" in names and "王五" in names and "孙七" not in names  # 孙七 is in the other unit

    page.select_option("select[name=gender]", "F")
    page.click("#member-filters button[type=submit]")
    page.wait_for_url("**gender=F**")
    names = page.inner_text("#member-table")
    assert "李四" in names and "张三" not in names
    assert rows.count() >= 1

    page.click("#member-table >> text=李四")
    person = w.people["other_a1"]
    assert person.id_masked in page.inner_text("#id-number-box")
    page.click("#reveal-id")
    page.wait_for_selector(".revealed")
    assert page.inner_text(".revealed").strip() == decrypt(person.id_enc)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS, actor=w.unit_staff, object_id=str(person.pk)
    ).exists()

    page.go_back()
    page.go_back()
    page.wait_for_selector("#member-export")
    page.click("#member-export button[type=submit]")
    page.wait_for_selector("#job-download", timeout=30000)
    with page.expect_download() as info:
        page.click("#job-download")
    path = tmp_path / "export.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path, read_only=True).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "张三" in text and "孙七" not in text
    assert decrypt(person.id_enc) not in text and person.id_masked in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=w.unit_staff).exists()
