"""The problem ledger (问题清单) and its rectification (整改).

A problem is owned by a unit (a provincial organ or a subordinate unit) and filed under one of
its party organisations (`organization`, for scope: the unit's organ committee unless a branch
owns it); `raised_by` is the organisation that assigned it (the working committee for the yearly
assessment), whose staff verify and close it. The deadline is stored when the clock starts
(docs/architecture.md "Working days"), so the overdue queue is one indexed filter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry
from dangjian.problems.enums import ProblemSource, ProblemStatus


class Problem(TimeStampedModel):
    source = models.CharField("问题来源", max_length=20, choices=ProblemSource.choices)
    source_ref = models.CharField("来源说明", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="problems"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="责任党组织",
        on_delete=models.PROTECT,
        related_name="problems",
    )
    raised_by = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="交办方",
        on_delete=models.PROTECT,
        related_name="problems_raised",
    )
    # The province-level root, kept on every scoped row (organizations.PartyOrganization.root).
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("问题描述")
    measures = models.TextField("整改措施", blank=True)
    responsible = models.CharField("责任人", max_length=50, blank=True)
    found_on = models.DateField("交办日期")
    deadline = models.DateField("整改时限")
    status = models.CharField(
        "状态", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.ASSIGNED
    )
    progress = models.TextField("整改进展", blank=True)
    result = models.TextField("整改完成情况", blank=True)
    submitted_on = models.DateField("申请销号日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField("回头看重新整改次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Set for display by selectors; not columns.
    is_overdue: bool

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "问题"
        verbose_name_plural = "问题清单"
        indexes = [
            models.Index(fields=["status", "deadline"], name="problem_status_deadline_idx"),
            models.Index(fields=["source", "found_on"], name="problem_source_found_idx"),
            models.Index(fields=["year", "source"], name="problem_year_source_idx"),
            # The overdue and due-soon queues: open problems in deadline order (selectors.OPEN_Q).
            models.Index(
                fields=["deadline", "id"], condition=~Q(status="closed"), name="problem_open_deadline_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("found_on")), name="problem_deadline_order"
            ),
            models.CheckConstraint(
                condition=Q(status=ProblemStatus.CLOSED, closed_on__isnull=False)
                | ~Q(status=ProblemStatus.CLOSED),
                name="problem_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        text = self.description.replace("\n", " ")
        return f"{self.unit.name}：{text[:40]}{'…' if len(text) > 40 else ''}"

    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def record_url(self) -> str:
        return reverse("problems:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != ProblemStatus.CLOSED

    @property
    def closed_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.deadline


class ProblemEvent(TimelineEntry):
    """The append-only timeline of a problem (core.workflow)."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "问题流转记录"
        verbose_name_plural = "问题流转记录"


class ProblemAttachment(TimeStampedModel):
    """A file of a problem (the finding, the rectification evidence). Stored under
    MEDIA_ROOT/problems/<problem id>/<random name>; the user's file name is for display only."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "问题附件"
        verbose_name_plural = "问题附件"

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.problem.organization.path
