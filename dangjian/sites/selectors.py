"""Reads of demonstration sites: path-based ones for the metrics (no actor), actor-based ones for
the pages, the API and the export (through organizations.scoping)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.sites.models import DemoSite


def _base(org_path: str) -> QuerySet:
    # subtree_q: for the whole province no join to every site's organisation (PostgreSQL hashed the
    # whole organisation table for each of the report's three counts: 8 -> 1 ms at ten times the demo)
    return DemoSite.objects.select_related("organization", "unit").filter(subtree_q(org_path))


def sites_named(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Sites newly named in [start, end] (新评选示范点)."""
    return _base(org_path).filter(named_on__gte=start, named_on__lte=end).order_by("named_on", "id")


def sites_revoked(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Sites revoked in [start, end] (取消作用弱化示范点)."""
    return _base(org_path).filter(revoked_on__gte=start, revoked_on__lte=end).order_by("revoked_on", "id")


def sites_provincial(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Sites recommended to the provincial level in [start, end]."""
    return (
        _base(org_path)
        .filter(provincial_on__gte=start, provincial_on__lte=end)
        .order_by("provincial_on", "id")
    )


def site_list(
    *,
    actor: Actor,
    status: str = "",
    year: int | None = None,
    organization_id: int | None = None,
    provincial: bool | None = None,
) -> QuerySet:
    qs = scoping.visible(actor, DemoSite.objects.all()).select_related("organization", "unit")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if provincial is not None:
        qs = qs.filter(provincial_on__isnull=not provincial)
    return qs.order_by("-year", "-proposed_on", "-id")


def status_counts(*, actor: Actor, year: int | None = None) -> dict[str, int]:
    qs = scoping.visible(actor, DemoSite.objects.all())
    if year:
        qs = qs.filter(year=year)
    return {r["status"]: r["n"] for r in qs.order_by().values("status").annotate(n=Count("id"))}


def site_get(*, actor: Actor, site_id) -> DemoSite:
    return get_or_404(
        scoping.visible(actor, DemoSite.objects.all()).select_related("organization", "unit"), site_id
    )
