"""The participation record (design.md "Recording what happened"): one way to record that people
took part in something. An activity (a training class, a campaign activity, a volunteer project, an
exchange meeting, a concert, a competition...) has an organiser and dates; participation rows say
who took part, in what role and with what status. Areas (trainings, campaigns, events, ...) add
their own tables beside an activity (one-to-one) rather than a second participation record.

Each participation row carries, as of the activity's first day, the organisation the person took
part from, its unit, that organisation's path and root, the year, the activity kind and the
campaign. "Distinct units / branches / members who took part in campaign X within subtree S" is
then one range scan of a covering index (`part_campaign_cov`, `part_kind_cov`), with no join: a
member who moved branch after the activity still counts for the branch they took part from.
Those copies are derived from the activity and the membership history, so they carry no foreign
key constraint (on PostgreSQL the checks dominate the cost of bulk inserts).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from dangjian.activities.enums import (
    ActivityKind,
    AddedBy,
    CampaignKind,
    GuestKind,
    ParticipantRole,
    ParticipationStatus,
)
from dangjian.core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """A named drive (主题活动 / 专项行动 / 志愿服务项目 / 培训项目) with a period and the subtree
    that takes part; its activities are the occasions, its participation the people."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=CampaignKind.choices, default=CampaignKind.THEME)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organisations that take part: this subtree (the organiser's own by default).
    scope = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="参与范围",
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_day = models.DateField("开始日期")
    last_day = models.DateField("结束日期")
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-first_day", "-id"]
        verbose_name = "主题活动"
        verbose_name_plural = "主题活动"
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="campaign_days_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.organization.path


class Activity(TimeStampedModel):
    """One occasion on which people take part: its kind, organiser, days (both inclusive), place,
    class hours where it has them and outcomes where its kind has them."""

    kind = models.CharField("类别", max_length=24, choices=ActivityKind.choices)
    title = models.CharField("名称", max_length=200)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="activities",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="activities"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="所属主题活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    first_day = models.DateField("开始日期")
    last_day = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1, null=True, blank=True)
    # Outcome of a volunteer project: person-times of the public served (惠及群众人次).
    beneficiaries = models.PositiveIntegerField("惠及人次", null=True, blank=True)
    description = models.TextField("内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Set for display by selectors.with_counts (no column).
    took_part: int
    registered: int

    class Meta:
        ordering = ["-first_day", "-id"]
        verbose_name = "活动"
        verbose_name_plural = "活动"
        indexes = [
            # kind and day, then what the report counts and sums (the volunteer projects and the people
            # they served): read from the index alone, 13 -> 2 ms at ten times the demo
            models.Index(
                fields=["kind", "first_day", "organization", "beneficiaries"], name="activity_kind_day_idx"
            ),
            models.Index(fields=["campaign", "first_day"], name="activity_campaign_idx"),
            models.Index(fields=["organization", "first_day"], name="activity_org_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="activity_days_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.organization.path


class Participation(models.Model):
    """One person (or a named guest who is not on the roster) at one activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participation")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="participation"
    )
    guest_name = models.CharField("姓名（非名册人员）", max_length=50, blank=True)
    guest_kind = models.CharField("人员类别", max_length=10, choices=GuestKind.choices, blank=True)
    guest_from = models.CharField("工作单位", max_length=100, blank=True)
    role = models.CharField(
        "角色", max_length=12, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    status = models.CharField(
        "状态", max_length=10, choices=ParticipationStatus.choices, default=ParticipationStatus.PRESENT
    )
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1, null=True, blank=True)
    added_by = models.CharField("方式", max_length=8, choices=AddedBy.choices, default=AddedBy.MANUAL)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    # Copies as of the activity's first day (see the module docstring). A guest takes part from
    # the organisation that brought them, when one is named.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    org_path = models.CharField(max_length=255, blank=True, default="")
    root = models.ForeignKey(
        "organizations.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # No index of its own: part_campaign_cov and part_campaign_year_cov begin with it. With one,
    # PostgreSQL walked it and read every row of the campaign for the report's counts instead of
    # reading the covering index alone (185 -> 122 ms for 223,000 rows at ten times the demo).
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    kind = models.CharField(max_length=24, choices=ActivityKind.choices)
    year = models.PositiveSmallIntegerField()
    day = models.DateField()

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = "参与记录"
        verbose_name_plural = "参与记录"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="participation_unique_person",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""), name="participation_person_or_guest"
            ),
        ]
        indexes = [
            # Distinct units / organisations / people of a campaign within a subtree, from the index alone.
            models.Index(
                fields=["campaign", "org_path", "status", "unit", "organization", "person"],
                name="part_campaign_cov",
            ),
            # The same for the campaigns of a report line in a year (the report's 党员进社区 figures): the
            # year inside the key, so the count reads the index alone instead of every row of the campaign.
            models.Index(
                fields=["campaign", "year", "status", "org_path", "unit", "organization", "person"],
                name="part_campaign_year_cov",
            ),
            # The same for a kind of activity in a year (training classes, volunteer service, ...).
            models.Index(
                fields=["kind", "year", "org_path", "status", "unit", "organization", "person"],
                name="part_kind_cov",
            ),
            # Completed enrolments of a series' classes in a period (the report's trainees: trainings
            # .selectors.completed_rows): a range of the index per campaign, no row read (60 -> 4 ms
            # for 45,000 enrolments at ten times the demo). The day right after the campaign: no IN
            # on a later column before a range (see people.CadrePost's post_committee_cov).
            models.Index(
                fields=["campaign", "day", "status", "kind", "org_path"], name="part_campaign_day_cov"
            ),
            # One person's activities (their page, their training hours).
            models.Index(fields=["person", "day"], name="part_person_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.person_id or self.guest_name}"

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.guest_name

    def audit_org_path(self) -> str:
        return self.org_path or self.activity.organization.path


class UnitReturn(TimeStampedModel):
    """A figure the committee asks units to report (填报) when only totals are kept, e.g. the
    person-times who watched a film: the request, optionally against an activity."""

    title = models.CharField("填报事项", max_length=200)
    measure = models.CharField("填报指标", max_length=50, help_text="如：观看人次")
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="发起组织",
        on_delete=models.PROTECT,
        related_name="unit_returns",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="关联活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    year = models.PositiveSmallIntegerField("年度")
    due_on = models.DateField("截止日期")
    units = models.ManyToManyField("organizations.Unit", verbose_name="填报单位", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = "填报任务"
        verbose_name_plural = "填报任务"

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.organization.path


class UnitReturnEntry(TimeStampedModel):
    """One unit's answer to a return: its number and a note. One per unit and return."""

    unit_return = models.ForeignKey(UnitReturn, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    # The unit's organ committee: where the entry is filed for scoping.
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveIntegerField("数量")
    note = models.CharField("说明", max_length=500, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit_return_id", "unit_id"]
        verbose_name = "填报数据"
        verbose_name_plural = "填报数据"
        constraints = [
            models.UniqueConstraint(fields=["unit_return", "unit"], name="unit_return_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_return_id} {self.unit_id} {self.value}"

    def audit_org_path(self) -> str:
        return self.organization.path


class SavedList(TimeStampedModel):
    """A user's named list of people from the roster (e.g. "机关党委委员"), to put the same people on
    several activities. Only ids are kept: who is on it is checked against the scope when used."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_person_lists"
    )
    name = models.CharField("名单名称", max_length=100)
    person_ids = models.JSONField("人员", default=list)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "人员名单"
        verbose_name_plural = "人员名单"
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_list_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name
