"""Problems for tests, created through the service (as users do)."""

from __future__ import annotations

import datetime as dt

from dangjian.problems import services
from dangjian.problems.enums import ProblemSource


def make_problem(world, *, actor=None, unit=None, organization=None, **fields):
    defaults = {
        "source": ProblemSource.ASSESSMENT,
        "description": "“三会一课”记录不规范",
        "found_on": dt.date(2023, 2, 15),
        "year": 2022,
        "source_ref": "2022年度党建工作实绩考核",
    }
    if unit is None and organization is None:
        unit = world.unit_a
    return services.problem_create(
        actor=actor or world.committee, unit=unit, organization=organization, **(defaults | fields)
    )
