"""The 50-years medal (rules.md §5): living members whose 党龄 (from the full-membership date,
细则 第三十四条) reaches 50 years by the cut-off day of the issuing year. The first issue (2021)
used 1 July (confirmed); later years presumably too (unconfirmed): MEDAL_CUTOFF_MONTH_DAY in
settings, default (7, 1)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from dangjian.people.models import years_between

MEDAL_YEARS = 50


def cutoff(year: int) -> dt.date:
    month, day = getattr(settings, "MEDAL_CUTOFF_MONTH_DAY", (7, 1))
    return dt.date(year, month, day)


def latest_full_on(year: int) -> dt.date:
    """The latest full-membership date that reaches 50 years by the cut-off (29 Feb → 28 Feb)."""
    c = cutoff(year)
    try:
        return c.replace(year=c.year - MEDAL_YEARS)
    except ValueError:
        return dt.date(c.year - MEDAL_YEARS, c.month, 28)


def party_years(full_on: dt.date | None, year: int) -> int | None:
    return years_between(full_on, cutoff(year))
