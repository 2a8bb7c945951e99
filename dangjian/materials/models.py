"""Study materials (学习材料): what the working committee ordered and the copies handed to
units. The tables keep their original names (meetings_studymaterial...), from when materials
were part of meetings."""

from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel


class StudyMaterial(TimeStampedModel):
    title = models.CharField("书名", max_length=200)
    publisher = models.CharField("出版社", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    ordered_copies = models.PositiveIntegerField("征订数量", default=0)
    # The organisation that ordered it (the working committee), for scope.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="征订组织",
        on_delete=models.PROTECT,
        related_name="study_materials",
    )
    root = models.ForeignKey("organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+")

    # Set for display by the distribution summary selector; not columns.
    distributed: int
    distribution_count: int
    unit_count: int
    remaining: int

    class Meta:
        db_table = "meetings_studymaterial"
        ordering = ["-year", "title"]
        verbose_name = "学习材料"
        verbose_name_plural = "学习材料"

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.organization.path


class MaterialDistribution(TimeStampedModel):
    material = models.ForeignKey(StudyMaterial, on_delete=models.PROTECT, related_name="distributions")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="material_distributions",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="material_distributions"
    )
    # The province-level root, kept on every scoped row (organizations.PartyOrganization.root).
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    copies = models.PositiveIntegerField("册数")
    distributed_on = models.DateField("配发日期")

    class Meta:
        db_table = "meetings_materialdistribution"
        ordering = ["-distributed_on", "id"]
        verbose_name = "学习材料配发"
        verbose_name_plural = "学习材料配发"
        constraints = [models.CheckConstraint(condition=Q(copies__gt=0), name="distribution_copies_positive")]

    def __str__(self) -> str:
        return f"{self.material} → {self.unit} {self.copies}册"

    def audit_org_path(self) -> str:
        return self.organization.path
