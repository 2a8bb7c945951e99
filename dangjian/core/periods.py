"""When a dated record is in force, in one place for every selector and metric.

A record holds from its start day (inclusive; an empty start, where the field allows it, means
"always") up to its end day, which is the first day it no longer holds (exclusive; empty means
"still holds"). left_on, dissolved_on, ended_on and valid_to all mean "the first day out": someone
who left on 1 January was not a member on 1 January, nor at any time in that year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q


def in_force_on(day: dt.date, *, start: str, end: str, open_start: bool = False) -> Q:
    """Records in force on `day`: start <= day < end. `open_start`: an empty start counts as
    "since always" (for fields such as established_on that may be unknown)."""
    return _started_by(day, start, open_start) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def in_force_during(first: dt.date, last: dt.date, *, start: str, end: str, open_start: bool = False) -> Q:
    """Records in force on at least one day of [first, last] (both inclusive)."""
    return _started_by(last, start, open_start) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": first}))


def is_in_force_on(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """The same rule for one record already in memory (an empty start counts as "since always")."""
    return (start is None or start <= day) and (end is None or day < end)


def _started_by(day: dt.date, start: str, open_start: bool) -> Q:
    started = Q(**{f"{start}__lte": day})
    return started | Q(**{f"{start}__isnull": True}) if open_start else started
