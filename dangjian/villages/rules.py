"""The rules of village cadres (rules.md §8d).

- Days in the village: no national number was found; local rules ask at least 20 days a month
  (关岭, 广西), which is the default of `settings.VILLAGE_MIN_DAYS_PER_MONTH`. A month the stationing
  covers only in part asks at most the days it covers. Leave (请假) does not count as days present;
  absences for meetings or training are reported by the cadre as days present (广西, 乐都).
- Days present can never exceed the days of the month.
- "两头不见人": a spot check (抽查) finds the cadre neither in the village nor at the sending unit on a
  day no leave record covers.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings


def min_days_per_month() -> int:
    return int(getattr(settings, "VILLAGE_MIN_DAYS_PER_MONTH", 20))


def days_in_month(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=days_in_month(month))


def required_days(month: dt.date, started_on: dt.date, ended_on: dt.date | None) -> int:
    """The days present a month asks of a stationing: the minimum, or fewer when the stationing
    covers only part of the month (never more than the days it covers)."""
    first = max(month.replace(day=1), started_on)
    last = min(month_end(month), ended_on or month_end(month))
    covered = (last - first).days + 1
    return max(0, min(min_days_per_month(), covered))
