"""Browser test: the committee adds participants to an event, from the roster (picked by name) and
as a guest who is not on the roster, marks one absent, and sees the event's counts change."""

import datetime as dt

import pytest

from dangjian.activities.enums import ActivityKind
from dangjian.activities.models import Participation
from dangjian.events import services
from dangjian.events.enums import EventSeries

pytestmark = pytest.mark.browser


def test_adding_participants_to_an_event_changes_its_counts(browser_world, page_for, live_server):
    world = browser_world
    event = services.event_create(
        actor=world.committee,
        kind=ActivityKind.WARNING_EDUCATION,
        title="清风传家故事会",
        organization=world.root,
        first_day=dt.date(2023, 6, 16),
        series=EventSeries.FAMILY_STORY,
    )
    page = page_for(world.committee)
    page.goto(f"{live_server.url}/events/{event.pk}/")
    assert page.inner_text("#count-total") == "0"

    # From the roster: find 张三 by name, tick him, add.
    page.click("#participants-add")
    page.fill("#pick-q", "张三")
    page.click("#pick-search button[type=submit]")
    page.check("#pick-table input[name=person_ids]")
    page.click("#pick-submit")
    page.wait_for_url(f"{live_server.url}/events/{event.pk}/")
    assert page.inner_text("#count-total") == "1" and page.inner_text("#count-members") == "1"

    # A family member who is not on the roster.
    page.click("#participants-add")
    page.fill("#add-guest input[name=name]", "张三爱人")
    page.select_option("#add-guest select[name=kind]", "family")
    page.fill("#add-guest input[name=from_text]", "张三家属")
    page.click("#guest-submit")
    page.wait_for_url(f"{live_server.url}/events/{event.pk}/")
    assert page.inner_text("#count-total") == "2" and page.inner_text("#count-guests") == "1"
    assert page.inner_text("#count-took-part") == "2"
    assert "张三爱人" in page.inner_text("#participant-table")

    # One of them absent: taken part drops, absent rises.
    row = Participation.objects.get(activity_id=event.pk, guest_name="张三爱人")
    page.check(f"#participant-table tr[data-row='{row.pk}'] input[name=rows]")
    page.select_option("#mark-status", "absent")
    page.click("#mark-submit")
    page.wait_for_url(f"{live_server.url}/events/{event.pk}/")
    assert page.inner_text("#count-took-part") == "1" and page.inner_text("#count-absent") == "1"
