"""Scoped reads: committee terms with their alerts, elections, adjustments, pre-appointment tests."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.core.workdays import add_months
from dangjian.elections.enums import ALERT_MONTHS, TERM_KINDS, ApprovalStatus, TermStatus
from dangjian.elections.models import Adjustment, Election, PreTest
from dangjian.organizations import scoping
from dangjian.organizations.lookups import path_q, subtree_q
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import Person
from dangjian.people.selectors import TimelineItem


def terms(
    *, actor: Actor, status: str = "", org_id: int | None = None, today: dt.date | None = None
) -> QuerySet:
    """Active organisations with a committee term (机关党委, 党总支, 党支部) the actor may see;
    `status`: expiring (ends within six months), overdue (ended, no new term), unknown (no term
    recorded). Plain indexed filters on term_ends_on."""
    today = today or dt.date.today()
    qs = scoping.orgs_visible(actor).filter(is_active=True, kind__in=TERM_KINDS)
    if org_id:
        org = scoping.access_org(actor, org_id)
        qs = qs.filter(path__under=org.path)
    if status == TermStatus.OVERDUE:
        qs = qs.filter(term_ends_on__lt=today)
    elif status == TermStatus.EXPIRING:
        qs = qs.filter(term_ends_on__gte=today, term_ends_on__lte=add_months(today, ALERT_MONTHS))
    elif status == TermStatus.UNKNOWN:
        qs = qs.filter(term_ends_on__isnull=True)
    elif status == TermStatus.OK:
        qs = qs.filter(term_ends_on__gt=add_months(today, ALERT_MONTHS))
    return qs.select_related("unit", "parent").order_by("term_ends_on", "path")


def term_status(org: PartyOrganization, today: dt.date) -> str:
    if org.term_ends_on is None:
        return TermStatus.UNKNOWN
    if org.term_ends_on < today:
        return TermStatus.OVERDUE
    if org.term_ends_on <= add_months(today, ALERT_MONTHS):
        return TermStatus.EXPIRING
    return TermStatus.OK


def term_counts(*, actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    return {s.value: terms(actor=actor, status=s.value, today=today).count() for s in TermStatus}


def terms_overdue_on(*, day: dt.date, org_path: str = "") -> QuerySet:
    """Organisations whose term had ended by `day` without a new one (for the report)."""
    return PartyOrganization.objects.filter(
        path_q(org_path), is_active=True, kind__in=TERM_KINDS, term_ends_on__lt=day
    )


def election_list(*, actor: Actor, status: str = "", org_id: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, Election.objects.all())
    if org_id:
        qs = qs.filter(organization__path__under=scoping.access_org(actor, org_id).path)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organization").order_by("-held_on", "-id")


def access_election(actor, election_id) -> Election:
    return get_or_404(
        scoping.visible(actor, Election.objects.all()).select_related("organization"), election_id
    )


def adjustment_list(
    *, actor: Actor, status: str = "", year: int | None = None, org_id: int | None = None
) -> QuerySet:
    qs = scoping.visible(actor, Adjustment.objects.all())
    if org_id:
        qs = qs.filter(organization__path__under=scoping.access_org(actor, org_id).path)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(adjusted_on__year=year)
    return qs.select_related("organization", "organization__unit", "left_person", "came_person").order_by(
        "-adjusted_on", "-id"
    )


def access_adjustment(actor, adjustment_id) -> Adjustment:
    return get_or_404(
        scoping.visible(actor, Adjustment.objects.all()).select_related(
            "organization", "left_person", "came_person", "left_post"
        ),
        adjustment_id,
    )


def pretest_list(*, actor: Actor, org_id: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, PreTest.objects.all())
    if org_id:
        qs = qs.filter(organization__path__under=scoping.access_org(actor, org_id).path)
    return qs.select_related("organization", "person").order_by("-tested_on", "-id")


def adjustments_approved(*, start: dt.date, end: dt.date, org_path: str = "") -> QuerySet:
    """Approved mid-term adjustments that took effect in [start, end] (the report's figures)."""
    qs = Adjustment.objects.filter(
        status=ApprovalStatus.APPROVED, adjusted_on__gte=start, adjusted_on__lte=end
    )
    qs = qs.filter(subtree_q(org_path))
    return qs


def person_timeline_items(*, actor: Actor, person: Person) -> list[TimelineItem]:
    """For people's member page: elections the person was elected in, adjustments they left or
    took a post by (two queries)."""
    items = []
    elected = Election.objects.filter(members__person=person).select_related("organization").distinct()
    for e in elected:
        items.append(
            TimelineItem(
                on=e.held_on,
                kind="换届选举",
                title=f"当选{e.organization.name}委员会成员",
                detail=e.get_status_display(),
                url=reverse("elections:election_detail", args=[e.pk]),
            )
        )
    adjustments = Adjustment.objects.filter(Q(left_person=person) | Q(came_person=person)).select_related(
        "organization"
    )
    for a in adjustments:
        went = "离任" if a.left_person_id == person.pk else "接任"
        items.append(
            TimelineItem(
                on=a.adjusted_on,
                kind="届中调整",
                title=f"{went}{a.organization.name}{a.get_post_display()}",
                detail=f"{a.reason}（{a.get_status_display()}）",
                url=reverse("elections:adjustment_detail", args=[a.pk]),
            )
        )
    return items
