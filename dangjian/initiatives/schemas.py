"""API schemas of branch initiatives (/api/v1/initiatives)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, QueryIn, Text
from dangjian.initiatives.enums import InitiativeKind, InitiativeStatus


class InitiativeQuery(QueryIn):
    kind: InitiativeKind | None = None
    status: InitiativeStatus | None = None
    unit_id: Id | None = None
    org_id: Id | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    q: Annotated[str, Text(100)] = ""


class InitiativeOut(Schema):
    id: int
    kind: InitiativeKind
    name: str
    organization: NamedRef
    unit: NamedRef
    established_on: dt.date
    closed_on: dt.date | None
    description: str
    member_count: int = 0


class InitiativeDetailOut(InitiativeOut):
    members: list[NamedRef]

    @staticmethod
    def resolve_members(obj) -> list[dict]:
        return [{"id": p.pk, "name": p.name} for p in obj.members.order_by("name")]

    @staticmethod
    def resolve_member_count(obj) -> int:
        return obj.members.count()


class InitiativeIn(In):
    org_id: Id
    kind: InitiativeKind
    name: Annotated[str, Text(200, required=True)]
    established_on: dt.date
    closed_on: dt.date | None = None
    description: Annotated[str, Text(2000)] = ""
    member_ids: list[Id] = []


class InitiativeUpdate(In):
    name: Annotated[str, Text(200, required=True)] = NOT_SENT
    established_on: dt.date = NOT_SENT
    description: Annotated[str, Text(2000)] = NOT_SENT
    member_ids: list[Id] = NOT_SENT


class CloseIn(In):
    closed_on: dt.date
