"""The complaint rules: time limits (rules.md §8c, configurable with settings.COMPLAINT_LIMITS),
the guards of the workflow, and the limits of the public page (settings.COMPLAINT_INTAKE).

- 转办 within 5 working days of receipt (规则 第十五、十六条): `handover_due`.
- A named (实名) reporter is told of acceptance within 15 working days of receipt (`acknowledge_due`)
  and of the result within 15 working days of closing (`result_due`).
- Closing within 60 days of receipt (信访工作条例 第三十二条, the committee's own choice here).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from dangjian.complaints import errors
from dangjian.core.errors import ApplicationError
from dangjian.core.workdays import Calendar, deadline

DEFAULT_LIMITS = {
    "handover_working_days": 5,
    "acknowledge_working_days": 15,
    "result_working_days": 15,
    "close_days": 60,
}
DEFAULT_INTAKE = {
    "max_files": 3,
    "max_file_mb": 10,
    "max_content": 5000,
    "submits_per_hour": 10,  # per client address
    "track_failures": 10,  # wrong query codes per client address ...
    "track_window_minutes": 15,  # ... in this window, then lookups are refused
}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "COMPLAINT_LIMITS", {})}


def intake() -> dict:
    return {**DEFAULT_INTAKE, **getattr(settings, "COMPLAINT_INTAKE", {})}


def handover_due(received_on: dt.date, cal: Calendar | None = None) -> dt.date:
    return deadline(received_on, working_days=limits()["handover_working_days"], cal=cal)


def acknowledge_due(received_on: dt.date, cal: Calendar | None = None) -> dt.date:
    return deadline(received_on, working_days=limits()["acknowledge_working_days"], cal=cal)


def result_due(closed_on: dt.date, cal: Calendar | None = None) -> dt.date:
    return deadline(closed_on, working_days=limits()["result_working_days"], cal=cal)


def close_due(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=limits()["close_days"])


# --- guards: (complaint, actor, data) -> None ------------------------------------------------------


def _need(data: dict, key: str, message: str, field: str) -> None:
    if not data.get(key):
        raise ApplicationError(message, field=field)


def category_given(complaint, actor, data: dict) -> None:
    _need(data, "category", errors.ERR_CATEGORY, "category")


def handler_given(complaint, actor, data: dict) -> None:
    _need(data, "handler_id", errors.ERR_HANDLER, "handler")
    if data["handler_id"] == complaint.organization_id:
        raise ApplicationError(errors.ERR_HANDLER_ROOT, field="handler")


def reply_given(complaint, actor, data: dict) -> None:
    _need(data, "text", errors.ERR_REPLY, "text")


def result_given(complaint, actor, data: dict) -> None:
    _need(data, "text", errors.ERR_RESULT, "text")


def reason_given(complaint, actor, data: dict) -> None:
    _need(data, "reason", errors.ERR_REASON, "note")
