"""Browser test: a unit submits a rectification, the committee verifies and closes it and sees the
per-unit progress change (the table and the ECharts chart, no console error)."""

import pytest
from django.utils import timezone

from dangjian.problems import services
from dangjian.problems.enums import ProblemStatus

pytestmark = pytest.mark.browser


def test_a_unit_rectifies_the_committee_closes_and_progress_moves(browser_world, page_for, live_server):
    w = browser_world
    today = timezone.localdate()
    problem = services.problem_create(
        actor=w.committee, source="assessment", unit=w.unit_a, description="党建责任清单不细", found_on=today
    )
    services.problem_create(
        actor=w.committee, source="assessment", unit=w.unit_a, description="另一问题", found_on=today
    )

    unit = page_for(w.unit_staff)
    unit.goto(f"{live_server.url}/problems/")
    unit.click("text=党建责任清单不细")
    unit.click("button:has-text('签收并开始整改')")
    assert unit.inner_text("#problem-status") == "整改中"
    unit.fill("#problem-steps textarea[name=note]", "已细化责任清单并印发")
    unit.click("button:has-text('提交销号申请')")
    assert unit.inner_text("#problem-status") == "待核验销号"
    assert unit.locator("button:has-text('核验销号')").count() == 0

    committee = page_for(w.committee)
    committee.goto(f"{live_server.url}/problems/progress/")
    committee.wait_for_selector("[data-chart=chart-problem-units] canvas")
    row = committee.locator(f"#progress-table tr[data-unit='{w.unit_a.pk}']")
    assert row.locator("td.rate").inner_text() == "0.0%"
    committee.goto(f"{live_server.url}/problems/{problem.pk}/")
    assert "已细化责任清单并印发" in committee.inner_text("#problem-fields")
    committee.fill("#problem-steps textarea[name=note]", "经核验，整改到位")
    committee.click("button:has-text('核验销号')")
    assert committee.inner_text("#problem-status") == "已销号"
    assert "核验销号" in committee.inner_text("#problem-timeline")
    committee.goto(f"{live_server.url}/problems/progress/")
    committee.wait_for_selector("[data-chart=chart-problem-units] canvas")
    row = committee.locator(f"#progress-table tr[data-unit='{w.unit_a.pk}']")
    assert row.locator("td.rate").inner_text() == "50.0%"
    assert committee.inner_text("#progress-closed") == "1"
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
