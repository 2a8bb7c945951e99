"""The award workflow (评选表彰): one table."""

from dangjian.awards import errors, rules
from dangjian.awards.enums import NominationStatus as S
from dangjian.awards.models import Nomination, NominationEvent
from dangjian.core import workflow
from dangjian.organizations import scoping

AWARD = workflow.register(
    workflow.Workflow(
        name="award",
        label="评选表彰",
        model=Nomination,
        timeline=NominationEvent,
        initial=S.NOMINATED,
        subject_field="nomination",
        transitions=[
            workflow.Transition(
                "recommend",
                "推荐",
                [S.NOMINATED],
                S.RECOMMENDED,
                scoping.award_committee,
                errors.RULE_COMMITTEE,
            ),
            workflow.Transition(
                "decide",
                "决定授予",
                [S.RECOMMENDED],
                S.DECIDED,
                scoping.award_committee,
                errors.RULE_COMMITTEE,
                guards=[rules.within_quota],
            ),
            workflow.Transition(
                "award",
                "授予（获评）",
                [S.DECIDED],
                S.AWARDED,
                scoping.award_committee,
                errors.RULE_COMMITTEE,
            ),
            workflow.Transition(
                "reject",
                "未入选",
                [S.NOMINATED, S.RECOMMENDED, S.DECIDED],
                S.NOT_SELECTED,
                scoping.award_committee,
                errors.RULE_COMMITTEE,
                guards=[rules.reason_given],
                style="danger",
            ),
        ],
    )
)
