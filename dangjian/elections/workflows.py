"""Election records and mid-term adjustments are approved by the organisation above (党章 第三十一条)."""

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError
from dangjian.elections import errors
from dangjian.elections.enums import ApprovalStatus as A
from dangjian.elections.models import Adjustment, AdjustmentEvent, Election, ElectionEvent
from dangjian.organizations import scoping


def _note_required(obj, actor, data) -> None:
    if not (data.get("note") or "").strip():
        raise ApplicationError(errors.ERR_RETURN_NOTE, field="note")


def _table():
    return [
        workflow.Transition(
            "approve",
            "上级批复同意",
            [A.SUBMITTED],
            A.APPROVED,
            scoping.writes_parent_of,
            errors.RULE_APPROVAL,
        ),
        workflow.Transition(
            "return",
            "退回",
            [A.SUBMITTED],
            A.RETURNED,
            scoping.writes_parent_of,
            errors.RULE_APPROVAL,
            guards=[_note_required],
            style="danger",
        ),
        workflow.Transition(
            "resubmit", "重新报批", [A.RETURNED], A.SUBMITTED, scoping.writes_org_of, errors.RULE_RECORD
        ),
    ]


ELECTION = workflow.register(
    workflow.Workflow(
        name="election",
        label="换届选举报批",
        model=Election,
        timeline=ElectionEvent,
        initial=A.SUBMITTED,
        subject_field="election",
        transitions=_table(),
    )
)

ADJUSTMENT = workflow.register(
    workflow.Workflow(
        name="adjustment",
        label="届中调整报批",
        model=Adjustment,
        timeline=AdjustmentEvent,
        initial=A.SUBMITTED,
        subject_field="adjustment",
        transitions=_table(),
    )
)
