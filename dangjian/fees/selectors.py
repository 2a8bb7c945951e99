"""Reads of party fees: the ledger of a branch (or a subtree) for a year, arrears, publications.

The ledger reconciles by construction and says so: the sum of the members' rows equals the sum of
the payments filed under the organisation (payments of members without a base there, e.g. who
moved in during the year, are a line of their own), and due − paid = arrears for every row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.fees.models import FeeBase, FeePayment, FeePublication
from dangjian.organizations import scoping
from dangjian.people.selectors import TimelineItem

ZERO = Decimal("0.00")


@dataclass
class LedgerRow:
    base: FeeBase
    due_months: int
    paid_months: set[int]
    paid: Decimal
    due: Decimal = ZERO
    arrears: Decimal = ZERO

    @property
    def unpaid_months(self) -> list[int]:
        return [
            m for m in range(1, self.due_months + 1) if m not in self.paid_months and m >= self.first_month
        ]

    first_month: int = 1


@dataclass
class Ledger:
    year: int
    as_of: dt.date
    rows: list[LedgerRow] = field(default_factory=list)
    due: Decimal = ZERO
    paid: Decimal = ZERO
    arrears: Decimal = ZERO
    other_paid: Decimal = ZERO  # payments here by members with no base here (moved in)
    payments_total: Decimal = ZERO  # every payment filed under the organisation in the year
    reconciles: bool = True


def months_due(year: int, as_of: dt.date) -> int:
    """How many months of `year` are due by `as_of` (0 before the year, 12 after it)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 12
    return as_of.month


def bases_in(org_path: str, year: int) -> QuerySet:
    qs = FeeBase.objects.filter(year=year)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def payments_in(org_path: str, year: int) -> QuerySet:
    qs = FeePayment.objects.filter(year=year)
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def ledger(org_path: str, year: int, *, as_of: dt.date, with_rows: bool = True) -> Ledger:
    """The ledger of the subtree at `org_path` for `year` as of `as_of`. Three queries (two without
    rows): the bases, the payments grouped by person, the total."""
    n_due = months_due(year, as_of)
    out = Ledger(year=year, as_of=as_of)
    payments = payments_in(org_path, year)
    out.payments_total = payments.aggregate(s=Sum("amount"))["s"] or ZERO
    if with_rows:
        bases = list(
            bases_in(org_path, year)
            .select_related("person", "organization", "person__membership")
            .order_by("organization__path", "person__name_pinyin", "person_id")
        )
        by_person: dict[int, list] = {}
        for pid, month, amount in payments.values_list("person_id", "month", "amount"):
            by_person.setdefault(pid, []).append((month, amount))
        matched = ZERO
        for b in bases:
            got = by_person.get(b.person_id, [])
            admitted = getattr(getattr(b.person, "membership", None), "admitted_on", None)
            first = admitted.month if admitted and admitted.year == year else 1
            if admitted and admitted.year > year:
                first = 13
            due_months = max(0, n_due - first + 1)
            row = LedgerRow(
                base=b, due_months=n_due, paid_months={m for m, _ in got}, paid=sum((a for _, a in got), ZERO)
            )
            row.first_month = first
            row.due = b.monthly_fee * due_months
            row.arrears = b.monthly_fee * len(row.unpaid_months)
            matched += row.paid
            out.rows.append(row)
        out.due = sum((r.due for r in out.rows), ZERO)
        out.paid = matched
        out.arrears = sum((r.arrears for r in out.rows), ZERO)
        out.other_paid = out.payments_total - matched
        out.reconciles = out.paid + out.other_paid == out.payments_total
    else:
        agg = bases_in(org_path, year).aggregate(fee=Sum("monthly_fee"), n=Count("id"))
        out.due = (agg["fee"] or ZERO) * n_due
        out.paid = out.payments_total
    return out


def ledger_by_branch(org_path: str, year: int) -> list[dict]:
    """Per organisation of the subtree: members with a base, fee per month, payments and sum (two
    GROUP BYs): the province's overview."""
    bases = {
        r["organization_id"]: r
        for r in bases_in(org_path, year)
        .values("organization_id")
        .annotate(n=Count("id"), fee=Sum("monthly_fee"))
    }
    paid = {
        r["organization_id"]: r
        for r in payments_in(org_path, year)
        .values("organization_id")
        .annotate(n=Count("id"), s=Sum("amount"))
    }
    from dangjian.organizations.models import PartyOrganization

    orgs = PartyOrganization.objects.filter(pk__in=set(bases) | set(paid)).values("id", "name", "path")
    out = []
    for o in sorted(orgs, key=lambda o: o["path"]):
        b, p = bases.get(o["id"], {}), paid.get(o["id"], {})
        out.append(
            {
                "organization_id": o["id"],
                "name": o["name"],
                "members": b.get("n", 0),
                "monthly": b.get("fee") or ZERO,
                "payments": p.get("n", 0),
                "paid": p.get("s") or ZERO,
            }
        )
    return out


def base_list(*, actor: Actor, year: int) -> QuerySet:
    return scoping.visible(actor, FeeBase.objects.filter(year=year)).select_related("person", "organization")


def payment_list(*, actor: Actor, year: int) -> QuerySet:
    return scoping.visible(actor, FeePayment.objects.filter(year=year)).select_related(
        "person", "organization"
    )


def publication_list(*, actor: Actor, year: int | None = None) -> QuerySet:
    qs = scoping.visible(actor, FeePublication.objects.all())
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("organization")


def publication_get(*, actor: Actor, publication_id) -> FeePublication:
    return get_or_404(publication_list(actor=actor), publication_id)


def person_timeline_items(*, actor: Actor, person) -> list[TimelineItem]:
    """The member page's timeline: each year's fee and the payments of that year, one entry a year."""
    items = []
    for b in FeeBase.objects.filter(person=person).order_by("year"):
        paid = FeePayment.objects.filter(person=person, year=b.year).aggregate(n=Count("id"), s=Sum("amount"))
        items.append(
            TimelineItem(
                on=b.declared_on,
                kind="党费",
                title=f"{b.year}年党费每月{b.monthly_fee}元",
                detail=f"已交{paid['n']}个月，合计{paid['s'] or ZERO}元",
                url=f"/fees/members/{person.pk}/?year={b.year}",
            )
        )
    return items
