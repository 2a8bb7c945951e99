"""API schemas of transfers and mobile members (/api/v1/transfers, /api/v1/mobile-members)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text


class PersonRef(Schema):
    id: int
    name: str
    id_masked: str


class TransferOut(Schema):
    id: int
    number: str
    person: PersonRef
    kind: str
    status: str
    from_org: NamedRef | None
    to_org: NamedRef | None
    external_org: str
    reason: str
    started_on: dt.date
    due_on: dt.date | None
    closed_on: dt.date | None
    letter_no: str
    valid_days: int | None
    receipt_on: dt.date | None


class TransferDetailOut(TransferOut):
    next_steps: list[str] = []


class TransferQuery(QueryIn):
    box: Annotated[str, Field(pattern="^(all|incoming|outgoing|overdue)$")] = "all"
    kind: Annotated[str, Text(10)] = ""
    status: Annotated[str, Text(20)] = ""


class TransferIn(In):
    person_id: Id
    kind: Annotated[str, Field(pattern="^(within|out)$")]
    to_org_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    external_org: Annotated[str, Text(200)] = ""
    reason: Annotated[str, Text(200)] = ""
    started_on: dt.date | None = None
    valid_days: Annotated[int, Field(ge=-1000, le=1000)] | None = None


class StepIn(In):
    note: Annotated[str, Text(1000)] = ""
    on: dt.date | None = None


class TransferInIn(In):
    organization_id: Id
    name: Annotated[str, Text(50, required=True)]
    id_number: Annotated[str, Text(18, required=True)]
    status: Annotated[str, Field(pattern="^(full|probationary)$")]
    admitted_on: dt.date
    full_on: dt.date | None = None
    external_org: Annotated[str, Text(200, required=True)]
    letter_no: Annotated[str, Text(40)] = ""
    on: dt.date | None = None


class InactiveOut(Schema):
    id: int
    name: str
    organization: NamedRef
    attended: bool
    paid: bool


class AsOfQuery(QueryIn):
    as_of: dt.date | None = None


class MobileOut(Schema):
    id: int
    person: PersonRef
    organization: NamedRef
    unit: NamedRef
    location: str
    since: dt.date
    contact: str
    contact_means: str
    certificate_no: str
    status: str
    ended_on: dt.date | None


class MobileIn(In):
    person_id: Id
    location: Annotated[str, Text(200, required=True)]
    since: dt.date
    contact: Annotated[str, Text(50, required=True)]
    contact_means: Annotated[str, Text(100)] = ""
    certificate_no: Annotated[str, Text(40)] = ""


class CheckIn(In):
    organization_id: Id
    title: Annotated[str, Text(200, required=True)]
    checked_on: dt.date | None = None


class CheckEntryOut(Schema):
    id: int
    person: PersonRef
    organization: NamedRef
    location: str
    contact: str
    result: str


class CheckUnitOut(Schema):
    unit: NamedRef
    entries: list[CheckEntryOut]


class CheckOut(Schema):
    id: int
    title: str
    organization: NamedRef
    checked_on: dt.date
    units: list[CheckUnitOut] = []
