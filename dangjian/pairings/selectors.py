"""Reads of parks, enterprises and pairings: path-based ones for the metrics, actor-based ones
(through organizations.scoping) for the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.pairings.models import Enterprise, Pairing, Park

# --- for the metrics ---------------------------------------------------------------------------


def pairings_active(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Pairings in force at some day of [start, end] of units under `org_path`."""
    qs = Pairing.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def paired_units(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return Unit.objects.filter(pk__in=pairings_active(org_path, start, end).values("unit_id")).order_by(
        "sort_order", "id"
    )


def paired_parks(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return Park.objects.filter(pk__in=pairings_active(org_path, start, end).values("park_id"))


def paired_enterprises(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return Enterprise.objects.filter(pk__in=pairings_active(org_path, start, end).values("enterprise_id"))


# --- for the pages -----------------------------------------------------------------------------


def park_list(*, actor: Actor, area: str = "", q: str = "") -> QuerySet:
    qs = scoping.visible(actor, Park.objects.all())
    if area:
        qs = qs.filter(area=area)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return qs.annotate(pairing_count=Count("pairings")).order_by("area", "name")


def enterprise_list(*, actor: Actor, area: str = "", park_id: int | None = None, q: str = "") -> QuerySet:
    qs = scoping.visible(actor, Enterprise.objects.all())
    if area:
        qs = qs.filter(area=area)
    if park_id:
        qs = qs.filter(park_id=park_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return qs.select_related("park").annotate(pairing_count=Count("pairings")).order_by("area", "name")


def park_get(*, actor: Actor, park_id) -> Park:
    return get_or_404(scoping.visible(actor, Park.objects.all()), park_id)


def enterprise_get(*, actor: Actor, enterprise_id) -> Enterprise:
    return get_or_404(scoping.visible(actor, Enterprise.objects.select_related("park")), enterprise_id)


def pairing_list(
    *,
    actor: Actor,
    unit_id: int | None = None,
    partner: str = "",
    year: int | None = None,
    active: bool = False,
    park_id: int | None = None,
    enterprise_id: int | None = None,
) -> QuerySet:
    qs = scoping.visible(actor, Pairing.objects.all())
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if partner == "park":
        qs = qs.filter(park__isnull=False)
    elif partner == "enterprise":
        qs = qs.filter(enterprise__isnull=False)
    if park_id:
        qs = qs.filter(park_id=park_id)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if year:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end)
    if active:
        qs = qs.filter(ended_on__isnull=True)
    return (
        qs.select_related("unit", "park", "enterprise")
        .annotate(cadre_count=Count("cadres"))
        .order_by("-started_on", "-id")
    )


def pairing_get(*, actor: Actor, pairing_id) -> Pairing:
    return get_or_404(
        scoping.visible(actor, Pairing.objects.select_related("unit", "park", "enterprise", "organization")),
        pairing_id,
    )


def unit_party_org(unit: Unit) -> PartyOrganization | None:
    """The organisation a unit's pairings are filed under: its organ committee, else its topmost
    active organisation."""
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def units_for_pairing(*, actor: Actor) -> QuerySet:
    return (
        Unit.objects.filter(
            is_active=True, organizations__in=scoping.orgs_visible(actor, write=True).filter(is_active=True)
        )
        .exclude(category=UnitCategory.COMMITTEE)
        .distinct()
        .order_by("sort_order", "id")
    )
