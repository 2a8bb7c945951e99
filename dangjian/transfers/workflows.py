"""The transfer workflow (组织关系转接): one table. Accepting moves the membership (services)."""

from dangjian.core import workflow
from dangjian.organizations import scoping
from dangjian.transfers import errors, rules
from dangjian.transfers.enums import TransferKind
from dangjian.transfers.enums import TransferStatus as S
from dangjian.transfers.models import Transfer, TransferEvent


def _receiver_within(actor, t) -> bool:
    return t.kind == TransferKind.WITHIN and scoping.may_receive_transfer(actor, t)


def _sender_out(actor, t) -> bool:
    return t.kind == TransferKind.OUT and scoping.may_send_transfer(actor, t)


def _receiver_in(actor, t) -> bool:
    return t.kind == TransferKind.IN and scoping.may_receive_transfer(actor, t)


TRANSFER = workflow.register(
    workflow.Workflow(
        name="transfer",
        label="组织关系转接",
        model=Transfer,
        timeline=TransferEvent,
        initial=S.PENDING,
        state_field="status",
        subject_field="transfer",
        transitions=[
            workflow.Transition(
                "accept",
                "接收",
                [S.PENDING],
                S.COMPLETED,
                _receiver_within,
                errors.RULE_ACCEPT,
                guards=[rules.within_only],
            ),
            workflow.Transition(
                "return",
                "退回",
                [S.PENDING],
                S.RETURNED,
                _receiver_within,
                errors.RULE_RETURN,
                guards=[rules.within_only, rules.reason_given],
                style="danger",
            ),
            workflow.Transition(
                "receipt",
                "登记回执（转出完成）",
                [S.PENDING],
                S.COMPLETED,
                _sender_out,
                errors.RULE_RECEIPT,
                guards=[rules.out_only],
            ),
            workflow.Transition(
                "cancel",
                "撤回",
                [S.PENDING],
                S.CANCELLED,
                scoping.may_send_transfer,
                errors.RULE_CANCEL,
                style="danger",
            ),
            workflow.Transition(
                "register_in",
                "登记转入",
                [S.PENDING],
                S.COMPLETED,
                _receiver_in,
                errors.RULE_ACCEPT,
            ),
        ],
    )
)
