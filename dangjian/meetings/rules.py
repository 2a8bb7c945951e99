"""Rules of the party regulations used by meetings (rules.md §2a), with their sources: numbers,
and which organisation may hold which kind of meeting."""

from dangjian.core.errors import ApplicationError
from dangjian.meetings import errors
from dangjian.meetings.enums import BRANCH_KINDS, CadencePeriod, MeetingKind
from dangjian.organizations.enums import OrgKind

QUORUM_RULES: dict[str, str] = {
    MeetingKind.GENERAL_MEETING: "《中国共产党支部工作条例（试行）》第十一条：支部党员大会须有半数以上有表决权的党员到会",
    MeetingKind.COMMITTEE_MEETING: "《中国共产党支部工作条例（试行）》第十二条：支部委员会会议须有半数以上委员到会",
}

# Defaults for CadenceRule (seeded by migration; editable in the admin).
DEFAULT_CADENCE = [
    (
        MeetingKind.COMMITTEE_MEETING,
        CadencePeriod.MONTH,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》第十二条：支部委员会会议一般每月召开1次",
        "confirmed",
    ),
    (
        MeetingKind.GROUP_MEETING,
        CadencePeriod.MONTH,
        1,
        "party_group",
        "《中国共产党支部工作条例（试行）》第十三条：党小组会一般每月召开1次",
        "confirmed",
    ),
    (
        MeetingKind.GENERAL_MEETING,
        CadencePeriod.QUARTER,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》第十一条：支部党员大会一般每季度召开1次",
        "confirmed",
    ),
    (
        MeetingKind.THEMED_DAY,
        CadencePeriod.MONTH,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》：每月相对固定1天开展主题党日",
        "confirmed",
    ),
    (
        MeetingKind.LECTURE,
        CadencePeriod.QUARTER,
        1,
        "branch",
        "条例未规定支部党课频次；每季度1次为各地通行做法",
        "local practice",
    ),
    (
        MeetingKind.REVIEW_MEETING,
        CadencePeriod.YEAR,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》第十七条：组织生活会一般每年召开1次",
        "confirmed",
    ),
    (
        MeetingKind.APPRAISAL,
        CadencePeriod.YEAR,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》：民主评议党员一般每年开展1次",
        "confirmed",
    ),
    (
        MeetingKind.TALK,
        CadencePeriod.YEAR,
        1,
        "branch",
        "《中国共产党支部工作条例（试行）》：谈心谈话每年至少1次",
        "confirmed",
    ),
]

YOUTH_AGE_LIMITS = (35, 40)  # rules.md §7: no national number; 35 default, 40 allowed
SIGNIN_WINDOW_SECONDS = 30
SIGNIN_CONFIRM_SECONDS = 600  # a verified scan may be completed by logging in within 10 minutes

# Which kinds of meeting each kind of organisation holds.
KINDS_BY_ORG = {
    OrgKind.BRANCH: set(BRANCH_KINDS) - {MeetingKind.GROUP_MEETING},
    OrgKind.PARTY_GROUP: {MeetingKind.GROUP_MEETING, MeetingKind.TALK},
    OrgKind.GENERAL_BRANCH: set(BRANCH_KINDS) - {MeetingKind.GROUP_MEETING},
    OrgKind.ORGAN_COMMITTEE: (set(BRANCH_KINDS) - {MeetingKind.GROUP_MEETING}) | {MeetingKind.CENTRAL_GROUP},
    OrgKind.WORKING_COMMITTEE: {
        MeetingKind.LECTURE,
        MeetingKind.THEMED_DAY,
        MeetingKind.GENERAL_MEETING,
        MeetingKind.COMMITTEE_MEETING,
    },
}


def check_kind(organization, kind: str, youth_group) -> None:
    """A meeting of `kind` may be held by `organization` (KINDS_BY_ORG); a youth-group activity only
    by the group's guiding organisation. Used by the services and by the ledger import."""
    if kind == MeetingKind.YOUTH_ACTIVITY:
        if youth_group is None or youth_group.organization_id != organization.id:
            raise ApplicationError(
                errors.ERR_KIND_FOR_ORG.format(
                    org=organization.name,
                    org_kind=organization.get_kind_display(),
                    kind=MeetingKind(kind).label,
                ),
                field="kind",
            )
        return
    if kind not in KINDS_BY_ORG.get(organization.kind, set()):
        raise ApplicationError(
            errors.ERR_KIND_FOR_ORG.format(
                org=organization.name, org_kind=organization.get_kind_display(), kind=MeetingKind(kind).label
            ),
            field="kind",
        )
