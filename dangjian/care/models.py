"""Medals (光荣在党50年纪念章) and care (关爱帮扶: visits, condolence payments)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.care.enums import CareKind
from dangjian.core.models import TimeStampedModel


class MedalAward(TimeStampedModel):
    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="medals"
    )
    year = models.PositiveSmallIntegerField("颁发年度")
    awarded_on = models.DateField("颁发日期")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_on = models.DateField("转正日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "organization_id", "id"]
        verbose_name = "纪念章颁发"
        verbose_name_plural = "纪念章颁发"
        constraints = [models.UniqueConstraint(fields=["person"], name="medal_once_per_person")]
        indexes = [models.Index(fields=["year", "unit"], name="medal_year_unit_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class CareRecord(TimeStampedModel):
    kind = models.CharField("类型", max_length=12, choices=CareKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="党员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care",
    )
    recipient = models.CharField("对象", max_length=50)
    on = models.DateField("日期")
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, default=0)
    reason = models.CharField("事由", max_length=200)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "关爱帮扶"
        verbose_name_plural = "关爱帮扶"
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="care_amount_not_negative")]
        indexes = [models.Index(fields=["kind", "on"], name="care_kind_on_idx")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.get_kind_display()} {self.on}"
