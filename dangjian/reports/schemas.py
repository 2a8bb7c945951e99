from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from dangjian.core.schemas import Id, In, QueryIn, Text

Year = Annotated[int, Field(ge=2000, le=2100)]


class ReportQuery(QueryIn):
    year: Year
    org: Id | None = None


class SummaryQuery(ReportQuery):
    compare: bool = False
    format: Literal["json", "html", "docx", "pdf"] = "json"


class MetricValueOut(Schema):
    id: str
    label: str
    unit: str
    section: str
    approx: bool
    value: float | int


class RecordsOut(Schema):
    metric: str
    value: float | int
    columns: list[str]
    items: list[list[Any]]
    count: int


class TemplateOut(Schema):
    year: int
    text: str
    source: str


class TemplateIn(In):
    text: Annotated[str, Text(100_000, required=True)]
