from django.db import models

from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import Post


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报批"
    APPROVED = "approved", "已批复"
    RETURNED = "returned", "已退回"


class ElectionMethod(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "党员大会选举"
    CONGRESS = "congress", "党员代表大会选举"


class TermStatus(models.TextChoices):
    OK = "ok", "任期内"
    EXPIRING = "expiring", "即将届满"
    OVERDUE = "overdue", "逾期未换届"
    UNKNOWN = "unknown", "未登记任期"


# rules.md §2c: 基层党委 (incl. 机关党委) 5 years; 党总支 and 党支部 3 years.
TERM_YEARS = {
    OrgKind.WORKING_COMMITTEE: 5,
    OrgKind.ORGAN_COMMITTEE: 5,
    OrgKind.GENERAL_BRANCH: 3,
    OrgKind.BRANCH: 3,
}
TERM_KINDS = (OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
ALERT_MONTHS = 6

# 任前测试 is for full-time deputy secretaries and discipline secretaries.
PRETEST_POSTS = [
    (Post.FULLTIME_DEPUTY.value, Post.FULLTIME_DEPUTY.label),
    ("discipline_secretary", "纪委书记"),
]
