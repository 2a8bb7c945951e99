"""The member's page shows their life in the party as one timeline: people's own entries plus what
other areas register with people.selectors.on_person_timeline."""

import datetime as dt

import pytest

from dangjian.people import selectors
from dangjian.people.selectors import TimelineItem


@pytest.fixture
def extra_source():
    calls = []

    def source(*, actor, person):
        calls.append((actor, person))
        return [
            TimelineItem(on=dt.date(2009, 1, 2), kind="测试", title="登记的事项", detail="说明", url="/x/")
        ]

    selectors.on_person_timeline(source)
    yield calls
    selectors._TIMELINE_SOURCES.remove(source)


def test_the_timeline_merges_registered_sources_in_date_order(world, extra_source):
    person = world.people["member_a1"]
    items = selectors.person_timeline(actor=world.committee, person=person)
    assert extra_source == [(world.committee, person)]
    days = [i.on for i in items]
    assert days == sorted(days)
    assert any(i.kind == "党籍" for i in items)
    registered = [i for i in items if i.kind == "测试"]
    assert registered and registered[0].title == "登记的事项"


def test_the_member_page_shows_the_timeline(world, login, extra_source):
    person = world.people["member_a1"]
    page = login(world.secretary).get(f"/people/persons/{person.pk}/").content.decode()
    assert 'id="person-timeline"' in page
    assert "登记的事项" in page and 'href="/x/"' in page
