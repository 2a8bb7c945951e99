"""API schemas of demonstration sites (/api/v1/demo-sites)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text


class SiteOut(Schema):
    id: int
    organization: NamedRef
    unit: NamedRef
    origin: str
    status: str
    year: int
    proposed_on: dt.date
    statement: str
    evaluated_on: dt.date | None
    named_on: dt.date | None
    valid_until: dt.date | None
    last_reviewed_on: dt.date | None
    revoked_on: dt.date | None
    revoke_reason: str
    provincial_on: dt.date | None


class StepOut(Schema):
    name: str
    label: str


class EventOut(Schema):
    transition: str
    from_state: str
    to_state: str
    at: dt.datetime
    note: str
    data: dict


class SiteDetailOut(SiteOut):
    next_steps: list[StepOut]
    timeline: list[EventOut]


class SiteQuery(QueryIn):
    status: Annotated[str, Text(20)] = ""
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    organization_id: Id | None = None


class SiteIn(In):
    organization_id: Id
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    statement: Annotated[str, Text(5000)] = ""
    proposed_on: dt.date | None = None


class StepIn(In):
    name: Annotated[str, Text(30, required=True)]
    note: Annotated[str, Text(1000)] = ""
    on: dt.date | None = None
    valid_years: Annotated[int, Field(ge=1, le=10)] | None = None
