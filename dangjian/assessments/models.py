"""Performance assessment (党建工作实绩考核) and secretary appraisal (述职评议考核).

An assessment of a year has an indicator tree (points per indicator, the scoring rule with its
itemised deductions; configurable, 100 points in total by default); the units assessed, each with
an assessor; one score per unit and leaf indicator (never above the indicator's points) with its
evidence; totals and grades (configurable bands); results published to each unit (a unit sees only
its own). Findings become problems of the ledger (problems.services.problem_create).

A secretary-appraisal round has the organisations whose secretaries report, the evaluators, and
configurable grades (好/较好/一般/差 by default); each evaluator rates each report once.

Member appraisal (民主评议党员, 优秀 <= 1/3) is recorded with the review meeting
(meetings.services.appraisal_record) and not repeated here.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.assessments.enums import (
    DEFAULT_APPRAISAL_GRADES,
    DEFAULT_GRADE_BANDS,
    AppraisalStatus,
    AssessmentStatus,
)
from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry


def _bands() -> list:
    return [list(b) for b in DEFAULT_GRADE_BANDS]


def _grades() -> list:
    return list(DEFAULT_APPRAISAL_GRADES)


class Assessment(TimeStampedModel):
    name = models.CharField("名称", max_length=100)
    year = models.PositiveSmallIntegerField("考核年度")
    total_points = models.DecimalField("总分", max_digits=6, decimal_places=2, default=Decimal(100))
    grade_bands = models.JSONField("等次划分", default=_bands)
    status = models.CharField(
        "状态", max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    published_on = models.DateField("公布日期", null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织考核的党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")

    # Set for the API by api._with_steps; not a column.
    next_steps: list[str]

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "党建工作实绩考核"
        verbose_name_plural = "党建工作实绩考核"

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.organization.path

    def grade_for(self, total: Decimal) -> str:
        for low, grade in self.grade_bands:
            if total >= Decimal(str(low)):
                return str(grade)
        return str(self.grade_bands[-1][1]) if self.grade_bands else ""


class AssessmentEvent(TimelineEntry):
    """The append-only timeline of an assessment (core.workflow; assessments/workflows.py)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "考核流转记录"
        verbose_name_plural = "考核流转记录"


class Indicator(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级指标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField("指标", max_length=200)
    max_score = models.DecimalField("分值", max_digits=6, decimal_places=2)
    rule = models.TextField("评分规则（扣分细则）", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    # Set for display by selectors; not columns.
    depth: int
    is_leaf: bool

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        constraints = [models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_positive")]

    def __str__(self) -> str:
        return self.name


class AssessedUnit(TimeStampedModel):
    """A unit under assessment: its assessor, and its total and grade once scored."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="单位党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="考核人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessed_units",
    )
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等次", max_length=20, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)

    class Meta:
        ordering = ["assessment", "unit__sort_order", "id"]
        verbose_name = "被考核单位"
        verbose_name_plural = "被考核单位"
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="assessed_unit_once")]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.unit}"

    def audit_org_path(self) -> str:
        return self.organization.path


class Score(TimeStampedModel):
    assessed = models.ForeignKey(AssessedUnit, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    evidence = models.TextField("扣分说明与佐证", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator__sort_order", "indicator_id"]
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        constraints = [
            models.UniqueConstraint(fields=["assessed", "indicator"], name="score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def audit_org_path(self) -> str:
        return self.assessed.organization.path


class AppraisalRound(TimeStampedModel):
    """One year's 述职评议考核 run by an organisation (the working committee, or an organ committee
    for its branches)."""

    name = models.CharField("名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    grades = models.JSONField("评价等次", default=_grades)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织评议的党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="测评人员", blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "述职评议考核"
        verbose_name_plural = "述职评议考核"

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.organization.path


class SecretaryAppraisal(TimeStampedModel):
    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="appraisals")
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="述职的党组织",
        on_delete=models.PROTECT,
        related_name="+",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    secretary = models.CharField("书记", max_length=50, blank=True)
    report = models.TextField("述职报告", blank=True)
    reported_on = models.DateField("述职日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=AppraisalStatus.choices, default=AppraisalStatus.DRAFT
    )
    result = models.CharField("评议等次", max_length=20, blank=True)
    concluded_on = models.DateField("确定等次日期", null=True, blank=True)

    # Set for the API by api._with_steps; not a column.
    next_steps: list[str]

    class Meta:
        ordering = ["round", "organization__path"]
        verbose_name = "书记述职评议"
        verbose_name_plural = "书记述职评议"
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="appraisal_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization}"

    def audit_org_path(self) -> str:
        return self.organization.path


class AppraisalEvent(TimelineEntry):
    """The append-only timeline of a secretary's appraisal (core.workflow; assessments/workflows.py)."""

    appraisal = models.ForeignKey(SecretaryAppraisal, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "述职评议流转记录"
        verbose_name_plural = "述职评议流转记录"


class AppraisalRating(TimeStampedModel):
    appraisal = models.ForeignKey(SecretaryAppraisal, on_delete=models.CASCADE, related_name="ratings")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("评价", max_length=20)
    comment = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        ordering = ["appraisal", "id"]
        verbose_name = "测评票"
        verbose_name_plural = "测评票"
        constraints = [models.UniqueConstraint(fields=["appraisal", "evaluator"], name="rating_once")]

    def audit_org_path(self) -> str:
        return self.appraisal.organization.path
