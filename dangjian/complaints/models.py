"""Conduct complaints (作风问题举报): filed by anyone on the public page, followed with a query code
(only its hash is stored), registered and classified by the discipline staff, handed over to the
responsible organisation, which replies, and closed with a result. The reporter's identity is kept
encrypted (core.crypto) and shown only to the inspector the complaint is assigned to. Deadlines are
stored when their clock starts (architecture.md "Working days")."""

from django.conf import settings
from django.db import models

from dangjian.complaints.enums import ComplaintCategory, ComplaintStatus
from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry


class Complaint(TimeStampedModel):
    code_hash = models.CharField(max_length=64, unique=True)
    # The organisation whose discipline staff receive it (the working committee), for scope.
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="受理组织", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.SUBMITTED,
        db_index=True,
    )
    is_named = models.BooleanField("实名举报", default=False)
    # SM4-GCM ciphertexts (core.crypto); empty for an anonymous report.
    reporter_name = models.TextField(blank=True)
    reporter_phone = models.TextField(blank=True)
    reporter_contact = models.TextField(blank=True)
    title = models.CharField("标题", max_length=100)
    subject = models.CharField("被反映人或单位", max_length=100)
    subject_unit = models.CharField("所在单位", max_length=100, blank=True)
    content = models.TextField("问题描述")
    category = models.CharField("问题类别", max_length=20, choices=ComplaintCategory.choices, blank=True)
    received_on = models.DateField("收到日期", db_index=True)
    handover_due = models.DateField("转办时限")
    acknowledge_due = models.DateField("受理告知时限", null=True, blank=True)
    acknowledged_on = models.DateField("受理告知日期", null=True, blank=True)
    close_due = models.DateField("办结时限")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField("登记日期", null=True, blank=True)
    handler = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_handled",
    )
    handed_over_on = models.DateField("转办日期", null=True, blank=True, db_index=True)
    reply = models.TextField("办理情况", blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    result = models.TextField("办结结果", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    result_due = models.DateField("结果反馈时限", null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "作风问题举报"
        verbose_name_plural = "作风问题举报"
        indexes = [models.Index(fields=["status", "handover_due"], name="complaint_status_due")]

    def __str__(self) -> str:
        return f"举报{self.pk}：{self.title}"

    def audit_org_path(self) -> str:
        return self.organization.path


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField("文件名", max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="complaints/%Y/%m/")

    class Meta:
        ordering = ["id"]
        verbose_name = "举报附件"
        verbose_name_plural = "举报附件"

    def __str__(self) -> str:
        return self.name


class ComplaintEvent(TimelineEntry):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "举报流转记录"
        verbose_name_plural = "举报流转记录"


class RateCounter(models.Model):
    """A fixed-window counter of the public page's rate limits (complaints/throttle.py says why they
    are kept in the database): `count` requests under `key` (what and from which address) in the
    window ending at `expires_at`. Expired rows are reused or purged by the throttle."""

    key = models.CharField("计数项", max_length=200, primary_key=True)
    count = models.PositiveIntegerField("次数", default=0)
    expires_at = models.DateTimeField("窗口结束", db_index=True)

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
