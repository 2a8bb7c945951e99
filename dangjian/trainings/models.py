"""Training programmes and classes (培训班 第N期) on the participation record: a programme is a
campaign of kind TRAINING (its name, organiser and period) with the series and the completion
rule; a class is an activity of kind TRAINING_CLASS (its days, place and class hours) with its
number and seats; trainees are participation rows (role TRAINEE): registered when enrolled,
present once they attend, completed (结业) when the rule is met, with the class hours credited."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.trainings.enums import HoursCategory, ProgrammeSeries


class Programme(TimeStampedModel):
    campaign = models.OneToOneField(
        "activities.Campaign", on_delete=models.PROTECT, primary_key=True, related_name="programme"
    )
    series = models.CharField("培训系列", max_length=20, choices=ProgrammeSeries.choices)
    # 结业条件: attendance of at least this share of the class days, in per cent.
    completion_rate = models.PositiveSmallIntegerField("结业出勤率（%）", default=90)

    class Meta:
        ordering = ["-campaign__first_day", "-pk"]
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(completion_rate__gte=1, completion_rate__lte=100), name="programme_rate_range"
            )
        ]

    def __str__(self) -> str:
        return self.campaign.name

    def audit_org_path(self) -> str:
        return self.campaign.organization.path


class TrainingClass(TimeStampedModel):
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, primary_key=True, related_name="training_class"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="classes")
    number = models.PositiveSmallIntegerField("期数")
    seats = models.PositiveIntegerField("名额", null=True, blank=True)

    class Meta:
        ordering = ["programme_id", "number"]
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="training_class_number")]

    def __str__(self) -> str:
        return f"{self.programme}第{self.number}期"

    def audit_org_path(self) -> str:
        return self.activity.organization.path


class UnitQuota(models.Model):
    """Seats of one class given to one unit: its staff enrol their people up to this number."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField("名额")

    class Meta:
        ordering = ["training_class_id", "unit_id"]
        verbose_name = "单位名额"
        verbose_name_plural = "单位名额"
        constraints = [models.UniqueConstraint(fields=["training_class", "unit"], name="unit_quota_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.seats}"

    def audit_org_path(self) -> str:
        return self.training_class.activity.organization.path


class ClassAttendance(models.Model):
    """A trainee present on one day of the class (daily attendance); no row: not present."""

    participation = models.ForeignKey(
        "activities.Participation", on_delete=models.CASCADE, related_name="class_days"
    )
    day = models.DateField("日期")

    class Meta:
        ordering = ["participation_id", "day"]
        verbose_name = "培训考勤"
        verbose_name_plural = "培训考勤"
        constraints = [models.UniqueConstraint(fields=["participation", "day"], name="class_attendance_once")]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.day}"


class Certificate(models.Model):
    """结业证书: issued when a trainee completes a class; its number is kept."""

    participation = models.OneToOneField(
        "activities.Participation", on_delete=models.CASCADE, primary_key=True, related_name="certificate"
    )
    number = models.CharField("证书编号", max_length=40, unique=True)
    issued_on = models.DateField("结业日期")

    class Meta:
        ordering = ["number"]
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"

    def __str__(self) -> str:
        return self.number


class HoursRequirement(models.Model):
    """The yearly training hours required (rules.md §2a, secondary source: configurable)."""

    category = models.CharField("对象", max_length=10, choices=HoursCategory.choices, unique=True)
    hours = models.PositiveSmallIntegerField("年度学时要求")
    source = models.CharField("依据", max_length=200)
    confidence = models.CharField("确定性", max_length=20, default="secondary")

    class Meta:
        ordering = ["category"]
        verbose_name = "年度学时要求"
        verbose_name_plural = "年度学时要求"

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.hours}"
