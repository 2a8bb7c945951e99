"""Reads of study materials (学习材料) and their distributions.

Two kinds of functions live here:
- path-based ones for the report metrics (`material_copies`): the caller passes the subtree path
  ("" = everything), no actor;
- actor-based ones for the pages, filtered through organizations.scoping.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.materials.models import MaterialDistribution, StudyMaterial
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- for the metrics ---------------------------------------------------------------------------


def material_distributions(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    qs = MaterialDistribution.objects.filter(distributed_on__gte=start, distributed_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs.select_related("material", "unit", "organization").order_by("distributed_on", "id")


def material_copies(org_path: str, start: dt.date, end: dt.date) -> tuple[int, QuerySet]:
    """(copies distributed in [start, end] to units under `org_path`, the distributions)
    (征订配发学习材料N册)."""
    qs = material_distributions(org_path, start, end)
    return qs.aggregate(n=Sum("copies"))["n"] or 0, qs


# --- study materials, for the pages --------------------------------------------------------------


def distributions_visible(actor) -> QuerySet:
    return scoping.visible(actor, MaterialDistribution.objects.all())


def distribution_list(
    *, actor: Actor, year: int | None = None, material=None, unit_id: int | None = None
) -> QuerySet:
    qs = distributions_visible(actor)
    if year:
        start, end = year_bounds(year)
        qs = qs.filter(distributed_on__gte=start, distributed_on__lte=end)
    if material is not None:
        qs = qs.filter(material=material)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.select_related("material", "unit").order_by("-distributed_on", "-id")


def material_totals(*, actor: Actor, year: int) -> dict:
    """Totals of the distributions in scope in the year: per material, per unit, and the grand total.
    Materials of the year ordered inside the actor's scope show even before any distribution.
    Three queries."""
    base = distribution_list(actor=actor, year=year).order_by()
    per_unit = list(
        base.values("unit_id", "unit__name")
        .annotate(copies=Sum("copies"), n=Count("id"))
        .order_by("-copies", "unit__name")
    )
    per_material = {
        r["material_id"]: r
        for r in base.values("material_id").annotate(
            copies=Sum("copies"), n=Count("id"), units=Count("unit_id", distinct=True)
        )
    }
    ordered_here = StudyMaterial.objects.filter(scoping.org_q(actor, field="organization__path"), year=year)
    materials = StudyMaterial.objects.filter(
        Q(id__in=list(per_material)) | Q(id__in=ordered_here.values("id"))
    )
    rows = []
    for m in materials.order_by("title", "id"):
        r = per_material.get(m.id, {})
        m.distributed = r.get("copies", 0)
        m.distribution_count = r.get("n", 0)
        m.unit_count = r.get("units", 0)
        m.remaining = max(m.ordered_copies - m.distributed, 0)
        rows.append(m)
    return {"materials": rows, "units": per_unit, "total": sum(r["copies"] for r in per_unit)}


def material_get(*, actor: Actor, material_id) -> StudyMaterial:
    """A material ordered or distributed inside the actor's scope (404 otherwise)."""
    return get_or_404(scoping.visible(actor, StudyMaterial.objects.all()), material_id)


def unit_party_org(unit: Unit) -> PartyOrganization | None:
    """The organisation a unit's distributions are filed under (for scope): its organ committee,
    else its topmost active organisation."""
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def units_for_distribution(*, actor: Actor) -> QuerySet:
    """Units the actor may record distributions for: those with an organisation they may change."""
    return (
        Unit.objects.filter(
            is_active=True, organizations__in=scoping.orgs_visible(actor, write=True).filter(is_active=True)
        )
        .exclude(category=UnitCategory.COMMITTEE)
        .distinct()
        .order_by("sort_order", "id")
    )
