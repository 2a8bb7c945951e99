"""Liaison pairings (双进双促): the registry of industrial parks (园区) and enterprises (企业), each
with its 统一社会信用代码 (GB 32100, core.creditcode), and the pairings of a unit with a park or an
enterprise: the cadres it sends, the period, the visits made and the problems solved.

Parks and enterprises are one provincial registry: everyone who reads a subtree sees it (a unit
looks up the enterprise it pairs with); a pairing is filed under the unit's organisation."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from dangjian.core.areas import Area
from dangjian.core.models import TimeStampedModel


class Park(TimeStampedModel):
    name = models.CharField("园区名称", max_length=200, unique=True)
    area = models.CharField("所在地区", max_length=20, choices=Area.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        ordering = ["area", "name"]
        verbose_name = "园区"
        verbose_name_plural = "园区"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="park_credit_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Enterprise(TimeStampedModel):
    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    area = models.CharField("所在地区", max_length=20, choices=Area.choices)
    park = models.ForeignKey(
        Park,
        verbose_name="所在园区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.CharField("行业", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        ordering = ["area", "name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"

    def __str__(self) -> str:
        return self.name


class Pairing(TimeStampedModel):
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="选派单位", on_delete=models.PROTECT, related_name="pairings"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="pairings"
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey(
        Park, verbose_name="园区", null=True, blank=True, on_delete=models.PROTECT, related_name="pairings"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    started_on = models.DateField("对接开始")
    ended_on = models.DateField("对接结束", null=True, blank=True)
    cadres = models.ManyToManyField(
        "people.Person", verbose_name="选派干部", blank=True, related_name="pairings"
    )
    visits = models.PositiveIntegerField("走访次数", default=0)
    problems_solved = models.PositiveIntegerField("解决问题数", default=0)
    note = models.CharField("备注", max_length=500, blank=True)

    cadre_count: int

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "对接关系"
        verbose_name_plural = "对接关系"
        indexes = [models.Index(fields=["started_on", "ended_on"], name="pairing_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(park__isnull=False, enterprise__isnull=True)
                | Q(park__isnull=True, enterprise__isnull=False),
                name="pairing_park_or_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="pairing_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.partner}"

    @property
    def partner(self):
        return self.park or self.enterprise

    @property
    def partner_kind(self) -> str:
        return "园区" if self.park_id else "企业"

    @property
    def record_url(self) -> str:
        return reverse("pairings:detail", args=[self.pk])

    def audit_org_path(self) -> str:
        return self.organization.path
