"""Campaign outcomes (主题活动成果) beside the participation record of `activities`: the deeds done
(办实事), the difficulties solved (解难题), and which line of the annual report a campaign feeds.
Who took part is never stored here: it is the campaign's participation rows. Volunteer projects are
activities of kind VOLUNTEER (with their beneficiary person-times on the activity)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.campaigns.enums import DeedStatus, DifficultyStatus, ReportLine
from dangjian.core.models import TimeStampedModel


class CampaignReporting(models.Model):
    """One-to-one beside a campaign: the annual report line its figures are counted in (the
    committee decides which campaign is "党员进社区" of a year)."""

    campaign = models.OneToOneField(
        "activities.Campaign", primary_key=True, on_delete=models.CASCADE, related_name="reporting"
    )
    report_line = models.CharField("年度报告统计口径", max_length=20, choices=ReportLine.choices, blank=True)

    class Meta:
        verbose_name = "主题活动统计口径"
        verbose_name_plural = "主题活动统计口径"
        indexes = [models.Index(fields=["report_line"], name="campaign_report_line_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.report_line}"


class Outcome(TimeStampedModel):
    """What deeds and difficulties share: the campaign, the organisation that recorded it (a branch
    inside the campaign's scope, or the organiser), its unit and root, an optional activity."""

    campaign = models.ForeignKey(
        "activities.Campaign", verbose_name="主题活动", on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="相关活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("内容", max_length=200)
    note = models.CharField("备注", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.organization.path


class Deed(Outcome):
    """办实事: what was done, for whom, its status and the day it was done."""

    beneficiary = models.CharField("服务对象", max_length=100, blank=True)
    status = models.CharField("办理状态", max_length=12, choices=DeedStatus.choices, default=DeedStatus.DONE)
    done_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name = "实事"
        verbose_name_plural = "实事"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DeedStatus.DONE) | Q(done_on__isnull=False), name="deed_done_has_day"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status", "done_on"], name="deed_campaign_idx")]


class Difficulty(Outcome):
    """解难题: a difficulty raised (by whom, when), its status and the day it was solved."""

    raised_by = models.CharField("反映人/来源", max_length=100, blank=True)
    raised_on = models.DateField("提出日期", null=True, blank=True)
    status = models.CharField(
        "解决状态", max_length=12, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN
    )
    solved_on = models.DateField("解决日期", null=True, blank=True)

    class Meta:
        ordering = ["-solved_on", "-id"]
        verbose_name = "难题"
        verbose_name_plural = "难题"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DifficultyStatus.SOLVED) | Q(solved_on__isnull=False),
                name="difficulty_solved_has_day",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status", "solved_on"], name="difficulty_campaign_idx")]
