"""Events (会议、交流会、讲座、互学互鉴、警示教育、文艺演出、竞赛、运动会): an activity of the
participation record (activities) with what an event adds beside it, one-to-one: registration,
the series it belongs to (the annual conference, 清风传家故事会...), the cases a warning-education
event studied and a competition's results. Who took part is the activity's participation rows."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.events.enums import EventSeries


class Event(TimeStampedModel):
    activity = models.OneToOneField(
        "activities.Activity", primary_key=True, on_delete=models.CASCADE, related_name="event"
    )
    series = models.CharField("活动系列", max_length=24, choices=EventSeries.choices, blank=True, default="")
    registration_opens = models.DateField("报名开始", null=True, blank=True)
    registration_closes = models.DateField("报名截止", null=True, blank=True)
    capacity = models.PositiveIntegerField("名额", null=True, blank=True)
    host = models.CharField("承办单位", max_length=200, blank=True)

    class Meta:
        ordering = ["-activity__first_day", "-activity_id"]
        verbose_name = "活动"
        verbose_name_plural = "活动"
        indexes = [models.Index(fields=["series"], name="event_series_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gte=models.F("registration_opens")),
                name="event_registration_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.activity)

    def audit_org_path(self) -> str:
        return self.activity.organization.path


class EventCase(TimeStampedModel):
    """A case studied at a warning-education event (典型案例)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField("案例", max_length=200)
    summary = models.TextField("案情与警示", blank=True)

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = "警示教育案例"
        verbose_name_plural = "警示教育案例"

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.event.activity.organization.path


class CompetitionResult(TimeStampedModel):
    """A contestant's result at a competition or sports meet: rank and/or award (and a score)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="results")
    participation = models.OneToOneField(
        "activities.Participation", on_delete=models.CASCADE, related_name="result"
    )
    item = models.CharField("项目", max_length=100, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    award = models.CharField("奖项", max_length=50, blank=True)
    score = models.DecimalField("成绩", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["event_id", "item", "rank", "id"]
        verbose_name = "比赛成绩"
        verbose_name_plural = "比赛成绩"
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="result_rank_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.rank or ''} {self.award}"

    def audit_org_path(self) -> str:
        return self.event.activity.organization.path
