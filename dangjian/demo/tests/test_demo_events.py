"""The demo's events (dangjian/demo/events.py) at a small scale: the report's event figures come
out of the records exactly as scaled by construction, and each event's rows are well formed."""

from __future__ import annotations

import pytest

from dangjian.activities.enums import ParticipantRole
from dangjian.activities.models import Participation, UnitReturnEntry
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.demo import builder as demo
from dangjian.events.enums import EventSeries
from dangjian.events.models import CompetitionResult, Event

SCALE = 0.05
YEAR = 2023


@pytest.fixture
def province(db):
    return demo.build(year=YEAR, scale=SCALE, seed=7, password="Demo-Passw0rd!", log=lambda s: None)


def value(mid: str, path: str = "") -> float:
    return float(REGISTRY[mid].compute(ReportScope(path=path), Period.year(YEAR)).value)


def scaled(n: float) -> int:
    return max(1, round(n * SCALE))


def test_the_event_figures_are_the_scaled_targets(province):
    assert value("work_conference_speaking_units") == scaled(6)
    assert value("mutual_learning_sessions") == scaled(5)
    assert value("family_story_participants") == scaled(590)
    assert value("integrity_concert_attendees") == scaled(390)
    assert value("skills_contestants") == scaled(387)
    for mid, target in [
        ("model_org_exchange_attendees", 150),
        ("family_story_viewings", 25000),
        ("basketball_participants", 1400),
        ("sports_meet_registrations", 4500),
    ]:
        assert scaled(target) <= value(mid) < scaled(target) * 1.1 + 2, mid
    # a subtree counts only what was taken part in from inside it
    rows = Participation.objects.filter(activity__event__series=EventSeries.SPORTS_MEET)
    first = rows.exclude(org_path="").values_list("org_path", flat=True).first()
    assert first is not None
    path = first[:8]
    assert 0 < value("sports_meet_registrations", path) < value("sports_meet_registrations")


def test_the_events_records_are_well_formed(province):
    # the family story counts members and their families; units answer its return
    event = Event.objects.get(series=EventSeries.FAMILY_STORY)
    rows = Participation.objects.filter(activity_id=event.pk)
    assert rows.filter(person__isnull=False).exists() and rows.filter(guest_kind="family").exists()
    entries = UnitReturnEntry.objects.filter(unit_return__activity_id=event.pk)
    assert entries.count() < event.activity.returns.get().units.count() + 1
    assert event.cases.count() == 3
    # speakers come from distinct units; contestants who took part have results
    conf = Event.objects.get(series=EventSeries.WORK_CONFERENCE)
    speakers = Participation.objects.filter(activity_id=conf.pk, role=ParticipantRole.SPEAKER)
    assert speakers.values("unit").distinct().count() == speakers.count()
    skills = Event.objects.get(series=EventSeries.SKILLS_CONTEST)
    assert CompetitionResult.objects.filter(event=skills, participation__status="present").count() >= 1
