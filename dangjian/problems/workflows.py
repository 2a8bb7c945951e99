"""The rectification workflow (整改): assigned → rectifying → submitted → closed (销号); the assigner
returns a submission with reasons, and a follow-up review (回头看) reopens a closed problem."""

from dangjian.core import workflow
from dangjian.organizations import scoping
from dangjian.problems import errors, rules
from dangjian.problems.enums import ProblemStatus as S
from dangjian.problems.models import Problem, ProblemEvent

RECTIFICATION = workflow.register(
    workflow.Workflow(
        name="rectification",
        label="问题整改",
        model=Problem,
        timeline=ProblemEvent,
        initial=S.ASSIGNED,
        state_field="status",
        subject_field="problem",
        transitions=[
            workflow.Transition(
                "start",
                "签收并开始整改",
                [S.ASSIGNED],
                S.RECTIFYING,
                scoping.may_rectify_problem,
                errors.RULE_RECTIFY_BY_OWNER,
            ),
            workflow.Transition(
                "submit",
                "提交销号申请",
                [S.RECTIFYING],
                S.SUBMITTED,
                scoping.may_rectify_problem,
                errors.RULE_RECTIFY_BY_OWNER,
                guards=[rules.result_given],
            ),
            workflow.Transition(
                "verify",
                "核验销号",
                [S.SUBMITTED],
                S.CLOSED,
                scoping.may_verify_problem,
                errors.RULE_VERIFY_BY_ASSIGNER,
            ),
            workflow.Transition(
                "return",
                "退回重新整改",
                [S.SUBMITTED],
                S.RECTIFYING,
                scoping.may_verify_problem,
                errors.RULE_VERIFY_BY_ASSIGNER,
                guards=[rules.reason_given("退回")],
                style="danger",
            ),
            workflow.Transition(
                "reopen",
                "回头看：重新整改",
                [S.CLOSED],
                S.RECTIFYING,
                scoping.may_verify_problem,
                errors.RULE_VERIFY_BY_ASSIGNER,
                guards=[rules.reason_given("回头看重新整改"), rules.new_deadline_not_past],
                style="danger",
            ),
        ],
    )
)
