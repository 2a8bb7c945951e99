"""The demo's study hours (dangjian/demo/trainings.py) at a small scale: most members, though not
all and not equally in every unit, meet the yearly requirement."""

import pytest

from dangjian.activities.enums import ActivityKind
from dangjian.activities.models import Participation
from dangjian.demo import builder as demo
from dangjian.trainings.selectors import hours_in

YEAR = 2023


@pytest.fixture
def province(db):
    return demo.build(year=YEAR, scale=0.02, seed=7, password="Demo-Passw0rd!", log=lambda s: None)


def test_most_members_meet_the_yearly_hours_requirement_at_rates_varying_by_unit(province):
    rows = hours_in(year=YEAR, path=province.root.path)
    met = sum(not r.short for r in rows)
    assert 0.80 <= met / len(rows) <= 0.95
    by_unit: dict[str, list[bool]] = {}
    for r in rows:
        by_unit.setdefault(r.org_path[: len(province.root.path) + 4], []).append(not r.short)
    rates = [sum(v) / len(v) for v in by_unit.values() if len(v) >= 10]
    assert max(rates) - min(rates) > 0.05


def test_the_study_hours_come_from_online_study_outside_every_campaign(province):
    online = Participation.objects.filter(kind=ActivityKind.OTHER, hours__isnull=False)
    assert online.exists()
    assert not online.filter(campaign_id__isnull=False).exists()
    # the training classes still credit only their own trainees
    assert Participation.objects.filter(kind=ActivityKind.TRAINING_CLASS, hours__isnull=False).count() < (
        online.count() / 5
    )
