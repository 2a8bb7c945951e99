"""Every read of units and the party tree, scoped."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, QuerySet
from django.db.models.functions import Length

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.enums import ALLOWED_PARENTS, OrgKind
from dangjian.organizations.models import PATH_STEP, PartyOrganization, Unit


def org_list(*, actor: Actor, q: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet:
    qs = scoping.orgs_visible(actor).select_related("unit", "parent")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(name__contains=q.strip()[:50])
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("path")


def org_roots(*, actor: Actor) -> QuerySet:
    """The top nodes of the actor's visible forest."""
    scope = scoping.scope_of(actor)
    if scope.read_paths:
        return PartyOrganization.objects.filter(path__in=scope.read_paths, is_active=True).select_related(
            "unit"
        )
    return scoping.orgs_visible(actor).select_related("unit")


def org_search(*, actor: Actor, q: str, limit: int = 50) -> tuple[list[PartyOrganization], int]:
    """Active organisations whose name contains `q`, each with .crumbs: its visible ancestors
    [(id, name), ...] from the top down. Two queries (three with the count)."""
    qs = org_list(actor=actor, q=q)
    total = qs.count()
    return with_crumbs(actor=actor, orgs=list(qs[:limit])), total


def with_crumbs(*, actor: Actor, orgs: list[PartyOrganization]) -> list[PartyOrganization]:
    """Set .crumbs on each organisation: its visible ancestors [(id, name), ...] from the top
    down, and .full_name: those names and its own joined by " / ". One query."""
    prefixes = {m.path[:i] for m in orgs for i in range(PATH_STEP, len(m.path), PATH_STEP)}
    names = {}
    if prefixes:
        names = {
            p: (i, n)
            for p, i, n in scoping.orgs_visible(actor)
            .filter(path__in=prefixes)
            .values_list("path", "id", "name")
        }
    for m in orgs:
        m.crumbs = [
            names[m.path[:i]] for i in range(PATH_STEP, len(m.path), PATH_STEP) if m.path[:i] in names
        ]
        m.full_name = " / ".join([name for _id, name in m.crumbs] + [m.name])
    return orgs


def move_targets(*, actor: Actor, org: PartyOrganization, q: str = "") -> QuerySet:
    """The organisations `org` may be moved under: active, of a kind allowed above it, visible,
    outside its own subtree and not its present parent."""
    return (
        org_list(actor=actor, q=q)
        .filter(kind__in=list(ALLOWED_PARENTS[org.kind]))
        .exclude(path__startswith=org.path)
        .exclude(pk=org.parent_id)
    )


def org_children(*, actor: Actor, org: PartyOrganization) -> QuerySet:
    return (
        PartyOrganization.objects.filter(scoping.org_q(actor), parent=org, is_active=True)
        .select_related("unit")
        .order_by("sort_order", "path")
    )


def subtree_children(path: str) -> dict[str, PartyOrganization]:
    """The organisations one level below the subtree `path` ("" = the roots), party groups left
    out, by path: the bars of a dashboard chart per unit (the caller checked the scope)."""
    depth = len(path) + PATH_STEP
    qs = (
        PartyOrganization.objects.filter(path__startswith=path)
        .annotate(n=Length("path"))
        .filter(n=depth)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
    return {o.path: o for o in qs}


# What other areas show on the tree's nodes (people: .member_count and .secretary) and on an
# organisation's page, registered from their AppConfig.ready() so the tree imports none of them.
# A node annotator sets attributes on the nodes in a fixed number of queries, whatever their number.
_NODE_ANNOTATORS: list[Callable[[list[PartyOrganization]], None]] = []
_DETAIL_PARTS: list[Callable[..., dict]] = []


def on_tree_nodes(fn: Callable[[list[PartyOrganization]], None]) -> None:
    _NODE_ANNOTATORS.append(fn)


def on_org_detail(fn: Callable[..., dict]) -> None:
    """`fn(actor=, org=)` returns context for the organisation's page."""
    _DETAIL_PARTS.append(fn)


def annotate_tree_nodes(nodes: list[PartyOrganization]) -> list[PartyOrganization]:
    """Set .has_children, and what the registered annotators add, on nodes."""
    if not nodes:
        return nodes
    with_children = set(
        PartyOrganization.objects.filter(parent__in=nodes, is_active=True)
        .values_list("parent_id", flat=True)
        .distinct()
    )
    for n in nodes:
        n.has_children = n.id in with_children
    for annotate in _NODE_ANNOTATORS:
        annotate(nodes)
    return nodes


def unit_top_orgs(*, actor: Actor, unit_ids) -> dict[int, int]:
    """{unit id: id of the unit's highest visible active party organisation}. One query."""
    rows = (
        scoping.orgs_visible(actor)
        .filter(unit_id__in=list(unit_ids), is_active=True)
        .order_by("-depth", "-path")
        .values_list("unit_id", "id")
    )
    return dict(rows)  # the last (highest, first in path order) wins


def org_detail_parts(*, actor: Actor, org: PartyOrganization) -> dict:
    context: dict = {}
    for part in _DETAIL_PARTS:
        context.update(part(actor=actor, org=org))
    return context


def unit_list(*, actor: Actor, q: str = "") -> QuerySet:
    qs = scoping.units_visible(actor).select_related("parent")
    if q:
        qs = qs.filter(name__contains=q.strip()[:50])
    return qs.order_by("sort_order", "id")


def unit_get(*, actor: Actor, unit_id) -> Unit:
    return get_or_404(unit_list(actor=actor), unit_id)


def org_counts_by_kind(*, actor: Actor) -> dict[str, int]:
    rows = scoping.orgs_visible(actor).filter(is_active=True).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}
