"""Browser test: a branch secretary records a development step on the record's page and the
pipeline board shows the applicant in the next stage."""

import datetime as dt

import pytest

from dangjian.development import services
from dangjian.development.enums import Stage
from dangjian.development.models import Applicant
from dangjian.tests.personas import make_person

pytestmark = pytest.mark.browser


def test_a_branch_records_a_step_and_sees_the_board_change(browser_world, page_for, live_server):
    w = browser_world
    person = make_person(w.a1, "王申请", seq=61, birth=dt.date(1996, 4, 1), status=None)
    applied = dt.date.today() - dt.timedelta(days=20)
    applicant = services.applicant_create(actor=w.secretary, person=person, applied_on=applied)

    page = page_for(w.secretary)
    page.goto(f"{live_server.url}/development/")
    first = page.locator("#pipeline-board section[data-phase='1']")
    assert "王申请" in first.inner_text()
    assert "派人谈话" in first.inner_text()

    page.click("#pipeline-board >> text=王申请")
    page.wait_for_url(f"{live_server.url}/development/{applicant.pk}/")
    page.select_option("#step-form select[name=step]", "talk")
    page.fill("#step-form input[name=date]", (applied + dt.timedelta(days=5)).isoformat())
    page.fill("#step-form input[name=documents]", "谈话记录")
    page.click("#step-form button[type=submit]")
    page.wait_for_selector("#development-timeline >> text=党组织派人谈话")
    assert "已谈话" in page.inner_text("#stage")
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.TALKED

    page.goto(f"{live_server.url}/development/")
    first = page.locator("#pipeline-board section[data-phase='1']")
    assert "推荐和确定入党积极分子" in first.inner_text()  # the next step is now the activist decision
