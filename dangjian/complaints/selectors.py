"""Reads of conduct complaints: path-based ones for the metrics (no reporter data in their
querysets' columns), actor-based ones for the pages and the API (through organizations.scoping)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dangjian.complaints.enums import AWAITING_HANDOVER, ComplaintStatus
from dangjian.complaints.models import Complaint
from dangjian.complaints.workflows import COMPLAINT
from dangjian.core import workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping

# The only reads of the table that skip the reporter's columns entirely.
PUBLIC_FIELDS = ["id", "title", "category", "status", "received_on", "handed_over_on", "closed_on"]


def _base(org_path: str) -> QuerySet:
    qs = Complaint.objects.only(*PUBLIC_FIELDS)
    if org_path:
        qs = qs.filter(Q(organization__path__under=org_path) | Q(handler__path__under=org_path))
    return qs


def received(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return _base(org_path).filter(received_on__gte=start, received_on__lte=end).order_by("received_on", "id")


def handed_over(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    return (
        _base(org_path)
        .filter(handed_over_on__gte=start, handed_over_on__lte=end)
        .order_by("handed_over_on", "id")
    )


def closed_in_time(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Closed in [start, end], handed over (if at all) by its deadline and closed by its own."""
    return (
        _base(org_path)
        .filter(status=ComplaintStatus.CLOSED, closed_on__gte=start, closed_on__lte=end)
        .filter(closed_on__lte=F("close_due"))
        .filter(Q(handed_over_on__isnull=True) | Q(handed_over_on__lte=F("handover_due")))
        .order_by("closed_on", "id")
    )


def complaint_list(*, actor: Actor, status: str = "", queue: str = "") -> QuerySet:
    """Complaints in scope; `queue`: "overdue" (not handed over past the deadline), "due_soon"
    (deadline within 2 days), "mine" (assigned to the actor)."""
    qs = scoping.visible(actor, Complaint.objects.all()).select_related("handler")
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    if queue == "overdue":
        qs = qs.filter(status__in=AWAITING_HANDOVER, handover_due__lt=today)
    elif queue == "due_soon":
        qs = qs.filter(
            status__in=AWAITING_HANDOVER,
            handover_due__gte=today,
            handover_due__lte=today + dt.timedelta(days=2),
        )
    elif queue == "mine":
        qs = qs.filter(inspector=actor)
    return qs.order_by("-received_on", "-id")


def complaint_get(*, actor: Actor, complaint_id) -> Complaint:
    return get_or_404(
        scoping.visible(actor, Complaint.objects.all()).select_related(
            "organization", "handler", "inspector"
        ),
        complaint_id,
    )


def handler_choices(*, actor: Actor) -> QuerySet:
    """Organisations a complaint may be handed over to: below the receiving organisation, in the
    inspector's subtrees."""
    return scoping.discipline_orgs(actor).filter(is_active=True, depth__gt=1).order_by("path")


def public_steps(complaint) -> list[dict]:
    """What the reporter sees of the timeline: the steps and their days, no names or notes."""
    labels = {t.name: t.label for t in COMPLAINT.transitions}
    shown = {
        "register": "已受理登记",
        "hand_over": "已转有关单位办理",
        "close": "已办结",
        "dismiss": "不予受理",
    }
    rows = [{"label": "收到举报", "at": complaint.received_on}]
    for e in workflow.timeline(complaint, workflow=COMPLAINT):
        if e.transition in shown:
            rows.append({"label": shown.get(e.transition, labels.get(e.transition, "")), "at": e.at})
    return rows
