"""Party fees (党费): the base declared for a year and the fee fixed from it at the start of the
year, the monthly payments, and the branch's yearly publication of what was collected."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.fees.enums import FeeCategory


class FeeBase(TimeStampedModel):
    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="fee_bases"
    )
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField(
        "类别", max_length=10, choices=FeeCategory.choices, default=FeeCategory.SALARIED
    )
    base = models.DecimalField("计算基数（元/月）", max_digits=12, decimal_places=2)
    monthly_fee = models.DecimalField("月交党费（元）", max_digits=10, decimal_places=2)
    # The first month of the year the fee is due: 1, or the month a new member was admitted
    # (党费自支部大会通过为预备党员之日起交纳).
    from_month = models.PositiveSmallIntegerField("起交月份", default=1)
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField("核定日期")

    class Meta:
        ordering = ["year", "organization_id", "person_id"]
        verbose_name = "党费基数"
        verbose_name_plural = "党费基数"
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="feebase_one_per_year"),
            models.CheckConstraint(condition=Q(base__gte=0), name="feebase_base_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "organization"], name="feebase_year_org_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.monthly_fee}"


class FeePayment(models.Model):
    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="fee_payments"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    paid_on = models.DateField("交纳日期")
    is_back_payment = models.BooleanField("补交", default=False)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="收缴党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["year", "month", "id"]
        verbose_name = "党费交纳"
        verbose_name_plural = "党费交纳"
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "month"], name="feepayment_one_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="feepayment_month_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="feepayment_amount_not_negative"),
        ]
        # (person, year, month) of the unique constraint serves a person's lookups (the 6-month flag):
        # no index of its own, so the year's ~600k rows load faster.
        # (year, organization) finds a year's payments under a subtree; paid_on and amount ride along
        # so the year's total is read from the index alone.
        indexes = [
            models.Index(fields=["year", "organization", "paid_on", "amount"], name="feepayment_year_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}-{self.month:02d} {self.amount}"

    def audit_org_path(self) -> str:
        return self.organization.path


class FeeTally(models.Model):
    """Fees paid to one organisation for one fee year, in fen, per calendar month of payment (of
    `paid_year`): written by database triggers only (fees.tally), read by the fees collected."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.SmallIntegerField()
    paid_year = models.SmallIntegerField()
    m01 = models.BigIntegerField(default=0)
    m02 = models.BigIntegerField(default=0)
    m03 = models.BigIntegerField(default=0)
    m04 = models.BigIntegerField(default=0)
    m05 = models.BigIntegerField(default=0)
    m06 = models.BigIntegerField(default=0)
    m07 = models.BigIntegerField(default=0)
    m08 = models.BigIntegerField(default=0)
    m09 = models.BigIntegerField(default=0)
    m10 = models.BigIntegerField(default=0)
    m11 = models.BigIntegerField(default=0)
    m12 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "党费按月统计"
        verbose_name_plural = "党费按月统计"
        constraints = [
            # The triggers' upsert key; it also serves the organisation's FK and a subtree's sum.
            models.UniqueConstraint(fields=["organization", "year", "paid_year"], name="feetally_key"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} ({self.paid_year})"


class FeePublication(TimeStampedModel):
    """党费收缴情况公示: once a year per branch (rules.md §4), with the totals it published."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    published_on = models.DateField("公示日期")
    members = models.PositiveIntegerField("党员人数")
    due = models.DecimalField("应交（元）", max_digits=14, decimal_places=2)
    paid = models.DecimalField("实交（元）", max_digits=14, decimal_places=2)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-year", "organization_id"]
        verbose_name = "党费收缴公示"
        verbose_name_plural = "党费收缴公示"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="feepublication_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"
