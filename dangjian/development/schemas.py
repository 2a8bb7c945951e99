from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from dangjian.core.schemas import Id, In, QueryIn, Text
from dangjian.development.selectors import next_step_label

Count = Annotated[int, Field(ge=0, le=100000)]


class ApplicantOut(Schema):
    id: int
    person_id: int
    name: str
    organization_id: int
    organization: str
    stage: str
    stage_label: str
    applied_on: dt.date
    activist_on: dt.date | None
    candidate_on: dt.date | None
    vote_on: dt.date | None
    approved_on: dt.date | None
    probation_ends_on: dt.date | None
    full_on: dt.date | None
    due_on: dt.date | None
    due_what: str
    next_step: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_next_step(obj) -> str:
        return next_step_label(obj)


class EventOut(Schema):
    transition: str
    label: str
    from_state: str
    to_state: str
    at: dt.datetime
    note: str
    data: dict


class StepOut(Schema):
    name: str
    label: str
    form: bool


class ApplicantDetailOut(ApplicantOut):
    events: list[EventOut]
    next_steps: list[StepOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.api_events

    @staticmethod
    def resolve_next_steps(obj) -> list:
        return obj.api_next_steps


class ApplicantQuery(QueryIn):
    org: Id | None = None
    stage: str = ""
    overdue: bool = False
    q: Annotated[str, Text(50)] = ""
    done: bool = False


class ApplicantIn(In):
    person_id: Id
    applied_on: dt.date
    documents: Annotated[str, Text(200)] = "入党申请书"
    note: Annotated[str, Text(500)] = ""


class StepIn(In):
    """A step. Depending on the step: people_ids (contacts 1-2, sponsors 2), passed + note
    (political review), days + hours (training), talker_id (committee talk), months (extension),
    meeting_id and the votes (vote, conversion_vote)."""

    step: Annotated[str, Text(40, required=True)]
    date: dt.date | None = None
    note: Annotated[str, Text(1000)] = ""
    documents: Annotated[str, Text(200)] = ""
    people_ids: list[Id] = Field(default_factory=list, max_length=10)
    passed: bool | None = None
    days: Count = 0
    hours: Count = 0
    talker_id: Id | None = None
    months: Count = 0
    meeting_id: Id | None = None
    votes_for: Count = 0
    votes_against: Count = 0
    abstentions: Count = 0
    written_for: Count = 0
    written_against: Count = 0
    written_abstentions: Count = 0
