"""Rate limits of the public complaint page and API, per client address, in Django's cache:
submissions per hour, and wrong query codes per window (after which every lookup from that address
is refused until the window ends, so codes cannot be guessed). The limits are in
settings.COMPLAINT_INTAKE (complaints/rules.py)."""

from __future__ import annotations

from django.core.cache import cache

from dangjian.complaints import errors, rules
from dangjian.core.errors import ApplicationError


class RateLimited(ApplicationError):
    """Too many requests (HTTP 429)."""


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def submit_allowed(ip: str) -> None:
    """Count a submission; refuse beyond the hourly limit."""
    if _count(f"complaints:submit:{ip}", 3600) > rules.intake()["submits_per_hour"]:
        raise RateLimited(errors.ERR_RATE_SUBMIT)


def _track_key(ip: str) -> str:
    return f"complaints:track-fail:{ip}"


def track_allowed(ip: str) -> None:
    i = rules.intake()
    if (cache.get(_track_key(ip)) or 0) >= i["track_failures"]:
        raise RateLimited(errors.ERR_RATE_TRACK.format(minutes=i["track_window_minutes"]))


def track_failed(ip: str) -> None:
    _count(_track_key(ip), rules.intake()["track_window_minutes"] * 60)
