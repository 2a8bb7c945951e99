"""Writes of the reports app: the summary templates (committee only, audited)."""

from __future__ import annotations

from django.db import transaction

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.core.text import clean_text
from dangjian.organizations import scoping
from dangjian.reports import errors, placeholders, summary
from dangjian.reports.models import SummaryTemplate


def template_check(*, text: str) -> list[placeholders.Block]:
    """The template parsed, or ApplicationError naming the line (unknown metric, broken
    placeholder, anything that is not text or a figure reference)."""
    return placeholders.validate(_clean(text), summary.known_ids())


def _clean(text: str) -> str:
    try:
        return clean_text(text)
    except ValueError as e:
        raise ApplicationError(str(e)) from e


@transaction.atomic
def template_save(*, actor: Actor, year: int, text: str) -> SummaryTemplate:
    if not scoping.is_committee(actor):
        raise Forbidden(errors.ERR_COMMITTEE_ONLY)
    low, high = summary.year_range()
    if not low <= year <= high:
        raise ApplicationError(errors.ERR_YEAR_RANGE)
    text = _clean(text).replace("\r\n", "\n").strip() + "\n"
    template_check(text=text)
    row = SummaryTemplate.objects.select_for_update().filter(year=year).first()
    before = row.text if row else None
    if row is None:
        row = SummaryTemplate.objects.create(year=year, text=text, updated_by=actor)
    else:
        row.text, row.updated_by = text, actor
        row.save(update_fields=["text", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=row,
        changes={"text": [before, text]},
    )
    return row
