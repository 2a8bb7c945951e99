"""Reads of internship posts and suggestions: path-based ones for the metrics, actor-based ones
(through organizations.scoping) for the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.masses.enums import ApplicationStatus
from dangjian.masses.models import InternshipApplication, InternshipPost, Suggestion
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit

# --- for the metrics ---------------------------------------------------------------------------


def posts_offered(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    qs = InternshipPost.objects.filter(offered_on__gte=start, offered_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs.select_related("unit").order_by("offered_on", "id")


def suggestions_submitted(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    qs = Suggestion.objects.filter(submitted_on__gte=start, submitted_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs.order_by("submitted_on", "id")


# --- for the pages -----------------------------------------------------------------------------


def post_list(*, actor: Actor, year: int | None = None, unit_id: int | None = None, q: str = "") -> QuerySet:
    qs = scoping.visible(actor, InternshipPost.objects.all())
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(majors__icontains=q))
    return (
        qs.select_related("unit")
        .annotate(
            application_count=Count("applications", distinct=True),
            placed_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.PLACED), distinct=True
            ),
        )
        .order_by("-offered_on", "-id")
    )


def post_get(*, actor: Actor, post_id) -> InternshipPost:
    return get_or_404(
        scoping.visible(actor, InternshipPost.objects.select_related("unit", "organization")), post_id
    )


def application_get(*, actor: Actor, application_id) -> InternshipApplication:
    return get_or_404(
        scoping.visible(actor, InternshipApplication.objects.select_related("post__organization")),
        application_id,
    )


def suggestion_list(
    *, actor: Actor, year: int | None = None, adopted: bool | None = None, drive: str = "", q: str = ""
) -> QuerySet:
    qs = scoping.visible(actor, Suggestion.objects.all())
    if year:
        qs = qs.filter(submitted_on__year=year)
    if adopted is not None:
        qs = qs.filter(adopted=adopted)
    if drive:
        qs = qs.filter(drive=drive)
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(submitter__icontains=q))
    return qs.select_related("unit")


def suggestion_get(*, actor: Actor, suggestion_id) -> Suggestion:
    return get_or_404(
        scoping.visible(actor, Suggestion.objects.select_related("organization", "unit")), suggestion_id
    )


def unit_party_org(unit: Unit) -> PartyOrganization | None:
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def units_for_posts(*, actor: Actor) -> QuerySet:
    return (
        Unit.objects.filter(
            is_active=True, organizations__in=scoping.orgs_visible(actor, write=True).filter(is_active=True)
        )
        .exclude(category=UnitCategory.COMMITTEE)
        .distinct()
        .order_by("sort_order", "id")
    )
