"""API schemas of assessments and appraisals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, Text


class AssessmentOut(Schema):
    id: int
    name: str
    year: int
    status: str
    total_points: Decimal
    grade_bands: list
    published_on: dt.date | None


class IndicatorOut(Schema):
    id: int
    parent_id: int | None
    name: str
    max_score: Decimal
    rule: str


class AssessmentDetailOut(AssessmentOut):
    indicators: list[IndicatorOut] = []


class AssessedUnitOut(Schema):
    id: int
    unit: NamedRef
    assessor: str | None = None
    total: Decimal | None
    grade: str
    rank: int | None

    @staticmethod
    def resolve_assessor(obj) -> str | None:
        return obj.assessor.username if obj.assessor_id else None


class ScoreIn(In):
    indicator_id: Id
    score: Annotated[Decimal, Field(max_digits=6, decimal_places=2)]
    evidence: Annotated[str, Text(2000)] = ""


class ScoresIn(In):
    scores: list[ScoreIn]


class ScoreOut(Schema):
    indicator_id: int
    score: Decimal
    evidence: str


class FindingIn(In):
    description: Annotated[str, Text(2000, required=True)]
    subordinate_unit_id: Id | None = None
    measures: Annotated[str, Text(2000)] = ""


class RoundOut(Schema):
    id: int
    name: str
    year: int
    grades: list[str]


class AppraisalOut(Schema):
    id: int
    round_id: int
    organization: NamedRef
    secretary: str
    status: str
    report: str
    reported_on: dt.date | None
    result: str


class RatingIn(In):
    grade: Annotated[str, Text(20, required=True)]
    comment: Annotated[str, Text(500)] = ""


class ReportIn(In):
    report: Annotated[str, Text(20000, required=True)]
