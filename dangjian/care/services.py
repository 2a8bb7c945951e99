"""Writes of medals and care: one transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from dangjian.care import errors, rules
from dangjian.care.enums import CareKind
from dangjian.care.models import CareRecord, MedalAward
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Membership, Person


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(errors.ERR_YEAR, field="year") from None
    if not 2000 <= year <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    return year


def medal_check(person: Person, year: int) -> Membership:
    """The medal rule for one member (rules.py); ApplicationError citing it."""
    m = Membership.objects.filter(person=person).first()
    if m is None or m.status != MembershipStatus.FULL:
        label = MembershipStatus(m.status).label if m else "非党员"
        raise ApplicationError(
            errors.ERR_MEDAL_NOT_LIVING.format(name=person.name, status=label), field="person"
        )
    if m.full_on is None:
        raise ApplicationError(errors.ERR_MEDAL_NO_FULL.format(name=person.name), field="person")
    if m.full_on > rules.latest_full_on(year):
        raise ApplicationError(
            errors.ERR_MEDAL_PARTY_AGE.format(
                name=person.name,
                cutoff=rules.cutoff(year),
                years=rules.party_years(m.full_on, year),
                full_on=m.full_on,
            ),
            field="person",
        )
    return m


@transaction.atomic
def medal_award(
    *, actor: Actor, people: list[Person], year: int, awarded_on: dt.date | None = None, note: str = ""
) -> list[MedalAward]:
    """Record the medal for each of `people` in `year`: all or none."""
    year = _year(year)
    if not people:
        raise ApplicationError(errors.ERR_MEDAL_NONE, field="people")
    awarded_on = awarded_on or timezone.localdate()
    if awarded_on > timezone.localdate():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="颁发日期"), field="awarded_on")
    rows = []
    for person in people:
        scoping.require(scoping.can_write_path(actor, person.organization.path))
        m = medal_check(person, year)
        assert m.full_on is not None  # medal_check refuses a member without one
        done = MedalAward.objects.filter(person=person).first()
        if done:
            raise ApplicationError(
                errors.ERR_MEDAL_DONE.format(name=person.name, on=done.awarded_on), field="people"
            )
        org = person.organization
        row = MedalAward.objects.create(
            person=person,
            year=year,
            awarded_on=awarded_on,
            unit=person.unit,
            organization=org,
            root=org.root or org,
            full_on=m.full_on,
            note=(note or "").strip()[:200],
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=row,
            changes={
                "person": [None, person.name],
                "year": [None, year],
                "awarded_on": [None, str(awarded_on)],
            },
        )
        rows.append(row)
    return rows


def _amount(value, kind: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        raise ApplicationError(errors.ERR_AMOUNT, field="amount") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("100000000"):
        raise ApplicationError(errors.ERR_AMOUNT, field="amount")
    if kind == CareKind.CONDOLENCE and amount <= 0:
        raise ApplicationError(errors.ERR_AMOUNT_REQUIRED, field="amount")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def care_record(
    *,
    actor: Actor,
    kind: str,
    organization: PartyOrganization,
    on: dt.date,
    reason: str,
    amount=None,
    person: Person | None = None,
    recipient: str = "",
) -> CareRecord:
    """Record a visit, a condolence payment or hardship help by `organization` (its unit)."""
    if organization is None:
        raise ApplicationError(errors.ERR_UNIT, field="organization")
    scoping.require(scoping.can_write_path(actor, organization.path))
    if kind not in CareKind.values:
        raise ApplicationError("类型：请选择。", field="kind")
    if on > timezone.localdate():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="日期"), field="on")
    recipient = (recipient or (person.name if person else "")).strip()[:50]
    if not recipient:
        raise ApplicationError(errors.ERR_RECIPIENT, field="recipient")
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ApplicationError(errors.ERR_REASON, field="reason")
    row = CareRecord.objects.create(
        kind=kind,
        person=person,
        recipient=recipient,
        on=on,
        amount=_amount(amount, kind),
        reason=reason,
        unit=organization.unit,
        organization=organization,
        root=organization.root or organization,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, ["kind", "recipient", "on", "amount", "reason"])),
    )
    return row
