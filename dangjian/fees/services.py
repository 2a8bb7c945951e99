"""Writes of party fees: declaring the year's base (the fee is fixed from it), recording monthly
payments, publishing a branch's year. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.fees import errors, rules
from dangjian.fees.models import FeeBase, FeePayment, FeePublication
from dangjian.fees.selectors import ledger
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import PARTY_MEMBER_STATUSES
from dangjian.people.membership import MEMBER_ORG_KINDS
from dangjian.people.models import Membership, Person


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(errors.ERR_YEAR, field="year") from None
    if not 2000 <= year <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    return year


def _member(person: Person) -> Membership:
    m = Membership.objects.filter(person=person).first()
    if m is None or m.status not in PARTY_MEMBER_STATUSES:
        raise ApplicationError(errors.ERR_NOT_MEMBER.format(name=person.name), field="person")
    return m


@transaction.atomic
def fee_base_declare(
    *, actor: Actor, person: Person, year: int, category: str, base, declared_on: dt.date | None = None
) -> FeeBase:
    """Declare `person`'s monthly base for `year`; the monthly fee is fixed from it for the year."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    year = _year(year)
    amount = rules.parse_base(base)
    m = _member(person)
    existing = FeeBase.objects.filter(person=person, year=year).first()
    if existing:
        raise ApplicationError(
            errors.ERR_BASE_EXISTS.format(name=person.name, year=year, fee=existing.monthly_fee), field="year"
        )
    org = person.organization
    row = FeeBase.objects.create(
        person=person,
        year=year,
        category=category,
        base=amount,
        monthly_fee=rules.monthly_fee(category, amount),
        from_month=m.admitted_on.month if m.admitted_on and m.admitted_on.year == year else 1,
        organization=org,
        root=org.root or org,
        declared_on=declared_on or timezone.localdate(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(
            audit.snapshot(row, ["year", "category", "base", "monthly_fee"]) | {"person": person.name}
        ),
    )
    return row


def _check_month(person: Person, m: Membership, year: int, month: int, paid_on: dt.date) -> None:
    if not 1 <= int(month) <= 12:
        raise ApplicationError(errors.ERR_MONTH, field="month")
    lag = rules.month_index(paid_on.year, paid_on.month) - rules.month_index(year, month)
    if lag > rules.BACK_PAYMENT_MONTHS:
        raise ApplicationError(
            errors.ERR_BACK_PAYMENT.format(year=year, month=month, paid_on=paid_on), field="month"
        )
    if -lag >= rules.AHEAD_MONTHS:
        raise ApplicationError(errors.ERR_AHEAD.format(year=year, month=month), field="month")
    if m.admitted_on and rules.month_index(year, month) < rules.month_index(
        m.admitted_on.year, m.admitted_on.month
    ):
        raise ApplicationError(
            errors.ERR_BEFORE_ADMITTED.format(year=year, month=month, name=person.name), field="month"
        )


@transaction.atomic
def fee_pay(
    *,
    actor: Actor,
    person: Person,
    year: int,
    months: list[int],
    paid_on: dt.date | None = None,
    amount: Decimal | None = None,
) -> list[FeePayment]:
    """Record `person`'s payment of the fee for `months` of `year` on `paid_on` (one month, a quarter,
    or a back-payment of up to 6 months). A month already paid is refused; nothing is written then."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    year = _year(year)
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ApplicationError(errors.ERR_PAID_ON_FUTURE, field="paid_on")
    m = _member(person)
    base = FeeBase.objects.filter(person=person, year=year).first()
    if base is None:
        raise ApplicationError(errors.ERR_NO_BASE.format(name=person.name, year=year), field="person")
    months = sorted({int(x) for x in months})
    if not months:
        raise ApplicationError(errors.ERR_MONTH, field="month")
    if amount is not None and Decimal(amount) != base.monthly_fee:
        raise ApplicationError(errors.ERR_AMOUNT.format(fee=base.monthly_fee), field="amount")
    for month in months:
        _check_month(person, m, year, month, paid_on)
    already = (
        FeePayment.objects.select_for_update().filter(person=person, year=year, month__in=months).first()
    )
    if already:
        raise ApplicationError(
            errors.ERR_PAID.format(name=person.name, year=year, month=already.month, paid_on=already.paid_on),
            field="month",
        )
    org = person.organization
    rows = [
        FeePayment(
            person=person,
            year=year,
            month=month,
            amount=base.monthly_fee,
            paid_on=paid_on,
            is_back_payment=rules.month_index(paid_on.year, paid_on.month) > rules.month_index(year, month),
            organization=org,
            root=org.root or org,
        )
        for month in months
    ]
    for row in rows:
        row.save(force_insert=True)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="fees.feepayment",
        object_id=str(rows[0].pk),
        object_repr=f"{person.name} {year}年{'、'.join(str(x) for x in months)}月党费",
        org_path=org.path,
        changes={
            "months": [None, months],
            "amount": [None, str(base.monthly_fee * len(months))],
            "paid_on": [None, paid_on.isoformat()],
        },
    )
    return rows


@transaction.atomic
def fee_publish(
    *,
    actor: Actor,
    organization: PartyOrganization,
    year: int,
    published_on: dt.date | None = None,
    note: str = "",
) -> FeePublication:
    """Publish the branch's collection for the year (once a year, rules.md §4), with the ledger's
    totals as they stand."""
    scoping.require(scoping.can_write_path(actor, organization.path))
    year = _year(year)
    if organization.kind not in MEMBER_ORG_KINDS:
        raise ApplicationError(errors.ERR_PUBLISH_BRANCH, field="organization")
    done = FeePublication.objects.filter(organization=organization, year=year).first()
    if done:
        raise ApplicationError(
            errors.ERR_PUBLISHED.format(org=organization.name, year=year, on=done.published_on), field="year"
        )
    published_on = published_on or timezone.localdate()
    book = ledger(organization.path, year, as_of=published_on)
    row = FeePublication.objects.create(
        organization=organization,
        root=organization.root or organization,
        year=year,
        published_on=published_on,
        members=len(book.rows),
        due=book.due,
        paid=book.payments_total,
        note=(note or "").strip()[:2000],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes={"year": [None, year], "due": [None, str(row.due)], "paid": [None, str(row.paid)]},
    )
    return row
