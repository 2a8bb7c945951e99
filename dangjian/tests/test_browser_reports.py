"""Browser test: the committee opens the annual summary, clicks a figure, filters its records and
exports them to .xlsx."""

import io

import pytest
from openpyxl import load_workbook

from dangjian.reports import services

pytestmark = pytest.mark.browser

TEMPLATE = "# {{year}}年综述\n## 组织建设\n### 夯实基础\n年末共有党员{{members_year_end}}名。\n"


def test_the_committee_clicks_a_figure_of_the_summary_and_exports_its_records(
    browser_world, page_for, live_server
):
    w = browser_world
    services.template_save(actor=w.committee, year=2023, text=TEMPLATE)
    page = page_for(w.committee)
    page.goto(f"{live_server.url}/reports/summary/?year=2023")
    figure = page.locator("a.figure[data-metric=members_year_end]")
    assert figure.inner_text() == "5"
    figure.click()
    page.wait_for_url("**/reports/metrics/members_year_end/**")
    assert page.locator("#metric-records tr:has(td)").count() == 5
    page.fill("input[name=q]", "省财政厅")
    page.click("#metric-filter button[type=submit]")
    page.wait_for_selector("#metric-shown")
    assert page.locator("#metric-records tr:has(td)").count() == 4
    page.click("#metric-export button[type=submit]")
    page.wait_for_selector("#job-status[data-status=done]", timeout=30000)
    with page.expect_download() as info:
        page.click("#job-download")
    workbook = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()), read_only=True)
    rows = [r for r in workbook.worksheets[0].iter_rows(values_only=True) if r and r[0]]
    assert sum(1 for r in rows if r[1] and "省财政厅" in str(r[1])) == 4
