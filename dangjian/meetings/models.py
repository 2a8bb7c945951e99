from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.meetings.enums import (
    AppraisalGrade,
    AttendanceStatus,
    CadencePeriod,
    MeetingKind,
    MeetingStatus,
    SignMethod,
)


class Meeting(TimeStampedModel):
    """One occurrence of organisational life (or a central-group study session, or a youth study
    group's activity): what was planned or held, by which organisation, and who attended."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织",
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    title = models.CharField("主题", max_length=200)
    held_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.ForeignKey(
        "people.Person",
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorder = models.ForeignKey(
        "people.Person",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = models.TextField("议题", blank=True)
    study_content = models.TextField("学习内容", blank=True)
    minutes = models.TextField("会议记录", blank=True)
    # Central-group study: the unit whose leadership studies, and whether the working committee sat in (列席).
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    committee_attended = models.BooleanField("工委列席", default=False)
    # Whether an agenda item is the first topic (第一议题): written by database triggers on the agenda
    # items only (meetings.first_topic), read by the annual report's count.
    first_topic = models.BooleanField("有第一议题", default=False, editable=False)
    observers = models.ManyToManyField("people.Person", verbose_name="列席人员", blank=True, related_name="+")
    youth_group = models.ForeignKey(
        "meetings.YouthStudyGroup",
        verbose_name="青年理论学习小组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = "会议"
        verbose_name_plural = "会议"
        indexes = [
            # A kind's meetings over a date range (the year's figures, cadence by month), read from the
            # index alone: status and organisation ride along instead of a table lookup per meeting.
            models.Index(fields=["kind", "held_at", "status", "organization"], name="meeting_kind_held_idx"),
            models.Index(fields=["organization", "held_at"], name="meeting_org_date_idx"),
            # The list's order (newest first) walked from an index instead of sorting a year of rows.
            models.Index(fields=["held_at", "id"], name="meeting_date_idx"),
            # Cadence (三会一课): the held meetings of a kind per organisation, read from the index alone.
            models.Index(fields=["status", "kind", "organization", "held_at"], name="meeting_cadence_idx"),
            # The meetings with a study topic (a sixth of them): the report's study-session count reads
            # this small index instead of every meeting's row.
            models.Index(
                fields=["status", "kind", "organization", "held_at"],
                condition=~models.Q(study_content=""),
                name="meeting_study_idx",
            ),
            # The same meetings by date: the province's count walks one range per kind (meeting_study_idx
            # seeks once per organisation; the planner picks this one only when no organisation list is
            # given, in_subtree_or_all).
            models.Index(
                fields=["status", "kind", "held_at", "organization"],
                condition=~models.Q(study_content=""),
                name="meeting_study_day_idx",
            ),
            # The held meetings with a first topic (a fifth of them) by kind and date: the report's
            # count of them walks one range of this small index per kind, reading no meeting row
            # (status first, as meeting_study_day_idx: a fifth faster than checking it per entry).
            models.Index(
                fields=["status", "kind", "held_at", "organization"],
                condition=models.Q(first_topic=True),
                name="meeting_first_topic_idx",
            ),
            # The youth study groups' activities (a small share of the meetings): the report's count
            # of them reads this index alone (34 -> 3 ms at ten times the demo; meeting_kind_held_idx
            # lacks the group, so every activity's row was read to check it).
            models.Index(
                fields=["status", "kind", "held_at", "organization"],
                condition=models.Q(youth_group__isnull=False),
                name="meeting_youth_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.held_at:%Y-%m-%d}"

    def audit_org_path(self) -> str:
        return self.organization.path


MONTH_FIELDS = [f"m{i:02d}" for i in range(1, 13)]


class MeetingTally(models.Model):
    """Held meetings of one organisation and kind in one year, per local calendar month: written by
    database triggers only (meetings.tally), read by cadence compliance."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    year = models.SmallIntegerField()
    m01 = models.IntegerField(default=0)
    m02 = models.IntegerField(default=0)
    m03 = models.IntegerField(default=0)
    m04 = models.IntegerField(default=0)
    m05 = models.IntegerField(default=0)
    m06 = models.IntegerField(default=0)
    m07 = models.IntegerField(default=0)
    m08 = models.IntegerField(default=0)
    m09 = models.IntegerField(default=0)
    m10 = models.IntegerField(default=0)
    m11 = models.IntegerField(default=0)
    m12 = models.IntegerField(default=0)

    class Meta:
        verbose_name = "会议按月统计"
        verbose_name_plural = "会议按月统计"
        constraints = [
            # The triggers' upsert key; (organization, kind, year) also serves the organisation's FK.
            models.UniqueConstraint(fields=["organization", "kind", "year"], name="meetingtally_key"),
        ]
        indexes = [
            models.Index(fields=["year", "kind"], name="meetingtally_year_idx"),
            # A year's held meetings of some kinds summed over the province (the report's 三会一课 count)
            # from the index alone, not a row lookup per organisation and kind.
            models.Index(fields=["year", "kind", "organization", *MONTH_FIELDS], name="meetingtally_sum_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.year}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    seq = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("议程", max_length=200)
    is_first_topic = models.BooleanField("第一议题", default=False)
    speech = models.CharField("学习的重要讲话", max_length=300, blank=True)

    class Meta:
        ordering = ["meeting_id", "seq", "id"]
        verbose_name = "议程"
        verbose_name_plural = "议程"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_first_topic=True), name="agenda_one_first_topic"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One person on a meeting's roster. Written in bulk (about a million rows a year), so it
    carries only what the roster needs."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(
        "出勤", max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.ABSENT
    )
    leave_reason = models.CharField("请假事由", max_length=100, blank=True)
    is_voting = models.BooleanField("有表决权", default=True)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    method = models.CharField("方式", max_length=10, choices=SignMethod.choices, default=SignMethod.MANUAL)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = "出勤"
        verbose_name_plural = "出勤"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")]
        indexes = [models.Index(fields=["person", "meeting"], name="attendance_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status}"


class MeetingVote(models.Model):
    """A vote taken at a meeting; refused when the meeting lacks its quorum (services.vote_record)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField("表决事项", max_length=200)
    votes_for = models.PositiveIntegerField("赞成")
    votes_against = models.PositiveIntegerField("反对", default=0)
    abstentions = models.PositiveIntegerField("弃权", default=0)
    passed = models.BooleanField("通过")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = "表决"
        verbose_name_plural = "表决"

    def __str__(self) -> str:
        return self.subject


class Appraisal(models.Model):
    """民主评议党员: one member's grade at an appraisal meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="appraisals")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="appraisals")
    grade = models.CharField("评议等次", max_length=12, choices=AppraisalGrade.choices)

    class Meta:
        verbose_name = "评议等次"
        verbose_name_plural = "评议等次"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="appraisal_unique_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.grade}"


class MeetingAttachment(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class CadenceRule(models.Model):
    """How often a kind of meeting is required (rules.md §2a), configurable, with its source."""

    kind = models.CharField("类型", max_length=20, choices=MeetingKind.choices, unique=True)
    period = models.CharField("周期", max_length=10, choices=CadencePeriod.choices)
    min_count = models.PositiveSmallIntegerField("每周期至少", default=1)
    holder = models.CharField(
        "由谁召开", max_length=20, default="branch", help_text="branch: 党支部; party_group: 党小组"
    )
    source = models.CharField("依据", max_length=200)
    confidence = models.CharField("确定性", max_length=20, default="confirmed")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "会议频次规则"
        verbose_name_plural = "会议频次规则"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_period_display()}"


class YouthStudyGroup(TimeStampedModel):
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="youth_groups"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="指导党组织",
        on_delete=models.PROTECT,
        related_name="youth_groups",
    )
    # The province-level root, kept on every scoped row (organizations.PartyOrganization.root).
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("小组名称", max_length=100)
    leader = models.ForeignKey(
        "people.Person",
        verbose_name="组长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    established_on = models.DateField("成立日期")
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "name"]
        verbose_name = "青年理论学习小组"
        verbose_name_plural = "青年理论学习小组"

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.organization.path


class YouthGroupMember(models.Model):
    group = models.ForeignKey(YouthStudyGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="youth_groups")
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = "小组成员"
        verbose_name_plural = "小组成员"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="youth_member_unique_active",
            )
        ]
        indexes = [
            # The distinct members of a subtree's groups over a period (the report's youth count),
            # read from the index alone instead of a membership row per entry.
            models.Index(fields=["group", "joined_on", "left_on", "person"], name="youth_member_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.person_id}"
