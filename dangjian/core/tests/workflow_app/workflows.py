"""The example workflow: an owner drafts and submits; staff return it or close it."""

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError
from dangjian.core.tests.workflow_app.models import Ticket, TicketEvent, TicketState

RULE_OWNER = "《示例办法》第三条：由起草人提交。"
RULE_STAFF = "《示例办法》第五条：由工作人员审核。"
ERR_EMPTY_BODY = "《示例办法》第四条：提交前须填写正文。"
ERR_NO_REASON = "《示例办法》第六条：退回须说明理由。"


def is_owner(actor, ticket) -> bool:
    return actor.pk == ticket.owner_id


def is_staff(actor, ticket) -> bool:
    return actor.is_staff


def has_body(ticket, actor, data) -> None:
    if not ticket.body.strip():
        raise ApplicationError(ERR_EMPTY_BODY, field="body")


def has_reason(ticket, actor, data) -> None:
    if not (data.get("reason") or "").strip():
        raise ApplicationError(ERR_NO_REASON, field="reason")


S = TicketState
TICKET = workflow.register(
    workflow.Workflow(
        name="example_ticket",
        label="示例工单",
        model=Ticket,
        timeline=TicketEvent,
        initial=S.DRAFT,
        transitions=[
            workflow.Transition(
                "submit", "提交", [S.DRAFT, S.RETURNED], S.SUBMITTED, is_owner, RULE_OWNER, guards=[has_body]
            ),
            workflow.Transition(
                "return",
                "退回",
                [S.SUBMITTED],
                S.RETURNED,
                is_staff,
                RULE_STAFF,
                guards=[has_reason],
                style="danger",
            ),
            workflow.Transition("close", "办结", [S.SUBMITTED], S.CLOSED, is_staff, RULE_STAFF),
            workflow.Transition("reopen", "重新打开", [S.CLOSED], S.SUBMITTED, is_staff, RULE_STAFF),
        ],
    )
)
