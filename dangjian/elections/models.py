"""换届选举与干部调整: election records (approved by the organisation above: a workflow), mid-term
adjustments of party cadres (届中调整: a workflow) and pre-appointment tests (任前测试). Terms are
the organisations' own fields (PartyOrganization.term_started_on / term_ends_on); posts are people's
CadrePost rows, changed through people's services when an election or an adjustment is approved."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry
from dangjian.elections.enums import PRETEST_POSTS, ApprovalStatus, ElectionMethod
from dangjian.people.enums import Post


class Election(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="elections",
    )
    held_on = models.DateField("选举日期")
    method = models.CharField("选举方式", max_length=20, choices=ElectionMethod.choices)
    seats = models.PositiveSmallIntegerField("应选名额", default=0)
    candidates = models.PositiveSmallIntegerField("候选人数", default=0)
    voters_expected = models.PositiveIntegerField("应到有选举权人数", default=0)
    voters_present = models.PositiveIntegerField("实到人数", default=0)
    term_ends_on = models.DateField("本届届满")
    status = models.CharField(
        "状态", max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    approved_on = models.DateField("批复日期", null=True, blank=True)
    note = models.TextField("说明", blank=True, default="")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = "换届选举"
        verbose_name_plural = "换届选举"

    def __str__(self) -> str:
        return f"{self.organization} {self.held_on} 换届选举"

    def audit_org_path(self) -> str:
        return self.organization.path


class ElectedMember(models.Model):
    """One member of the committee an election produced, with the post they were elected to."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", verbose_name="当选人", on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    votes = models.PositiveIntegerField("得票", default=0)

    class Meta:
        ordering = ["election_id", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="elected_member_unique")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.post}"


class ElectionEvent(TimelineEntry):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "换届选举流转记录"


class Adjustment(TimeStampedModel):
    """届中调整: who left a post, who came, why; approved by the organisation above."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    left_post = models.ForeignKey(
        "people.CadrePost",
        verbose_name="免去职务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    left_person = models.ForeignKey(
        "people.Person",
        verbose_name="离任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    came_person = models.ForeignKey(
        "people.Person",
        verbose_name="接任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_post = models.ForeignKey(
        "people.CadrePost",
        verbose_name="新任职务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjusted_on = models.DateField("调整日期")
    reason = models.CharField("调整原因", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    approved_on = models.DateField("批复日期", null=True, blank=True)

    class Meta:
        ordering = ["-adjusted_on", "id"]
        verbose_name = "届中调整"
        verbose_name_plural = "届中调整"
        indexes = [models.Index(fields=["status", "adjusted_on"], name="adjustment_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} 届中调整"

    def audit_org_path(self) -> str:
        return self.organization.path


class AdjustmentEvent(TimelineEntry):
    adjustment = models.ForeignKey(Adjustment, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "届中调整流转记录"


class PreTest(TimeStampedModel):
    """任前测试 of a full-time deputy secretary or a discipline secretary, with the result."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="pretests",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="pretests"
    )
    post = models.CharField("拟任职务", max_length=30, choices=PRETEST_POSTS)
    tested_on = models.DateField("测试日期")
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, default=Decimal("0"))
    passed = models.BooleanField("合格", default=False)
    note = models.CharField("备注", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-tested_on", "id"]
        verbose_name = "任前测试"
        verbose_name_plural = "任前测试"

    def audit_org_path(self) -> str:
        return self.organization.path
