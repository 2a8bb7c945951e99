"""QR sign-in tokens of meetings: core.signin with the subject "meeting" (the mechanism is shared
with activities; see core/signin.py). Valid for SIGNIN_WINDOW_SECONDS from issue."""

from __future__ import annotations

from dangjian.core import signin
from dangjian.meetings import errors
from dangjian.meetings.rules import SIGNIN_WINDOW_SECONDS

SUBJECT = "meeting"


def token_issue(meeting_id: int, now: float | None = None) -> str:
    return signin.token_issue(SUBJECT, meeting_id, now)


def token_verify(meeting_id: int, token: str, now: float | None = None) -> int:
    """The issue time of a valid token; ApplicationError when forged, malformed or older than 30 s."""
    return signin.token_verify(
        SUBJECT, meeting_id, token, now, window=SIGNIN_WINDOW_SECONDS, message=errors.ERR_SIGNIN_EXPIRED
    )
