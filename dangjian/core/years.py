"""The year a yearly page opens on, the same on every page: the current year, or, when it has no
data yet, the latest year that has. Each page offers the years that have data to pick from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

FIRST_YEAR, LAST_YEAR = 1921, 2100


def default_year(years: Sequence[int], today: dt.date | None = None) -> int:
    """`years`: the years with data. The current year if it has data (or nothing has any), else
    the latest year with data before it (else the earliest after it)."""
    this = (today or timezone.localdate()).year
    if not years or this in years:
        return this
    past = [y for y in years if y < this]
    return max(past) if past else min(years)


def chosen_year(value, years: Sequence[int], today: dt.date | None = None) -> int:
    """The year asked for (?year=), or the default year when it is empty or not a year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default_year(years, today)
    return year if FIRST_YEAR <= year <= LAST_YEAR else default_year(years, today)


def year_options(years: Sequence[int], chosen: int) -> list[int]:
    """The picker's years, newest first; the chosen year is there even when it has no data."""
    return sorted(set(years) | {chosen}, reverse=True)
