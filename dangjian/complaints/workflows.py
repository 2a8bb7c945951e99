"""The complaint workflow (作风问题举报): one table."""

from dangjian.complaints import errors, rules
from dangjian.complaints.enums import ComplaintStatus as S
from dangjian.complaints.models import Complaint, ComplaintEvent
from dangjian.core import workflow
from dangjian.organizations import scoping

COMPLAINT = workflow.register(
    workflow.Workflow(
        name="complaint",
        label="作风问题举报",
        model=Complaint,
        timeline=ComplaintEvent,
        initial=S.SUBMITTED,
        subject_field="complaint",
        transitions=[
            workflow.Transition(
                "register",
                "登记分类",
                [S.SUBMITTED],
                S.REGISTERED,
                scoping.discipline_over,
                errors.RULE_DISCIPLINE,
                guards=[rules.category_given],
            ),
            workflow.Transition(
                "hand_over",
                "转办",
                [S.REGISTERED],
                S.HANDED_OVER,
                scoping.discipline_over,
                errors.RULE_DISCIPLINE,
                guards=[rules.handler_given],
            ),
            workflow.Transition(
                "reply",
                "办理回复",
                [S.HANDED_OVER],
                S.REPLIED,
                scoping.handles_complaint,
                errors.RULE_HANDLER,
                guards=[rules.reply_given],
            ),
            workflow.Transition(
                "send_back",
                "退回重办",
                [S.REPLIED],
                S.HANDED_OVER,
                scoping.discipline_over,
                errors.RULE_DISCIPLINE,
                guards=[rules.reason_given],
                style="danger",
            ),
            workflow.Transition(
                "close",
                "办结",
                [S.REGISTERED, S.REPLIED],
                S.CLOSED,
                scoping.discipline_over,
                errors.RULE_DISCIPLINE,
                guards=[rules.result_given],
            ),
            workflow.Transition(
                "dismiss",
                "不予受理",
                [S.SUBMITTED, S.REGISTERED],
                S.DISMISSED,
                scoping.discipline_over,
                errors.RULE_DISCIPLINE,
                guards=[rules.reason_given],
                style="danger",
            ),
        ],
    )
)
