"""Browser tests of the main flows (Playwright + Debian Chromium against the live server)."""

import pytest

pytestmark = pytest.mark.browser


def test_a_secretary_logs_in_and_sees_their_counts(browser_world, page_for, live_server):
    page = page_for(browser_world.secretary)
    assert page.inner_text("#stat-members") == "2"
    assert "支部书记" in page.inner_text("header")


def test_the_home_page_draws_its_chart_and_its_tooltip_without_a_console_error(browser_world, page_for):
    page = page_for(browser_world.committee)  # page_for fails the test on any console error
    page.reload()
    canvas = page.wait_for_selector("[data-chart] canvas")
    box = canvas.bounding_box()
    for x in (0.3, 0.5, 0.7):  # over the bars: ECharts draws its tooltip
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * 0.6)
        page.wait_for_timeout(300)
    response = page.request.get(page.url.rstrip("/") + "/favicon.ico")
    assert response.ok and "svg" in response.headers["content-type"]
