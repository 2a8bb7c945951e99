"""发展党员: one record per person developed, with the date of each step, and its append-only
timeline (core.workflow). The membership status itself lives in people (people.membership): the
services here change it through people's services at each stage."""

from __future__ import annotations

from django.db import models

from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry
from dangjian.development.enums import Stage


class Applicant(TimeStampedModel):
    person = models.OneToOneField(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="development"
    )
    # The branch responsible for the development (its scope decides who sees the record).
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党支部",
        on_delete=models.PROTECT,
        related_name="applicants",
    )
    stage = models.CharField("阶段", max_length=30, choices=Stage.choices, default=Stage.APPLIED)

    applied_on = models.DateField("申请入党日期")
    talked_on = models.DateField("谈话日期", null=True, blank=True)
    activist_on = models.DateField("确定积极分子日期", null=True, blank=True)
    activist_filed_on = models.DateField("积极分子备案日期", null=True, blank=True)
    last_review_on = models.DateField("最近一次考察", null=True, blank=True)
    candidate_on = models.DateField("确定发展对象日期", null=True, blank=True)
    candidate_filed_on = models.DateField("发展对象备案日期", null=True, blank=True)
    political_review_on = models.DateField("政治审查日期", null=True, blank=True)
    political_review_passed = models.BooleanField("政治审查合格", null=True, blank=True)
    trained_on = models.DateField("集中培训结业日期", null=True, blank=True)
    training_days = models.PositiveSmallIntegerField("培训天数", default=0)
    training_hours = models.PositiveSmallIntegerField("培训学时", default=0)
    reviewed_on = models.DateField("支委会审查日期", null=True, blank=True)
    pre_reviewed_on = models.DateField("预审日期", null=True, blank=True)
    form_filled_on = models.DateField("填写志愿书日期", null=True, blank=True)
    vote_on = models.DateField("支部大会通过日期", null=True, blank=True)
    committee_talk_on = models.DateField("上级党委谈话日期", null=True, blank=True)
    approved_on = models.DateField("审批日期", null=True, blank=True)
    approval_filed_on = models.DateField("审批备案日期", null=True, blank=True)
    oath_on = models.DateField("入党宣誓日期", null=True, blank=True)
    probation_ends_on = models.DateField("预备期满日期", null=True, blank=True)
    extended_months = models.PositiveSmallIntegerField("延长预备期（月）", default=0)
    conversion_applied_on = models.DateField("转正申请日期", null=True, blank=True)
    conversion_vote_on = models.DateField("支部大会通过转正日期", null=True, blank=True)
    full_on = models.DateField("转正日期", null=True, blank=True)
    conversion_approved_on = models.DateField("转正审批日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    closed_on = models.DateField("终止日期", null=True, blank=True)
    close_reason = models.CharField("终止原因", max_length=200, blank=True, default="")

    contacts = models.ManyToManyField(
        "people.Person", verbose_name="培养联系人", related_name="development_contacts", blank=True
    )
    sponsors = models.ManyToManyField(
        "people.Person", verbose_name="入党介绍人", related_name="development_sponsored", blank=True
    )

    # The deadline of the step the record waits for, stored when its clock starts (a plain
    # indexed filter for the overdue queue; a later calendar change does not move it).
    due_on = models.DateField("办理期限", null=True, blank=True)
    due_what = models.CharField("待办事项", max_length=60, blank=True, default="")

    class Meta:
        ordering = ["organization_id", "applied_on", "id"]
        verbose_name = "发展党员记录"
        verbose_name_plural = "发展党员记录"
        indexes = [
            models.Index(fields=["stage", "due_on"], name="dev_stage_due_idx"),
            models.Index(fields=["approved_on"], name="dev_approved_idx"),
            # the report's conversions (转正) from the index alone: 8 -> 1 ms at ten times the demo
            models.Index(fields=["full_on", "conversion_approved_on", "organization"], name="dev_full_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stage_display()}"

    def audit_org_path(self) -> str:
        return self.organization.path


class ApplicantEvent(TimelineEntry):
    """One step of a development record (append-only). `data` holds the step's date ("date"),
    who did it ("by"), the documents ("documents") and what the step records (votes, days...)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "发展党员流转记录"
        verbose_name_plural = "发展党员流转记录"
