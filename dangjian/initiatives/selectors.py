"""Reads of branch initiatives: path-based ones for the report metrics, actor-based ones (through
organizations.scoping) for the pages, the API and the export."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.initiatives.enums import InitiativeStatus
from dangjian.initiatives.models import Initiative
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.organizations.models import PartyOrganization

# --- for the metrics ---------------------------------------------------------------------------


def initiatives_established(org_path: str, start: dt.date, end: dt.date, kind: str) -> QuerySet:
    """Initiatives of `kind` established in [start, end] by organisations under `org_path`
    ("" = everywhere), each record counted once: one organisation may create several."""
    qs = Initiative.objects.filter(
        subtree_q(org_path), kind=kind, established_on__gte=start, established_on__lte=end
    )
    return qs.select_related("organization", "unit").order_by("established_on", "id")


# --- for the pages -----------------------------------------------------------------------------


def initiative_list(
    *,
    actor: Actor,
    kind: str = "",
    unit_id: int | None = None,
    org: PartyOrganization | None = None,
    status: str = "",
    year: int | None = None,
    q: str = "",
) -> QuerySet:
    qs = scoping.visible(actor, Initiative.objects.all())
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if org is not None:
        qs = qs.filter(organization__path__under=org.path)
    if status == InitiativeStatus.ACTIVE:
        qs = qs.filter(closed_on__isnull=True)
    elif status == InitiativeStatus.CLOSED:
        qs = qs.filter(closed_on__isnull=False)
    if year:
        qs = qs.filter(established_on__year=year)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.select_related("organization", "unit").order_by("-established_on", "-id")


def with_member_counts(rows) -> list[Initiative]:
    """The rows of a page with `member_count` set: one query for the page, not a GROUP BY over the
    whole list."""
    rows = list(rows)
    through = Initiative.members.through
    counts = {
        c["initiative_id"]: c["n"]
        for c in through.objects.filter(initiative_id__in=[r.pk for r in rows])
        .values("initiative_id")
        .annotate(n=Count("id"))
    }
    for r in rows:
        r.member_count = counts.get(r.pk, 0)
    return rows


def kind_counts(qs: QuerySet) -> dict[str, int]:
    """Records per kind of a list's queryset (one query)."""
    rows = qs.order_by().values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}


def initiative_get(*, actor: Actor, initiative_id) -> Initiative:
    return get_or_404(
        scoping.visible(actor, Initiative.objects.select_related("organization", "unit")), initiative_id
    )


def orgs_for_initiatives(*, actor: Actor) -> QuerySet:
    """Active organisations the actor may register initiatives for (branches first)."""
    return (
        scoping.orgs_visible(actor, write=True)
        .filter(is_active=True, depth__gt=1)
        .select_related("unit")
        .order_by("path")
    )


def active_q() -> Q:
    return Q(closed_on__isnull=True)
