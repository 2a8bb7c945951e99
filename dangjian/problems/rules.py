"""The rules of rectification, each stating where it comes from.

- Default time limit: three months from the day a problem is assigned (the committee's feedback
  on the yearly assessment asks units to rectify "within three months"; a local practice, kept
  configurable in DEFAULT_MONTHS). A time limit whose last day is not a working day ends on the
  next working day (the general rule for time limits, e.g. 《中华人民共和国民事诉讼法》第八十五条,
  《行政处罚法》: "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期").
- Due soon: the deadline falls within the next DUE_SOON_WORKING_DAYS working days (today included).
- Overdue: the deadline day has passed and the problem is not closed (the deadline day itself is
  still in time, as core.workdays.is_overdue).
"""

from __future__ import annotations

import datetime as dt

from dangjian.core.errors import ApplicationError
from dangjian.core.workdays import Calendar, add_months
from dangjian.problems import errors

DEFAULT_MONTHS = 3
DUE_SOON_WORKING_DAYS = 10


def roll_to_working_day(day: dt.date, *, cal: Calendar | None = None) -> dt.date:
    """`day`, or the first working day after it when it is a weekend or holiday."""
    cal = cal or Calendar.load()
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def default_deadline(
    found_on: dt.date, *, months: int = DEFAULT_MONTHS, cal: Calendar | None = None
) -> dt.date:
    return roll_to_working_day(add_months(found_on, months), cal=cal)


def due_soon_until(today: dt.date, *, cal: Calendar | None = None) -> dt.date:
    """The last deadline counted as due soon on `today`."""
    return (cal or Calendar.load()).add_working_days(today, DUE_SOON_WORKING_DAYS)


# --- guards of the workflow: (problem, actor, data) -------------------------------------------------


def result_given(problem, actor, data: dict) -> None:
    if not (data.get("result") or "").strip():
        raise ApplicationError(errors.ERR_RESULT_REQUIRED, field="note")


def reason_given(label: str):
    def guard(problem, actor, data: dict) -> None:
        if not (data.get("reason") or "").strip():
            raise ApplicationError(errors.ERR_REASON_REQUIRED.format(label=label), field="note")

    guard.__name__ = f"reason_given_{label}"
    return guard


def new_deadline_not_past(problem, actor, data: dict) -> None:
    value = data.get("deadline")
    if value and dt.date.fromisoformat(value) < dt.date.fromisoformat(data["today"]):
        raise ApplicationError(errors.ERR_NEW_DEADLINE_PAST, field="deadline")
