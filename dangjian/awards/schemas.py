"""API schemas of selections and awards (/api/v1/selections, /api/v1/nominations)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]
Quota = Annotated[int, Field(ge=0, le=100_000)]


class SelectionOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    collective_quota: int
    individual_quota: int
    collective_used: int = 0
    individual_used: int = 0
    nomination_count: int = 0
    nomination_deadline: dt.date | None
    description: str


class SelectionIn(In):
    name: Annotated[str, Text(100, required=True)]
    year: Year
    kind: Annotated[str, Text(20)] = "other"
    collective_quota: Quota = 0
    individual_quota: Quota = 0
    nomination_deadline: dt.date | None = None
    description: Annotated[str, Text(5000)] = ""


class YearQuery(QueryIn):
    year: Year | None = None


class NominationOut(Schema):
    id: int
    selection_id: int
    nominee_kind: str
    is_collective: bool
    name: str
    unit: NamedRef
    citation: str
    status: str
    nominated_on: dt.date
    recommended_on: dt.date | None
    decided_on: dt.date | None
    awarded_on: dt.date | None


class StepOut(Schema):
    name: str
    label: str


class EventOut(Schema):
    transition: str
    from_state: str
    to_state: str
    at: dt.datetime
    note: str


class NominationDetailOut(NominationOut):
    next_steps: list[StepOut]
    timeline: list[EventOut]


class NominationIn(In):
    nominee_kind: Annotated[str, Text(20, required=True)]
    unit_id: Id | None = None
    organization_id: Id | None = None
    person_id: Id | None = None
    office_name: Annotated[str, Text(60)] = ""
    citation: Annotated[str, Text(5000)] = ""
    nominated_on: dt.date | None = None


class NominationQuery(QueryIn):
    status: Annotated[str, Text(20)] = ""


class StepIn(In):
    name: Annotated[str, Text(30, required=True)]
    note: Annotated[str, Text(1000)] = ""
    on: dt.date | None = None
