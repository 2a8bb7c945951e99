"""Browser test of the meeting forms' shortcuts: agenda rows added in the page, 全部出席, and a
refused vote's message in view."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import meetings as services

pytestmark = pytest.mark.browser


def test_a_secretary_adds_agenda_rows_fills_attendance_and_sees_a_refused_vote(
    browser_world, page_for, live_server
):
    world = browser_world
    page = page_for(world.secretary)
    page.goto(f"{live_server.url}/meetings/new/")
    assert page.input_value("#id_org") == str(world.a1.pk)  # the secretary's branch is preselected
    page.click("#pick-org button[type=submit]")
    page.wait_for_selector("#id_title")
    start = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    page.select_option("#id_kind", "general_meeting")
    page.fill("#id_title", "议程测试")
    page.fill("#id_held_at_0", start.strftime("%Y-%m-%d"))
    page.fill("#id_held_at_1", start.strftime("%H:%M"))
    page.select_option("#id_status", MeetingStatus.HELD)
    page.click("#agenda-add")
    page.click("#agenda-add")
    for i in range(4):
        page.fill(f"#id_agenda-{i}-title", f"议程{i + 1}")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get(title="议程测试")
    assert [a.title for a in meeting.agenda.all()] == ["议程1", "议程2", "议程3", "议程4"]

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    page.click("#attendance-all-present")
    page.click("#attendance-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert set(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == {
        AttendanceStatus.PRESENT
    }

    other = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.GENERAL_MEETING,
        title="无人出席",
        held_at=timezone.now() - dt.timedelta(hours=2),
    )
    page.goto(f"{live_server.url}/meetings/{other.pk}/")
    page.fill("#id_subject", "接收预备党员")
    page.fill("#id_votes_for", "1")
    page.click("#vote-form button[type=submit]")
    page.wait_for_selector("#vote-form .errorlist")
    error = page.locator("#vote-form .errorlist").first
    assert "不能表决" in error.inner_text()
    box, height = error.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height  # in view without scrolling
