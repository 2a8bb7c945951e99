"""API schemas of complaints. No output schema has a reporter field: the identity is only in the
answer of POST /complaints/{id}/reporter, for the assigned inspector."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text


class PublicComplaintIn(In):
    title: Annotated[str, Text(100, required=True)]
    subject: Annotated[str, Text(100, required=True)]
    subject_unit: Annotated[str, Text(100)] = ""
    content: Annotated[str, Text(20000, required=True)]
    is_named: bool = False
    name: Annotated[str, Text(50)] = ""
    phone: Annotated[str, Text(20)] = ""
    contact: Annotated[str, Text(200)] = ""


class PublicSubmittedOut(Schema):
    query_code: str
    received_on: dt.date
    handover_due: dt.date
    message: str


class TrackIn(In):
    code: Annotated[str, Text(64, required=True)]


class PublicStepOut(Schema):
    label: str
    at: dt.date | dt.datetime


class PublicStatusOut(Schema):
    title: str
    status: str
    status_label: str
    received_on: dt.date
    steps: list[PublicStepOut]
    result: str


class ComplaintOut(Schema):
    """What a handling unit sees."""

    id: int
    title: str
    subject: str
    subject_unit: str
    content: str
    category: str
    status: str
    received_on: dt.date
    handover_due: dt.date
    handed_over_on: dt.date | None
    handler: NamedRef | None
    reply: str
    replied_on: dt.date | None
    result: str
    closed_on: dt.date | None
    close_due: dt.date


class ComplaintDisciplineOut(ComplaintOut):
    """What the discipline staff see besides: whether the report is named, and its deadlines."""

    is_named: bool
    acknowledge_due: dt.date | None
    acknowledged_on: dt.date | None
    result_due: dt.date | None
    inspector_id: int | None


class StepOut(Schema):
    name: str
    label: str


class ComplaintDetailOut(Schema):
    complaint: ComplaintDisciplineOut | ComplaintOut
    next_steps: list[StepOut]


class ComplaintQuery(QueryIn):
    status: Annotated[str, Text(20)] = ""
    queue: Annotated[str, Text(20)] = ""


class StepIn(In):
    name: Annotated[str, Text(30, required=True)]
    note: Annotated[str, Text(1000)] = ""
    category: Annotated[str, Text(20)] = ""
    handler_id: Id | None = None
    text: Annotated[str, Text(5000)] = ""
    on: dt.date | None = None


class ReporterOut(Schema):
    is_named: bool
    name: str
    phone: str
    contact: str
