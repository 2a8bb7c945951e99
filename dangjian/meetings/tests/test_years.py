"""Every yearly page opens on the same default year, with a picker of the years that have data."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.services import meetings as services

PAGES = [
    "/meetings/cadence/",
    "/meetings/central-group/",
    "/meetings/youth-groups/coverage/",
    "/meetings/ledgers/",
    "/reports/annual/",
]


def selected_year(html: str) -> int:
    found = re.search(r'<select name="year" class="year-select">(.*?)</select>', html, re.S)
    assert found is not None
    select = found.group(1)
    found = re.search(r'<option value="(\d+)" selected>', select)
    assert found is not None
    return int(found.group(1))


def offered_years(html: str) -> list[int]:
    found = re.search(r'<select name="year" class="year-select">(.*?)</select>', html, re.S)
    assert found is not None
    select = found.group(1)
    return [int(y) for y in re.findall(r'<option value="(\d+)"', select)]


def meeting_in(world, year: int):
    services.meeting_create(
        actor=world.committee,
        organization=world.a1,
        kind=MeetingKind.THEMED_DAY,
        title="主题党日",
        held_at=timezone.make_aware(dt.datetime(year, 4, 1, 9)),
        status=MeetingStatus.HELD,
    )


@pytest.mark.parametrize("url", PAGES)
def test_a_page_opens_on_the_latest_year_with_data_when_this_year_has_none(world, login, url):
    last = timezone.localdate().year - 2
    meeting_in(world, last - 1)
    meeting_in(world, last)
    html = login(world.committee).get(url).content.decode()
    assert selected_year(html) == last and offered_years(html) == [last, last - 1]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_opens_on_this_year_when_it_has_data_and_keeps_an_asked_year(world, login, url):
    this = timezone.localdate().year
    meeting_in(world, this - 1)
    meeting_in(world, this)
    client = login(world.committee)
    assert selected_year(client.get(url).content.decode()) == this
    assert selected_year(client.get(url, {"year": this - 1}).content.decode()) == this - 1
