"""Working days on China's official calendar with the committee's own days, and deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.accounts.models import User
from dangjian.core import workdays
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, AuditEvent, WorkdayOverride

D = dt.date
pytestmark = pytest.mark.django_db


# --- the official calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,working",
    [
        (D(2023, 9, 28), True),  # Thursday before National Day
        *[(D(2023, 9, 29) + dt.timedelta(days=i), False) for i in range(8)],  # 9/29-10/6 off
        (D(2023, 10, 7), True),
        (D(2023, 10, 8), True),  # adjusted working Saturday and Sunday
        (D(2023, 10, 9), True),
        (D(2023, 1, 20), True),
        (D(2023, 1, 21), False),
        (D(2023, 1, 27), False),  # Spring Festival
        (D(2023, 1, 28), True),
        (D(2023, 1, 29), True),  # adjusted working weekend
        (D(2023, 3, 4), False),
        (D(2023, 3, 5), False),
        (D(2023, 3, 6), True),  # an ordinary weekend
    ],
)
def test_a_day_is_working_as_the_official_calendar_says(day, working):
    assert workdays.is_working_day(day) is working


def test_counting_across_national_day_2023():
    assert workdays.add_working_days(D(2023, 9, 28), 1) == D(2023, 10, 7)
    assert workdays.add_working_days(D(2023, 9, 27), 2) == D(2023, 10, 7)
    assert workdays.add_working_days(D(2023, 9, 28), 3) == D(2023, 10, 9)
    assert workdays.working_days_between(D(2023, 9, 28), D(2023, 10, 9)) == 3
    assert workdays.working_days_between(D(2023, 9, 28), D(2023, 10, 6)) == 0


def test_counting_across_spring_festival_2023():
    # received Friday 20 January: five working days are 28, 29, 30, 31 January and 1 February
    assert workdays.add_working_days(D(2023, 1, 20), 5) == D(2023, 2, 1)
    assert workdays.working_days_between(D(2023, 1, 20), D(2023, 2, 1)) == 5


def test_counting_across_a_weekend_and_a_month_end():
    assert workdays.add_working_days(D(2023, 3, 31), 1) == D(2023, 4, 3)  # Friday -> Monday
    assert workdays.add_working_days(D(2023, 3, 4), 1) == D(2023, 3, 6)  # from a Saturday
    assert workdays.add_working_days(D(2023, 3, 6), 0) == D(2023, 3, 6)


def test_counting_backwards():
    assert workdays.add_working_days(D(2023, 10, 7), -1) == D(2023, 9, 28)
    assert workdays.working_days_between(D(2023, 10, 9), D(2023, 9, 28)) == -3


@pytest.mark.parametrize("start,n", [(D(2023, 1, 20), 15), (D(2023, 9, 20), 15), (D(2023, 12, 25), 20)])
def test_add_and_between_agree(start, n):
    assert workdays.working_days_between(start, workdays.add_working_days(start, n)) == n


def test_fifteen_working_days_cost_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert workdays.add_working_days(D(2023, 9, 25), 15) == D(2023, 10, 20)


def test_one_calendar_counts_the_deadlines_of_many_records_without_further_queries(django_assert_num_queries):
    cal = workdays.Calendar.load()
    starts = [D(2023, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    with django_assert_num_queries(0):
        ends = [workdays.deadline(s, working_days=5, cal=cal) for s in starts]
    assert ends[starts.index(D(2023, 9, 28))] == D(2023, 10, 11)
    assert all(cal.working_days_between(s, e) == 5 for s, e in zip(starts, ends, strict=True))


# --- the committee's days and years not covered ------------------------------------------------------


def test_a_year_the_package_does_not_cover_falls_back_to_monday_to_friday_and_says_so():
    assert workdays.year_source(2023) == workdays.OFFICIAL
    assert workdays.year_source(2031) == workdays.FALLBACK and workdays.is_fallback(D(2031, 5, 1))
    assert workdays.is_working_day(D(2031, 5, 1))  # a Thursday: Labour Day not known
    assert not workdays.is_working_day(D(2031, 5, 3))  # a Saturday
    assert workdays.add_working_days(D(2031, 5, 2), 1) == D(2031, 5, 5)


def test_the_committees_days_fill_a_year_the_package_does_not_cover(db):
    WorkdayOverride.objects.create(day=D(2031, 5, 1), is_working_day=False, note="劳动节")
    WorkdayOverride.objects.create(day=D(2031, 5, 3), is_working_day=True, note="调休上班")
    assert workdays.year_source(2031) == workdays.OVERRIDES and not workdays.is_fallback(D(2031, 5, 1))
    assert not workdays.is_working_day(D(2031, 5, 1))
    assert workdays.is_working_day(D(2031, 5, 3))
    assert workdays.add_working_days(D(2031, 4, 30), 2) == D(2031, 5, 3)


def test_a_committee_day_wins_over_the_official_calendar(db):
    WorkdayOverride.objects.create(day=D(2023, 10, 9), is_working_day=False, note="本地假日")
    assert workdays.add_working_days(D(2023, 9, 28), 3) == D(2023, 10, 10)


# --- natural days and months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start,months,end",
    [
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # month ends, leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2023, 10, 15), 3, D(2024, 1, 15)),
        (D(2023, 3, 31), -1, D(2023, 2, 28)),
    ],
)
def test_months_keep_the_day_or_take_the_months_last(start, months, end):
    assert workdays.add_months(start, months) == end
    assert workdays.deadline(start, months=months) == end


def test_deadlines_in_each_unit_and_the_boundary_day_is_in_time():
    received = D(2023, 9, 28)
    assert workdays.deadline(received, working_days=5) == D(2023, 10, 11)
    assert workdays.deadline(received, days=60) == D(2023, 11, 27)
    assert not workdays.is_overdue(received, D(2023, 10, 11), working_days=5)
    assert workdays.is_overdue(received, D(2023, 10, 12), working_days=5)
    with pytest.raises(ValueError):
        workdays.deadline(received, days=5, months=1)


# --- writes ------------------------------------------------------------------------------------------


def test_adding_and_removing_a_day_is_audited(db):
    actor = User.objects.create_user("staff", password="x")
    row = workdays.override_add(actor=actor, day=D(2031, 10, 1), is_working_day=False, note=" 国庆节 ")
    assert row.note == "国庆节"
    with pytest.raises(ApplicationError) as e:
        workdays.override_add(actor=actor, day=D(2031, 10, 1), is_working_day=True)
    assert e.value.message == workdays.ERR_DAY_TAKEN.format(day=D(2031, 10, 1))
    workdays.override_remove(actor=actor, override=row)
    assert not WorkdayOverride.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="core.workdayoverride").values_list("action", "changes")
    )
    assert sorted(a for a, _ in actions) == [AuditAction.CREATE, AuditAction.DELETE]
    assert dict(actions)[AuditAction.CREATE]["day"] == [None, "2031-10-01"]
