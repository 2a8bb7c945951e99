"""Membership status and its periods: the rules every change of membership follows.

The rules (`membership_check`, `status_since`) are pure; the period writes (`membership_open`,
`membership_close`) save one person's periods; `period_new` / `period_close` are the same writes on
unsaved or loaded instances, for bulk callers (the roster import) that save many at once.

A person's membership history is a chain of MembershipPeriod rows, each [valid_from, valid_to): one
open period (valid_to is null) while they belong to an organisation with a status; a change of status or organisation
closes it and opens the next from the day the change takes effect. A period never ends before it
began: closing on an earlier day ends it on its first day. Status dates follow 细则 (申请 → 积极分子 →
发展对象 → 入党 → 转正), are never in the future and never out of that order, and the first of them is
at least at the age of 18.
"""

from __future__ import annotations

import datetime as dt

from dangjian.core.errors import ApplicationError
from dangjian.core.periods import in_force_on
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Membership, MembershipPeriod, Person

DATE_ORDER = [
    ("applied_on", "申请入党日期"),
    ("activist_on", "确定积极分子日期"),
    ("candidate_on", "确定发展对象日期"),
    ("admitted_on", "入党日期"),
    ("full_on", "转正日期"),
]
DATE_KEYS = [k for k, _ in DATE_ORDER]
DATE_LABEL = dict(DATE_ORDER)
REQUIRED_DATE: dict[str, str] = {
    MembershipStatus.APPLICANT: "applied_on",
    MembershipStatus.ACTIVIST: "activist_on",
    MembershipStatus.CANDIDATE: "candidate_on",
    MembershipStatus.PROBATIONARY: "admitted_on",
    MembershipStatus.FULL: "full_on",
}
MEMBER_ORG_KINDS = {
    OrgKind.BRANCH,
    OrgKind.ORGAN_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.WORKING_COMMITTEE,
}


def org_check(status: str | None, org: PartyOrganization) -> None:
    """Probationary and full members belong to a branch-level organisation (or a committee), not to
    e.g. a party group. ApplicationError on the field "organization"."""
    if status in (MembershipStatus.PROBATIONARY, MembershipStatus.FULL) and org.kind not in MEMBER_ORG_KINDS:
        raise ApplicationError(
            errors.ERR_ORG_NOT_BRANCH.format(org=org.name, kind=org.get_kind_display()), field="organization"
        )


def membership_check(status: str, dates: dict, birth_date: dt.date, org: PartyOrganization) -> None:
    """Check a status with its dates (keys of DATE_ORDER, missing or None when unknown) for a person
    born on `birth_date` in `org`: the organisation kind, the date the status requires, no future
    date, the order of the dates, age 18 at the first one. ApplicationError naming the field."""
    org_check(status, org)
    need = REQUIRED_DATE.get(status)
    if status == MembershipStatus.FULL and not dates.get("admitted_on"):
        need = "admitted_on"  # a full member was first a probationary one (细则 第三十二条)
    if need and not dates.get(need):
        raise ApplicationError(
            errors.ERR_STATUS_DATE.format(status=MembershipStatus(status).label, field=DATE_LABEL[need]),
            field=need,
        )
    today = dt.date.today()
    previous = None
    for key, label in DATE_ORDER:
        value = dates.get(key)
        if value is None:
            continue
        if value > today:
            raise ApplicationError(errors.ERR_DATE_FUTURE.format(field=label), field=key)
        if previous and value < previous[1]:
            raise ApplicationError(errors.ERR_DATE_ORDER.format(later=label, earlier=previous[0]), field=key)
        previous = (label, value)
    first = next(((k, dates[k]) for k in DATE_KEYS if dates.get(k)), None)
    if first:
        age = (
            first[1].year
            - birth_date.year
            - ((first[1].month, first[1].day) < (birth_date.month, birth_date.day))
        )
        if age < 18:
            raise ApplicationError(
                errors.ERR_APPLICANT_AGE.format(field=DATE_LABEL[first[0]], age=age), field=first[0]
            )


def since_of(status: str, dates: dict) -> dt.date:
    """The day `status` took effect: the date of `dates` that goes with it (left_on for a status
    outside the party), today when that date is unknown."""
    key = REQUIRED_DATE.get(status, "left_on")
    return dates.get(key) or dt.date.today()


def status_since(m: Membership) -> dt.date:
    """The day membership `m`'s status took effect (see since_of)."""
    return since_of(m.status, {key: getattr(m, key) for key in (*DATE_KEYS, "left_on")})


def period_new(
    person: Person, org: PartyOrganization, status: str, since: dt.date, reason: str
) -> MembershipPeriod:
    """An unsaved open period of `person` in `org` with `status` from `since`."""
    return MembershipPeriod(person=person, organization=org, status=status, valid_from=since, reason=reason)


def period_close(period: MembershipPeriod, on: dt.date) -> MembershipPeriod:
    """End `period` (unsaved) on `on`, or on its first day when `on` is earlier."""
    period.valid_to = max(on, period.valid_from)
    return period


def membership_open(
    person: Person, org: PartyOrganization, status: str, since: dt.date, reason: str
) -> MembershipPeriod:
    """Open (save) the period of `person` in `org` with `status` from `since`."""
    period = period_new(person, org, status, since, reason)
    period.save()
    return period


def membership_close(person: Person, on: dt.date) -> None:
    """Close (save) the open periods of `person` on `on` (1 query + 1 per open period, normally one)."""
    for period in MembershipPeriod.objects.filter(person=person, valid_to__isnull=True):
        period_close(period, on).save(update_fields=["valid_to"])


def membership_change(
    person: Person, org: PartyOrganization, status: str, since: dt.date, reason: str
) -> MembershipPeriod:
    """Close the open period on `since` and open the next one: a change of status or organisation."""
    membership_close(person, since)
    return membership_open(person, org, status, since, reason)


def membership_as_of(person: Person, day: dt.date) -> MembershipPeriod | None:
    """The period `person` was in on `day` ([valid_from, valid_to) holds it), or None."""
    return (
        MembershipPeriod.objects.filter(in_force_on(day, start="valid_from", end="valid_to"), person=person)
        .select_related("organization")
        .order_by("-valid_from", "-id")
        .first()
    )
