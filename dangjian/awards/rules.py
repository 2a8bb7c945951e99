"""Guards of the award workflow: (nomination, actor, data) -> None, raising ApplicationError."""

from __future__ import annotations

from dangjian.awards import errors
from dangjian.awards.enums import QUOTA_STATES
from dangjian.awards.models import Nomination, Selection
from dangjian.core.errors import ApplicationError


def reason_given(nomination, actor, data: dict) -> None:
    if not (data.get("reason") or "").strip():
        raise ApplicationError(errors.ERR_REASON, field="note")


def within_quota(nomination, actor, data: dict) -> None:
    """More awards than the selection's quota for collectives (or individuals) are refused. The
    selection row is locked first, so two racing decisions cannot both take the last place."""
    selection = Selection.objects.select_for_update().get(pk=nomination.selection_id)
    quota = selection.collective_quota if nomination.is_collective else selection.individual_quota
    used = (
        Nomination.objects.filter(
            selection=selection, is_collective=nomination.is_collective, status__in=QUOTA_STATES
        )
        .exclude(pk=nomination.pk)
        .count()
    )
    if used >= quota:
        kind = "集体" if nomination.is_collective else "个人"
        raise ApplicationError(errors.ERR_QUOTA.format(kind=kind, quota=quota, used=used))
