"""Rate limits of the public complaint page and API, per client address: submissions per hour, and
wrong query codes per window (after which every lookup from that address is refused until the window
ends, so codes cannot be guessed). The limits are in settings.COMPLAINT_INTAKE (complaints/rules.py).

The counters are rows of the database (`RateCounter`), not entries of Django's cache. The site is
served by several processes (`make serve`: 2 gunicorn workers), and the default cache is per process
(local memory), so counting there let each worker allow the full limit: a client could submit twice
as often, and guess twice as many codes, as the rules allow. The database is the one store every
process already shares, on SQLite and PostgreSQL alike, with nothing to install or to create by
hand (the table comes with `migrate`). Django's DatabaseCache would share the counts too, but its
`incr` is a read then a write, so two requests at once could both read 9 and both pass a limit of
10; it also needs `createcachetable` wired into every setup, and moving the whole default cache
there would slow the pages that cache large computed results (meetings/cadence.py). Here a count is
one atomic `UPDATE ... SET count = count + 1` on the row of its key: concurrent requests in any
process never lose one. A window starts with the first request and lasts its length (fixed window,
as `cache.add(key, 1, timeout)` did); an ended window is restarted in place; rows of ended windows
are purged when a new key is first counted. Cost: one small write transaction per submission or
wrong code, and one indexed read per code lookup.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dangjian.complaints import errors, rules
from dangjian.complaints.models import RateCounter
from dangjian.core.errors import ApplicationError


class RateLimited(ApplicationError):
    """Too many requests (HTTP 429)."""


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def count(key: str, window: int) -> int:
    """Count one request under `key` in its current window of `window` seconds (a new window starts
    when there is none or it has ended); returns the count so far in the window."""
    for _attempt in range(3):
        now = timezone.now()
        ends = now + dt.timedelta(seconds=window)
        with transaction.atomic():
            live = RateCounter.objects.filter(key=key, expires_at__gt=now)
            if live.update(count=F("count") + 1):
                return RateCounter.objects.filter(key=key).values_list("count", flat=True).get()
            if RateCounter.objects.filter(key=key, expires_at__lte=now).update(count=1, expires_at=ends):
                return 1
            try:
                with transaction.atomic():
                    RateCounter.objects.filter(expires_at__lte=now).delete()
                    RateCounter.objects.create(key=key, count=1, expires_at=ends)
                return 1
            except IntegrityError:
                pass  # another request created the row in between: count in it
    raise RuntimeError(f"rate counter {key} could not be written")  # pragma: no cover


def current(key: str) -> int:
    """The count under `key` in its current window (0 when there is none)."""
    row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("count", flat=True)
    return row.first() or 0


def submit_key(ip: str) -> str:
    return f"complaints:submit:{ip}"


def track_key(ip: str) -> str:
    return f"complaints:track-fail:{ip}"


def submit_allowed(ip: str) -> None:
    """Count a submission; refuse beyond the hourly limit."""
    if count(submit_key(ip), 3600) > rules.intake()["submits_per_hour"]:
        raise RateLimited(errors.ERR_RATE_SUBMIT)


def track_allowed(ip: str) -> None:
    i = rules.intake()
    if current(track_key(ip)) >= i["track_failures"]:
        raise RateLimited(errors.ERR_RATE_TRACK.format(minutes=i["track_window_minutes"]))


def track_failed(ip: str) -> None:
    count(track_key(ip), rules.intake()["track_window_minutes"] * 60)
