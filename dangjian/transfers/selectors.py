"""Reads of the transfers area. Path-based functions serve the metrics (no actor); actor-based ones
the pages and the API, filtered through organizations.scoping."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.fees.models import FeePayment
from dangjian.meetings.enums import AttendanceStatus
from dangjian.meetings.models import Attendance
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.people.enums import PARTY_MEMBER_STATUSES
from dangjian.people.models import Person
from dangjian.people.selectors import TimelineItem
from dangjian.transfers import rules
from dangjian.transfers.enums import MobileStatus, TransferKind, TransferStatus
from dangjian.transfers.models import MobileCheck, MobileCheckEntry, MobileMember, Transfer

BOXES = {
    "incoming": "待我接收",
    "outgoing": "转出办理中",
    "overdue": "逾期未办结",
    "all": "全部",
}

# --- for the metrics ---------------------------------------------------------------------------


def _under(qs: QuerySet, org_path: str) -> QuerySet:
    if not org_path:
        return qs
    return qs.filter(subtree_q(org_path, "from_org") | subtree_q(org_path, "to_org"))


def transfers_completed(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Transfers completed in [start, end] with an end under `org_path` (组织关系转接N名)."""
    qs = Transfer.objects.filter(status=TransferStatus.COMPLETED, closed_on__gte=start, closed_on__lte=end)
    return _under(qs, org_path).order_by("closed_on", "id")


def transfers_pending_on(org_path: str, day: dt.date) -> QuerySet:
    """Transfers started by `day` and not closed on that day."""
    qs = (
        Transfer.objects.filter(started_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .exclude(kind=TransferKind.IN)
    )
    return _under(qs, org_path).order_by("started_on", "id")


# --- for the pages -------------------------------------------------------------------------------


def transfers_visible(actor) -> QuerySet:
    return scoping.visible(actor, Transfer.objects.all())


def transfer_list(
    *,
    actor: Actor,
    box: str = "all",
    kind: str = "",
    status: str = "",
    year: int | None = None,
    today: dt.date | None = None,
) -> QuerySet:
    qs = transfers_visible(actor)
    scope = scoping.scope_of(actor)
    if box == "incoming":
        qs = (
            qs.filter(
                scoping.org_q(actor, field="to_org__path", write=True),
                status=TransferStatus.PENDING,
                kind=TransferKind.WITHIN,
            )
            if scope.write_paths
            else qs.none()
        )
    elif box == "outgoing":
        qs = (
            qs.filter(scoping.org_q(actor, field="from_org__path", write=True), status=TransferStatus.PENDING)
            if scope.write_paths
            else qs.none()
        )
    elif box == "overdue":
        qs = qs.filter(status=TransferStatus.PENDING, due_on__lt=today or dt.date.today())
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(started_on__year=year)
    return qs.select_related("person", "from_org", "to_org").order_by("-started_on", "-id")


def transfer_counts(*, actor: Actor, today: dt.date) -> dict:
    return {
        box: transfer_list(actor=actor, box=box, today=today).count()
        for box in ("incoming", "outgoing", "overdue")
    }


def transfer_get(*, actor: Actor, transfer_id) -> Transfer:
    return get_or_404(
        transfers_visible(actor).select_related(
            "person", "from_org", "to_org", "person__unit", "person__membership"
        ),
        transfer_id,
    )


def inactive_members(*, actor: Actor, as_of: dt.date, org_path: str = "") -> QuerySet:
    """Members flagged by the 6-month rule (党章; rules.md §3): in the party for the whole window and,
    in the `rules.inactive_months()` months up to `as_of`, never present at a meeting or never paying
    a fee. Each row carries `.attended` and `.paid` (booleans)."""
    since = rules.months_before(as_of, rules.inactive_months())
    attended = Attendance.objects.filter(
        person=OuterRef("pk"),
        status=AttendanceStatus.PRESENT,
        meeting__held_at__date__gt=since,
        meeting__held_at__date__lte=as_of,
    )
    paid = FeePayment.objects.filter(person=OuterRef("pk"), paid_on__gt=since, paid_on__lte=as_of)
    qs = Person.objects.filter(
        scoping.person_q(actor),
        membership__status__in=PARTY_MEMBER_STATUSES,
        membership__admitted_on__lte=since,
    )
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return (
        qs.annotate(attended=Exists(attended), paid=Exists(paid))
        .filter(Q(attended=False) | Q(paid=False))
        .select_related("organization", "unit")
        .order_by("organization__path", "name_pinyin", "id")
    )


def mobile_list(*, actor: Actor, active_only: bool = True) -> QuerySet:
    qs = scoping.visible(actor, MobileMember.objects.all())
    if active_only:
        qs = qs.filter(status=MobileStatus.ACTIVE)
    return qs.select_related("person", "organization", "unit")


def mobile_get(*, actor: Actor, mobile_id) -> MobileMember:
    return get_or_404(mobile_list(actor=actor, active_only=False), mobile_id)


def check_list(*, actor: Actor) -> QuerySet:
    return scoping.visible(actor, MobileCheck.objects.all()).select_related("organization")


def check_get(*, actor: Actor, check_id) -> MobileCheck:
    return get_or_404(check_list(actor=actor), check_id)


def check_entries_by_unit(*, actor: Actor, run: MobileCheck) -> list[dict]:
    """The drive's list per unit: [{unit, rows}], entries inside the actor's scope only."""
    rows = (
        MobileCheckEntry.objects.filter(check_run=run)
        .filter(scoping.org_q(actor, field="organization__path"))
        .select_related("person", "organization", "unit")
        .order_by("unit__sort_order", "unit_id", "organization__path", "id")
    )
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["unit"].pk != r.unit_id:
            out.append({"unit": r.unit, "rows": []})
        out[-1]["rows"].append(r)
    return out


def check_entry_get(*, actor: Actor, entry_id) -> MobileCheckEntry:
    qs = MobileCheckEntry.objects.filter(scoping.org_q(actor, field="organization__path"))
    return get_or_404(qs.select_related("organization"), entry_id)


def person_timeline_items(*, actor: Actor, person) -> list[TimelineItem]:
    """The member page's timeline: their transfers and mobile records (people.selectors hook)."""
    items = []
    for t in transfers_visible(actor).filter(person=person).select_related("from_org", "to_org"):
        where = t.to_org.name if t.to_org else t.external_org
        src = t.from_org.name if t.from_org else t.external_org
        url = reverse("transfers:detail", args=[t.pk])
        items.append(
            TimelineItem(
                on=t.started_on,
                kind="组织关系",
                title=f"发起{t.get_kind_display()}：{src} → {where}",
                url=url,
            )
        )
        if t.closed_on:
            items.append(
                TimelineItem(
                    on=t.closed_on, kind="组织关系", title=f"转接{t.get_status_display()}：{where}", url=url
                )
            )
    for m in MobileMember.objects.filter(person=person):
        items.append(
            TimelineItem(
                on=m.since, kind="流动党员", title=f"外出流动：{m.location}", detail=f"联系人：{m.contact}"
            )
        )
    return items
