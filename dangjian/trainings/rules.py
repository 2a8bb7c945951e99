"""The completion rule of a programme and the yearly hours requirement, pure functions over what
services and selectors read (no queries)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

# rules.md §2a (secondary source): members at least 32 class hours a year, secretaries and
# committee members of grassroots organisations at least 56. Defaults of HoursRequirement.
DEFAULT_HOURS = {"member": 32, "leader": 56}
HOURS_SOURCE = "2019–2023年全国党员教育培训工作规划（rules.md §2a，二手来源）"


def class_days(first: dt.date, last: dt.date) -> int:
    """Every day from the first to the last day runs (classes run through weekends)."""
    return (last - first).days + 1


def attendance_rate(present_days: int, days: int) -> Decimal:
    """Per cent, one decimal, half up."""
    if days <= 0:
        return Decimal(0)
    return (Decimal(present_days) * 100 / days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meets_completion(present_days: int, days: int, rule_percent: int) -> bool:
    """Attendance of at least `rule_percent` of the class days (exact: no rounding)."""
    return present_days * 100 >= rule_percent * days
