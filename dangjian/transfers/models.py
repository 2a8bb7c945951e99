"""Transfers of members' organisational relationship (组织关系转接), mobile members (流动党员) and
their check drives (排查).

A transfer keeps both ends as foreign keys (the sender inside the system for `within` and `out`,
the receiver for `within` and `in`), so each side finds it with one indexed path filter; a letter
out of the system carries its number and validity; `due_on` is stored when the clock starts, so the
overdue queues are a plain filter."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry
from dangjian.transfers.enums import CheckResult, MobileStatus, TransferKind, TransferStatus


class Transfer(TimeStampedModel):
    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField("类型", max_length=10, choices=TransferKind.choices)
    status = models.CharField(
        "状态", max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    from_org = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="转出党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    to_org = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="接收党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    external_org = models.CharField("系统外党组织", max_length=200, blank=True)
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("转接原因", max_length=200, blank=True)
    started_on = models.DateField("发起日期")
    due_on = models.DateField("办理时限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    letter_no = models.CharField("介绍信编号", max_length=40, blank=True)
    valid_days = models.PositiveSmallIntegerField("有效期（天）", null=True, blank=True)
    receipt_on = models.DateField("回执日期", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        indexes = [
            # the report's completed transfers from the index alone: 26 -> 3 ms at ten times the demo
            models.Index(
                fields=["status", "closed_on", "from_org", "to_org"], name="transfer_status_closed_idx"
            ),
            models.Index(fields=["status", "due_on"], name="transfer_status_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="pending"), name="transfer_one_pending_per_person"
            ),
            models.UniqueConstraint(
                fields=["letter_no"], condition=~Q(letter_no=""), name="transfer_letter_no_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.started_on}"

    def audit_org_path(self) -> str:
        org = self.from_org or self.to_org
        return org.path if org else ""

    @property
    def number(self) -> str:
        return self.letter_no or f"ZJ{self.pk:07d}"

    @property
    def valid_until(self):
        if self.kind != TransferKind.OUT or not self.valid_days:
            return None
        import datetime as dt

        return self.started_on + dt.timedelta(days=self.valid_days - 1)


class TransferEvent(TimelineEntry):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "转接流转记录"
        verbose_name_plural = "转接流转记录"


class MobileMember(TimeStampedModel):
    """流动党员: a member away ≥ 6 months without transferring (rules.md §3): where, since when, who
    keeps contact. Filed under the sending organisation (流出地), which stays responsible."""

    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="mobile_records"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="流出地党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField("流动去向", max_length=200)
    since = models.DateField("外出日期")
    contact = models.CharField("联系人", max_length=50)
    contact_means = models.CharField("联系方式", max_length=100, blank=True)
    certificate_no = models.CharField("流动党员活动证编号", max_length=40, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=MobileStatus.choices, default=MobileStatus.ACTIVE
    )
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        ordering = ["organization__path", "-since", "id"]
        verbose_name = "流动党员"
        verbose_name_plural = "流动党员"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="mobile_one_active_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.location}"


class MobileCheck(TimeStampedModel):
    """流动党员排查: a drive over a subtree on a day; its entries are the list per unit."""

    title = models.CharField("排查名称", max_length=200)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织排查的党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField("排查日期")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = "流动党员排查"
        verbose_name_plural = "流动党员排查"

    def __str__(self) -> str:
        return self.title


class MobileCheckEntry(models.Model):
    check_run = models.ForeignKey(MobileCheck, on_delete=models.CASCADE, related_name="entries")
    mobile = models.ForeignKey(MobileMember, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    location = models.CharField("流动去向", max_length=200)
    contact = models.CharField("联系人", max_length=50)
    result = models.CharField(
        "核实结果", max_length=20, choices=CheckResult.choices, default=CheckResult.PENDING
    )

    class Meta:
        ordering = ["unit_id", "organization__path", "id"]
        verbose_name = "排查名单"
        verbose_name_plural = "排查名单"

    def __str__(self) -> str:
        return f"{self.person_id} {self.location}"
