"""API schemas of internship posts and suggestions (/api/v1/internship-posts, /api/v1/suggestions)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text
from dangjian.masses.enums import ApplicationStatus


class YearQuery(QueryIn):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    unit_id: Id | None = None
    q: Annotated[str, Text(100)] = ""


class PostOut(Schema):
    id: int
    unit: NamedRef
    year: int
    title: str
    department: str
    places: int
    majors: str
    offered_on: dt.date
    description: str
    application_count: int = 0
    placed_count: int = 0


class PostIn(In):
    unit_id: Id
    title: Annotated[str, Text(100, required=True)]
    offered_on: dt.date
    places: Annotated[int, Field(ge=1, le=1000)] = 1
    department: Annotated[str, Text(100)] = ""
    majors: Annotated[str, Text(200)] = ""
    description: Annotated[str, Text(2000)] = ""


class ApplicationOut(Schema):
    id: int
    post_id: int
    name: str
    school: str
    major: str
    applied_on: dt.date
    status: ApplicationStatus
    placed_on: dt.date | None


class ApplicationIn(In):
    name: Annotated[str, Text(50, required=True)]
    school: Annotated[str, Text(100, required=True)]
    major: Annotated[str, Text(100)] = ""
    applied_on: dt.date


class DecideIn(In):
    status: ApplicationStatus
    placed_on: dt.date | None = None


class SuggestionOut(Schema):
    id: int
    drive: str
    submitter: str
    affiliation: str
    unit: NamedRef | None
    topic: str
    text: str
    submitted_on: dt.date
    adopted: bool
    adopted_on: dt.date | None
    adoption_note: str


class SuggestionIn(In):
    drive: Annotated[str, Text(100, required=True)]
    submitter: Annotated[str, Text(50, required=True)]
    affiliation: Annotated[str, Text(100)] = ""
    unit_id: Id | None = None
    topic: Annotated[str, Text(200, required=True)]
    text: Annotated[str, Text(20000, required=True)]
    submitted_on: dt.date


class AdoptIn(In):
    adopted_on: dt.date
    note: Annotated[str, Text(500)] = ""


class SuggestionQuery(QueryIn):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    adopted: bool | None = None
    q: Annotated[str, Text(100)] = ""
