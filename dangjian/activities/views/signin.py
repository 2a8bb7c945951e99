"""QR sign-in of activities, on the shared mechanism of core.signin (as meetings): the screen
with a rotating code and live counters (organisers), the public scan URL and the confirm page a
person reaches on the phone after logging in, which marks them present (services.sign_in)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangjian.activities import errors, selectors, services
from dangjian.activities.enums import TOOK_PART
from dangjian.activities.models import Activity, Participation
from dangjian.core import signin
from dangjian.core.errors import ApplicationError, get_or_404

SUBJECT = "activity"
SESSION_KEY = "activity_signin"
STATUS_POLL_SECONDS = 3


def _issue(request, activity_id: int) -> tuple[str, bytes]:
    token = signin.token_issue(SUBJECT, activity_id)
    url = request.build_absolute_uri(reverse("activities:signin_scan", args=[activity_id, token]))
    return url, signin.qr_svg(url)


def _status_context(activity: Activity) -> dict:
    signed = (
        Participation.objects.filter(activity=activity, status__in=TOOK_PART)
        .select_related("person")
        .order_by(F("signed_in_at").desc(nulls_last=True), "-id")[:200]
    )
    return {
        "activity": activity,
        "summary": selectors.activity_summary(activity),
        "signed": signed,
        "poll_seconds": STATUS_POLL_SECONDS,
    }


@require_GET
def screen(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, write=True)
    url, svg = _issue(request, activity.pk)
    return render(
        request,
        "activities/signin_screen.html",
        _status_context(activity)
        | {
            "signin_url": url,
            "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
            "refresh_seconds": signin.REFRESH_SECONDS,
        },
    )


@require_GET
def screen_qr(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, write=True)
    url, svg = _issue(request, activity.pk)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["X-Signin-Url"] = url
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def screen_status(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, write=True)
    response = render(request, "activities/signin_status.html", _status_context(activity))
    response["Cache-Control"] = "no-store"
    return response


def _message(request, message: str, *, status: int, title: str = "无法签到"):
    return render(request, "signin/message.html", {"message": message, "title": title}, status=status)


@login_not_required
@require_GET
def scan(request, activity_id, token):
    """Public: the URL inside the QR code. A valid token records the scan in the session."""
    try:
        signin.token_verify(SUBJECT, activity_id, token, message=errors.ERR_SIGNIN_EXPIRED)
    except ApplicationError as e:
        return _message(request, e.message, status=400, title="二维码已过期")
    get_or_404(Activity.objects.all(), activity_id)
    signin.scan_remember(request.session, SESSION_KEY, "activity", activity_id)
    confirm_url = reverse("activities:signin_confirm", args=[activity_id])
    if request.user.is_authenticated:
        return redirect(confirm_url)
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': confirm_url})}")


@require_GET
def confirm(request, activity_id):
    """Login required. Completes a scan made in this session within core.signin.CONFIRM_SECONDS."""
    activity = get_or_404(Activity.objects.select_related("organization", "campaign__scope"), activity_id)
    scanned_here, fresh = signin.scan_take(request.session, SESSION_KEY, "activity", activity.pk)
    if not (scanned_here and fresh):
        done = (
            Participation.objects.filter(
                activity=activity, person_id=request.user.person_id, signed_in_at__isnull=False
            )
            .select_related("person")
            .first()
            if request.user.person_id
            else None
        )
        if done is not None:
            return render(request, "activities/signin_success.html", {"row": done, "activity": activity})
        message = (
            errors.ERR_SIGNIN_SCAN_STALE.format(minutes=signin.CONFIRM_SECONDS // 60)
            if scanned_here
            else errors.ERR_SIGNIN_SCAN_FIRST
        )
        return _message(request, message, status=400, title="请扫码签到")
    try:
        row = services.sign_in(actor=request.user, activity=activity)
    except ApplicationError as e:
        refused = e.message in (errors.ERR_SIGNIN_NOT_LISTED, errors.ERR_SIGNIN_NO_PERSON)
        return _message(request, e.message, status=403 if refused else 400)
    return render(request, "activities/signin_success.html", {"row": row, "activity": activity})
