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
    next_steps: list[str] = []  # the workflow steps the caller may take now (assessments/workflows.py)


class EventOut(Schema):
    """A row of a workflow's timeline."""

    transition: str
    from_state: str
    to_state: str
    actor: str | None = None
    at: dt.datetime
    note: str
    data: dict

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None


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
    next_steps: list[str] = []  # the workflow steps the caller may take now (assessments/workflows.py)


class RatingIn(In):
    grade: Annotated[str, Text(20, required=True)]
    comment: Annotated[str, Text(500)] = ""


class ReportIn(In):
    report: Annotated[str, Text(20000, required=True)]


class AssessmentIn(In):
    name: Annotated[str, Text(100, required=True)]
    year: Annotated[int, Field(ge=2000, le=2100)]
    grade_bands: list[tuple[float, Annotated[str, Text(20, required=True)]]] | None = None


class IndicatorIn(In):
    name: Annotated[str, Text(200, required=True)]
    max_score: Annotated[Decimal, Field(gt=0, max_digits=6, decimal_places=2)]
    rule: Annotated[str, Text(2000)] = ""
    parent_id: Id | None = None


class UnitsIn(In):
    unit_ids: Annotated[list[Id], Field(min_length=1, max_length=1000)]
    assessor_id: Id | None = None


class StepIn(In):
    step: Annotated[str, Field(pattern="^(start|publish)$")]
    note: Annotated[str, Text(1000)] = ""


class AppraisalStepIn(In):
    name: Annotated[str, Field(pattern="^conclude$")]
    note: Annotated[str, Text(1000)] = ""
