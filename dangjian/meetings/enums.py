from django.db import models


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支委会"
    GROUP_MEETING = "group_meeting", "党小组会"
    LECTURE = "lecture", "党课"
    THEMED_DAY = "themed_day", "主题党日"
    REVIEW_MEETING = "review_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"
    TALK = "talk", "谈心谈话"
    CENTRAL_GROUP = "central_group", "中心组学习"
    YOUTH_ACTIVITY = "youth_activity", "青年理论学习小组活动"


# 三会一课 and 主题党日: the organisational-life kinds counted as "组织党员学习" when they carry a study topic.
ORG_LIFE_KINDS = (
    MeetingKind.GENERAL_MEETING,
    MeetingKind.COMMITTEE_MEETING,
    MeetingKind.GROUP_MEETING,
    MeetingKind.LECTURE,
    MeetingKind.THEMED_DAY,
)
# Kinds a branch (or its party group) holds.
BRANCH_KINDS = ORG_LIFE_KINDS + (MeetingKind.REVIEW_MEETING, MeetingKind.APPRAISAL, MeetingKind.TALK)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class SignMethod(models.TextChoices):
    MANUAL = "manual", "登记"
    QR = "qr", "扫码签到"


class AppraisalGrade(models.TextChoices):
    """民主评议党员 grades (rules.md §2a): 优秀 at most 1/3 of those graded."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class CadencePeriod(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"
