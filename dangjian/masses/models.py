"""Masses (凝聚各方力量): internship posts (扬帆计划) offered by units with the students' applications
and placements, and the suggestion drive (建言献策, e.g. 百名博士献百策) with who submitted what and
whether it was adopted. Applicants and submitters are not members: only the minimum personal data
is kept (name, school or affiliation)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from dangjian.core.models import TimeStampedModel
from dangjian.masses.enums import ApplicationStatus


class InternshipPost(TimeStampedModel):
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="internship_posts"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="internship_posts"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("岗位名称", max_length=100)
    department = models.CharField("处室", max_length=100, blank=True)
    places = models.PositiveSmallIntegerField("招收人数", default=1)
    majors = models.CharField("专业要求", max_length=200, blank=True)
    offered_on = models.DateField("发布日期")
    description = models.TextField("岗位说明", blank=True)

    application_count: int
    placed_count: int

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name = "实习岗位"
        verbose_name_plural = "实习岗位"
        indexes = [models.Index(fields=["offered_on"], name="internship_offered")]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="internship_places_positive")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.title}"

    @property
    def record_url(self) -> str:
        return reverse("masses:post_detail", args=[self.pk])

    def audit_org_path(self) -> str:
        return self.organization.path


class InternshipApplication(TimeStampedModel):
    post = models.ForeignKey(InternshipPost, on_delete=models.PROTECT, related_name="applications")
    name = models.CharField("姓名", max_length=50)
    school = models.CharField("学校", max_length=100)
    major = models.CharField("专业", max_length=100, blank=True)
    applied_on = models.DateField("申请日期")
    status = models.CharField(
        "状态", max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    placed_on = models.DateField("到岗日期", null=True, blank=True)

    class Meta:
        ordering = ["post", "applied_on", "id"]
        verbose_name = "实习申请"
        verbose_name_plural = "实习申请"
        constraints = [
            models.CheckConstraint(
                condition=Q(placed_on__isnull=True) | Q(placed_on__gte=F("applied_on")),
                name="internship_placed_after_applied",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.school}）"

    def audit_org_path(self) -> str:
        return self.post.organization.path


class Suggestion(TimeStampedModel):
    drive = models.CharField("活动", max_length=100)
    submitter = models.CharField("建言人", max_length=50)
    affiliation = models.CharField("工作单位及身份", max_length=100, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name="推荐单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="suggestions"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("题目", max_length=200)
    text = models.TextField("建议内容")
    submitted_on = models.DateField("提交日期")
    adopted = models.BooleanField("已采纳", default=False)
    adopted_on = models.DateField("采纳日期", null=True, blank=True)
    adoption_note = models.CharField("采纳情况", max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "建言献策"
        verbose_name_plural = "建言献策"
        indexes = [models.Index(fields=["submitted_on"], name="suggestion_submitted")]
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted=False) | Q(adopted_on__isnull=False), name="suggestion_adopted_dated"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def record_url(self) -> str:
        return reverse("masses:suggestion_detail", args=[self.pk])

    def audit_org_path(self) -> str:
        return self.organization.path
