"""The demonstration-site workflow (示范点): one table."""

from dangjian.core import workflow
from dangjian.organizations import scoping
from dangjian.sites import errors, rules
from dangjian.sites.enums import SiteStatus as S
from dangjian.sites.models import DemoSite, DemoSiteEvent

SITE = workflow.register(
    workflow.Workflow(
        name="demo_site",
        label="党支部示范点",
        model=DemoSite,
        timeline=DemoSiteEvent,
        initial=S.PROPOSED,
        subject_field="site",
        transitions=[
            workflow.Transition(
                "evaluate",
                "开始评估",
                [S.PROPOSED],
                S.EVALUATING,
                scoping.site_committee,
                errors.RULE_COMMITTEE,
            ),
            workflow.Transition(
                "name", "命名为示范点", [S.EVALUATING], S.NAMED, scoping.site_committee, errors.RULE_COMMITTEE
            ),
            workflow.Transition(
                "reject",
                "评估未通过",
                [S.PROPOSED, S.EVALUATING],
                S.REJECTED,
                scoping.site_committee,
                errors.RULE_COMMITTEE,
                guards=[rules.reason_given],
                style="danger",
            ),
            workflow.Transition(
                "keep", "年度核查：保留", [S.NAMED], S.NAMED, scoping.site_committee, errors.RULE_COMMITTEE
            ),
            workflow.Transition(
                "recommend",
                "推荐为省级示范点",
                [S.NAMED],
                S.NAMED,
                scoping.site_committee,
                errors.RULE_COMMITTEE,
                guards=[rules.not_yet_provincial],
            ),
            workflow.Transition(
                "revoke",
                "年度核查：撤销",
                [S.NAMED],
                S.REVOKED,
                scoping.site_committee,
                errors.RULE_COMMITTEE,
                guards=[rules.reason_given],
                style="danger",
            ),
        ],
    )
)
