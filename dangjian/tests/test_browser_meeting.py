"""Browser test of a meeting: create it, show the sign-in QR code, sign in on a phone, close."""

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from dangjian.meetings import errors, signin
from dangjian.meetings.enums import AttendanceStatus, MeetingStatus, SignMethod
from dangjian.meetings.models import Attendance, Meeting
from dangjian.tests.personas import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "扫码签到测试：支部党员大会"


def create_meeting_in_the_form(page, world, live_server) -> Meeting:
    """The secretary records a meeting that starts now through the form at /meetings/new/."""
    page.goto(f"{live_server.url}/meetings/new/")
    start = timezone.localtime(timezone.now() - dt.timedelta(minutes=5))
    page.select_option("#id_org", str(world.a1.pk))  # step one: which organisation
    page.click("#pick-org button[type=submit]")
    page.wait_for_selector("#id_title")
    page.select_option("#id_kind", "general_meeting")
    page.fill("#id_title", TITLE)
    page.fill("#id_held_at_0", start.strftime("%Y-%m-%d"))
    page.fill("#id_held_at_1", start.strftime("%H:%M"))
    page.fill("#id_place", "三楼会议室")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    return Meeting.objects.get(title=TITLE)


def phone_page(chromium):
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_signs_in_to_a_meeting_by_scanning_its_code_on_a_phone(
    browser_world, page_for, chromium, live_server
):
    from playwright.sync_api import expect

    world = browser_world
    screen = page_for(world.secretary)
    csp_errors = []
    screen.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    meeting = create_meeting_in_the_form(screen, world, live_server)
    assert meeting.status == MeetingStatus.PLANNED and meeting.organization_id == world.a1.pk

    screen.click("#signin-screen")  # the meeting page links to its sign-in screen
    screen.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/screen/")
    box = screen.locator("#signin-qr-box")
    assert screen.inner_text("#signin-present") == "0" and screen.inner_text("#signin-total") == "2"
    # The code rotates: a fresh one is fetched from qr.svg and its URL kept on the box.
    first_url = box.get_attribute("data-signin-url")
    time.sleep(1.1)  # tokens carry whole seconds
    box.dispatch_event("signin-refresh")
    expect(box).not_to_have_attribute(
        "data-signin-url", first_url
    )  # (no wait_for_function: CSP forbids eval)
    url = box.get_attribute("data-signin-url")
    assert re.fullmatch(rf"{live_server.url}/meetings/signin/{meeting.pk}/\d+\.[0-9a-f]{{24}}/", url)
    assert screen.locator("#signin-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")

    # The member scans it on the phone, logs in there and is signed in.
    context, phone = phone_page(chromium)
    try:
        phone.goto(url)
        phone.wait_for_url(re.compile(r"/accounts/login/"))
        assert fits_the_phone(phone)
        phone.fill("#id_username", world.member.username)
        phone.fill("#id_password", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/signin/confirm/")
        assert phone.inner_text("#signin-ok") == "签到成功"
        assert phone.inner_text("#signin-name") == "张三"
        assert TITLE in phone.inner_text("#signin-result")
        assert fits_the_phone(phone)
        assert phone.locator(".sidebar").count() == 0

        # A copied old code is refused with a clear message.
        old = signin.token_issue(meeting.pk, now=time.time() - 31)
        phone.goto(f"{live_server.url}/meetings/signin/{meeting.pk}/{old}/")
        assert phone.inner_text("#signin-message") == errors.ERR_SIGNIN_EXPIRED
        assert fits_the_phone(phone)
    finally:
        context.close()

    # Back on the screen the counter follows (htmx polls), then the secretary closes sign-in.
    expect(screen.locator("#signin-present")).to_have_text("1", timeout=15000)
    assert "张三" in screen.inner_text("#signin-names")
    screen.once("dialog", lambda d: d.accept())
    screen.click("#signin-close")
    screen.wait_for_url(re.compile(rf"/meetings/({meeting.pk}/)?$"))
    assert not csp_errors

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    a = Attendance.objects.get(meeting=meeting, person=world.people["member_a1"])
    assert (a.status, a.method) == (AttendanceStatus.PRESENT, SignMethod.QR) and a.signed_in_at is not None
    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count() == 1
