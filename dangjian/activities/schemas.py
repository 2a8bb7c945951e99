"""API schemas of the participation record (/api/v1/activities, /api/v1/unit-returns)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dangjian.activities.enums import ActivityKind, GuestKind, ParticipantRole, ParticipationStatus
from dangjian.activities.models import Activity, Participation
from dangjian.activities.selectors import activity_summary
from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]
Hours = Annotated[Decimal, Field(ge=0, le=9999, max_digits=6, decimal_places=1)]


class ActivityQuery(QueryIn):
    kind: ActivityKind | None = None
    year: Year | None = None
    org: Id | None = Field(None, description="组织单位（含下级）")
    q: Annotated[str, Text(100)] = ""


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    organization: NamedRef
    campaign_id: int | None
    first_day: dt.date
    last_day: dt.date
    place: str
    hours: Decimal | None
    beneficiaries: int | None

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return obj.get_kind_display()


class SummaryOut(Schema):
    total: int
    members: int
    guests: int
    took_part: int
    registered: int
    present: int
    leave: int
    absent: int
    completed: int


class ActivityDetailOut(ActivityOut):
    description: str
    summary: SummaryOut

    @staticmethod
    def resolve_summary(obj: Activity) -> dict:
        return activity_summary(obj)


class ActivityCreateIn(In):
    kind: ActivityKind
    title: Annotated[str, Text(200)]
    organization_id: Id
    first_day: dt.date
    last_day: dt.date | None = None
    place: Annotated[str, Text(200)] = ""
    hours: Hours | None = None
    beneficiaries: Annotated[int, Field(ge=0)] | None = None
    description: Annotated[str, Text(20_000)] = ""


class ParticipationOut(Schema):
    id: int
    person_id: int | None
    name: str
    id_masked: str
    guest_kind: str
    guest_from: str
    organization: NamedRef | None
    role: str
    status: str
    status_label: str
    hours: Decimal | None
    added_by: str
    signed_in_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name

    @staticmethod
    def resolve_id_masked(obj: Participation) -> str:
        return obj.person.id_masked if obj.person is not None else ""

    @staticmethod
    def resolve_status_label(obj: Participation) -> str:
        return obj.get_status_display()


class ParticipantQuery(QueryIn):
    status: ParticipationStatus | None = None
    q: Annotated[str, Text(50)] = ""


class ParticipantsAddIn(In):
    person_ids: list[Id] = Field(default_factory=list, max_length=20_000)
    saved_list_id: Id | None = None
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    status: ParticipationStatus = ParticipationStatus.PRESENT
    hours: Hours | None = None


class RosterAddIn(In):
    org_id: Id
    member_statuses: list[str] = Field(default_factory=lambda: ["full", "probationary"])
    unit_id: Id | None = None
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    status: ParticipationStatus = ParticipationStatus.PRESENT


class GuestIn(In):
    name: Annotated[str, Text(50)]
    kind: GuestKind
    from_text: Annotated[str, Text(100)] = ""
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    status: ParticipationStatus = ParticipationStatus.PRESENT


class AddedOut(Schema):
    added: int


class StatusIn(In):
    status: ParticipationStatus
    participation_ids: list[Id] = Field(default_factory=list, max_length=20_000)
    person_ids: list[Id] = Field(default_factory=list, max_length=20_000)


class ChangedOut(Schema):
    changed: int


class RowUpdateIn(In):
    status: ParticipationStatus | None = NOT_SENT
    role: ParticipantRole | None = NOT_SENT
    hours: Hours | None = NOT_SENT


class SigninTokenOut(Schema):
    token: str
    url: str
    valid_seconds: int


class ReturnQuery(QueryIn):
    year: Year | None = None


class UnitReturnOut(Schema):
    id: int
    title: str
    measure: str
    organization: NamedRef
    activity_id: int | None
    year: int
    due_on: dt.date


class ReturnRowOut(Schema):
    unit: NamedRef
    value: int | None
    note: str
    filed_at: dt.datetime | None


class UnitReturnDetailOut(UnitReturnOut):
    total: int
    answered: int
    asked: int
    missing: int
    rows: list[ReturnRowOut]


class UnitReturnCreateIn(In):
    title: Annotated[str, Text(200)]
    measure: Annotated[str, Text(50)]
    organization_id: Id
    year: Year
    due_on: dt.date
    unit_ids: list[Id] = Field(min_length=1, max_length=5000)
    activity_id: Id | None = None


class ReturnFileIn(In):
    unit_id: Id
    value: Annotated[int, Field(ge=0, le=2**31 - 1)]
    note: Annotated[str, Text(500)] = ""


class ReturnEntryOut(Schema):
    id: int
    unit: NamedRef
    value: int
    note: str
