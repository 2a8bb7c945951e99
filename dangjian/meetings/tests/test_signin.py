"""QR sign-in: the screen, the public scan URL, login in between, the confirm page."""

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from dangjian.accounts.enums import Role
from dangjian.core.models import AuditEvent
from dangjian.meetings import errors, signin
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus, SignMethod
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import meetings as services
from dangjian.meetings.views.signin import SESSION_KEY, qr_svg
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services

URL_RE = re.compile(r"^http://testserver/meetings/signin/(\d+)/(\d+\.[0-9a-f]{24})/$")


@pytest.fixture
def meeting(world):
    return services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.GENERAL_MEETING,
        title="十月支部党员大会",
        held_at=timezone.now() - dt.timedelta(minutes=5),
    )


def scan_url(meeting, token=None):
    return f"/meetings/signin/{meeting.pk}/{token or signin.token_issue(meeting.pk)}/"


def confirm_url(meeting):
    return f"/meetings/{meeting.pk}/signin/confirm/"


def scan_and_log_in(client, meeting, user, token=None):
    """Scan on an anonymous phone, log in on the page the scan leads to, follow to the confirm page."""
    response = client.get(scan_url(meeting, token))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=%2Fmeetings%2F{meeting.pk}%2Fsignin%2Fconfirm%2F"
    response = client.post(
        response["Location"], {"username": user.username, "password": PASSWORD, "next": confirm_url(meeting)}
    )
    assert response.status_code == 302 and response["Location"] == confirm_url(meeting)
    return client.get(response["Location"])


def attendance(meeting, person):
    return Attendance.objects.get(meeting=meeting, person=person)


def user_for(person, username):
    user, _pw = user_services.user_create(actor=None, username=username, password=PASSWORD, person=person)
    return user


def test_a_valid_scan_then_login_then_confirm_marks_the_member_present(world, meeting, client):
    response = scan_and_log_in(client, meeting, world.member)
    assert response.status_code == 200
    page = response.content.decode()
    assert "签到成功" in page and "张三" in page and "十月支部党员大会" in page
    a = attendance(meeting, world.people["member_a1"])
    assert (a.status, a.method) == (AttendanceStatus.PRESENT, SignMethod.QR)
    assert a.signed_in_at is not None
    assert attendance(meeting, world.people["other_a1"]).status == AttendanceStatus.ABSENT
    assert SESSION_KEY not in client.session  # the scan is used up


def test_the_scan_survives_the_login_because_login_keeps_the_session_data(world, meeting, client):
    client.get(scan_url(meeting))
    anonymous_key = client.session.session_key
    client.post("/accounts/login/", {"username": world.member.username, "password": PASSWORD})
    assert client.session.session_key != anonymous_key  # the key was cycled...
    assert client.session[SESSION_KEY]["meeting"] == meeting.pk  # ...and the data kept


def test_a_logged_in_member_scanning_goes_straight_to_the_confirm_page(world, meeting, login):
    client = login(world.member)
    response = client.get(scan_url(meeting))
    assert response.status_code == 302 and response["Location"] == confirm_url(meeting)
    assert client.get(confirm_url(meeting)).status_code == 200
    assert attendance(meeting, world.people["member_a1"]).method == SignMethod.QR


def test_a_token_older_than_30_seconds_is_refused(world, meeting, client):
    old = signin.token_issue(meeting.pk, now=time.time() - 31)
    response = client.get(scan_url(meeting, old))
    assert response.status_code == 400
    assert errors.ERR_SIGNIN_EXPIRED in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("forge", ["forged", "other_meeting", "garbage"])
def test_a_forged_token_is_refused(world, meeting, client, forge):
    issued = signin.token_issue(meeting.pk)
    token = {
        "forged": issued[:-3] + ("000" if not issued.endswith("000") else "111"),
        "other_meeting": signin.token_issue(meeting.pk + 1),
        "garbage": "not-a-token",
    }[forge]
    response = client.get(scan_url(meeting, token))
    assert response.status_code == 400
    assert errors.ERR_SIGNIN_EXPIRED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_person_outside_the_roster_is_refused_and_nothing_is_written(world, meeting, client):
    outsider = user_for(world.people["member_a2"], "t-wangwu")
    rows_before = list(Attendance.objects.filter(meeting=meeting).values_list("id", "status", "signed_in_at"))
    events_before = AuditEvent.objects.filter(object_type="meetings.meeting").count()
    response = scan_and_log_in(client, meeting, outsider)
    assert response.status_code == 403
    assert errors.ERR_SIGNIN_NOT_ROSTER in response.content.decode()
    assert (
        list(Attendance.objects.filter(meeting=meeting).values_list("id", "status", "signed_in_at"))
        == rows_before
    )
    assert AuditEvent.objects.filter(object_type="meetings.meeting").count() == events_before


def test_a_user_without_a_person_record_is_refused(world, meeting, login):
    client = login(world.secretary)
    client.get(scan_url(meeting))
    response = client.get(confirm_url(meeting))
    assert response.status_code == 403
    assert errors.ERR_SIGNIN_NO_PERSON in response.content.decode()


def test_a_second_scan_neither_duplicates_nor_changes_the_sign_in_time(world, meeting, login):
    client = login(world.member)
    client.get(scan_url(meeting))
    client.get(confirm_url(meeting))
    first = attendance(meeting, world.people["member_a1"]).signed_in_at
    client.get(scan_url(meeting))
    response = client.get(confirm_url(meeting))
    assert response.status_code == 200 and "签到成功" in response.content.decode()
    rows = Attendance.objects.filter(meeting=meeting, person=world.people["member_a1"])
    assert rows.count() == 1 and rows.get().signed_in_at == first
    assert (
        AuditEvent.objects.filter(object_type="meetings.meeting", changes__has_key="signed_in").count() == 1
    )


