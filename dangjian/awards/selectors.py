"""Reads of selections and awards: path-based ones for the metrics, actor-based ones for the
pages, the API and the result lists (through organizations.scoping)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.awards.enums import QUOTA_STATES, NomineeKind, SelectionKind
from dangjian.awards.models import Nomination, Selection
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping


def _nominations(org_path: str, kind: str) -> QuerySet:
    qs = Nomination.objects.filter(selection__kind=kind).select_related("selection", "unit")
    return qs.filter(organization__path__under=org_path) if org_path else qs


def candidates_recommended(org_path: str, kind: str, start: dt.date, end: dt.date) -> QuerySet:
    """Units recommended as candidates in [start, end] in selections of `kind` (推荐N家单位为候选单位)."""
    return (
        _nominations(org_path, kind)
        .filter(nominee_kind=NomineeKind.UNIT, recommended_on__gte=start, recommended_on__lte=end)
        .order_by("recommended_on", "id")
    )


def awarded(org_path: str, kind: str, start: dt.date, end: dt.date, *, collective: bool) -> QuerySet:
    """Collectives (or individuals) awarded in [start, end] in selections of `kind`."""
    return (
        _nominations(org_path, kind)
        .filter(is_collective=collective, awarded_on__gte=start, awarded_on__lte=end)
        .order_by("awarded_on", "id")
    )


def selection_list(*, actor: Actor, year: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, Selection.objects.all())
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        nomination_count=Count("nominations"),
        collective_used=Count(
            "nominations", filter=Q(nominations__is_collective=True, nominations__status__in=QUOTA_STATES)
        ),
        individual_used=Count(
            "nominations", filter=Q(nominations__is_collective=False, nominations__status__in=QUOTA_STATES)
        ),
    ).order_by("-year", "name", "id")


def selection_get(*, actor: Actor, selection_id) -> Selection:
    return get_or_404(selection_list(actor=actor).select_related("organization"), selection_id)


def nomination_list(*, actor: Actor, selection: Selection | None = None, status: str = "") -> QuerySet:
    qs = scoping.visible(actor, Nomination.objects.all()).select_related("selection", "unit")
    if selection is not None:
        qs = qs.filter(selection=selection)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-is_collective", "unit__sort_order", "name", "id")


def nomination_get(*, actor: Actor, nomination_id) -> Nomination:
    return get_or_404(
        scoping.visible(actor, Nomination.objects.all()).select_related(
            "selection", "selection__organization", "unit", "organization"
        ),
        nomination_id,
    )


KIND_CHOICES = SelectionKind.choices
