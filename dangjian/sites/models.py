"""Demonstration sites (党支部标准化规范化建设示范点): a branch applies or is nominated, is
evaluated, named for a period, reviewed each year (kept or revoked) and may be recommended to the
provincial level. The dates of those steps are columns (indexed) so the year's figures are plain
filters; the timeline keeps who did what."""

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry
from dangjian.sites.enums import OPEN_STATES, SiteOrigin, SiteStatus


class DemoSite(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党支部",
        on_delete=models.PROTECT,
        related_name="demo_sites",
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="demo_sites"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    origin = models.CharField("来源", max_length=20, choices=SiteOrigin.choices, default=SiteOrigin.APPLIED)
    status = models.CharField(
        "状态", max_length=20, choices=SiteStatus.choices, default=SiteStatus.PROPOSED, db_index=True
    )
    year = models.PositiveSmallIntegerField("申报年度", db_index=True)
    proposed_on = models.DateField("申报日期")
    statement = models.TextField("申报材料摘要", blank=True)
    evaluated_on = models.DateField("评估开始日期", null=True, blank=True)
    named_on = models.DateField("命名日期", null=True, blank=True, db_index=True)
    valid_until = models.DateField("命名有效期至", null=True, blank=True)
    last_reviewed_on = models.DateField("最近核查日期", null=True, blank=True)
    revoked_on = models.DateField("撤销日期", null=True, blank=True, db_index=True)
    revoke_reason = models.TextField("撤销原因", blank=True)
    provincial_on = models.DateField("推荐省级日期", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = "示范点"
        verbose_name_plural = "示范点"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status__in=OPEN_STATES),
                name="demo_site_one_open_per_branch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}（{self.get_status_display()}）"

    def audit_org_path(self) -> str:
        return self.organization.path


class DemoSiteEvent(TimelineEntry):
    site = models.ForeignKey(DemoSite, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "示范点流转记录"
        verbose_name_plural = "示范点流转记录"
