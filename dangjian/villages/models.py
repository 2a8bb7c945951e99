"""Village cadres (驻村干部 / 第一书记) and the survey teams (调研组) that inspect their work.

A stationing is one person sent by a unit to a village for a period; the months record the days
present in the village (against the configured minimum, villages.rules), leave records the approved
absences, spot checks (抽查) record where the cadre was found. A spot check that finds the cadre
neither in the village nor at the unit, on a day no leave covers, is "两头不见人".
A survey team visits areas (the 14 cities and the 沈抚 demonstration zone); its findings are
problems of the ledger owned by units (problems app, source 调研), linked here to the team."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from dangjian.core.areas import Area
from dangjian.core.models import TimeStampedModel
from dangjian.villages.enums import CadreRole


class Stationing(TimeStampedModel):
    person = models.ForeignKey(
        "people.Person", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="stationings"
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="stationings"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="stationings"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("身份", max_length=20, choices=CadreRole.choices)
    area = models.CharField("所在市", max_length=20, choices=Area.choices)
    county = models.CharField("县（市、区）", max_length=50, blank=True)
    township = models.CharField("乡镇", max_length=50, blank=True)
    village = models.CharField("村", max_length=100)
    started_on = models.DateField("驻村开始")
    ended_on = models.DateField("驻村结束", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "驻村干部"
        verbose_name_plural = "驻村干部"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="stationing_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.village}）"

    @property
    def record_url(self) -> str:
        return reverse("villages:detail", args=[self.pk])

    def audit_org_path(self) -> str:
        return self.organization.path


class PresenceMonth(TimeStampedModel):
    stationing = models.ForeignKey(Stationing, on_delete=models.PROTECT, related_name="months")
    month = models.DateField("月份")  # the first day of the month
    days_present = models.PositiveSmallIntegerField("在村天数")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["stationing", "month"]
        verbose_name = "在村天数"
        verbose_name_plural = "在村天数"
        constraints = [
            models.UniqueConstraint(fields=["stationing", "month"], name="presence_one_per_month"),
            models.CheckConstraint(condition=Q(days_present__lte=31), name="presence_days_in_month"),
        ]

    def audit_org_path(self) -> str:
        return self.stationing.organization.path


class LeaveRecord(TimeStampedModel):
    stationing = models.ForeignKey(Stationing, on_delete=models.PROTECT, related_name="leaves")
    starts_on = models.DateField("请假开始")
    ends_on = models.DateField("请假结束")
    reason = models.CharField("事由", max_length=200)
    approved_by = models.CharField("批准人", max_length=100, blank=True)

    class Meta:
        ordering = ["stationing", "starts_on"]
        verbose_name = "请假记录"
        verbose_name_plural = "请假记录"
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="leave_ends_after_start")
        ]

    def audit_org_path(self) -> str:
        return self.stationing.organization.path


class SpotCheck(TimeStampedModel):
    stationing = models.ForeignKey(Stationing, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField("抽查日期")
    in_village = models.BooleanField("在村")
    at_unit = models.BooleanField("在派出单位")
    checked_by = models.CharField("抽查人", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = "在岗抽查"
        verbose_name_plural = "在岗抽查"

    def audit_org_path(self) -> str:
        return self.stationing.organization.path


class SurveyTeam(TimeStampedModel):
    name = models.CharField("调研组", max_length=100)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="survey_teams",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        "people.Person",
        verbose_name="组长",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        "people.Person", verbose_name="成员", blank=True, related_name="survey_teams"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = "调研组"
        verbose_name_plural = "调研组"

    def __str__(self) -> str:
        return self.name

    @property
    def record_url(self) -> str:
        return reverse("villages:team_detail", args=[self.pk])

    def audit_org_path(self) -> str:
        return self.organization.path


class SurveyVisit(TimeStampedModel):
    team = models.ForeignKey(SurveyTeam, on_delete=models.PROTECT, related_name="visits")
    area = models.CharField("地区", max_length=20, choices=Area.choices)
    visited_on = models.DateField("调研日期")
    places = models.CharField("调研地点", max_length=200, blank=True)

    class Meta:
        ordering = ["team", "visited_on"]
        verbose_name = "调研行程"
        verbose_name_plural = "调研行程"

    @property
    def record_url(self) -> str:
        return reverse("villages:team_detail", args=[self.team_id])

    def audit_org_path(self) -> str:
        return self.team.organization.path


class SurveyFinding(TimeStampedModel):
    """Ties a problem of the ledger (问题清单, problems app, source 调研) to the survey team that found
    it and the area where. The problem itself (owning unit, description, found on, deadline,
    rectification status) lives in the ledger and is rectified there like any other; villages sits
    above problems in the layers, so the link is kept here and problems knows nothing of surveys."""

    team = models.ForeignKey(SurveyTeam, on_delete=models.PROTECT, related_name="findings")
    area = models.CharField("地区", max_length=20, choices=Area.choices)
    problem = models.OneToOneField(
        "problems.Problem", verbose_name="问题", on_delete=models.PROTECT, related_name="survey_finding"
    )

    class Meta:
        ordering = ["team", "id"]
        verbose_name = "调研发现问题"
        verbose_name_plural = "调研发现问题"

    @property
    def record_url(self) -> str:
        return reverse("villages:team_detail", args=[self.team_id])

    def audit_org_path(self) -> str:
        return self.team.organization.path
