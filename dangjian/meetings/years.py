"""The years that have meetings, for the year pickers of the meetings pages and the reports
(core.years chooses among them)."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core import years as core_years
from dangjian.meetings.models import Meeting


def meeting_years() -> list[int]:
    """The years from the first to the last meeting on record, newest first (two index lookups;
    a year without meetings between two with meetings is rare enough to be offered anyway)."""
    dates = Meeting.objects.order_by("held_at").values_list("held_at", flat=True)
    first, last = dates.first(), dates.last()
    if first is None:
        return []
    return list(range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1))


def year_choice(value) -> tuple[int, list[int]]:
    """(the year asked for or the default year, the picker's years)."""
    years = meeting_years()
    year = core_years.chosen_year(value, years)
    return year, core_years.year_options(years, year)
