"""Reads of medals and care. Path-based for the metrics; actor-based for pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from dangjian.care import rules
from dangjian.care.enums import CareKind
from dangjian.care.models import CareRecord, MedalAward
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Person
from dangjian.people.selectors import TimelineItem

WAN = Decimal(10000)

# --- for the metrics ---------------------------------------------------------------------------


def medals_in(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    qs = MedalAward.objects.filter(awarded_on__gte=start, awarded_on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def condolences_in(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    qs = CareRecord.objects.filter(kind=CareKind.CONDOLENCE, on__gte=start, on__lte=end)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def to_wan(yuan: Decimal) -> Decimal:
    return (Decimal(yuan) / WAN).quantize(Decimal("0.0001"))


# --- pages -------------------------------------------------------------------------------------


def medal_eligible(
    *, actor: Actor | None, year: int, org_path: str = "", include_awarded: bool = False
) -> QuerySet:
    """Living full members whose party age reaches 50 years by the cut-off of `year`, in scope (or
    the whole subtree for `actor=None`). `.awarded` tells whether they already got the medal."""
    qs = Person.objects.filter(
        membership__status=MembershipStatus.FULL, membership__full_on__lte=rules.latest_full_on(year)
    )
    if actor is not None:
        qs = qs.filter(scoping.person_q(actor))
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    qs = qs.annotate(awarded=Exists(MedalAward.objects.filter(person=OuterRef("pk"))))
    if not include_awarded:
        qs = qs.filter(awarded=False)
    return qs.select_related("organization", "unit", "membership").order_by(
        "organization__path", "name_pinyin", "id"
    )


def medal_list(*, actor: Actor, year: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, MedalAward.objects.all())
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("person", "unit", "organization")


def medal_by_unit(*, actor: Actor, year: int) -> list[dict]:
    return list(
        medal_list(actor=actor, year=year)
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")
    )


def care_list(*, actor: Actor, year: int | None = None, kind: str = "") -> QuerySet:
    qs = scoping.visible(actor, CareRecord.objects.all())
    if year:
        qs = qs.filter(on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("unit", "organization", "person")


def care_get(*, actor: Actor, record_id) -> CareRecord:
    return get_or_404(care_list(actor=actor), record_id)


def care_totals(*, actor: Actor, year: int) -> dict:
    """Per unit: visits, condolence payments and their sum; the grand total in yuan and in 万元."""
    base = care_list(actor=actor, year=year).order_by()
    per_unit = list(
        base.values("unit_id", "unit__name")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "unit__name")
    )
    for r in per_unit:
        r["amount"] = r["amount"] or Decimal(0)
        r["wan"] = to_wan(r["amount"])
    total = sum((r["amount"] for r in per_unit), Decimal(0))
    condolence = base.filter(kind=CareKind.CONDOLENCE).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {
        "units": per_unit,
        "total": total,
        "total_wan": to_wan(total),
        "condolence": condolence,
        "condolence_wan": to_wan(condolence),
        "count": sum(r["n"] for r in per_unit),
    }


def person_timeline_items(*, actor: Actor, person) -> list[TimelineItem]:
    """The member page's timeline: medals and care (people.selectors.on_person_timeline)."""
    items = [
        TimelineItem(on=m.awarded_on, kind="关怀", title="获颁“光荣在党50年”纪念章", detail=m.unit.name)
        for m in MedalAward.objects.filter(person=person).select_related("unit")
    ]
    for r in CareRecord.objects.filter(person=person):
        amount = f"，{r.amount}元" if r.amount else ""
        items.append(
            TimelineItem(on=r.on, kind="关怀", title=f"{r.get_kind_display()}{amount}", detail=r.reason)
        )
    return items
