"""Browser tests of the main flows (Playwright + Debian Chromium against the live server)."""

import pytest

pytestmark = pytest.mark.browser


def test_a_secretary_logs_in_and_sees_their_counts(browser_world, page_for, live_server):
    page = page_for(browser_world.secretary)
    assert page.inner_text("#stat-members") == "2"
    assert "支部书记" in page.inner_text("header")


def test_a_csp_violation_free_home_page_draws_its_chart(browser_world, page_for):
    page = page_for(browser_world.committee)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.reload()
    page.wait_for_selector("[data-chart] canvas")
    assert not [e for e in errors if "Content Security Policy" in e]
