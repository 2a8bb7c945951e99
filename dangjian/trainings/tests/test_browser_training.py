"""Browser test: the committee opens a class, enrols a trainee by name, records the days, completes
the class, and the trainee's hours count in the year's hours."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.trainings import services
from dangjian.trainings.enums import ProgrammeSeries

pytestmark = pytest.mark.browser


def test_a_class_from_enrolment_to_completion(browser_world, page_for, live_server):
    world = browser_world
    programme = services.programme_create(
        actor=world.committee,
        name="党员干部教育示范培训班",
        organization=world.root,
        series=ProgrammeSeries.MEMBER_EDUCATION,
        first_day=dt.date(2023, 1, 1),
        last_day=dt.date(2023, 12, 31),
    )
    tc = services.class_create(
        actor=world.committee,
        programme=programme,
        first_day=dt.date(2023, 6, 1),
        last_day=dt.date(2023, 6, 2),
        hours=Decimal("16"),
    )
    page = page_for(world.committee)
    page.goto(f"{live_server.url}/trainings/?year=2023")
    page.click("#programme-table a")
    page.click("#class-table a")
    page.wait_for_url(f"{live_server.url}/trainings/classes/{tc.pk}/")

    page.fill("input[name=q]", "张三")
    page.click("#enrol button[type=submit]")
    page.check("#enrol-form input[type=checkbox]")
    page.click("#enrol-form button[type=submit]")
    assert page.inner_text("#trainee-count") == "1"
    assert "张三" in page.inner_text("#trainee-table")

    for day in ("2023-06-01", "2023-06-02"):
        page.fill("#attendance-form input[name=day]", day)
        page.check("#attendance-form input[type=checkbox]")
        page.click("#attendance-form button[type=submit]")
        assert "出勤1人" in page.inner_text("main")
    assert "100.0%" in page.inner_text("#trainee-table")

    page.click("#complete-form button[type=submit]")
    assert "已结业1人" in page.inner_text("main")
    assert page.inner_text("#completed-count") == "1"

    # 16 of the 32 hours a member needs a year: listed among those short of the requirement.
    page.goto(f"{live_server.url}/trainings/hours/?year=2023&short=1")
    row = page.locator("#hours-table tbody tr", has_text="张三")
    assert float(row.locator("td").nth(4).inner_text()) == 16 and "未达标" in row.inner_text()
