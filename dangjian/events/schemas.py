"""API schemas of events (/api/v1/events)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dangjian.activities.schemas import ActivityCreateIn, ActivityDetailOut
from dangjian.core.schemas import Id, In, QueryIn, Text
from dangjian.events.enums import EventSeries
from dangjian.events.models import CompetitionResult, Event


class EventQuery(QueryIn):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    series: EventSeries | None = None


class EventOut(Schema):
    id: int
    activity: ActivityDetailOut
    series: str
    series_label: str
    registration_opens: dt.date | None
    registration_closes: dt.date | None
    capacity: int | None
    host: str

    @staticmethod
    def resolve_id(obj: Event) -> int:
        return obj.pk

    @staticmethod
    def resolve_series_label(obj: Event) -> str:
        return obj.get_series_display() if obj.series else ""


class EventCreateIn(ActivityCreateIn):
    series: EventSeries = EventSeries.NONE
    registration_opens: dt.date | None = None
    registration_closes: dt.date | None = None
    capacity: Annotated[int, Field(ge=1)] | None = None
    host: Annotated[str, Text(200)] = ""


class CaseIn(In):
    title: Annotated[str, Text(200)]
    summary: Annotated[str, Text(5000)] = ""


class CaseOut(Schema):
    id: int
    title: str
    summary: str


class ResultIn(In):
    participation_id: Id
    item: Annotated[str, Text(100)] = ""
    rank: Annotated[int, Field(ge=1)] | None = None
    award: Annotated[str, Text(50)] = ""
    score: Annotated[Decimal, Field(max_digits=10, decimal_places=2)] | None = None


class ResultOut(Schema):
    id: int
    participation_id: int
    name: str
    item: str
    rank: int | None
    award: str
    score: Decimal | None

    @staticmethod
    def resolve_name(obj: CompetitionResult) -> str:
        return obj.participation.display_name


class RegisteredOut(Schema):
    participation_id: int
    status: str
