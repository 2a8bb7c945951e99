"""Working-day deadlines: how long counting them takes, one by one and with one loaded Calendar.

    .venv/bin/python bench/bench_workdays.py

Prints the time per deadline of 5 and 15 working days from every day of 2023-2026 (the official
calendar) and of 2031 (Monday to Friday with 30 committee days)."""

from __future__ import annotations

import datetime as dt
import time

from _private_db import setup


def main() -> None:
    setup(fresh=False)
    from dangjian.core import workdays
    from dangjian.core.models import WorkdayOverride

    WorkdayOverride.objects.filter(day__year=2031).delete()
    WorkdayOverride.objects.bulk_create(
        WorkdayOverride(day=dt.date(2031, 10, 1) + dt.timedelta(days=i), is_working_day=False)
        for i in range(30)
    )
    for label, first, days in (
        ("2023-2026", dt.date(2023, 1, 1), 4 * 365),
        ("2031", dt.date(2031, 1, 1), 365),
    ):
        starts = [first + dt.timedelta(days=i) for i in range(days)]
        for n in (5, 15):
            t = time.perf_counter()
            cal = workdays.Calendar.load()
            for s in starts:
                workdays.deadline(s, working_days=n, cal=cal)
            one_cal = (time.perf_counter() - t) / len(starts)
            t = time.perf_counter()
            for s in starts[:500]:
                workdays.add_working_days(s, n)
            each = (time.perf_counter() - t) / 500
            print(
                f"{label} {n:>2} working days: {one_cal * 1e6:7.1f} µs each with one Calendar, "
                f"{each * 1e6:7.1f} µs each loading it ({len(starts)} deadlines)"
            )
    WorkdayOverride.objects.filter(day__year=2031).delete()


if __name__ == "__main__":
    main()
