"""The development of members as one workflow (rules.md §1a): the 25 steps, who may record each,
the rule each refusal cites. Steps that record something without moving the record to another
stage (filing, contacts, reviews, sponsors, political review, training, the 志愿书, the talk, the
oath...) are transitions from a stage to itself, so they are in the table and in the timeline."""

from dangjian.core import workflow
from dangjian.development import errors, rules
from dangjian.development.enums import STEPS
from dangjian.development.enums import Stage as S
from dangjian.development.models import Applicant, ApplicantEvent
from dangjian.organizations import scoping

W = workflow.Transition
branch = scoping.writes_org_of
approver = scoping.may_approve_members
dated = [rules.not_future, rules.after_previous_step]


def _t(name, sources, target, allowed, rule, guards=(), style=""):
    return W(name, STEPS[name][1], sources, target, allowed, rule, guards=[*dated, *guards], style=style)


DEVELOPMENT = workflow.register(
    workflow.Workflow(
        name="development",
        label="发展党员",
        model=Applicant,
        timeline=ApplicantEvent,
        initial=S.APPLIED,
        state_field="stage",
        subject_field="applicant",
        transitions=[
            _t("talk", [S.APPLIED], S.TALKED, branch, errors.RULE_TALK),
            _t("make_activist", [S.TALKED], S.ACTIVIST, branch, errors.RULE_ACTIVIST),
            _t("file_activist", [S.ACTIVIST], S.ACTIVIST, branch, errors.RULE_ACTIVIST),
            _t("assign_contacts", [S.ACTIVIST], S.ACTIVIST, branch, errors.RULE_CONTACTS),
            _t("review", [S.ACTIVIST], S.ACTIVIST, branch, errors.RULE_REVIEW),
            _t(
                "make_candidate",
                [S.ACTIVIST],
                S.CANDIDATE,
                branch,
                errors.RULE_ONE_YEAR,
                [rules.activist_filed_with_contacts, rules.one_year_as_activist],
            ),
            _t("file_candidate", [S.CANDIDATE], S.CANDIDATE, branch, errors.RULE_ONE_YEAR),
            _t("assign_sponsors", [S.CANDIDATE], S.CANDIDATE, branch, errors.RULE_SPONSORS),
            _t("political_review", [S.CANDIDATE], S.CANDIDATE, branch, errors.RULE_POLITICAL),
            _t("training", [S.CANDIDATE], S.CANDIDATE, branch, errors.RULE_TRAINING),
            _t(
                "committee_review",
                [S.CANDIDATE],
                S.REVIEWED,
                branch,
                errors.RULE_COMMITTEE_REVIEW,
                [rules.ready_for_committee_review],
            ),
            _t("pre_review", [S.REVIEWED], S.PRE_REVIEWED, approver, errors.RULE_APPROVAL_POWER),
            _t("fill_form", [S.PRE_REVIEWED], S.PRE_REVIEWED, branch, errors.RULE_PRE_REVIEW),
            _t("vote", [S.PRE_REVIEWED], S.VOTED, branch, errors.RULE_QUORUM, [rules.form_filled]),
            _t(
                "vote_failed",
                [S.PRE_REVIEWED],
                S.PRE_REVIEWED,
                branch,
                errors.RULE_QUORUM,
                [rules.form_filled],
            ),
            _t("committee_talk", [S.VOTED], S.VOTED, approver, errors.RULE_COMMITTEE_TALK),
            _t(
                "approve",
                [S.VOTED],
                S.PROBATIONARY,
                approver,
                errors.RULE_APPROVAL_POWER,
                [rules.committee_talk_done, rules.approval_in_time],
            ),
            _t("file_approval", [S.PROBATIONARY], S.PROBATIONARY, approver, errors.RULE_APPROVAL_POWER),
            _t("assign_group", [S.PROBATIONARY], S.PROBATIONARY, branch, errors.RULE_BRANCH),
            _t("oath", [S.PROBATIONARY], S.PROBATIONARY, branch, errors.RULE_BRANCH),
            _t("probation_review", [S.PROBATIONARY], S.PROBATIONARY, branch, errors.RULE_BRANCH),
            _t("apply_conversion", [S.PROBATIONARY], S.CONVERSION_APPLIED, branch, errors.RULE_CONVERSION),
            _t(
                "extend",
                [S.PROBATIONARY, S.CONVERSION_APPLIED],
                S.PROBATIONARY,
                approver,
                errors.RULE_EXTENSION,
                [rules.extension_allowed],
            ),
            _t(
                "conversion_vote",
                [S.CONVERSION_APPLIED],
                S.CONVERSION_VOTED,
                branch,
                errors.RULE_QUORUM,
                [rules.probation_over],
            ),
            _t(
                "conversion_vote_failed",
                [S.CONVERSION_APPLIED],
                S.CONVERSION_APPLIED,
                branch,
                errors.RULE_QUORUM,
                [rules.probation_over],
            ),
            _t(
                "conversion_approve",
                [S.CONVERSION_VOTED],
                S.FULL,
                approver,
                errors.RULE_APPROVAL_POWER,
                [rules.conversion_approval_in_time],
            ),
            _t("archive", [S.FULL], S.FULL, branch, errors.RULE_ARCHIVE),
            _t(
                "close",
                [s for s in S if s not in (S.FULL, S.CLOSED)],
                S.CLOSED,
                branch,
                errors.RULE_BRANCH,
                [rules.close_reason_given],
                style="danger",
            ),
        ],
    )
)

# Steps recorded with their own form (a vote, people, numbers): the generic "next step" button
# of core/_workflow.html is not offered for them.
FORM_STEPS = {
    "assign_contacts",
    "assign_sponsors",
    "political_review",
    "training",
    "vote",
    "vote_failed",
    "committee_talk",
    "extend",
    "conversion_vote",
    "conversion_vote_failed",
}
