"""API schemas of party fees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]


class LedgerQuery(QueryIn):
    org_id: Id
    year: Year


class LedgerRowOut(Schema):
    person: NamedRef
    category: str
    base: Decimal
    monthly_fee: Decimal
    paid_months: list[int]
    unpaid_months: list[int]
    due: Decimal
    paid: Decimal
    arrears: Decimal


class LedgerOut(Schema):
    organization: NamedRef
    year: int
    as_of: dt.date
    due: Decimal
    paid: Decimal
    arrears: Decimal
    other_paid: Decimal
    payments_total: Decimal
    reconciles: bool
    rows: list[LedgerRowOut]


class BaseIn(In):
    person_id: Id
    year: Year
    category: Annotated[str, Field(pattern="^(salaried|retired|low|farmer|other|exempt)$")]
    # A string or a number: the service tells "not a number" and "negative" apart (rules.parse_base).
    base: Annotated[str, Text(30)] | float | int


class BaseOut(Schema):
    id: int
    person: NamedRef
    year: int
    category: str
    base: Decimal
    monthly_fee: Decimal
    declared_on: dt.date


class PaymentIn(In):
    person_id: Id
    year: Year
    months: Annotated[list[Annotated[int, Field(ge=-100, le=100)]], Field(min_length=1, max_length=12)]
    paid_on: dt.date | None = None


class PaymentOut(Schema):
    id: int
    year: int
    month: int
    amount: Decimal
    paid_on: dt.date
    is_back_payment: bool


class PublishIn(In):
    organization_id: Id
    year: Year
    published_on: dt.date | None = None
    note: Annotated[str, Text(2000)] = ""


class PublicationOut(Schema):
    id: int
    organization: NamedRef
    year: int
    published_on: dt.date
    members: int
    due: Decimal
    paid: Decimal
