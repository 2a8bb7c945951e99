from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from dangjian.core.schemas import Id, In, Text

Count = Annotated[int, Field(ge=0, le=1000000)]


class TermOut(Schema):
    id: int
    name: str
    kind: str
    term_started_on: dt.date | None
    term_ends_on: dt.date | None
    term_status: str


class ElectedIn(In):
    person_id: Id
    post: Annotated[str, Text(20, required=True)]
    votes: Count = 0


class ElectionIn(In):
    organization_id: Id
    held_on: dt.date
    method: Annotated[str, Text(20, required=True)]
    members: list[ElectedIn] = Field(max_length=50)
    candidates: Count = 0
    voters_expected: Count = 0
    voters_present: Count = 0
    note: Annotated[str, Text(500)] = ""


class ElectedOut(Schema):
    person_id: int
    post: str


class ElectionOut(Schema):
    id: int
    organization_id: int
    held_on: dt.date
    method: str
    term_ends_on: dt.date
    status: str
    approved_on: dt.date | None
    members: list[ElectedOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())


class DecisionIn(In):
    transition: Annotated[str, Text(20, required=True)]
    date: dt.date | None = None
    note: Annotated[str, Text(500)] = ""


class AdjustmentIn(In):
    organization_id: Id
    post: Annotated[str, Text(20, required=True)]
    adjusted_on: dt.date
    reason: Annotated[str, Text(200, required=True)]
    left_post_id: Id | None = None
    came_person_id: Id | None = None


class AdjustmentOut(Schema):
    id: int
    organization_id: int
    post: str
    left_person_id: int | None
    came_person_id: int | None
    adjusted_on: dt.date
    reason: str
    status: str
    approved_on: dt.date | None


class PreTestIn(In):
    organization_id: Id
    person_id: Id
    post: Annotated[str, Text(30, required=True)]
    tested_on: dt.date
    score: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=1, allow_inf_nan=False)]
    passed: bool
    note: Annotated[str, Text(200)] = ""


class PreTestOut(Schema):
    id: int
    organization_id: int
    person_id: int
    post: str
    tested_on: dt.date
    score: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=1, allow_inf_nan=False)]
    passed: bool
