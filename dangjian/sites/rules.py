"""Guards of the demonstration-site workflow: (site, actor, data) -> None, raising
ApplicationError with their own message. The naming period is the committee's choice (rules.md
§8b: no national number found), three years unless the step says otherwise."""

from __future__ import annotations

from dangjian.core.errors import ApplicationError
from dangjian.sites import errors

DEFAULT_VALID_YEARS = 3


def reason_given(site, actor, data: dict) -> None:
    if not (data.get("reason") or "").strip():
        raise ApplicationError(errors.ERR_REASON, field="note")


def not_yet_provincial(site, actor, data: dict) -> None:
    if site.provincial_on:
        raise ApplicationError(
            errors.ERR_ALREADY_PROVINCIAL.format(on=site.provincial_on.strftime("%Y年%-m月%-d日"))
        )
