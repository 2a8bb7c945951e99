"""API schemas of the problem ledger (/api/v1/problems)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text
from dangjian.problems.enums import ProblemSource, ProblemStatus

Year = Annotated[int, Field(ge=2000, le=2100)]


class ProblemQuery(QueryIn):
    status: ProblemStatus | None = None
    source: ProblemSource | None = None
    year: Year | None = None
    unit_id: Id | None = None
    queue: Literal["overdue", "due_soon"] | None = None
    q: Annotated[str, Text(50)] = ""


class ProgressQuery(QueryIn):
    year: Year | None = None
    source: ProblemSource | None = None


class ProblemIn(In):
    source: ProblemSource
    description: Annotated[str, Text(2000, required=True)]
    unit_id: Id | None = None
    organization_id: Id | None = None
    year: Year | None = None
    source_ref: Annotated[str, Text(200)] = ""
    measures: Annotated[str, Text(2000)] = ""
    responsible: Annotated[str, Text(50)] = ""
    found_on: dt.date | None = None
    deadline: dt.date | None = None


class ProblemUpdateIn(In):
    measures: Annotated[str, Text(2000)] | None = None
    responsible: Annotated[str, Text(50)] | None = None
    progress: Annotated[str, Text(2000)] | None = None
    deadline: dt.date | None = None


class TransitionIn(In):
    name: Literal["start", "submit", "verify", "return", "reopen"]
    note: Annotated[str, Text(2000)] = ""
    deadline: dt.date | None = None


class ProblemOut(Schema):
    id: int
    source: str
    source_label: str = Field(..., alias="get_source_display")
    source_ref: str
    year: int
    unit: NamedRef
    organization: NamedRef
    raised_by: NamedRef
    description: str
    measures: str
    responsible: str
    progress: str
    result: str
    found_on: dt.date
    deadline: dt.date
    status: str
    status_label: str = Field(..., alias="get_status_display")
    submitted_on: dt.date | None
    closed_on: dt.date | None
    reopened_count: int


class ProblemDetailOut(ProblemOut):
    next_steps: list[str] = []


class EventOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str | None = None
    at: dt.datetime
    note: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None


class UnitProgressOut(Schema):
    unit_id: int
    unit_name: str = Field(..., alias="unit__name")
    subordinate: bool
    total: int
    closed: int
    submitted: int
    open: int
    overdue: int
    rate: float


class QueueCountsOut(Schema):
    overdue: int
    due_soon: int
    open: int
    total: int
