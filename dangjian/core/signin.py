"""QR sign-in, shared by everything people sign into with their phone (meetings, activities).

A screen shows a QR code of a URL holding a token issued at time t; the token is valid for
`WINDOW_SECONDS` from t (the screen fetches a new one before then), so a copied token is useless
afterwards. Token: "<t>.<mac>" where mac = HMAC-SHA256(SECRET_KEY, "signin:<subject>:<id>:<t>")[:24];
`subject` names what is signed into ("meeting", "activity"), so a token of one never opens another.

Scanning stores the verified scan in the session (`scan_remember`); the confirm page, reached
after logging in when needed (login keeps the session's data), takes it once (`scan_take`) and
completes the sign-in when it is recent. Each area keeps its own pages and its own service that
marks the person present; only this mechanism is shared.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import time

import segno
from django.conf import settings

from dangjian.core.errors import ApplicationError

WINDOW_SECONDS = 30
CONFIRM_SECONDS = 600  # a verified scan may be completed by logging in within 10 minutes
REFRESH_SECONDS = 25  # screens fetch a new code before the token expires
ERR_EXPIRED = "二维码已过期（每30秒更新一次），请重新扫描屏幕上的二维码。"


def _mac(subject: str, obj_id: int, issued: int) -> str:
    msg = f"signin:{subject}:{obj_id}:{issued}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:24]


def token_issue(subject: str, obj_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_mac(subject, obj_id, issued)}"


def token_verify(
    subject: str,
    obj_id: int,
    token: str,
    now: float | None = None,
    *,
    window: int = WINDOW_SECONDS,
    message: str = ERR_EXPIRED,
) -> int:
    """The issue time of a valid token; ApplicationError(`message`) when forged, malformed, for
    another subject or object, or older than `window` seconds."""
    now = now if now is not None else time.time()
    try:
        issued_text, mac = token.split(".", 1)
        issued = int(issued_text)
    except (ValueError, AttributeError):
        raise ApplicationError(message)
    if not hmac.compare_digest(mac, _mac(subject, obj_id, issued)):
        raise ApplicationError(message)
    if not (0 <= now - issued <= window):
        raise ApplicationError(message)
    return issued


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as SVG (segno). Deterministic: the same URL gives the same bytes."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(
        buf, kind="svg", scale=10, border=2, xmldecl=False, svgclass="signin-qr-svg"
    )
    return buf.getvalue()


def scan_remember(session, key: str, field: str, obj_id: int) -> None:
    """Keep a verified scan in the session: {field: obj_id, "at": now} under `key`."""
    session[key] = {field: obj_id, "at": time.time()}


def scan_take(
    session, key: str, field: str, obj_id: int, *, within: int = CONFIRM_SECONDS
) -> tuple[bool, bool]:
    """(scanned_here, fresh): whether this session scanned `obj_id`'s code, and did so within
    `within` seconds. The scan is used up (one scan, one sign-in)."""
    pending = session.get(key)
    scanned_here = isinstance(pending, dict) and pending.get(field) == obj_id
    fresh = False
    if scanned_here:
        try:
            fresh = 0 <= time.time() - float(pending.get("at")) <= within
        except (TypeError, ValueError):
            fresh = False
        session.pop(key, None)
    return scanned_here, fresh
