"""API schemas of campaigns (/api/v1/campaigns/...)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


class CampaignQuery(QueryIn):
    year: Year | None = None
    q: Annotated[str, Text(100)] = ""


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    organization: NamedRef
    scope: NamedRef
    first_day: dt.date
    last_day: dt.date
    description: str
    report_line: str = ""
    activity_count: int = 0


class FiguresOut(Schema):
    scope_path: str
    units: int
    branches: int
    members: int
    person_times: int
    deeds_done: int
    difficulties_solved: int
    activities: int
    volunteer_projects: int
    beneficiaries: int


class CampaignDetailOut(CampaignOut):
    figures: FiguresOut


class UnitRowOut(Schema):
    unit_id: int
    name: str
    branches: int
    members: int
    person_times: int
    deeds_done: int
    difficulties_solved: int


class CampaignIn(In):
    name: Annotated[str, Text(200, required=True)]
    organization_id: Id
    scope_id: Id | None = None
    kind: Annotated[str, Text(20)] = "theme"
    first_day: dt.date
    last_day: dt.date
    description: Annotated[str, Text(5000)] = ""
    report_line: Annotated[str, Text(20)] = ""


class CampaignPatch(In):
    name: Annotated[str, Text(200, required=True)] = NOT_SENT
    first_day: dt.date = NOT_SENT
    last_day: dt.date = NOT_SENT
    description: Annotated[str, Text(5000)] = NOT_SENT
    report_line: Annotated[str, Text(20)] = NOT_SENT


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    organization: NamedRef
    first_day: dt.date
    last_day: dt.date
    place: str
    beneficiaries: int | None
    took_part: int = 0


class ActivityIn(In):
    kind: Annotated[str, Text(24)] = "campaign_activity"
    title: Annotated[str, Text(200, required=True)]
    organization_id: Id
    first_day: dt.date
    last_day: dt.date | None = None
    place: Annotated[str, Text(200)] = ""
    beneficiaries: Annotated[int, Field(le=2**31 - 1)] | None = None
    description: Annotated[str, Text(5000)] = ""


class ParticipantsIn(In):
    person_ids: Annotated[list[Id], Field(min_length=1, max_length=5000)]


class ParticipantsOut(Schema):
    added: int


class DeedOut(Schema):
    id: int
    campaign_id: int
    activity_id: int | None
    organization: NamedRef
    unit: NamedRef
    title: str
    beneficiary: str
    status: str
    done_on: dt.date | None
    note: str


class DeedIn(In):
    organization_id: Id
    title: Annotated[str, Text(200, required=True)]
    beneficiary: Annotated[str, Text(100)] = ""
    status: Annotated[str, Text(12)] = "done"
    done_on: dt.date | None = None
    activity_id: Id | None = None
    note: Annotated[str, Text(500)] = ""


class DeedPatch(In):
    title: Annotated[str, Text(200, required=True)] = NOT_SENT
    beneficiary: Annotated[str, Text(100)] = NOT_SENT
    status: Annotated[str, Text(12)] = NOT_SENT
    done_on: dt.date | None = NOT_SENT
    note: Annotated[str, Text(500)] = NOT_SENT


class DifficultyOut(Schema):
    id: int
    campaign_id: int
    activity_id: int | None
    organization: NamedRef
    unit: NamedRef
    title: str
    raised_by: str
    raised_on: dt.date | None
    status: str
    solved_on: dt.date | None
    note: str


class DifficultyIn(In):
    organization_id: Id
    title: Annotated[str, Text(200, required=True)]
    raised_by: Annotated[str, Text(100)] = ""
    raised_on: dt.date | None = None
    status: Annotated[str, Text(12)] = "open"
    solved_on: dt.date | None = None
    activity_id: Id | None = None
    note: Annotated[str, Text(500)] = ""


class DifficultyPatch(In):
    title: Annotated[str, Text(200, required=True)] = NOT_SENT
    raised_by: Annotated[str, Text(100)] = NOT_SENT
    raised_on: dt.date | None = NOT_SENT
    status: Annotated[str, Text(12)] = NOT_SENT
    solved_on: dt.date | None = NOT_SENT
    note: Annotated[str, Text(500)] = NOT_SENT


class OutcomeQuery(QueryIn):
    status: Annotated[str, Text(12)] = ""
