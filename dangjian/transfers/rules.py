"""The numbers of the transfers area, each a setting with its default and source (rules.md §3).

- TRANSFER_ACCEPT_MONTHS (1): months the receiving organisation has to accept or return a transfer
  inside the system before it shows as overdue. No national number: local practice, configurable.
- TRANSFER_LETTER_DAYS (30): default validity of an introduction letter; at most 90 days (≤ 3
  months, secondary source: 介绍信有效期一般不超过3个月).
- INACTIVE_MONTHS (6): 党章: no organisational life, no fees or no assigned work for 6 consecutive
  months without a proper reason is treated as 自行脱党 (confirmed).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from dangjian.core import workdays
from dangjian.core.errors import ApplicationError
from dangjian.transfers import errors
from dangjian.transfers.enums import TransferKind

MAX_LETTER_DAYS = 90


def accept_months() -> int:
    return int(getattr(settings, "TRANSFER_ACCEPT_MONTHS", 1))


def letter_days() -> int:
    return int(getattr(settings, "TRANSFER_LETTER_DAYS", 30))


def inactive_months() -> int:
    return int(getattr(settings, "INACTIVE_MONTHS", 6))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day number `months` earlier (or that month's last day)."""
    return workdays.add_months(day, -months)


def due_on(kind: str, started_on: dt.date, valid_days: int | None) -> dt.date:
    """When the transfer is due: within the system, `accept_months` after it started; out of the
    system, the last day the letter is valid."""
    if kind == TransferKind.OUT:
        return started_on + dt.timedelta(days=(valid_days or letter_days()) - 1)
    return workdays.deadline(started_on, months=accept_months())


def check_validity(days: int) -> None:
    if days is None or not 1 <= int(days) <= MAX_LETTER_DAYS:
        raise ApplicationError(errors.ERR_VALIDITY, field="valid_days")


# --- workflow guards: (obj, actor, data) ---------------------------------------------------------


def within_only(obj, actor, data: dict) -> None:
    if obj.kind != TransferKind.WITHIN:
        raise ApplicationError(errors.ERR_NOT_WITHIN)


def out_only(obj, actor, data: dict) -> None:
    if obj.kind != TransferKind.OUT:
        raise ApplicationError(errors.ERR_NOT_OUT)


def reason_given(obj, actor, data: dict) -> None:
    if not (data.get("note") or "").strip():
        raise ApplicationError(errors.ERR_RETURN_REASON, field="note")
