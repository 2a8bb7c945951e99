"""API schemas of liaison pairings (/api/v1/pairings, /api/v1/parks, /api/v1/enterprises)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.areas import Area
from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, QueryIn, Text

Count = Annotated[int, Field(ge=0, le=1_000_000)]


class RegistryQuery(QueryIn):
    area: Area | None = None
    q: Annotated[str, Text(100)] = ""


class ParkOut(Schema):
    id: int
    name: str
    area: Area
    credit_code: str
    address: str
    note: str


class ParkIn(In):
    name: Annotated[str, Text(200, required=True)]
    area: Area
    credit_code: Annotated[str, Text(40)] = ""
    address: Annotated[str, Text(200)] = ""
    note: Annotated[str, Text(500)] = ""


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    area: Area
    park: NamedRef | None
    industry: str
    address: str


class EnterpriseIn(In):
    name: Annotated[str, Text(200, required=True)]
    credit_code: Annotated[str, Text(40, required=True)]
    area: Area
    park_id: Id | None = None
    industry: Annotated[str, Text(100)] = ""
    address: Annotated[str, Text(200)] = ""


class PairingQuery(QueryIn):
    unit_id: Id | None = None
    partner: Annotated[str, Field(pattern="^(park|enterprise)?$")] = ""
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None


class PairingOut(Schema):
    id: int
    unit: NamedRef
    park: NamedRef | None
    enterprise: NamedRef | None
    started_on: dt.date
    ended_on: dt.date | None
    visits: int
    problems_solved: int
    note: str
    cadres: list[NamedRef]

    @staticmethod
    def resolve_cadres(obj) -> list[dict]:
        return [{"id": p.pk, "name": p.name} for p in obj.cadres.all()]


class PairingIn(In):
    unit_id: Id
    park_id: Id | None = None
    enterprise_id: Id | None = None
    started_on: dt.date
    ended_on: dt.date | None = None
    cadre_ids: list[Id] = []
    visits: Count = 0
    problems_solved: Count = 0
    note: Annotated[str, Text(500)] = ""


class PairingUpdate(In):
    visits: Count = NOT_SENT
    problems_solved: Count = NOT_SENT
    ended_on: dt.date | None = NOT_SENT
    note: Annotated[str, Text(500)] = NOT_SENT
    cadre_ids: list[Id] = NOT_SENT
