"""API schemas of village cadres and survey teams (/api/v1/village-cadres, /api/v1/survey-teams)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.areas import Area
from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text
from dangjian.problems.enums import ProblemStatus
from dangjian.villages.enums import CadreRole


class StationingQuery(QueryIn):
    unit_id: Id | None = None
    area: Area | None = None
    role: CadreRole | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None


class StationingOut(Schema):
    id: int
    person: NamedRef
    unit: NamedRef
    role: CadreRole
    area: Area
    county: str
    township: str
    village: str
    started_on: dt.date
    ended_on: dt.date | None


class StationingIn(In):
    person_id: Id
    unit_id: Id
    role: CadreRole
    area: Area
    village: Annotated[str, Text(100, required=True)]
    county: Annotated[str, Text(50)] = ""
    township: Annotated[str, Text(50)] = ""
    started_on: dt.date
    ended_on: dt.date | None = None


class PresenceIn(In):
    month: dt.date
    days_present: Annotated[int, Field(ge=0, le=1000)]
    note: Annotated[str, Text(200)] = ""


class PresenceOut(Schema):
    id: int
    month: dt.date
    days_present: int
    note: str


class LeaveIn(In):
    starts_on: dt.date
    ends_on: dt.date
    reason: Annotated[str, Text(200, required=True)]
    approved_by: Annotated[str, Text(100)] = ""


class LeaveOut(Schema):
    id: int
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    approved_by: str


class SpotCheckIn(In):
    checked_on: dt.date
    in_village: bool
    at_unit: bool
    checked_by: Annotated[str, Text(100)] = ""
    note: Annotated[str, Text(200)] = ""


class SpotCheckOut(Schema):
    id: int
    stationing_id: int
    checked_on: dt.date
    in_village: bool
    at_unit: bool
    checked_by: str
    note: str


class AbsentOut(SpotCheckOut):
    person: NamedRef
    unit: NamedRef

    @staticmethod
    def resolve_person(obj) -> dict:
        return {"id": obj.stationing.person_id, "name": obj.stationing.person.name}

    @staticmethod
    def resolve_unit(obj) -> dict:
        return {"id": obj.stationing.unit_id, "name": obj.stationing.unit.name}


class TeamQuery(QueryIn):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None


class AbsentQuery(QueryIn):
    start: dt.date
    end: dt.date


class TeamOut(Schema):
    id: int
    name: str
    leader: NamedRef | None
    started_on: dt.date
    ended_on: dt.date | None
    note: str


class TeamIn(In):
    name: Annotated[str, Text(100, required=True)]
    started_on: dt.date
    ended_on: dt.date | None = None
    leader_id: Id | None = None
    member_ids: list[Id] = []
    note: Annotated[str, Text(500)] = ""


class VisitIn(In):
    area: Area
    visited_on: dt.date
    places: Annotated[str, Text(200)] = ""


class VisitOut(Schema):
    id: int
    area: Area
    visited_on: dt.date
    places: str


class FindingIn(In):
    area: Area
    unit_id: Id
    found_on: dt.date
    description: Annotated[str, Text(2000, required=True)]
    measures: Annotated[str, Text(2000)] = ""
    deadline: dt.date | None = None


class FindingOut(Schema):
    """A finding with its problem of the ledger (/api/v1/problems/{problem_id})."""

    id: int
    team: NamedRef
    area: Area
    problem_id: int
    unit: NamedRef
    found_on: dt.date
    description: str
    deadline: dt.date
    status: ProblemStatus

    @staticmethod
    def resolve_unit(obj) -> dict:
        return {"id": obj.problem.unit_id, "name": obj.problem.unit.name}

    @staticmethod
    def resolve_found_on(obj) -> dt.date:
        return obj.problem.found_on

    @staticmethod
    def resolve_description(obj) -> str:
        return obj.problem.description

    @staticmethod
    def resolve_deadline(obj) -> dt.date:
        return obj.problem.deadline

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.problem.status
