import datetime as dt
from decimal import Decimal

import pytest

from dangjian.trainings import services
from dangjian.trainings.enums import ProgrammeSeries


@pytest.fixture
def programme(world):
    return services.programme_create(
        actor=world.committee,
        name="处级领导干部学习贯彻党的二十大精神培训班",
        organization=world.root,
        series=ProgrammeSeries.LEADING_CADRES,
        first_day=dt.date(2023, 3, 1),
        last_day=dt.date(2023, 12, 31),
    )


@pytest.fixture
def tc(world, programme):
    """第1期, 10 days: 9 days present is 90 %."""
    return services.class_create(
        actor=world.committee,
        programme=programme,
        first_day=dt.date(2023, 4, 1),
        last_day=dt.date(2023, 4, 10),
        hours=Decimal("40"),
        place="省委党校",
    )
