"""Selections and awards (评选表彰): a selection the committee defines (文明单位, 五一劳动奖...)
with quotas for collectives and individuals, and the nominations units make to it, which move
nominate → recommend → decide → awarded. The step dates are columns, so the year's figures are
plain filters."""

from django.db import models
from django.db.models import Q

from dangjian.awards.enums import NominationStatus, NomineeKind, SelectionKind
from dangjian.core.models import TimeStampedModel
from dangjian.core.workflow import TimelineEntry


class Selection(TimeStampedModel):
    name = models.CharField("评选名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=SelectionKind.choices, default=SelectionKind.OTHER)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    collective_quota = models.PositiveIntegerField("集体名额", default=0)
    individual_quota = models.PositiveIntegerField("个人名额", default=0)
    nomination_deadline = models.DateField("推荐截止日期", null=True, blank=True)
    description = models.TextField("说明", blank=True)
    # The organisation that runs the selection (the working committee), for scope.
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")

    # Set for display by the selectors; not columns.
    collective_used: int
    individual_used: int
    nomination_count: int

    class Meta:
        ordering = ["-year", "name", "id"]
        verbose_name = "评选"
        verbose_name_plural = "评选"

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"

    def audit_org_path(self) -> str:
        return self.organization.path


class Nomination(TimeStampedModel):
    selection = models.ForeignKey(
        Selection, verbose_name="评选", on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_kind = models.CharField("对象类别", max_length=20, choices=NomineeKind.choices)
    is_collective = models.BooleanField("集体", default=True)
    name = models.CharField("对象名称", max_length=100)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_org = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="个人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The organisation the nomination is filed under (scope): the nominee's own or its unit's.
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="nominations"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    citation = models.TextField("主要事迹", blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
        db_index=True,
    )
    nominated_on = models.DateField("提名日期")
    recommended_on = models.DateField("推荐日期", null=True, blank=True, db_index=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    awarded_on = models.DateField("获评日期", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["selection", "-is_collective", "name", "id"]
        verbose_name = "推荐对象"
        verbose_name_plural = "推荐对象"
        constraints = [
            models.CheckConstraint(
                condition=Q(nominee_kind=NomineeKind.PERSON, person__isnull=False, is_collective=False)
                | (~Q(nominee_kind=NomineeKind.PERSON) & Q(is_collective=True)),
                name="nomination_person_or_collective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.selection.name}）"

    def audit_org_path(self) -> str:
        return self.organization.path


class NominationEvent(TimelineEntry):
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        verbose_name = "评选流转记录"
        verbose_name_plural = "评选流转记录"
