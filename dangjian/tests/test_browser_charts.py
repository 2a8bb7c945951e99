"""Browser test of 统计图表: every registered chart draws without a console error (hovering the
bars included), and a click on a bar opens the records behind it."""

import datetime as dt

import pytest

from dangjian.core import charts
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import Transfer

pytestmark = pytest.mark.browser


def test_the_dashboards_draw_every_chart_and_a_bar_opens_its_records(browser_world, page_for, live_server):
    w = browser_world
    for person, to_org in (("member_a1", w.a2), ("member_b1", w.a3)):
        Transfer.objects.create(
            person=w.people[person], kind=TransferKind.WITHIN, status=TransferStatus.COMPLETED,
            from_org=w.people[person].organization, to_org=to_org, started_on=dt.date(2023, 3, 1),
            closed_on=dt.date(2023, 3, 15),
        )  # fmt: skip
    page = page_for(w.committee)  # fails the test on any console error
    page.goto(f"{live_server.url}/reports/charts/?year=2023")
    for c in charts.REGISTRY.values():
        page.wait_for_selector(f"[data-chart-id={c.id}] canvas")
    canvas = page.wait_for_selector("[data-chart-id=transfers_per_month] canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for x in (0.2, 0.5, 0.8):
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * 0.7)
        page.wait_for_timeout(200)
    # The March bar: the third of twelve, just above the axis (grid left 60 px, right 20 px, and
    # 80 px below for the turned month labels: static/js/app.js).
    inner = box["width"] - 80
    page.mouse.click(box["x"] + 60 + inner * 2.5 / 12, box["y"] + box["height"] - 82)
    page.wait_for_url("**/reports/charts/transfers_per_month/3/**")
    assert page.locator("#chart-records tr:has(td)").count() == 2
    assert "孙七" in page.inner_text("#chart-records")
