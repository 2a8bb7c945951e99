from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema

from dangjian.core.schemas import In, Text


class ProgrammeOut(Schema):
    id: int
    name: str
    series: str
    organization: str
    first_day: dt.date
    last_day: dt.date
    completion_rate: int
    class_count: int

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.campaign.name

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.campaign.organization.name

    @staticmethod
    def resolve_first_day(obj) -> dt.date:
        return obj.campaign.first_day

    @staticmethod
    def resolve_last_day(obj) -> dt.date:
        return obj.campaign.last_day


class ProgrammeIn(In):
    name: Annotated[str, Text(200)]
    series: str
    organization_id: int
    first_day: dt.date
    last_day: dt.date
    completion_rate: int = 90
    description: Annotated[str, Text(2000)] = ""


class ClassOut(Schema):
    id: int
    programme_id: int
    number: int
    title: str
    first_day: dt.date
    last_day: dt.date
    hours: Decimal | None
    place: str
    seats: int | None

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_first_day(obj) -> dt.date:
        return obj.activity.first_day

    @staticmethod
    def resolve_last_day(obj) -> dt.date:
        return obj.activity.last_day

    @staticmethod
    def resolve_hours(obj) -> Decimal | None:
        return obj.activity.hours

    @staticmethod
    def resolve_place(obj) -> str:
        return obj.activity.place


class ClassIn(In):
    first_day: dt.date
    last_day: dt.date
    hours: Decimal
    place: Annotated[str, Text(200)] = ""
    number: int | None = None
    seats: int | None = None


class TraineeOut(Schema):
    participation_id: int
    person_id: int | None
    name: str
    id_number: str
    unit: str
    organization: str
    status: str
    present_days: int
    rate: Decimal
    meets_rule: bool
    certificate: str


class EnrolIn(In):
    person_ids: list[int]


class AttendanceIn(In):
    day: dt.date
    present_ids: list[int]


class CompletionOut(Schema):
    completed: int
    not_met: list[str]


class HoursOut(Schema):
    person_id: int
    name: str
    organization: str
    category: str
    required: int
    hours: Decimal
    short: bool
