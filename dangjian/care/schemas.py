"""API schemas of medals and care."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]


class YearQuery(QueryIn):
    year: Year


class CareQuery(QueryIn):
    year: Year
    kind: Annotated[str, Text(12)] = ""


class EligibleOut(Schema):
    id: int
    name: str
    id_masked: str
    organization: NamedRef
    unit: NamedRef
    full_on: dt.date
    awarded: bool

    @staticmethod
    def resolve_full_on(obj):
        return obj.membership.full_on


class MedalIn(In):
    year: Year
    person_ids: Annotated[list[Id], Field(min_length=1, max_length=1000)]
    awarded_on: dt.date | None = None
    note: Annotated[str, Text(200)] = ""


class MedalOut(Schema):
    id: int
    person: NamedRef
    unit: NamedRef
    organization: NamedRef
    year: int
    awarded_on: dt.date
    full_on: dt.date


class CareIn(In):
    kind: Annotated[str, Field(pattern="^(visit|condolence|hardship)$")]
    organization_id: Id
    recipient: Annotated[str, Text(50, required=True)]
    person_id: Id | None = None
    on: dt.date
    amount: Decimal | None = None
    reason: Annotated[str, Text(200, required=True)]


class CareOut(Schema):
    id: int
    kind: str
    recipient: str
    on: dt.date
    amount: Decimal
    reason: str
    unit: NamedRef
    organization: NamedRef


class UnitTotalOut(Schema):
    unit_id: int
    unit_name: str
    count: int
    amount: Decimal
    wan: Decimal


class TotalsOut(Schema):
    year: int
    units: list[UnitTotalOut]
    total: Decimal
    total_wan: Decimal
    condolence: Decimal
    condolence_wan: Decimal
