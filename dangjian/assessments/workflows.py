"""The workflows of assessments and appraisals: one table each.

- 党建工作实绩考核: 设置指标 → 评分中 → 已公布, by the organisation running it (the committee).
- 书记述职评议: 待述职 → 已述职，测评中 → 已确定等次; the report may be submitted again while it is
  being rated. Ratings are recorded in 测评中 (services.appraisal_rate) and are not steps.
"""

from dangjian.assessments import errors, rules
from dangjian.assessments.enums import AppraisalStatus as AS
from dangjian.assessments.enums import AssessmentStatus as S
from dangjian.assessments.models import AppraisalEvent, Assessment, AssessmentEvent, SecretaryAppraisal
from dangjian.core import workflow
from dangjian.organizations import scoping

ASSESSMENT = workflow.register(
    workflow.Workflow(
        name="assessment",
        label="党建工作实绩考核",
        model=Assessment,
        timeline=AssessmentEvent,
        initial=S.DRAFT,
        subject_field="assessment",
        transitions=[
            workflow.Transition(
                "start_scoring",
                "开始评分",
                [S.DRAFT],
                S.SCORING,
                scoping.may_manage_assessment,
                errors.RULE_ASSESSMENT_BY_RUNNER,
                guards=[rules.indicators_add_up, rules.units_listed],
            ),
            workflow.Transition(
                "publish",
                "公布考核结果",
                [S.SCORING],
                S.PUBLISHED,
                scoping.may_manage_assessment,
                errors.RULE_ASSESSMENT_BY_RUNNER,
                guards=[rules.every_unit_scored],
            ),
        ],
    )
)

APPRAISAL = workflow.register(
    workflow.Workflow(
        name="secretary_appraisal",
        label="书记述职评议",
        model=SecretaryAppraisal,
        timeline=AppraisalEvent,
        initial=AS.DRAFT,
        subject_field="appraisal",
        transitions=[
            workflow.Transition(
                "report",
                "提交述职报告",
                [AS.DRAFT, AS.REPORTED],
                AS.REPORTED,
                scoping.may_report_appraisal,
                errors.RULE_REPORT_BY_SECRETARY,
                guards=[rules.report_given],
            ),
            workflow.Transition(
                "conclude",
                "确定评议等次",
                [AS.REPORTED],
                AS.CONCLUDED,
                scoping.may_conclude_appraisal,
                errors.RULE_CONCLUDE_BY_ROUND,
                guards=[rules.rated],
            ),
        ],
    )
)
