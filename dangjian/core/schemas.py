"""Shared pieces of the JSON API (/api/v1/): ids, pagination, input schemas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from dangjian.core.text import clean_text, schema_pattern

# Database ids: bounded so a huge number is a 422, not an integer overflow in the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# The default of an update schema's field that was not sent. Typed Any because the field's own type
# stays non-nullable: an explicit null is still refused (422).
NOT_SENT: Any = None

# Non-negative integers as stored in a PositiveIntegerField.
SortOrder = Annotated[int, Field(ge=0, le=2**31 - 1)]


@dataclass(frozen=True)
class Text:
    """Free text no longer than its column (core.text: NFC, no control or invisible format
    characters); `required`: not empty after stripping spaces. Metadata for `Annotated[str, Text(n)]`,
    so type checkers see a `str`."""

    max_length: int
    required: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        rules = StringConstraints(
            strip_whitespace=True, min_length=1 if self.required else 0, max_length=self.max_length
        )
        return handler(Annotated[source, rules, AfterValidator(clean_text)])

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "pattern": TEXT_PATTERN}


TEXT_PATTERN = schema_pattern()


PAGE_DEFAULT = 50
PAGE_MAX = 500
T = TypeVar("T")


def _no_nul(value: Any) -> Any:
    # PostgreSQL refuses NUL characters in text; refuse them here with a message instead of a 500.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("不能包含空字符（\\x00）")
    return value


class In(Schema):
    """A request body: unknown fields are refused (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _text_ok(cls, value):
        return _no_nul(value)


class QueryIn(Schema):
    """Query parameters (other parameters such as limit/offset share the query string)."""

    @field_validator("*", mode="after")
    @classmethod
    def _text_ok(cls, value):
        return _no_nul(value)


class PageIn(Schema):
    limit: int = Field(PAGE_DEFAULT, ge=1, description=f"每页条数，默认{PAGE_DEFAULT}，最多{PAGE_MAX}")
    offset: int = Field(0, ge=0, le=10**9)


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


def paginate(qs, page: PageIn, *, prepare=None) -> dict:
    """{"items": [...], "count": N} for a queryset (or list); `prepare(rows)` may annotate the
    rows of the page (e.g. tree counts) in a fixed number of queries."""
    limit = min(page.limit, PAGE_MAX)
    rows = list(qs[page.offset : page.offset + limit])
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    if prepare is not None:
        rows = prepare(rows)
    return {"items": rows, "count": count}


class MessageOut(Schema):
    message: str
    extra: dict = {}


class NamedRef(Schema):
    id: int
    name: str
