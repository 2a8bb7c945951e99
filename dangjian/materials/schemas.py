"""API schemas of study materials (/api/v1/study-materials)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]


class YearQuery(QueryIn):
    year: Year | None = None


class MaterialOut(Schema):
    id: int
    title: str
    publisher: str
    year: int
    ordered_copies: int
    distributed: int = 0
    distribution_count: int = 0
    unit_count: int = 0
    remaining: int = 0


class MaterialIn(In):
    title: Annotated[str, Text(200, required=True)]
    year: Year
    publisher: Annotated[str, Text(100)] = ""
    ordered_copies: Annotated[int, Field(ge=0, le=10_000_000)] = 0


class DistributionIn(In):
    unit_id: Id
    copies: Annotated[int, Field(ge=1, le=10_000_000)]
    distributed_on: dt.date | None = None


class DistributionOut(Schema):
    id: int
    material_id: int
    unit: NamedRef
    copies: int
    distributed_on: dt.date
