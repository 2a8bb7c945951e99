"""Working days and deadlines as the rules count them.

A day is a working day by, in this order: the committee's own days (WorkdayOverride), China's
official holiday and adjusted-working-day calendar (the chinesecalendar package, which covers the
years the State Council has published), and otherwise Monday to Friday. A year the package does
not cover and the committee has entered no days for is counted Monday to Friday; `year_source`
says so, so pages can warn that holidays of that year are not known yet.

Counting: `add_working_days(d, n)` is the n-th working day after d (d itself not counted: "within 5
working days of receipt" ends on add_working_days(received, 5)); `working_days_between(a, b)`
counts the working days after a up to and including b, so the two agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, WorkdayOverride

OFFICIAL, OVERRIDES, FALLBACK = "official", "overrides", "fallback"
SOURCE_LABELS = {
    OFFICIAL: "国务院办公厅公布的节假日安排",
    OVERRIDES: "工委维护的工作日调整",
    FALLBACK: "尚无该年节假日安排，暂按周一至周五计算",
}
OFFICIAL_YEARS = frozenset(
    {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
)
MAX_SPAN_DAYS = 3660  # no deadline in the rules runs beyond ten years

ERR_DAY_TAKEN = "{day:%Y年%m月%d日}已有调整，请先删除原调整。"
ERR_NOTE_TOO_LONG = "说明不能超过100个字。"


@functools.lru_cache(maxsize=8192)
def _official_working_day(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)  # ~30 µs a call: deadlines ask the same days again and again


@dataclass(frozen=True)
class Calendar:
    """The committee's days, loaded once (a few dozen rows a year): counting the deadlines of many
    records with one Calendar costs one query."""

    overrides: dict[dt.date, bool]
    override_years: frozenset[int]

    @classmethod
    def load(cls) -> Calendar:
        days = dict(WorkdayOverride.objects.values_list("day", "is_working_day"))
        return cls(days, frozenset(d.year for d in days))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in OFFICIAL_YEARS:
            return _official_working_day(day)
        return day.weekday() < 5

    def year_source(self, year: int) -> str:
        if year in self.override_years:
            return OVERRIDES
        return OFFICIAL if year in OFFICIAL_YEARS else FALLBACK

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        step, left, current = (1 if n >= 0 else -1), abs(n), day
        while left:
            current += dt.timedelta(days=step)
            if abs((current - day).days) > MAX_SPAN_DAYS:
                raise ValueError("working-day span too long")
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("working-day span too long")
        return sum(
            self.is_working_day(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1)
        )


def is_working_day(day: dt.date) -> bool:
    return Calendar.load().is_working_day(day)


def year_source(year: int) -> str:
    """OFFICIAL, OVERRIDES (the committee entered days of that year) or FALLBACK (Monday to Friday)."""
    return Calendar.load().year_source(year)


def is_fallback(day: dt.date) -> bool:
    """True when `day` is counted Monday to Friday for want of that year's calendar."""
    return year_source(day.year) == FALLBACK


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (before it for negative n); `day` itself when n is 0."""
    return Calendar.load().add_working_days(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    return Calendar.load().working_days_between(start, end)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, the month's last day where it has no such day (31 Jan + 1 month
    = 28/29 Feb; 29 Feb 2024 + 12 months = 28 Feb 2025)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def deadline(
    start: dt.date, *, working_days: int = 0, days: int = 0, months: int = 0, cal: Calendar | None = None
) -> dt.date:
    """The last day of a time limit counted from `start`, as rules.md states them: "within 5 working
    days" (working_days=5), "within 30 days" (days=30), "within three months" / "one year" (months=3 /
    months=12). Exactly one of them. Pass `cal` (Calendar.load()) when computing many."""
    if sum(bool(x) for x in (working_days, days, months)) != 1:
        raise ValueError("give exactly one of working_days, days, months")
    if working_days:
        return (cal or Calendar.load()).add_working_days(start, working_days)
    if days:
        return start + dt.timedelta(days=days)
    return add_months(start, months)


def is_overdue(start: dt.date, today: dt.date, **limit) -> bool:
    """True when `today` is past the deadline (the deadline day itself is still in time)."""
    return today > deadline(start, **limit)


# --- the committee's days (the page checks who may; these write and audit) ---------------------------


@transaction.atomic
def override_add(*, actor: Actor, day: dt.date, is_working_day: bool, note: str = "") -> WorkdayOverride:
    note = (note or "").strip()
    if len(note) > 100:
        raise ApplicationError(ERR_NOTE_TOO_LONG, field="note")
    if WorkdayOverride.objects.filter(day=day).exists():
        raise ApplicationError(ERR_DAY_TAKEN.format(day=day), field="day")
    row = WorkdayOverride.objects.create(day=day, is_working_day=is_working_day, note=note)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created({"day": str(day), "is_working_day": is_working_day, "note": note}),
    )
    return row


@transaction.atomic
def override_remove(*, actor: Actor, override: WorkdayOverride) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=override,
        changes=audit.diff(
            {"day": str(override.day), "is_working_day": override.is_working_day, "note": override.note}, {}
        ),
    )
    override.delete()