def test_the_confirm_page_without_a_scan_is_refused(world, meeting, login):
    response = login(world.member).get(confirm_url(meeting))
    assert response.status_code == 400
    assert errors.ERR_SIGNIN_SCAN_FIRST in response.content.decode()
    assert attendance(meeting, world.people["member_a1"]).status == AttendanceStatus.ABSENT


def test_a_scan_for_another_meeting_does_not_sign_in_here(world, meeting, login):
    other = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.THEMED_DAY,
        title="主题党日",
        held_at=timezone.now() - dt.timedelta(minutes=1),
    )
    client = login(world.member)
    client.get(scan_url(other))
    assert client.get(confirm_url(meeting)).status_code == 400
    assert attendance(meeting, world.people["member_a1"]).status == AttendanceStatus.ABSENT


def test_a_scan_left_longer_than_the_confirm_window_is_refused(world, meeting, login):
    client = login(world.member)
    client.get(scan_url(meeting))
    session = client.session
    session[SESSION_KEY] = {"meeting": meeting.pk, "at": time.time() - 601}
    session.save()
    response = client.get(confirm_url(meeting))
    assert response.status_code == 400
    assert errors.ERR_SIGNIN_SCAN_STALE.format(minutes=10) in response.content.decode()
    assert attendance(meeting, world.people["member_a1"]).status == AttendanceStatus.ABSENT


def test_the_confirm_page_needs_a_login(world, meeting, client):
    response = client.get(confirm_url(meeting))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_cancelled_meeting_refuses_the_scan(world, meeting, client):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    response = client.get(scan_url(meeting))
    assert response.status_code == 400
    assert errors.ERR_SIGNIN_NOT_OPEN in response.content.decode()


# --- the screen ----------------------------------------------------------------------------


def test_the_qr_svg_encodes_a_fresh_signin_url_and_is_not_cached(world, meeting, login):
    response = login(world.secretary).get(f"/meetings/{meeting.pk}/screen/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    match = URL_RE.match(response["X-Signin-Url"])
    assert match and int(match.group(1)) == meeting.pk
    assert signin.token_verify(meeting.pk, match.group(2))
    # segno is deterministic: the image is exactly the QR code of that URL.
    assert response.content == qr_svg(response["X-Signin-Url"])
    assert response.content.startswith(b"<svg")


def test_the_screen_shows_the_code_and_the_counters(world, meeting, login):
    client = login(world.secretary)
    response = client.get(f"/meetings/{meeting.pk}/screen/")
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r'data-signin-url="([^"]+)"', page)
    assert found is not None
    url = found.group(1)
    assert URL_RE.match(url)
    assert 'src="data:image/svg+xml;base64,' in page
    assert "js/signin_screen.js" in page and "<script>" not in page
    assert re.search(r'id="signin-present">0<', page) and re.search(r'id="signin-total">2<', page)


def test_closing_with_most_people_absent_asks_pointedly(world, meeting, login):
    client = login(world.secretary)
    page = client.get(f"/meetings/{meeting.pk}/screen/").content.decode()
    few = errors.CONFIRM_CLOSE_FEW.format(present=0, total=2, absent=2)
    assert f'data-confirm="{few}"' in page
    services.attendance_sign_in(actor=world.member, meeting=meeting)
    status = client.get(f"/meetings/{meeting.pk}/screen/status/").content.decode()
    assert f'data-text="{errors.CONFIRM_CLOSE}"' in status  # 1 of 2: no longer most absent


def test_the_status_counts_who_signed_in(world, meeting, login, client):
    services.attendance_sign_in(actor=world.member, meeting=meeting)
    page = login(world.secretary).get(f"/meetings/{meeting.pk}/screen/status/").content.decode()
    assert re.search(r'id="signin-present">1<', page) and "张三" in page and "李四" not in page


@pytest.mark.parametrize("path", ["screen/", "screen/qr.svg", "screen/status/"])
def test_the_screen_is_404_for_the_secretary_of_another_branch(world, meeting, login, path):
    other = user_for(None, "t-secretary-b1")
    user_services.grant_create(actor=None, user=other, role=Role.BRANCH_SECRETARY, organization=world.b1)
    assert login(other).get(f"/meetings/{meeting.pk}/{path}").status_code == 404


def test_the_screen_is_refused_to_those_who_only_read_or_only_see_themselves(world, meeting, login):
    assert login(world.auditor).get(f"/meetings/{meeting.pk}/screen/qr.svg").status_code == 403
    assert login(world.member).get(f"/meetings/{meeting.pk}/screen/").status_code == 404


def test_closing_the_screen_records_the_meeting_as_held_and_audits_it(world, meeting, login):
    response = login(world.secretary).post(f"/meetings/{meeting.pk}/screen/close/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    event = AuditEvent.objects.filter(
        object_type="meetings.meeting", object_id=str(meeting.pk), action="update"
    ).latest("id")
    assert event.changes["status"] == ["planned", "held"]


def test_closing_the_screen_of_a_future_meeting_leaves_it_planned(world, login):
    future = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.THEMED_DAY,
        title="主题党日",
        held_at=timezone.now() + dt.timedelta(hours=2),
    )
    assert login(world.secretary).post(f"/meetings/{future.pk}/screen/close/").status_code == 302
    future.refresh_from_db()
    assert future.status == MeetingStatus.PLANNED


def test_another_branch_cannot_close_the_screen(world, meeting, login):
    other = user_for(None, "t-secretary-b1")
    user_services.grant_create(actor=None, user=other, role=Role.BRANCH_SECRETARY, organization=world.b1)
    assert login(other).post(f"/meetings/{meeting.pk}/screen/close/").status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
