"""API schemas of work prompts (/api/v1/work-prompts)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import Id, In, NamedRef, Text
from dangjian.prompts.enums import Audience


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


class PromptOut(Schema):
    id: int
    title: str
    sender_org: NamedRef
    published_at: dt.datetime
    is_read: bool | None = None


class PromptDetailOut(PromptOut):
    body: str
    audience: Audience
    recipients: list[NamedRef]

    @staticmethod
    def resolve_recipients(obj):
        return [_ref(o) for o in obj.recipients.order_by("path")]


class PromptIn(In):
    title: Annotated[str, Text(200, required=True)]
    body: Annotated[str, Text(20_000, required=True)]
    recipient_ids: list[Id] = Field(..., min_length=1, max_length=5000)
    audience: Audience = Audience.STAFF


class ReceiptOut(Schema):
    user_id: int
    user: str
    organizations: list[str]
    read_at: dt.datetime | None
    reminders: int


class RemindOut(Schema):
    reminded: int
