from django.db import models


class OrgKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", "工委"
    ORGAN_COMMITTEE = "organ_committee", "机关党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    PARTY_GROUP = "party_group", "党小组"


# Which kinds may sit directly under which (a subordinate unit's committee sits under its parent
# unit's organ committee).
ALLOWED_PARENTS: dict[str, set[str]] = {
    OrgKind.WORKING_COMMITTEE: set(),
    OrgKind.ORGAN_COMMITTEE: {OrgKind.WORKING_COMMITTEE, OrgKind.ORGAN_COMMITTEE},
    OrgKind.GENERAL_BRANCH: {OrgKind.ORGAN_COMMITTEE},
    OrgKind.BRANCH: {OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.WORKING_COMMITTEE},
    OrgKind.PARTY_GROUP: {OrgKind.BRANCH},
}


class UnitCategory(models.TextChoices):
    PROVINCIAL = "provincial", "省直单位"
    CENTRAL = "central", "中直单位"
    SUBORDINATE = "subordinate", "下属单位"
    COMMITTEE = "committee", "工委机关"
