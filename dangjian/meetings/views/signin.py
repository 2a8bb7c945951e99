"""QR sign-in: the meeting screen (a rotating QR code and live counters), the public scan URL
and the confirm page a member reaches on the phone after logging in.

Flow: the screen shows /meetings/signin/<id>/<token>/ as a QR code (token valid 30 s, refreshed
every 25 s). Scanning it stores the verified scan in the session and sends the phone to the
confirm page (through the login page when needed: login() keeps the session's data). The confirm
page marks the member present when the scan is recent and they are on the roster."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dangjian.core.errors import ApplicationError
from dangjian.core.signin import qr_svg, scan_remember, scan_take
from dangjian.meetings import errors, signin
from dangjian.meetings.enums import AttendanceStatus, MeetingStatus, SignMethod
from dangjian.meetings.models import Attendance
from dangjian.meetings.rules import SIGNIN_CONFIRM_SECONDS
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.services import meetings as services

SESSION_KEY = "signin"
REFRESH_SECONDS = 25  # the screen fetches a new code before the 30 s token expires
STATUS_POLL_SECONDS = 3


# --- helpers -------------------------------------------------------------------------------


def signin_url(request, meeting_id: int, token: str) -> str:
    """The absolute URL a phone opens when it scans the screen's code."""
    return request.build_absolute_uri(reverse("meetings:signin_scan", args=[meeting_id, token]))


def _issue(request, meeting) -> tuple[str, bytes]:
    url = signin_url(request, meeting.pk, signin.token_issue(meeting.pk))
    return url, qr_svg(url)


def _screen_meeting(request, meeting_id):
    """The meeting, for those who may write its organisation: outside scope 404, read-only 403."""
    return selectors.access_meeting(request.user, meeting_id, write=True)


def _detail_url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _status_context(meeting) -> dict:
    signed = (
        selectors.roster(meeting=meeting)
        .filter(status=AttendanceStatus.PRESENT)
        .order_by(F("signed_in_at").desc(nulls_last=True), "id")
    )
    summary = selectors.attendance_summary(meeting=meeting)
    return {
        "meeting": meeting,
        "summary": summary,
        "signed": signed,
        "poll_seconds": STATUS_POLL_SECONDS,
        "close_confirm": _close_confirm(summary),
    }


def _close_confirm(summary: dict) -> str:
    """The question 结束签到 asks; pointed when most of the roster has not signed in."""
    present, total = summary["present"], summary["total"]
    if total and present * 2 < total:
        return errors.CONFIRM_CLOSE_FEW.format(present=present, total=total, absent=total - present)
    return errors.CONFIRM_CLOSE


def _mobile_message(request, message: str, *, status: int, title: str = "无法签到"):
    return render(
        request, "meetings/signin_message.html", {"message": message, "title": title}, status=status
    )


# --- the screen (organisers) ---------------------------------------------------------------


@require_GET
def screen(request, meeting_id):
    meeting = _screen_meeting(request, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, errors.ERR_MEETING_CANCELLED)
        return redirect(_detail_url(meeting))
    url, svg = _issue(request, meeting)
    return render(
        request,
        "meetings/signin_screen.html",
        _status_context(meeting)
        | {
            "signin_url": url,
            "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
            "refresh_seconds": REFRESH_SECONDS,
            "detail_url": _detail_url(meeting),
        },
    )


@require_GET
def screen_qr(request, meeting_id):
    """A fresh code as SVG; the URL it encodes is also in the X-Signin-Url header (the screen
    keeps it in data-signin-url)."""
    meeting = _screen_meeting(request, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        response = HttpResponse(
            errors.ERR_MEETING_CANCELLED, status=400, content_type="text/plain; charset=utf-8"
        )
    else:
        url, svg = _issue(request, meeting)
        response = HttpResponse(svg, content_type="image/svg+xml")
        response["X-Signin-Url"] = url
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def screen_status(request, meeting_id):
    """The counters and the list of who signed in (polled by htmx)."""
    meeting = _screen_meeting(request, meeting_id)
    response = render(request, "meetings/signin_status.html", _status_context(meeting))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def screen_close(request, meeting_id):
    """结束签到: a meeting whose time has come is recorded as held (audited by the service);
    otherwise the screen just closes."""
    meeting = _screen_meeting(request, meeting_id)
    if meeting.status == MeetingStatus.PLANNED and meeting.held_at <= timezone.now():
        services.meeting_update(actor=request.user, meeting=meeting, status=MeetingStatus.HELD)
        messages.success(request, "签到已结束，会议已登记为“已召开”。")
    else:
        messages.success(request, "签到已结束。")
    return redirect(_detail_url(meeting))


# --- the phone -----------------------------------------------------------------------------


@login_not_required
@require_GET
def scan(request, meeting_id, token):
    """Public: the URL inside the QR code. A valid token records the scan in the session."""
    try:
        signin.token_verify(meeting_id, token)
    except ApplicationError as e:
        return _mobile_message(request, e.message, status=400, title="二维码已过期")
    meeting = selectors.meeting_for_signin(meeting_id=meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        return _mobile_message(request, errors.ERR_SIGNIN_NOT_OPEN, status=400)
    scan_remember(request.session, SESSION_KEY, "meeting", meeting.pk)
    confirm_url = reverse("meetings:signin_confirm", args=[meeting.pk])
    if request.user.is_authenticated:
        return redirect(confirm_url)
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': confirm_url})}")


def _own_qr_attendance(user, meeting_id: int) -> Attendance | None:
    """The user's own completed QR sign-in at this meeting (a reload of the success page)."""
    if user.person_id is None:
        return None
    return (
        Attendance.objects.filter(
            meeting_id=meeting_id,
            person_id=user.person_id,
            status=AttendanceStatus.PRESENT,
            method=SignMethod.QR,
            signed_in_at__isnull=False,
        )
        .select_related("meeting", "meeting__organization", "person")
        .first()
    )


@require_GET
def confirm(request, meeting_id):
    """Login required. Completes a scan made in this session within SIGNIN_CONFIRM_SECONDS."""
    scanned_here, fresh = scan_take(
        request.session, SESSION_KEY, "meeting", meeting_id, within=SIGNIN_CONFIRM_SECONDS
    )
    if not scanned_here or not fresh:
        done = _own_qr_attendance(request.user, meeting_id)
        if done is not None:
            return render(
                request, "meetings/signin_success.html", {"attendance": done, "meeting": done.meeting}
            )
        message = (
            errors.ERR_SIGNIN_SCAN_STALE.format(minutes=SIGNIN_CONFIRM_SECONDS // 60)
            if scanned_here
            else errors.ERR_SIGNIN_SCAN_FIRST
        )
        return _mobile_message(request, message, status=400, title="请扫码签到")
    meeting = selectors.meeting_for_signin(meeting_id=meeting_id)
    try:
        attendance = services.attendance_sign_in(actor=request.user, meeting=meeting)
    except ApplicationError as e:
        refused = e.message in (errors.ERR_SIGNIN_NOT_ROSTER, errors.ERR_SIGNIN_NO_PERSON)
        return _mobile_message(request, e.message, status=403 if refused else 400)
    return render(request, "meetings/signin_success.html", {"attendance": attendance, "meeting": meeting})
