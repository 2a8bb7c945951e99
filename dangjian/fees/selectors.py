"""Reads of party fees: the ledger of a branch (or a subtree) for a year, arrears, publications.

The ledger reconciles by construction and says so: the sum of the members' rows equals the sum of
the payments filed under the organisation (payments of members without a base there, e.g. who
moved in during the year, are a line of their own), and due − paid = arrears for every row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.fees import tally
from dangjian.fees.models import FeeBase, FeePayment, FeePublication, FeeTally
from dangjian.organizations import scoping
from dangjian.organizations.lookups import in_subtree, in_subtree_or_all
from dangjian.organizations.models import PartyOrganization
from dangjian.people.selectors import TimelineItem

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass
class LedgerRow:
    base: FeeBase
    due_months: int  # months of the year due by the ledger's day
    paid_months: set[int]
    paid: Decimal
    due: Decimal = ZERO
    arrears: Decimal = ZERO

    @property
    def unpaid_months(self) -> list[int]:
        return [m for m in range(self.base.from_month, self.due_months + 1) if m not in self.paid_months]


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


def money(value) -> Decimal:
    """A sum from the database as Decimal yuan (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


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
        qs = qs.filter(in_subtree(org_path))
    return qs


def collected(org_path: str, year: int, first: dt.date, last: dt.date) -> Decimal:
    """The fees of fee year `year` paid under `org_path` from `first` to `last` (both inclusive):
    the sum of `payments_in(org_path, year)` paid in those days, exact to the fen. Whole calendar
    months are read from the fee tally (fees.tally: one row per organisation instead of one index
    entry per payment); a part of a month at either end is summed from the payments."""
    whole: dict[int, list[str]] = {}  # paid_year -> month columns wholly inside [first, last]
    fen = 0
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        start = dt.date(y, m, 1)
        end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        if first <= start and end <= last:
            whole.setdefault(y, []).append(tally.MONTHS[m - 1])
        else:
            part = payments_in(org_path, year).filter(
                paid_on__gte=max(first, start), paid_on__lte=min(last, end)
            )
            fen += int(money(part.aggregate(s=Sum("amount"))["s"]) * 100)
        y, m = y + m // 12, m % 12 + 1
    if whole:
        rows = FeeTally.objects.filter(in_subtree_or_all(org_path), year=year, paid_year__in=list(whole))
        sums = rows.values("paid_year").annotate(**{c: Sum(c) for c in tally.MONTHS}).order_by()
        for row in sums:
            fen += sum(row[c] or 0 for c in whole[row["paid_year"]])
    return (Decimal(fen) / 100).quantize(CENT)


def _due_expr(n_due: int):
    """Sum of each base's fee times its months due by the ledger's day (from its from_month)."""
    months = Greatest(Value(n_due + 1) - F("from_month"), Value(0))
    return Sum(
        ExpressionWrapper(
            F("monthly_fee") * months, output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    )


def ledger(org_path: str, year: int, *, as_of: dt.date, with_rows: bool = True) -> Ledger:
    """The ledger of the subtree at `org_path` for `year` as of `as_of`. With rows (a branch): one row
    per member with a base there, every sum in Decimal and checked against the database's total (three
    queries). Without rows (a committee, the province): the totals from two GROUP-less aggregates."""
    n_due = months_due(year, as_of)
    out = Ledger(year=year, as_of=as_of)
    payments = payments_in(org_path, year)
    out.payments_total = money(payments.aggregate(s=Sum("amount"))["s"])
    if not with_rows:
        out.due = money(bases_in(org_path, year).aggregate(d=_due_expr(n_due))["d"])
        out.paid = money(payments.filter(month__lte=n_due).aggregate(s=Sum("amount"))["s"])
        out.arrears = max(out.due - out.paid, ZERO)
        return out
    bases = list(
        bases_in(org_path, year)
        .select_related("person", "organization")
        .order_by("organization_id", "person__name_pinyin", "person_id")
    )
    by_person: dict[int, list] = {}
    total = ZERO
    for pid, month, amount in payments.values_list("person_id", "month", "amount"):
        by_person.setdefault(pid, []).append((month, amount))
        total += amount
    for b in bases:
        got = by_person.pop(b.person_id, [])
        row = LedgerRow(
            base=b, due_months=n_due, paid_months={m for m, _ in got}, paid=sum((a for _, a in got), ZERO)
        )
        row.due = b.monthly_fee * max(0, n_due - b.from_month + 1)
        row.arrears = b.monthly_fee * len(row.unpaid_months)
        out.rows.append(row)
    out.due = sum((r.due for r in out.rows), ZERO)
    out.paid = sum((r.paid for r in out.rows), ZERO)
    out.arrears = sum((r.arrears for r in out.rows), ZERO)
    out.other_paid = sum((a for rows in by_person.values() for _, a in rows), ZERO)
    out.reconciles = out.paid + out.other_paid == total == out.payments_total
    return out


def ledger_by_branch(org_path: str, year: int, *, as_of: dt.date) -> list[dict]:
    """Per organisation of the subtree: members with a base, fee per month, due, paid, arrears (two
    GROUP BYs): the overview of a committee or of the province."""
    n_due = months_due(year, as_of)
    bases = {
        r["organization_id"]: r
        for r in bases_in(org_path, year)
        .values("organization_id")
        .annotate(n=Count("id"), fee=Sum("monthly_fee"), due=_due_expr(n_due))
    }
    paid = {
        r["organization_id"]: r
        for r in payments_in(org_path, year)
        .values("organization_id")
        .annotate(n=Count("id"), s=Sum("amount"), s_due=Sum("amount", filter=Q(month__lte=n_due)))
    }
    orgs = PartyOrganization.objects.filter(pk__in=set(bases) | set(paid)).values_list("id", "name", "path")
    out = []
    for pk, name, _path in sorted(orgs, key=lambda o: o[2]):
        b, p = bases.get(pk, {}), paid.get(pk, {})
        due = money(b.get("due"))
        out.append(
            {
                "organization_id": pk,
                "name": name,
                "members": b.get("n", 0),
                "monthly": money(b.get("fee")),
                "due": due,
                "payments": p.get("n", 0),
                "paid": money(p.get("s")),
                "arrears": max(due - money(p.get("s_due")), ZERO),
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
