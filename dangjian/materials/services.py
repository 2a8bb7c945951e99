"""Writes of study materials (学习材料征订配发). One transaction each, each with an audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.materials import errors
from dangjian.materials.models import MaterialDistribution, StudyMaterial
from dangjian.materials.selectors import unit_party_org
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

MATERIAL_FIELDS = ["title", "publisher", "year", "ordered_copies"]


def _ordering_org(actor) -> PartyOrganization:
    """The organisation a committee member orders for: their highest writable one."""
    return PartyOrganization.objects.get(path=min(scoping.scope_of(actor).write_paths, key=len))


@transaction.atomic
def material_create(
    *, actor: Actor, title: str, year: int, publisher: str = "", ordered_copies: int = 0
) -> StudyMaterial:
    """Record a study material ordered by the working committee (committee staff only)."""
    scoping.require(scoping.scope_of(actor).committee and bool(scoping.scope_of(actor).write_paths))
    title = (title or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_MATERIAL_TITLE, field="title")
    if year is None or not 2000 <= int(year) <= 2100:
        raise ApplicationError(errors.ERR_MATERIAL_YEAR, field="year")
    if ordered_copies is None or int(ordered_copies) < 0:
        raise ApplicationError(errors.ERR_MATERIAL_ORDERED, field="ordered_copies")
    org = _ordering_org(actor)
    material = StudyMaterial.objects.create(
        organization=org,
        root=org.root or org,
        title=title[:200],
        publisher=(publisher or "").strip()[:100],
        year=int(year),
        ordered_copies=int(ordered_copies),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=material,
        changes=audit.diff({}, audit.snapshot(material, MATERIAL_FIELDS)),
    )
    return material


@transaction.atomic
def distribution_create(
    *, actor: Actor, material: StudyMaterial, unit, copies: int, distributed_on: dt.date | None = None
) -> MaterialDistribution:
    """Record copies of a material handed to a unit. The row is filed under the unit's organ
    committee, which must lie in the actor's write scope."""
    if copies is None or int(copies) <= 0:
        raise ApplicationError(errors.ERR_MATERIAL_COPIES, field="copies")
    distributed_on = distributed_on or timezone.localdate()
    if distributed_on > timezone.localdate():
        raise ApplicationError(errors.ERR_MATERIAL_DATE, field="distributed_on")
    org = unit_party_org(unit)
    if org is None:
        raise ApplicationError(errors.ERR_MATERIAL_UNIT_NO_ORG.format(unit=unit.name), field="unit")
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_MATERIAL_UNIT_OUTSIDE.format(unit=unit.name), field="unit")
    row = MaterialDistribution.objects.create(
        material=material,
        unit=unit,
        organization=org,
        root=org.root or org,
        copies=int(copies),
        distributed_on=distributed_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes={
            "material": [None, material.title],
            "unit": [None, unit.name],
            "copies": [None, row.copies],
            "distributed_on": [None, distributed_on.isoformat()],
        },
    )
    return row
