"""QR sign-in tokens. The meeting screen shows a token issued at time t; it is valid for 30
seconds from t (the screen fetches a new one before then). A copied token is useless afterwards.

Token: "<t>.<mac>" where mac = HMAC-SHA256(SECRET_KEY, "signin:<meeting_id>:<t>")[:24]."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings

from dangjian.core.errors import ApplicationError
from dangjian.meetings import errors
from dangjian.meetings.rules import SIGNIN_WINDOW_SECONDS


def _mac(meeting_id: int, issued: int) -> str:
    msg = f"signin:{meeting_id}:{issued}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:24]


def token_issue(meeting_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_mac(meeting_id, issued)}"


def token_verify(meeting_id: int, token: str, now: float | None = None) -> int:
    """The issue time of a valid token; ApplicationError when forged, malformed or older than 30 s."""
    now = now if now is not None else time.time()
    try:
        issued_text, mac = token.split(".", 1)
        issued = int(issued_text)
    except (ValueError, AttributeError):
        raise ApplicationError(errors.ERR_SIGNIN_EXPIRED)
    if not hmac.compare_digest(mac, _mac(meeting_id, issued)):
        raise ApplicationError(errors.ERR_SIGNIN_EXPIRED)
    if not (0 <= now - issued <= SIGNIN_WINDOW_SECONDS):
        raise ApplicationError(errors.ERR_SIGNIN_EXPIRED)
    return issued
